package org.jrom.fem.reduction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterException;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code solveBatch} gives the answers of {@code solve}, to round-off, for every evaluation. */
class BatchSolveTest {
    static EstimatorStudy study;

    @BeforeAll
    static void greedy() {
        study = new EstimatorStudy(2, 2, 10, 80, 2, 1e-10, 20);
    }

    @Test
    void batchAnswersEqualSingleAnswersForEveryEvaluation() {
        // 150 parameters: two full blocks of 64 and a partial one.
        List<Parameter> mus = Sampler.random(study.fom.parameterSpace(), 150, 9);
        for (CoerciveRbReductor r : List.of(study.orthonormal, study.gram, study.eim)) {
            ReducedModel rom = r.reduce();
            // Round-off scale of a residual norm: eps-level relative to the norm at N = 0.
            double scale = r.reduce(0).solve(mus.get(0)).residualNorm();
            ReducedModel.BatchSolution batch = rom.solveBatch(mus);
            for (int k = 0; k < mus.size(); k++) {
                ReducedSolution one = rom.solve(mus.get(k));
                String what = r.residualNormEvaluation() + " at " + k;
                assertThat(batch.outputs().get("mean")[k])
                        .as(what)
                        .isCloseTo(
                                one.outputs().get("mean"),
                                within(1e-14 * Math.abs(one.outputs().get("mean"))));
                assertThat(batch.residualNorms()[k]).as(what).isCloseTo(one.residualNorm(), within(1e-13 * scale));
                assertThat(batch.errorBounds()[k])
                        .as(what)
                        .isCloseTo(one.errorBound(), within(1e-13 * scale / one.coercivityBound()));
                assertThat(batch.outputBounds().get("mean")[k])
                        .as(what)
                        .isCloseTo(one.outputBounds().get("mean"), within(1e-12 * scale * scale));
            }
        }
    }

    /**
     * A reduced model keeps per-thread scratch (the assembled operator, the residual coefficients,
     * the rows of W gamma): answers computed on many threads at once are bit for bit the sequential
     * ones, and so are answers of models of several sizes interleaved on one thread.
     */
    @Test
    void concurrentQueriesGiveTheSequentialAnswers() {
        List<Parameter> mus = Sampler.random(study.fom.parameterSpace(), 400, 11);
        for (CoerciveRbReductor r : List.of(study.orthonormal, study.gram, study.eim)) {
            ReducedModel rom = r.reduce();
            ReducedModel smaller = r.reduce(rom.dim() / 2);
            List<ReducedSolution> sequential = mus.stream().map(rom::solve).toList();
            List<ReducedSolution> small = mus.stream().map(smaller::solve).toList();
            for (int round = 0; round < 3; round++) {
                List<double[]> parallel = mus.parallelStream()
                        .map(mu -> new double[] {
                            rom.solve(mu).residualNorm(),
                            smaller.solve(mu).residualNorm(),
                            rom.solve(mu).outputs().get("mean")
                        })
                        .toList();
                for (int k = 0; k < mus.size(); k++) {
                    String what = r.residualNormEvaluation() + " at " + k;
                    assertThat(parallel.get(k)[0])
                            .as(what)
                            .isEqualTo(sequential.get(k).residualNorm());
                    assertThat(parallel.get(k)[1])
                            .as(what)
                            .isEqualTo(small.get(k).residualNorm());
                    assertThat(parallel.get(k)[2])
                            .as(what)
                            .isEqualTo(sequential.get(k).outputs().get("mean"));
                }
            }
        }
    }

    @Test
    void everyParameterIsValidatedFirst() {
        List<Parameter> mus = new ArrayList<>(Sampler.random(study.fom.parameterSpace(), 10, 1));
        mus.add(Parameter.of(study.fom.parameterSpace().type(), 0.5, 0.5, 0.5, 2.0));
        assertThatThrownBy(() -> study.orthonormal.reduce().solveBatch(mus))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("diffusion[3] = 2.0");
    }
}

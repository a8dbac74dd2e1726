package org.jrom.fem.reduction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.jrom.ProgressListener;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.algorithms.WeakGreedy;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A non-compliant output, the mean temperature of one block of the 2x2 thermal block, certified by
 * a primal-dual reduced basis: the corrected output is within its bound {@code ||r|| ||r_dual|| /
 * alpha} of the high-fidelity output at every test parameter, and that bound is orders of magnitude
 * sharper than the primal-only bound {@code ||l||_{X'} Delta}.
 */
class PrimalDualOutputTest {
    static StationaryModel fom;
    static CoerciveRbReductor reductor;
    static List<Parameter> test;

    @BeforeAll
    static void greedies() {
        AffineDiscretization d = ThermalBlock.discretize(2, 2, 12);
        d = d.withOutput("mean_block0", ThermalBlock.blockMean(d, 0));
        fom = d.toModel();
        double[] ones = new double[4];
        Arrays.fill(ones, 1.0);
        Parameter ref = Parameter.of(fom.parameterSpace().type(), ones);
        reductor = CoerciveRbReductor.builder(fom)
                .product((MatrixOperator) fom.products().get("h1_0_semi"))
                .coercivityBound(MinThetaBound.of((LincombOperator) fom.operator(), ref, 1.0))
                .compliantOutput("mean")
                .primalDualOutput("mean_block0")
                .build();
        List<Parameter> training = Sampler.random(fom.parameterSpace(), 100, 1);
        WeakGreedy.Options options = new WeakGreedy.Options(1e-8, 16);
        WeakGreedy.run(reductor.greedySurrogate(), training, options, ProgressListener.NONE);
        WeakGreedy.run(reductor.dual("mean_block0").greedySurrogate(), training, options, ProgressListener.NONE);
        test = Sampler.random(fom.parameterSpace(), 30, 2);
    }

    @Test
    void correctedOutputIsWithinItsBoundAndMuchSharperThanThePrimalOnlyBound() {
        assertThat(reductor.basisSize()).isGreaterThan(8);
        assertThat(reductor.dual("mean_block0").basisSize()).isGreaterThan(8);
        for (int n : new int[] {2, 5, 8, reductor.basisSize()}) {
            ReducedModel rom = reductor.reduce(n);
            double worstRatio = 0;
            for (Parameter mu : test) {
                double truth = fom.output(mu).get("mean_block0");
                ReducedSolution s = rom.solve(mu);
                double bound = s.outputBounds().get("mean_block0");
                double error = Math.abs(truth - s.outputs().get("mean_block0"));
                // Rigorous, up to the high-fidelity solve's round-off.
                assertThat(bound).as("N=%d at %s", n, mu).isGreaterThanOrEqualTo(error - 1e-13 * Math.abs(truth));
                double primalOnly = rom.outputs().get("mean_block0").dualNorm() * s.errorBound();
                worstRatio = Math.max(worstRatio, bound / primalOnly);
            }
            assertThat(worstRatio)
                    .as("primal-dual / primal-only bound at N=%d", n)
                    .isLessThan(0.1);
        }
    }

    @Test
    void batchAnswersAgreeWithSingleAnswers() {
        ReducedModel rom = reductor.reduce();
        ReducedModel.BatchSolution b = rom.solveBatch(test);
        for (int k = 0; k < test.size(); k++) {
            ReducedSolution s = rom.solve(test.get(k));
            assertThat(b.outputs().get("mean_block0")[k])
                    .isCloseTo(s.outputs().get("mean_block0"), org.assertj.core.api.Assertions.within(1e-13));
            assertThat(b.outputBounds().get("mean_block0")[k])
                    .isCloseTo(s.outputBounds().get("mean_block0"), org.assertj.core.api.Assertions.within(1e-13));
        }
    }
}

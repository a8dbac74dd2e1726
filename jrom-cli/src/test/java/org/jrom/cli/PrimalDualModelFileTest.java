package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jrom.ProgressListener;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.algorithms.WeakGreedy;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.io.ModelFile;
import org.jrom.io.Provenance;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.jrom.reductors.ResidualNormEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model with a primal-dual output survives the model file bit for bit, for every evaluation. */
class PrimalDualModelFileTest {
    @TempDir
    Path dir;

    @Test
    void primalDualModelsRoundTripBitForBit() {
        AffineDiscretization d = ThermalBlock.discretize(2, 2, 6);
        d = d.withOutput("mean_block0", ThermalBlock.blockMean(d, 0));
        StationaryModel fom = d.toModel();
        double[] ones = new double[4];
        Arrays.fill(ones, 1.0);
        Parameter ref = Parameter.of(fom.parameterSpace().type(), ones);
        List<Parameter> training = Sampler.random(fom.parameterSpace(), 40, 1);
        for (ResidualNormEvaluation kind : ResidualNormEvaluation.values()) {
            CoerciveRbReductor r = CoerciveRbReductor.builder(fom)
                    .product((MatrixOperator) fom.products().get("h1_0_semi"))
                    .coercivityBound(MinThetaBound.of((LincombOperator) fom.operator(), ref, 1.0))
                    .residualNorm(kind)
                    .primalDualOutput("mean_block0")
                    .carryBasis(false)
                    .build();
            WeakGreedy.Options options = new WeakGreedy.Options(1e-6, 6);
            WeakGreedy.run(r.greedySurrogate(), training, options, ProgressListener.NONE);
            WeakGreedy.run(r.dual("mean_block0").greedySurrogate(), training, options, ProgressListener.NONE);
            ReducedModel rom = r.reduce();
            Path file = dir.resolve(kind + ".jrom");
            ModelFile.write(rom, file, Provenance.current());
            ReducedModel back = ModelFile.read(file);
            assertThat(back.outputs().get("mean_block0").dual()).isNotNull();
            for (Parameter mu : Sampler.random(fom.parameterSpace(), 10, 3)) {
                ReducedSolution a = rom.solve(mu);
                ReducedSolution b = back.solve(mu);
                assertThat(b.outputs()).as(kind.name()).isEqualTo(a.outputs());
                assertThat(b.outputBounds()).as(kind.name()).isEqualTo(a.outputBounds());
                assertThat(b.errorBound()).isEqualTo(a.errorBound());
            }
        }
    }
}

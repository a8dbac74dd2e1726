package org.jrom.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.jrom.ProgressListener;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.algorithms.WeakGreedy;
import org.jrom.io.ModelFile;
import org.jrom.io.Provenance;
import org.jrom.models.ReducedModel;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jrom-spark runs on the Jackson Spark was built with (2.21), the rest of jrom on 2.22: on this
 * module's classpath Spark starts (its jackson-module-scala refuses any other databind minor
 * version) and jrom's model files, written and read through Jackson, round-trip bit for bit.
 */
class JacksonAlignmentTest {
    @TempDir
    Path dir;

    @Test
    void sparkStartsAndModelFilesRoundTripOnSparksJackson() {
        assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion())
                .as("jackson-databind on this module's classpath")
                .isEqualTo(21);
        assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.getMinorVersion())
                .as("jackson-core")
                .isEqualTo(21);
        int sum = LocalSpark.context()
                .parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 2)
                .reduce(Integer::sum);
        assertThat(sum).isEqualTo(55);

        StationaryModel fom = new ThermalBlockRecipe(2, 2, 4).model();
        Parameter ref = Parameter.of(fom.parameterSpace().type(), 1, 1, 1, 1);
        CoerciveRbReductor reductor = CoerciveRbReductor.builder(fom)
                .product((MatrixOperator) fom.products().get("h1_0_semi"))
                .coercivityBound(MinThetaBound.of((LincombOperator) fom.operator(), ref, 1.0))
                .build();
        WeakGreedy.run(
                reductor.greedySurrogate(),
                Sampler.random(fom.parameterSpace(), 20, 1),
                new WeakGreedy.Options(1e-4, 5),
                ProgressListener.NONE);
        ReducedModel rom = reductor.reduce();
        Path file = dir.resolve("tb.jrom");
        ModelFile.write(rom, file, Provenance.current());
        ReducedModel back = ModelFile.read(file);
        for (Parameter mu : Sampler.random(fom.parameterSpace(), 5, 2)) {
            assertThat(back.solve(mu).coefficients())
                    .containsExactly(rom.solve(mu).coefficients());
            assertThat(back.solve(mu).errorBound()).isEqualTo(rom.solve(mu).errorBound());
        }
    }
}

package org.jrom.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jrom.io.ModelFile;
import org.jrom.models.ReducedModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom build --from MANIFEST --spark local[2]}: the weak greedy's training-set sweeps on the
 * executors (the reduced model sent as its file's bytes each step) and its snapshots solved there
 * from the manifest, against the same build on this JVM. The executors' model reads back exactly,
 * so the greedy selects the same parameters and the two model files answer the same to 1e-12.
 */
class SparkGreedyBuildTest {
    @TempDir
    Path tmp;

    @Test
    void theGreedyOnSparkBuildsTheModelOfTheGreedyOnThisJvm() throws IOException {
        Path export = tmp.resolve("export");
        SparkSnapshotBuildTest.Run demo = SparkSnapshotBuildTest.jrom(
                "demo", "thermal-block", "--blocks", "2x2", "--resolution", "12", "--export", export.toString());
        assertThat(demo.code()).as(demo.err()).isZero();
        String manifest = export.resolve("manifest.json").toString();
        String[] build = {"build", "--from", manifest, "--tol", "1e-8", "--training", "400", "--test", "20"};
        SparkSnapshotBuildTest.Run here = SparkSnapshotBuildTest.jrom(SparkSnapshotBuildTest.concat(
                build, "--out", tmp.resolve("here").toString()));
        assertThat(here.code()).as(here.err()).isZero();
        SparkSnapshotBuildTest.Run spark = SparkSnapshotBuildTest.jrom(SparkSnapshotBuildTest.concat(
                build, "--spark", "local[2]", "--out", tmp.resolve("spark").toString()));
        assertThat(spark.code()).as(spark.err()).isZero();
        assertThat(spark.out())
                .contains("greedy on Apache Spark 4.")
                .contains("training-set sweeps on the executors")
                .contains("snapshots on the executors")
                .contains("executor driver")
                .contains("bound below the true error 0 times");
        // the same greedy: its table of estimates per N, line for line
        assertThat(greedyTable(spark.out())).isEqualTo(greedyTable(here.out())).isNotEmpty();

        ReducedModel a = ModelFile.read(tmp.resolve("here/model.jrom"));
        ReducedModel b = ModelFile.read(tmp.resolve("spark/model.jrom"));
        assertThat(b.dim()).isEqualTo(a.dim()).isGreaterThan(3);
        List<Parameter> mus = Sampler.random(a.parameterSpace(), 20, 77);
        for (Parameter mu : mus) {
            var sa = a.solve(mu);
            var sb = b.solve(mu);
            for (String name : a.outputNames()) {
                double x = sa.outputs().get(name);
                double y = sb.outputs().get(name);
                assertThat(Math.abs(x - y)).as("%s at %s", name, mu).isLessThanOrEqualTo(1e-12 * Math.abs(x));
            }
            assertThat(sb.errorBound())
                    .isCloseTo(sa.errorBound(), org.assertj.core.data.Percentage.withPercentage(1e-8));
        }
    }

    /** The lines of the build's table of the greedy and validation per basis size. */
    private static List<String> greedyTable(String out) {
        return out.lines().filter(l -> l.matches("\\s*\\d+\\s+\\S+.*")).toList();
    }
}

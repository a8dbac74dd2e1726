package org.jrom.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
import org.jrom.fem.mechanics.ReducedRunComparison;
import org.jrom.fem.mechanics.RunRecipe;
import org.jrom.fem.mechanics.StructuralReduction;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.fem.mechanics.SubdomainReduction;
import org.jrom.io.CaseFile;
import org.jrom.io.ModelFile;
import org.jrom.pipelines.OfflineBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom simulate CASE --param ... --spark local[2]}: the study's runs on the executors, the
 * same snapshots and index as on this JVM's threads. {@code jrom build --mechanics RUN... --case
 * CASE --spark local[2]} on them: the dual stage on the
 * executors, the bracket's solid split into subdomains, each replaying the four runs of {@code jrom
 * simulate} from the case file it reads itself; the cubatures of the subdomains merged. Against the
 * build on this JVM: the same displacement modes, a rule within the cubature's tolerance, and a
 * model that answers a run it was not trained on within 1 %, as the other does; the report says
 * where the dual stage ran.
 */
class SparkMechanicsBuildTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "mechanics", "bracket-rom", "case.json");

    @TempDir
    Path tmp;

    @Test
    void theDualStageOnSparkBuildsAModelAsGoodAsTheOneOnThisJvm() throws Exception {
        Path runs = tmp.resolve("runs");
        SparkSnapshotBuildTest.Run simulated = simulate(runs);
        assertThat(simulated.code()).as(simulated.err()).isZero();
        // the same study with its runs on the executors: the same snapshots, the same index but the times
        Path sparkRuns = tmp.resolve("spark-runs");
        SparkSnapshotBuildTest.Run onSpark = simulate(sparkRuns, "--spark", "local[2]");
        assertThat(onSpark.code()).as(onSpark.err()).isZero();
        assertThat(onSpark.out()).contains("4 runs on Apache Spark 4.");
        assertThat(withoutTimes(sparkRuns.resolve("runs.csv"))).isEqualTo(withoutTimes(runs.resolve("runs.csv")));
        for (int k = 0; k < 4; k++) {
            String run = String.format("run_%03d/snapshots/displacement.npy", k);
            double[] a = org.jrom.io.Npy.read(runs.resolve(run)).matrix().data();
            double[] b = org.jrom.io.Npy.read(sparkRuns.resolve(run)).matrix().data();
            double scale = java.util.Arrays.stream(a).map(Math::abs).max().orElse(0);
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.length; i++) {
                assertThat(Math.abs(a[i] - b[i])).as(run + "[" + i + "]").isLessThanOrEqualTo(1e-12 * scale);
            }
        }
        runs = sparkRuns; // the models below are built from the executors' runs
        List<String> build = new ArrayList<>(List.of("build", "--mechanics"));
        for (int k = 0; k < 4; k++) {
            build.add(runs.resolve(String.format("run_%03d", k)).toString());
        }
        build.addAll(List.of("--case", EXAMPLE.toString()));
        SparkSnapshotBuildTest.Run here = SparkSnapshotBuildTest.jrom(SparkSnapshotBuildTest.concat(
                build.toArray(String[]::new), "--out", tmp.resolve("here").toString()));
        assertThat(here.code()).as(here.err()).isZero();
        SparkSnapshotBuildTest.Run spark = SparkSnapshotBuildTest.jrom(SparkSnapshotBuildTest.concat(
                build.toArray(String[]::new),
                "--spark",
                "local[2]",
                "--out",
                tmp.resolve("spark").toString()));
        assertThat(spark.code()).as(spark.err()).isZero();
        System.out.println(here.out());
        System.out.println(spark.out());
        assertThat(spark.out())
                .contains("4 runs, 116 snapshots of 297 unknowns")
                .contains("Apache Spark 4.")
                .contains("subdomains")
                .contains("executor driver");

        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(tmp.resolve("here/summary.json").toFile());
        JsonNode b = json.readTree(tmp.resolve("spark/summary.json").toFile());
        assertThat(b.get("basis_size").asInt()).isEqualTo(a.get("basis_size").asInt());
        assertThat(b.get("hyper_reduction").get("cubature_error").asDouble()).isLessThanOrEqualTo(1e-4);
        assertThat(b.get("dual_stage_backend").get("where").asText()).contains("local[2]");

        // both models against a run neither was trained on
        StructuralReduction.Training truth =
                StructuralReduction.simulate(CaseFile.read(EXAMPLE).instantiate(Map.of("load", 300.0, "heat", 450.0)));
        for (String name : List.of("here", "spark")) {
            HyperReducedMechanicsModel model = (HyperReducedMechanicsModel)
                    ModelFile.load(tmp.resolve(name).resolve("model.jrom")).online();
            ReducedRunComparison c =
                    ReducedRunComparison.againstSnapshots(model.model(), truth.run(), truth.displacements());
            System.out.printf(
                    "%s: u error %.2e, p error %.2e%n", name, c.maxDisplacementError(), c.plasticStrainError());
            assertThat(c.maxDisplacementError()).as(name).isLessThan(1e-2);
            assertThat(c.plasticStrainError()).as(name).isLessThan(1e-2);
        }
    }

    /** The bracket's 2 x 2 study into {@code out}. */
    private static SparkSnapshotBuildTest.Run simulate(Path out, String... options) {
        String[] study = {
            "simulate",
            EXAMPLE.toString(),
            "--param",
            "load=200,400",
            "--param",
            "heat=300,600",
            "--out",
            out.toString()
        };
        return SparkSnapshotBuildTest.jrom(SparkSnapshotBuildTest.concat(study, options));
    }

    /** runs.csv without its wall-time column. */
    private static List<String> withoutTimes(Path csv) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(csv).stream()
                .map(l -> {
                    List<String> cells = new ArrayList<>(List.of(l.split(",", -1)));
                    cells.remove(cells.size() - 2); // wall_seconds, before the folder
                    return String.join(",", cells);
                })
                .toList();
    }

    /** A job that fails at once, or one that takes a while and marks when it has stopped. */
    private record Slow(int index, String marker) implements OfflineBackend.Job<Integer> {
        @Override
        public Integer call() {
            if (index == 0) {
                throw new JromException("boom");
            }
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    java.nio.file.Files.writeString(Path.of(marker), "stopped");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return index;
        }
    }

    /**
     * One job failing is one line, and the others have stopped when it is reported (the caller
     * removes their output then: nothing may write into it after).
     */
    @Test
    void aFailedJobStopsTheOthersBeforeItIsReported() {
        Path marker = tmp.resolve("stopped");
        try (OfflineBackend backend = OfflineBackend.open("spark", "local[2]")) {
            assertThatThrownBy(() -> backend.run(
                            List.of(new Slow(0, marker.toString()), new Slow(1, marker.toString())),
                            ProgressListener.NONE))
                    .isInstanceOf(JromException.class)
                    .hasMessage("--spark: a job failed on an executor: boom");
            assertThat(marker).exists();
        }
    }

    /** A run an executor cannot build (its case file gone there). */
    private record Unreadable(String path) implements RunRecipe {
        @Override
        public StructuralRun run() {
            throw new org.jrom.io.FileAccessException("read", java.nio.file.Path.of(path), "no such file");
        }

        @Override
        public String describe() {
            return path;
        }
    }

    /**
     * A run the executors cannot build: the build fails in one line naming the stage (the first
     * on the executors, the displacement POD's strain Gram matrix) and the executor's own message
     * (Spark's job failure is a checked exception thrown undeclared).
     */
    @Test
    void aRunTheExecutorsCannotBuildIsOneLine() {
        CaseFile c = CaseFile.read(EXAMPLE);
        List<StructuralReduction.Training> runs =
                List.of(StructuralReduction.simulate(c.instantiate(Map.of("load", 300.0, "heat", 450.0))));
        try (OfflineBackend backend = OfflineBackend.open("spark", "local[2]")) {
            StructuralReduction.DualStage stage =
                    ((SubdomainReduction.Cluster) backend).dualStage(List.of(new Unreadable("/nowhere/case.json")));
            assertThatThrownBy(() -> StructuralReduction.reduce(
                            runs,
                            StructuralReduction.Options.defaults(),
                            stage,
                            ProgressListener.NONE,
                            new PhaseTimer()))
                    .isInstanceOf(JromException.class)
                    .hasMessageStartingWith(
                            "--spark: the displacement POD (the strains' Gram matrix on the subdomains) failed on"
                                    + " an executor: ")
                    .hasMessageContaining("/nowhere/case.json")
                    .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
        }
    }
}

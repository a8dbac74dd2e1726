package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
import org.jrom.fem.mechanics.StructuralReduction;
import org.jrom.fem.problems.BladeFlight;
import org.jrom.io.ModelFile;
import org.jrom.io.Npy;
import org.jrom.models.OnlineModel;
import org.jrom.models.OnlineSolution;
import org.jrom.parameters.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom build --mechanics}: the model built from the output folders of {@code jrom demo blade}
 * runs (their files only) answers bit for bit as the model reduced from the same runs in memory;
 * folders that do not fit (a displacement file of the wrong shape, runs of different blades) are one
 * line and exit 2.
 */
class BuildMechanicsTest {
    @TempDir
    Path tmp;

    private static final double[][] RUNS = {{1000, 850}, {1200, 850}, {1000, 1000}, {1200, 1000}};

    private List<Path> demoRuns(String size) {
        List<Path> dirs = new ArrayList<>();
        for (double[] r : RUNS) {
            Path dir = tmp.resolve("blade_" + (int) r[0] + "_" + (int) r[1] + "_" + size);
            Run demo = JromCommandTest.run(
                    "demo",
                    "blade",
                    "--size",
                    size,
                    "--degree",
                    "1",
                    "--cycles",
                    "1",
                    "--omega",
                    Double.toString(r[0]),
                    "--peak-temperature",
                    Double.toString(r[1]),
                    "--out",
                    dir.toString());
            assertThat(demo.code()).as(demo.err()).isZero();
            dirs.add(dir);
        }
        return dirs;
    }

    @Test
    void theModelFromTheRunsFilesIsTheModelFromTheRuns() throws Exception {
        List<Path> dirs = demoRuns("0.35");
        Path out = tmp.resolve("model");
        List<String> args = new ArrayList<>(List.of("build", "--mechanics"));
        dirs.forEach(d -> args.add(d.toString()));
        args.addAll(List.of("--out", out.toString())); // the defaults: 1e-4 both
        Run build = JromCommandTest.run(args.toArray(String[]::new));
        assertThat(build.code()).as(build.out() + build.err()).isZero();
        assertThat(build.out()).contains("4 runs, 76 snapshots of 567 unknowns");
        // the report: the model against its training runs' own displacements, the plots, the summary
        assertThat(SmallModel.files(out))
                .containsExactly(
                        "cubature-points.png",
                        "model.jrom",
                        "singular-values.png",
                        "summary.json",
                        "training-errors.png");
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("kind").asText()).isEqualTo("hyper_reduced_mechanics");
        assertThat(summary.get("certified").asBoolean()).isFalse();
        JsonNode trained = summary.get("validation").get("runs");
        assertThat(trained).hasSize(RUNS.length);
        for (JsonNode run : trained) { // a training run is reproduced to well under 1 %
            assertThat(run.get("displacement_error_max").asDouble())
                    .isPositive()
                    .isLessThan(1e-2);
            assertThat(run.get("plastic_strain_error").asDouble()).isLessThan(1e-2);
        }
        assertThat(summary.get("hyper_reduction").get("points_run_online").asInt())
                .isLessThan(
                        summary.get("hyper_reduction").get("material_points").asInt());
        assertThat(build.out()).contains("on its training runs: u within");
        OnlineModel read = ModelFile.load(out.resolve("model.jrom")).online();
        assertThat(read).isInstanceOf(HyperReducedMechanicsModel.class);

        // the same runs in memory (the demo's step is the standard 100 s)
        List<StructuralReduction.Training> runs = new ArrayList<>();
        for (double[] r : RUNS) {
            runs.add(StructuralReduction.simulate(
                    BladeFlight.run(new BladeFlight.Options(0.35, 1, 1, r[0], r[1], 1, 100))));
        }
        StructuralReduction.Result direct = StructuralReduction.reduce(
                runs, StructuralReduction.Options.of(1e-4, 1e-4), ProgressListener.NONE, new PhaseTimer());
        HyperReducedMechanicsModel inMemory = new HyperReducedMechanicsModel(
                direct.model(), BladeFlight.family(0.35, 1, 1, 100, 1), read.parameterSpace());
        Parameter mu = Parameter.of(read.parameterSpace().type(), 1100, 925);
        OnlineSolution a = inMemory.solve(mu);
        OnlineSolution b = read.solve(mu);
        assertThat(b.coefficients()).containsExactly(a.coefficients());
        assertThat(b.outputs()).isEqualTo(a.outputs());
        assertThat(read.parameterSpace().lower()).containsExactly(1000, 850);
        assertThat(read.parameterSpace().upper()).containsExactly(1200, 1000);
    }

    @Test
    void foldersThatDoNotFitAreOneLine() throws Exception {
        List<Path> dirs = demoRuns("0.35");
        // a displacement file with a row missing
        Path broken = dirs.get(0).resolve("snapshots").resolve("displacement.npy");
        Npy.Array u = Npy.read(broken);
        Npy.write(
                broken,
                Npy.Array.of(u.matrix()
                        .subMatrix(0, u.matrix().rows() - 1, 0, u.matrix().cols())));
        Run r = JromCommandTest.run(
                "build",
                "--mechanics",
                dirs.get(0).toString(),
                dirs.get(1).toString(),
                "--out",
                tmp.resolve("m1").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("displacement.npy").contains("one row per time step");
        // runs of two blades
        Path other = tmp.resolve("other");
        Run demo = JromCommandTest.run(
                "demo", "blade", "--size", "0.4", "--degree", "1", "--cycles", "1", "--out", other.toString());
        assertThat(demo.code()).isZero();
        Run mixed = JromCommandTest.run(
                "build",
                "--mechanics",
                dirs.get(1).toString(),
                other.toString(),
                "--out",
                tmp.resolve("m2").toString());
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).contains("differs from").contains("omega and peak_temperature only");
        // a folder given twice
        Run twice = JromCommandTest.run(
                "build",
                "--mechanics",
                dirs.get(1).toString(),
                dirs.get(1).toString(),
                "--out",
                tmp.resolve("m3").toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).contains("given twice");
        // a summary claiming a blade no run could have: refused before any mesh is built
        Path summary = dirs.get(2).resolve("summary.json");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(summary.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("parameters")).put("size", 20.0);
        java.nio.file.Files.writeString(summary, json.writeValueAsString(root));
        Run huge = JromCommandTest.run(
                "build",
                "--mechanics",
                dirs.get(2).toString(),
                dirs.get(3).toString(),
                "--out",
                tmp.resolve("m4").toString());
        assertThat(huge.code()).isEqualTo(2);
        assertThat(huge.err().strip().lines()).hasSize(1);
        assertThat(huge.err())
                .contains("summary.json")
                .contains("parameters.size")
                .contains("(0, 4]");
        // NaN in the displacements
        Path withNan = dirs.get(3).resolve("snapshots").resolve("displacement.npy");
        Npy.Array a = Npy.read(withNan);
        org.jrom.linalg.DenseMatrix m = a.matrix().copy();
        m.set(3, 5, Double.NaN);
        Npy.write(withNan, Npy.Array.of(m));
        Run nan = JromCommandTest.run(
                "build",
                "--mechanics",
                dirs.get(1).toString(),
                dirs.get(3).toString(),
                "--out",
                tmp.resolve("m5").toString());
        assertThat(nan.code()).isEqualTo(2);
        assertThat(nan.err()).contains("displacement.npy").contains("entry (3, 5) is NaN");
    }
}

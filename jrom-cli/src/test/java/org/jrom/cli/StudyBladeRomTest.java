package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jrom.cli.JromCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom study blade-rom} on the coarse P1 blade: the model trained on the grid answers a run
 * inside it to well under 1 % (displacement and cumulated plastic strain), the model trained below
 * the hottest peak errs more above it and its indicator says so; the run writes its plots and
 * summary.json; the adaptive run above the range beats the plain model (p by far) with a few full
 * steps; a training peak outside the alloy's range is one line and exit 2, nothing written.
 */
class StudyBladeRomTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theCoarseStudyMeetsItsAccuracyAndWritesItsPlots() throws IOException {
        Path out = tmp.resolve("blade-rom");
        Run r = JromCommandTest.run(
                "study", "blade-rom", "--size", "0.35", "--degree", "1", "--max-step", "200", "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(SmallModel.files(out))
                .containsExactly(
                        "blade.jrom",
                        "cubature-points.png",
                        "errors-over-time.png",
                        "indicator-calibration.png",
                        "singular-values.png",
                        "summary.json");
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("format").asText()).isEqualTo("jrom-study-blade-rom/1");
        JsonNode inside = summary.get("cases").get(0);
        assertThat(inside.get("displacement_error_max").asDouble()).isLessThan(1e-2);
        assertThat(inside.get("plastic_strain_error").asDouble()).isLessThan(1e-2);
        JsonNode cooler = summary.get("cases").get(1);
        JsonNode outside = summary.get("cases").get(2);
        assertThat(outside.get("plastic_strain_error").asDouble())
                .isGreaterThan(3 * cooler.get("plastic_strain_error").asDouble());
        assertThat(outside.get("indicator_max").asDouble())
                .isGreaterThan(2 * cooler.get("indicator_max").asDouble());
        // the adaptive run above the range: a few full steps, the plain model's errors cut (p to its steps' own)
        JsonNode adaptive = summary.get("cases").get(3);
        assertThat(summary.get("adaptive_high_fidelity_steps").asInt()).isBetween(1, 10);
        assertThat(adaptive.get("displacement_error_max").asDouble())
                .isLessThan(outside.get("displacement_error_max").asDouble());
        assertThat(adaptive.get("plastic_strain_error").asDouble())
                .isLessThan(outside.get("plastic_strain_error").asDouble() / 2);
        // the POD-Galerkin model (no cubature) in the same modes: the law at every point; the cubature
        // model is nearly as accurate
        JsonNode galerkin = summary.get("cases").get(4);
        assertThat(galerkin.get("points_run_online").asInt())
                .isEqualTo(summary.get("material_points").asInt());
        assertThat(inside.get("displacement_error_max").asDouble())
                .isLessThan(2 * galerkin.get("displacement_error_max").asDouble());
        // the calibration: a power law per error over the runs that yield, with its leave-one-out error
        JsonNode calibration = summary.get("indicator_calibration");
        assertThat(calibration.get("runs").asInt()).isEqualTo(8);
        assertThat(calibration
                        .get("plastic_strain")
                        .get("leave_one_out_decades")
                        .asDouble())
                .isPositive()
                .isFinite();
        assertThat(r.out()).contains("The indicator against the true errors");
        assertThat(r.out()).contains("inside the grid").contains("an indicator, not a bound");

        // the model it wrote: jrom run steps through the flight, jrom query answers the last step
        Path model = out.resolve("blade.jrom");
        Path history = tmp.resolve("history.csv");
        Run run = JromCommandTest.run(
                "run", model.toString(), "--mu", "omega=1150;peak_temperature=960", "--history", history.toString());
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        List<String> lines = Files.readAllLines(history);
        assertThat(lines.get(0)).isEqualTo("step,time,iterations,cuts,p_max_at_points,indicator");
        assertThat(lines).hasSize(1 + 13); // the initial equilibrium and 12 steps of at most 200 s (6 in cruise)
        String[] last = lines.get(lines.size() - 1).split(",");
        assertThat(Double.parseDouble(last[1])).isEqualTo(1320.0);
        Run query = JromCommandTest.run("query", model.toString(), "--mu", "omega=1150;peak_temperature=960", "--json");
        assertThat(query.code()).as(query.out() + query.err()).isZero();
        JsonNode answer = JSON.readTree(query.out());
        assertThat(answer.get("outputs").get("p_max").asDouble()).isEqualTo(Double.parseDouble(last[4]));
        // on the mesh: the last step's displacement against the high-fidelity run at the same parameters
        Path flight = tmp.resolve("flight");
        Run reconstructed = JromCommandTest.run(
                "run", model.toString(), "--mu", "omega=1150;peak_temperature=960", "--reconstruct", flight.toString());
        assertThat(reconstructed.code()).as(reconstructed.err()).isZero();
        assertThat(flight.resolve("results.pvd")).exists();
        double[] reduced =
                org.jrom.fem.io.VtuReader.readPointData(flight.resolve("vtu/step_00012.vtu"), "displacement");
        java.util.List<double[]> truth = new java.util.ArrayList<>();
        org.jrom.fem.problems.BladeFlight.run(
                        new org.jrom.fem.problems.BladeFlight.Options(0.35, 1, 1, 1150, 960, 1, 200))
                .run((step, solid, newton) -> truth.add(step.displacement().clone()));
        double[] loaded = truth.get(2); // take-off done (150 s): the largest displacement
        double[] atLast = truth.get(truth.size() - 1);
        double difference = 0;
        double size = 0;
        for (int i = 0; i < reduced.length; i++) {
            difference = Math.max(difference, Math.abs(reduced[i] - atLast[i]));
            size = Math.max(size, Math.abs(loaded[i]));
        }
        assertThat(difference).isLessThan(1e-2 * size);
        assertThat(flight.resolve(OutputDirectory.INCOMPLETE)).doesNotExist();
        // chosen steps only: the same files, bit for bit, for those steps; bad indices are one line
        Path two = tmp.resolve("two-steps");
        Run chosen = runFlight(model, "--reconstruct", two.toString(), "--steps", "2,last");
        assertThat(chosen.code()).as(chosen.err()).isZero();
        try (java.util.stream.Stream<Path> written = Files.list(two.resolve("vtu"))) {
            assertThat(written.map(f -> f.getFileName().toString()).sorted())
                    .containsExactly("step_00002.vtu", "step_00012.vtu");
        }
        assertThat(Files.readAllBytes(two.resolve("vtu/step_00012.vtu")))
                .isEqualTo(Files.readAllBytes(flight.resolve("vtu/step_00012.vtu")));
        Path none = tmp.resolve("none");
        Run badStep = runFlight(model, "--reconstruct", none.toString(), "--steps", "13");
        assertThat(badStep.code()).isEqualTo(2);
        assertThat(badStep.err().strip().lines()).hasSize(1);
        assertThat(badStep.err()).contains("--steps: step 13 is not one of the trajectory's 0 to 12");
        assertThat(none).doesNotExist();
        Run extrapolated = JromCommandTest.run("run", model.toString(), "--mu", "omega=1500;peak_temperature=960");
        assertThat(extrapolated.code()).isEqualTo(2);
        assertThat(extrapolated.err()).contains("omega = 1500.0 is outside the parameter space");
    }

    /**
     * With {@code --error-tol} the adaptive run's threshold is the calibration inverted: the indicator
     * at which {@code c eta^b} reaches the tolerance, as the summary's own coefficient and exponent
     * give it.
     */
    @Test
    void theErrorToleranceSetsTheThresholdThroughTheCalibration() throws Exception {
        Path out = tmp.resolve("calibrated");
        Run r = JromCommandTest.run(
                "study",
                "blade-rom",
                "--size",
                "0.35",
                "--degree",
                "1",
                "--max-step",
                "200",
                "--error-tol",
                "5e-4",
                "--out",
                out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        JsonNode u = summary.get("indicator_calibration").get("displacement");
        double expected = Math.pow(
                5e-4 / u.get("coefficient").asDouble(), 1 / u.get("exponent").asDouble());
        assertThat(u.get("exponent").asDouble()).isPositive();
        assertThat(summary.get("adaptive_threshold").asDouble()).isCloseTo(expected, within(1e-9 * expected));
        assertThat(summary.get("adaptive_threshold_from").asText()).contains("--error-tol");
        assertThat(r.out()).contains("The adaptive run recomputes a step when the indicator exceeds");
        Run refused = JromCommandTest.run(
                "study",
                "blade-rom",
                "--error-tol",
                "1.5",
                "--out",
                tmp.resolve("x").toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("--error-tol");
    }

    /** {@code jrom run MODEL --mu 'omega=1150;peak_temperature=960'} and the extra arguments. */
    private static Run runFlight(Path model, String... extra) {
        List<String> args =
                new java.util.ArrayList<>(List.of("run", model.toString(), "--mu", "omega=1150;peak_temperature=960"));
        args.addAll(List.of(extra));
        return JromCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void runRefusesAModelWithoutTimeSteps() {
        Run r = JromCommandTest.run("run", SmallModel.thermalBlock().toString(), "--mu", "mu=1,1,1,1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("holds a reduced-basis model, which has no time steps");
    }

    @Test
    void aPeakOutsideTheAlloysRangeIsOneLine() {
        Path out = tmp.resolve("refused");
        Run r = JromCommandTest.run("study", "blade-rom", "--train-peak", "850,1200", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--train-peak must be in (20, 1000], found 1200.0");
        assertThat(Files.exists(out)).isFalse();
    }
}

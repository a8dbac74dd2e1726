package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.fem.Mesh;
import org.jrom.fem.io.GmshReader;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
import org.jrom.fem.mechanics.ReducedRunComparison;
import org.jrom.fem.mechanics.StructuralReduction;
import org.jrom.io.CaseFamily;
import org.jrom.io.CaseFile;
import org.jrom.io.ModelFile;
import org.jrom.models.OnlineModel;
import org.jrom.models.OnlineSolution;
import org.jrom.parameters.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom build --mechanics --case}: the nonintrusive path. The model built from the files {@code
 * jrom simulate} wrote (every step's displacement, float64 NPY, and nothing else of the solver's)
 * answers as the model reduced from the same runs in memory, to round-off; it answers a parameter
 * value it was not trained on within 1 % of the full run; runs that do not fit the case are one
 * line and exit 2.
 */
class BuildCaseMechanicsTest {
    static final Path EXAMPLE = Path.of("..", "examples", "mechanics", "bracket-rom", "case.json");

    @TempDir
    Path tmp;

    private Path simulate(Path caseFile, String name) {
        Path out = tmp.resolve(name);
        Run r = JromCommandTest.run(
                "simulate",
                caseFile.toString(),
                "--param",
                "load=200,400",
                "--param",
                "heat=300,600",
                "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }

    private static List<String> runDirs(Path runs) {
        List<String> dirs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            dirs.add(runs.resolve(String.format("run_%03d", k)).toString());
        }
        return dirs;
    }

    private Run build(Path caseFile, List<String> dirs, String out) {
        List<String> args = new ArrayList<>(List.of("build", "--mechanics"));
        args.addAll(dirs);
        args.addAll(
                List.of("--case", caseFile.toString(), "--out", tmp.resolve(out).toString()));
        return JromCommandTest.run(args.toArray(String[]::new));
    }

    /** {@code jrom run} of the model built into {@code model}, with these options. */
    private Run runModel(String model, String mu, String... options) {
        List<String> args = new ArrayList<>(
                List.of("run", tmp.resolve(model).resolve("model.jrom").toString(), "--mu", mu));
        args.addAll(List.of(options));
        return JromCommandTest.run(args.toArray(String[]::new));
    }

    /** {@code jrom run --reconstruct} of the model built into {@code model}, one step. */
    private Run reconstruct(String model, String mu, String out, String step) {
        return runModel(model, mu, "--reconstruct", tmp.resolve(out).toString(), "--steps", step);
    }

    @Test
    void theModelFromSimulatesFilesIsTheModelFromTheRunsInMemory() throws Exception {
        Path runs = simulate(EXAMPLE, "runs");
        Run build = build(EXAMPLE, runDirs(runs), "model");
        assertThat(build.code()).as(build.out() + build.err()).isZero();
        assertThat(build.out()).contains("4 runs, 116 snapshots of 297 unknowns");
        JsonNode summary = new ObjectMapper()
                .readTree(tmp.resolve("model").resolve("summary.json").toFile());
        assertThat(summary.get("problem").asText()).isEqualTo("case.json");
        // the process's memory: the heap's limit, and on Linux the peak resident set (a JVM's is
        // tens of MB at least, and it cannot exceed what the system has)
        JsonNode memory = summary.get("memory");
        assertThat(memory.get("max_heap_bytes").asLong()).isPositive();
        assertThat(memory.get("garbage_collectors")).isNotEmpty();
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertThat(memory.get("peak_rss_bytes").asLong())
                    .isGreaterThan(10L << 20)
                    .isLessThan(((com.sun.management.OperatingSystemMXBean)
                                    java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                            .getTotalMemorySize());
        }
        assertThat(summary.get("validation").get("runs").get(3).get("heat").asDouble())
                .isEqualTo(600);
        HyperReducedMechanicsModel read = (HyperReducedMechanicsModel)
                ModelFile.load(tmp.resolve("model").resolve("model.jrom")).online();
        assertThat(read.family().parameters()).containsExactly("load", "heat");
        assertThat(read.parameterSpace().lower()).containsExactly(200, 300);
        assertThat(read.parameterSpace().upper()).containsExactly(400, 600);

        // the same runs in memory, from jrom's solver
        CaseFile c = CaseFile.read(EXAMPLE);
        List<StructuralReduction.Training> trainings = new ArrayList<>();
        for (double load : new double[] {200, 400}) {
            for (double heat : new double[] {300, 600}) {
                trainings.add(StructuralReduction.simulate(c.instantiate(Map.of("load", load, "heat", heat))));
            }
        }
        StructuralReduction.Result direct = StructuralReduction.reduce(
                trainings, StructuralReduction.Options.of(1e-4, 1e-4), ProgressListener.NONE, new PhaseTimer());
        HyperReducedMechanicsModel inMemory =
                new HyperReducedMechanicsModel(direct.model(), CaseFamily.of(c, Map.of()), read.parameterSpace());
        Parameter mu = Parameter.of(read.parameterSpace().type(), 300, 450);
        OnlineSolution a = inMemory.solve(mu);
        OnlineSolution b = read.solve(mu);
        double[] x = a.coefficients();
        double[] y = b.coefficients();
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(x[i] - y[i])).as("coefficient %d", i).isLessThanOrEqualTo(1e-10 * scale);
        }
        assertThat(b.outputs()).isEqualTo(a.outputs());

        // against the full run at a parameter value the model was not trained on
        StructuralReduction.Training truth =
                StructuralReduction.simulate(c.instantiate(Map.of("load", 300.0, "heat", 450.0)));
        ReducedRunComparison cmp =
                ReducedRunComparison.againstSnapshots(read.model(), truth.run(), truth.displacements());
        assertThat(cmp.maxDisplacementError()).isLessThan(1e-2);
        assertThat(cmp.plasticStrainError()).isLessThan(1e-2);

        // jrom run --compare: the same errors, from a run's folder
        Path test = tmp.resolve("test");
        Run simulated = JromCommandTest.run(
                "simulate", EXAMPLE.toString(), "--param", "load=300", "--param", "heat=450", "--out", test.toString());
        assertThat(simulated.code()).as(simulated.err()).isZero();
        Run compared = runModel(
                "model",
                "load=300;heat=450",
                "--compare",
                test.resolve("run_000").toString());
        assertThat(compared.code()).as(compared.err()).isZero();
        assertThat(compared.out())
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "p at the last step: %.2e RMS and %.2e at the most plastic point",
                        cmp.plasticStrainError(),
                        cmp.errorAtLargestPlasticStrain()));
        Run elsewhere = runModel(
                "model",
                "load=350;heat=450",
                "--compare",
                test.resolve("run_000").toString());
        assertThat(elsewhere.code()).isEqualTo(2);
        assertThat(elsewhere.err()).contains("parameters.load is 300.0, the model runs at 350.0 (--mu)");

        // the model file holds the case: reconstruction on its mesh needs no other file
        Run reconstruct = reconstruct("model", "load=300;heat=450", "fields", "last");
        assertThat(reconstruct.code()).as(reconstruct.err()).isZero();
        assertThat(tmp.resolve("fields").resolve("results.pvd")).exists();

        // --spark without the jrom-spark plugin on the class path: one line, nothing written
        List<String> args = new ArrayList<>(List.of("build", "--mechanics"));
        args.addAll(runDirs(runs));
        args.addAll(List.of(
                "--case",
                EXAMPLE.toString(),
                "--spark",
                "local[2]",
                "--out",
                tmp.resolve("spark").toString()));
        Run spark = JromCommandTest.run(args.toArray(String[]::new));
        assertThat(spark.code()).isEqualTo(2);
        assertThat(spark.err().strip().lines()).hasSize(1);
        assertThat(spark.err()).contains("--spark needs the jrom-spark module on the class path");
        assertThat(tmp.resolve("spark")).doesNotExist();
    }

    @Test
    void validationRunsGiveTheTrueErrorsAndTheIndicatorsFit() throws Exception {
        Path runs = simulate(EXAMPLE, "runs");
        Path tests = tmp.resolve("tests");
        Run simulated = JromCommandTest.run(
                "simulate",
                EXAMPLE.toString(),
                "--param",
                "load=250,350",
                "--param",
                "heat=350,550",
                "--out",
                tests.toString());
        assertThat(simulated.code()).as(simulated.err()).isZero();
        List<String> args = new ArrayList<>(List.of("build", "--mechanics"));
        args.addAll(runDirs(runs));
        args.add("--validation");
        args.addAll(runDirs(tests));
        args.addAll(List.of(
                "--case", EXAMPLE.toString(), "--out", tmp.resolve("model").toString()));
        Run build = JromCommandTest.run(args.toArray(String[]::new));
        assertThat(build.code()).as(build.err()).isZero();
        assertThat(build.out()).contains("The model against 4 validation runs").contains("displacement error ~");
        JsonNode summary = new ObjectMapper()
                .readTree(tmp.resolve("model").resolve("summary.json").toFile());
        JsonNode validation = summary.get("validation_runs");
        assertThat(validation).hasSize(4);
        for (JsonNode run : validation) { // inside the training box, not trained on: within 1 %
            assertThat(run.get("displacement_error_max").asDouble())
                    .isPositive()
                    .isLessThan(1e-2);
            assertThat(run.get("plastic_strain_error").asDouble()).isPositive().isLessThan(1e-2);
            assertThat(run.get("indicator_max").asDouble()).isPositive();
        }
        assertThat(summary.get("indicator_calibration")
                        .get("displacement")
                        .get("exponent")
                        .isNumber())
                .isTrue();
        assertThat(tmp.resolve("model").resolve("indicator-calibration.png")).exists();
        assertThat(summary.get("indicator_calibration")
                        .get("displacement")
                        .get("stored_in_model")
                        .isBoolean())
                .isTrue();
        // a run both trained on and validated against
        List<String> twice = new ArrayList<>(List.of("build", "--mechanics"));
        twice.addAll(runDirs(runs));
        twice.addAll(List.of("--validation", runDirs(runs).get(0), "--case", EXAMPLE.toString()));
        twice.addAll(List.of("--out", tmp.resolve("m2").toString()));
        Run refused = JromCommandTest.run(twice.toArray(String[]::new));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("given twice");
    }

    /** The largest displacement error {@code jrom run --compare} printed. */
    private static double displacementError(Run r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("displacement: (\\S+) of the largest")
                .matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void anAdaptiveRunRepairsTheModelAboveItsRangeAndKeepsTheRepair() throws Exception {
        Path runs = simulate(EXAMPLE, "runs");
        assertThat(build(EXAMPLE, runDirs(runs), "model").code()).isZero();
        Path above = tmp.resolve("above"); // hotter and heavier than any training run
        Run simulated = JromCommandTest.run(
                "simulate",
                EXAMPLE.toString(),
                "--param",
                "load=500",
                "--param",
                "heat=750",
                "--out",
                above.toString());
        assertThat(simulated.code()).as(simulated.err()).isZero();
        String truth = above.resolve("run_000").toString();
        Run plain = runModel("model", "load=500;heat=750", "--allow-extrapolation", "--compare", truth);
        assertThat(plain.code()).as(plain.err()).isZero();
        Run adaptive = runModel(
                "model",
                "load=500;heat=750",
                "--allow-extrapolation",
                "--adaptive",
                "--indicator-tol",
                "0.005",
                "--compare",
                truth,
                "--save-enriched",
                tmp.resolve("enriched.jrom").toString());
        assertThat(adaptive.code()).as(adaptive.err()).isZero();
        assertThat(adaptive.out()).containsPattern("29 steps, [1-9] recomputed at full fidelity");
        assertThat(displacementError(adaptive)).isLessThan(0.5 * displacementError(plain));
        // the enriched model, run plainly, keeps the repair
        List<String> args =
                new ArrayList<>(List.of("run", tmp.resolve("enriched.jrom").toString()));
        args.addAll(List.of("--mu", "load=500;heat=750", "--allow-extrapolation", "--compare", truth));
        Run again = JromCommandTest.run(args.toArray(String[]::new));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(displacementError(again)).isLessThan(0.5 * displacementError(plain));
        // --error-tol needs a calibration, which this model (built without --validation) lacks
        Run uncalibrated = runModel("model", "load=300;heat=450", "--adaptive", "--error-tol", "0.001");
        assertThat(uncalibrated.code()).isEqualTo(2);
        assertThat(uncalibrated.err()).contains("holds no calibration");
        // with a calibration e = 10^-2 eta^1, --error-tol 1e-4 is the indicator threshold 1e-2
        HyperReducedMechanicsModel read = (HyperReducedMechanicsModel)
                ModelFile.load(tmp.resolve("model").resolve("model.jrom")).online();
        Path calibrated = tmp.resolve("calibrated");
        Files.createDirectories(calibrated);
        ModelFile.write(
                read.withCalibration(new HyperReducedMechanicsModel.Calibration(
                        new org.jrom.fem.mechanics.IndicatorCalibration(-2, 1, 0.9, 0.1, 5), null)),
                calibrated.resolve("model.jrom"),
                org.jrom.io.Provenance.current());
        Run withError = runModel("calibrated", "load=300;heat=450", "--adaptive", "--error-tol", "1e-4");
        assertThat(withError.code()).as(withError.err()).isZero();
        assertThat(withError.out()).contains("threshold    indicator 0.0100 (--error-tol 1.0E-4 through");
        Run steps = runModel("model", "load=300;heat=450", "--adaptive", "--steps", "last");
        assertThat(steps.code()).isEqualTo(2);
        assertThat(steps.err()).contains("--steps runs the model as it is");
        String same = tmp.resolve("same").toString();
        Run clash = runModel("model", "load=300;heat=450", "--adaptive", "--history", same, "--save-enriched", same);
        assertThat(clash.code()).isEqualTo(2);
        assertThat(clash.err()).contains("name the same file");
        Run plainOnly = runModel("model", "load=300;heat=450", "--indicator-tol", "0.01");
        assertThat(plainOnly.code()).isEqualTo(2);
        assertThat(plainOnly.err()).contains("--indicator-tol applies with --adaptive only");
    }

    @Test
    void aVtuSeriesGivesTheModelTheNpyGives() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(EXAMPLE.toFile());
        ((ObjectNode) root.get("output")).put("vtu", true);
        Path caseFile = tmp.resolve("case.json");
        Files.writeString(caseFile, json.writeValueAsString(root));
        Path runs = simulate(caseFile, "runs");
        Run npy = build(caseFile, runDirs(runs), "from-npy");
        assertThat(npy.code()).as(npy.err()).isZero();
        for (String dir : runDirs(runs)) { // what another solver writes: the series alone
            try (var files = Files.walk(Path.of(dir, "snapshots"))) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
        Run vtu = build(caseFile, runDirs(runs), "from-vtu");
        assertThat(vtu.code()).as(vtu.err()).isZero();
        OnlineModel a =
                ModelFile.load(tmp.resolve("from-npy").resolve("model.jrom")).online();
        OnlineModel b =
                ModelFile.load(tmp.resolve("from-vtu").resolve("model.jrom")).online();
        Parameter mu = Parameter.of(a.parameterSpace().type(), 300, 450);
        assertThat(b.solve(mu).coefficients()).containsExactly(a.solve(mu).coefficients());

        // the series of another mesh
        ObjectNode other = root.deepCopy();
        ((ArrayNode) other.get("mesh").get("box").get("upper")).set(0, 21);
        Path otherCase = tmp.resolve("other.json");
        Files.writeString(otherCase, json.writeValueAsString(other));
        Run mesh = build(otherCase, runDirs(runs), "m1");
        assertThat(mesh.code()).isEqualTo(2);
        assertThat(mesh.err().strip().lines()).hasSize(1);
        assertThat(mesh.err()).contains("step_00000.vtu: point").contains("another mesh");
    }

    @Test
    void aModelOnAGmshMeshCarriesItsMesh() throws Exception {
        Path caseDir = Files.createDirectories(tmp.resolve("cube"));
        Files.copy(
                Path.of("..", "jrom-fem", "src", "test", "resources", "gmsh", "cube-binary.msh"),
                caseDir.resolve("cube.msh"));
        Path caseFile = caseDir.resolve("case.json");
        Files.writeString(
                caseFile,
                """
                {"format": "jrom-case/1.0", "parameters": {"load": 100},
                 "mesh": {"file": "cube.msh"}, "elements": {"degree": 1},
                 "material": {"law": "j2-plasticity", "parameters": {"E": 200000, "nu": 0.3, "alpha": 1e-5,
                              "T_ref": 20, "sigma_y": 150, "H": 1000, "C": 0, "D": 0}},
                 "histories": {"cycle": {"times": [0, 1, 2], "values": [0, 1, 0]}},
                 "boundary_conditions": [{"boundary": "bottom", "type": "clamp"}],
                 "loads": [{"type": "traction", "boundary": "top", "value": ["load", 0, 0], "history": "cycle"}],
                 "time": {"end": 2, "max_step": 0.25},
                 "output": {"vtu": false}}
                """);
        Path runs = tmp.resolve("cube-runs");
        Run simulated = JromCommandTest.run(
                "simulate", caseFile.toString(), "--param", "load=100,200", "--out", runs.toString());
        assertThat(simulated.code()).as(simulated.err()).isZero();
        Run build = build(
                caseFile,
                List.of(
                        runs.resolve("run_000").toString(),
                        runs.resolve("run_001").toString()),
                "cube-model");
        assertThat(build.code()).as(build.err()).isZero();
        // the case and its mesh gone, the model still rebuilds the mesh to reconstruct on it
        Files.delete(caseDir.resolve("cube.msh"));
        Files.delete(caseFile);
        Run reconstruct = reconstruct("cube-model", "load=150", "cube-fields", "4");
        assertThat(reconstruct.code()).as(reconstruct.err()).isZero();
        String vtu = Files.readString(tmp.resolve("cube-fields").resolve("vtu").resolve("step_00004.vtu"));
        Mesh mesh = GmshReader.read(
                Path.of("..", "jrom-fem", "src", "test", "resources", "gmsh", "cube-binary.msh"), false);
        assertThat(vtu)
                .contains("NumberOfPoints=\"" + mesh.numNodes() + "\"")
                .contains("NumberOfCells=\"" + mesh.numCells() + "\"");
    }

    @Test
    void runsThatDoNotFitTheCaseAreOneLine() throws Exception {
        Path runs = simulate(EXAMPLE, "runs");
        List<String> dirs = runDirs(runs);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(EXAMPLE.toFile());

        // a case on another mesh: the displacements do not fit it
        ObjectNode other = root.deepCopy();
        ((ArrayNode) other.get("mesh").get("box").get("cells")).set(0, 8);
        Path otherCase = tmp.resolve("other.json");
        Files.writeString(otherCase, json.writeValueAsString(other));
        Run mesh = build(otherCase, dirs, "m1");
        assertThat(mesh.code()).isEqualTo(2);
        assertThat(mesh.err().strip().lines()).hasSize(1);
        assertThat(mesh.err()).contains("displacement.npy").contains("one row per time step");

        // a law whose internal variables are not those the run's summary lists
        ObjectNode plastic = root.deepCopy();
        ObjectNode material = (ObjectNode) plastic.get("material");
        material.put("law", "linear-elasticity");
        ObjectNode elastic = json.createObjectNode();
        elastic.put("E", 200000).put("nu", 0.3).put("alpha", 1.4e-5).put("T_ref", 20);
        material.set("parameters", elastic);
        Path elasticCase = tmp.resolve("elastic.json");
        Files.writeString(elasticCase, json.writeValueAsString(plastic));
        Run law = build(elasticCase, dirs, "m2");
        assertThat(law.code()).isEqualTo(2);
        assertThat(law.err().strip().lines()).hasSize(1);
        assertThat(law.err()).contains("summary.json").contains("state_layout").contains("linear-elasticity");

        // runs that vary no parameter
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy.resolve("snapshots"));
        Path first = Path.of(dirs.get(0));
        for (String f : List.of("summary.json", "snapshots/times.npy", "snapshots/displacement.npy")) {
            Files.copy(first.resolve(f), copy.resolve(f));
        }
        Run same = build(EXAMPLE, List.of(dirs.get(0), copy.toString()), "m3");
        assertThat(same.code()).isEqualTo(2);
        assertThat(same.err()).contains("do not differ in any parameter");

        // a parameter the case does not declare
        Path summary = Path.of(dirs.get(1)).resolve("summary.json");
        ObjectNode s = (ObjectNode) json.readTree(summary.toFile());
        ((ObjectNode) s.get("parameters")).put("omega", 1.0);
        Files.writeString(summary, json.writeValueAsString(s));
        Run undeclared = build(EXAMPLE, dirs, "m4");
        assertThat(undeclared.code()).isEqualTo(2);
        assertThat(undeclared.err()).contains("parameters.omega").contains("declares no such parameter");

        // a centrifugal axis that moves with a parameter the runs vary: its pattern is not one field
        ObjectNode spinning = root.deepCopy();
        ((ObjectNode) spinning.get("material")).put("density", 8e-9);
        ObjectNode spin = ((ArrayNode) spinning.get("loads")).addObject();
        spin.put("type", "centrifugal");
        spin.putArray("axis_point").add("heat / 100").add(0).add(-300);
        spin.putArray("axis_direction").add(1).add(0).add(0);
        spin.put("omega", 10);
        Path spinningCase = tmp.resolve("spinning.json");
        Files.writeString(spinningCase, json.writeValueAsString(spinning));
        Path spinningRuns = simulate(spinningCase, "spinning-runs");
        Run axis = build(spinningCase, runDirs(spinningRuns), "m5");
        assertThat(axis.code()).isEqualTo(2);
        assertThat(axis.err().strip().lines()).hasSize(1);
        assertThat(axis.err()).contains("loads[1].axis_point[0]").contains("depends on heat");
    }
}

package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.fem.Mesh;
import org.jrom.fem.StructuredMesh;
import org.jrom.fem.io.VtuWriter;
import org.jrom.io.ModelFile;
import org.jrom.io.Npy;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.OnlineModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom build --snapshots}: snapshots of a smooth two-parameter field family, as an external
 * solver would save them (one 2-D {@code .npy}, or one {@code .npy} per snapshot) with their
 * parameter table, give a regression model whose answers follow the true field, which {@code
 * query}, {@code batch} and {@code uq} accept and label as estimates; bad input is one line, exit
 * code 2, nothing written.
 */
class SnapshotBuildTest {
    private static final int N = 400;
    private static final int K = 40;
    private static final ParameterSpace SPACE =
            ParameterSpace.of(ParameterType.of("a", 1, "b", 1), new double[] {0.5, 1}, new double[] {2, 3});

    @TempDir
    static Path tmp;

    static final Mesh GRID = StructuredMesh.unitSquare(19);

    static Path snapshots;
    static Path params;
    static Path built;
    static Run build;

    static double[] field(double a, double b) {
        double[] u = new double[N];
        for (int i = 0; i < N; i++) {
            double x = i / (N - 1.0);
            u[i] = Math.exp(-a * x) * Math.sin(b * x) + a * b * x * x;
        }
        return u;
    }

    static double mean(double[] u) {
        double s = 0;
        for (double x : u) {
            s += x;
        }
        return s / u.length;
    }

    @BeforeAll
    static void writeSnapshotsAndBuild() throws IOException {
        List<Parameter> mus = Sampler.latinHypercube(SPACE, K, 4);
        DenseMatrix u = DenseMatrix.zeros(N, K);
        StringBuilder csv = new StringBuilder("b,a\n"); // columns in any order
        Files.createDirectories(tmp.resolve("dir"));
        for (int k = 0; k < K; k++) {
            double[] f = field(mus.get(k).get(0), mus.get(k).get(1));
            for (int i = 0; i < N; i++) {
                u.set(i, k, f[i]);
            }
            Npy.write(tmp.resolve("dir").resolve("snap_" + k + ".npy"), Npy.Array.vector(f));
            // the same field as VTU point data on a 20 x 20-node grid (400 nodes), as a solver writes it
            VtuWriter.of(GRID).vectorField("u", 1, f).write(tmp.resolve("dir").resolve("snap_" + k + ".vtu"));
            csv.append(mus.get(k).get(1)).append(',').append(mus.get(k).get(0)).append('\n');
        }
        snapshots = tmp.resolve("u.npy");
        Npy.write(snapshots, Npy.Array.of(u));
        params = tmp.resolve("params.csv");
        Files.writeString(params, csv);
        built = tmp.resolve("rom");
        build = JromCommandTest.run(
                "build", "--snapshots", snapshots.toString(), "--params", params.toString(), "--out", built.toString());
    }

    @Test
    void theModelFollowsTheFieldAndSaysItsErrorsAreEstimates() throws IOException {
        assertThat(build.code()).as(build.err()).isZero();
        assertThat(build.out()).contains("not certified bounds").contains("leave-one-out");
        for (String f : List.of("model.jrom", "report.md", "index.html", "singular-values.png")) {
            assertThat(built.resolve(f)).as(f).isRegularFile();
        }
        OnlineModel model = ModelFile.readOnline(built.resolve("model.jrom"));
        assertThat(model.certified()).isFalse();
        assertThat(model.outputNames()).containsExactly("mean");
        for (Parameter mu : Sampler.random(model.parameterSpace(), 10, 3)) {
            double truth = mean(field(mu.get("a")[0], mu.get("b")[0]));
            assertThat(model.solve(mu).outputs().get("mean"))
                    .isCloseTo(truth, org.assertj.core.api.Assertions.within(1e-3));
        }
        Run q = JromCommandTest.run(
                "query", built.resolve("model.jrom").toString(), "--mu", "a=1.2", "--mu", "b=2", "--json");
        assertThat(q.code()).as(q.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(q.out());
        assertThat(json.at("/certified").asBoolean(true)).isFalse();
        assertThat(json.at("/outputs/mean").asDouble())
                .isCloseTo(mean(field(1.2, 2)), org.assertj.core.api.Assertions.within(1e-3));
        assertThat(json.has("output_errors")).isTrue();
        assertThat(json.has("output_bounds")).isFalse();
        Run text = JromCommandTest.run("query", built.resolve("model.jrom").toString(), "--mu", "a=1.2", "--mu", "b=2");
        assertThat(text.out()).contains("error estimate (not certified)");
        Run info = JromCommandTest.run("info", built.resolve("model.jrom").toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out())
                .contains("POD regression")
                .contains("leave-one-out")
                .contains("training set          40 parameters\n")
                .doesNotContain("seed");
    }

    @Test
    void theSummaryGivesCrossValidatedEstimatesAndNoBound() throws IOException {
        assertThat(build.code()).as(build.err()).isZero();
        JsonNode s = ReductionRunOutput.assertSummary(built);
        OnlineModel model = ModelFile.readOnline(built.resolve("model.jrom"));
        assertThat(model).isInstanceOf(org.jrom.regression.PodRegressionModel.class);
        org.jrom.regression.PodRegressionModel pod = (org.jrom.regression.PodRegressionModel) model;
        assertThat(s.get("kind").asText()).isEqualTo("pod_regression");
        assertThat(s.get("problem").asText()).isEqualTo("u");
        assertThat(s.get("unknowns").asInt()).isEqualTo(N);
        assertThat(s.get("training_size").asInt()).isEqualTo(K);
        assertThat(s.get("certified").asBoolean(true)).isFalse();
        // the parameter space is the box the table spans, in the table's column order
        assertThat(s.at("/parameters/0/name").asText()).isEqualTo("b");
        assertThat(s.at("/parameters/1/name").asText()).isEqualTo("a");
        JsonNode v = s.get("validation");
        assertThat(v.get("method").asText()).isEqualTo("leave_one_out");
        assertThat(v.get("test_parameters").asInt()).isEqualTo(K);
        assertThat(v.get("field_error_estimate").asDouble()).isEqualTo(pod.fieldErrorEstimate());
        assertThat(v.at("/output_error_estimates/mean").asDouble())
                .isEqualTo(pod.outputCrossValidationErrors().get("mean"));
        for (String none : List.of("max_true_error", "max_bound", "violations", "effectivity")) {
            assertThat(v.get(none).isNull()).as(none).isTrue();
        }
        for (String none : List.of("speedup", "high_fidelity_solve_us", "monte_carlo", "coercivity_bound")) {
            assertThat(s.get(none).isNull()).as(none).isTrue();
        }
        assertThat(s.get("final_estimate").asDouble())
                .isLessThanOrEqualTo(s.get("tolerance").asDouble());
        assertThat(Files.readString(built.resolve("index.html")))
                .contains("href=\"model.jrom\"")
                .contains("<strong>Estimates, not certified.</strong>");
    }

    @Test
    void extrapolationWarningsOfTheRegressionModelSpeakOfItsEstimatesNotOfACoercivityBound() throws IOException {
        // the warning was the certified model's, about a coercivity bound this model does not have
        String model = built.resolve("model.jrom").toString();
        Run q = JromCommandTest.run("query", model, "--mu", "a=5", "--mu", "b=2", "--allow-extrapolation");
        assertThat(q.code()).as(q.err()).isZero();
        assertThat(q.err().lines().filter(l -> l.startsWith("jrom: warning: ")))
                .singleElement()
                .asString()
                .contains("outside the parameter space")
                .contains("the model extrapolates")
                .contains("error estimates")
                .doesNotContain("coercivity")
                .doesNotContain("bound");
        Path in = tmp.resolve("wide.csv");
        Files.writeString(in, "a,b\n1.2,2\n5,2\n");
        Run b = JromCommandTest.run(
                "batch",
                model,
                "--params",
                in.toString(),
                "--out",
                tmp.resolve("wide-r.csv").toString(),
                "--allow-extrapolation");
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.err().lines().filter(l -> l.startsWith("jrom: warning: ")))
                .singleElement()
                .asString()
                .startsWith("jrom: warning: 1 of 2 rows lie outside the parameter space")
                .contains("the model extrapolates")
                .doesNotContain("coercivity");
    }

    @Test
    void batchAndUqAcceptTheModel() throws IOException {
        Path in = tmp.resolve("q.csv");
        Files.writeString(in, "a,b\n1.2,2\n0.7,1.5\n");
        Path out = tmp.resolve("r.csv");
        Run b = JromCommandTest.run(
                "batch", built.resolve("model.jrom").toString(), "--params", in.toString(), "--out", out.toString());
        assertThat(b.code()).as(b.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        // the model's components are in the table's column order: b, then a
        assertThat(lines.get(0)).isEqualTo("b,a,mean,mean_error_estimate,error_estimate");
        assertThat(lines.get(2)).startsWith("1.5,0.7,");
        double s = Double.parseDouble(lines.get(2).split(",")[2]);
        assertThat(s).isCloseTo(mean(field(0.7, 1.5)), org.assertj.core.api.Assertions.within(1e-3));
        Run uq = JromCommandTest.run(
                "uq",
                built.resolve("model.jrom").toString(),
                "--samples",
                "2000",
                "--out",
                tmp.resolve("uq").toString());
        assertThat(uq.code()).as(uq.err()).isZero();
        assertThat(uq.out())
                .contains("estimated interval")
                .contains("not certified")
                .contains("estimated queries");
    }

    /**
     * {@code --spark} looks for the jrom-spark plugin only when given: without it on the class path
     * (as here: the CLI never depends on it) one line names the module and writes nothing; a build
     * from structural runs refuses the flag. jrom-spark's SparkSnapshotBuildTest and
     * SparkGreedyBuildTest run it with the plugin.
     */
    @Test
    void theSparkFlagWithoutItsPluginIsOneLineAndWritesNothing() {
        Path out = tmp.resolve("rom-spark");
        Run r = JromCommandTest.run(
                "build",
                "--snapshots",
                snapshots.toString(),
                "--params",
                params.toString(),
                "--spark",
                "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--spark needs the jrom-spark module on the class path");
        assertThat(out).doesNotExist();
    }

    @Test
    void aDirectoryOfSnapshotFilesGivesTheSameModel() {
        Path out = tmp.resolve("rom-dir");
        Run r = JromCommandTest.run(
                "build",
                "--snapshots",
                tmp.resolve("dir").toString(),
                "--params",
                params.toString(),
                "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        OnlineModel a = ModelFile.readOnline(built.resolve("model.jrom"));
        OnlineModel d = ModelFile.readOnline(out.resolve("model.jrom"));
        Parameter mu = Parameter.of(a.parameterSpace().type(), 2.2, 1.1); // b, a
        assertThat(d.solve(mu).outputs()).isEqualTo(a.solve(mu).outputs());
        Path vtu = tmp.resolve("rom-vtu");
        Run v = JromCommandTest.run(
                "build",
                "--snapshots",
                tmp.resolve("dir").toString(),
                "--glob",
                "*.vtu",
                "--vtu-array",
                "u",
                "--params",
                params.toString(),
                "--out",
                vtu.toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(ModelFile.readOnline(vtu.resolve("model.jrom"))
                        .solve(mu)
                        .outputs()
                        .get("mean"))
                .isCloseTo(a.solve(mu).outputs().get("mean"), org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void badSnapshotInputIsOneLineExitTwoAndWritesNothing() throws IOException {
        List<String> rows = Files.readAllLines(params);
        Path shortTable = tmp.resolve("short.csv");
        Files.write(shortTable, rows.subList(0, rows.size() - 1));
        Path duplicate = tmp.resolve("dup.csv");
        Files.write(duplicate, List.of(rows.get(0), rows.get(1), rows.get(1)));
        Path ragged = tmp.resolve("ragged.csv");
        Files.write(ragged, List.of(rows.get(0), rows.get(1), "1.5"));
        Path repeated = tmp.resolve("repeated.csv");
        Files.write(repeated, List.of("a,a", "1,2"));
        DenseMatrix bad = DenseMatrix.zeros(N, K);
        bad.set(7, 3, Double.NaN);
        Path nan = tmp.resolve("nan.npy");
        Npy.write(nan, Npy.Array.of(bad));
        record Case(Path snapshots, Path params, String message) {}
        for (Case c : List.of(
                new Case(snapshots, shortTable, "39 parameter rows, but " + snapshots + " holds 40 snapshots"),
                new Case(snapshots, duplicate, "dup.csv:3"),
                new Case(snapshots, ragged, "ragged.csv:3"),
                new Case(snapshots, repeated, "repeated.csv:1"),
                new Case(nan, params, "nan.npy"),
                new Case(tmp.resolve("none.npy"), params, "none.npy"))) {
            Path out = tmp.resolve("bad-" + Integer.toHexString(c.message.hashCode()));
            Run r = JromCommandTest.run(
                    "build",
                    "--snapshots",
                    c.snapshots.toString(),
                    "--params",
                    c.params.toString(),
                    "--out",
                    out.toString());
            assertThat(r.code()).as(c.message + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains(c.message).doesNotContain("\tat ");
            assertThat(out).as("nothing written: " + c.message).doesNotExist();
        }
        Run neither = JromCommandTest.run("build");
        assertThat(neither.code()).isEqualTo(2);
        assertThat(neither.err().toLowerCase(Locale.ROOT)).contains("--from").contains("--snapshots");
    }
}

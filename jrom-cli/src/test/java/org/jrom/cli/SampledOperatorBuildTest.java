package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.fem.DirichletConstraint;
import org.jrom.fem.Mesh;
import org.jrom.fem.P1Space;
import org.jrom.fem.ScalarField;
import org.jrom.fem.SimplexQuadrature;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.io.EntryTable;
import org.jrom.io.MatrixMarket;
import org.jrom.io.ModelFile;
import org.jrom.io.ParameterTable;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.SparseCholesky;
import org.jrom.models.OnlineModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-affine problem end to end, as an external solver hands it over: its matrices {@code
 * A(mu_k)} at sample parameters ({@code operator_samples}), held-out ones ({@code test_samples}),
 * {@code jrom build --from} interpolating them by the nonintrusive matrix EIM, and queries at a new
 * parameter given the few entries of {@code A(mu)} the model asks for ({@code --entries}), against
 * the exact solve. The "solver": {@code -div(kappa grad u) = 1}, {@code kappa = 1 + a exp(-b |x -
 * (0.4, 0.6)|^2)}, P1 on the 2x2 thermal-block mesh, u = 0 on the boundary.
 */
class SampledOperatorBuildTest {
    static final ParameterSpace SPACE =
            ParameterSpace.of(ParameterType.of("a", 1, "b", 1), new double[] {0.5, 2}, new double[] {5, 40});
    static final SimplexQuadrature RULE = SimplexQuadrature.triangleDegree4();
    static final String NEW_MU = "a=2.345;b=17.5";

    @TempDir
    static Path tmp;

    static Mesh mesh;
    static P1Space space;
    static DirichletConstraint constraint;
    static int[] free; // free unknown -> node
    static Path manifest;
    static Run build;

    static ScalarField kappa(Parameter mu) {
        double a = mu.get("a")[0];
        double b = mu.get("b")[0];
        return x -> 1 + a * Math.exp(-b * ((x[0] - 0.4) * (x[0] - 0.4) + (x[1] - 0.6) * (x[1] - 0.6)));
    }

    static CsrMatrix operator(Parameter mu) {
        return constraint.restrict(space.stiffness(space.allCells(), kappa(mu), RULE));
    }

    /** The solver's mesh, space and boundary condition (for the tests that reuse this solver too). */
    static synchronized void solver() {
        if (space != null) {
            return;
        }
        mesh = ThermalBlock.mesh(2, 2, 6);
        space = new P1Space(mesh);
        int[] fixed = mesh.boundaryNodes(mesh.boundaries().keySet().toArray(String[]::new));
        constraint = new DirichletConstraint(space.dim(), fixed);
        List<Integer> f = new ArrayList<>();
        for (int i = 0; i < space.dim(); i++) {
            if (java.util.Arrays.binarySearch(fixed, i) < 0) {
                f.add(i);
            }
        }
        free = f.stream().mapToInt(Integer::intValue).toArray();
    }

    @BeforeAll
    static void exportAndBuild() throws IOException {
        solver();
        Path dir = Files.createDirectories(tmp.resolve("export"));
        StringBuilder training = new StringBuilder();
        StringBuilder test = new StringBuilder();
        exportSamples(dir, "A", Sampler.random(SPACE, 40, 1), "samples.csv", training);
        exportSamples(dir, "T", Sampler.random(SPACE, 8, 2), "test.csv", test);
        MatrixMarket.writeVector(dir.resolve("F.mtx"), constraint.restrict(space.load(space.allCells(), 1.0)));
        MatrixMarket.write(dir.resolve("X.mtx"), constraint.restrict(space.stiffness(space.allCells())));
        manifest = dir.resolve("manifest.json");
        Files.writeString(
                manifest,
                """
                {"format": "jrom-affine/1",
                 "parameters": {"a": {"size": 1, "min": 0.5, "max": 5}, "b": {"size": 1, "min": 2, "max": 40}},
                 "operator_samples": {"parameters": "samples.csv", "matrices": [%s],
                                      "eim": {"tolerance": 1e-9}},
                 "test_samples": {"parameters": "test.csv", "matrices": [%s]},
                 "rhs": [{"vector": "F.mtx", "coefficient": "1"}],
                 "product": "X.mtx",
                 "coercivity": {"lower_bound": "0.99"},
                 "outputs": [{"name": "compliance", "vector": "F.mtx"}]}
                """
                        .formatted(training, test));
        build = JromCommandTest.run(
                "build",
                "--from",
                manifest.toString(),
                "--tol",
                "1e-9",
                "--max-basis",
                "50",
                "--test",
                "5",
                "--out",
                tmp.resolve("built").toString());
    }

    private static void exportSamples(Path dir, String stem, List<Parameter> mus, String table, StringBuilder names) {
        ParameterTable.write(dir.resolve(table), mus);
        for (int k = 0; k < mus.size(); k++) {
            MatrixMarket.write(dir.resolve(stem + k + ".mtx"), operator(mus.get(k)));
            names.append(k == 0 ? "" : ", ").append('"').append(stem).append(k).append(".mtx\"");
        }
    }

    /** What the solver computes cheaply for the model: its few entries of A(mu), by a restricted assembly. */
    static Path entries(OnlineModel model, List<Parameter> mus, String name) throws IOException {
        int[][] e = model.requiredEntries();
        int[] rows = new int[e[0].length];
        int[] cols = new int[e[0].length];
        for (int m = 0; m < rows.length; m++) {
            rows[m] = free[e[0][m]];
            cols[m] = free[e[1][m]];
        }
        StringBuilder csv = new StringBuilder(EntryTable.names(e[0], e[1])).append('\n');
        for (Parameter mu : mus) {
            double[] v = space.stiffnessEntries(rows, cols, kappa(mu), RULE);
            for (int m = 0; m < v.length; m++) {
                csv.append(m == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.17g", v[m]));
            }
            csv.append('\n');
        }
        Path file = tmp.resolve(name);
        Files.writeString(file, csv);
        return file;
    }

    static double exactCompliance(Parameter mu) {
        return exactOutput(mu, constraint.restrict(space.load(space.allCells(), 1.0)));
    }

    /** The solver's own answer {@code l^T A(mu)^-1 f}, l the uniform load (the integral of u). */
    static double exactOutput(Parameter mu, double[] f) {
        double[] l = constraint.restrict(space.load(space.allCells(), 1.0));
        double[] u = SparseCholesky.factor(operator(mu)).solve(f);
        double s = 0;
        for (int i = 0; i < l.length; i++) {
            s += l[i] * u[i];
        }
        return s;
    }

    @Test
    void theBuildInterpolatesTheSamplesAndValidatesOnTheHeldOutOnes() {
        assertThat(build.code()).as(build.out() + build.err()).isZero();
        assertThat(build.out())
                .contains("operator: nonintrusive EIM of 40 sampled matrices")
                .contains("on the 8 held-out ones")
                .contains("test 8 (given)")
                .contains("interpolation's effect on u:")
                .contains("bound below the true error 0 times");
        // the interpolation's effect on u (2.6e-9 at EIM tolerance 1e-9) is above --tol 1e-9: said so
        assertThat(build.err()).contains("warning: the interpolation's effect on the solution (");
        Run info = JromCommandTest.run("info", tmp.resolve("built/model.jrom").toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains("entries needed (--entries)").contains("A[");
    }

    @Test
    void aQueryGivenTheEntriesAnswersTheExactProblemAndSaysItsBoundIsAnEstimate() throws IOException {
        assertThat(build.code()).as(build.err()).isZero();
        Path model = tmp.resolve("built/model.jrom");
        OnlineModel rom = ModelFile.readOnline(model);
        Parameter mu = Parameter.parse(rom.parameterSpace().type(), NEW_MU);
        Path e = entries(rom, List.of(mu), "entries.csv");
        Run r = JromCommandTest.run("query", model.toString(), "--mu", NEW_MU, "--entries", e.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        double s = json.at("/outputs/compliance").asDouble();
        double exact = exactCompliance(mu);
        // the EIM's entries to 1e-9 relative: the answer to about that, against the solver's own A(mu)
        assertThat(Math.abs(s - exact)).isLessThan(1e-7 * Math.abs(exact));
        assertThat(r.out()).contains("estimate");
        // the same answer from the library: the file's coefficients rebound to the same entries
        OnlineModel bound = rom.withEntries(EntryTable.read(e, List.of(mu), "--mu"));
        assertThat(bound.solve(mu).outputs().get("compliance")).isEqualTo(s);
    }

    @Test
    void aBatchGivenTheEntriesOfEveryRowAnswersAsQueriesDo() throws IOException {
        assertThat(build.code()).as(build.err()).isZero();
        Path model = tmp.resolve("built/model.jrom");
        OnlineModel rom = ModelFile.readOnline(model);
        List<Parameter> mus = Sampler.random(SPACE, 3, 9);
        Path params = tmp.resolve("params.csv");
        ParameterTable.write(params, mus);
        Path e = entries(rom, mus, "batch-entries.csv");
        Path out = tmp.resolve("answers.csv");
        Run r = JromCommandTest.run(
                "batch",
                model.toString(),
                "--params",
                params.toString(),
                "--entries",
                e.toString(),
                "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(4);
        // a pipe cannot be read twice (the entries' rows, then the answers): one line
        Run piped = JromCommandTest.run(
                "batch",
                model.toString(),
                "--params",
                "/dev/stdin",
                "--entries",
                e.toString(),
                "--out",
                tmp.resolve("piped.csv").toString());
        assertThat(piped.code()).isEqualTo(2);
        assertThat(piped.err()).contains("give a file, not /dev/stdin");
        for (int k = 0; k < 3; k++) {
            double exact = exactCompliance(mus.get(k));
            int column = List.of(lines.get(0).split(",")).indexOf("compliance");
            double s = Double.parseDouble(lines.get(k + 1).split(",")[column]);
            assertThat(Math.abs(s - exact)).isLessThan(1e-7 * Math.abs(exact));
        }
    }

    @Test
    void withoutEntriesEveryCommandSaysWhichToGiveInOneLine() {
        assertThat(build.code()).as(build.err()).isZero();
        String model = tmp.resolve("built/model.jrom").toString();
        for (String[] args : new String[][] {
            {"query", model, "--mu", NEW_MU},
            {"uq", model, "--samples", "10", "--out", tmp.resolve("uq").toString()}
        }) {
            Run r = JromCommandTest.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("needs the").contains("of A(mu)");
        }
        assertThat(tmp.resolve("uq")).doesNotExist();
    }

    @Test
    void aModelFileWhoseCoefficientMapIsNotTriangularIsRefused() {
        assertThat(build.code()).as(build.err()).isZero();
        Path model = tmp.resolve("built/model.jrom");
        int m = ModelFile.readOnline(model).requiredEntries()[0].length;
        assertNonTriangularRefused(model, tmp.resolve("b.jrom"), "operator_entries", m);
    }

    /**
     * A copy of {@code model} whose section's B ({@code m x m}) is not unit lower triangular: {@code
     * jrom info} refuses it in one line naming the section.
     */
    static void assertNonTriangularRefused(Path model, Path copy, String section, int m) {
        org.jrom.linalg.DenseMatrix b = org.jrom.linalg.DenseMatrix.identity(m);
        b.set(0, 1, 0.5); // above the diagonal: B is no longer unit lower triangular
        Path file = SmallModel.withArray(model, copy, section + "_interpolation", b);
        Run r = JromCommandTest.run("info", file.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(section).contains("unit lower");
    }

    /**
     * Each case, {@code {manifest text, message}}, written beside {@code manifest}: {@code build
     * --from} refuses it in one line containing the message, exit 2, and writes nothing under {@code
     * out}.
     */
    static void assertManifestsRefused(Path manifest, String[][] cases, Path out) throws IOException {
        String good = Files.readString(manifest);
        for (int k = 0; k < cases.length; k++) {
            assertThat(cases[k][0]).as("case " + k + " changes the manifest").isNotEqualTo(good);
            Path bad = manifest.getParent().resolve("bad" + k + ".json");
            Files.writeString(bad, cases[k][0]);
            Run r = JromCommandTest.run(
                    "build",
                    "--from",
                    bad.toString(),
                    "--out",
                    out.resolve("bad" + k).toString());
            assertThat(r.code()).as(cases[k][1] + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains(cases[k][1]);
            assertThat(out.resolve("bad" + k)).doesNotExist();
        }
    }

    @Test
    void badSampleManifestsAreOneLine() throws IOException {
        String good = Files.readString(manifest);
        String[][] cases = {
            {good.replace("\"A1.mtx\", ", ""), "operator_samples.matrices: lists 39 matrices for the 40 rows"},
            {
                good.replace(
                        "{\"lower_bound\": \"0.99\"}",
                        "{\"method\": \"min-theta\", \"reference\": {\"a\": 1, \"b\": 2}, \"alpha\": 1}"),
                "min-theta needs coefficients of one sign"
            },
            {
                good.replace("\"test_samples\"", "\"operator\": [], \"test_samples\""),
                "operator: not with operator_samples"
            },
        };
        assertManifestsRefused(manifest, cases, tmp);
    }
}

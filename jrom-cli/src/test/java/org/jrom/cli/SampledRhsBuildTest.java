package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.io.EntryTable;
import org.jrom.io.MatrixMarket;
import org.jrom.io.ModelFile;
import org.jrom.io.ParameterTable;
import org.jrom.models.OnlineModel;
import org.jrom.operators.MatrixEntries;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A problem whose operator and right-hand side are both non-affine, as a solver hands them over:
 * {@code operator_samples} with a vector {@code f(mu_k)} beside each matrix, interpolated by the
 * nonintrusive EIM (the matrices) and the vector EIM (the right-hand sides); online the model
 * needs the entries {@code A[i][j]} and {@code f[i]} at its magic entries. The solver is {@link
 * SampledOperatorBuildTest}'s, with the load {@code g(x; mu) = exp(-(b / 10) |x - (0.6, 0.3)|^2)}:
 * the load's width depends on b, not affinely. Answers are checked against the exact solve of the
 * solver's own {@code A(mu) u = f(mu)}.
 */
class SampledRhsBuildTest {
    @TempDir
    static Path tmp;

    static Path manifest;
    static Run build;

    static double[] load(Parameter mu) {
        double b = mu.get("b")[0];
        return SampledOperatorBuildTest.constraint.restrict(SampledOperatorBuildTest.space.load(
                SampledOperatorBuildTest.space.allCells(),
                x -> Math.exp(-b / 10 * ((x[0] - 0.6) * (x[0] - 0.6) + (x[1] - 0.3) * (x[1] - 0.3))),
                SampledOperatorBuildTest.RULE));
    }

    @BeforeAll
    static void exportAndBuild() throws IOException {
        SampledOperatorBuildTest.solver();
        Path dir = Files.createDirectories(tmp.resolve("export"));
        String training = export(dir, "A", Sampler.random(SampledOperatorBuildTest.SPACE, 40, 1), "samples.csv");
        String test = export(dir, "T", Sampler.random(SampledOperatorBuildTest.SPACE, 8, 2), "test.csv");
        var c = SampledOperatorBuildTest.constraint;
        var space = SampledOperatorBuildTest.space;
        MatrixMarket.writeVector(dir.resolve("M.mtx"), c.restrict(space.load(space.allCells(), 1.0)));
        MatrixMarket.write(dir.resolve("X.mtx"), c.restrict(space.stiffness(space.allCells())));
        manifest = dir.resolve("manifest.json");
        Files.writeString(
                manifest,
                """
                {"format": "jrom-affine/1",
                 "parameters": {"a": {"size": 1, "min": 0.5, "max": 5}, "b": {"size": 1, "min": 2, "max": 40}},
                 "operator_samples": {%s, "eim": {"tolerance": 1e-9}},
                 "test_samples": {%s},
                 "product": "X.mtx",
                 "coercivity": {"lower_bound": "0.99"},
                 "outputs": [{"name": "integral", "vector": "M.mtx", "method": "primal-dual"}]}
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
                "--out",
                tmp.resolve("built").toString());
    }

    /** The matrices and right-hand sides at mus, and the manifest's fields that list them. */
    private static String export(Path dir, String stem, List<Parameter> mus, String table) {
        ParameterTable.write(dir.resolve(table), mus);
        StringBuilder matrices = new StringBuilder();
        StringBuilder vectors = new StringBuilder();
        for (int k = 0; k < mus.size(); k++) {
            MatrixMarket.write(dir.resolve(stem + k + ".mtx"), SampledOperatorBuildTest.operator(mus.get(k)));
            MatrixMarket.writeVector(dir.resolve(stem + "f" + k + ".mtx"), load(mus.get(k)));
            matrices.append(k == 0 ? "" : ", ")
                    .append('"')
                    .append(stem)
                    .append(k)
                    .append(".mtx\"");
            vectors.append(k == 0 ? "" : ", ")
                    .append('"')
                    .append(stem)
                    .append('f')
                    .append(k)
                    .append(".mtx\"");
        }
        return "\"parameters\": \"%s\", \"matrices\": [%s], \"rhs\": [%s]".formatted(table, matrices, vectors);
    }

    /** What the solver writes for the model: its entries A[i][j] and f[i] at each parameter. */
    static Path entries(int[][] e, List<Parameter> mus, String name) throws IOException {
        int[] free = SampledOperatorBuildTest.free;
        StringBuilder csv = new StringBuilder(EntryTable.names(e[0], e[1])).append('\n');
        for (Parameter mu : mus) {
            double[] f = load(mu);
            var a = SampledOperatorBuildTest.operator(mu);
            for (int m = 0; m < e[0].length; m++) {
                double v = e[1][m] == MatrixEntries.RHS ? f[e[0][m]] : a.get(e[0][m], e[1][m]);
                csv.append(m == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.17g", v));
            }
            csv.append('\n');
        }
        assertThat(free).isNotEmpty();
        Path file = tmp.resolve(name);
        Files.writeString(file, csv);
        return file;
    }

    static double exactIntegral(Parameter mu) {
        return SampledOperatorBuildTest.exactOutput(mu, load(mu));
    }

    @Test
    void theBuildInterpolatesMatricesAndRightHandSidesAndValidatesOnTheHeldOutOnes() {
        assertThat(build.code()).as(build.out() + build.err()).isZero();
        assertThat(tmp.resolve("built/eim-convergence.png")).isNotEmptyFile();
        assertThat(build.out())
                .contains("operator: nonintrusive EIM of 40 sampled matrices")
                .contains("right-hand side: EIM of 40 sampled vectors")
                .contains("interpolation's effect on u:")
                .contains("bound below the true error 0 times");
        Run info = JromCommandTest.run("info", tmp.resolve("built/model.jrom").toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains("right-hand side").contains("f[").contains("A[");
    }

    @Test
    void aQueryGivenTheEntriesOfAAndFAnswersTheSolversProblem() throws IOException {
        assertThat(build.code()).as(build.err()).isZero();
        Path model = tmp.resolve("built/model.jrom");
        OnlineModel rom = ModelFile.readOnline(model);
        int[][] needed = rom.requiredEntries();
        long rhsEntries = java.util.Arrays.stream(needed[1])
                .filter(j -> j == MatrixEntries.RHS)
                .count();
        assertThat(rhsEntries).isPositive().isLessThan(needed[1].length);
        Parameter mu = Parameter.parse(rom.parameterSpace().type(), SampledOperatorBuildTest.NEW_MU);
        Path e = entries(needed, List.of(mu), "entries.csv");
        Run r = JromCommandTest.run(
                "query",
                model.toString(),
                "--mu",
                SampledOperatorBuildTest.NEW_MU,
                "--entries",
                e.toString(),
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        double s = new ObjectMapper().readTree(r.out()).at("/outputs/integral").asDouble();
        double exact = exactIntegral(mu);
        assertThat(Math.abs(s - exact)).isLessThan(1e-7 * Math.abs(exact));
        assertThat(r.out()).contains("estimate");
        // the right-hand side's entries count: a load of the wrong width answers another problem
        Parameter other = Parameter.parse(rom.parameterSpace().type(), "a=2.345;b=30");
        String csv = Files.readString(e);
        String[] header = csv.lines().findFirst().orElseThrow().split(",");
        String[] values = csv.lines().skip(1).findFirst().orElseThrow().split(",");
        double[] otherLoad = load(other);
        for (int m = 0; m < header.length; m++) {
            if (header[m].startsWith("f[")) {
                values[m] = String.format(Locale.ROOT, "%.17g", otherLoad[needed[0][m]]);
            }
        }
        Path wrong = tmp.resolve("wrong.csv");
        Files.writeString(wrong, String.join(",", header) + "\n" + String.join(",", values) + "\n");
        double sWrong = rom.withEntries(EntryTable.read(wrong, List.of(mu), "--mu"))
                .solve(mu)
                .outputs()
                .get("integral");
        assertThat(Math.abs(sWrong - exact)).isGreaterThan(1e-3 * Math.abs(exact));
    }

    @Test
    void withoutTheRightHandSidesEntriesTheQueryNamesThemInOneLine() throws IOException {
        assertThat(build.code()).as(build.err()).isZero();
        Path model = tmp.resolve("built/model.jrom");
        OnlineModel rom = ModelFile.readOnline(model);
        int[][] needed = rom.requiredEntries();
        int q = (int) java.util.Arrays.stream(needed[1])
                .filter(j -> j != MatrixEntries.RHS)
                .count();
        int[][] operatorOnly = {java.util.Arrays.copyOf(needed[0], q), java.util.Arrays.copyOf(needed[1], q)};
        Parameter mu = Parameter.parse(rom.parameterSpace().type(), SampledOperatorBuildTest.NEW_MU);
        Path e = entries(operatorOnly, List.of(mu), "operator-only.csv");
        Run r = JromCommandTest.run(
                "query", model.toString(), "--mu", SampledOperatorBuildTest.NEW_MU, "--entries", e.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("has no column f[");
        Run none = JromCommandTest.run("query", model.toString(), "--mu", SampledOperatorBuildTest.NEW_MU);
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("f[").contains("and f(mu)");
    }

    @Test
    void aModelFileWhoseRightHandSideMapIsNotTriangularIsRefused() {
        assertThat(build.code()).as(build.err()).isZero();
        Path model = tmp.resolve("built/model.jrom");
        long p = java.util.Arrays.stream(ModelFile.readOnline(model).requiredEntries()[1])
                .filter(j -> j == MatrixEntries.RHS)
                .count();
        SampledOperatorBuildTest.assertNonTriangularRefused(model, tmp.resolve("b.jrom"), "rhs_entries", (int) p);
    }

    @Test
    void badSampledRightHandSidesAreOneLine() throws IOException {
        String good = Files.readString(manifest);
        String[][] cases = {
            {good.replace("\"Af1.mtx\", ", ""), "operator_samples.rhs: lists 39 right-hand sides for the 40 rows"},
            {
                good.replace("\"product\"", "\"rhs\": [{\"vector\": \"M.mtx\", \"coefficient\": \"1\"}], \"product\""),
                "rhs: not with operator_samples.rhs"
            },
            {good.replaceFirst(", \"rhs\": \\[\"Tf0[^]]*]", ""), "test_samples: missing \"rhs\""},
            {good.replace("\"Af2.mtx\"", "\"A2.mtx\""), "operator_samples.rhs[2]"},
            {
                good.replace("\"method\": \"primal-dual\"", "\"method\": \"compliant\""),
                "the load is sampled (operator_samples.rhs): it varies with mu; use primal-dual"
            },
        };
        SampledOperatorBuildTest.assertManifestsRefused(manifest, cases, tmp);
    }
}

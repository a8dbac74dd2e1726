package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.io.MatrixMarket;
import org.jrom.io.ModelFile;
import org.jrom.io.ParameterTable;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
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
 * A non-affine problem whose varying entries the solver can write in closed form
 * ({@code operator_samples.entry_expressions}): jrom evaluates the EIM's coefficients itself, so the
 * model answers any parameter without the solver, Monte Carlo included. The "solver": {@code -u'' +
 * exp(-mu x) u = 1} on (0, 1), P1 with a lumped reaction, u = 0 at both ends: {@code A(mu) = K +
 * h diag(exp(-mu x_i))}, whose diagonal entries are {@code 2/h + h exp(-mu x_i)}.
 */
class EntryExpressionsBuildTest {
    static final int N = 59; // interior nodes
    static final double H = 1.0 / (N + 1);
    static final ParameterSpace SPACE =
            ParameterSpace.of(ParameterType.of("mu", 1), new double[] {0}, new double[] {10});

    @TempDir
    static Path tmp;

    static Path dir;
    static Run build;

    static CsrMatrix operator(double mu) {
        DenseMatrix a = DenseMatrix.zeros(N, N);
        for (int i = 0; i < N; i++) {
            a.set(i, i, 2 / H + H * Math.exp(-mu * (i + 1) * H));
            if (i > 0) {
                a.set(i, i - 1, -1 / H);
                a.set(i - 1, i, -1 / H);
            }
        }
        return CsrMatrix.fromDense(a);
    }

    static String diagonalExpression(int i) {
        return String.format(Locale.ROOT, "%.17g + %.17g * exp(-mu * %.17g)", 2 / H, H, (i + 1) * H);
    }

    static String manifest(String expressions) {
        StringBuilder matrices = new StringBuilder();
        for (int k = 0; k < 30; k++) {
            matrices.append(k == 0 ? "" : ", ").append("\"A").append(k).append(".mtx\"");
        }
        return """
                {"format": "jrom-affine/1",
                 "parameters": {"mu": {"size": 1, "min": 0, "max": 10}},
                 "operator_samples": {"parameters": "samples.csv", "matrices": [%s],
                                      "eim": {"tolerance": 1e-10}, "entry_expressions": [%s]},
                 "rhs": [{"vector": "F.mtx", "coefficient": "1"}],
                 "product": "X.mtx",
                 "coercivity": {"lower_bound": "1"},
                 "outputs": [{"name": "compliance", "vector": "F.mtx"}]}
                """
                .formatted(matrices, expressions);
    }

    static String diagonalExpressions(int wrongRow) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < N; i++) {
            String x = diagonalExpression(i) + (i == wrongRow ? " + 0.001" : "");
            s.append(i == 0 ? "" : ", ")
                    .append("{\"row\": %d, \"col\": %d, \"expression\": \"%s\"}".formatted(i, i, x));
        }
        return s.toString();
    }

    @BeforeAll
    static void exportAndBuild() throws IOException {
        dir = Files.createDirectories(tmp.resolve("export"));
        List<Parameter> mus = Sampler.random(SPACE, 30, 1);
        ParameterTable.write(dir.resolve("samples.csv"), mus);
        for (int k = 0; k < mus.size(); k++) {
            MatrixMarket.write(
                    dir.resolve("A" + k + ".mtx"), operator(mus.get(k).get("mu")[0]));
        }
        double[] f = new double[N];
        java.util.Arrays.fill(f, H);
        MatrixMarket.writeVector(dir.resolve("F.mtx"), f);
        // X = K, the mu-independent part: A(mu) >= X, so alpha_LB = 1 in the X norm
        DenseMatrix k = DenseMatrix.zeros(N, N);
        for (int i = 0; i < N; i++) {
            k.set(i, i, 2 / H);
            if (i > 0) {
                k.set(i, i - 1, -1 / H);
                k.set(i - 1, i, -1 / H);
            }
        }
        MatrixMarket.write(dir.resolve("X.mtx"), CsrMatrix.fromDense(k));
        Files.writeString(dir.resolve("manifest.json"), manifest(diagonalExpressions(-1)));
        build = JromCommandTest.run(
                "build",
                "--from",
                dir.resolve("manifest.json").toString(),
                "--tol",
                "1e-9",
                "--test",
                "5",
                "--out",
                tmp.resolve("built").toString());
    }

    @Test
    void theModelAnswersAnyParameterWithoutTheSolver() {
        assertThat(build.code()).as(build.err()).isZero();
        assertThat(build.out()).contains("operator entries online: from the manifest's entry_expressions");
        build.out().lines().filter(l -> l.startsWith("operator")).forEach(System.out::println);
        Path model = tmp.resolve("built").resolve("model.jrom");
        OnlineModel rom = ModelFile.read(model);
        assertThat(rom.requiredEntries()[0]).isEmpty();
        double[] f = new double[N];
        java.util.Arrays.fill(f, H);
        for (double mu : new double[] {0.37, 4.2, 9.9}) {
            double[] u = SparseCholesky.factor(operator(mu)).solve(f);
            double exact = 0;
            for (int i = 0; i < N; i++) {
                exact += f[i] * u[i];
            }
            double answer = rom.solve(Parameter.of(SPACE.type(), mu)).outputs().get("compliance");
            assertThat(Math.abs(answer - exact)).as("mu = %s", mu).isLessThan(1e-8 * exact);
            System.out.printf(
                    Locale.ROOT, "mu = %s: compliance relative error %.2e%n", mu, Math.abs(answer - exact) / exact);
        }
        Run query = JromCommandTest.run("query", model.toString(), "--mu", "mu=4.2");
        assertThat(query.code()).as(query.err()).isZero();
        Run uq = JromCommandTest.run(
                "uq",
                model.toString(),
                "--samples",
                "200",
                "--out",
                tmp.resolve("uq").toString());
        assertThat(uq.code()).as(uq.err()).isZero();
    }

    @Test
    void anExpressionThatDisagreesWithTheExportedMatricesIsOneLine() throws IOException {
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        for (String f : Files.list(dir).map(p -> p.getFileName().toString()).toList()) {
            Files.copy(dir.resolve(f), bad.resolve(f));
        }
        Files.writeString(bad.resolve("manifest.json"), manifest(diagonalExpressions(7)));
        Run r = JromCommandTest.run(
                "build",
                "--from",
                bad.resolve("manifest.json").toString(),
                "--out",
                tmp.resolve("b").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err())
                .contains("operator_samples.entry_expressions[7].expression")
                .contains("gives A[7][7]");
        assertThat(tmp.resolve("b")).doesNotExist();
    }
}

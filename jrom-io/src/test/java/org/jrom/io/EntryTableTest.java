package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jrom.algorithms.MatrixEim;
import org.jrom.linalg.CsrMatrix;
import org.jrom.operators.MatrixEntries;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-parameter entry file of the nonintrusive matrix EIM: the magic entries an external solver
 * writes for each parameter of a table give the same EIM coefficients as the callback that
 * computes them, and every malformed file is an error naming the file and line.
 */
class EntryTableTest {
    private static final ParameterSpace SPACE = ParameterSpace.box(ParameterType.of("a", 1, "b", 1), 0.0, 1.0);

    /** A non-affine family on a tridiagonal pattern: {@code A(mu)_ij = (2 + a x_i) / (1 + b y_j)}, off-diagonals -1. */
    private static CsrMatrix family(Parameter mu) {
        int n = 30;
        List<int[]> ij = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = Math.max(0, i - 1); j <= Math.min(n - 1, i + 1); j++) {
                ij.add(new int[] {i, j});
                double x = (double) i / n;
                double y = (double) j / n;
                v.add(i == j ? (2 + mu.get(0) * x * x) / (1 + mu.get(1) * y) : -Math.exp(-mu.get(0) * y));
            }
        }
        return CsrMatrix.fromTriplets(
                n,
                n,
                ij.stream().mapToInt(p -> p[0]).toArray(),
                ij.stream().mapToInt(p -> p[1]).toArray(),
                v.stream().mapToDouble(Double::doubleValue).toArray(),
                ij.size());
    }

    private static final MatrixEntries EXACT = (mu, rows, cols) -> {
        CsrMatrix a = family(mu);
        double[] out = new double[rows.length];
        for (int m = 0; m < out.length; m++) {
            out[m] = a.get(rows[m], cols[m]);
        }
        return out;
    };

    @TempDir
    Path dir;

    private MatrixEim.Result eim;
    private List<Parameter> queries;
    private ParameterTable table;

    @BeforeEach
    void writeFiles() throws IOException {
        List<CsrMatrix> samples = new ArrayList<>();
        for (Parameter mu : Sampler.latinHypercube(SPACE, 30, 1)) {
            samples.add(family(mu));
        }
        eim = MatrixEim.ofMatrices(samples, 12, 1e-10);
        queries = Sampler.random(SPACE, 5, 2);
        StringBuilder params = new StringBuilder("a,b\n");
        StringBuilder entries = new StringBuilder(EntryTable.names(eim.magicRows(), eim.magicCols()) + "\n");
        for (Parameter mu : queries) {
            params.append(mu.get(0)).append(',').append(mu.get(1)).append('\n');
            double[] e = EXACT.values(mu, eim.magicRows(), eim.magicCols());
            for (int m = 0; m < e.length; m++) {
                entries.append(m == 0 ? "" : ",").append(e[m]);
            }
            entries.append('\n');
        }
        Files.writeString(dir.resolve("params.csv"), params);
        Files.writeString(dir.resolve("entries.csv"), entries);
        table = ParameterTable.read(dir.resolve("params.csv"));
    }

    @Test
    void theFileGivesTheCoefficientsOfTheCallback() {
        EntryTable file = EntryTable.read(dir.resolve("entries.csv"), table);
        assertThat(file.entries()).hasSize(eim.size());
        for (Parameter mu : table.parameters()) {
            assertThat(eim.coefficients(file).evaluate(mu))
                    .containsExactly(eim.coefficients(EXACT).evaluate(mu));
        }
        Parameter other = Parameter.of(table.type(), 0.123, 0.456);
        assertThatThrownBy(() -> file.values(other, eim.magicRows(), eim.magicCols()))
                .hasMessageContaining("no entries for the parameter");
        assertThatThrownBy(() -> file.values(table.parameter(0), new int[] {29}, new int[] {0}))
                .hasMessageContaining("no column A[29][0]");
    }

    /**
     * A sampled right-hand side's entries are the column {@link MatrixEntries#RHS}: {@code f[i]} in
     * the header, read by the vector EIM's coefficients through {@code rightHandSide()}, beside the
     * operator's {@code A[i][j]} in one file.
     */
    @Test
    void rightHandSideEntriesAreColumnsNamedF() throws IOException {
        // f(mu)_i = exp(-a x_i) / (1 + b x_i^2): not affine in mu
        MatrixEntries exactRhs = (mu, rows, cols) -> {
            double[] out = new double[rows.length];
            for (int m = 0; m < out.length; m++) {
                assertThat(cols[m]).isEqualTo(MatrixEntries.RHS);
                double x = rows[m] / 30.0;
                out[m] = Math.exp(-mu.get(0) * x) / (1 + mu.get(1) * x * x);
            }
            return out;
        };
        List<double[]> vectors = new ArrayList<>();
        for (Parameter mu : Sampler.latinHypercube(SPACE, 30, 1)) {
            int[] all = java.util.stream.IntStream.range(0, 30).toArray();
            int[] rhsColumn = new int[30];
            java.util.Arrays.fill(rhsColumn, MatrixEntries.RHS);
            vectors.add(exactRhs.values(mu, all, rhsColumn));
        }
        MatrixEim.Result rhs =
                MatrixEim.ofVectors(org.jrom.linalg.VectorArray.of(vectors.toArray(double[][]::new)), 12, 1e-10);
        assertThat(rhs.size()).isBetween(2, 12);
        int[] fCols = new int[rhs.size()];
        java.util.Arrays.fill(fCols, MatrixEntries.RHS);
        String fNames = MatrixEntries.names(rhs.magicRows(), fCols);
        assertThat(fNames).startsWith("f[").doesNotContain("A[");
        String[] lines = Files.readString(dir.resolve("entries.csv")).split("\n");
        StringBuilder both = new StringBuilder(lines[0] + "," + fNames + "\n");
        for (int k = 0; k < queries.size(); k++) {
            both.append(lines[k + 1]);
            for (double v : exactRhs.values(queries.get(k), rhs.magicRows(), fCols)) {
                both.append(',').append(v);
            }
            both.append('\n');
        }
        Path f = dir.resolve("both.csv");
        Files.writeString(f, both);
        EntryTable file = EntryTable.read(f, table);
        assertThat(file.entries()).hasSize(eim.size() + rhs.size()).contains(fNames.split(",")[0]);
        for (Parameter mu : table.parameters()) {
            assertThat(rhs.rhsCoefficients(file).evaluate(mu))
                    .containsExactly(rhs.rhsCoefficients(exactRhs).evaluate(mu));
            assertThat(eim.coefficients(file).evaluate(mu))
                    .containsExactly(eim.coefficients(EXACT).evaluate(mu));
        }
        // a file of A's entries only has no f[i]: named in the message
        EntryTable operatorOnly = EntryTable.read(dir.resolve("entries.csv"), table);
        assertThatThrownBy(() -> rhs.rhsCoefficients(operatorOnly).evaluate(table.parameter(0)))
                .hasMessageContaining("no column f[" + rhs.magicRows()[0] + "]");
    }

    @Test
    void malformedFilesNameTheLine() throws IOException {
        String good = Files.readString(dir.resolve("entries.csv"));
        String[] lines = good.split("\n");
        String firstEntry = lines[0].split(",")[0];
        record Case(String text, String message) {}
        for (Case c : List.of(
                new Case(good.replace(firstEntry, "B[1]"), "bad.csv:1: column 1 'B[1]' is not an entry"),
                new Case(good.replace(firstEntry, "f[1][2]"), "column 1 'f[1][2]' is not an entry"),
                new Case(good.replaceFirst("\n", "," + firstEntry + "\n"), "repeats column 1"),
                new Case(lines[0] + "\n" + lines[1] + "\n", "1 rows of entries, but"),
                new Case(good.replaceFirst("\n[^,\n]*,", "\nnan,"), "bad.csv:2"),
                new Case(good + "1\n", "bad.csv:7"),
                new Case("", "empty entry table"))) {
            Path f = dir.resolve("bad.csv");
            Files.writeString(f, c.text);
            assertThatThrownBy(() -> EntryTable.read(f, table))
                    .as(c.message)
                    .isInstanceOf(FileFormatException.class)
                    .hasMessageContaining(c.message);
        }
    }
}

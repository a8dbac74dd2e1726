package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JavaGemmTest {
    /**
     * Shapes (m, n, k) that cross the tile (4), block (MC = 128, KC = 256) and piece boundaries,
     * including degenerate ones and tall/wide products that split rows or columns across threads.
     */
    private static final int[][] SHAPES = {
        {1, 1, 1},
        {1, 7, 3},
        {7, 1, 9},
        {7, 7, 7},
        {63, 65, 1},
        {63, 129, 257},
        {129, 63, 300},
        {257, 257, 257},
        {5, 130, 513},
        {2001, 9, 257},
        {9, 2001, 130},
        {130, 131, 2}
    };

    static Stream<Arguments> productCases() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 1;
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                cases.add(Arguments.of(t >= 2, t % 2 == 1, s[0], s[1], s[2], seed++));
            }
        }
        return cases.stream();
    }

    /** A column-major operand of {@code rows x cols} inside a larger array: offset and padded lda. */
    private record Operand(double[] data, int offset, int ld) {
        static Operand random(int rows, int cols, Random rnd) {
            int offset = rnd.nextInt(5);
            int ld = rows + rnd.nextInt(4);
            double[] data = new double[offset + ld * cols + 3];
            for (int i = 0; i < data.length; i++) {
                data[i] = rnd.nextGaussian();
            }
            return new Operand(data, offset, ld);
        }
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("productCases")
    void productEqualsTheReferenceDgemm(boolean transA, boolean transB, int m, int n, int k, long seed) {
        Random rnd = new Random(seed);
        Operand a = transA ? Operand.random(k, m, rnd) : Operand.random(m, k, rnd);
        Operand b = transB ? Operand.random(n, k, rnd) : Operand.random(k, n, rnd);
        Operand c = Operand.random(m, n, rnd);
        double alpha = rnd.nextGaussian();
        double beta = rnd.nextGaussian();

        double[] expected = c.data.clone();
        reference(transA, transB, m, n, k, alpha, a, b, beta, expected, c);
        double[] actual = c.data.clone();
        JavaGemm.multiply(
                transA, transB, m, n, k, alpha, a.data, a.offset, a.ld, b.data, b.offset, b.ld, beta, actual, c.offset,
                c.ld);

        assertRelativelyClose(expected, actual, c, m, n);
        assertOnlyTheProductRegionChanged(c, m, n, actual);
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("productCases")
    void betaZeroOverwritesNanAndAlphaZeroReadsNeitherFactor(
            boolean transA, boolean transB, int m, int n, int k, long seed) {
        Random rnd = new Random(seed);
        Operand a = transA ? Operand.random(k, m, rnd) : Operand.random(m, k, rnd);
        Operand b = transB ? Operand.random(n, k, rnd) : Operand.random(k, n, rnd);
        Operand c = Operand.random(m, n, rnd);
        double alpha = 1.0 + rnd.nextDouble();

        // beta = 0: C is overwritten, as in BLAS, so NaN or garbage in C must not reach the result.
        double[] zeros = new double[c.data.length];
        reference(transA, transB, m, n, k, alpha, a, b, 0.0, zeros, c);
        double[] nan = new double[c.data.length];
        Arrays.fill(nan, Double.NaN);
        JavaGemm.multiply(
                transA, transB, m, n, k, alpha, a.data, a.offset, a.ld, b.data, b.offset, b.ld, 0.0, nan, c.offset,
                c.ld);
        assertRelativelyClose(zeros, nan, c, m, n);

        // alpha = 0: C = beta C even when A and B hold NaN (BLAS does not read them).
        Arrays.fill(a.data, Double.NaN);
        Arrays.fill(b.data, Double.NaN);
        double[] scaled = c.data.clone();
        JavaGemm.multiply(
                transA, transB, m, n, k, 0.0, a.data, a.offset, a.ld, b.data, b.offset, b.ld, -0.5, scaled, c.offset,
                c.ld);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                int at = c.offset + i + j * c.ld;
                assertThat(scaled[at]).isEqualTo(-0.5 * c.data[at]);
            }
        }
        assertOnlyTheProductRegionChanged(c, m, n, scaled);
    }

    static Stream<Arguments> gramCases() {
        int[][] shapes = {{1, 1}, {1, 9}, {7, 3}, {9, 1000}, {63, 257}, {129, 300}, {200, 600}, {257, 40}};
        return Arrays.stream(shapes).map(s -> Arguments.of(s[0], s[1], (long) s[0] * 1000 + s[1]));
    }

    @ParameterizedTest(name = "n={0} k={1}")
    @MethodSource("gramCases")
    void gramLowerTriangleEqualsTheReferenceSyrk(int n, int k, long seed) {
        Random rnd = new Random(seed);
        Operand v = Operand.random(k, n, rnd);
        int ldc = n + 2;
        double[] expected = new double[ldc * n];
        Arrays.fill(expected, Double.NaN);
        LinalgBackend.javaBlas().dsyrk("L", "T", n, k, 1.0, v.data, v.offset, v.ld, 0.0, expected, 0, ldc);
        double[] actual = new double[ldc * n];
        Arrays.fill(actual, Double.NaN);
        JavaGemm.gramLower(n, k, v.data, v.offset, v.ld, actual, 0, ldc);

        double scale = 0;
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                scale = Math.max(scale, Math.abs(expected[i + j * ldc]));
            }
        }
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                assertThat(actual[i + j * ldc])
                        .as("entry (%d, %d)", i, j)
                        .isCloseTo(expected[i + j * ldc], org.assertj.core.data.Offset.offset(1e-12 * scale));
            }
            // The padding rows between n and ldc belong to nobody: they must stay untouched.
            for (int i = n; i < ldc; i++) {
                assertThat(actual[i + j * ldc]).isNaN();
            }
        }
    }

    private static void reference(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double alpha,
            Operand a,
            Operand b,
            double beta,
            double[] c,
            Operand cShape) {
        LinalgBackend.javaBlas()
                .dgemm(
                        transA ? "T" : "N",
                        transB ? "T" : "N",
                        m,
                        n,
                        k,
                        alpha,
                        a.data,
                        a.offset,
                        a.ld,
                        b.data,
                        b.offset,
                        b.ld,
                        beta,
                        c,
                        cShape.offset,
                        cShape.ld);
    }

    /** max |actual - expected| <= 1e-12 max |expected| over the m x n product region of C. */
    private static void assertRelativelyClose(double[] expected, double[] actual, Operand c, int m, int n) {
        double size = 0;
        double difference = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                int at = c.offset + i + j * c.ld;
                size = Math.max(size, Math.abs(expected[at]));
                // NaN must fail: Math.max propagates it and the final comparison rejects it.
                difference = Math.max(difference, Math.abs(actual[at] - expected[at]));
            }
        }
        assertThat(difference).isLessThanOrEqualTo(1e-12 * size);
    }

    /** Entries of the C array outside the m x n product (offset, padding rows, tail) are untouched. */
    private static void assertOnlyTheProductRegionChanged(Operand c, int m, int n, double[] after) {
        for (int at = 0; at < after.length; at++) {
            int rel = at - c.offset;
            boolean inside = rel >= 0 && rel < c.ld * n && rel % c.ld < m;
            if (!inside) {
                assertThat(after[at]).as("entry %d outside the product", at).isEqualTo(c.data[at]);
            }
        }
    }
}

package org.jrom.linalg;

/**
 * General matrix product {@code C = alpha op(A) op(B) + beta C} on column-major arrays, routed to
 * the live BLAS, or to the blocked pure-Java {@link JavaGemm} when no native BLAS is loaded and the
 * product is large (netlib's reference Java DGEMM is ~30x slower than OpenBLAS there). All dense
 * products in jrom go through here, so that the backend choice is made in one place.
 */
final class Gemm {
    private Gemm() {}

    /**
     * {@code C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C}, op = transpose when the
     * flag is set. Arrays are column-major with leading dimensions lda, ldb, ldc.
     */
    static void multiply(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double alpha,
            double[] a,
            int aOffset,
            int lda,
            double[] b,
            int bOffset,
            int ldb,
            double beta,
            double[] c,
            int cOffset,
            int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    c[cOffset + i + j * ldc] *= beta;
                }
            }
            return;
        }
        if (JavaGemm.preferred(m, n, k)) {
            JavaGemm.multiply(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        OpenBlas.wide(2.0 * m * n * k, () -> {
            LinalgBackend.blas()
                    .dgemm(
                            transA ? "T" : "N",
                            transB ? "T" : "N",
                            m,
                            n,
                            k,
                            alpha,
                            a,
                            aOffset,
                            Math.max(1, lda),
                            b,
                            bOffset,
                            Math.max(1, ldb),
                            beta,
                            c,
                            cOffset,
                            Math.max(1, ldc));
        });
    }
}

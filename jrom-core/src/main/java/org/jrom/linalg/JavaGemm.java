package org.jrom.linalg;

/**
 * A cache-blocked, register-tiled, multithreaded pure-Java DGEMM, used when no native BLAS is
 * loaded: the layered loop structure of GotoBLAS (Goto, van de Geijn, "Anatomy of high-performance
 * matrix multiplication", ACM TOMS 34(3), 2008) as refined by BLIS (Van Zee, van de Geijn, ACM TOMS
 * 41(3), 2015).
 *
 * <p>op(B) is packed into {@code KC x NC} panels of {@code NR}-column slivers, op(A) into {@code
 * MC x KC} blocks of {@code MR}-row slivers (transposes are absorbed by the packing, alpha is folded
 * into packed B), and a {@code 4 x 4} micro-kernel keeps its tile of C in 16 local variables that
 * HotSpot C2 holds in registers, one fused multiply-add per entry and step ({@code Math.fma}
 * measured ~30% faster than multiply-then-add here). Threads work on disjoint rectangles of C, each
 * with its own packing buffers, so no synchronization is needed beyond the final join.
 */
final class JavaGemm {
    /** Rows of the register tile. */
    static final int MR = 4;
    /** Columns of the register tile. */
    static final int NR = 4;
    /** Depth of a packed block: an MR x KC sliver of A and a KC x NR sliver of B stay in L1. */
    static final int KC = 256;
    /** Rows of a packed block of A: MC x KC doubles (256 KiB) stay in L2. */
    static final int MC = 128;
    /** Columns of a packed panel of B: KC x NC doubles (4 MiB) stay in L3. */
    static final int NC = 2048;
    /** Below this many multiply-adds (m n k) the netlib BLAS call is cheaper than packing. */
    static final long MIN_WORK = 32L * 32 * 32;
    /** Multiply-adds per parallel piece below which splitting does not pay for the task overhead. */
    private static final long WORK_PER_PIECE = 1L << 21;

    private JavaGemm() {}

    /** True when {@link Gemm} should use this kernel: no native BLAS and a product large enough. */
    static boolean preferred(int m, int n, int k) {
        return !LinalgBackend.isNative() && (long) m * n * k >= MIN_WORK;
    }

    /**
     * {@code C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C}, column-major, with the
     * BLAS conventions: beta = 0 overwrites C (NaN in C does not propagate), alpha = 0 or k = 0
     * reads neither A nor B.
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
        Operands ops = new Operands(transA, transB, k, alpha, a, lda, b, ldb, beta, c, ldc, false);
        long work = (long) m * n * Math.max(k, 1);
        int pieces = (int) Math.max(1, Math.min(2L * Parallel.threads(), work / WORK_PER_PIECE));
        if (m > n) {
            // Split the rows of C: every piece packs all of op(B), which is the small operand.
            int[] rows = Parallel.evenBounds(m, Math.min(pieces, (m + MR - 1) / MR));
            Parallel.forPieces(rows, (i0, i1) -> ops.block(i0, i1 - i0, 0, n, aOffset, bOffset, cOffset));
        } else {
            int[] cols = Parallel.evenBounds(n, Math.min(pieces, (n + NR - 1) / NR));
            Parallel.forPieces(cols, (j0, j1) -> ops.block(0, m, j0, j1 - j0, aOffset, bOffset, cOffset));
        }
    }

    /**
     * The lower triangle (diagonal included) of the Gram matrix {@code C = V^T V} of the {@code k x
     * n} column-major block V; entries strictly above the diagonal are left unspecified (the caller
     * mirrors the lower triangle). About half the work of a full product.
     */
    static void gramLower(int n, int k, double[] v, int vOffset, int ldv, double[] c, int cOffset, int ldc) {
        if (n == 0) {
            return;
        }
        Operands ops = new Operands(true, false, k, 1.0, v, ldv, v, ldv, 0.0, c, ldc, true);
        // Column j of the lower triangle holds n - j entries: cut the columns into pieces of equal area.
        long work = (long) n * (n + 1) / 2 * Math.max(k, 1);
        int pieces = (int) Math.max(1, Math.min(2L * Parallel.threads(), work / WORK_PER_PIECE));
        pieces = Math.min(pieces, (n + NR - 1) / NR);
        int[] cols = new int[pieces + 1];
        for (int p = 1; p < pieces; p++) {
            // Area of columns [0, j) is n^2/2 - (n - j)^2/2; solve for the p-th fraction.
            double remaining = n * Math.sqrt(1.0 - (double) p / pieces);
            cols[p] = Math.max(cols[p - 1], Math.min(n, n - (int) Math.round(remaining)));
        }
        cols[pieces] = n;
        // Piece [j0, j1) needs only rows i >= j0, and in its own coordinates the diagonal is still i = j.
        Parallel.forPieces(cols, (j0, j1) -> ops.block(j0, n - j0, j0, j1 - j0, vOffset, vOffset, cOffset));
    }

    /** The operands of one product, shared read-only by the pieces that compute parts of C. */
    private static final class Operands {
        final boolean transA;
        final boolean transB;
        final int k;
        final double alpha;
        final double[] a;
        final int lda;
        final double[] b;
        final int ldb;
        final double beta;
        final double[] c;
        final int ldc;
        final boolean lowerOnly;

        Operands(
                boolean transA,
                boolean transB,
                int k,
                double alpha,
                double[] a,
                int lda,
                double[] b,
                int ldb,
                double beta,
                double[] c,
                int ldc,
                boolean lowerOnly) {
            this.transA = transA;
            this.transB = transB;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.lda = lda;
            this.b = b;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.ldc = ldc;
            this.lowerOnly = lowerOnly;
        }

        /**
         * Computes the rectangle rows {@code [i0, i0 + m)} x columns {@code [j0, j0 + n)} of C on the
         * calling thread. With lowerOnly, tiles entirely above the diagonal {@code i - i0 = j - j0}
         * of the rectangle are skipped.
         */
        void block(int i0, int m, int j0, int n, int aOffset, int bOffset, int cOffset) {
            int aOff = aOffset + (transA ? i0 * lda : i0);
            int bOff = bOffset + (transB ? j0 : j0 * ldb);
            int cOff = cOffset + i0 + j0 * ldc;
            scaleC(m, n, cOff);
            if (alpha == 0.0 || k == 0) {
                return;
            }
            int kcMax = Math.min(KC, k);
            int ncMax = Math.min(NC, roundUp(n, NR));
            double[] packedA = new double[Math.min(MC, roundUp(m, MR)) * kcMax];
            double[] packedB = new double[ncMax * kcMax];
            double[] edge = new double[MR * NR];
            for (int jc = 0; jc < n; jc += NC) {
                int nc = Math.min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    packB(kc, nc, pc, jc, bOff, packedB);
                    // With lowerOnly, rows above jc hold no wanted entry of this panel.
                    for (int ic = lowerOnly ? jc / MR * MR : 0; ic < m; ic += MC) {
                        int mc = Math.min(MC, m - ic);
                        packA(mc, kc, ic, pc, aOff, packedA);
                        macroKernel(mc, nc, kc, ic, jc, packedA, packedB, cOff + ic + jc * ldc, edge);
                    }
                }
            }
        }

        /** {@code C := beta C} on the rectangle; beta = 0 writes zeros so that NaN does not survive. */
        private void scaleC(int m, int n, int cOff) {
            if (beta == 1.0) {
                return;
            }
            for (int j = 0; j < n; j++) {
                int col = cOff + j * ldc;
                if (beta == 0.0) {
                    java.util.Arrays.fill(c, col, col + m, 0.0);
                } else {
                    for (int i = col; i < col + m; i++) {
                        c[i] *= beta;
                    }
                }
            }
        }

        /**
         * Packs {@code alpha * op(B)[pc .. pc+kc, jc .. jc+nc]} as slivers of NR columns, each stored
         * row by row ({@code NR} consecutive values per step p), zero-padded to a multiple of NR.
         */
        private void packB(int kc, int nc, int pc, int jc, int bOff, double[] dst) {
            for (int jr = 0; jr < nc; jr += NR) {
                int base = jr * kc;
                int w = Math.min(NR, nc - jr);
                for (int jj = 0; jj < NR; jj++) {
                    int d = base + jj;
                    if (jj >= w) {
                        for (int p = 0; p < kc; p++, d += NR) {
                            dst[d] = 0.0;
                        }
                    } else if (transB) {
                        // op(B)(p, j) = B(j, p): stride ldb along p.
                        int s = bOff + (jc + jr + jj) + pc * ldb;
                        for (int p = 0; p < kc; p++, d += NR, s += ldb) {
                            dst[d] = alpha * b[s];
                        }
                    } else {
                        int s = bOff + pc + (jc + jr + jj) * ldb;
                        for (int p = 0; p < kc; p++, d += NR) {
                            dst[d] = alpha * b[s + p];
                        }
                    }
                }
            }
        }

        /**
         * Packs {@code op(A)[ic .. ic+mc, pc .. pc+kc]} as slivers of MR rows, each stored column by
         * column ({@code MR} consecutive values per step p), zero-padded to a multiple of MR.
         */
        private void packA(int mc, int kc, int ic, int pc, int aOff, double[] dst) {
            for (int ir = 0; ir < mc; ir += MR) {
                int base = ir * kc;
                int h = Math.min(MR, mc - ir);
                if (!transA && h == MR) {
                    // Four contiguous entries of a column of A per step.
                    int s = aOff + ic + ir + pc * lda;
                    for (int p = 0, d = base; p < kc; p++, d += MR, s += lda) {
                        dst[d] = a[s];
                        dst[d + 1] = a[s + 1];
                        dst[d + 2] = a[s + 2];
                        dst[d + 3] = a[s + 3];
                    }
                    continue;
                }
                for (int ii = 0; ii < MR; ii++) {
                    int d = base + ii;
                    if (ii >= h) {
                        for (int p = 0; p < kc; p++, d += MR) {
                            dst[d] = 0.0;
                        }
                    } else if (transA) {
                        // op(A)(i, p) = A(p, i): contiguous along p.
                        int s = aOff + pc + (ic + ir + ii) * lda;
                        for (int p = 0; p < kc; p++, d += MR) {
                            dst[d] = a[s + p];
                        }
                    } else {
                        int s = aOff + ic + ir + ii + pc * lda;
                        for (int p = 0; p < kc; p++, d += MR, s += lda) {
                            dst[d] = a[s];
                        }
                    }
                }
            }
        }

        /** All MR x NR tiles of the packed block times the packed panel, added into C. */
        private void macroKernel(
                int mc, int nc, int kc, int ic, int jc, double[] pa, double[] pb, int cOff, double[] edge) {
            for (int jr = 0; jr < nc; jr += NR) {
                int w = Math.min(NR, nc - jr);
                for (int ir = 0; ir < mc; ir += MR) {
                    // Skip tiles whose last row lies above the first column's diagonal entry.
                    if (lowerOnly && ic + ir + MR - 1 < jc + jr) {
                        continue;
                    }
                    int h = Math.min(MR, mc - ir);
                    int co = cOff + ir + jr * ldc;
                    if (h == MR && w == NR) {
                        microKernel(kc, pa, ir * kc, pb, jr * kc, c, co, ldc);
                    } else {
                        // Edge tile: compute the padded tile into scratch, add only the valid part.
                        java.util.Arrays.fill(edge, 0.0);
                        microKernel(kc, pa, ir * kc, pb, jr * kc, edge, 0, MR);
                        for (int j = 0; j < w; j++) {
                            for (int i = 0; i < h; i++) {
                                c[co + i + j * ldc] += edge[i + j * MR];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code C[4 x 4] += A[4 x kc] B[kc x 4]} from packed slivers: the 16 entries of the tile live in
     * local variables through the kc steps, so C is touched once per block.
     */
    static void microKernel(int kc, double[] a, int ao, double[] b, int bo, double[] c, int co, int ldc) {
        double c00 = 0, c10 = 0, c20 = 0, c30 = 0;
        double c01 = 0, c11 = 0, c21 = 0, c31 = 0;
        double c02 = 0, c12 = 0, c22 = 0, c32 = 0;
        double c03 = 0, c13 = 0, c23 = 0, c33 = 0;
        for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
            double a0 = a[ao];
            double a1 = a[ao + 1];
            double a2 = a[ao + 2];
            double a3 = a[ao + 3];
            double b0 = b[bo];
            double b1 = b[bo + 1];
            double b2 = b[bo + 2];
            double b3 = b[bo + 3];
            c00 = Math.fma(a0, b0, c00);
            c10 = Math.fma(a1, b0, c10);
            c20 = Math.fma(a2, b0, c20);
            c30 = Math.fma(a3, b0, c30);
            c01 = Math.fma(a0, b1, c01);
            c11 = Math.fma(a1, b1, c11);
            c21 = Math.fma(a2, b1, c21);
            c31 = Math.fma(a3, b1, c31);
            c02 = Math.fma(a0, b2, c02);
            c12 = Math.fma(a1, b2, c12);
            c22 = Math.fma(a2, b2, c22);
            c32 = Math.fma(a3, b2, c32);
            c03 = Math.fma(a0, b3, c03);
            c13 = Math.fma(a1, b3, c13);
            c23 = Math.fma(a2, b3, c23);
            c33 = Math.fma(a3, b3, c33);
        }
        c[co] += c00;
        c[co + 1] += c10;
        c[co + 2] += c20;
        c[co + 3] += c30;
        co += ldc;
        c[co] += c01;
        c[co + 1] += c11;
        c[co + 2] += c21;
        c[co + 3] += c31;
        co += ldc;
        c[co] += c02;
        c[co + 1] += c12;
        c[co + 2] += c22;
        c[co + 3] += c32;
        co += ldc;
        c[co] += c03;
        c[co + 1] += c13;
        c[co + 2] += c23;
        c[co + 3] += c33;
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}

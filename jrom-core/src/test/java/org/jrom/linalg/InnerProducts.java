package org.jrom.linalg;

/**
 * Finite-element inner products (P1 mass and H1 matrices on uniform meshes) used as SPD test
 * products, and the measure of M-orthonormality.
 */
final class InnerProducts {
    private InnerProducts() {}

    /** P1 mass matrix on n interior nodes of (0, 1): the L2 product, condition number about 3. */
    static CsrMatrix mass1d(int n) {
        double h = 1.0 / (n + 1);
        return tridiagonal(n, 4 * h / 6, h / 6);
    }

    /** P1 stiffness plus mass on n interior nodes of (0, 1): the H1 product, condition about n^2. */
    static CsrMatrix h1(int n) {
        double h = 1.0 / (n + 1);
        return CsrMatrix.linearCombination(new double[] {1, 1}, tridiagonal(n, 2 / h, -1 / h), mass1d(n));
    }

    /** Five-point Laplacian plus identity on an nx x ny grid (lexicographic numbering). */
    static CsrMatrix laplacePlusIdentity2d(int nx, int ny) {
        int n = nx * ny;
        int[] ri = new int[5 * n];
        int[] ci = new int[5 * n];
        double[] v = new double[5 * n];
        int t = 0;
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int p = x + nx * y;
                ri[t] = p;
                ci[t] = p;
                v[t++] = 5;
                int[][] neighbours = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
                for (int[] q : neighbours) {
                    if (q[0] >= 0 && q[0] < nx && q[1] >= 0 && q[1] < ny) {
                        ri[t] = p;
                        ci[t] = q[0] + nx * q[1];
                        v[t++] = -1;
                    }
                }
            }
        }
        return CsrMatrix.fromTriplets(n, n, ri, ci, v, t);
    }

    private static CsrMatrix tridiagonal(int n, double diagonal, double offDiagonal) {
        int[] ri = new int[3 * n];
        int[] ci = new int[3 * n];
        double[] v = new double[3 * n];
        int t = 0;
        for (int i = 0; i < n; i++) {
            for (int j = Math.max(0, i - 1); j <= Math.min(n - 1, i + 1); j++) {
                ri[t] = i;
                ci[t] = j;
                v[t++] = i == j ? diagonal : offDiagonal;
            }
        }
        return CsrMatrix.fromTriplets(n, n, ri, ci, v, t);
    }

    /** {@code ||Q^T M Q - I||_F}, M Euclidean when null. */
    static double orthonormalityError(VectorArray q, LinearMap product) {
        DenseMatrix g = product == null ? q.inner(q) : q.inner(q, product);
        return g.minus(DenseMatrix.identity(q.count())).normFrobenius();
    }

    /**
     * The round-off level of evaluating {@code Q^T M Q} itself: {@code eps || |Q|^T |M| |Q| ||_F}.
     * For smooth vectors in a stiffness-dominated product it is about {@code eps kappa(M)}, and no
     * orthonormalization can be checked (or done) more accurately.
     */
    static double evaluationFloor(VectorArray q, CsrMatrix product) {
        VectorArray abs = q.copy();
        double[] d = abs.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]);
        }
        if (product == null) {
            return Math.ulp(1.0) * abs.gram().normFrobenius();
        }
        double[] values = product.nonzeroValues().clone();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.abs(values[i]);
        }
        CsrMatrix absProduct =
                CsrMatrix.of(product.rows(), product.cols(), product.rowPointers(), product.columnIndices(), values);
        return Math.ulp(1.0) * abs.inner(abs, absProduct).normFrobenius();
    }

    /** A block of independent standard Gaussian vectors. */
    static VectorArray gaussian(int dim, int count, long seed) {
        return VectorArray.fromMatrix(DenseMatrixTest.random(dim, count, seed));
    }
}

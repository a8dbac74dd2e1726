package org.jrom.linalg;

/**
 * Test fixture: the 5-point finite-difference Laplacian {@code -Delta_h} on the unit square with
 * homogeneous Dirichlet conditions, n x n interior nodes, {@code h = 1/(n+1)}, lexicographic order.
 */
final class Poisson2d {
    private Poisson2d() {}

    /** The n^2 x n^2 matrix {@code (1/h^2) tridiag-stencil(-1, -1, 4, -1, -1)}. */
    static CsrMatrix laplacian(int n) {
        double h = 1.0 / (n + 1);
        double s = 1.0 / (h * h);
        int size = n * n;
        int[] ri = new int[5 * size];
        int[] ci = new int[5 * size];
        double[] v = new double[5 * size];
        int k = 0;
        for (int iy = 0; iy < n; iy++) {
            for (int ix = 0; ix < n; ix++) {
                int row = ix + n * iy;
                ri[k] = row;
                ci[k] = row;
                v[k++] = 4 * s;
                int[][] neighbours = {{ix - 1, iy}, {ix + 1, iy}, {ix, iy - 1}, {ix, iy + 1}};
                for (int[] nb : neighbours) {
                    if (nb[0] >= 0 && nb[0] < n && nb[1] >= 0 && nb[1] < n) {
                        ri[k] = row;
                        ci[k] = nb[0] + n * nb[1];
                        v[k++] = -s;
                    }
                }
            }
        }
        return CsrMatrix.fromTriplets(size, size, ri, ci, v, k);
    }
}

package org.jrom.linalg;

/** Finite-difference Laplacians on regular grids with Dirichlet boundary (test fixture). */
final class GridLaplacian {
    private GridLaplacian() {}

    /** The 5-point Laplacian on an nx x ny grid, scaled to integers: 4 on the diagonal, -1 off it. */
    static CsrMatrix poisson2d(int nx, int ny) {
        return poisson3d(nx, ny, 1);
    }

    /** The 7-point Laplacian on an nx x ny x nz grid (6 on the diagonal; nz = 1 gives the 5-point one). */
    static CsrMatrix poisson3d(int nx, int ny, int nz) {
        int n = nx * ny * nz;
        int cap = 7 * n;
        int[] r = new int[cap];
        int[] c = new int[cap];
        double[] v = new double[cap];
        int t = 0;
        double diag = nz == 1 ? 4.0 : 6.0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = x + nx * (y + ny * z);
                    r[t] = i;
                    c[t] = i;
                    v[t++] = diag;
                    int[][] nbrs = {
                        {x - 1, y, z}, {x + 1, y, z}, {x, y - 1, z}, {x, y + 1, z}, {x, y, z - 1}, {x, y, z + 1}
                    };
                    for (int[] q : nbrs) {
                        if (q[0] >= 0 && q[0] < nx && q[1] >= 0 && q[1] < ny && q[2] >= 0 && q[2] < nz) {
                            r[t] = i;
                            c[t] = q[0] + nx * (q[1] + ny * q[2]);
                            v[t++] = -1.0;
                        }
                    }
                }
            }
        }
        return CsrMatrix.fromTriplets(n, n, r, c, v, t);
    }
}

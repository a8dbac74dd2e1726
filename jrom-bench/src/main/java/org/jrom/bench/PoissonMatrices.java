package org.jrom.bench;

import org.jrom.linalg.CsrMatrix;

/**
 * The finite-difference Laplacians on uniform grids with homogeneous Dirichlet boundaries,
 * unscaled: {@code 2 d} on the diagonal (d the space dimension) and {@code -1} for each grid
 * neighbour (5-point stencil in 2D, 7-point in 3D), unknowns in lexicographic order. The same
 * matrices as {@code baseline.py} builds with SciPy.
 */
final class PoissonMatrices {
    private PoissonMatrices() {}

    /** The 5-point Laplacian of an {@code n x n} grid: order n^2, 5 n^2 - 4 n nonzeros. */
    static CsrMatrix grid2d(int n) {
        return grid(n, n, 1);
    }

    /** The 7-point Laplacian of an {@code n x n x n} grid: order n^3, 7 n^3 - 6 n^2 nonzeros. */
    static CsrMatrix grid3d(int n) {
        return grid(n, n, n);
    }

    /**
     * The 5-point Laplacian of an {@code n x n} grid plus central-difference convection, {@code cx
     * (u_{x+1} - u_{x-1}) / 2 + cy (u_{y+1} - u_{y-1}) / 2}: non-symmetric, positive real (its
     * symmetric part is the Laplacian). {@code baseline.py}'s {@code convection_diffusion_2d}.
     */
    static CsrMatrix convectionDiffusion2d(int n, double cx, double cy) {
        int size = Math.multiplyExact(n, n);
        Triplets t = new Triplets(Math.multiplyExact(size, 4));
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int row = x + n * y;
                if (x + 1 < n) {
                    t.add(row, row + 1, cx / 2);
                }
                if (x > 0) {
                    t.add(row, row - 1, -cx / 2);
                }
                if (y + 1 < n) {
                    t.add(row, row + n, cy / 2);
                }
                if (y > 0) {
                    t.add(row, row - n, -cy / 2);
                }
            }
        }
        return grid2d(n).plus(1.0, CsrMatrix.fromTriplets(size, size, t.rows, t.cols, t.values, t.count));
    }

    private static CsrMatrix grid(int nx, int ny, int nz) {
        int size = Math.multiplyExact(Math.multiplyExact(nx, ny), nz);
        int dims = nz > 1 ? 3 : 2;
        Triplets t = new Triplets(Math.multiplyExact(size, 2 * dims + 1));
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int row = x + nx * (y + ny * z);
                    t.add(row, row, 2.0 * dims);
                    t.neighbours(row, x, nx, 1);
                    t.neighbours(row, y, ny, nx);
                    if (dims == 3) {
                        t.neighbours(row, z, nz, nx * ny);
                    }
                }
            }
        }
        return CsrMatrix.fromTriplets(size, size, t.rows, t.cols, t.values, t.count);
    }

    /** Coordinate-format entries under construction. */
    private static final class Triplets {
        final int[] rows;
        final int[] cols;
        final double[] values;
        int count;

        Triplets(int capacity) {
            rows = new int[capacity];
            cols = new int[capacity];
            values = new double[capacity];
        }

        void add(int row, int col, double value) {
            rows[count] = row;
            cols[count] = col;
            values[count++] = value;
        }

        /** The -1 couplings of {@code row} to its neighbours at -stride and +stride along one axis. */
        void neighbours(int row, int coordinate, int extent, int stride) {
            if (coordinate > 0) {
                add(row, row - stride, -1.0);
            }
            if (coordinate < extent - 1) {
                add(row, row + stride, -1.0);
            }
        }
    }
}

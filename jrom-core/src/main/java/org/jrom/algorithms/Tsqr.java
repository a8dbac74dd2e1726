package org.jrom.algorithms;

import java.io.Serializable;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.Svd;
import org.jrom.linalg.TruncatedSvd;

/**
 * The pieces of a POD by tall-skinny QR over row blocks (Demmel, Grigori, Hoemmen, Langou, SISC 34,
 * 2012), wherever the blocks live (a cluster's executors, a structure's subdomains): each block's R
 * factor, R factors stacked and reduced (the nodes of a reduction tree, or one flat stack), the SVD
 * of the last R, and the right factor {@code W = V_m diag(sigma_m)^-1} that turns every block into
 * its rows of the modes {@code U = A W}, orthonormalized once more by the Cholesky factor of their
 * Gram matrix (CholeskyQR: {@link #orthonormalizer}).
 */
public final class Tsqr {
    private Tsqr() {}

    /** The unit round-off. */
    private static final double EPS = Math.ulp(1.0) / 2;

    /** An R factor, or a stack of rows not yet taller than wide; column-major. */
    public record Triangle(int rows, int cols, double[] data) implements Serializable {
        public DenseMatrix matrix() {
            return DenseMatrix.wrap(rows, cols, data);
        }
    }

    /** The R factor of a block of {@code rows x cols} values, column-major (the block itself while it is not taller than wide). */
    public static Triangle triangle(int rows, int cols, double[] columnMajor) {
        return reduce(rows, cols, columnMajor.clone());
    }

    /** The R factor of two stacked factors: one node of the reduction. */
    public static Triangle stack(Triangle a, Triangle b) {
        if (a.cols() != b.cols()) {
            throw new JromException("row blocks of " + a.cols() + " and " + b.cols() + " columns cannot be stacked");
        }
        int rows = a.rows() + b.rows();
        int cols = a.cols();
        double[] s = new double[rows * cols];
        for (int j = 0; j < cols; j++) {
            System.arraycopy(a.data(), j * a.rows(), s, j * rows, a.rows());
            System.arraycopy(b.data(), j * b.rows(), s, j * rows + a.rows(), b.rows());
        }
        return reduce(rows, cols, s);
    }

    private static Triangle reduce(int rows, int cols, double[] data) {
        if (rows <= cols) {
            return new Triangle(rows, cols, data);
        }
        DenseMatrix r = DenseMatrix.wrap(rows, cols, data).qrRInPlace(); // data is a copy: overwritten
        return new Triangle(cols, cols, r.data());
    }

    /**
     * The POD of the rows behind R.
     *
     * @param singularValues every singular value of R, descending
     * @param modeCount the modes kept
     * @param rightFactor {@code W = V_m diag(sigma_m)^-1}, {@code cols x modeCount} column-major
     */
    public record Root(double[] singularValues, int modeCount, double[] rightFactor) {}

    /**
     * The SVD of R and the truncation's mode count among the singular values above {@code cols eps
     * sigma_1} (below it they are round-off: no mode divides by them).
     */
    public static Root root(Triangle r, TruncatedSvd.Truncation truncation) {
        Svd svd = r.matrix().svd();
        double[] sigma = svd.singularValues();
        int m = reliable(truncation, sigma, r.cols() * EPS);
        return new Root(
                sigma, m, scaledRightVectors(svd.vt().transpose(), sigma, m).data());
    }

    /** The truncation's mode count among the singular values above {@code floor sigma_1}. */
    public static int reliable(TruncatedSvd.Truncation truncation, double[] sigma, double floor) {
        int above = 0;
        while (above < sigma.length && sigma[above] > floor * sigma[0]) {
            above++;
        }
        return new TruncatedSvd.Truncation(Math.min(truncation.maxModes(), above), truncation.relativeTolerance())
                .modeCount(sigma);
    }

    /** {@code V_m diag(sigma_m)^-1}, the first m columns of V scaled. */
    public static DenseMatrix scaledRightVectors(DenseMatrix v, double[] sigma, int m) {
        DenseMatrix w = DenseMatrix.zeros(v.rows(), m);
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < v.rows(); i++) {
                w.set(i, j, v.get(i, j) / sigma[j]);
            }
        }
        return w;
    }

    /**
     * {@code L^-T}, m x m column-major, for the Gram matrix {@code U^T U = L L^T} of computed modes:
     * {@code U L^-T} is orthonormal to round-off (applied to the stored U: recomputing {@code A (W
     * L^-T)} would bring back the rounding of {@code A W}, {@code eps sigma_1 / sigma_m}).
     */
    public static double[] orthonormalizer(double[] gram, int m) {
        DenseMatrix l = DenseMatrix.wrap(m, m, gram).cholesky().lower();
        DenseMatrix x = DenseMatrix.zeros(m, m); // solves L^T X = I, L^T upper triangular
        for (int c = 0; c < m; c++) {
            for (int i = m - 1; i >= 0; i--) {
                double s = i == c ? 1 : 0;
                for (int k = i + 1; k < m; k++) {
                    s -= l.get(k, i) * x.get(k, c);
                }
                x.set(i, c, s / l.get(i, i));
            }
        }
        return x.data();
    }
}

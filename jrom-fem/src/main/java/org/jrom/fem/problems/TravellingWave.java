package org.jrom.fem.problems;

import org.jrom.linalg.DenseMatrix;

/**
 * A synthetic snapshot family with a known POD spectrum, for POD at scale (jrom-bench's {@code
 * StreamingPodScale}, jrom-spark's scale test): the travelling wave {@code u(x; mu_j) = sum_{k=1}^{64}
 * exp(-k/3) sin(k (pi x + mu_j))} on {@code x_i = (i+1)/(n+1)}, {@code mu_j = 2 pi j/m}, whose
 * spectrum decays like {@code exp(-k/3)} in pairs (about 46 modes at relative tolerance 1e-6). Any
 * band of rows is computed on its own, in the separated form {@code sin(k pi x) cos(k mu) + cos(k
 * pi x) sin(k mu)}: {@code Phi_band A}.
 */
public final class TravellingWave {
    private static final int TERMS = 64;
    private static final double DECAY = 3.0;

    private TravellingWave() {}

    /** Rows {@code [firstRow, firstRow + rows)} of the n x m snapshot matrix, column-major. */
    public static DenseMatrix rows(int dim, int count, int firstRow, int rows) {
        return basis(dim, firstRow, rows).multiply(coefficients(count));
    }

    /** The coefficients A (2K x m): row k-1 multiplies sin(k pi x), row K+k-1 multiplies cos(k pi x). */
    public static DenseMatrix coefficients(int count) {
        DenseMatrix a = DenseMatrix.zeros(2 * TERMS, count);
        for (int j = 0; j < count; j++) {
            double mu = 2 * Math.PI * j / count;
            for (int k = 1; k <= TERMS; k++) {
                double w = Math.exp(-k / DECAY);
                a.set(k - 1, j, w * Math.cos(k * mu));
                a.set(TERMS + k - 1, j, w * Math.sin(k * mu));
            }
        }
        return a;
    }

    /** Phi for rows [i0, i0 + rows): sin(k pi x_i) and cos(k pi x_i). */
    public static DenseMatrix basis(int dim, int i0, int rows) {
        DenseMatrix phi = DenseMatrix.zeros(rows, 2 * TERMS);
        for (int i = 0; i < rows; i++) {
            double x = (i0 + i + 1.0) / (dim + 1);
            for (int k = 1; k <= TERMS; k++) {
                phi.set(i, k - 1, Math.sin(k * Math.PI * x));
                phi.set(i, TERMS + k - 1, Math.cos(k * Math.PI * x));
            }
        }
        return phi;
    }
}

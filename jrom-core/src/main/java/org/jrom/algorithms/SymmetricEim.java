package org.jrom.algorithms;

import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.NonFiniteValueException;

/**
 * The EIM of a symmetric two-variable function, {@code f(x, y) = f(y, x)} sampled on one point set
 * (a covariance kernel, a Green's function, the Gram matrix of snapshots), in the symmetric
 * formulation of Casenave, Ern and Lelievre (2015, "Variants of the empirical interpolation method:
 * symmetric formulation, choice of norms and rectangular extension"): the EIM approximation is the
 * cross (skeleton) form {@code I f = F[:, J] F[I, J]^-1 F[I, :]}, in which the points I and the
 * parameters J play symmetric roles. Choosing {@code I = J} keeps the symmetry: {@code I f = F[:, I]
 * F[I, I]^-1 F[I, :]}, whereas the classical greedy (the sample and the entry of the largest error)
 * picks {@code (x_m, y_m)} off the diagonal and its approximation is not symmetric.
 *
 * <p>The greedy works on the error {@code E = F - I f}, which stays symmetric: each step picks a
 * diagonal pivot {@code E_cc}, when it is at least {@code alpha = (1 + sqrt 17) / 8} times the
 * largest entry, or else the 2x2 block {@code {a, b}} of the largest off-diagonal entry (the
 * complete-pivoting rule of Bunch and Parlett 1971, which bounds the growth; when one point is left
 * to add, the best 1x1 pivot whatever its size), and subtracts {@code E[:, P] E[P, P]^-1
 * E[P, :]}, computed once per pair {@code (i, j)} and mirrored, so the approximation is symmetric to
 * the last bit. For a positive semidefinite kernel the largest entry is on the diagonal ({@code
 * |E_ab|^2 <= E_aa E_bb}) and this is the classical greedy with symmetric ties: a pivoted Cholesky
 * factorization.
 */
public final class SymmetricEim {
    private SymmetricEim() {}

    /** Bunch and Parlett's threshold for a 1x1 pivot. */
    private static final double ALPHA = (1 + Math.sqrt(17)) / 8;

    /**
     * The symmetric interpolation.
     *
     * @param points the interpolation points I, in the order chosen
     * @param approximation {@code I f} on all points, symmetric exactly
     * @param maxErrors the largest entry of the error before each pivot and after the last one
     * @param pivotSizes 1 or 2 per pivot
     */
    public record Result(int[] points, DenseMatrix approximation, double[] maxErrors, int[] pivotSizes) {
        /** The number of interpolation points. */
        public int size() {
            return points.length;
        }
    }

    /**
     * Runs the greedy on the symmetric n x n samples {@code f} until {@code maxPoints} points or the
     * largest error is at most {@code tolerance} (absolute).
     *
     * @throws JromException if f is not square and symmetric to the last bit
     */
    public static Result greedy(DenseMatrix f, int maxPoints, double tolerance) {
        int n = f.rows();
        if (f.cols() != n || maxPoints < 0 || !(tolerance >= 0)) {
            throw new JromException("the symmetric EIM needs square samples, maxPoints >= 0 and tolerance >= 0, found "
                    + f.rows() + "x" + f.cols() + ", " + maxPoints + ", " + tolerance);
        }
        NonFiniteValueException.requireFinite("symmetric EIM samples", f.data());
        double[] e = f.data().clone();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                if (e[i + j * n] != e[j + i * n]) {
                    throw new JromException("the symmetric EIM needs f(x, y) = f(y, x): entries (" + i + ", " + j
                            + ") and (" + j + ", " + i + ") differ, " + e[i + j * n] + " and " + e[j + i * n]);
                }
            }
        }
        int limit = Math.min(maxPoints, n);
        int[] points = new int[limit];
        int[] sizes = new int[limit];
        double[] maxErrors = new double[limit + 1];
        int m = 0;
        int pivots = 0;
        while (true) {
            int a = 0;
            int b = 0;
            double max = 0;
            int c = 0;
            double diagonal = 0;
            for (int j = 0; j < n; j++) {
                for (int i = 0; i <= j; i++) {
                    double v = Math.abs(e[i + j * n]);
                    if (v > max) {
                        max = v;
                        a = i;
                        b = j;
                    }
                }
                double v = Math.abs(e[j + j * n]);
                if (v > diagonal) {
                    diagonal = v;
                    c = j;
                }
            }
            maxErrors[pivots] = max;
            if (m == limit || max == 0 || max <= tolerance) {
                break;
            }
            if (diagonal >= ALPHA * max || m + 1 == limit) {
                if (diagonal == 0) {
                    break; // one point left and a zero diagonal: no 1x1 pivot exists
                }
                subtract(e, n, new int[] {c});
                points[m++] = c;
                sizes[pivots++] = 1;
            } else {
                subtract(e, n, new int[] {a, b});
                points[m++] = a;
                points[m++] = b;
                sizes[pivots++] = 2;
            }
        }
        double[] approx = f.data().clone();
        for (int i = 0; i < approx.length; i++) {
            approx[i] -= e[i];
        }
        return new Result(
                java.util.Arrays.copyOf(points, m),
                DenseMatrix.wrap(n, n, approx),
                java.util.Arrays.copyOf(maxErrors, pivots + 1),
                java.util.Arrays.copyOf(sizes, pivots));
    }

    /** {@code E <- E - E[:, P] E[P, P]^-1 E[P, :]} for a 1x1 or 2x2 pivot P, upper triangle computed and mirrored. */
    private static void subtract(double[] e, int n, int[] p) {
        int k = p.length;
        // W = E[:, P] E[P, P]^-1, by Cramer's rule for the 2x2 block (its determinant is about -E_ab^2)
        double[] w = new double[n * k];
        if (k == 1) {
            double pivot = e[p[0] + p[0] * n];
            for (int i = 0; i < n; i++) {
                w[i] = e[i + p[0] * n] / pivot;
            }
        } else {
            double paa = e[p[0] + p[0] * n];
            double pab = e[p[0] + p[1] * n];
            double pbb = e[p[1] + p[1] * n];
            double det = paa * pbb - pab * pab;
            for (int i = 0; i < n; i++) {
                double ea = e[i + p[0] * n];
                double eb = e[i + p[1] * n];
                w[i] = (ea * pbb - eb * pab) / det;
                w[i + n] = (eb * paa - ea * pab) / det;
            }
        }
        double[] rows = new double[n * k]; // E[P, :], saved before the update
        for (int t = 0; t < k; t++) {
            for (int j = 0; j < n; j++) {
                rows[j + t * n] = e[p[t] + j * n];
            }
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += w[i + t * n] * rows[j + t * n];
                }
                double v = e[i + j * n] - s;
                e[i + j * n] = v;
                e[j + i * n] = v;
            }
        }
        for (int t = 0; t < k; t++) { // interpolated exactly at the new points
            for (int j = 0; j < n; j++) {
                e[p[t] + j * n] = 0;
                e[j + p[t] * n] = 0;
            }
        }
    }
}

package org.jrom.hyperreduction;

import org.jrom.linalg.VectorArray;

/**
 * Sample points for interpolation or Gappy-POD on a basis, by QR with column pivoting of {@code
 * Phi^T} (Q-DEIM: Drmac, Gugercin, SIAM J. Sci. Comput. 38(2), 2016): the k rows of Phi (n x k,
 * orthonormal columns) picked greedily, each the row of largest norm once the rows already picked
 * are projected out. Then {@code ||Phi_S^{-1}|| <= sqrt(n - k + 1) O(2^k)} in the worst case and
 * about {@code sqrt(n/k)} in practice, so {@code Phi_S} is never singular when Phi has rank k. Costs
 * O(n k^2), a copy of Phi.
 */
public final class Qdeim {
    private Qdeim() {}

    /**
     * The k row indices of the pivoted QR of {@code Phi^T}, in pivot order.
     *
     * @throws IllPosedSamplesException if Phi is numerically rank deficient (a pivot's norm at most
     *     {@code n eps} times the first)
     */
    public static int[] select(VectorArray basis) {
        int n = basis.dim();
        int k = basis.count();
        double[] rows = new double[n * k]; // Phi^T, row i of Phi at i * k
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                rows[i * k + j] = basis.get(i, j);
            }
        }
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            norms[i] = squaredNorm(rows, i * k, k);
        }
        int[] picked = new int[k];
        boolean[] taken = new boolean[n];
        double[] q = new double[k];
        double first = 0;
        for (int s = 0; s < k; s++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (best < 0 || norms[i] > norms[best])) {
                    best = i;
                }
            }
            double norm = Math.sqrt(squaredNorm(rows, best * k, k)); // recomputed: no cancellation from downdates
            if (s == 0) {
                first = norm;
            }
            if (!(norm > n * Math.ulp(1.0) * first) || first == 0) {
                throw new IllPosedSamplesException("Q-DEIM: the basis of " + k + " modes has numerical rank " + s);
            }
            picked[s] = best;
            taken[best] = true;
            for (int j = 0; j < k; j++) {
                q[j] = rows[best * k + j] / norm;
            }
            for (int i = 0; i < n; i++) {
                if (taken[i]) {
                    continue;
                }
                double d = 0;
                for (int j = 0; j < k; j++) {
                    d += rows[i * k + j] * q[j];
                }
                for (int j = 0; j < k; j++) {
                    rows[i * k + j] -= d * q[j];
                }
                norms[i] = squaredNorm(rows, i * k, k);
            }
        }
        return picked;
    }

    private static double squaredNorm(double[] v, int offset, int length) {
        double s = 0;
        for (int j = 0; j < length; j++) {
            s += v[offset + j] * v[offset + j];
        }
        return s;
    }
}

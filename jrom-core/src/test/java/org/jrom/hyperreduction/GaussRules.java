package org.jrom.hyperreduction;

import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.SymmetricEigen;

/** Full quadrature rules for the cubature tests: points and positive weights. */
record GaussRules(double[][] points, double[] weights) {

    /**
     * Gauss-Legendre on [-1, 1] with q points (Golub and Welsch 1969): the nodes are the
     * eigenvalues of the Jacobi matrix, {@code beta_k = k / sqrt(4k^2 - 1)}, the weights {@code 2
     * v_0^2}. Exact for degree <= 2q - 1.
     */
    static GaussRules legendre(int q) {
        DenseMatrix jacobi = DenseMatrix.zeros(q, q);
        for (int k = 1; k < q; k++) {
            double beta = k / Math.sqrt(4.0 * k * k - 1);
            jacobi.set(k, k - 1, beta);
            jacobi.set(k - 1, k, beta);
        }
        SymmetricEigen eigen = jacobi.symmetricEigen();
        double[] nodes = eigen.values();
        DenseMatrix v = eigen.vectors();
        double[][] points = new double[q][];
        double[] weights = new double[q];
        for (int i = 0; i < q; i++) {
            points[i] = new double[] {nodes[i]};
            weights[i] = 2 * v.get(0, i) * v.get(0, i);
        }
        return new GaussRules(points, weights);
    }

    /**
     * The collapsed (Duffy) Gauss rule on the triangle {@code x, y >= 0, x + y <= 1}: {@code x = u},
     * {@code y = (1 - u) v} with q Gauss-Legendre points in u and v on [0, 1], Jacobian {@code 1 -
     * u}. Exact for degree <= 2q - 2.
     */
    static GaussRules collapsedTriangle(int q) {
        GaussRules line = legendre(q);
        double[][] points = new double[q * q][];
        double[] weights = new double[q * q];
        for (int a = 0; a < q; a++) {
            double u = (line.points[a][0] + 1) / 2;
            for (int b = 0; b < q; b++) {
                double v = (line.points[b][0] + 1) / 2;
                points[a * q + b] = new double[] {u, (1 - u) * v};
                weights[a * q + b] = line.weights[a] / 2 * line.weights[b] / 2 * (1 - u);
            }
        }
        return new GaussRules(points, weights);
    }

    int size() {
        return weights.length;
    }
}

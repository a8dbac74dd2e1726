package org.jrom.fem;

/**
 * Quadrature rules on a simplex in barycentric coordinates, weights normalized to sum to 1 (so that
 * {@code integral over K of f ~ |K| sum_q w_q f(x_q)}).
 *
 * @param barycentric {@code dimension + 1} barycentric coordinates per point
 * @param weights one weight per point, summing to 1
 * @param degree polynomials up to this degree are integrated exactly
 */
public record SimplexQuadrature(int dimension, double[] barycentric, double[] weights, int degree) {
    /** Number of quadrature points. */
    public int size() {
        return weights.length;
    }

    /**
     * Triangle, 6 points, exact for degree 4 (Strang and Fix 1973; Dunavant 1985, rule 4).
     */
    public static SimplexQuadrature triangleDegree4() {
        double a = 0.445948490915965;
        double b = 0.091576213509771;
        double wa = 0.223381589678011;
        double wb = 0.109951743655322;
        double[] bary = {
            a, a, 1 - 2 * a, a, 1 - 2 * a, a, 1 - 2 * a, a, a, b, b, 1 - 2 * b, b, 1 - 2 * b, b, 1 - 2 * b, b, b
        };
        return new SimplexQuadrature(2, bary, new double[] {wa, wa, wa, wb, wb, wb}, 4);
    }

    /**
     * Tetrahedron, 14 points with positive weights, exact for degree 5 (Walkington 2000; Keast 1986
     * family).
     */
    public static SimplexQuadrature tetrahedronDegree5() {
        double[] bary = new double[14 * 4];
        double[] w = new double[14];
        int q = 0;
        double[][] orbits = {
            {0.0927352503108912, 0.01224884051939366 * 6},
            {0.3108859192633006, 0.01878132095300264 * 6}
        };
        for (double[] orbit : orbits) {
            double x = orbit[0];
            for (int k = 0; k < 4; k++) {
                for (int i = 0; i < 4; i++) {
                    bary[4 * q + i] = i == k ? 1 - 3 * x : x;
                }
                w[q++] = orbit[1];
            }
        }
        double x = 0.4544962958743504;
        double weight = 0.007091003462846911 * 6;
        int[][] pairs = {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}};
        for (int[] pair : pairs) {
            for (int i = 0; i < 4; i++) {
                bary[4 * q + i] = (i == pair[0] || i == pair[1]) ? x : 0.5 - x;
            }
            w[q++] = weight;
        }
        return new SimplexQuadrature(3, bary, w, 5);
    }

    /**
     * Segment, 3-point Gauss-Legendre, exact for degree 5 (barycentric coordinates of the points on
     * [0, 1]: 1/2 and 1/2 +- sqrt(15)/10, weights 5/18, 8/18, 5/18).
     */
    public static SimplexQuadrature lineDegree5() {
        double s = Math.sqrt(15) / 10;
        double[] bary = {0.5 - s, 0.5 + s, 0.5, 0.5, 0.5 + s, 0.5 - s};
        return new SimplexQuadrature(1, bary, new double[] {5.0 / 18, 8.0 / 18, 5.0 / 18}, 5);
    }

    /**
     * The default accurate rule on the boundary facets of a mesh of the given dimension: edges in
     * 2D (degree 5), triangles in 3D (degree 4).
     */
    public static SimplexQuadrature accurateFacet(int meshDimension) {
        return meshDimension == 2 ? lineDegree5() : triangleDegree4();
    }

    /** The default accurate rule for a dimension. */
    public static SimplexQuadrature accurate(int dimension) {
        return dimension == 2 ? triangleDegree4() : tetrahedronDegree5();
    }
}

package org.jrom.fem;

/**
 * The P1 or P2 Lagrange shape functions on a k-simplex in barycentric coordinates: vertex functions
 * {@code lambda_a} (P1) or {@code lambda_a (2 lambda_a - 1)} (P2), then for P2 one edge function
 * {@code 4 lambda_a lambda_b} per edge {@code a < b}, edges in lexicographic order (Ciarlet 1978,
 * section 2.2).
 */
public final class LagrangeBasis {
    private final int vertices;
    private final int degree;
    private final int[] edgeA;
    private final int[] edgeB;

    private LagrangeBasis(int simplexDimension, int degree) {
        this.vertices = simplexDimension + 1;
        this.degree = degree;
        int edges = degree == 2 ? vertices * (vertices - 1) / 2 : 0;
        this.edgeA = new int[edges];
        this.edgeB = new int[edges];
        int e = 0;
        for (int a = 0; a < vertices && degree == 2; a++) {
            for (int b = a + 1; b < vertices; b++) {
                edgeA[e] = a;
                edgeB[e++] = b;
            }
        }
    }

    public static LagrangeBasis linear(int simplexDimension) {
        return new LagrangeBasis(simplexDimension, 1);
    }

    public static LagrangeBasis quadratic(int simplexDimension) {
        return new LagrangeBasis(simplexDimension, 2);
    }

    /** Number of shape functions. */
    public int size() {
        return vertices + edgeA.length;
    }

    /** Number of edges carrying a shape function (0 for P1). */
    int edges() {
        return edgeA.length;
    }

    /** First and second local vertex of local edge e. */
    int edgeVertex(int e, int which) {
        return which == 0 ? edgeA[e] : edgeB[e];
    }

    /** Values of all shape functions at the barycentric point {@code bary[offset ..]}. */
    public void values(double[] bary, int offset, double[] out) {
        for (int a = 0; a < vertices; a++) {
            double l = bary[offset + a];
            out[a] = degree == 1 ? l : l * (2 * l - 1);
        }
        for (int e = 0; e < edgeA.length; e++) {
            out[vertices + e] = 4 * bary[offset + edgeA[e]] * bary[offset + edgeB[e]];
        }
    }

    /**
     * Physical gradients {@code out[s*d + i]} of all shape functions at a barycentric point, from the
     * gradients of the barycentric coordinates {@code gradLambda[k*d + i]}: {@code (4 lambda_a - 1)
     * grad lambda_a} and {@code 4 (lambda_a grad lambda_b + lambda_b grad lambda_a)} for P2.
     */
    public void gradients(double[] bary, int offset, double[] gradLambda, int d, double[] out) {
        for (int a = 0; a < vertices; a++) {
            double f = degree == 1 ? 1 : 4 * bary[offset + a] - 1;
            for (int i = 0; i < d; i++) {
                out[a * d + i] = f * gradLambda[a * d + i];
            }
        }
        for (int e = 0; e < edgeA.length; e++) {
            int a = edgeA[e];
            int b = edgeB[e];
            double la = 4 * bary[offset + a];
            double lb = 4 * bary[offset + b];
            for (int i = 0; i < d; i++) {
                out[(vertices + e) * d + i] = la * gradLambda[b * d + i] + lb * gradLambda[a * d + i];
            }
        }
    }
}

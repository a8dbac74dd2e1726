package org.jrom.fem;

import java.util.Arrays;
import org.jrom.linalg.DimensionMismatchException;

/**
 * The cells or the boundary facets of a mesh seen as a list of affine simplices: their vertices,
 * measures, the affine map from barycentric coordinates to physical points, and (for cells) the
 * constant gradients of the barycentric coordinates.
 */
public final class Simplices {
    private final Mesh mesh;
    private final boolean facets;
    private final int vertexCount;

    private Simplices(Mesh mesh, boolean facets) {
        this.mesh = mesh;
        this.facets = facets;
        this.vertexCount = facets ? mesh.dimension() : mesh.dimension() + 1;
    }

    /** The cells (triangles or tetrahedra). */
    static Simplices cells(Mesh mesh) {
        return new Simplices(mesh, false);
    }

    /** The boundary facets (edges or triangles). */
    static Simplices facets(Mesh mesh) {
        return new Simplices(mesh, true);
    }

    Mesh mesh() {
        return mesh;
    }

    /** Dimension of the simplices themselves: d for cells, d-1 for facets. */
    int simplexDimension() {
        return vertexCount - 1;
    }

    int vertexCount() {
        return vertexCount;
    }

    int vertex(int e, int k) {
        return facets ? mesh.facetNode(e, k) : mesh.cellNode(e, k);
    }

    /** Length, area or volume of simplex e. */
    double measure(int e) {
        if (!facets) {
            return mesh.cellMeasure(e);
        }
        int p = mesh.facetNode(e, 0);
        int q = mesh.facetNode(e, 1);
        if (mesh.dimension() == 2) {
            return Math.hypot(
                    mesh.coordinate(q, 0) - mesh.coordinate(p, 0), mesh.coordinate(q, 1) - mesh.coordinate(p, 1));
        }
        int r = mesh.facetNode(e, 2);
        double[] u = new double[3];
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) {
            u[i] = mesh.coordinate(q, i) - mesh.coordinate(p, i);
            v[i] = mesh.coordinate(r, i) - mesh.coordinate(p, i);
        }
        double cx = u[1] * v[2] - u[2] * v[1];
        double cy = u[2] * v[0] - u[0] * v[2];
        double cz = u[0] * v[1] - u[1] * v[0];
        return 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
    }

    /** {@code x = sum_k lambda_k x_k} for the barycentric coordinates {@code bary[offset ..]}. */
    void point(int e, double[] bary, int offset, double[] x) {
        Arrays.fill(x, 0.0);
        int d = mesh.dimension();
        for (int k = 0; k < vertexCount; k++) {
            double lambda = bary[offset + k];
            int node = vertex(e, k);
            for (int i = 0; i < d; i++) {
                x[i] += lambda * mesh.coordinate(node, i);
            }
        }
    }

    /** Throws unless the rule integrates over simplices of this set's dimension. */
    void checkRule(SimplexQuadrature rule) {
        DimensionMismatchException.check(
                "quadrature rule dimension for " + (facets ? "boundary facets" : "cells"),
                simplexDimension(),
                rule.dimension());
    }

    /**
     * Gradients of the barycentric coordinates of cell c, {@code grads[k*d + i] = d lambda_k / d x_i},
     * from the rows of the inverse Jacobian; returns the cell measure.
     */
    public static double barycentricGradients(Mesh mesh, int c, double[] grads) {
        int n0 = mesh.cellNode(c, 0);
        if (mesh.dimension() == 2) {
            double j00 = mesh.coordinate(mesh.cellNode(c, 1), 0) - mesh.coordinate(n0, 0);
            double j10 = mesh.coordinate(mesh.cellNode(c, 1), 1) - mesh.coordinate(n0, 1);
            double j01 = mesh.coordinate(mesh.cellNode(c, 2), 0) - mesh.coordinate(n0, 0);
            double j11 = mesh.coordinate(mesh.cellNode(c, 2), 1) - mesh.coordinate(n0, 1);
            double det = j00 * j11 - j01 * j10;
            double inv = 1.0 / det;
            grads[2] = j11 * inv;
            grads[3] = -j01 * inv;
            grads[4] = -j10 * inv;
            grads[5] = j00 * inv;
            grads[0] = -grads[2] - grads[4];
            grads[1] = -grads[3] - grads[5];
            return det / 2;
        }
        // j_rk: component r of edge k (from node 0 to node k + 1); scalars, so no scratch is allocated.
        int n1 = mesh.cellNode(c, 1);
        int n2 = mesh.cellNode(c, 2);
        int n3 = mesh.cellNode(c, 3);
        double x0 = mesh.coordinate(n0, 0);
        double y0 = mesh.coordinate(n0, 1);
        double z0 = mesh.coordinate(n0, 2);
        double j00 = mesh.coordinate(n1, 0) - x0;
        double j10 = mesh.coordinate(n1, 1) - y0;
        double j20 = mesh.coordinate(n1, 2) - z0;
        double j01 = mesh.coordinate(n2, 0) - x0;
        double j11 = mesh.coordinate(n2, 1) - y0;
        double j21 = mesh.coordinate(n2, 2) - z0;
        double j02 = mesh.coordinate(n3, 0) - x0;
        double j12 = mesh.coordinate(n3, 1) - y0;
        double j22 = mesh.coordinate(n3, 2) - z0;
        double c00 = j11 * j22 - j12 * j21;
        double c01 = j12 * j20 - j10 * j22;
        double c02 = j10 * j21 - j11 * j20;
        double det = j00 * c00 + j01 * c01 + j02 * c02;
        double inv = 1.0 / det; // one division, nine products
        // Row k of J^{-1} = (column k of the cofactor matrix) / det, the gradient of lambda_{k+1}.
        grads[3] = c00 * inv;
        grads[4] = (j02 * j21 - j01 * j22) * inv;
        grads[5] = (j01 * j12 - j02 * j11) * inv;
        grads[6] = c01 * inv;
        grads[7] = (j00 * j22 - j02 * j20) * inv;
        grads[8] = (j02 * j10 - j00 * j12) * inv;
        grads[9] = c02 * inv;
        grads[10] = (j01 * j20 - j00 * j21) * inv;
        grads[11] = (j00 * j11 - j01 * j10) * inv;
        for (int i = 0; i < 3; i++) {
            grads[i] = -grads[3 + i] - grads[6 + i] - grads[9 + i];
        }
        return det / 6;
    }
}

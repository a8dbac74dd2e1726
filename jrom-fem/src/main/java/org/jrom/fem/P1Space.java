package org.jrom.fem;

import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.Parallel;

/**
 * The space of continuous piecewise linear (P1 Lagrange) functions on a simplicial mesh, one degree
 * of freedom per node, with the assembly of its operators term by term: each call assembles one
 * term over a set of cells or facets, so that subdomain coefficients stay outside the matrices and
 * {@code A(mu) = sum_q theta_q(mu) A_q} keeps its affine structure.
 */
public final class P1Space {
    /** A scalar field on the physical domain. */
    @FunctionalInterface
    public interface Field extends ToDoubleFunction<double[]> {}

    private final Mesh mesh;
    private final int d;

    public P1Space(Mesh mesh) {
        this.mesh = mesh;
        this.d = mesh.dimension();
    }

    public Mesh mesh() {
        return mesh;
    }

    /** Number of degrees of freedom (= nodes). */
    public int dim() {
        return mesh.numNodes();
    }

    /** All cell indices. */
    public int[] allCells() {
        return IntStream.range(0, mesh.numCells()).toArray();
    }

    /**
     * Gradients of the barycentric coordinates of cell c, {@code grads[k*d + i] = d lambda_k / d x_i},
     * from the rows of the inverse Jacobian; returns the cell measure.
     */
    double gradients(int c, double[] grads) {
        int n0 = mesh.cellNode(c, 0);
        if (d == 2) {
            double j00 = mesh.coordinate(mesh.cellNode(c, 1), 0) - mesh.coordinate(n0, 0);
            double j10 = mesh.coordinate(mesh.cellNode(c, 1), 1) - mesh.coordinate(n0, 1);
            double j01 = mesh.coordinate(mesh.cellNode(c, 2), 0) - mesh.coordinate(n0, 0);
            double j11 = mesh.coordinate(mesh.cellNode(c, 2), 1) - mesh.coordinate(n0, 1);
            double det = j00 * j11 - j01 * j10;
            grads[2] = j11 / det;
            grads[3] = -j01 / det;
            grads[4] = -j10 / det;
            grads[5] = j00 / det;
            grads[0] = -grads[2] - grads[4];
            grads[1] = -grads[3] - grads[5];
            return det / 2;
        }
        double[] j = new double[9]; // j[r*3 + k]: component r of edge k
        for (int k = 0; k < 3; k++) {
            int nk = mesh.cellNode(c, k + 1);
            for (int r = 0; r < 3; r++) {
                j[r * 3 + k] = mesh.coordinate(nk, r) - mesh.coordinate(n0, r);
            }
        }
        double c00 = j[4] * j[8] - j[5] * j[7];
        double c01 = j[5] * j[6] - j[3] * j[8];
        double c02 = j[3] * j[7] - j[4] * j[6];
        double det = j[0] * c00 + j[1] * c01 + j[2] * c02;
        // Row k of J^{-1} = (column k of the cofactor matrix) / det.
        double[] inv = {
            c00 / det, (j[2] * j[7] - j[1] * j[8]) / det, (j[1] * j[5] - j[2] * j[4]) / det,
            c01 / det, (j[0] * j[8] - j[2] * j[6]) / det, (j[2] * j[3] - j[0] * j[5]) / det,
            c02 / det, (j[1] * j[6] - j[0] * j[7]) / det, (j[0] * j[4] - j[1] * j[3]) / det
        };
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) {
                grads[(k + 1) * 3 + i] = inv[k * 3 + i];
            }
        }
        for (int i = 0; i < 3; i++) {
            grads[i] = -grads[3 + i] - grads[6 + i] - grads[9 + i];
        }
        return det / 6;
    }

    /** The element matrix of one cell, row-major (d+1) x (d+1). */
    @FunctionalInterface
    private interface CellKernel {
        void compute(int cell, double[] local, double[] scratch);
    }

    /**
     * Assembles {@code sum over cells of P^T K_c P} from the local matrices of a kernel, in
     * parallel: each cell writes its own slots of the triplet arrays, then duplicates are summed.
     */
    private CsrMatrix assembleCells(int[] cells, CellKernel kernel) {
        int k = d + 1;
        int perCell = k * k;
        int count = Math.multiplyExact(cells.length, perCell);
        int[] rows = new int[count];
        int[] cols = new int[count];
        double[] vals = new double[count];
        Parallel.forRange(cells.length, 4 * Parallel.threads(), (from, to) -> {
            double[] local = new double[perCell];
            double[] scratch = new double[k * d];
            for (int t = from; t < to; t++) {
                int c = cells[t];
                kernel.compute(c, local, scratch);
                int base = t * perCell;
                for (int a = 0; a < k; a++) {
                    int na = mesh.cellNode(c, a);
                    for (int b = 0; b < k; b++) {
                        rows[base + a * k + b] = na;
                        cols[base + a * k + b] = mesh.cellNode(c, b);
                        vals[base + a * k + b] = local[a * k + b];
                    }
                }
            }
        });
        return CsrMatrix.fromTriplets(dim(), dim(), rows, cols, vals, count);
    }

    /** Stiffness {@code A_ij = int grad phi_j . grad phi_i} over the given cells. */
    public CsrMatrix stiffness(int[] cells) {
        int k = d + 1;
        return assembleCells(cells, (c, local, grads) -> {
            double measure = gradients(c, grads);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    double s = 0;
                    for (int i = 0; i < d; i++) {
                        s += grads[a * d + i] * grads[b * d + i];
                    }
                    local[a * k + b] = measure * s;
                }
            }
        });
    }

    /** Mass {@code M_ij = int phi_j phi_i} over the given cells (exact: |K| (1 + delta_ij) / ((d+1)(d+2))). */
    public CsrMatrix mass(int[] cells) {
        int k = d + 1;
        double scale = 1.0 / ((d + 1) * (d + 2));
        return assembleCells(cells, (c, local, scratch) -> {
            double measure = mesh.cellMeasure(c);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    local[a * k + b] = measure * scale * (a == b ? 2 : 1);
                }
            }
        });
    }

    /** Load {@code b_i = int f phi_i} over the given cells, f constant. */
    public double[] load(int[] cells, double f) {
        double[] b = new double[dim()];
        for (int c : cells) {
            double share = f * mesh.cellMeasure(c) / (d + 1);
            for (int a = 0; a <= d; a++) {
                b[mesh.cellNode(c, a)] += share;
            }
        }
        return b;
    }

    /** Load {@code b_i = int f phi_i} over the given cells, by quadrature. */
    public double[] load(int[] cells, Field f, SimplexQuadrature rule) {
        double[] b = new double[dim()];
        double[] x = new double[d];
        for (int c : cells) {
            double measure = mesh.cellMeasure(c);
            for (int q = 0; q < rule.size(); q++) {
                point(c, rule, q, x);
                double wf = rule.weights()[q] * measure * f.applyAsDouble(x);
                for (int a = 0; a <= d; a++) {
                    b[mesh.cellNode(c, a)] += wf * rule.barycentric()[q * (d + 1) + a];
                }
            }
        }
        return b;
    }

    private void point(int c, SimplexQuadrature rule, int q, double[] x) {
        java.util.Arrays.fill(x, 0.0);
        for (int a = 0; a <= d; a++) {
            double lambda = rule.barycentric()[q * (d + 1) + a];
            int node = mesh.cellNode(c, a);
            for (int i = 0; i < d; i++) {
                x[i] += lambda * mesh.coordinate(node, i);
            }
        }
    }

    /** Measure of boundary facet f (length in 2D, area in 3D). */
    double facetMeasure(int f) {
        int p = mesh.facetNode(f, 0);
        int q = mesh.facetNode(f, 1);
        if (d == 2) {
            return Math.hypot(
                    mesh.coordinate(q, 0) - mesh.coordinate(p, 0), mesh.coordinate(q, 1) - mesh.coordinate(p, 1));
        }
        int r = mesh.facetNode(f, 2);
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

    /** Boundary mass {@code int_Gamma phi_j phi_i} over the given facets (the Robin term). */
    public CsrMatrix boundaryMass(int[] facets) {
        int k = d; // nodes per facet
        int count = facets.length * k * k;
        int[] rows = new int[count];
        int[] cols = new int[count];
        double[] vals = new double[count];
        double scale = 1.0 / (k * (k + 1));
        int t = 0;
        for (int f : facets) {
            double measure = facetMeasure(f);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    rows[t] = mesh.facetNode(f, a);
                    cols[t] = mesh.facetNode(f, b);
                    vals[t++] = measure * scale * (a == b ? 2 : 1);
                }
            }
        }
        return CsrMatrix.fromTriplets(dim(), dim(), rows, cols, vals, count);
    }

    /** Boundary load {@code int_Gamma g phi_i} over the given facets, g constant (the Neumann term). */
    public double[] boundaryLoad(int[] facets, double g) {
        double[] b = new double[dim()];
        for (int f : facets) {
            double share = g * facetMeasure(f) / d;
            for (int a = 0; a < d; a++) {
                b[mesh.facetNode(f, a)] += share;
            }
        }
        return b;
    }

    /** Nodal interpolant of a field. */
    public double[] interpolate(Field f) {
        double[] u = new double[dim()];
        double[] x = new double[d];
        for (int i = 0; i < dim(); i++) {
            for (int k = 0; k < d; k++) {
                x[k] = mesh.coordinate(i, k);
            }
            u[i] = f.applyAsDouble(x);
        }
        return u;
    }

    /** {@code ||u_h - u||_{L2}} by quadrature. */
    public double l2Error(double[] uh, Field exact, SimplexQuadrature rule) {
        DimensionMismatchException.check("coefficient vector length", dim(), uh.length);
        double sum = 0;
        double[] x = new double[d];
        for (int c = 0; c < mesh.numCells(); c++) {
            double measure = mesh.cellMeasure(c);
            for (int q = 0; q < rule.size(); q++) {
                point(c, rule, q, x);
                double v = 0;
                for (int a = 0; a <= d; a++) {
                    v += rule.barycentric()[q * (d + 1) + a] * uh[mesh.cellNode(c, a)];
                }
                double e = v - exact.applyAsDouble(x);
                sum += rule.weights()[q] * measure * e * e;
            }
        }
        return Math.sqrt(sum);
    }

    /** {@code |u_h - u|_{H1}} by quadrature; {@code gradient[i]} is the exact derivative along x_i. */
    public double h1SemiError(double[] uh, Field[] gradient, SimplexQuadrature rule) {
        DimensionMismatchException.check("coefficient vector length", dim(), uh.length);
        DimensionMismatchException.check("gradient components", d, gradient.length);
        double sum = 0;
        double[] x = new double[d];
        double[] grads = new double[(d + 1) * d];
        double[] g = new double[d];
        for (int c = 0; c < mesh.numCells(); c++) {
            double measure = gradients(c, grads);
            java.util.Arrays.fill(g, 0.0);
            for (int a = 0; a <= d; a++) {
                for (int i = 0; i < d; i++) {
                    g[i] += uh[mesh.cellNode(c, a)] * grads[a * d + i];
                }
            }
            for (int q = 0; q < rule.size(); q++) {
                point(c, rule, q, x);
                double e2 = 0;
                for (int i = 0; i < d; i++) {
                    double e = g[i] - gradient[i].applyAsDouble(x);
                    e2 += e * e;
                }
                sum += rule.weights()[q] * measure * e2;
            }
        }
        return Math.sqrt(sum);
    }
}

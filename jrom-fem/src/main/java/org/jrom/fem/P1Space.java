package org.jrom.fem;

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
public final class P1Space implements LagrangeSpace {
    /** A scalar field on the physical domain (the same as {@link ScalarField}, kept for existing callers). */
    @FunctionalInterface
    public interface Field extends ScalarField {}

    private final Mesh mesh;
    private final int d;
    private final LagrangeBasis cellBasis;
    private final LagrangeBasis facetBasis;
    private final SimplexAssembly.Assembler cellAssembly;
    private final SimplexAssembly.Assembler facetAssembly;

    public P1Space(Mesh mesh) {
        this(mesh, false);
    }

    /** With {@code triplets}, matrices are assembled by the reference triplet path (for tests). */
    P1Space(Mesh mesh, boolean triplets) {
        this.mesh = mesh;
        this.cellAssembly = SimplexAssembly.assembler(triplets, mesh.numCells());
        this.facetAssembly = SimplexAssembly.assembler(triplets, mesh.numFacets());
        this.d = mesh.dimension();
        this.cellBasis = LagrangeBasis.linear(d);
        this.facetBasis = LagrangeBasis.linear(d - 1);
    }

    @Override
    public Mesh mesh() {
        return mesh;
    }

    /** Number of degrees of freedom (= nodes). */
    @Override
    public int dim() {
        return mesh.numNodes();
    }

    /** All cell indices. */
    @Override
    public int[] allCells() {
        return IntStream.range(0, mesh.numCells()).toArray();
    }

    @Override
    public LagrangeBasis cellBasis() {
        return cellBasis;
    }

    @Override
    public void cellDofs(int c, int[] out) {
        for (int a = 0; a <= d; a++) {
            out[a] = mesh.cellNode(c, a);
        }
    }

    @Override
    public LagrangeBasis facetBasis() {
        return facetBasis;
    }

    @Override
    public void facetDofs(int f, int[] out) {
        for (int a = 0; a < d; a++) {
            out[a] = mesh.facetNode(f, a);
        }
    }

    /** Stiffness {@code A_ij = int grad phi_j . grad phi_i} over the given cells. */
    @Override
    public CsrMatrix stiffness(int[] cells) {
        int k = d + 1;
        if (d == 3) {
            return cellAssembly.matrix(dim(), cells, k, this::cellDofs, () -> {
                double[] grads = new double[12];
                return (c, local) -> tetrahedronStiffness(c, local, grads);
            });
        }
        return cellAssembly.matrix(dim(), cells, k, this::cellDofs, () -> {
            double[] grads = new double[k * d];
            return (c, local) -> gradientProducts(Simplices.barycentricGradients(mesh, c, grads), grads, local);
        });
    }

    /**
     * Convection by a constant velocity b in skew-symmetric form, {@code C_ij = 1/2 int (b . grad
     * phi_j) phi_i - (b . grad phi_i) phi_j} over the given cells: for functions vanishing on the
     * boundary and {@code div b = 0} it is the convection form {@code int (b . grad u) v}, and it is
     * skew-symmetric to the last bit ({@code C_ji = -C_ij}, the diagonal zero), so that it adds
     * nothing to {@code v^T A v} (Temam's form; Roos, Stynes, Tobiska 2008, sec. III.3). On a P1 cell
     * {@code grad phi_j} is constant and {@code int phi_i = |K| / (d + 1)}, so the cell's entries are
     * exact: {@code |K| / (2 (d + 1)) (b . grad lambda_b - b . grad lambda_a)}.
     */
    public CsrMatrix skewConvection(int[] cells, double[] velocity) {
        DimensionMismatchException.check("velocity components", d, velocity.length);
        int k = d + 1;
        return cellAssembly.matrix(dim(), cells, k, this::cellDofs, () -> {
            double[] grads = new double[k * d];
            double[] slope = new double[k];
            return (c, local) -> {
                double scale = Simplices.barycentricGradients(mesh, c, grads) / (2.0 * k);
                for (int a = 0; a < k; a++) {
                    double t = 0;
                    for (int i = 0; i < d; i++) {
                        t += velocity[i] * grads[a * d + i];
                    }
                    slope[a] = t;
                }
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        local[a * k + b] = scale * (slope[b] - slope[a]);
                    }
                }
            };
        });
    }

    /**
     * Stiffness with a variable conductivity, {@code A_ij = int kappa grad phi_j . grad phi_i} over
     * the given cells: the P1 gradients are constant on a cell, so the cell's matrix is the constant
     * one times the mean of kappa by the rule (exact for kappa polynomial up to the rule's degree).
     * The matrix of a non-affine {@code kappa(x; mu)} at one mu, e.g. for an exported family.
     */
    public CsrMatrix stiffness(int[] cells, ScalarField kappa, SimplexQuadrature rule) {
        Simplices set = Simplices.cells(mesh);
        set.checkRule(rule);
        int k = d + 1;
        return cellAssembly.matrix(dim(), cells, k, this::cellDofs, () -> {
            double[] grads = new double[k * d];
            double[] x = new double[d];
            return (c, local) -> {
                double measure = Simplices.barycentricGradients(mesh, c, grads);
                gradientProducts(measure * mean(kappa, set, c, rule, x), grads, local);
            };
        });
    }

    /**
     * The entries {@code A_{rows[m], cols[m]}} of {@link #stiffness(int[], ScalarField,
     * SimplexQuadrature)} over all cells, without assembling the matrix: only the cells holding both
     * nodes of an entry contribute, and kappa is evaluated on those alone (the restricted assembly
     * behind the online entries of a nonintrusive EIM). Equal to the assembled entries up to the order
     * of the sums over cells; zero for an entry outside the pattern.
     */
    public double[] stiffnessEntries(int[] rows, int[] cols, ScalarField kappa, SimplexQuadrature rule) {
        DimensionMismatchException.check("number of columns (one per row)", rows.length, cols.length);
        Simplices set = Simplices.cells(mesh);
        set.checkRule(rule);
        int[] firstOfRow = new int[dim()]; // requested entries by row, chained: firstOfRow[i] - 1, then next[m] - 1
        int[] next = new int[rows.length];
        for (int m = rows.length - 1; m >= 0; m--) {
            if (rows[m] < 0 || rows[m] >= dim() || cols[m] < 0 || cols[m] >= dim()) {
                throw new IndexOutOfBoundsException(
                        "entry (" + rows[m] + ", " + cols[m] + ") outside a " + dim() + "x" + dim() + " matrix");
            }
            next[m] = firstOfRow[rows[m]];
            firstOfRow[rows[m]] = m + 1;
        }
        int k = d + 1;
        double[] grads = new double[k * d];
        double[] x = new double[d];
        double[] values = new double[rows.length];
        for (int c = 0; c < mesh.numCells(); c++) {
            double weight = Double.NaN; // computed on the first entry this cell contributes to
            for (int a = 0; a < k; a++) {
                for (int m = firstOfRow[mesh.cellNode(c, a)] - 1; m >= 0; m = next[m] - 1) {
                    for (int b = 0; b < k; b++) {
                        if (mesh.cellNode(c, b) != cols[m]) {
                            continue;
                        }
                        if (Double.isNaN(weight)) {
                            double measure = Simplices.barycentricGradients(mesh, c, grads);
                            weight = measure * mean(kappa, set, c, rule, x);
                        }
                        values[m] += weight * gradientProduct(grads, a, b);
                    }
                }
            }
        }
        return values;
    }

    /** {@code local_ab = weight * grad lambda_a . grad lambda_b}, row-major. */
    private void gradientProducts(double weight, double[] grads, double[] local) {
        int k = d + 1;
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) { // symmetric: products commute, so both halves are equal bit for bit
                double s = gradientProduct(grads, a, b);
                local[a * k + b] = weight * s;
                local[b * k + a] = weight * s;
            }
        }
    }

    private double gradientProduct(double[] grads, int a, int b) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            s += grads[a * d + i] * grads[b * d + i];
        }
        return s;
    }

    /** The mean of kappa over cell c by the rule (weights summing to 1); x is scratch. */
    private static double mean(ScalarField kappa, Simplices set, int c, SimplexQuadrature rule, double[] x) {
        int stride = set.vertexCount();
        double mean = 0;
        for (int q = 0; q < rule.size(); q++) {
            set.point(c, rule.barycentric(), q * stride, x);
            mean += rule.weights()[q] * kappa.applyAsDouble(x);
        }
        return mean;
    }

    /**
     * The local P1 stiffness of tetrahedron c, {@code |K| grad lambda_a . grad lambda_b}, written out
     * for the four vertices (the generic loops cost twice as much in the assembly benchmark).
     */
    private void tetrahedronStiffness(int c, double[] local, double[] g) {
        double m = Simplices.barycentricGradients(mesh, c, g);
        double ox = g[0], oy = g[1], oz = g[2];
        double ax = g[3], ay = g[4], az = g[5];
        double bx = g[6], by = g[7], bz = g[8];
        double cx = g[9], cy = g[10], cz = g[11];
        local[0] = m * (ox * ox + oy * oy + oz * oz);
        local[5] = m * (ax * ax + ay * ay + az * az);
        local[10] = m * (bx * bx + by * by + bz * bz);
        local[15] = m * (cx * cx + cy * cy + cz * cz);
        local[1] = local[4] = m * (ox * ax + oy * ay + oz * az);
        local[2] = local[8] = m * (ox * bx + oy * by + oz * bz);
        local[3] = local[12] = m * (ox * cx + oy * cy + oz * cz);
        local[6] = local[9] = m * (ax * bx + ay * by + az * bz);
        local[7] = local[13] = m * (ax * cx + ay * cy + az * cz);
        local[11] = local[14] = m * (bx * cx + by * cy + bz * cz);
    }

    /** Mass {@code M_ij = int phi_j phi_i} over the given cells (exact: |K| (1 + delta_ij) / ((d+1)(d+2))). */
    @Override
    public CsrMatrix mass(int[] cells) {
        return simplexMass(cellAssembly, Simplices.cells(mesh), cells, this::cellDofs);
    }

    /** Exact P1 mass on k-simplices: {@code |e| (1 + delta_ab) / ((k+1)(k+2))}. */
    private CsrMatrix simplexMass(
            SimplexAssembly.Assembler assembly, Simplices set, int[] entities, SimplexAssembly.LocalDofs dofs) {
        int k = set.vertexCount();
        double scale = 1.0 / (k * (k + 1));
        return assembly.matrix(dim(), entities, k, dofs, () -> (e, local) -> {
            double measure = set.measure(e);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    local[a * k + b] = measure * scale * (a == b ? 2 : 1);
                }
            }
        });
    }

    /** Load {@code b_i = int f phi_i} over the given cells, f constant. */
    @Override
    public double[] load(int[] cells, double f) {
        // Shares in parallel, then one ordered pass: the same sums as a plain loop, bit for bit.
        double[] share = new double[cells.length];
        Parallel.forRange(cells.length, Parallel.threads(), (from, to) -> {
            for (int t = from; t < to; t++) {
                share[t] = f * mesh.cellMeasure(cells[t]) / (d + 1);
            }
        });
        double[] b = new double[dim()];
        for (int t = 0; t < cells.length; t++) {
            int c = cells[t];
            for (int a = 0; a <= d; a++) {
                b[mesh.cellNode(c, a)] += share[t];
            }
        }
        return b;
    }

    /** Load {@code b_i = int f phi_i} over the given cells, by a cell quadrature rule. */
    @Override
    public double[] load(int[] cells, ScalarField f, SimplexQuadrature rule) {
        return SimplexAssembly.load(dim(), Simplices.cells(mesh), cells, cellBasis, this::cellDofs, f, rule);
    }

    /** Boundary mass {@code int_Gamma phi_j phi_i} over the given facets (the Robin term). */
    @Override
    public CsrMatrix boundaryMass(int[] facets) {
        return simplexMass(facetAssembly, Simplices.facets(mesh), facets, this::facetDofs);
    }

    /** Boundary load {@code int_Gamma g phi_i} over the given facets, g constant (the Neumann term). */
    @Override
    public double[] boundaryLoad(int[] facets, double g) {
        Simplices set = Simplices.facets(mesh);
        double[] b = new double[dim()];
        for (int f : facets) {
            double share = g * set.measure(f) / d;
            for (int a = 0; a < d; a++) {
                b[mesh.facetNode(f, a)] += share;
            }
        }
        return b;
    }

    /**
     * Boundary load {@code int_Gamma g phi_i} over the given facets by a facet quadrature rule (of
     * dimension d-1, e.g. {@link SimplexQuadrature#accurateFacet}): Neumann data {@code g = du/dn},
     * or the Robin data of {@code du/dn + alpha u = g}.
     */
    @Override
    public double[] boundaryLoad(int[] facets, ScalarField g, SimplexQuadrature rule) {
        return SimplexAssembly.load(dim(), Simplices.facets(mesh), facets, facetBasis, this::facetDofs, g, rule);
    }

    /** The nodes of the named boundary parts, sorted (= {@link Mesh#boundaryNodes}). */
    @Override
    public int[] boundaryDofs(String... names) {
        return mesh.boundaryNodes(names);
    }

    /** Nodal interpolant of a field. */
    @Override
    public double[] interpolate(ScalarField f) {
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
    @Override
    public double l2Error(double[] uh, ScalarField exact, SimplexQuadrature rule) {
        return SimplexAssembly.l2Error(uh, dim(), mesh, cellBasis, this::cellDofs, exact, rule);
    }

    /** {@code |u_h - u|_{H1}} by quadrature; {@code gradient[i]} is the exact derivative along x_i. */
    @Override
    public double h1SemiError(double[] uh, ScalarField[] gradient, SimplexQuadrature rule) {
        return SimplexAssembly.h1SemiError(uh, dim(), mesh, cellBasis, this::cellDofs, gradient, rule);
    }
}

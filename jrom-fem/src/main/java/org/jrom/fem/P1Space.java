package org.jrom.fem;

import java.util.stream.IntStream;
import org.jrom.linalg.CsrMatrix;

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

    public P1Space(Mesh mesh) {
        this.mesh = mesh;
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

    private void cellDofs(int c, int[] out) {
        for (int a = 0; a <= d; a++) {
            out[a] = mesh.cellNode(c, a);
        }
    }

    private void facetDofs(int f, int[] out) {
        for (int a = 0; a < d; a++) {
            out[a] = mesh.facetNode(f, a);
        }
    }

    /** Stiffness {@code A_ij = int grad phi_j . grad phi_i} over the given cells. */
    @Override
    public CsrMatrix stiffness(int[] cells) {
        int k = d + 1;
        return SimplexAssembly.matrix(dim(), cells, k, this::cellDofs, () -> {
            double[] grads = new double[k * d];
            return (c, local) -> {
                double measure = Simplices.barycentricGradients(mesh, c, grads);
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        double s = 0;
                        for (int i = 0; i < d; i++) {
                            s += grads[a * d + i] * grads[b * d + i];
                        }
                        local[a * k + b] = measure * s;
                    }
                }
            };
        });
    }

    /** Mass {@code M_ij = int phi_j phi_i} over the given cells (exact: |K| (1 + delta_ij) / ((d+1)(d+2))). */
    @Override
    public CsrMatrix mass(int[] cells) {
        return simplexMass(Simplices.cells(mesh), cells, this::cellDofs);
    }

    /** Exact P1 mass on k-simplices: {@code |e| (1 + delta_ab) / ((k+1)(k+2))}. */
    private CsrMatrix simplexMass(Simplices set, int[] entities, SimplexAssembly.LocalDofs dofs) {
        int k = set.vertexCount();
        double scale = 1.0 / (k * (k + 1));
        return SimplexAssembly.matrix(dim(), entities, k, dofs, () -> (e, local) -> {
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
        double[] b = new double[dim()];
        for (int c : cells) {
            double share = f * mesh.cellMeasure(c) / (d + 1);
            for (int a = 0; a <= d; a++) {
                b[mesh.cellNode(c, a)] += share;
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
        return simplexMass(Simplices.facets(mesh), facets, this::facetDofs);
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

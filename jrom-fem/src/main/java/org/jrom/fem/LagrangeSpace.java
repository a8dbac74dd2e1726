package org.jrom.fem;

import org.jrom.linalg.CsrMatrix;

/**
 * A scalar Lagrange finite element space on a simplicial mesh ({@link P1Space}, {@link P2Space})
 * with the assembly of its operators term by term over sets of cells or boundary facets, so that
 * coefficients stay outside the matrices and {@code A(mu) = sum_q theta_q(mu) A_q} stays affine.
 */
public interface LagrangeSpace extends FiniteElementSpace {
    /** Stiffness {@code A_ij = int grad phi_j . grad phi_i} over the given cells. */
    CsrMatrix stiffness(int[] cells);

    /** Mass {@code M_ij = int phi_j phi_i} over the given cells. */
    CsrMatrix mass(int[] cells);

    /** Load {@code b_i = int f phi_i} over the given cells, f constant. */
    double[] load(int[] cells, double f);

    /** Load {@code b_i = int f phi_i} over the given cells, by a cell quadrature rule. */
    double[] load(int[] cells, ScalarField f, SimplexQuadrature rule);

    /** Boundary mass {@code int_Gamma phi_j phi_i} over the given facets (the Robin term). */
    CsrMatrix boundaryMass(int[] facets);

    /** Boundary load {@code int_Gamma g phi_i} over the given facets, g constant. */
    double[] boundaryLoad(int[] facets, double g);

    /** Boundary load {@code int_Gamma g phi_i} over the given facets by a facet rule (dimension d-1). */
    double[] boundaryLoad(int[] facets, ScalarField g, SimplexQuadrature rule);

    /** The dofs on the named boundary parts, sorted (for Dirichlet conditions). */
    int[] boundaryDofs(String... names);

    /** The interpolant of a field (its values at the dof points). */
    double[] interpolate(ScalarField f);

    /** {@code ||u_h - u||_{L2}} by quadrature. */
    double l2Error(double[] uh, ScalarField exact, SimplexQuadrature rule);

    /** The shape functions of a cell, in the local order of {@link #cellDofs}. */
    LagrangeBasis cellBasis();

    /** The global dofs of the local shape functions of cell c, written to {@code out[0 ..]}. */
    void cellDofs(int c, int[] out);

    /** The basis on a boundary facet (a simplex of dimension d - 1). */
    LagrangeBasis facetBasis();

    /** The dofs of boundary facet f, in the order of {@link #facetBasis()}. */
    void facetDofs(int f, int[] out);

    /** {@code |u_h - u|_{H1}} by quadrature; {@code gradient[i]} is the exact derivative along x_i. */
    double h1SemiError(double[] uh, ScalarField[] gradient, SimplexQuadrature rule);
}

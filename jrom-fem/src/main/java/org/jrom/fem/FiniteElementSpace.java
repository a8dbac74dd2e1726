package org.jrom.fem;

/**
 * A finite element space on a simplicial mesh, scalar ({@link LagrangeSpace}) or vector-valued
 * ({@link ElasticitySpace}): what a discretization needs to map coefficient vectors back to fields.
 */
public interface FiniteElementSpace {
    Mesh mesh();

    /** Number of degrees of freedom. */
    int dim();

    /** All cell indices. */
    int[] allCells();

    /** Number of components of the field: 1 for a scalar, d for a displacement in d dimensions. */
    default int components() {
        return 1;
    }
}

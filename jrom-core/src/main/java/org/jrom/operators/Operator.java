package org.jrom.operators;

import java.util.Optional;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.parameters.Parameter;

/**
 * A linear operator {@code A(mu): R^sourceDim -> R^rangeDim}, possibly parameter-dependent.
 * Optional capabilities (adjoint, restriction to a few degrees of freedom) are declared by the
 * operator, not discovered by catching exceptions.
 */
public interface Operator {
    int sourceDim();

    int rangeDim();

    /** True when the operator depends on the parameter. */
    boolean isParametric();

    /** {@code A(mu) U}, vector by vector. */
    VectorArray apply(VectorArray u, Parameter mu);

    /** True when {@link #applyAdjoint} is available. */
    default boolean hasAdjoint() {
        return false;
    }

    /** {@code A(mu)^T V}; only if {@link #hasAdjoint()}. */
    default VectorArray applyAdjoint(VectorArray v, Parameter mu) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " declares no adjoint");
    }

    /** Solves {@code A(mu) U = V} with the operator's solver. */
    VectorArray applyInverse(VectorArray v, Parameter mu);

    /** The operator at a fixed parameter, as one matrix operator. */
    MatrixOperator assemble(Parameter mu);

    /** The Galerkin/Petrov-Galerkin projection {@code W^T A(mu) V}. */
    default DenseMatrix project(VectorArray range, VectorArray source, Parameter mu) {
        return range.inner(apply(source, mu));
    }

    /**
     * The operator evaluated only at the given range dofs, for empirical interpolation; empty when
     * the operator cannot be restricted.
     */
    default Optional<RestrictedOperator> restricted(int[] dofs) {
        return Optional.empty();
    }
}

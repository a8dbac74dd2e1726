package org.jrom.operators;

import org.jrom.parameters.Parameter;

/**
 * An operator evaluated only at a few range dofs: {@code (A(mu) u)[dofs]} computed from the
 * entries of u in its {@link #sourceDofs()} only (the hook of empirical interpolation and
 * hyper-reduction).
 */
public interface RestrictedOperator {
    /** The range dofs this restriction produces, in order. */
    int[] rangeDofs();

    /** The source dofs it needs, in order. */
    int[] sourceDofs();

    /** {@code (A(mu) u)[rangeDofs]} from {@code u[sourceDofs]}. */
    double[] apply(double[] uAtSourceDofs, Parameter mu);
}

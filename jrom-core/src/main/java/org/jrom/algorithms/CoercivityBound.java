package org.jrom.algorithms;

import org.jrom.parameters.Parameter;

/**
 * A lower bound {@code alpha_LB(mu) <= alpha(mu) = inf_v a(v, v; mu) / ||v||_X^2} of the coercivity
 * constant of a parametrized operator with respect to an inner product X: the denominator of every
 * certified error bound. Evaluated online, so it must be cheap.
 */
public interface CoercivityBound {
    /** alpha_LB(mu) > 0. */
    double lowerBound(Parameter mu);

    /** Short description for reports, e.g. {@code min-theta at mu_ref}. */
    String describe();
}

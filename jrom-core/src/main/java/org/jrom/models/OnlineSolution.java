package org.jrom.models;

import java.util.Map;

/**
 * The answer of an {@link OnlineModel} at one parameter. For a certified model the errors are
 * rigorous bounds ({@code ||u - V u_N||_X <= error}, {@code |s - s_N| <= outputErrors}); what they are
 * for any model is its {@link OnlineModel#errorFigures()}. {@link ReducedSolution} is the answer of a
 * reduced-basis model, with its residual and coercivity bound; {@link Values} any other.
 */
public interface OnlineSolution {
    /** The reduced coefficients. */
    double[] coefficients();

    /** The outputs by name. */
    Map<String, Double> outputs();

    /** The error bound or estimate of each output. */
    Map<String, Double> outputErrors();

    /** The error bound or estimate of the field. */
    double error();

    /** {@link #error()} relative to the norm of the reduced field. */
    double relativeError();

    /** An answer given by its values (a regression model's). */
    record Values(
            double[] coefficients,
            Map<String, Double> outputs,
            Map<String, Double> outputErrors,
            double error,
            double relativeError)
            implements OnlineSolution {}
}

package org.jrom.models;

import java.util.Map;

/**
 * The answer of an {@link OnlineModel} at one parameter. For a certified model the errors are
 * rigorous bounds ({@code ||u - V u_N||_X <= error}, {@code |s - s_N| <= outputErrors}); for a
 * regression model they are estimates (cross-validated, or a Gaussian process's predictive standard
 * deviation).
 *
 * @param coefficients the reduced coefficients
 * @param outputs the outputs by name
 * @param outputErrors the error bound or estimate of each output
 * @param error the error bound or estimate of the field
 * @param relativeError {@code error} relative to the norm of the reduced field
 */
public record OnlineSolution(
        double[] coefficients,
        Map<String, Double> outputs,
        Map<String, Double> outputErrors,
        double error,
        double relativeError) {}

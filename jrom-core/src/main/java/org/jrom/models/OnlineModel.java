package org.jrom.models;

import java.util.List;
import java.util.Optional;
import org.jrom.linalg.VectorArray;
import org.jrom.operators.MatrixEntries;
import org.jrom.parameters.Parameter;

/**
 * A model prepared offline that answers parameter queries online at a cost independent of the
 * high-fidelity size: a reduced-basis model ({@link ReducedModel}), whose error figures are bounds
 * (certified when its {@link Certificate} says so), or a nonintrusive regression model ({@code
 * org.jrom.regression.PodRegressionModel}), whose error figures are estimates. Immutable and safe
 * to share between threads; what {@code jrom query}, {@code batch} and {@code uq} run on.
 */
public interface OnlineModel extends Model {
    /**
     * The kind of model: the name its model file stores it under ({@code reduced-basis}, {@code
     * pod-regression}), which selects the codec that writes and reads it.
     */
    default String kind() {
        return describe().kind();
    }

    /** The kind and the rows that describe what only this kind of model has (see {@link ModelDescription}). */
    ModelDescription describe();

    /**
     * What {@link OnlineSolution#error()} and the output errors are (certified bounds, bounds that
     * rest on an assumption, or estimates) and what they rest on.
     */
    ErrorFigures errorFigures();

    /** True when the error figures are certified bounds. */
    default boolean certified() {
        return errorFigures().certified();
    }

    /**
     * The answer at mu, which is checked against the parameter space.
     *
     * @throws NonFiniteAnswerException if a coefficient, the solution, an output or an error figure
     *     at mu is NaN or infinite: such an answer is never returned
     */
    OnlineSolution solve(Parameter mu);

    /** The answer at a parameter of the right type that may lie outside the parameter space. */
    OnlineSolution solveExtrapolated(Parameter mu);

    /**
     * The outputs and error figures at many parameters (each checked), for throughput.
     *
     * @throws NonFiniteAnswerException for the first parameter in the list whose answer is not finite,
     *     with its {@link NonFiniteAnswerException#index() index}
     */
    OnlineBatch solveBatch(List<Parameter> mus);

    /** The reduced basis V (n x N), if the model carries it. */
    Optional<VectorArray> basis();

    /** The field {@code V c} of reduced coefficients (needs the basis). */
    double[] reconstruct(double[] coefficients);

    /**
     * The right-hand side's coefficients {@code phi_p(mu)} of an affine model, in the order of its
     * terms: what values lifted at constrained dofs are weighted by in a reconstructed field; empty for
     * a model without them.
     */
    default double[] rhsCoefficientValues(Parameter mu) {
        return new double[0];
    }

    /**
     * The entries {@code (rows[m], cols[m])} of {@code A(mu)} this model needs at every parameter,
     * as {@code {rows, cols}}: a model that interpolates a non-affine operator from a solver's
     * matrices (nonintrusive EIM); empty arrays for a model whose answers are functions of mu alone.
     */
    default int[][] requiredEntries() {
        return new int[2][0];
    }

    /** This model answering with the entries of A(mu) from {@code source}; itself when it needs none. */
    default OnlineModel withEntries(MatrixEntries source) {
        return this;
    }
}

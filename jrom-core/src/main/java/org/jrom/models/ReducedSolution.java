package org.jrom.models;

import java.util.Map;

/**
 * The answer of a reduced model at one parameter: reduced coefficients, outputs, and the certified
 * bounds that come with them.
 *
 * @param coefficients the reduced solution {@code u_N(mu)} in the reduced basis
 * @param residualNorm an upper bound on the dual norm of the residual {@code ||r_N(mu)||_{X'}}, the
 *     rounding of its online evaluation included
 * @param coercivityBound the lower bound {@code alpha_LB(mu)} used
 * @param errorBound the bound {@code ||u(mu) - V u_N(mu)||_X <= residualNorm / alpha_LB}, raised by the
 *     measured accuracy of the high-fidelity solutions so that it also bounds the distance to a
 *     computed one (docs/estimators.md)
 * @param outputs the reduced outputs {@code s_N(mu)}
 * @param outputBounds the bounds {@code |s(mu) - s_N(mu)| <= outputBounds}
 * @param floor the part of {@code errorBound} that is round-off floor: the bound less the computed
 *     residual norm divided by {@code alpha_LB}
 */
public record ReducedSolution(
        double[] coefficients,
        double residualNorm,
        double coercivityBound,
        double errorBound,
        Map<String, Double> outputs,
        Map<String, Double> outputBounds,
        double floor)
        implements OnlineSolution {

    @Override
    public Map<String, Double> outputErrors() {
        return outputBounds;
    }

    @Override
    public double error() {
        return errorBound;
    }

    @Override
    public double relativeError() {
        return relativeErrorBound();
    }

    /** {@code ||u_N(mu)||_X}: the 2-norm of the coefficients in an X-orthonormal basis. */
    public double norm() {
        double s = 0;
        for (double c : coefficients) {
            s += c * c;
        }
        return Math.sqrt(s);
    }

    /**
     * The bound in the energy norm of a symmetric coercive problem, {@code |||u - u_N|||_mu <=
     * ||r_N||_{X'} / sqrt(alpha_LB)}: from {@code |||e|||^2 = r(e) <= ||r||_{X'} ||e||_X} and {@code
     * ||e||_X <= |||e||| / sqrt(alpha)}.
     */
    public double energyErrorBound() {
        return residualNorm / Math.sqrt(coercivityBound);
    }

    /** The bound relative to the reduced solution's norm, {@code errorBound / ||u_N||_X}. */
    public double relativeErrorBound() {
        double n = norm();
        return n == 0 ? Double.POSITIVE_INFINITY : errorBound / n;
    }
}

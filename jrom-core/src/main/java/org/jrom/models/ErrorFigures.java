package org.jrom.models;

/**
 * What the error figures of a model's answers are, and what they rest on: what {@code jrom query},
 * {@code batch}, {@code uq} and {@code info} print next to them (docs/estimators.md, "Certified
 * means proven").
 *
 * @param standing certified bounds, bounds that rest on something jrom did not prove, or estimates
 * @param restsOn one sentence for the user, e.g. {@code the coercivity lower bound given by the
 *     modeller, alpha_LB(mu) = 0.1 min(mu), not proven by jrom; validation passed}
 */
public record ErrorFigures(Standing standing, String restsOn) {
    /** The three kinds of error figures. */
    public enum Standing {
        /** Rigorous bounds: a coercivity bound jrom proved, round-off included, and a validation that passed. */
        CERTIFIED,
        /** Bounds that hold if an assumption holds (a modeller-given coercivity bound; no validation). */
        BOUND,
        /** Estimates: cross-validation, or bounds that the validation found below the true error. */
        ESTIMATE
    }

    /** True for certified bounds. */
    public boolean certified() {
        return standing == Standing.CERTIFIED;
    }

    /** True when the figures are bounds (certified or not), false for estimates. */
    public boolean bounds() {
        return standing != Standing.ESTIMATE;
    }
}

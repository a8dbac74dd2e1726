package org.jrom.models;

import java.util.Locale;
import java.util.Optional;

/**
 * What the error bounds of a reduced-basis model rest on, stored with the model (and in its file):
 * whether jrom proved the coercivity lower bound (min-theta, SCM) or the modeller gave it, the
 * validation against high-fidelity solves, and the measured relative accuracy of the high-fidelity
 * solutions, the measured part of the round-off floor (docs/estimators.md). The bounds are
 * certified only when the coercivity bound is proven and the validation passed.
 *
 * @param coercivityProven true when jrom derived the coercivity lower bound, false when the modeller
 *     gave it
 * @param coercivity the coercivity bound's description, e.g. {@code min-theta at mu_ref}; a given
 *     bound's says so, e.g. {@code alpha_LB(mu) = 0.1 (given by the modeller, not proven by jrom)}
 * @param validation the validation, empty when the model was not validated
 * @param truthAccuracy the largest {@code ||f - A u_h||_{X'} / (alpha_LB ||u_h||_X)} over the
 *     validation's high-fidelity solutions: how accurately a high-fidelity solve of this problem is
 *     known; 0 when not measured
 * @param complianceAccuracy the largest {@code (|u_h^T r_h| + ||r_h||_{X'}^2 / alpha_LB) /
 *     ||u_h||_X^2}, {@code r_h = f - A u_h}, over the same solutions: how accurately their compliance
 *     {@code f^T u_h} is known (sharper than {@code ||f||_{X'}} times the state's accuracy); NaN when
 *     not measured
 */
public record Certificate(
        boolean coercivityProven,
        String coercivity,
        Optional<Validation> validation,
        double truthAccuracy,
        double complianceAccuracy) {
    /**
     * The validation of the bounds against high-fidelity solves.
     *
     * @param testParameters the size of the test set
     * @param seed the test set's seed; negative for a test set given, not drawn
     * @param basisSizes how many basis sizes were validated
     * @param violations how often a bound was below the true error, the floor included and with no
     *     allowance (formats before 2.1 counted with an allowance for the truth's accuracy)
     */
    public record Validation(int testParameters, long seed, int basisSizes, int violations) {
        public Validation {
            if (testParameters < 1 || basisSizes < 1 || violations < 0) {
                throw new IllegalArgumentException("a validation needs test parameters and basis sizes >= 1 and"
                        + " violations >= 0, found " + testParameters + ", " + basisSizes + ", " + violations);
            }
        }

        /** No bound below the true error. */
        public boolean passed() {
            return violations == 0;
        }

        /** E.g. {@code 0 of 100 test parameters at 23 basis sizes below the true error (seed 2)}. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "bound below the true error %d times on %d test parameters (%s) at %d basis sizes",
                    violations,
                    testParameters,
                    seed < 0 ? "given" : "seed " + seed,
                    basisSizes);
        }
    }

    public Certificate {
        if (!(truthAccuracy >= 0 && truthAccuracy < 1)) {
            throw new IllegalArgumentException("the truth accuracy must be in [0, 1), found " + truthAccuracy);
        }
        if (!(Double.isNaN(complianceAccuracy) || (complianceAccuracy >= 0 && complianceAccuracy < 1))) {
            throw new IllegalArgumentException(
                    "the compliance accuracy must be in [0, 1) or NaN, found " + complianceAccuracy);
        }
    }

    /** A model not validated yet, with no measured truth accuracy. */
    public static Certificate unvalidated(boolean coercivityProven, String coercivity) {
        return new Certificate(coercivityProven, coercivity, Optional.empty(), 0, Double.NaN);
    }

    /** The same with the given validation. */
    public Certificate withValidation(Validation v) {
        return new Certificate(coercivityProven, coercivity, Optional.of(v), truthAccuracy, complianceAccuracy);
    }

    /** The same with the given measured truth accuracy. */
    public Certificate withTruthAccuracy(double accuracy) {
        return new Certificate(coercivityProven, coercivity, validation, accuracy, complianceAccuracy);
    }

    /** The same with the given measured compliance accuracy (NaN: not measured). */
    public Certificate withComplianceAccuracy(double accuracy) {
        return new Certificate(coercivityProven, coercivity, validation, truthAccuracy, accuracy);
    }

    /** Proven coercivity bound and a validation that passed. */
    public boolean certified() {
        return coercivityProven && validation.map(Validation::passed).orElse(false);
    }

    /** What the model's error figures are and what they rest on, in one sentence. */
    public ErrorFigures errorFigures() {
        // a given bound's description says it is given and not proven, e.g. "alpha_LB(mu) = 0.1 (given by ...)"
        String lowerBound = "the coercivity lower bound " + coercivity;
        if (validation.isPresent() && !validation.get().passed()) {
            return new ErrorFigures(
                    ErrorFigures.Standing.ESTIMATE,
                    "the validation found the bound below the true error "
                            + validation.get().violations()
                            + " times, so the bounds are estimates"
                            + (coercivityProven ? "" : "; they rest on " + lowerBound));
        }
        if (validation.isEmpty()) {
            return new ErrorFigures(
                    ErrorFigures.Standing.BOUND,
                    "the model was not validated against high-fidelity solves; the bounds rest on " + lowerBound);
        }
        if (!coercivityProven) {
            return new ErrorFigures(
                    ErrorFigures.Standing.BOUND, "the bounds rest on " + lowerBound + "; validation passed");
        }
        return new ErrorFigures(
                ErrorFigures.Standing.CERTIFIED,
                "coercivity lower bound " + coercivity + " proven by jrom; validation passed ("
                        + validation.get().describe() + ")");
    }
}

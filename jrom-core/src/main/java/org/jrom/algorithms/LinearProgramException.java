package org.jrom.algorithms;

import org.jrom.JromException;

/** A linear program has no optimal solution: it is infeasible, unbounded, or the simplex method gave up. */
public final class LinearProgramException extends JromException {
    private static final long serialVersionUID = 1L;

    /** Why no optimum was found. */
    public enum Reason {
        /** No point satisfies all constraints and bounds. */
        INFEASIBLE,
        /** The objective decreases without bound on the feasible set. */
        UNBOUNDED,
        /** The iteration limit was reached (a symptom of severe ill-conditioning). */
        ITERATION_LIMIT
    }

    private final Reason reason;

    public LinearProgramException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why no optimum was found. */
    public Reason reason() {
        return reason;
    }
}

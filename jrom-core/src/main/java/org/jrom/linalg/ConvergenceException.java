package org.jrom.linalg;

import java.util.Arrays;
import org.jrom.JromException;

/**
 * An iterative method stopped before reaching its tolerance. Carries the residual history so the
 * caller can see whether it stagnated or diverged; never a silent wrong answer.
 */
public final class ConvergenceException extends JromException {
    private static final long serialVersionUID = 1L;
    private final double[] residualHistory;

    public ConvergenceException(String message, double[] residualHistory) {
        super(message);
        this.residualHistory = residualHistory.clone();
    }

    /** Residual norms, one per iteration, starting with the initial residual. */
    public double[] residualHistory() {
        return residualHistory.clone();
    }

    /** Number of iterations performed. */
    public int iterations() {
        return residualHistory.length - 1;
    }

    @Override
    public String toString() {
        return getMessage() + " residuals " + Arrays.toString(residualHistory);
    }
}

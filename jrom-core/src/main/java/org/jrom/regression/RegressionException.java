package org.jrom.regression;

import org.jrom.JromException;

/**
 * Training data or a stored model that a regression cannot use: too few samples, two samples at
 * the same parameter, or no admissible shape parameter or hyperparameters. The message names the
 * samples or outputs concerned and what to change.
 */
public final class RegressionException extends JromException {
    private static final long serialVersionUID = 1L;

    public RegressionException(String message) {
        super(message);
    }
}

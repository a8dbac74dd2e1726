package org.jrom.parameters;

import org.jrom.JromException;

/** A parameter value that does not fit its type or space: a missing, extra or out-of-range component. */
public final class ParameterException extends JromException {
    private static final long serialVersionUID = 1L;

    public ParameterException(String message) {
        super(message);
    }
}

package org.jrom.operators;

import org.jrom.JromException;

/**
 * A coefficient expression that does not parse: the message names the expression, the 1-based
 * character position, what was expected and what was found.
 */
public final class ExpressionException extends JromException {
    private static final long serialVersionUID = 1L;

    private final String expression;
    private final int position;

    /** An error at the 1-based character {@code position} of {@code expression}. */
    public ExpressionException(String expression, int position, String message) {
        super("expression '" + expression + "': position " + position + ": " + message);
        this.expression = expression;
        this.position = position;
    }

    /** The text that failed to parse. */
    public String expression() {
        return expression;
    }

    /** The 1-based character position of the error. */
    public int position() {
        return position;
    }
}

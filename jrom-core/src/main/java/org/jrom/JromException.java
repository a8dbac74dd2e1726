package org.jrom;

/**
 * Base of every error jrom reports: the message says what was expected and what was found, and
 * where (file and line, matrix entry, pivot), so that a user can act on it.
 */
public class JromException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JromException(String message) {
        super(message);
    }

    public JromException(String message, Throwable cause) {
        super(message, cause);
    }
}

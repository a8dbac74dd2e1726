package org.jrom.linalg;

import org.jrom.JromException;

/**
 * A matrix whose structure is invalid for what is asked of it: malformed sparse arrays, an entry
 * outside the matrix, a pattern that differs from the one a symbolic factorization was built for.
 */
public final class InvalidMatrixException extends JromException {
    private static final long serialVersionUID = 1L;

    public InvalidMatrixException(String message) {
        super(message);
    }
}

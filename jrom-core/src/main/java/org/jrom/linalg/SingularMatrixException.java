package org.jrom.linalg;

import org.jrom.JromException;

/** An LU factorization met an exactly zero pivot: the matrix is singular. */
public final class SingularMatrixException extends JromException {
    private static final long serialVersionUID = 1L;

    public SingularMatrixException(String message) {
        super(message);
    }
}

package org.jrom.fem;

import org.jrom.JromException;

/** An invalid mesh: an entity out of range, a degenerate or inverted element, an unknown name. */
public final class MeshException extends JromException {
    private static final long serialVersionUID = 1L;

    public MeshException(String message) {
        super(message);
    }
}

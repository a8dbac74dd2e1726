package org.jrom.fem.io;

import org.jrom.JromException;

/**
 * A mesh file that cannot be read: wrong format or version, truncated, inconsistent counts or
 * references, or elements jrom cannot use. The message names the file and the line (text) or byte
 * offset (binary), what was expected and what was found.
 */
public final class MeshFileException extends JromException {
    private static final long serialVersionUID = 1L;

    public MeshFileException(String message) {
        super(message);
    }

    public MeshFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

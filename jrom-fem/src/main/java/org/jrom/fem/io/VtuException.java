package org.jrom.fem.io;

import org.jrom.JromException;

/**
 * A VTK XML file that cannot be read (malformed XML, corrupt base64, sizes that disagree with the
 * piece, unsupported cell types) or a field that cannot be written to one; the message names the
 * file, the line or byte offset, the array, what was expected and what was found.
 */
public final class VtuException extends JromException {
    private static final long serialVersionUID = 1L;

    public VtuException(String message) {
        super(message);
    }

    public VtuException(String message, Throwable cause) {
        super(message, cause);
    }
}

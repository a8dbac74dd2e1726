package org.jrom.io;

import org.jrom.JromException;

/**
 * A file whose content jrom cannot accept: the message names the file and, inside an archive, the
 * entry, then what was expected and what was found.
 */
public class FileFormatException extends JromException {
    private static final long serialVersionUID = 1L;

    /** {@code source} names the file, and the entry where there is one: {@code model.jrom: entry 'a.npy'}. */
    public FileFormatException(String source, String message) {
        super(source + ": " + message);
    }

    public FileFormatException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
    }
}

package org.jrom.io;

import java.io.IOException;
import java.nio.file.Path;
import org.jrom.JromException;

/** A file that cannot be read or written at all: missing, unreadable, or the disk is full. */
public final class FileAccessException extends JromException {
    private static final long serialVersionUID = 1L;

    public FileAccessException(String action, Path file, IOException cause) {
        super("cannot " + action + " " + file + ": " + describe(cause), cause);
    }

    /** A file that cannot be used for {@code reason}, e.g. {@code cannot read params.csv: no such file}. */
    public FileAccessException(String action, Path file, String reason) {
        super("cannot " + action + " " + file + ": " + reason);
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
    }
}

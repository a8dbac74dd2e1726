package org.jrom.io;

/** A file written in a format version this jrom does not read (a newer major version): upgrade jrom. */
public final class UnsupportedVersionException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    public UnsupportedVersionException(String source, String message) {
        super(source, message);
    }
}

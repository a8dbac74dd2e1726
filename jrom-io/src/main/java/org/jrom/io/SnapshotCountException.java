package org.jrom.io;

import java.util.Optional;

/**
 * A parameter table whose rows do not match the snapshots one to one. When the snapshots are a 2-D
 * matrix whose other dimension has one entry per row, {@link #matchingLayout} is the layout that
 * reads it so: the matrix is most likely transposed, and a caller can say how to pick that layout.
 */
public final class SnapshotCountException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    private final SnapshotSource.Layout matchingLayout;

    SnapshotCountException(String source, String message, SnapshotSource.Layout matchingLayout) {
        super(source, message);
        this.matchingLayout = matchingLayout;
    }

    /** The layout whose snapshot count is the number of parameter rows, if another one is. */
    public Optional<SnapshotSource.Layout> matchingLayout() {
        return Optional.ofNullable(matchingLayout);
    }
}

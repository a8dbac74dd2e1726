package org.jrom.io;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.jrom.pipelines.Snapshots;

/**
 * A stream of snapshot vectors (solutions {@code u(mu_j)} of an external solver), read one at a
 * time or a chunk at a time without loading all of them, in the order of the snapshot index j; the
 * feed of {@link org.jrom.algorithms.IncrementalPod}. Every snapshot is checked to have the
 * dimension of the first and finite entries; errors name the file, the entry, what was expected and
 * what was found. Close the source to release its file. A source is one pass of the core {@link
 * Snapshots} that {@link org.jrom.pipelines.PodRegressionReduction} reads.
 *
 * <p>Sources: one 2-D {@code .npy} file ({@link #npy}) or a {@code .npz} with one 2-D array or one
 * 1-D array per snapshot ({@link #npz}), a directory of per-snapshot files ({@link #directory}), a
 * CSV matrix ({@link #csv}). Names are sorted in natural order: {@code snap_2} before {@code
 * snap_10}. Layouts are documented in docs/formats.md, "Snapshots and parameter tables".
 */
public interface SnapshotSource extends Snapshots {
    /** Which index of a 2-D array counts the snapshots; there is no guessing from the shape. */
    enum Layout {
        /** Shape {@code (n, m)}: column j is snapshot j (jrom's {@code VectorArray}, a MATLAB matrix). */
        COLUMNS,
        /** Shape {@code (m, n)}: row j is snapshot j ({@code numpy.stack(snapshots)}). */
        ROWS;

        /** The layout of the transposed matrix. */
        public Layout transposed() {
            return this == COLUMNS ? ROWS : COLUMNS;
        }

        /** What holds one snapshot, for messages: {@code column} or {@code row}. */
        public String unit() {
            return this == COLUMNS ? "column" : "row";
        }
    }

    /** Reads the snapshots of one 2-D {@code .npy} file, in chunks through a {@code FileChannel}. */
    static SnapshotSource npy(Path file, Layout layout) {
        return NpySnapshots.open(file, layout);
    }

    /**
     * Reads a {@code .npz}: either exactly one {@code .npy} entry, a 2-D array laid out by {@code
     * layout}, or only 1-D entries, one snapshot each, in natural order of their names ({@code layout}
     * is then not used).
     */
    static SnapshotSource npz(Path file, Layout layout) {
        return NpySnapshots.openArchive(file, layout);
    }

    /**
     * Reads a directory of per-snapshot files whose names match {@code glob} (e.g. {@code "*.npy"}),
     * in natural order: {@code .npy} files holding a 1-D array, {@code .csv} files with one value per
     * line. Other kinds need {@link #directory(Path, String, Function)}.
     */
    static SnapshotSource directory(Path dir, String glob) {
        return FileSnapshots.directory(dir, glob, null);
    }

    /**
     * Reads a directory of per-snapshot files whose names match {@code glob}, in natural order, each
     * through {@code reader} (for VTU: {@code f -> VtuReader.readPointData(f, "u")} of jrom-fem).
     */
    static SnapshotSource directory(Path dir, String glob, Function<Path, double[]> reader) {
        return FileSnapshots.directory(dir, glob, reader);
    }

    /**
     * Reads a CSV matrix of numbers (no header line, comma-separated, blank lines skipped): with
     * {@link Layout#ROWS} line j is snapshot j, with {@link Layout#COLUMNS} column j is.
     */
    static SnapshotSource csv(Path file, Layout layout) {
        return CsvSnapshots.open(file, layout);
    }

    /** The file or directory the snapshots come from. */
    String origin();

    /** Where snapshot j is, for messages: {@code u.npy: column 3}, {@code snaps/snap_10.npy}. */
    String describe(int index);

    /** How a 2-D matrix is read; empty for one file per snapshot (a directory, a .npz of 1-D arrays). */
    default Optional<Layout> layout() {
        return Optional.empty();
    }

    /**
     * The next snapshot.
     *
     * @throws java.util.NoSuchElementException after the last
     * @throws FileFormatException naming the snapshot and entry of a NaN or infinite value, or a
     *     snapshot of another dimension
     */
    @Override
    double[] next();
}

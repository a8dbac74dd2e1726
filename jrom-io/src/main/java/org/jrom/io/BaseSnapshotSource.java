package org.jrom.io;

import java.util.NoSuchElementException;
import org.jrom.linalg.VectorArray;

/**
 * The cursor, the read-ahead buffer and the checks every {@link SnapshotSource} shares; a format
 * only says how to read snapshots {@code [from, from + k)}.
 */
abstract class BaseSnapshotSource implements SnapshotSource {
    /** Read-ahead of layouts that pass over the whole file per read: at most this many doubles. */
    static final int READ_AHEAD_DOUBLES = 1 << 22;

    private final String origin;
    private final int dim;
    private final int count;
    private int position;
    private VectorArray ahead;
    private int aheadStart;

    BaseSnapshotSource(String origin, int dim, int count) {
        this.origin = origin;
        this.dim = dim;
        this.count = count;
    }

    /** Reads snapshots {@code [from, from + k)} into {@code out[offset ..]}, column-major. */
    abstract void read(int from, int k, double[] out, int offset);

    /** How many snapshots one read fetches when fewer are asked for: 1 unless a read costs a pass. */
    int readAhead() {
        return 1;
    }

    /** The read-ahead of a layout that costs a pass over the file per read. */
    final int passReadAhead() {
        return Math.max(1, Math.min(count, READ_AHEAD_DOUBLES / Math.max(1, dim)));
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public double[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException(origin + ": all " + count + " snapshots have been read");
        }
        return next(1).data();
    }

    @Override
    public VectorArray next(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("cannot read " + max + " snapshots");
        }
        int k = Math.min(max, count - position);
        VectorArray out = VectorArray.zeros(dim, k);
        int filled = 0;
        while (filled < k) {
            int buffered = ahead == null ? 0 : aheadStart + ahead.count() - position;
            if (buffered > 0) {
                int n = Math.min(buffered, k - filled);
                System.arraycopy(ahead.data(), (position - aheadStart) * dim, out.data(), filled * dim, n * dim);
                filled += n;
                position += n;
            } else if (k - filled >= readAhead()) {
                int n = k - filled;
                readChecked(position, n, out.data(), filled * dim);
                filled += n;
                position += n;
            } else {
                int n = Math.min(readAhead(), count - position);
                ahead = VectorArray.zeros(dim, n);
                aheadStart = position;
                readChecked(position, n, ahead.data(), 0);
            }
        }
        return out;
    }

    private void readChecked(int from, int k, double[] out, int offset) {
        read(from, k, out, offset);
        for (int j = 0; j < k; j++) {
            int base = offset + j * dim;
            for (int i = 0; i < dim; i++) {
                double v = out[base + i];
                if (!Double.isFinite(v)) {
                    throw new FileFormatException(
                            describe(from + j), "entry " + i + " is " + v + ", expected a finite number");
                }
            }
        }
    }
}

package org.jrom.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Snapshots in one 2-D {@code .npy} array, a file or a {@code .npz} entry, read piece by piece
 * through the shared {@link Npy} header parser. Snapshot j is contiguous when its layout matches
 * the memory order (columns in Fortran order, rows in C order) and is then read by itself; in the
 * other two cases a read passes over the whole array once and keeps the snapshots asked for.
 */
final class NpySnapshots extends BaseSnapshotSource {
    /** Bytes read at once. */
    private static final int PIECE_BYTES = 1 << 23;

    /** Positioned reads of the bytes of an {@code .npy} array. */
    private interface Bytes extends AutoCloseable {
        /** The bytes from the start, for the header. */
        InputStream stream() throws IOException;

        /** Fills {@code dst} with the bytes from {@code position} on. */
        void read(long position, ByteBuffer dst) throws IOException;

        @Override
        void close() throws IOException;
    }

    private final Path file;
    private final Bytes bytes;
    private final Npy.Header header;
    private final SnapshotSource.Layout layout;
    private final boolean contiguous;
    private final int stride;
    private final ByteBuffer piece;

    private NpySnapshots(Path file, String source, Bytes bytes, Npy.Header header, SnapshotSource.Layout layout) {
        super(source, dimension(header, layout, source), snapshots(header, layout));
        this.file = file;
        this.bytes = bytes;
        this.header = header;
        this.layout = layout;
        this.contiguous = (layout == SnapshotSource.Layout.COLUMNS) == header.fortranOrder();
        this.stride = count();
        this.piece =
                ByteBuffer.allocate(PIECE_BYTES - PIECE_BYTES % header.dtype().size());
    }

    @Override
    public Optional<SnapshotSource.Layout> layout() {
        return Optional.of(layout);
    }

    private static int dimension(Npy.Header h, SnapshotSource.Layout layout, String source) {
        long[] s = h.shape();
        if (s.length != 2) {
            throw new FileFormatException(
                    source,
                    "expected a 2-D array of snapshots (" + (layout == SnapshotSource.Layout.COLUMNS ? "n, m" : "m, n")
                            + "), found shape " + Npy.shapeText(s) + "; a 1-D array is one snapshot");
        }
        return (int) (layout == SnapshotSource.Layout.COLUMNS ? s[0] : s[1]);
    }

    private static int snapshots(Npy.Header h, SnapshotSource.Layout layout) {
        return (int) (layout == SnapshotSource.Layout.COLUMNS ? h.shape()[1] : h.shape()[0]);
    }

    static SnapshotSource open(Path file, SnapshotSource.Layout layout) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new FileAccessException("read", file, e);
        }
        Bytes bytes = new Bytes() {
            @Override
            public InputStream stream() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public void read(long position, ByteBuffer dst) throws IOException {
                while (dst.hasRemaining()) {
                    if (channel.read(dst, position + dst.position()) < 0) {
                        throw new FileFormatException(
                                file.toString(),
                                "the file ends at byte " + (position + dst.position())
                                        + "; it was truncated while being read");
                    }
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
        try {
            return of(file, file.toString(), bytes, channel.size(), layout);
        } catch (IOException e) {
            closeQuietly(bytes);
            throw new FileAccessException("read", file, e);
        }
    }

    /** The header, checked against the total size; closes {@code bytes} on failure. */
    private static NpySnapshots of(Path file, String source, Bytes bytes, long size, SnapshotSource.Layout layout)
            throws IOException {
        try {
            Npy.Header h;
            try (InputStream in = bytes.stream()) {
                h = Npy.readHeader(in, size, source);
            }
            return new NpySnapshots(file, source, bytes, h, layout);
        } catch (RuntimeException | IOException e) {
            closeQuietly(bytes);
            throw e;
        }
    }

    static SnapshotSource openArchive(Path file, SnapshotSource.Layout layout) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (FileSystemException e) {
            throw new FileAccessException("read", file, e);
        } catch (IOException e) {
            throw new FileFormatException(file.toString(), "not a readable ZIP archive: " + e, e);
        }
        try {
            List<ZipEntry> entries = new ArrayList<>();
            for (ZipEntry z : Collections.list(zip.entries())) {
                if (z.getName().endsWith(".npy") && !z.isDirectory()) {
                    entries.add(z);
                }
            }
            entries.sort((a, b) -> NaturalOrder.compare(a.getName(), b.getName()));
            if (entries.isEmpty()) {
                throw new FileFormatException(file.toString(), "expected .npy entries (snapshots), found none");
            }
            ZipEntry first = entries.get(0);
            String where = file + ": entry '" + first.getName() + "'";
            Npy.Header h;
            try (InputStream in = zip.getInputStream(first)) {
                h = Npy.readHeader(in, first.getSize(), where);
            }
            if (h.shape().length == 1) {
                return FileSnapshots.archive(file, zip, entries);
            }
            if (entries.size() > 1) {
                throw new FileFormatException(
                        where,
                        "a 2-D array of snapshots must be the only .npy entry, found " + entries.size()
                                + " entries; put one 1-D array per snapshot or one 2-D array");
            }
            return of(file, where, entryBytes(zip, first), first.getSize(), layout);
        } catch (IOException | RuntimeException e) {
            closeQuietly(zip::close);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new FileFormatException(file.toString(), "damaged ZIP archive: " + e, e);
        }
    }

    /** An entry read forwards; a read behind the current position opens the entry again. */
    private static Bytes entryBytes(ZipFile zip, ZipEntry entry) {
        return new Bytes() {
            private InputStream in;
            private long at;

            @Override
            public InputStream stream() throws IOException {
                return zip.getInputStream(entry);
            }

            @Override
            public void read(long position, ByteBuffer dst) throws IOException {
                if (in == null || position < at) {
                    if (in != null) {
                        in.close();
                    }
                    in = zip.getInputStream(entry); // a stored entry skips in O(1), a deflated one inflates
                    at = 0;
                }
                in.skipNBytes(position - at);
                int n = in.readNBytes(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                at = position + n;
                if (dst.remaining() != n) {
                    throw new FileFormatException(
                            zip.getName() + ": entry '" + entry.getName() + "'",
                            "the entry ends at byte " + at + "; it is truncated");
                }
                dst.position(dst.position() + n);
            }

            @Override
            public void close() throws IOException {
                try {
                    if (in != null) {
                        in.close();
                    }
                } finally {
                    zip.close();
                }
            }
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the original failure is the one to report
        }
    }

    @Override
    int readAhead() {
        return contiguous ? 1 : passReadAhead();
    }

    @Override
    void read(int from, int k, double[] out, int offset) {
        int n = dim();
        try {
            if (contiguous) {
                for (int j = 0; j < k; j++) {
                    values((long) (from + j) * n, n, out, offset + j * n);
                }
                return;
            }
            // Element i of snapshot j at i * m + j: pass over whole lines of m values.
            int m = stride;
            int lines = Math.max(1, piece.capacity() / header.dtype().size() / Math.max(1, m));
            double[] band = new double[(int) Math.min((long) lines * m, (long) n * m)];
            for (int i0 = 0; i0 < n; i0 += lines) {
                int b = Math.min(lines, n - i0);
                values((long) i0 * m, b * m, band, 0);
                for (int i = 0; i < b; i++) {
                    for (int j = 0; j < k; j++) {
                        out[offset + j * n + i0 + i] = band[i * m + from + j];
                    }
                }
            }
        } catch (IOException e) {
            throw new FileAccessException("read", file, e);
        }
    }

    /** Converts {@code count} elements from element {@code first} on into {@code out[offset ..]}. */
    private void values(long first, int count, double[] out, int offset) throws IOException {
        int size = header.dtype().size();
        int perPiece = piece.capacity() / size;
        for (int done = 0; done < count; ) {
            int c = Math.min(perPiece, count - done);
            piece.clear().limit(c * size);
            bytes.read(header.dataOffset() + (first + done) * size, piece);
            piece.flip();
            header.dtype().read(piece, out, offset + done, c);
            done += c;
        }
    }

    @Override
    public String describe(int index) {
        return origin() + ": " + (layout == SnapshotSource.Layout.COLUMNS ? "column " : "row ") + index;
    }

    @Override
    public void close() {
        try {
            bytes.close();
        } catch (IOException e) {
            throw new FileAccessException("close", file, e);
        }
    }
}

package org.jrom.io;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jrom.linalg.DimensionMismatchException;

/**
 * A 2-D {@code <f8} NPY array written row by row, when the number of rows is known only at the end
 * (the time steps of a run): the rows go to a scratch file beside the target ({@code .NAME.rows}),
 * and {@link #commit} writes the header and the rows to the target atomically ({@link AtomicFile}).
 * Memory is one row; {@link #column} reads a column back from the scratch file. {@link #close}
 * deletes the scratch file, committed or not.
 */
public final class NpyRows implements AutoCloseable {
    private final Path target;
    private final Path scratch;
    private final int columns;
    private final FileChannel channel;
    private final OutputStream out;
    private final ByteBuffer buffer;
    private int rows;

    /**
     * Starts the array of {@code columns} columns that {@link #commit} will write to {@code target}.
     *
     * @throws FileAccessException if the scratch file cannot be created
     */
    public NpyRows(Path target, int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, found " + columns);
        }
        AtomicFile.check(target);
        this.target = target;
        this.columns = columns;
        Path dir = target.toAbsolutePath().getParent();
        this.scratch = dir.resolve("." + target.getFileName() + ".rows");
        try {
            this.channel = FileChannel.open(
                    scratch,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new FileAccessException("write", scratch, e);
        }
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        this.buffer = ByteBuffer.allocate(8 * columns).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Appends one row. */
    public void append(double[] row) {
        DimensionMismatchException.check("row length", columns, row.length);
        buffer.clear();
        buffer.asDoubleBuffer().put(row);
        try {
            out.write(buffer.array());
        } catch (IOException e) {
            throw new FileAccessException("write", scratch, e);
        }
        rows++;
    }

    /** Rows appended so far. */
    public int rows() {
        return rows;
    }

    /** Column j of the rows appended so far. */
    public double[] column(int j) {
        if (j < 0 || j >= columns) {
            throw new IndexOutOfBoundsException("column " + j + " of " + columns);
        }
        double[] c = new double[rows];
        ByteBuffer one = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try {
            out.flush();
            for (int i = 0; i < rows; i++) {
                one.clear();
                long at = ((long) i * columns + j) * 8;
                while (one.hasRemaining()) {
                    if (channel.read(one, at + one.position()) < 0) {
                        throw new EOFException("scratch file ends early");
                    }
                }
                c[i] = one.getDouble(0);
            }
        } catch (IOException e) {
            throw new FileAccessException("read", scratch, e);
        }
        return c;
    }

    /** The last row appended. */
    public double[] lastRow() {
        if (rows == 0) {
            throw new IllegalStateException("no row appended yet");
        }
        ByteBuffer row = ByteBuffer.allocate(8 * columns).order(ByteOrder.LITTLE_ENDIAN);
        try {
            out.flush();
            long at = (long) (rows - 1) * columns * 8;
            while (row.hasRemaining()) {
                if (channel.read(row, at + row.position()) < 0) {
                    throw new EOFException("scratch file ends early");
                }
            }
        } catch (IOException e) {
            throw new FileAccessException("read", scratch, e);
        }
        double[] r = new double[columns];
        row.flip();
        row.asDoubleBuffer().get(r);
        return r;
    }

    /** Writes the {@code rows() x columns} array to the target, atomically. */
    public void commit() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new FileAccessException("write", scratch, e);
        }
        byte[] header = Npy.header(new int[] {rows, columns}, false);
        AtomicFile.write(target, sink -> {
            sink.write(header);
            try (InputStream in = Files.newInputStream(scratch)) {
                in.transferTo(sink);
            }
        });
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the scratch file is deleted below all the same
        } finally {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException e) {
                throw new FileAccessException("delete", scratch, e);
            }
        }
    }
}

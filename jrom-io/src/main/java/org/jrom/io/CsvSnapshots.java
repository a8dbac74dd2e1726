package org.jrom.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Snapshots in a CSV matrix: with {@link SnapshotSource.Layout#ROWS} line j is snapshot j and is
 * read by itself, with {@link SnapshotSource.Layout#COLUMNS} column j is and a read passes over the
 * file once. A first pass checks that every line has as many values as the first.
 */
final class CsvSnapshots extends BaseSnapshotSource {
    private final Path file;
    private final SnapshotSource.Layout layout;
    private final int[] lines;
    private Csv.Reader reader;
    private int nextLine;

    private CsvSnapshots(Path file, SnapshotSource.Layout layout, int width, int[] lines) {
        super(
                file.toString(),
                layout == SnapshotSource.Layout.ROWS ? width : lines.length,
                layout == SnapshotSource.Layout.ROWS ? lines.length : width);
        this.file = file;
        this.layout = layout;
        this.lines = lines;
    }

    static SnapshotSource open(Path file, SnapshotSource.Layout layout) {
        int[] numbers = new int[16];
        int n = 0;
        int width = 0;
        int firstLine = 0;
        try (Csv.Reader in = new Csv.Reader(file)) {
            for (Csv.Line line = in.next(); line != null; line = in.next()) {
                if (n == 0) {
                    width = line.fields().length;
                    firstLine = line.number();
                }
                Csv.requireFields(file, line, width, "as many as line " + firstLine);
                if (n == numbers.length) {
                    numbers = Arrays.copyOf(numbers, 2 * n);
                }
                numbers[n++] = line.number();
            }
        }
        if (n == 0) {
            throw new FileFormatException(file.toString(), "no values: expected a CSV matrix of snapshots");
        }
        return new CsvSnapshots(file, layout, width, Arrays.copyOf(numbers, n));
    }

    @Override
    public Optional<SnapshotSource.Layout> layout() {
        return Optional.of(layout);
    }

    @Override
    int readAhead() {
        return layout == SnapshotSource.Layout.ROWS ? 1 : passReadAhead();
    }

    @Override
    void read(int from, int k, double[] out, int offset) {
        int n = dim();
        if (layout == SnapshotSource.Layout.ROWS) {
            if (reader == null || nextLine != from) {
                reopen();
                for (int skip = 0; skip < from; skip++) {
                    reader.next();
                }
                nextLine = from;
            }
            for (int j = 0; j < k; j++) {
                Csv.Line line = reader.next();
                for (int i = 0; i < n; i++) {
                    out[offset + j * n + i] = Csv.number(file, line, i);
                }
                nextLine++;
            }
            return;
        }
        reopen();
        for (int i = 0; i < n; i++) {
            Csv.Line line = reader.next();
            for (int j = 0; j < k; j++) {
                out[offset + j * n + i] = Csv.number(file, line, from + j);
            }
        }
        nextLine = -1;
    }

    private void reopen() {
        if (reader != null) {
            reader.close();
        }
        reader = new Csv.Reader(file);
    }

    @Override
    public String describe(int index) {
        return layout == SnapshotSource.Layout.ROWS
                ? Csv.where(file, lines[index]) + " (snapshot " + index + ")"
                : file + ": snapshot " + index + " (column " + (index + 1) + ")";
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}

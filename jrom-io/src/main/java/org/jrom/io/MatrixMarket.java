package org.jrom.io;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jrom.Excerpt;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.NonFiniteValueException;
import org.jrom.linalg.Parallel;

/**
 * The NIST Matrix Market exchange format (R. F. Boisvert, R. Pozo, K. Remington, "The Matrix
 * Market exchange formats: initial design", NISTIR 5935, 1996): a banner {@code %%MatrixMarket
 * matrix coordinate|array real|integer|pattern general|symmetric|skew-symmetric}, comment lines starting with
 * {@code %}, a size line, then one entry per line with 1-based indices. Coordinate files list
 * {@code i j value} triplets (no value for {@code pattern}, read as 1); array files list a dense
 * matrix by columns, and symmetric array files its lower triangle by columns. Symmetric coordinate
 * files list the lower triangle, the reader mirrors the entries below the diagonal; an entry above
 * the diagonal is an error. Skew-symmetric files (SciPy's {@code mmwrite} writes one for an exactly
 * skew matrix) list the strictly lower triangle, mirrored with the sign changed: a_ji = -a_ij exactly. Duplicate entries of a coordinate file are summed (the assembly
 * convention, and SciPy's). Blank lines and {@code %} comment lines may appear anywhere after the
 * banner. Files compressed with gzip are recognized by their magic bytes, whatever their name.
 *
 * <p>Complex fields and hermitian files are refused, naming the banner. Every other
 * error names the file and line, what was expected and what was found: a bad banner or size line,
 * fewer or more entries than the size line declares, an index out of range, a value that is not a
 * number, NaN or infinite, a truncated gzip stream. Parsing runs on {@link Parallel#threads()}
 * threads, each on a piece of the file split at line boundaries; values are bit for bit those of
 * {@link Double#parseDouble}. Files (decompressed) are limited to 2 GiB.
 *
 * <p>Memory is bounded by the file's real size, not by what its header declares: a gzip stream
 * may expand to 64 MiB, or at most {@value #MAX_INFLATION} times (its ISIZE trailer is ignored); rows and
 * columns beyond 2^24 plus 16 per byte of the file are refused (CSR keeps rows + 1 row pointers);
 * an array file may not declare (much) more entries than its bytes can hold; entry arrays grow with
 * the entries actually read. Messages quote at most a short printable {@link Excerpt} of the file,
 * and nothing of it when the file was not named by the user ({@link #readSquare(Path, boolean)}).
 */
public final class MatrixMarket {
    /** Below this many bytes of entries, one thread parses the whole file. */
    private static final int PARALLEL_BYTES = 1 << 20;

    private static final int MAX_BYTES = Integer.MAX_VALUE - 16;

    /** The most a large gzip file may expand, decompressed size over compressed size (see {@code gunzip}). */
    static final int MAX_INFLATION = 600;

    /** Decompressed bytes accepted whatever the compression ratio. */
    static final int INFLATION_FREE = 64 << 20;

    /**
     * How many bytes {@code compressed} bytes of deflate data may expand to, in a gzip stream or a
     * ZIP entry (NPZ): {@link #INFLATION_FREE} always, beyond that {@link #MAX_INFLATION} times, so
     * that the memory a file costs stays proportional to its size.
     */
    static long inflationCap(long compressed) {
        return Math.max(compressed * MAX_INFLATION, INFLATION_FREE);
    }

    /** Rows and columns accepted whatever the file's size; beyond, 16 per byte (see {@code header}). */
    static final long DIMENSION_SLACK = 1L << 24;

    private MatrixMarket() {}

    /** The storage layout named by the banner. */
    enum Layout {
        COORDINATE,
        ARRAY
    }

    /** The number field named by the banner (complex is refused). */
    enum Field {
        REAL,
        INTEGER,
        PATTERN
    }

    /**
     * What the banner and size line say; entries start at byte {@code dataStart}. {@code symmetric}
     * for symmetric and skew-symmetric files (one triangle listed, mirrored), {@code skew} for the
     * latter (mirrored with the sign changed, the diagonal not listed: zero).
     */
    record Header(
            Layout layout,
            Field field,
            boolean symmetric,
            boolean skew,
            int rows,
            int cols,
            long entries,
            int sizeLine,
            int dataStart) {}

    /**
     * Reads a matrix as CSR, from a coordinate file (duplicates summed, symmetric files mirrored) or
     * an array file (exact zeros dropped).
     *
     * @throws FileFormatException naming the file and line of the first problem
     * @throws FileAccessException if the file cannot be read
     */
    public static CsrMatrix readSparse(Path file) {
        CsrMatrix streamed = Streamed.coordinate(file, true, false);
        if (streamed != null) {
            return streamed;
        }
        Source s = Source.read(file, true);
        Header h = header(s);
        return h.layout == Layout.COORDINATE ? coordinate(s, h) : CsrMatrix.fromDense(array(s, h));
    }

    /**
     * Reads a square matrix, as {@link #readSparse}; an operator or a product matrix must be square.
     *
     * @throws FileFormatException also when the size line declares a non-square matrix
     */
    public static CsrMatrix readSquare(Path file) {
        return readSquare(file, true);
    }

    /**
     * {@link #readSquare}; without {@code quote}, messages say what was expected and where, but
     * quote nothing of the file (one the user did not name, e.g. named by a manifest).
     */
    static CsrMatrix readSquare(Path file, boolean quote) {
        CsrMatrix streamed = Streamed.coordinate(file, quote, true);
        if (streamed != null) {
            return streamed;
        }
        Source s = Source.read(file, quote);
        Header h = header(s);
        if (h.rows != h.cols) {
            throw s.error(
                    h.sizeLine, "expected a square matrix, found " + h.rows + " x " + h.cols + " on the size line");
        }
        return h.layout == Layout.COORDINATE ? coordinate(s, h) : CsrMatrix.fromDense(array(s, h));
    }

    /**
     * Reads a matrix as a dense column-major matrix, from an array file or a coordinate file (zeros
     * filled in, duplicates summed).
     *
     * @throws FileFormatException also when the matrix has more than 2^31 - 1 entries
     */
    public static DenseMatrix readDense(Path file) {
        Source s = Source.read(file, true);
        Header h = header(s);
        requireDenseSize(s, h);
        return h.layout == Layout.ARRAY ? array(s, h) : coordinate(s, h).toDense();
    }

    /**
     * Reads a vector, an n x 1 matrix in either layout (the right-hand side or output functional of
     * an external solver).
     *
     * @throws FileFormatException also when the matrix has more than one column
     */
    public static double[] readVector(Path file) {
        return readVector(file, true);
    }

    /** {@link #readVector}, quoting nothing of the file without {@code quote} (see {@link #readSquare(Path, boolean)}). */
    static double[] readVector(Path file, boolean quote) {
        Source s = Source.read(file, quote);
        Header h = header(s);
        if (h.cols != 1) {
            throw s.error(
                    h.sizeLine,
                    "expected a vector (an n x 1 matrix), found " + h.rows + " x " + h.cols + " on the size line");
        }
        return h.layout == Layout.ARRAY
                ? array(s, h).data()
                : coordinate(s, h).toDense().data();
    }

    /**
     * Writes a sparse matrix atomically as a {@code coordinate real} file: {@code symmetric} (the
     * lower triangle) when the matrix is exactly symmetric, {@code general} otherwise. Values are
     * written as {@link Double#toString} does, so reading the file back gives the same bits.
     */
    public static void write(Path file, CsrMatrix a) {
        boolean symmetric = a.rows() == a.cols() && a.asymmetry() == 0;
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] val = a.nonzeroValues();
        long count = 0;
        for (int i = 0; i < a.rows(); i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                if (!Double.isFinite(val[p])) {
                    throw new NonFiniteValueException("cannot write " + file + ": entry (" + (i + 1) + ", "
                            + (col[p] + 1) + ") is " + val[p] + "; Matrix Market files hold finite numbers");
                }
                if (!symmetric || col[p] <= i) {
                    count++;
                }
            }
        }
        long entries = count;
        writeText(file, text -> {
            StringBuilder sb = text.buffer();
            sb.append("%%MatrixMarket matrix coordinate real ")
                    .append(symmetric ? "symmetric" : "general")
                    .append('\n')
                    .append(a.rows())
                    .append(' ')
                    .append(a.cols())
                    .append(' ')
                    .append(entries)
                    .append('\n');
            for (int i = 0; i < a.rows(); i++) {
                for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                    if (!symmetric || col[p] <= i) {
                        sb.append(i + 1)
                                .append(' ')
                                .append(col[p] + 1)
                                .append(' ')
                                .append(val[p])
                                .append('\n');
                    }
                }
                text.lineDone();
            }
        });
    }

    /** Writes a vector atomically as an n x 1 {@code array real general} file (values as {@link #write}). */
    public static void writeVector(Path file, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new NonFiniteValueException("cannot write " + file + ": entry " + (i + 1) + " is " + v[i]
                        + "; Matrix Market files hold finite numbers");
            }
        }
        writeText(file, text -> {
            StringBuilder sb = text.buffer();
            sb.append("%%MatrixMarket matrix array real general\n")
                    .append(v.length)
                    .append(" 1\n");
            for (double x : v) {
                sb.append(x).append('\n');
                text.lineDone();
            }
        });
    }

    /** The lines of a file being written: appended to a buffer that goes out in ASCII chunks. */
    private static final class ChunkedText {
        private static final int CHUNK = 1 << 15;
        private final OutputStream out;
        private final StringBuilder buffer = new StringBuilder(2 * CHUNK);

        ChunkedText(OutputStream out) {
            this.out = out;
        }

        /** The buffer to append to. */
        StringBuilder buffer() {
            return buffer;
        }

        /** Called after each complete line: writes the buffer out once it passes the chunk size. */
        void lineDone() throws IOException {
            if (buffer.length() > CHUNK) {
                flush();
            }
        }

        void flush() throws IOException {
            out.write(buffer.toString().getBytes(StandardCharsets.US_ASCII));
            buffer.setLength(0);
        }
    }

    /** What writes the lines of a file. */
    private interface TextContent {
        void writeTo(ChunkedText text) throws IOException;
    }

    /** Writes a file atomically from its lines, in chunks, never the whole file as one string. */
    private static void writeText(Path file, TextContent content) {
        AtomicFile.write(file, out -> {
            ChunkedText text = new ChunkedText(out);
            content.writeTo(text);
            text.flush();
        });
    }

    private static void requireDenseSize(Source s, Header h) {
        long entries = (long) h.rows * h.cols;
        if (entries > MAX_BYTES / 8) {
            throw s.error(
                    h.sizeLine,
                    "a " + h.rows + " x " + h.cols + " matrix is too large for dense storage (at most 2^28 entries)");
        }
        // A coordinate file states its zeros for free: a few bytes can ask for gigabytes of dense
        // storage. Expanded are 2^23 entries (64 MiB), or 8 per byte of the file.
        long expandable = Math.max(DENSE_FROM_COORDINATE, 8L * s.length);
        if (h.layout == Layout.COORDINATE && entries > expandable) {
            throw s.error(
                    h.sizeLine,
                    "a " + h.rows + " x " + h.cols + " coordinate matrix in " + s.length + " bytes: at most "
                            + expandable + " entries are expanded to dense storage (2^23, or 8 per byte of"
                            + " the file); read it as a sparse matrix");
        }
    }

    /** Entries of dense storage a coordinate file may always expand to (64 MiB of doubles). */
    static final long DENSE_FROM_COORDINATE = 1L << 23;

    // ---------------------------------------------------------------- file content and errors

    /** The (decompressed) bytes of a file and the name used in messages. */
    static final class Source {
        final byte[] bytes;
        final int length;
        final Path file;
        /** Whether messages may quote the content: only of a file the user named. */
        final boolean quote;

        Source(byte[] bytes, int length, Path file, boolean quote) {
            this.bytes = bytes;
            this.length = length;
            this.file = file;
            this.quote = quote;
        }

        static Source read(Path file, boolean quote) {
            byte[] raw;
            try {
                if (Files.size(file) > MAX_BYTES) {
                    throw new FileFormatException(
                            file.toString(),
                            "files over 2 GiB are not supported, found " + Files.size(file) + " bytes");
                }
                raw = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new FileAccessException("read", file, e);
            }
            if (raw.length >= 2 && raw[0] == (byte) 0x1f && raw[1] == (byte) 0x8b) {
                return new Source(gunzip(raw, file), file, quote);
            }
            return new Source(raw, raw.length, file, quote);
        }

        private Source(Inflated in, Path file, boolean quote) {
            this(in.bytes, in.length, file, quote);
        }

        /**
         * The decompressed content, in a buffer that grows as data arrives: the ISIZE trailer is not
         * trusted (a damaged or hostile file can declare any size). Up to {@link #INFLATION_FREE}
         * bytes are always accepted; beyond, at most {@link #MAX_INFLATION} times the compressed size
         * (text matrices compress 3 to 20 times, a vector of zeros about 500; deflate's own limit is
         * about 1032), so that memory stays proportional to the file.
         */
        private static Inflated gunzip(byte[] raw, Path file) {
            long cap = Math.min(inflationCap(raw.length), MAX_BYTES);
            byte[] out = new byte[(int) Math.min(Math.max((long) raw.length * 4, 1024), cap)];
            int n = 0;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
                while (true) {
                    if (n == out.length) {
                        if (n >= cap) {
                            if (in.read() < 0) {
                                break;
                            }
                            throw new FileFormatException(
                                    file.toString(),
                                    "the gzip stream of " + raw.length + " bytes decompresses to more than " + cap
                                            + " bytes; accepted are 64 MiB, or " + MAX_INFLATION
                                            + " times the compressed size (the ISIZE trailer is not trusted)");
                        }
                        out = Arrays.copyOf(out, (int) Math.min((long) n * 2, cap));
                    }
                    int r = in.read(out, n, out.length - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
            } catch (EOFException e) {
                throw new FileFormatException(
                        file.toString(),
                        "truncated gzip stream: the compressed data ends after " + raw.length
                                + " bytes, before the end of the gzip member (" + n + " bytes decompressed)",
                        e);
            } catch (ZipException e) {
                throw new FileFormatException(
                        file.toString(), "corrupt gzip stream (" + Excerpt.of(String.valueOf(e.getMessage())) + ")", e);
            } catch (IOException e) {
                throw new FileAccessException("decompress", file, e);
            }
            return new Inflated(out, n);
        }

        /** 1-based line number of byte {@code offset}. */
        int lineOf(int offset) {
            int line = 1;
            int end = Math.min(offset, length);
            for (int i = 0; i < end; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            return line;
        }

        /** The number of the last line, the one a message about the end of the file names. */
        int lastLine() {
            return lineOf(length > 0 && bytes[length - 1] == '\n' ? length - 1 : length);
        }

        FileFormatException error(int line, String message) {
            return new FileFormatException(file + ":" + line, message);
        }

        FileFormatException errorAt(int offset, String message) {
            return error(lineOf(offset), message);
        }

        /**
         * The line starting at {@code offset} in quotes, shortened, for messages; or, for a file the
         * user did not name, only where it is.
         */
        String quoteLine(int offset) {
            int end = offset;
            while (end < length && bytes[end] != '\n' && end - offset <= Excerpt.MAX) {
                end++;
            }
            return show(new String(bytes, offset, end - offset, StandardCharsets.ISO_8859_1).strip(), offset);
        }

        /** {@code text}, found at byte {@code offset}, quoted as an excerpt, or its position only. */
        String show(String text, int offset) {
            return show(quote, text, offset);
        }

        static String show(boolean quote, String text, int offset) {
            return quote ? Excerpt.quoted(text) : "other content at byte " + offset;
        }
    }

    /** Decompressed bytes, the first {@code length} of {@code bytes}. */
    private record Inflated(byte[] bytes, int length) {}

    /** A parse error at a byte offset, turned into a file:line message by the caller. */
    static final class ParseFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int offset;

        ParseFailure(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    // ---------------------------------------------------------------- banner and size line

    static Header header(Source s) {
        byte[] b = s.bytes;
        int n = s.length;
        if (n == 0) {
            throw s.error(1, "empty file: expected the banner '%%MatrixMarket matrix coordinate real general'");
        }
        int eol = 0;
        while (eol < n && b[eol] != '\n') {
            eol++;
        }
        String banner = new String(b, 0, eol, StandardCharsets.ISO_8859_1).strip();
        String[] t = banner.split("[ \t]+");
        if (!t[0].equalsIgnoreCase("%%MatrixMarket")) {
            throw s.error(
                    1,
                    "not a Matrix Market file: expected the banner '%%MatrixMarket matrix coordinate|array"
                            + " real|integer|pattern general|symmetric|skew-symmetric', found " + s.show(banner, 0));
        }
        if (t.length != 5) {
            throw s.error(
                    1,
                    "expected the banner '%%MatrixMarket matrix coordinate|array real|integer|pattern"
                            + " general|symmetric|skew-symmetric' (five words), found " + s.show(banner, 0));
        }
        String object = t[1].toLowerCase(Locale.ROOT);
        String format = t[2].toLowerCase(Locale.ROOT);
        String field = t[3].toLowerCase(Locale.ROOT);
        String symmetry = t[4].toLowerCase(Locale.ROOT);
        // the banner of a file the user did not name is not quoted either
        String quoted = s.quote ? "'" + Excerpt.of(banner, 80) + "'" : "the banner";
        if (!object.equals("matrix")) {
            throw s.error(
                    1,
                    "unsupported object " + s.show(t[1], banner.indexOf(t[1])) + " in " + quoted
                            + ": expected 'matrix'");
        }
        Layout layout =
                switch (format) {
                    case "coordinate" -> Layout.COORDINATE;
                    case "array" -> Layout.ARRAY;
                    default ->
                        throw s.error(
                                1,
                                "unknown format " + s.show(t[2], banner.indexOf(t[2])) + " in " + quoted
                                        + ": expected coordinate or array");
                };
        Field f =
                switch (field) {
                    case "real", "double" -> Field.REAL;
                    case "integer" -> Field.INTEGER;
                    case "pattern" -> Field.PATTERN;
                    case "complex" ->
                        throw s.error(
                                1,
                                "complex matrices are not supported (" + quoted
                                        + "): expected real, integer or pattern");
                    default ->
                        throw s.error(
                                1,
                                "unknown field " + s.show(t[3], banner.indexOf(t[3])) + " in " + quoted
                                        + ": expected real, integer or pattern");
                };
        boolean symmetric =
                switch (symmetry) {
                    case "general" -> false;
                    case "symmetric", "skew-symmetric" -> true;
                    case "hermitian" ->
                        throw s.error(
                                1,
                                symmetry + " matrices are not supported (" + quoted
                                        + "): expected general, symmetric or skew-symmetric");
                    default ->
                        throw s.error(
                                1,
                                "unknown symmetry " + s.show(t[4], banner.indexOf(t[4])) + " in " + quoted
                                        + ": expected general, symmetric or skew-symmetric");
                };
        boolean skew = symmetry.equals("skew-symmetric");
        if (skew && f == Field.PATTERN) {
            throw s.error(1, "a skew-symmetric pattern has no values to negate (" + quoted + ")");
        }
        if (layout == Layout.ARRAY && f == Field.PATTERN) {
            throw s.error(
                    1, "an array file cannot have the field 'pattern' (" + quoted + "): expected real or integer");
        }
        Lexer lx = new Lexer(s.bytes, Math.min(eol + 1, n), n, s.quote);
        String expected = layout == Layout.COORDINATE ? "'rows columns entries'" : "'rows columns'";
        if (!lx.nextLine()) {
            throw s.error(s.lastLine(), "the file ends before the size line " + expected);
        }
        int sizeStart = lx.pos;
        int sizeLine = s.lineOf(sizeStart);
        long[] size = new long[layout == Layout.COORDINATE ? 3 : 2];
        try {
            for (int k = 0; k < size.length; k++) {
                if (k > 0) {
                    lx.separator();
                }
                size[k] = lx.index();
            }
            lx.endOfLine();
        } catch (ParseFailure e) {
            throw s.error(sizeLine, "expected the size line " + expected + ", found " + s.quoteLine(sizeStart));
        }
        for (int k = 0; k < 2; k++) {
            if (size[k] > Integer.MAX_VALUE - 1) {
                throw s.error(
                        sizeLine,
                        (k == 0 ? "row" : "column") + " count " + size[k] + " exceeds the supported 2^31 - 2");
            }
        }
        int rows = (int) size[0];
        int cols = (int) size[1];
        // CSR needs rows + 1 row pointers and a vector n values: sizes far beyond what the file can
        // fill are refused, so that memory stays proportional to the file
        long dimensionLimit = DIMENSION_SLACK + 16L * n;
        if (rows > dimensionLimit || cols > dimensionLimit) {
            throw s.error(
                    sizeLine,
                    "a " + rows + " x " + cols + " matrix in a file of " + n + " bytes: at most " + dimensionLimit
                            + " rows and columns are accepted (2^24, plus 16 per byte of the file)");
        }
        long entries;
        if (layout == Layout.COORDINATE) {
            entries = size[2];
            long limit = symmetric ? (Integer.MAX_VALUE - 16) / 2 : Integer.MAX_VALUE - 16;
            if (entries > limit) {
                throw s.error(sizeLine, "entry count " + entries + " exceeds the supported " + limit);
            }
            if (entries > (long) rows * cols) {
                throw s.error(
                        sizeLine,
                        "entry count " + entries + " exceeds the " + (long) rows * cols + " positions of a " + rows
                                + " x " + cols + " matrix");
            }
        } else {
            entries =
                    skew ? (long) rows * (rows - 1) / 2 : symmetric ? (long) rows * (rows + 1) / 2 : (long) rows * cols;
            // each entry is at least a digit and a line end; some slack keeps the message of a
            // merely truncated small file ("the file ends after ...")
            long room = (n - lx.pos + 1) / 2;
            if (entries > 2 * room + 4096) {
                throw s.error(
                        sizeLine,
                        "the size line declares " + entries + " entries, but the " + (n - lx.pos)
                                + " bytes after it can hold at most " + room);
            }
        }
        if (symmetric && rows != cols) {
            throw s.error(
                    sizeLine, "a symmetric matrix must be square, found " + rows + " x " + cols + " on the size line");
        }
        return new Header(layout, f, symmetric, skew, rows, cols, entries, sizeLine, lx.pos);
    }

    // ---------------------------------------------------------------- array files

    static DenseMatrix array(Source s, Header h) {
        requireDenseSize(s, h);
        int rows = h.rows;
        int cols = h.cols;
        double[] data = new double[rows * cols];
        Lexer lx = new Lexer(s.bytes, h.dataStart, s.length, s.quote);
        boolean integer = h.field == Field.INTEGER;
        long k = 0;
        try {
            for (int j = 0; j < cols; j++) {
                for (int i = h.skew ? j + 1 : h.symmetric ? j : 0; i < rows; i++) {
                    if (!lx.nextLine()) {
                        throw s.error(
                                s.lastLine(),
                                "the file ends after " + k + " entries, but the size line (line " + h.sizeLine
                                        + ") declares " + h.entries
                                        + (h.symmetric
                                                ? " (the " + (h.skew ? "strictly " : "") + "lower triangle of a " + rows
                                                        + " x " + rows + " matrix)"
                                                : ""));
                    }
                    int at = lx.pos;
                    double v = lx.value(integer);
                    lx.endOfLine();
                    if (!Double.isFinite(v)) {
                        throw new ParseFailure(
                                at, "entry (" + (i + 1) + ", " + (j + 1) + ") is " + v + ", expected a finite number");
                    }
                    data[i + j * rows] = v;
                    if (h.symmetric) {
                        data[j + i * rows] = h.skew ? 0.0 - v : v; // 0.0 - v: no negative zeros
                    }
                    k++;
                }
            }
            if (lx.nextLine()) {
                throw new ParseFailure(
                        lx.pos,
                        "more entries than the " + h.entries + " declared on the size line (line " + h.sizeLine
                                + "): found " + s.quoteLine(lx.pos));
            }
        } catch (ParseFailure e) {
            throw s.errorAt(e.offset, e.getMessage());
        }
        return DenseMatrix.wrap(rows, cols, data);
    }

    // ---------------------------------------------------------------- coordinate files

    /** The entries parsed from one piece of the file, 0-based. */
    private static final class Piece {
        final int start;
        final int end;
        int[] row;
        int[] col;
        double[] value;
        int count;
        /** Whether the entries come in row-major order, each after the last (row, then column): no duplicates. */
        boolean ordered = true;

        ParseFailure failure;

        /**
         * The piece of bytes {@code [start, end)} of a file whose entries take {@code dataBytes}: room
         * for its share of the declared entries, and never more than its bytes can hold.
         */
        static Piece of(Header h, int start, int end, long dataBytes) {
            long share = h.entries * (end - start) / Math.max(1, dataBytes);
            // an entry takes at least 4 bytes ("1 1\n"): the declared count alone does not size the arrays
            long room = (end - start) / 4 + 16;
            return new Piece(start, end, (int) Math.min(Math.min(h.entries, share + share / 16 + 16), room));
        }

        Piece(int start, int end, int capacity) {
            this.start = start;
            this.end = end;
            this.row = new int[capacity];
            this.col = new int[capacity];
            this.value = new double[capacity];
        }

        /** Parses the lines of {@code b[from, to)}, appending their entries; stops at the first failure. */
        void parse(byte[] b, int from, int to, Header h, boolean quote) {
            if (failure != null) {
                return;
            }
            Lexer lx = new Lexer(b, from, to, quote);
            boolean pattern = h.field == Field.PATTERN;
            boolean integer = h.field == Field.INTEGER;
            long rows = h.rows;
            long cols = h.cols;
            try {
                while (lx.nextLine()) {
                    int at = lx.pos;
                    long i = lx.index();
                    lx.separator();
                    long j = lx.index();
                    double v = 1.0;
                    if (!pattern) {
                        lx.separator();
                        v = lx.value(integer);
                    }
                    lx.endOfLine();
                    if (i < 1 || i > rows) {
                        throw new ParseFailure(at, "row index " + i + " out of range 1.." + rows);
                    }
                    if (j < 1 || j > cols) {
                        throw new ParseFailure(at, "column index " + j + " out of range 1.." + cols);
                    }
                    if (h.symmetric && j > i) {
                        throw new ParseFailure(
                                at,
                                "entry (" + i + ", " + j + ") is above the diagonal; a symmetric file lists only"
                                        + " the lower triangle (row >= column)");
                    }
                    if (h.skew && j == i) {
                        throw new ParseFailure(
                                at,
                                "entry (" + i + ", " + j + ") is on the diagonal; a skew-symmetric file lists only"
                                        + " the strictly lower triangle (row > column), its diagonal being zero");
                    }
                    if (!Double.isFinite(v)) {
                        throw new ParseFailure(
                                at, "entry (" + i + ", " + j + ") is " + v + ", expected a finite number");
                    }
                    if (count == row.length) {
                        int grown = (int) Math.min(Math.max(16, (long) count * 3 / 2), Integer.MAX_VALUE - 16);
                        row = Arrays.copyOf(row, grown);
                        col = Arrays.copyOf(col, grown);
                        value = Arrays.copyOf(value, grown);
                    }
                    if (ordered && count > 0) {
                        int lastRow = row[count - 1] + 1;
                        ordered = i > lastRow || (i == lastRow && j > col[count - 1] + 1);
                    }
                    row[count] = (int) i - 1;
                    col[count] = (int) j - 1;
                    value[count] = v;
                    count++;
                }
            } catch (ParseFailure e) {
                failure = e;
            }
        }
    }

    static CsrMatrix coordinate(Source s, Header h) {
        byte[] b = s.bytes;
        int dataBytes = s.length - h.dataStart;
        int threads = dataBytes < PARALLEL_BYTES ? 1 : Math.max(1, Parallel.threads());
        Piece[] pieces = new Piece[threads];
        int start = h.dataStart;
        for (int p = 0; p < threads; p++) {
            int end = p == threads - 1 ? s.length : (int) (h.dataStart + (long) dataBytes * (p + 1) / threads);
            while (end < s.length && b[end - 1] != '\n') {
                end++; // split after a line end
            }
            end = Math.max(end, start);
            pieces[p] = Piece.of(h, start, end, dataBytes);
            start = end;
        }
        Parallel.forRange(threads, threads, (from, to) -> {
            for (int p = from; p < to; p++) {
                pieces[p].parse(b, pieces[p].start, pieces[p].end, h, s.quote);
            }
        });
        long found = 0;
        for (Piece p : pieces) {
            if (p.failure != null) {
                throw s.errorAt(p.failure.offset, p.failure.getMessage());
            }
            found += p.count;
        }
        if (found < h.entries) {
            throw s.error(
                    s.lastLine(),
                    "the file ends after " + found + " entries, but the size line (line " + h.sizeLine + ") declares "
                            + h.entries);
        }
        if (found > h.entries) {
            int at = offsetOfEntry(s, h, h.entries);
            throw s.errorAt(
                    at,
                    "more entries than the " + h.entries + " declared on the size line (line " + h.sizeLine
                            + "): found " + s.quoteLine(at));
        }
        return toCsr(h, pieces);
    }

    /**
     * Large plain coordinate files read without holding them: each worker thread reads its range of
     * lines in chunks of {@link #CHUNK} bytes and parses them as they come, so the file is never
     * copied whole into the heap (342 MB for 10^7 entries, a third of the read's time). Any
     * problem (a failure, a count that differs, a header beyond the first chunk) returns null, and
     * the caller reads the whole file, which names the file's line as always.
     */
    static final class Streamed {
        /** Plain files from this size on are streamed. */
        static final long MIN_BYTES = 16L << 20;

        /** Bytes a thread reads at once. */
        static final int CHUNK = 4 << 20;

        private Streamed() {}

        /** The matrix of a large plain coordinate file (square where asked), or null for the whole-file route. */
        static CsrMatrix coordinate(Path file, boolean quote, boolean square) {
            if (!Files.isRegularFile(file)) {
                return null; // a pipe or a device: read once, whole
            }
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
                long size = channel.size();
                if (size < MIN_BYTES || size > MAX_BYTES) {
                    return null;
                }
                byte[] head = new byte[CHUNK];
                int n = readFully(channel, head, 0, CHUNK, 0);
                if (n >= 2 && head[0] == (byte) 0x1f && head[1] == (byte) 0x8b) {
                    return null; // gzip: decompressed whole
                }
                Header h = header(new Source(head, n, file, quote));
                if (h.layout != Layout.COORDINATE || (square && h.rows != h.cols) || h.dataStart >= n) {
                    return null;
                }
                Piece[] pieces = split(channel, h, (int) size);
                if (pieces == null) {
                    return null;
                }
                Parallel.forRange(pieces.length, pieces.length, (from, to) -> {
                    for (int p = from; p < to; p++) {
                        parse(channel, pieces[p], h, quote);
                    }
                });
                long found = 0;
                for (Piece p : pieces) {
                    if (p.failure != null) {
                        return null;
                    }
                    found += p.count;
                }
                return found == h.entries ? toCsr(h, pieces) : null;
            } catch (IOException | RuntimeException e) {
                return null; // the whole-file route reads it again and says what is wrong
            }
        }

        /** One piece per worker thread, each starting after a line end; null where none is found near a split. */
        private static Piece[] split(java.nio.channels.FileChannel channel, Header h, int size) throws IOException {
            int threads = Math.max(1, Parallel.threads());
            long dataBytes = size - h.dataStart;
            Piece[] pieces = new Piece[threads];
            byte[] window = new byte[1 << 16];
            int start = h.dataStart;
            for (int p = 0; p < threads; p++) {
                int end = size;
                if (p < threads - 1) {
                    // the first line end at or after the guess (a long line: window after window)
                    long at = Math.max(start, h.dataStart + dataBytes * (p + 1) / threads) - 1;
                    for (int n = readFully(channel, window, 0, window.length, at);
                            n > 0;
                            at += n, n = readFully(channel, window, 0, window.length, at)) {
                        int k = 0;
                        while (k < n && window[k] != '\n') {
                            k++;
                        }
                        if (k < n) {
                            end = (int) (at + k + 1);
                            break;
                        }
                    }
                }
                pieces[p] = Piece.of(h, start, end, dataBytes);
                start = end;
            }
            return pieces;
        }

        /** Reads the piece's bytes chunk by chunk, parsing each chunk's whole lines. */
        private static void parse(java.nio.channels.FileChannel channel, Piece piece, Header h, boolean quote) {
            byte[] buffer = new byte[(int) Math.min(CHUNK, piece.end - piece.start + 1L)];
            long at = piece.start; // the file offset of the next byte to read
            int held = 0; // bytes of an unfinished line kept at the buffer's start
            try {
                while (at < piece.end && piece.failure == null) {
                    if (held == buffer.length) {
                        buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the chunk
                    }
                    int read =
                            readFully(channel, buffer, held, (int) Math.min(buffer.length - held, piece.end - at), at);
                    if (read == 0) {
                        throw new EOFException("the file shrank while read");
                    }
                    int n = held + read;
                    at += read;
                    int lines = n;
                    if (at < piece.end) {
                        while (lines > 0 && buffer[lines - 1] != '\n') {
                            lines--;
                        }
                    }
                    piece.parse(buffer, 0, lines, h, quote);
                    held = n - lines;
                    System.arraycopy(buffer, lines, buffer, 0, held);
                }
            } catch (IOException e) {
                piece.failure = new ParseFailure(0, "read failed: " + e.getMessage());
            }
        }

        /** Reads up to {@code length} bytes at file offset {@code position}; fewer only at the end of the file. */
        private static int readFully(
                java.nio.channels.FileChannel channel, byte[] into, int offset, int length, long position)
                throws IOException {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(into, offset, length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position() - offset) < 0) {
                    break;
                }
            }
            return buffer.position() - offset;
        }
    }

    /** Byte offset of the entry with 0-based number {@code k} (for messages only). */
    private static int offsetOfEntry(Source s, Header h, long k) {
        Lexer lx = new Lexer(s.bytes, h.dataStart, s.length, s.quote);
        for (long e = 0; lx.nextLine(); e++) {
            if (e == k) {
                return lx.pos;
            }
            lx.skipLine();
        }
        return s.length;
    }

    /**
     * Counts per row, prefix sums, fills in file order, then sorts each row by column and sums
     * duplicates; entries already in row-major order (as solvers write them) are the CSR arrays
     * themselves, copied once ({@link #concatenated}).
     */
    private static CsrMatrix toCsr(Header h, Piece[] pieces) {
        if (!h.symmetric && inRowMajorOrder(pieces)) {
            return concatenated(h, pieces);
        }
        int rows = h.rows;
        boolean symmetric = h.symmetric;
        boolean skew = h.skew;
        int[] ptr = new int[rows + 1];
        for (Piece p : pieces) {
            int[] r = p.row;
            int[] c = p.col;
            for (int k = 0; k < p.count; k++) {
                ptr[r[k] + 1]++;
                if (symmetric && r[k] != c[k]) {
                    ptr[c[k] + 1]++;
                }
            }
        }
        for (int i = 0; i < rows; i++) {
            ptr[i + 1] += ptr[i];
        }
        int nnz = ptr[rows];
        int[] next = Arrays.copyOf(ptr, rows);
        int[] ci = new int[nnz];
        double[] v = new double[nnz];
        for (Piece p : pieces) {
            int[] r = p.row;
            int[] c = p.col;
            double[] x = p.value;
            for (int k = 0; k < p.count; k++) {
                int q = next[r[k]]++;
                ci[q] = c[k];
                v[q] = x[k];
                if (symmetric && r[k] != c[k]) {
                    q = next[c[k]]++;
                    ci[q] = r[k];
                    v[q] = skew ? 0.0 - x[k] : x[k]; // 0.0 - x: no negative zeros
                }
            }
            p.row = null; // let the piece's arrays go before the copies of CsrMatrix.of
            p.col = null;
            p.value = null;
        }
        int[] length = new int[rows];
        Parallel.forRange(rows, Parallel.threads(), (from, to) -> {
            for (int i = from; i < to; i++) {
                length[i] = sortAndSum(ci, v, ptr[i], ptr[i + 1]);
            }
        });
        int out = 0;
        for (int i = 0; i < rows; i++) {
            int from = ptr[i];
            if (out != from) {
                System.arraycopy(ci, from, ci, out, length[i]);
                System.arraycopy(v, from, v, out, length[i]);
            }
            ptr[i] = out;
            out += length[i];
        }
        ptr[rows] = out;
        return out == nnz
                ? CsrMatrix.wrap(rows, h.cols, ptr, ci, v)
                : CsrMatrix.wrap(rows, h.cols, ptr, Arrays.copyOf(ci, out), Arrays.copyOf(v, out));
    }

    /** Whether every piece is in row-major order and each piece's first entry comes after the last one's. */
    private static boolean inRowMajorOrder(Piece[] pieces) {
        Piece last = null;
        for (Piece p : pieces) {
            if (!p.ordered) {
                return false;
            }
            if (p.count == 0) {
                continue;
            }
            if (last != null) {
                int r = last.row[last.count - 1];
                int c = last.col[last.count - 1];
                if (p.row[0] < r || (p.row[0] == r && p.col[0] <= c)) {
                    return false;
                }
            }
            last = p;
        }
        return true;
    }

    /** The CSR matrix of entries in row-major order without duplicates: the pieces' arrays end to end. */
    private static CsrMatrix concatenated(Header h, Piece[] pieces) {
        int rows = h.rows;
        int nnz = 0;
        int[] offset = new int[pieces.length];
        for (int p = 0; p < pieces.length; p++) {
            offset[p] = nnz;
            nnz += pieces[p].count; // <= the declared count, an int
        }
        int[] ptr = new int[rows + 1];
        int[] ci = new int[nnz];
        double[] v = new double[nnz];
        Parallel.forRange(pieces.length, pieces.length, (from, to) -> {
            for (int p = from; p < to; p++) {
                System.arraycopy(pieces[p].col, 0, ci, offset[p], pieces[p].count);
                System.arraycopy(pieces[p].value, 0, v, offset[p], pieces[p].count);
            }
        });
        for (Piece p : pieces) {
            int[] r = p.row;
            for (int k = 0; k < p.count; k++) {
                ptr[r[k] + 1]++;
            }
            p.row = null;
            p.col = null;
            p.value = null;
        }
        for (int i = 0; i < rows; i++) {
            ptr[i + 1] += ptr[i];
        }
        return CsrMatrix.wrap(rows, h.cols, ptr, ci, v);
    }

    /**
     * Sorts {@code [from, to)} by column, stably (duplicates are summed in file order), sums
     * duplicates in place and returns the number of distinct columns.
     */
    static int sortAndSum(int[] ci, double[] v, int from, int to) {
        boolean sorted = true;
        for (int p = from + 1; p < to; p++) {
            if (ci[p] <= ci[p - 1]) {
                sorted = false;
                break;
            }
        }
        if (sorted) {
            return to - from;
        }
        int n = to - from;
        if (n <= 32) {
            for (int p = from + 1; p < to; p++) {
                int c = ci[p];
                double x = v[p];
                int q = p - 1;
                while (q >= from && ci[q] > c) {
                    ci[q + 1] = ci[q];
                    v[q + 1] = v[q];
                    q--;
                }
                ci[q + 1] = c;
                v[q + 1] = x;
            }
        } else {
            long[] keys = new long[n];
            for (int p = 0; p < n; p++) {
                keys[p] = (long) ci[from + p] << 32 | p;
            }
            Arrays.sort(keys);
            double[] copy = Arrays.copyOfRange(v, from, to);
            for (int p = 0; p < n; p++) {
                ci[from + p] = (int) (keys[p] >>> 32);
                v[from + p] = copy[(int) keys[p]];
            }
        }
        int out = from;
        for (int p = from; p < to; p++) {
            if (out > from && ci[out - 1] == ci[p]) {
                v[out - 1] += v[p];
            } else {
                ci[out] = ci[p];
                v[out] = v[p];
                out++;
            }
        }
        return out - from;
    }

    // ---------------------------------------------------------------- tokens

    /** Reads lines, indices and values from bytes, by hand; failures carry the byte offset. */
    static final class Lexer {
        /** Eight bytes of a byte array as one little-endian long, at any offset. */
        private static final java.lang.invoke.VarHandle LONGS =
                java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

        final byte[] b;
        final int end;
        int pos;

        /** Whether {@link #found} may quote the input (see {@link Source#quote}). */
        final boolean quote;

        Lexer(byte[] b, int pos, int end) {
            this(b, pos, end, true);
        }

        Lexer(byte[] b, int pos, int end, boolean quote) {
            this.b = b;
            this.pos = pos;
            this.end = end;
            this.quote = quote;
        }

        /** Moves to the first token of the next line holding one, skipping blank and comment lines. */
        boolean nextLine() {
            int p = pos;
            while (p < end) {
                byte c = b[p];
                if (c == ' ' || c == '\t' || c == '\r') {
                    p++;
                } else if (c == '\n') {
                    p++;
                } else if (c == '%') {
                    while (p < end && b[p] != '\n') {
                        p++;
                    }
                } else {
                    pos = p;
                    return true;
                }
            }
            pos = end;
            return false;
        }

        void skipLine() {
            while (pos < end && b[pos] != '\n') {
                pos++;
            }
        }

        /** At least one space or tab. */
        void separator() {
            int p = pos;
            while (p < end && (b[p] == ' ' || b[p] == '\t')) {
                p++;
            }
            if (p == pos) {
                throw new ParseFailure(pos, "expected a space between the numbers of an entry, found " + found(pos));
            }
            pos = p;
        }

        /** Optional spaces, then the end of the line or of the file. */
        void endOfLine() {
            int p = pos;
            while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r')) {
                p++;
            }
            if (p < end) {
                if (b[p] != '\n') {
                    throw new ParseFailure(p, "expected the end of the line, found " + found(p));
                }
                p++;
            }
            pos = p;
        }

        /** A non-negative decimal integer (an index or a count); huge values saturate. */
        long index() {
            int p = pos;
            long v = 0;
            while (p < end) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                v = v < 100_000_000_000L ? v * 10 + d : v;
                p++;
            }
            if (p == pos || (p < end && !isDelimiter(b[p]))) {
                throw new ParseFailure(pos, "expected a positive integer index, found " + found(pos));
            }
            pos = p;
            return v;
        }

        /**
         * A decimal number {@code [+-]digits[.digits][(e|E)[+-]digits]}, converted as
         * {@link Double#parseDouble} converts it; {@code nan}, {@code inf}, {@code infinity} (any case)
         * give NaN and infinities for the caller to refuse. With {@code integer}, only integers.
         */
        double value(boolean integer) {
            int start = pos;
            int p = pos;
            boolean neg = false;
            if (p < end && (b[p] == '-' || b[p] == '+')) {
                neg = b[p] == '-';
                p++;
            }
            long m = 0;
            int digits = 0;
            int exp10 = 0;
            boolean any = false;
            boolean dropped = false;
            boolean fraction = false;
            for (long x; digits <= 11 && p + 8 <= end && eightDigits(x = (long) LONGS.get(b, p)); p += 8) {
                int c = eightDigitsValue(x);
                digits += m != 0 ? 8 : significantDigits(c);
                m = m * 100_000_000L + c;
                any = true;
            }
            while (p < end) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                any = true;
                if (digits < 19) {
                    if (m != 0 || d != 0) {
                        m = m * 10 + d;
                        digits++;
                    }
                } else {
                    dropped = true;
                    exp10++;
                }
                p++;
            }
            if (p < end && b[p] == '.') {
                fraction = true;
                p++;
                for (long x; digits <= 11 && p + 8 <= end && eightDigits(x = (long) LONGS.get(b, p)); p += 8) {
                    int c = eightDigitsValue(x);
                    digits += m != 0 ? 8 : significantDigits(c);
                    m = m * 100_000_000L + c;
                    exp10 -= 8;
                    any = true;
                }
                while (p < end) {
                    int d = b[p] - '0';
                    if (d < 0 || d > 9) {
                        break;
                    }
                    any = true;
                    if (digits < 19) {
                        if (m != 0 || d != 0) {
                            m = m * 10 + d;
                            digits++;
                        }
                        exp10--;
                    } else {
                        dropped = true;
                    }
                    p++;
                }
            }
            if (any && p < end && (b[p] == 'e' || b[p] == 'E')) {
                fraction = true;
                p++;
                boolean negExp = false;
                if (p < end && (b[p] == '-' || b[p] == '+')) {
                    negExp = b[p] == '-';
                    p++;
                }
                int e = 0;
                int expStart = p;
                while (p < end) {
                    int d = b[p] - '0';
                    if (d < 0 || d > 9) {
                        break;
                    }
                    e = e < 100_000 ? e * 10 + d : e;
                    p++;
                }
                if (p == expStart) {
                    any = false;
                }
                exp10 += negExp ? -e : e;
            }
            if (!any || (p < end && !isDelimiter(b[p]))) {
                return special(start);
            }
            if (integer && fraction) {
                throw new ParseFailure(start, "expected an integer (the field is 'integer'), found " + found(start));
            }
            pos = p;
            double x = dropped ? Double.NaN : DecimalToDouble.toDouble(m, exp10, neg);
            if (Double.isNaN(x)) {
                x = Double.parseDouble(new String(b, start, p - start, StandardCharsets.ISO_8859_1));
            }
            return x;
        }

        /**
         * Whether the 8 bytes of {@code x} (little-endian) are all ASCII digits, and their value: eight
         * digits at a time, as simdjson and fast_float read them (D. Lemire, "Number parsing at a
         * gigabyte per second", Software: Practice and Experience 51(8), 2021).
         */
        static boolean eightDigits(long x) {
            return ((x & 0xF0F0F0F0F0F0F0F0L) | (((x + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4))
                    == 0x3333333333333333L;
        }

        /** The value of eight ASCII digits in {@code x}, the first in its lowest byte. */
        static int eightDigitsValue(long x) {
            x = ((x & 0x0F0F0F0F0F0F0F0FL) * 2561) >>> 8;
            x = ((x & 0x00FF00FF00FF00FFL) * 6553601) >>> 16;
            return (int) (((x & 0x0000FFFF0000FFFFL) * 42949672960001L) >>> 32);
        }

        /** The decimal digits of {@code c} in [0, 10^8) without its leading zeros (0 for 0). */
        private static int significantDigits(int c) {
            int n = 0;
            for (int t = c; t != 0; t /= 10) {
                n++;
            }
            return n;
        }

        /** NaN and infinities by name, so that the caller can say which; anything else is an error. */
        private double special(int start) {
            int p = start;
            while (p < end && !isDelimiter(b[p])) {
                p++;
            }
            String token = new String(b, start, p - start, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            boolean neg = token.startsWith("-");
            String body = token.startsWith("-") || token.startsWith("+") ? token.substring(1) : token;
            if (body.equals("nan")) {
                pos = p;
                return Double.NaN;
            }
            if (body.equals("inf") || body.equals("infinity")) {
                pos = p;
                return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            throw new ParseFailure(start, "expected a number, found " + found(start));
        }

        private static boolean isDelimiter(byte c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        /** The token at {@code p}, quoted, for messages. */
        String found(int p) {
            if (p >= end) {
                return "the end of the file";
            }
            if (b[p] == '\n' || b[p] == '\r') {
                return "the end of the line";
            }
            int q = p;
            while (q < end && !isDelimiter(b[q]) && q - p <= Excerpt.MAX) {
                q++;
            }
            return Source.show(quote, new String(b, p, q - p, StandardCharsets.ISO_8859_1), p);
        }
    }
}

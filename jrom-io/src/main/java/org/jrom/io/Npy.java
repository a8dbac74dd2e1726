package org.jrom.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jrom.Excerpt;
import org.jrom.linalg.DenseMatrix;

/**
 * The NumPy {@code .npy} array format, versions 1.0, 2.0 and 3.0 (NEP 1, "A simple file format for
 * NumPy arrays"): a magic string, a header that is a Python dict literal giving dtype, memory order
 * and shape, then the raw data. jrom writes little-endian doubles ({@code <f8}); it reads 1-D and
 * 2-D arrays of {@code <f8}, {@code >f8}, {@code <f4}, {@code >f4}, {@code <i8}, {@code >i8}, {@code
 * <i4} and {@code >i4}, in C or Fortran order, converting to doubles in a column-major {@link
 * DenseMatrix}. {@link SnapshotSource} streams large 2-D files through the same header parser.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy pads the header so that the data starts at a multiple of 64 bytes. */
    private static final int ALIGN = 64;

    private Npy() {}

    /**
     * A 1-D or 2-D array as NumPy shapes it, held as a column-major matrix: shape {@code (n,)} is an
     * n x 1 matrix, shape {@code (r, c)} an r x c matrix.
     */
    public record Array(int[] shape, DenseMatrix matrix) {
        public Array {
            shape = shape.clone();
            if (shape.length == 1) {
                check(matrix.rows() == shape[0] && matrix.cols() == 1, shape, matrix);
            } else if (shape.length == 2) {
                check(matrix.rows() == shape[0] && matrix.cols() == shape[1], shape, matrix);
            } else {
                throw new IllegalArgumentException("only 1-D and 2-D arrays, found shape " + Npy.shapeText(shape));
            }
        }

        private static void check(boolean ok, int[] shape, DenseMatrix m) {
            if (!ok) {
                throw new IllegalArgumentException(
                        "shape " + Npy.shapeText(shape) + " does not fit a " + m.rows() + "x" + m.cols() + " matrix");
            }
        }

        /** A 2-D array of shape {@code (rows, cols)} (not copied). */
        public static Array of(DenseMatrix m) {
            return new Array(new int[] {m.rows(), m.cols()}, m);
        }

        /** A 1-D array of shape {@code (n,)} (not copied). */
        public static Array vector(double[] v) {
            return new Array(new int[] {v.length}, DenseMatrix.wrap(v.length, 1, v));
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** True for a 1-D array. */
        public boolean isVector() {
            return shape.length == 1;
        }

        /** The number of elements. */
        public int size() {
            return matrix.data().length;
        }

        /** The shape as Python writes it: {@code (3,)}, {@code (3, 4)}. */
        public String shapeText() {
            return Npy.shapeText(shape);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Array a
                    && Arrays.equals(a.shape, shape)
                    && Arrays.equals(a.matrix.data(), matrix.data());
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Arrays.hashCode(matrix.data());
        }

        @Override
        public String toString() {
            return "array of shape " + shapeText();
        }
    }

    /** Reads a {@code .npy} file. */
    public static Array read(Path file) {
        return read(file, true);
    }

    /**
     * Reads a {@code .npy} file; without {@code quote}, messages quote nothing of the file (one the
     * user did not name, e.g. named by a manifest), only what was expected and where.
     */
    static Array read(Path file, boolean quote) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FileAccessException("read", file, e);
        }
        return decode(bytes, file.toString(), quote);
    }

    /** Writes a {@code .npy} file ({@code <f8}, C order), atomically. */
    public static void write(Path file, Array array) {
        byte[] bytes = encode(array, false);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /**
     * The {@code .npy} bytes of an array: {@code <f8}, C order unless {@code fortranOrder}, format
     * version 1.0 (2.0 only if the header would not fit 64 KiB).
     */
    public static byte[] encode(Array array, boolean fortranOrder) {
        byte[] header = header(array.shape, fortranOrder);
        ByteBuffer b = ByteBuffer.allocate(Math.addExact(header.length, Math.multiplyExact(array.size(), 8)))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        DenseMatrix m = array.matrix;
        int rows = m.rows();
        int cols = m.cols();
        double[] d = m.data();
        if (fortranOrder || cols == 1) {
            b.asDoubleBuffer().put(d); // column-major is Fortran order; a vector is both
        } else {
            var out = b.asDoubleBuffer();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out.put(d[i + j * rows]);
                }
            }
        }
        return b.array();
    }

    /**
     * The header of a {@code <f8} array of the given shape (1-D or 2-D), padded to 64 bytes as {@link
     * #encode} writes it, for writers that stream the {@code prod(shape) * 8} bytes of data after it.
     */
    public static byte[] header(int[] shape, boolean fortranOrder) {
        String dict = "{'descr': '<f8', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': "
                + shapeText(shape) + ", }";
        int prefix = 10;
        int total = padded(prefix, dict.length());
        if (total - prefix > 0xFFFF) {
            prefix = 12;
            total = padded(prefix, dict.length());
        }
        int headerLength = total - prefix;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (prefix == 10 ? 1 : 2)).put((byte) 0);
        if (prefix == 10) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = prefix + dict.length(); i < total - 1; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /** Header plus padding plus '\n', rounded up to the alignment. */
    private static int padded(int prefix, int dictLength) {
        int unpadded = prefix + dictLength + 1;
        return (unpadded + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** Parses {@code .npy} bytes; {@code source} names the file or archive entry in error messages. */
    public static Array decode(byte[] bytes, String source) {
        return decode(bytes, source, true);
    }

    private static Array decode(byte[] bytes, String source, boolean quote) {
        Header h = header(bytes, bytes.length, source, quote);
        long count = h.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new FileFormatException(
                    source, "shape " + shapeText(h.shape) + " has more elements than a Java array can hold");
        }
        int[] shape = Arrays.stream(h.shape).mapToInt(Math::toIntExact).toArray();
        ByteBuffer data = ByteBuffer.wrap(bytes).position(h.dataOffset).slice();
        double[] values = new double[(int) count];
        h.dtype.read(data, values, 0, (int) count);
        int rows = shape[0];
        int cols = shape.length == 2 ? shape[1] : 1;
        if (!h.fortranOrder && cols > 1) {
            // C order: element (i, j) at i * cols + j; ours: i + j * rows
            double[] t = new double[values.length];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    t[i + j * rows] = values[i * cols + j];
                }
            }
            values = t;
        }
        return new Array(shape, DenseMatrix.wrap(rows, cols, values));
    }

    /**
     * What a {@code .npy} header says: the element type, the memory order, the shape (1-D or 2-D,
     * each extent below 2^31) and where the data starts. The data is checked to be exactly {@code
     * prod(shape) * itemsize} bytes.
     */
    record Header(Dtype dtype, boolean fortranOrder, long[] shape, int dataOffset) {
        /** The number of elements, {@code prod(shape)}. */
        long elementCount() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }
    }

    /**
     * Reads the header of a {@code .npy} stream of {@code totalLength} bytes from its start, leaving
     * the stream at the start of the data.
     */
    static Header readHeader(InputStream in, long totalLength, String source) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(10, totalLength));
        boolean magic = bytes.length == 10 && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
        if (magic && bytes[6] != 1) {
            bytes = concat(bytes, in.readNBytes((int) Math.min(2, totalLength - 10))); // 4-byte length field
        }
        int prefix = bytes.length;
        if (magic && prefix >= (bytes[6] == 1 ? 10 : 12)) {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = bytes[6] == 1 ? b.getShort(8) & 0xFFFF : b.getInt(8) & 0xFFFFFFFFL;
            long available = Math.min(headerLength, totalLength - prefix);
            if (available <= MAX_HEADER) {
                bytes = concat(bytes, in.readNBytes((int) available));
            }
        }
        return header(bytes, totalLength, source);
    }

    /** Headers longer than this are refused as truncated or damaged rather than read. */
    private static final int MAX_HEADER = 1 << 24;

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * Parses the header at the start of {@code bytes} (which hold at least the whole header if the
     * file has one) of a {@code .npy} file of {@code totalLength} bytes.
     */
    static Header header(byte[] bytes, long totalLength, String source) {
        return header(bytes, totalLength, source, true);
    }

    /** {@code text} of the header as a short excerpt, or nothing of it without {@code quote}. */
    private static String shown(boolean quote, Object text) {
        return quote ? Excerpt.of(String.valueOf(text)) : "(not shown)";
    }

    /** {@link #shown} in quotes, when there is something to quote. */
    private static String quoted(boolean quote, Object text) {
        return quote ? Excerpt.quoted(String.valueOf(text)) : "(not shown)";
    }

    static Header header(byte[] bytes, long totalLength, String source, boolean quote) {
        if (bytes.length < MAGIC.length + 2 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new FileFormatException(
                    source,
                    "not a .npy array: expected the magic string \\x93NUMPY, found "
                            + (quote
                                    ? "'" + Excerpt.of(bytes, 0, Math.min(bytes.length, MAGIC.length)) + "'"
                                    : "other bytes"));
        }
        int major = bytes[6] & 0xFF;
        int minor = bytes[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new UnsupportedVersionException(
                    source, ".npy format version " + major + "." + minor + " is not supported (reads 1.0, 2.0, 3.0)");
        }
        int prefix = major == 1 ? 10 : 12;
        if (bytes.length < prefix) {
            throw new FileFormatException(
                    source, "truncated .npy header: expected at least " + prefix + " bytes, found " + totalLength);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? b.getShort(8) & 0xFFFF : b.getInt(8) & 0xFFFFFFFFL;
        if (prefix + headerLength > totalLength || prefix + headerLength > bytes.length) {
            throw new FileFormatException(
                    source,
                    "truncated .npy header: the header length field says " + headerLength + " bytes, but only "
                            + (totalLength - prefix) + " follow");
        }
        String header = new String(
                bytes, prefix, (int) headerLength, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = new HeaderParser(header, source, quote).dict();
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw new FileFormatException(
                    source,
                    "the .npy header must have exactly the keys descr, fortran_order, shape; found "
                            + shown(quote, dict.keySet()));
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new FileFormatException(
                    source,
                    "structured dtype " + shown(quote, dict.get("descr")) + " is not supported; expected one of "
                            + Dtype.KNOWN);
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new FileFormatException(
                    source, "'fortran_order' must be True or False, found " + shown(quote, dict.get("fortran_order")));
        }
        if (!(dict.get("shape") instanceof long[] shapeValues)) {
            throw new FileFormatException(
                    source, "'shape' must be a tuple of integers, found " + shown(quote, dict.get("shape")));
        }
        Dtype dtype = Dtype.parse(descr, source, quote);
        if (shapeValues.length != 1 && shapeValues.length != 2) {
            throw new FileFormatException(source, "expected a 1-D or 2-D array, found shape " + shapeText(shapeValues));
        }
        for (long s : shapeValues) {
            if (s < 0 || s > Integer.MAX_VALUE - 8) {
                throw new FileFormatException(
                        source, "shape " + shapeText(shapeValues) + " has more elements than a Java array can hold");
            }
        }
        Header h = new Header(dtype, fortran, shapeValues, (int) (prefix + headerLength));
        if (h.elementCount() > Long.MAX_VALUE / dtype.size) {
            throw new FileFormatException(
                    source, "shape " + shapeText(shapeValues) + " has more elements than a file can hold");
        }
        long expected = h.elementCount() * dtype.size;
        long found = totalLength - prefix - headerLength;
        if (found != expected) {
            throw new FileFormatException(
                    source,
                    "shape " + shapeText(shapeValues) + " of dtype " + Excerpt.quoted(descr) + " needs " + expected
                            + " bytes of data, found " + found + (found < expected ? " (the file is truncated)" : ""));
        }
        return h;
    }

    /** An element type read: floating point or integer, its size and byte order; read as doubles. */
    record Dtype(char kind, int size, ByteOrder order) {
        static final String KNOWN = "'<f8', '>f8', '<f4', '>f4', '<i8', '>i8', '<i4', '>i4'";

        static Dtype parse(String descr, String source, boolean quote) {
            boolean known = descr.length() == 3
                    && (descr.charAt(0) == '<' || descr.charAt(0) == '>')
                    && (descr.endsWith("f8") || descr.endsWith("f4") || descr.endsWith("i8") || descr.endsWith("i4"));
            if (!known) {
                throw new FileFormatException(
                        source, "dtype " + quoted(quote, descr) + " is not supported; expected one of " + KNOWN);
            }
            return new Dtype(
                    descr.charAt(1),
                    descr.charAt(2) - '0',
                    descr.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        }

        /** Converts {@code count} elements from the position of {@code data} into {@code out[offset..]}. */
        void read(ByteBuffer data, double[] out, int offset, int count) {
            ByteBuffer d = data.slice().order(order);
            if (kind == 'f' && size == 8) {
                d.asDoubleBuffer().get(out, offset, count);
            } else if (kind == 'f') {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = d.getFloat(4 * i); // exact
                }
            } else if (size == 8) {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = d.getLong(8 * i); // exact up to 2^53 in magnitude, rounded beyond
                }
            } else {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = d.getInt(4 * i);
                }
            }
        }
    }

    static String shapeText(int[] shape) {
        return shapeText(Arrays.stream(shape).asLongStream().toArray());
    }

    static String shapeText(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /**
     * The Python literal of a {@code .npy} header: a dict of string keys to strings, True/False and
     * tuples of integers (lists, as in structured dtypes, are recognized to be refused clearly).
     */
    private static final class HeaderParser {
        private final String s;
        private final String source;
        private final boolean quote;
        private int pos;

        HeaderParser(String s, String source, boolean quote) {
            this.s = s;
            this.source = source;
            this.quote = quote;
        }

        Map<String, Object> dict() {
            Map<String, Object> d = new LinkedHashMap<>();
            expect('{');
            while (true) {
                space();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                int keyAt = pos;
                Object key = value();
                if (!(key instanceof String k)) {
                    pos = keyAt;
                    throw error("expected a string key");
                }
                expect(':');
                Object v = value();
                if (d.put(k, v) != null) {
                    pos = keyAt;
                    throw error("key " + quoted(quote, k) + " appears twice");
                }
                space();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            space();
            if (pos != s.length()) {
                throw error("expected only padding after the dict");
            }
            return d;
        }

        private Object value() {
            space();
            char c = peek();
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw error("unterminated string");
                }
                String v = s.substring(pos + 1, end);
                pos = end + 1;
                return v;
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (c == '(') {
                pos++;
                java.util.List<Long> items = new java.util.ArrayList<>();
                while (true) {
                    space();
                    if (peek() == ')') {
                        pos++;
                        return items.stream().mapToLong(Long::longValue).toArray();
                    }
                    items.add(integer());
                    space();
                    if (peek() == ',') {
                        pos++;
                    } else if (peek() != ')') {
                        throw error("expected ',' or ')' in the shape tuple");
                    }
                }
            }
            if (c == '[') {
                int depth = 0;
                int start = pos;
                do {
                    char d = peek();
                    depth += d == '[' ? 1 : d == ']' ? -1 : 0;
                    pos++;
                } while (depth > 0);
                return java.util.List.of(s.substring(start, pos));
            }
            throw error("expected a string, True, False or a tuple");
        }

        private long integer() {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                pos++;
            }
            if (pos == start || pos - start > 18) {
                throw error("expected a non-negative integer in the shape");
            }
            long v = Long.parseLong(s.substring(start, pos));
            if (pos < s.length() && s.charAt(pos) == 'L') {
                pos++; // written by Python 2
            }
            return v;
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error("the header ends early");
            }
            return s.charAt(pos);
        }

        private void expect(char c) {
            space();
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void space() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private FileFormatException error(String what) {
            // the header is quoted from where parsing stopped, as one printable excerpt
            return new FileFormatException(
                    source,
                    "malformed .npy header at character " + (pos + 1) + ": " + what
                            + (quote ? ", found " + quoted(true, s.substring(Math.min(pos, s.length()))) : ""));
        }
    }
}

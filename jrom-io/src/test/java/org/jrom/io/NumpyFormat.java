package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrom.linalg.DenseMatrix;

/**
 * The {@code .npy} rules of NumPy's reader (numpy/lib/format.py, {@code _read_array_header}), kept
 * apart from jrom's {@link Npy} so that what jrom writes is checked against them, not against
 * itself: the magic string {@code \x93NUMPY}; version 1.0, 2.0 or 3.0; the header length in 2
 * little-endian bytes (1.0) or 4 (2.0, 3.0); at most 10000 header bytes ({@code np.load}'s {@code
 * max_header_size}); the header a Python dict with exactly the keys descr, fortran_order and shape;
 * then exactly prod(shape) * itemsize bytes of data. The dict is accepted only as {@code numpy.save}
 * spells it (sorted keys, repr values, ", }", then spaces and a newline up to a multiple of 64
 * bytes): a subset of what NumPy reads, and the form jrom is to write.
 */
final class NumpyFormat {
    private static final Pattern DICT = Pattern.compile(
            "\\{'descr': '([<>])([fi])([48])', 'fortran_order': (True|False), 'shape': \\((\\d+,|\\d+, \\d+)\\), \\} *\n");

    private NumpyFormat() {}

    /** A header NumPy accepts: dtype, memory order, shape (1-D or 2-D) and where the data starts. */
    record Header(ByteOrder byteOrder, char kind, int itemSize, boolean fortranOrder, int[] shape, int dataOffset) {
        int count() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    /** Checks {@code bytes} against the rules above, {@code what} naming them in failures. */
    static Header parse(byte[] bytes, String what) {
        assertThat(Arrays.copyOf(bytes, 6))
                .as(what + ": magic")
                .isEqualTo(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        int major = bytes[6];
        assertThat(major).as(what + ": major version").isBetween(1, 3);
        assertThat(bytes[7]).as(what + ": minor version").isZero();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int prefix = major == 1 ? 10 : 12;
        int length = major == 1 ? b.getShort(8) & 0xFFFF : b.getInt(8);
        assertThat(length).as(what + ": header length").isBetween(0, 10000);
        assertThat((prefix + length) % 64).as(what + ": data alignment").isZero();
        String dict =
                new String(bytes, prefix, length, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher m = DICT.matcher(dict);
        assertThat(m.matches()).as(what + ": header %s", dict).isTrue();
        int[] shape = Arrays.stream(m.group(5).split(","))
                .filter(s -> !s.isBlank())
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
        Header h = new Header(
                m.group(1).equals("<") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN,
                m.group(2).charAt(0),
                Integer.parseInt(m.group(3)),
                m.group(4).equals("True"),
                shape,
                prefix + length);
        assertThat(bytes.length - h.dataOffset()).as(what + ": data bytes").isEqualTo(h.count() * h.itemSize());
        return h;
    }

    /** The elements as doubles in C order, element (i, j) at {@code i * cols + j}. */
    static double[] cOrder(byte[] bytes, Header h) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(h.byteOrder()).position(h.dataOffset());
        double[] file = new double[h.count()];
        for (int k = 0; k < file.length; k++) {
            file[k] = switch (h.kind() + "" + h.itemSize()) {
                case "f8" -> b.getDouble();
                case "f4" -> b.getFloat();
                case "i8" -> b.getLong();
                default -> b.getInt();
            };
        }
        if (!h.fortranOrder() || h.shape().length == 1) {
            return file;
        }
        int rows = h.shape()[0];
        int cols = h.shape()[1];
        double[] c = new double[file.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                c[i * cols + j] = file[i + j * rows]; // Fortran order: (i, j) at i + j * rows
            }
        }
        return c;
    }

    /** The elements of a file NumPy accepts, in C order. */
    static double[] cOrder(byte[] bytes, String what) {
        return cOrder(bytes, parse(bytes, what));
    }

    /** A matrix's elements in C order. */
    static double[] cOrder(DenseMatrix m) {
        double[] c = new double[m.rows() * m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                c[i * m.cols() + j] = m.get(i, j);
            }
        }
        return c;
    }
}

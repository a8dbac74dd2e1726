package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jrom.linalg.DenseMatrix;
import org.jrom.testing.HostileInput;
import org.jrom.testing.Python;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The .npy reader and writer: exact round trips, every dtype and order NumPy writes, and clear refusals. */
class NpyTest {
    @TempDir
    Path dir;

    static Stream<Integer> seeds() {
        return IntStream.range(0, 30).boxed();
    }

    static Npy.Array randomArray(Random rnd) {
        boolean vector = rnd.nextBoolean();
        int rows = rnd.nextInt(9);
        int cols = vector ? 1 : rnd.nextInt(9);
        DenseMatrix m = DenseMatrix.zeros(rows, cols);
        double[] special = {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < m.data().length; i++) {
            m.data()[i] = rnd.nextInt(10) == 0 ? special[rnd.nextInt(special.length)] : rnd.nextGaussian();
        }
        return vector ? Npy.Array.vector(m.data()) : Npy.Array.of(m);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void encodeDecodeIsExactInBothOrders(int seed) {
        Random rnd = new Random(seed);
        for (int t = 0; t < 10; t++) {
            Npy.Array a = randomArray(rnd);
            for (boolean fortran : new boolean[] {false, true}) {
                byte[] bytes = Npy.encode(a, fortran);
                Npy.Array back = Npy.decode(bytes, "test.npy");
                assertThat(back.shape()).isEqualTo(a.shape());
                assertThat(back).isEqualTo(a); // bitwise, NaN and -0.0 included
                // NumPy's layout: version 1.0, header padded with spaces to a multiple of 64, ending in '\n'
                int headerLength = ByteBuffer.wrap(bytes, 8, 2)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .getShort()
                        & 0xFFFF;
                assertThat(bytes[6]).isEqualTo((byte) 1);
                assertThat((10 + headerLength) % 64).isZero();
                assertThat(bytes[10 + headerLength - 1]).isEqualTo((byte) '\n');
                assertThat(bytes.length).isEqualTo(10 + headerLength + 8 * a.size());
            }
        }
    }

    @Test
    void cOrderMeansRowByRow() {
        Npy.Array a = Npy.Array.of(DenseMatrix.ofRows(new double[] {1, 2, 3}, new double[] {4, 5, 6}));
        byte[] c = Npy.encode(a, false);
        byte[] f = Npy.encode(a, true);
        assertThat(new String(c, 10, 60, StandardCharsets.ISO_8859_1))
                .startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }");
        assertThat(new String(f, 10, 60, StandardCharsets.ISO_8859_1)).contains("'fortran_order': True");
        ByteBuffer data = ByteBuffer.wrap(c, c.length - 48, 48).order(ByteOrder.LITTLE_ENDIAN);
        double[] row = new double[6];
        data.asDoubleBuffer().get(row);
        assertThat(row).containsExactly(1, 2, 3, 4, 5, 6);
        ByteBuffer.wrap(f, f.length - 48, 48)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asDoubleBuffer()
                .get(row);
        assertThat(row).containsExactly(1, 4, 2, 5, 3, 6);
    }

    /** A .npy file from its parts, as another writer might produce it. */
    static byte[] npy(int major, String dict, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = (dict + "\n").getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) header.length);
        } else {
            len.putInt(header.length);
        }
        out.writeBytes(len.array());
        out.writeBytes(header);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] data(ByteOrder order, int size, long... values) {
        ByteBuffer b = ByteBuffer.allocate(size * values.length).order(order);
        for (long v : values) {
            if (size == 4) {
                b.putInt((int) v);
            } else {
                b.putLong(v);
            }
        }
        return b.array();
    }

    static long[] bits(double... values) {
        return java.util.Arrays.stream(values)
                .mapToLong(Double::doubleToRawLongBits)
                .toArray();
    }

    @Test
    void readsEveryDtypeOrderAndVersion() {
        DenseMatrix expected = DenseMatrix.ofRows(new double[] {1.5, -2, 3}, new double[] {4, 5e-300, -6});
        double[] rowMajor = {1.5, -2, 3, 4, 5e-300, -6};
        double[] colMajor = {1.5, 4, -2, 5e-300, 3, -6};
        String c = "{'descr': '%s', 'fortran_order': False, 'shape': (2, 3), }";
        String f = "{'descr': '%s', 'fortran_order': True, 'shape': (2, 3), }";
        for (int major = 1; major <= 3; major++) {
            for (var order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                String descr = (order == ByteOrder.LITTLE_ENDIAN ? "<" : ">") + "f8";
                Npy.Array a = Npy.decode(npy(major, String.format(c, descr), data(order, 8, bits(rowMajor))), "x.npy");
                assertThat(a.matrix().data()).isEqualTo(expected.data());
                Npy.Array b = Npy.decode(npy(major, String.format(f, descr), data(order, 8, bits(colMajor))), "x.npy");
                assertThat(b.matrix().data()).isEqualTo(expected.data());
            }
        }
        long big = (1L << 53) + 1; // not a double: rounds to 2^53
        for (var order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            String p = order == ByteOrder.LITTLE_ENDIAN ? "<" : ">";
            Npy.Array i8 = Npy.decode(
                    npy(
                            1,
                            "{'descr': '" + p + "i8', 'fortran_order': False, 'shape': (3,), }",
                            data(order, 8, -7, 0, big)),
                    "x.npy");
            assertThat(i8.matrix().data()).containsExactly(-7, 0, 0x1p53);
            assertThat(i8.isVector()).isTrue();
            Npy.Array i4 = Npy.decode(
                    npy(
                            1,
                            "{'descr': '" + p + "i4', 'fortran_order': True, 'shape': (2, 2), }",
                            data(order, 4, 1, -2, 3, Integer.MIN_VALUE)),
                    "x.npy");
            assertThat(i4.matrix().data()).containsExactly(1, -2, 3, Integer.MIN_VALUE);
            // float32 widens exactly, subnormals and the largest float included
            float[] floats = {1.5f, -0.1f, Float.MIN_VALUE, Float.MAX_VALUE};
            long[] fb = new long[floats.length];
            for (int k = 0; k < floats.length; k++) {
                fb[k] = Float.floatToRawIntBits(floats[k]);
            }
            Npy.Array f4 = Npy.decode(
                    npy(1, "{'descr': '" + p + "f4', 'fortran_order': False, 'shape': (2, 2), }", data(order, 4, fb)),
                    "x.npy");
            assertThat(f4.matrix().data())
                    .containsExactly(1.5, (double) Float.MIN_VALUE, (double) -0.1f, Float.MAX_VALUE);
        }
        // header spellings other writers use: double quotes, no trailing comma, Python 2 longs, any key order
        Npy.Array legacy = Npy.decode(
                npy(
                        1,
                        "{\"shape\": (2L, 1L), \"fortran_order\": False, \"descr\": \"<f8\"}    ",
                        data(ByteOrder.LITTLE_ENDIAN, 8, bits(7, 8))),
                "x.npy");
        assertThat(legacy.shape()).containsExactly(2, 1);
        assertThat(legacy.matrix().data()).containsExactly(7, 8);
        Npy.Array empty =
                Npy.decode(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4), }", new byte[0]), "x.npy");
        assertThat(empty.shape()).containsExactly(0, 4);
    }

    static final String OK = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "magic           | not a .npy array: expected the magic string \\x93NUMPY, found 'PK\\x03\\x04\\x00\\x00'",
                "version 4       | .npy format version 4.0 is not supported (reads 1.0, 2.0, 3.0)",
                "version 1.1     | .npy format version 1.1 is not supported",
                "header length   | truncated .npy header: the header length field says 1000 bytes, but only",
                "truncated       | truncated .npy header: expected at least 10 bytes, found 8",
                "complex         | dtype '<c16' is not supported; expected one of '<f8', '>f8', '<f4', '>f4', '<i8', '>i8', '<i4', '>i4'",
                "float16         | dtype '<f2' is not supported",
                "structured      | structured dtype [[('a', '<f8')]] is not supported",
                "3-D             | expected a 1-D or 2-D array, found shape (2, 1, 1)",
                "0-D             | expected a 1-D or 2-D array, found shape ()",
                "short data      | shape (2,) of dtype '<f8' needs 16 bytes of data, found 8 (the file is truncated)",
                "long data       | shape (2,) of dtype '<f8' needs 16 bytes of data, found 24",
                "missing key     | the .npy header must have exactly the keys descr, fortran_order, shape; found [descr, shape]",
                "extra key       | the .npy header must have exactly the keys descr, fortran_order, shape; found [descr, fortran_order, shape, x]",
                "duplicate key   | malformed .npy header at character 57: key 'descr' appears twice",
                "unclosed        | malformed .npy header at character 58: the header ends early",
                "fortran text    | 'fortran_order' must be True or False, found yes",
                "shape list      | 'shape' must be a tuple of integers",
                "negative shape  | malformed .npy header at character 52: expected a non-negative integer in the shape",
                "huge shape      | shape (4294967296, 4294967296) has more elements than a Java array can hold",
                "huge count      | shape (2147483600, 2147483600) has more elements than a file can hold",
                "trailing        | malformed .npy header at character 59: expected only padding after the dict",
            })
    void malformedFilesAreRefusedNamingTheSource(String fault, String message) {
        byte[] two = data(ByteOrder.LITTLE_ENDIAN, 8, bits(1, 2));
        byte[] bytes =
                switch (fault) {
                    case "magic" -> new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0};
                    case "version 4" -> npy(4, OK, two);
                    case "version 1.1" -> {
                        byte[] b = npy(1, OK, two);
                        b[7] = 1;
                        yield b;
                    }
                    case "header length" -> {
                        byte[] b = npy(1, OK, two);
                        b[8] = (byte) 0xE8;
                        b[9] = 3;
                        yield b;
                    }
                    case "truncated" -> java.util.Arrays.copyOf(npy(1, OK, two), 8);
                    case "complex" -> npy(1, OK.replace("<f8", "<c16"), two);
                    case "float16" -> npy(1, OK.replace("<f8", "<f2"), two);
                    case "structured" -> npy(1, OK.replace("'<f8'", "[('a', '<f8')]"), two);
                    case "3-D" -> npy(1, OK.replace("(2,)", "(2, 1, 1)"), two);
                    case "0-D" -> npy(1, OK.replace("(2,)", "()"), two);
                    case "short data" -> npy(1, OK, java.util.Arrays.copyOf(two, 8));
                    case "long data" -> npy(1, OK, java.util.Arrays.copyOf(two, 24));
                    case "missing key" -> npy(1, "{'descr': '<f8', 'shape': (2,), }", two);
                    case "extra key" -> npy(1, OK.replace("}", "'x': True, }"), two);
                    case "duplicate key" -> npy(1, OK.replace("}", "'descr': '<f8', }"), two);
                    case "unclosed" -> npy(1, OK.replace("}", ""), two);
                    case "fortran text" -> npy(1, OK.replace("False", "'yes'"), two);
                    case "shape list" -> npy(1, OK.replace("(2,)", "[2]"), two);
                    case "negative shape" -> npy(1, OK.replace("(2,)", "(-2,)"), two);
                    case "huge shape" -> npy(1, OK.replace("(2,)", "(4294967296, 4294967296)"), two);
                    case "huge count" -> npy(1, OK.replace("(2,)", "(2147483600, 2147483600)"), two);
                    case "trailing" -> npy(1, OK + " x", two);
                    default -> throw new AssertionError(fault);
                };
        assertThatThrownBy(() -> Npy.decode(bytes, "dir/a.npy"))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith("dir/a.npy: ")
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void damagedBytesOnlyEverFailWithAFormatError(int seed) {
        Random rnd = new Random(500 + seed);
        for (int t = 0; t < 100; t++) {
            byte[] bytes = Npy.encode(randomArray(rnd), rnd.nextBoolean());
            int mode = rnd.nextInt(3);
            if (mode == 0) {
                bytes = java.util.Arrays.copyOf(bytes, rnd.nextInt(bytes.length + 1));
            } else {
                int n = 1 + rnd.nextInt(4);
                for (int k = 0; k < n; k++) {
                    int pos = mode == 1 ? rnd.nextInt(Math.min(bytes.length, 128)) : rnd.nextInt(bytes.length);
                    bytes[pos] = (byte) rnd.nextInt(256);
                }
            }
            try {
                Npy.decode(bytes, "x.npy");
            } catch (FileFormatException e) {
                assertThat(e.getMessage()).startsWith("x.npy: ");
            } catch (RuntimeException e) {
                fail("damaged .npy escaped as " + e, e);
            }
        }
    }

    @Test
    void filesAreWrittenAndReadByPath() {
        Path file = dir.resolve("a.npy");
        Npy.Array a = Npy.Array.of(DenseMatrix.ofRows(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6}));
        Npy.write(file, a);
        assertThat(Npy.read(file)).isEqualTo(a);
        assertThatThrownBy(() -> Npy.read(dir.resolve("absent.npy")))
                .isInstanceOf(FileAccessException.class)
                .hasMessageContaining("cannot read " + dir.resolve("absent.npy") + ": NoSuchFileException");
    }

    /** {@code m} of make_fixtures.py, which NumPy writes in every dtype, order and version. */
    static final DenseMatrix M =
            DenseMatrix.ofRows(new double[] {1.25, -3, 7}, new double[] {Double.MIN_VALUE, 9.5, -0.0});

    static final DenseMatrix INTS = DenseMatrix.ofRows(new double[] {1, -2, 3}, new double[] {4, 5, -6});

    /** The arrays make_fixtures.py saves as {@code save_*.npy}, with the order jrom writes them in. */
    static final Map<String, Npy.Array> SAVED = new LinkedHashMap<>();

    static {
        Npy.Array a = Npy.Array.of(DenseMatrix.ofRows(new double[] {1.5, -0.0, 1e-310}, new double[] {4, 5, Math.PI}));
        SAVED.put("save_c", a);
        SAVED.put("save_f", a); // Fortran order
        SAVED.put("save_vec", Npy.Array.vector(new double[] {0.1, -0.0, 1e300}));
        SAVED.put("save_col", Npy.Array.of(DenseMatrix.wrap(3, 1, new double[] {
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
        })));
        SAVED.put("save_empty", Npy.Array.of(DenseMatrix.zeros(0, 4)));
    }

    /** Checks the {@code np_*.npy} files NumPy wrote in {@code d} against the values the script gives them. */
    static void assertReadsWhatNumpyWrites(Path d) {
        DenseMatrix f4 = DenseMatrix.ofRows(new double[] {1.25, -3, 7}, new double[] {0, 9.5, -0.0}); // 2^-1074 -> 0
        Map<String, DenseMatrix> expected = new LinkedHashMap<>();
        for (String name : new String[] {"np_c", "np_f", "np_be", "np_v1", "np_v2", "np_v3"}) {
            expected.put(name, M);
        }
        expected.put("np_le_f4", f4);
        expected.put("np_be_f4", f4);
        for (String name : new String[] {"np_i8", "np_be_i8", "np_i4", "np_be_i4"}) {
            expected.put(name, INTS);
        }
        expected.forEach((name, m) -> {
            Npy.Array x = Npy.read(d.resolve(name + ".npy"));
            assertThat(x.shape()).as(name).containsExactly(2, 3);
            assertThat(x.matrix().data()).as(name).isEqualTo(m.data());
        });
        Npy.Array vec = Npy.read(d.resolve("np_vec.npy"));
        assertThat(vec.isVector()).isTrue();
        assertThat(vec.matrix().data()).containsExactly(0.1, 0.2, 0.3);
        for (int v = 1; v <= 3; v++) {
            assertThat(NumpyFixtures.bytes(d.resolve("np_v" + v + ".npy"))[6]).isEqualTo((byte) v);
        }
        // the rules NumPy's files are checked by elsewhere accept NumPy's own files
        expected.forEach(
                (name, m) -> assertThat(NumpyFormat.cOrder(NumpyFixtures.bytes(d.resolve(name + ".npy")), name))
                        .as(name)
                        .isEqualTo(NumpyFormat.cOrder(m)));
    }

    /**
     * jrom writes byte for byte what {@code numpy.save} writes for the same arrays: NumPy pads every
     * header of a 1-D or 2-D {@code <f8} array with extents below 2^31 to 128 bytes, as jrom does
     * (its padding reserves room for the growing axis to reach 21 digits, and still fits).
     */
    static void assertWritesWhatNumpySaves(Path d) {
        SAVED.forEach((name, a) -> assertThat(Npy.encode(a, name.equals("save_f")))
                .as(name)
                .isEqualTo(NumpyFixtures.bytes(d.resolve(name + ".npy"))));
        for (String shape : new String[] {"0", "2147483647", "1x2147483647", "2147483647x2147483647"}) {
            int[] extents = java.util.Arrays.stream(shape.split("x"))
                    .mapToInt(Integer::parseInt)
                    .toArray();
            for (boolean fortran : new boolean[] {false, true}) {
                String name = "header_" + shape + (fortran ? "_f" : "_c") + ".bin";
                assertThat(Npy.header(extents, fortran)).as(name).isEqualTo(NumpyFixtures.bytes(d.resolve(name)));
            }
        }
    }

    @Test
    void readsTheFilesNumpyWrote() {
        assertReadsWhatNumpyWrites(NumpyFixtures.committed("npy"));
    }

    @Test
    void writesByteForByteWhatNumpySaves() {
        assertWritesWhatNumpySaves(NumpyFixtures.committed("npy"));
    }

    /**
     * Where jrom's bytes differ from {@code numpy.save}'s (a 1-D, single-column or empty array in
     * Fortran order: jrom says {@code 'fortran_order': True}, NumPy False, for the same data), NumPy's
     * reading rules still accept the file and give the same elements.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void everyFileWeWriteIsOneNumpyReads(int seed) {
        Random rnd = new Random(900 + seed);
        for (int t = 0; t < 10; t++) {
            Npy.Array a = randomArray(rnd);
            for (boolean fortran : new boolean[] {false, true}) {
                NumpyFormat.Header h = NumpyFormat.parse(Npy.encode(a, fortran), a.toString());
                assertThat(h.shape()).isEqualTo(a.shape());
                assertThat(h.fortranOrder()).isEqualTo(fortran);
                assertThat(NumpyFormat.cOrder(Npy.encode(a, fortran), h)).isEqualTo(NumpyFormat.cOrder(a.matrix()));
            }
        }
    }

    @Test
    @Tag("interop")
    void numpyReadsWhatWeWriteAndWeReadWhatNumpyWrites() throws Exception {
        Npy.Array a = SAVED.get("save_c");
        Path c = dir.resolve("c.npy");
        Path f = dir.resolve("f.npy");
        Files.write(c, Npy.encode(a, false));
        Files.write(f, Npy.encode(a, true));
        String script = String.join(
                "\n",
                "import sys, json, numpy as np",
                "d = sys.argv[1]",
                "out = {}",
                "for name in ['c', 'f']:",
                "    x = np.load(d + '/' + name + '.npy')",
                "    out[name] = {'shape': list(x.shape), 'fortran': bool(np.isfortran(x)), 'values': [repr(float(v)) for v in x.ravel()]}",
                "print(json.dumps(out))");
        JsonNode r = new ObjectMapper().readTree(Python.run(script, dir.toString()));
        for (String name : new String[] {"c", "f"}) {
            assertThat(r.get(name).get("shape").toString()).isEqualTo("[2,3]");
            assertThat(r.get(name).get("fortran").asBoolean()).isEqualTo(name.equals("f"));
            for (int k = 0; k < 6; k++) {
                double v = Double.parseDouble(r.get(name).get("values").get(k).asText());
                assertThat(Double.valueOf(v)).isEqualTo(a.matrix().get(k / 3, k % 3));
            }
        }
        Path written = NumpyFixtures.written(dir, "npy");
        assertReadsWhatNumpyWrites(written);
        assertWritesWhatNumpySaves(written);
    }

    @Test
    void aHeaderWithControlBytesGivesOneCleanLineAndNothingOfAFileNotNamedByTheUser() throws Exception {
        String header = "{'descr': '<f8\u0000\u0000\n\u0000', 'fortran_order': False, 'shape': (2,), }";
        byte[] bytes = npy(1, header, data(ByteOrder.LITTLE_ENDIAN, 8, bits(1, 2)));
        Path p = Files.write(dir.resolve("nul.npy"), bytes);
        assertThatThrownBy(() -> Npy.read(p))
                .isInstanceOf(FileFormatException.class)
                .satisfies(e -> HostileInput.assertCleanMessage(e, p + ": dtype '<f8\\x00\\x00\\x0a\\x00'"));
        assertThatThrownBy(() -> Npy.read(p, false))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(p + ": dtype (not shown) is not supported; expected one of " + Npy.Dtype.KNOWN);
        Path text = Files.writeString(dir.resolve("text.npy"), "root:SECRET\n");
        assertThatThrownBy(() -> Npy.read(text, false))
                .hasMessage(text + ": not a .npy array: expected the magic string \\x93NUMPY, found other bytes");
    }
}

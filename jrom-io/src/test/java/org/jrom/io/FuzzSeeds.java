package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterType;
import org.jrom.reductors.ResidualNormEvaluation;
import org.jrom.testing.RodModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the generated part of the fuzz corpora of jrom-io: small valid files from jrom's own
 * writers and hostile files crafted byte by byte (docs/reliability.md). Runs only when asked, with
 * the test resources folder to write to:
 *
 * <pre>
 * ./mvnw -B -q test -pl jrom-io -am -Dtest=FuzzSeeds -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djrom.fuzz.seeds=$PWD/jrom-io/src/test/resources
 * </pre>
 *
 * The corpora also hold copies of the NumPy and SciPy fixtures, copied by hand. The hostile files
 * that a reader does not yet reject with a JromException are moved to .ci/fuzz-findings, not
 * replayed until the reader is fixed.
 */
@EnabledIfSystemProperty(named = "jrom.fuzz.seeds", matches = ".+")
class FuzzSeeds {
    private static final Path ROOT = Path.of(System.getProperty("jrom.fuzz.seeds", "."), "org", "jrom", "io");

    private static Path corpus(String target) throws IOException {
        return Files.createDirectories(ROOT.resolve(target));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void npy() throws IOException {
        Path dir = corpus("NpyFuzzTestInputs/decode");
        Files.write(dir.resolve("jrom_2x3.npy"), Npy.encode(Npy.Array.of(matrix(2, 3)), false));
        Files.write(dir.resolve("jrom_2x3_f.npy"), Npy.encode(Npy.Array.of(matrix(2, 3)), true));
        // the header's dictionary with NUL bytes in it
        byte[] nul = Npy.encode(Npy.Array.vector(new double[] {1, 2}), false);
        nul[12] = 0;
        nul[20] = 0;
        nul[30] = 0;
        Files.write(dir.resolve("hostile_header_nul.npy"), nul);
        // a header declaring 2147483646 x 2147483646 with 8 bytes of data
        byte[] header = Npy.header(new int[] {2147483646, 2147483646}, false);
        Files.write(dir.resolve("hostile_huge_shape.npy"), concat(header, new byte[8]));
    }

    @Test
    void npz() throws IOException {
        Path dir = corpus("NpzFuzzTestInputs/read");
        Map<String, Npy.Array> arrays = new LinkedHashMap<>();
        arrays.put("a", Npy.Array.of(matrix(2, 2)));
        arrays.put("v", Npy.Array.vector(new double[] {1, 2, 3}));
        Path stored = dir.resolve("jrom_stored.npz");
        Npz.write(stored, arrays, false);
        Npz.write(dir.resolve("jrom_deflated.npz"), arrays, true);
        // a zip bomb: one deflated entry of 2^23 doubles (64 MiB of zeros) in about 64 KiB
        int n = 1 << 23;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("bomb.npy"));
            zip.write(Npy.header(new int[] {n}, false));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 8 * n / zeros.length; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        Files.write(dir.resolve("hostile_zip_bomb.npz"), out.toByteArray());
        // an entry whose header declares 2^31 - 1 doubles and holds 16 bytes
        out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("short.npy"));
            zip.write(concat(Npy.header(new int[] {Integer.MAX_VALUE}, false), new byte[16]));
            zip.closeEntry();
        }
        Files.write(dir.resolve("hostile_header_lies.npz"), out.toByteArray());
    }

    @Test
    void modelFile() throws IOException {
        Path dir = corpus("ModelFileFuzzTestInputs/load");
        Path file = dir.resolve("rod.jrom");
        ModelFile.write(
                RodModel.reduced(new RodModel.Variant(ResidualNormEvaluation.ORTHONORMAL, false, true, false)),
                file,
                Provenance.current().withTrainingSet(6, 42));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(dir.resolve("hostile_truncated.jrom"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }

    @Test
    void matrixMarket() throws IOException {
        Path dir = corpus("MatrixMarketFuzzTestInputs/read");
        Path gz = corpus("MatrixMarketFuzzTestInputs/readGzipped");
        CsrMatrix a = CsrMatrix.fromTriplets(
                3, 3, new int[] {0, 1, 2, 0}, new int[] {0, 1, 2, 2}, new double[] {4, 5, 6, -1}, 4);
        MatrixMarket.write(dir.resolve("jrom_sparse.mtx"), a);
        MatrixMarket.writeVector(dir.resolve("jrom_vector.mtx"), new double[] {1, -2.5, 3e-7});
        Files.copy(dir.resolve("jrom_sparse.mtx"), gz.resolve("jrom_sparse.mtx"));
        Files.copy(dir.resolve("jrom_vector.mtx"), gz.resolve("jrom_vector.mtx"));
        byte[] huge = ascii("%%MatrixMarket matrix coordinate real general\n2147483646 2147483646 1\n1 1 1\n");
        Files.write(dir.resolve("hostile_huge_size.mtx"), huge);
        Files.write(gz.resolve("hostile_huge_size.mtx"), huge);
        Files.write(
                dir.resolve("hostile_huge_dense.mtx"),
                ascii("%%MatrixMarket matrix array real general\n2147483646 2147483646\n1\n"));
        // a gzip stream whose ISIZE trailer says 2 GiB (the CRC is right, the size is not)
        byte[] plain = ascii("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n");
        byte[] z = gzip(plain);
        ByteBuffer.wrap(z, z.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MIN_VALUE);
        Files.write(dir.resolve("hostile_isize_2gib.mtx.gz"), z);
        // a gzip stream with a wrong CRC
        byte[] crc = gzip(plain);
        CRC32 c = new CRC32();
        c.update(new byte[] {1});
        ByteBuffer.wrap(crc, crc.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) c.getValue());
        Files.write(dir.resolve("hostile_bad_crc.mtx.gz"), crc);
    }

    @Test
    void parameterTable() throws IOException {
        Path dir = corpus("ParameterTableFuzzTestInputs/read");
        ParameterType type = ParameterType.of("k", 2, "Bi", 1);
        ParameterTable.write(
                dir.resolve("jrom_table.csv"), List.of(Parameter.of(type, 1, 2, 0.5), Parameter.of(type, 3, 4, 1e-3)));
        byte[] junk = new byte[512];
        new Random(7).nextBytes(junk);
        Files.write(dir.resolve("hostile_binary_junk.csv"), junk);
        Files.write(dir.resolve("hostile_quotes.csv"), ascii("\"k[0]\",\"Bi\n\"1,2\n"));
    }

    @Test
    void affineManifest() throws IOException {
        Path dir = corpus("AffineManifestFuzzTestInputs/read");
        String good =
                """
                {
                  "format": "jrom-affine/1",
                  "description": "two by two",
                  "parameters": {"k": {"size": 2, "min": 0.1, "max": [10, 5]}},
                  "operator": [
                    {"matrix": "A0.mtx", "coefficient": "k[0]"},
                    {"matrix": "A1.mtx", "coefficient": "k[1]"}
                  ],
                  "rhs": [{"vector": "F.mtx", "coefficient": "1"}],
                  "product": "A1.mtx",
                  "coercivity": {"lower_bound": "min(k[0], k[1])"},
                  "outputs": [{"name": "compliance", "vector": "F.mtx"}],
                  "training_set": "train.npy"
                }
                """;
        Files.writeString(dir.resolve("good.json"), good);
        Files.writeString(
                dir.resolve("min_theta.json"),
                good.replace(
                        "{\"lower_bound\": \"min(k[0], k[1])\"}",
                        "{\"method\": \"min-theta\", \"reference\": {\"k\": [1, 1]}}"));
        Files.writeString(
                dir.resolve("hostile_size_max_int.json"), good.replace("\"size\": 2", "\"size\": 2147483647"));
        Files.writeString(dir.resolve("hostile_path_escape.json"), good.replace("A0.mtx", "../../../../etc/passwd"));
    }

    private static DenseMatrix matrix(int rows, int cols) {
        DenseMatrix m = DenseMatrix.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.set(i, j, i * cols + j + 0.5);
            }
        }
        return m;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        assertThat(c).hasSize(a.length + b.length);
        return c;
    }
}

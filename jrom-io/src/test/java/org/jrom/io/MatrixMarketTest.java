package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.testing.HostileInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatrixMarketTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.ISO_8859_1);
        return f;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(content);
        }
        return out.toByteArray();
    }

    private static double[][] dense(CsrMatrix a) {
        DenseMatrix d = a.toDense();
        double[][] rows = new double[a.rows()][a.cols()];
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                rows[i][j] = d.get(i, j);
            }
        }
        return rows;
    }

    private static double[][] dense(DenseMatrix d) {
        double[][] rows = new double[d.rows()][d.cols()];
        for (int i = 0; i < d.rows(); i++) {
            for (int j = 0; j < d.cols(); j++) {
                rows[i][j] = d.get(i, j);
            }
        }
        return rows;
    }

    @Test
    void coordinateGeneralSumsDuplicatesAndSortsRows() throws IOException {
        Path f = write(
                "a.mtx",
                "%%MatrixMarket matrix coordinate real general\n% a comment\n%\n\n3 4 6\n"
                        + "3 4 -1.5e0\n1 2 2\n1 1 1.0\n\n% comment between entries\n1 2 0.25\n2 3 +7\n3 1 -0\n");
        CsrMatrix a = MatrixMarket.readSparse(f);
        assertThat(dense(a)).isDeepEqualTo(new double[][] {{1, 2.25, 0, 0}, {0, 0, 7, 0}, {-0.0, 0, 0, -1.5}});
        assertThat(a.nnz()).isEqualTo(5); // duplicates summed, the explicit zero kept
        assertThat(a.columnIndices()).containsExactly(0, 1, 2, 0, 3);
    }

    @Test
    void coordinateSymmetricMirrorsTheLowerTriangle() throws IOException {
        Path f = write(
                "s.mtx", "%%MatrixMarket matrix coordinate real symmetric\n3 3 4\n1 1 4\n2 1 -1\n3 2 -2\n3 3 5\n");
        assertThat(dense(MatrixMarket.readSparse(f)))
                .isDeepEqualTo(new double[][] {{4, -1, 0}, {-1, 0, -2}, {0, -2, 5}});
        assertThat(dense(MatrixMarket.readSquare(f))).isDeepEqualTo(dense(MatrixMarket.readDense(f)));
    }

    @Test
    void integerAndPatternFields() throws IOException {
        Path i = write("i.mtx", "%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 1 3\n2 2 -4\n");
        assertThat(dense(MatrixMarket.readSparse(i))).isDeepEqualTo(new double[][] {{3, 0}, {0, -4}});
        Path p = write("p.mtx", "%%MatrixMarket matrix coordinate pattern symmetric\n2 2 2\n1 1\n2 1\n");
        assertThat(dense(MatrixMarket.readSparse(p))).isDeepEqualTo(new double[][] {{1, 1}, {1, 0}});
    }

    @Test
    void arrayGeneralIsColumnMajor() throws IOException {
        Path f = write("d.mtx", "%%MatrixMarket matrix array real general\n% c\n2 3\n1\n2\n3\n4\n5\n6.5\n");
        assertThat(dense(MatrixMarket.readDense(f))).isDeepEqualTo(new double[][] {{1, 3, 5}, {2, 4, 6.5}});
        assertThat(dense(MatrixMarket.readSparse(f))).isDeepEqualTo(new double[][] {{1, 3, 5}, {2, 4, 6.5}});
    }

    @Test
    void arraySymmetricListsTheLowerTriangleByColumns() throws IOException {
        Path f = write("d.mtx", "%%MatrixMarket matrix array integer symmetric\n3 3\n1\n2\n3\n4\n5\n6\n");
        assertThat(dense(MatrixMarket.readDense(f))).isDeepEqualTo(new double[][] {{1, 2, 3}, {2, 4, 5}, {3, 5, 6}});
    }

    @Test
    void vectorsInBothLayouts() throws IOException {
        Path a = write("v.mtx", "%%MatrixMarket matrix array real general\n3 1\n1.5\n-2\n1e-3\n");
        assertThat(MatrixMarket.readVector(a)).containsExactly(1.5, -2, 1e-3);
        Path c = write("c.mtx", "%%MatrixMarket matrix coordinate real general\n4 1 2\n4 1 9\n2 1 -1\n");
        assertThat(MatrixMarket.readVector(c)).containsExactly(0, -1, 0, 9);
        Path m = write("m.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n");
        assertThatThrownBy(() -> MatrixMarket.readVector(m))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(m + ":2: expected a vector (an n x 1 matrix), found 2 x 2 on the size line");
    }

    @Test
    void crlfTabsTrailingSpacesAndBannerCaseAreAccepted() throws IOException {
        Path f = write(
                "w.mtx", "%%MatrixMarket Matrix COORDINATE Real General  \r\n2 2 2 \r\n 1\t1 \t 1.0  \r\n2 2 2.0\r\n");
        assertThat(dense(MatrixMarket.readSparse(f))).isDeepEqualTo(new double[][] {{1, 0}, {0, 2}});
        Path noFinalNewline = write("n.mtx", "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 3.5");
        assertThat(dense(MatrixMarket.readSparse(noFinalNewline))).isDeepEqualTo(new double[][] {{3.5}});
    }

    @Test
    void emptyMatrices() throws IOException {
        Path f = write("e.mtx", "%%MatrixMarket matrix coordinate real general\n3 2 0\n");
        CsrMatrix a = MatrixMarket.readSparse(f);
        assertThat(a.rows()).isEqualTo(3);
        assertThat(a.cols()).isEqualTo(2);
        assertThat(a.nnz()).isZero();
    }

    @Test
    void gzipIsDetectedByItsMagicBytesNotItsName() throws IOException {
        String text = "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 1 0.5\n2 2 -3\n";
        Path f = dir.resolve("compressed-without-suffix.mtx");
        Files.write(f, gzip(text.getBytes(StandardCharsets.US_ASCII)));
        assertThat(dense(MatrixMarket.readSparse(f))).isDeepEqualTo(new double[][] {{1, 0}, {0.5, -3}});
    }

    @Test
    void truncatedGzipIsRefused() throws IOException {
        StringBuilder b = new StringBuilder("%%MatrixMarket matrix coordinate real general\n100 100 1000\n");
        Random rnd = new Random(1);
        for (int k = 0; k < 1000; k++) {
            b.append(1 + rnd.nextInt(100))
                    .append(' ')
                    .append(1 + rnd.nextInt(100))
                    .append(' ');
            b.append(rnd.nextDouble()).append('\n');
        }
        byte[] z = gzip(b.toString().getBytes(StandardCharsets.US_ASCII));
        Path f = dir.resolve("t.mtx.gz");
        Files.write(f, Arrays.copyOf(z, z.length / 2));
        assertThatThrownBy(() -> MatrixMarket.readSparse(f))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(f + ": truncated gzip stream");
        z[z.length - 6] ^= 1; // CRC-32 in the trailer
        Files.write(f, z);
        assertThatThrownBy(() -> MatrixMarket.readSparse(f))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(f + ": corrupt gzip stream");
    }

    @Test
    void skewSymmetricFilesAreMirroredWithTheSignChanged() throws Exception {
        // what SciPy's mmwrite writes for an exactly skew matrix: the strictly lower triangle
        Path coordinate = dir.resolve("skew.mtx");
        Files.writeString(
                coordinate, "%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 0.5\n3 2 -1.25\n");
        CsrMatrix a = MatrixMarket.readSquare(coordinate);
        assertThat(a.get(1, 0)).isEqualTo(0.5);
        assertThat(a.get(0, 1)).isEqualTo(-0.5);
        assertThat(a.get(2, 1)).isEqualTo(-1.25);
        assertThat(a.get(1, 2)).isEqualTo(1.25);
        assertThat(a.isSkewSymmetric()).isTrue();
        Path array = dir.resolve("skew-array.mtx");
        Files.writeString(array, "%%MatrixMarket matrix array real skew-symmetric\n3 3\n0.5\n0\n-1.25\n");
        assertThat(MatrixMarket.readDense(array).data())
                .containsExactly(0, 0.5, 0, -0.5, 0, -1.25, 0, 1.25, 0); // column-major
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            empty file          | ''                                                                  | :1: empty file
            no banner           | 3 3 1\\n1 1 1\\n                                                    | :1: not a Matrix Market file: expected the banner
            short banner        | %%MatrixMarket matrix coordinate real\\n1 1 0\\n                  | :1: expected the banner '%%MatrixMarket matrix coordinate|array real|integer|pattern general|symmetric|skew-symmetric' (five words), found '%%MatrixMarket matrix coordinate real'
            vector object       | %%MatrixMarket vector coordinate real general\\n1 1 0\\n          | :1: unsupported object 'vector'
            unknown format      | %%MatrixMarket matrix sparse real general\\n1 1 0\\n              | :1: unknown format 'sparse'
            complex             | %%MatrixMarket matrix coordinate complex general\\n1 1 0\\n       | :1: complex matrices are not supported ('%%MatrixMarket matrix coordinate complex general')
            hermitian           | %%MatrixMarket matrix coordinate real hermitian\\n1 1 0\\n        | :1: hermitian matrices are not supported ('%%MatrixMarket matrix coordinate real hermitian')
            skew diagonal       | %%MatrixMarket matrix coordinate real skew-symmetric\\n2 2 1\\n1 1 1\\n | :3: entry (1, 1) is on the diagonal; a skew-symmetric file lists only the strictly lower triangle
            skew pattern        | %%MatrixMarket matrix coordinate pattern skew-symmetric\\n2 2 1\\n2 1\\n | :1: a skew-symmetric pattern has no values to negate
            unknown symmetry    | %%MatrixMarket matrix array real upper\\n1 1\\n0\\n               | :1: unknown symmetry 'upper'
            array pattern       | %%MatrixMarket matrix array pattern general\\n1 1\\n              | :1: an array file cannot have the field 'pattern'
            no size line        | %%MatrixMarket matrix coordinate real general\\n% only\\n         | :2: the file ends before the size line 'rows columns entries'
            size line short     | %%MatrixMarket matrix coordinate real general\\n%\\n3 3\\n1 1 1\\n | :3: expected the size line 'rows columns entries', found '3 3'
            size line words     | %%MatrixMarket matrix array real general\\n3 x\\n                 | :2: expected the size line 'rows columns', found '3 x'
            size line long      | %%MatrixMarket matrix array real general\\n1 1 1\\n1\\n           | :2: expected the size line 'rows columns', found '1 1 1'
            negative size       | %%MatrixMarket matrix coordinate real general\\n-1 1 0\\n         | :2: expected the size line 'rows columns entries', found '-1 1 0'
            too many declared   | %%MatrixMarket matrix coordinate real general\\n2 2 5\\n          | :2: entry count 5 exceeds the 4 positions of a 2 x 2 matrix
            symmetric not square| %%MatrixMarket matrix coordinate real symmetric\\n2 3 0\\n        | :2: a symmetric matrix must be square, found 2 x 3 on the size line
            fewer entries       | %%MatrixMarket matrix coordinate real general\\n2 2 3\\n1 1 1\\n2 2 1\\n | :4: the file ends after 2 entries, but the size line (line 2) declares 3
            more entries        | %%MatrixMarket matrix coordinate real general\\n2 2 1\\n1 1 1\\n\\n2 2 1\\n | :5: more entries than the 1 declared on the size line (line 2): found '2 2 1'
            row out of range    | %%MatrixMarket matrix coordinate real general\\n2 2 2\\n1 1 1\\n3 1 1\\n | :4: row index 3 out of range 1..2
            row zero            | %%MatrixMarket matrix coordinate real general\\n2 2 1\\n0 1 1\\n  | :3: row index 0 out of range 1..2
            column out of range | %%MatrixMarket matrix coordinate real general\\n2 2 1\\n1 9 1\\n  | :3: column index 9 out of range 1..2
            upper in symmetric  | %%MatrixMarket matrix coordinate real symmetric\\n2 2 2\\n1 1 1\\n1 2 1\\n | :4: entry (1, 2) is above the diagonal; a symmetric file lists only the lower triangle (row >= column)
            non-numeric         | %%MatrixMarket matrix coordinate real general\\n2 2 1\\n1 1 abc\\n | :3: expected a number, found 'abc'
            bad exponent        | %%MatrixMarket matrix coordinate real general\\n2 2 1\\n1 1 1e\\n | :3: expected a number, found '1e'
            comma decimal       | %%MatrixMarket matrix coordinate real general\\n2 2 1\\n1 1 1,5\\n | :3: expected a number, found '1,5'
            NaN                 | %%MatrixMarket matrix coordinate real general\\n2 2 1\\n1 1 NaN\\n | :3: entry (1, 1) is NaN, expected a finite number
            infinity            | %%MatrixMarket matrix coordinate real general\\n2 2 1\\n2 1 -inf\\n | :3: entry (2, 1) is -Infinity, expected a finite number
            overflow            | %%MatrixMarket matrix coordinate real general\\n2 2 1\\n1 2 1e999\\n | :3: entry (1, 2) is Infinity, expected a finite number
            missing value       | %%MatrixMarket matrix coordinate real general\\n2 2 1\\n1 1\\n    | :3: expected a space between the numbers of an entry, found the end of the line
            extra value         | %%MatrixMarket matrix coordinate real general\\n2 2 1\\n1 1 1 2\\n | :3: expected the end of the line, found '2'
            fractional index    | %%MatrixMarket matrix coordinate real general\\n2 2 1\\n1.0 1 1\\n | :3: expected a positive integer index, found '1.0'
            integer field       | %%MatrixMarket matrix coordinate integer general\\n2 2 1\\n1 1 1.5\\n | :3: expected an integer (the field is 'integer'), found '1.5'
            array fewer         | %%MatrixMarket matrix array real general\\n2 1\\n1\\n              | :3: the file ends after 1 entries, but the size line (line 2) declares 2
            array more          | %%MatrixMarket matrix array real symmetric\\n2 2\\n1\\n2\\n3\\n4\\n | :6: more entries than the 3 declared on the size line (line 2): found '4'
            array two per line  | %%MatrixMarket matrix array real general\\n2 1\\n1 2\\n            | :3: expected the end of the line, found '2'
            array NaN           | %%MatrixMarket matrix array real general\\n2 1\\n1\\nnan\\n        | :4: entry (2, 1) is NaN, expected a finite number
            """)
    void refusesBadFilesNamingTheLine(String what, String content, String message) throws IOException {
        Path f = write("bad.mtx", content.replace("\\n", "\n"));
        assertThatThrownBy(() -> MatrixMarket.readSparse(f), what)
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(f + message);
    }

    @Test
    void readSquareRefusesARectangularMatrix() throws IOException {
        Path f = write("r.mtx", "%%MatrixMarket matrix coordinate real general\n% c\n2 3 0\n");
        assertThat(MatrixMarket.readSparse(f).cols()).isEqualTo(3);
        assertThatThrownBy(() -> MatrixMarket.readSquare(f))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(f + ":3: expected a square matrix, found 2 x 3 on the size line");
    }

    @Test
    void missingFileIsAnAccessError() {
        assertThatThrownBy(() -> MatrixMarket.readSparse(dir.resolve("missing.mtx")))
                .isInstanceOf(FileAccessException.class)
                .hasMessageContaining("missing.mtx");
    }

    /** A file of several MiB is parsed in pieces on all threads: same matrix as the triplets, errors on the right line. */
    @Test
    void largeFileParsedInPiecesEqualsTheTriplets() throws IOException {
        int n = 2000;
        int count = 300_000;
        Random rnd = new Random(42);
        int[] r = new int[count];
        int[] c = new int[count];
        double[] v = new double[count];
        StringBuilder b = new StringBuilder("%%MatrixMarket matrix coordinate real general\n");
        b.append(n).append(' ').append(n).append(' ').append(count).append('\n');
        for (int k = 0; k < count; k++) {
            r[k] = rnd.nextInt(n);
            c[k] = rnd.nextInt(n);
            v[k] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10);
            if (k % 1000 == 0) {
                b.append("% comment\n\n");
            }
            b.append(r[k] + 1).append(' ').append(c[k] + 1).append(' ');
            b.append(k % 2 == 0 ? Double.toString(v[k]) : String.format(Locale.ROOT, "%.17g", v[k]));
            b.append('\n');
        }
        String text = b.toString();
        assertThat(text.length()).isGreaterThan(4 << 20);
        Path f = write("big.mtx", text);
        CsrMatrix a = MatrixMarket.readSparse(f);
        assertIsTheTriplets(a, n, r, c, v, count, "big.mtx");

        // An error near the end, in the last piece: the line number counts every line before it.
        String[] lines = text.split("\n", -1);
        int bad = lines.length - 10;
        lines[bad] = "1 1 oops";
        Path g = write("bad-big.mtx", String.join("\n", lines));
        assertThatThrownBy(() -> MatrixMarket.readSparse(g))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(g + ":" + (bad + 1) + ": expected a number, found 'oops'");
    }

    /** The matrix read is, array for array, the n x n matrix of the triplets (duplicates summed). */
    private static void assertIsTheTriplets(CsrMatrix a, int n, int[] r, int[] c, double[] v, int count, String what) {
        CsrMatrix expected = CsrMatrix.fromTriplets(n, n, r, c, v, count);
        assertThat(a.rowPointers()).as(what).isEqualTo(expected.rowPointers());
        assertThat(a.columnIndices()).as(what).isEqualTo(expected.columnIndices());
        assertThat(a.nonzeroValues()).as(what).isEqualTo(expected.nonzeroValues());
    }

    /**
     * Entries in row-major order, as solvers write them, become the CSR arrays directly; duplicates
     * (the middle lines repeated) and an order that starts again half-way (each half in order, the
     * whole not) take the general route: every file the matrix of its triplets, over two pieces.
     */
    @Test
    void rowMajorFilesAndTheirNearMissesReadAsTheirTriplets() throws IOException {
        int n = 20_000;
        int perRow = 5;
        for (String variant : List.of("ordered", "duplicates", "restarted")) {
            List<int[]> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < perRow; k++) {
                    entries.add(new int[] {i, (i * 7 + k * 3001) % n});
                }
            }
            entries.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
            entries.removeIf(new java.util.function.Predicate<int[]>() {
                int[] last;

                @Override
                public boolean test(int[] e) { // equal columns in a row: keep one
                    boolean same = last != null && last[0] == e[0] && last[1] == e[1];
                    last = e;
                    return same;
                }
            });
            if (variant.equals("duplicates")) {
                int middle = entries.size() / 2;
                for (int k = middle + 2000; k >= middle - 2000; k--) {
                    entries.add(k, entries.get(k).clone());
                }
            } else if (variant.equals("restarted")) {
                List<int[]> second = new ArrayList<>(entries.subList(entries.size() / 2, entries.size()));
                entries.subList(entries.size() / 2, entries.size()).clear();
                entries.addAll(0, second);
            }
            int count = entries.size();
            int[] r = new int[count];
            int[] c = new int[count];
            double[] v = new double[count];
            StringBuilder b = new StringBuilder("%%MatrixMarket matrix coordinate real general\n");
            b.append(n).append(' ').append(n).append(' ').append(count).append('\n');
            for (int k = 0; k < count; k++) {
                r[k] = entries.get(k)[0];
                c[k] = entries.get(k)[1];
                v[k] = Math.sin(k + 0.5) * 1e3;
                b.append(r[k] + 1)
                        .append(' ')
                        .append(c[k] + 1)
                        .append(' ')
                        .append(v[k])
                        .append('\n');
            }
            assertThat(b.length()).as(variant).isGreaterThan(2 << 20); // two pieces
            CsrMatrix a = MatrixMarket.readSparse(write(variant + ".mtx", b.toString()));
            assertIsTheTriplets(a, n, r, c, v, count, variant);
        }
    }

    /**
     * Files of {@link MatrixMarket.Streamed#MIN_BYTES} and more are read chunk by chunk on each
     * thread: the same bits as the whole-file route (the same text gzipped), lines across chunk
     * ends and a comment line longer than a chunk included; a bad entry, a missing one and a
     * non-square matrix where one is needed give the whole-file route's messages, line numbers and all.
     */
    @Test
    void largeFilesReadInChunksGiveTheWholeFilesMatrixAndMessages() throws IOException {
        int n = 200_000;
        int count = 0;
        Random rnd = new Random(11);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < n; i++) {
            for (int j = Math.max(0, i - 1); j <= Math.min(n - 1, i + 1); j++) {
                body.append(i + 1).append(' ').append(j + 1).append(' ');
                body.append(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(30) - 15))
                        .append('\n');
                count++;
            }
            if (i == n / 3) {
                body.append('%')
                        .append("x".repeat(MatrixMarket.Streamed.CHUNK + 1000))
                        .append('\n');
            }
        }
        String text = "%%MatrixMarket matrix coordinate real general\n% a tridiagonal matrix\n" + n + " " + n + " "
                + count + "\n" + body;
        assertThat((long) text.length()).isGreaterThan(MatrixMarket.Streamed.MIN_BYTES);
        Path plain = write("large.mtx", text);
        Path zipped = dir.resolve("large.mtx.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(zipped))) {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
        CsrMatrix streamed = MatrixMarket.Streamed.coordinate(plain, true, false);
        assertThat(streamed).as("the streamed route took the file").isNotNull();
        CsrMatrix whole = MatrixMarket.readSparse(zipped);
        assertThat(streamed.rowPointers()).isEqualTo(whole.rowPointers());
        assertThat(streamed.columnIndices()).isEqualTo(whole.columnIndices());
        assertThat(streamed.nonzeroValues()).isEqualTo(whole.nonzeroValues());
        assertThat(MatrixMarket.readSquare(plain).nnz()).isEqualTo(whole.nnz());

        String[] lines = text.split("\n", -1);
        int bad = lines.length - 20;
        lines[bad] = lines[bad].substring(0, lines[bad].lastIndexOf(' ')) + " 1.5x";
        Path broken = write("broken.mtx", String.join("\n", lines));
        assertThatThrownBy(() -> MatrixMarket.readSparse(broken))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(broken + ":" + (bad + 1) + ": expected a number, found '1.5x'");
        Path cut = write("cut.mtx", text.substring(0, text.lastIndexOf('\n', text.length() - 2) + 1));
        assertThatThrownBy(() -> MatrixMarket.readSparse(cut))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("the file ends after " + (count - 1) + " entries");
        Path wide = write("wide.mtx", text.replaceFirst("\n" + n + " " + n + " ", "\n" + n + " " + (n + 1) + " "));
        assertThatThrownBy(() -> MatrixMarket.readSquare(wide))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(wide + ":3: expected a square matrix, found " + n + " x " + (n + 1) + " on the size line");
    }

    /** Files of many write chunks (about 32 KiB each): every line once, whole, in order, the same bits back. */
    @Test
    void filesWrittenInManyChunksReadBackBitForBit() throws IOException {
        Random rnd = new Random(5);
        int n = 6000;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
        }
        Path vector = dir.resolve("v.mtx");
        MatrixMarket.writeVector(vector, v);
        assertThat(Files.size(vector)).isGreaterThan(3L << 15);
        assertThat(MatrixMarket.readVector(vector)).isEqualTo(v);
        assertThat(Files.readAllLines(vector)).hasSize(n + 2);

        int count = 20_000;
        int[] r = new int[count];
        int[] c = new int[count];
        double[] x = new double[count];
        for (int k = 0; k < count; k++) {
            r[k] = rnd.nextInt(n);
            c[k] = rnd.nextInt(n / 2);
            x[k] = rnd.nextGaussian();
        }
        CsrMatrix a = CsrMatrix.fromTriplets(n, n / 2, r, c, x, count);
        Path matrix = dir.resolve("a.mtx");
        MatrixMarket.write(matrix, a);
        assertThat(Files.size(matrix)).isGreaterThan(8L << 15);
        CsrMatrix back = MatrixMarket.readSparse(matrix);
        assertThat(back.rowPointers()).isEqualTo(a.rowPointers());
        assertThat(back.columnIndices()).isEqualTo(a.columnIndices());
        assertThat(back.nonzeroValues()).isEqualTo(a.nonzeroValues());
    }

    /** The hand-written conversion must give Double.parseDouble's bits, for every way doubles are printed. */
    @Test
    void valuesAreBitForBitThoseOfDoubleParseDouble() {
        Random rnd = new Random(3);
        String[] formats = {"%.17g", "%.16e", "%.15g", "%.6e", "%.3f", "%.20e"};
        StringBuilder b = new StringBuilder();
        int count = 0;
        for (String special : new String[] {
            "0",
            "-0",
            "0.0",
            "1",
            "-1",
            "0.1",
            "1e22",
            "1e23",
            "9007199254740993",
            "9007199254740992.5",
            "4.9e-324",
            "2.4703282292062327e-324",
            "2.2250738585072014E-308",
            "2.2250738585072011e-308",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "123456789012345678901234567890",
            "1e-400",
            "0.000000000000000000000000000001234",
            "+3.5",
            ".5",
            "5.",
            "1E+2",
            "12345678901234567890",
            "1234567890123456789",
            "9999999999999999999",
            "0.30000000000000004",
            "2.5e-5",
            "7.0e-10",
            // eight digits at a time: leading zeros in a block, blocks up to the 19 significant digits
            "00000000123456789.5",
            "0.00000000000000001234567890123456789",
            "12345678.12345678",
            "1234567890123456789012.5",
            "0.1000000020000000300000004",
            "-00000000.00000000e+00000001"
        }) {
            b.append(special).append('\n');
            count++;
        }
        for (int k = 0; k < 400_000; k++) {
            double x =
                    switch (k % 4) {
                        case 0 -> rnd.nextDouble();
                        case 1 -> rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
                        case 2 -> Double.longBitsToDouble(rnd.nextLong() & 0x7FEFFFFFFFFFFFFFL);
                        default -> (rnd.nextInt(2_000_001) - 1_000_000) / 1024.0;
                    };
            if (!Double.isFinite(x)) {
                x = 1.0;
            }
            b.append(k % 3 == 0 ? Double.toString(x) : String.format(Locale.ROOT, formats[k % formats.length], x));
            b.append('\n');
            count++;
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.US_ASCII);
        String[] tokens = b.toString().split("\n");
        MatrixMarket.Lexer lx = new MatrixMarket.Lexer(bytes, 0, bytes.length);
        for (int k = 0; k < count; k++) {
            assertThat(lx.nextLine()).isTrue();
            double got = lx.value(false);
            lx.endOfLine();
            double want = Double.parseDouble(tokens[k]);
            if (Double.doubleToRawLongBits(got) != Double.doubleToRawLongBits(want)) {
                throw new AssertionError("'" + tokens[k] + "': parsed " + got + ", Double.parseDouble gives " + want);
            }
        }
        assertThat(lx.nextLine()).isFalse();
    }

    // ---------------------------------------------------------------- hostile input

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
            z.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /** Sets the gzip ISIZE trailer, the last 4 bytes, to 2^31 - 1. */
    private static byte[] claimTwoGiB(byte[] gz) {
        gz[gz.length - 4] = (byte) 0xff;
        gz[gz.length - 3] = (byte) 0xff;
        gz[gz.length - 2] = (byte) 0xff;
        gz[gz.length - 1] = (byte) 0x7f;
        return gz;
    }

    private static String tridiagonal(int n) {
        StringBuilder sb = new StringBuilder("%%MatrixMarket matrix coordinate real symmetric\n");
        sb.append(n).append(' ').append(n).append(' ').append(2 * n - 1).append('\n');
        for (int i = 1; i <= n; i++) {
            sb.append(i).append(' ').append(i).append(" 2.0\n");
            if (i > 1) {
                sb.append(i).append(' ').append(i - 1).append(" -1.0\n");
            }
        }
        return sb.toString();
    }

    @Test
    void aGzipTrailerClaimingTwoGibibytesIsNotTrusted() throws IOException {
        Path bomb = Files.write(dir.resolve("bomb.mtx.gz"), claimTwoGiB(gzip(tridiagonal(500))));
        assertThatThrownBy(() -> MatrixMarket.readSparse(bomb))
                .isInstanceOf(FileFormatException.class)
                .satisfies(e -> HostileInput.assertCleanMessage(e, bomb.toString()))
                .hasMessageContaining("corrupt gzip stream");
        assertThat(HostileInput.allocatedBy(() -> MatrixMarket.readSparse(bomb)))
                .isLessThan(64L << 20);
    }

    @Test
    void aTruncatedGzipFileIsRefusedWithoutAllocatingWhatItsLastBytesSay() throws IOException {
        byte[] gz = gzip(tridiagonal(2000));
        Path cut = Files.write(dir.resolve("cut.mtx.gz"), claimTwoGiB(Arrays.copyOf(gz, gz.length / 2)));
        assertThatThrownBy(() -> MatrixMarket.readSparse(cut))
                .isInstanceOf(FileFormatException.class)
                .satisfies(e -> HostileInput.assertCleanMessage(e, cut.toString()))
                .hasMessageContaining(" gzip stream");
        assertThat(HostileInput.allocatedBy(() -> MatrixMarket.readSparse(cut))).isLessThan(64L << 20);
    }

    @Test
    void aGzipStreamThatExpandsBeyondAnyMatrixIsRefused() throws IOException {
        Path zeros = dir.resolve("zeros.mtx.gz");
        byte[] chunk = "0\n".repeat(1 << 19).getBytes(StandardCharsets.US_ASCII);
        try (GZIPOutputStream z = new GZIPOutputStream(Files.newOutputStream(zeros))) {
            for (int k = 0; k < 128; k++) { // 128 MiB, about 1000 times the compressed size
                z.write(chunk);
            }
        }
        assertThatThrownBy(() -> MatrixMarket.readSparse(zeros))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(zeros + ": the gzip stream of ")
                .hasMessageContaining("bytes; accepted are 64 MiB, or 600 times the compressed size");
    }

    @Test
    void declaredSizesTheFileCannotFillAreRefusedBeforeAllocating() throws IOException {
        Path huge = Files.writeString(
                dir.resolve("huge.mtx"),
                "%%MatrixMarket matrix coordinate real symmetric\n2147483646 2147483646 1\n1 1 1.0\n");
        assertThatThrownBy(() -> MatrixMarket.readSparse(huge))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(huge + ":2: a 2147483646 x 2147483646 matrix in a file of 80 bytes: at most 16778496 rows"
                        + " and columns are accepted (2^24, plus 16 per byte of the file)");
        assertThat(HostileInput.allocatedBy(() -> MatrixMarket.readSparse(huge)))
                .isLessThan(64L << 20);

        Path dense = Files.writeString(
                dir.resolve("dense.mtx"), "%%MatrixMarket matrix array real general\n10000 10000\n1\n");
        assertThatThrownBy(() -> MatrixMarket.readDense(dense))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(dense + ":2: the size line declares 100000000 entries, but the 2 bytes after it can hold at"
                        + " most 1");
        assertThat(HostileInput.allocatedBy(() -> MatrixMarket.readDense(dense)))
                .isLessThan(64L << 20);

        // a few bytes of coordinate file asking for a dense 8192 x 8193 (fuzzer finding)
        Path wide = Files.writeString(
                dir.resolve("wide.mtx"), "%%MatrixMarket matrix coordinate real general\n8192 8193 1\n1 1 1\n");
        assertThatThrownBy(() -> MatrixMarket.readDense(wide))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining(wide + ":2: a 8192 x 8193 coordinate matrix in ")
                .hasMessageContaining("entries are expanded to dense storage");
        assertThat(HostileInput.allocatedBy(() -> MatrixMarket.readDense(wide))).isLessThan(16L << 20);
        assertThat(MatrixMarket.readDense(Files.writeString(
                                dir.resolve("square.mtx"),
                                "%%MatrixMarket matrix coordinate real general\n2048 4096 1\n2048 4096 1.5\n"))
                        .get(2047, 4095))
                .isEqualTo(1.5); // 2^23 entries: expanded

        // a count of entries far beyond the file's lines does not size the entry arrays
        Path many = Files.writeString(
                dir.resolve("many.mtx"),
                "%%MatrixMarket matrix coordinate real general\n16000000 16 200000000\n1 1 1\n");
        assertThatThrownBy(() -> MatrixMarket.readSparse(many)).hasMessageContaining("the file ends after 1 entries");
        assertThat(HostileInput.allocatedBy(() -> MatrixMarket.readSparse(many)))
                .isLessThan(128L << 20);
    }

    @Test
    void messagesQuoteAShortPrintableExcerptAndNothingOfAFileTheUserDidNotName() throws IOException {
        String secret = "root:$6$SECRET" + "\u0000\u001b[31m".repeat(3) + "x".repeat(200_000) + "\n";
        Path shadow = Files.writeString(dir.resolve("shadow"), secret, StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> MatrixMarket.readSparse(shadow))
                .isInstanceOf(FileFormatException.class)
                .satisfies(e -> HostileInput.assertCleanMessage(e, shadow + ":1: not a Matrix Market file"))
                .hasMessageEndingWith("...'");
        assertThatThrownBy(() -> MatrixMarket.readSquare(shadow, false))
                .isInstanceOf(FileFormatException.class)
                .hasMessageEndingWith(", found other content at byte 0")
                .hasMessageNotContaining("root");
        Path entries = Files.writeString(
                dir.resolve("entries.mtx"), "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 SECRET\n");
        assertThatThrownBy(() -> MatrixMarket.readVector(entries, false)).hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> MatrixMarket.readSquare(entries, false))
                .hasMessage(entries + ":3: expected a number, found other content at byte 56");
    }
}

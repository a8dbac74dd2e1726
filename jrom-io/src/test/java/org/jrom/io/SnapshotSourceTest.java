package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jrom.algorithms.IncrementalPod;
import org.jrom.algorithms.Pod;
import org.jrom.io.SnapshotSource.Layout;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snapshot readers: every layout, memory order and dtype gives the same snapshots in the same
 * order, however they are read (one at a time, in chunks, across read-ahead and piece boundaries),
 * and every bad input is refused naming the file and the entry.
 */
class SnapshotSourceTest {
    @TempDir
    Path dir;

    /** Snapshot j, entry i: exactly representable in float32 too. */
    static double value(int i, int j) {
        return i - 0.25 * j + (i % 3 == 0 ? 0.5 : 0);
    }

    /** The n x m snapshot matrix: column j is snapshot j. */
    static DenseMatrix snapshots(int n, int m) {
        DenseMatrix a = DenseMatrix.zeros(n, m);
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                a.set(i, j, value(i, j));
            }
        }
        return a;
    }

    /** Reads everything, in chunks of the given sizes in turn (0 means one {@code next()}). */
    static List<double[]> readAll(SnapshotSource s, int... chunks) {
        List<double[]> out = new ArrayList<>();
        for (int t = 0; s.hasNext(); t++) {
            int k = chunks[t % chunks.length];
            if (k == 0) {
                out.add(s.next());
            } else {
                VectorArray v = s.next(k);
                for (int j = 0; j < v.count(); j++) {
                    out.add(v.vector(j));
                }
            }
        }
        return out;
    }

    static void assertSnapshots(List<double[]> read, DenseMatrix expected) {
        assertThat(read).hasSize(expected.cols());
        for (int j = 0; j < expected.cols(); j++) {
            assertThat(read.get(j)).as("snapshot %d", j).isEqualTo(expected.column(j));
        }
    }

    /**
     * Checks the files NumPy wrote in {@code d} (make_fixtures.py, section snapshots): the 7 x 5
     * {@link #snapshots} in C and Fortran order, as columns and transposed as rows, in every dtype
     * (int32 times 4), and in .npz archives, one matrix or one array per snapshot.
     */
    static void assertNumpysFilesGiveTheSnapshots(Path d) {
        int n = 7;
        int m = 5;
        DenseMatrix expected = snapshots(n, m);
        DenseMatrix times4 = expected.scale(4);
        for (String t : new String[] {"lef8", "bef8", "lef4", "bef4", "lei4"}) {
            DenseMatrix e = t.equals("lei4") ? times4 : expected;
            for (String order : new String[] {"c", "f"}) {
                try (SnapshotSource s = SnapshotSource.npy(d.resolve(order + "_" + t + ".npy"), Layout.COLUMNS)) {
                    assertThat(s.dim()).isEqualTo(n);
                    assertThat(s.count()).isEqualTo(m);
                    assertSnapshots(readAll(s, 0, 2), e);
                }
                try (SnapshotSource s = SnapshotSource.npy(d.resolve("t" + order + "_" + t + ".npy"), Layout.ROWS)) {
                    assertSnapshots(readAll(s, 3, 0), e);
                }
            }
        }
        try (SnapshotSource s = SnapshotSource.npz(d.resolve("stored.npz"), Layout.COLUMNS)) {
            assertSnapshots(readAll(s, 0), expected);
        }
        try (SnapshotSource s = SnapshotSource.npz(d.resolve("deflated.npz"), Layout.ROWS)) {
            assertSnapshots(readAll(s, 2, 0), expected);
        }
        try (SnapshotSource s = SnapshotSource.npz(d.resolve("each.npz"), Layout.COLUMNS)) {
            assertThat(s.describe(3)).endsWith("each.npz: entry 'snap_3.npy'");
            assertSnapshots(readAll(s, 0), expected);
        }
    }

    @Test
    void committedNumpyFilesOfEveryLayoutOrderAndDtypeGiveTheSameSnapshots() {
        assertNumpysFilesGiveTheSnapshots(NumpyFixtures.committed("snapshots"));
    }

    @Test
    @Tag("interop")
    void numpyWrittenFilesOfEveryLayoutOrderAndDtypeGiveTheSameSnapshots() {
        assertNumpysFilesGiveTheSnapshots(NumpyFixtures.written(dir, "snapshots"));
    }

    private Path npy(String name, DenseMatrix m, boolean fortran) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, Npy.encode(Npy.Array.of(m), fortran));
        return p;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsAcrossPieceAndBandBoundariesInAnyChunking(boolean fortran) throws Exception {
        // 1100 x 1000 doubles: 8.8 MB, more than one 8 MiB piece, and strided reads over bands of lines
        DenseMatrix a = snapshots(1100, 1000);
        Path p = npy("big.npy", a, fortran);
        try (SnapshotSource s = SnapshotSource.npy(p, Layout.COLUMNS)) {
            assertSnapshots(readAll(s, 0, 1, 7, 300, 0, 0, 1000), a);
            assertThat(s.hasNext()).isFalse();
            assertThat(s.next(5).count()).isZero();
            assertThatThrownBy(s::next)
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessageContaining("all 1000 snapshots have been read");
        }
        // one snapshot longer than a piece
        DenseMatrix tall = snapshots(1_100_000, 2);
        try (SnapshotSource s = SnapshotSource.npy(npy("tall.npy", tall, fortran), Layout.COLUMNS)) {
            assertSnapshots(readAll(s, 0), tall);
        }
    }

    @Test
    void archivesOfOneArrayPerSnapshotAreReadInNaturalOrder() throws Exception {
        Map<String, Npy.Array> arrays = new LinkedHashMap<>();
        DenseMatrix a = snapshots(4, 12);
        for (int j : new int[] {10, 2, 11, 0, 1, 3, 4, 5, 6, 7, 8, 9}) {
            arrays.put("snap_" + j, Npy.Array.vector(a.column(j)));
        }
        for (boolean compressed : new boolean[] {false, true}) {
            Path p = dir.resolve("s" + compressed + ".npz");
            Npz.write(p, arrays, compressed);
            try (SnapshotSource s = SnapshotSource.npz(p, Layout.COLUMNS)) {
                assertThat(s.count()).isEqualTo(12);
                assertSnapshots(readAll(s, 0, 5), a);
            }
        }
    }

    @Test
    void naturalOrderComparesDigitRunsAsNumbers() {
        List<String> names = new ArrayList<>(List.of("snap_10", "snap_2", "snap_1", "snap_02b", "a", "snap_2a", "s01"));
        names.add("s1");
        names.sort(NaturalOrder::compare);
        assertThat(names).containsExactly("a", "s01", "s1", "snap_1", "snap_2", "snap_2a", "snap_02b", "snap_10");
    }

    @Test
    void directoriesOfNpyCsvAndCustomFilesAreReadInNaturalOrder() throws Exception {
        DenseMatrix a = snapshots(5, 11);
        Path npyDir = Files.createDirectory(dir.resolve("npy"));
        Path csvDir = Files.createDirectory(dir.resolve("csv"));
        for (int j = 0; j < 11; j++) {
            Npy.write(npyDir.resolve("u_" + j + ".npy"), Npy.Array.vector(a.column(j)));
            StringBuilder sb = new StringBuilder();
            for (double v : a.column(j)) {
                sb.append(v).append(j % 2 == 0 ? "\n" : "\r\n");
            }
            Files.writeString(csvDir.resolve("u_" + j + ".csv"), sb + (j == 3 ? "\n\n" : ""));
        }
        Files.writeString(npyDir.resolve("notes.txt"), "not a snapshot");
        try (SnapshotSource s = SnapshotSource.directory(npyDir, "*.npy")) {
            assertThat(s.describe(10)).isEqualTo(npyDir.resolve("u_10.npy").toString());
            assertSnapshots(readAll(s, 0, 4), a);
        }
        try (SnapshotSource s = SnapshotSource.directory(csvDir, "u_*.csv")) {
            assertSnapshots(readAll(s, 3), a);
        }
        // a reader for another kind of file (in jrom-fem: VtuReader.readPointData)
        try (SnapshotSource s = SnapshotSource.directory(
                csvDir, "*.csv", f -> new double[] {f.toString().length()})) {
            assertThat(s.dim()).isEqualTo(1);
            assertThat(s.next())
                    .containsExactly(csvDir.resolve("u_0.csv").toString().length());
        }
    }

    @Test
    void csvMatricesAreReadByRowsOrByColumns() throws Exception {
        DenseMatrix a = snapshots(6, 4);
        StringBuilder rows = new StringBuilder();
        StringBuilder columns = new StringBuilder();
        for (int j = 0; j < 4; j++) {
            double[] c = a.column(j);
            rows.append(String.join(
                            ", ", Arrays.stream(c).mapToObj(Double::toString).toList()))
                    .append('\n');
        }
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 4; j++) {
                columns.append(j > 0 ? "," : "").append(a.get(i, j));
            }
            columns.append(i == 2 ? "\n\n" : "\n");
        }
        Path r = dir.resolve("rows.csv");
        Path c = dir.resolve("columns.csv");
        Files.writeString(r, rows);
        Files.writeString(c, columns);
        try (SnapshotSource s = SnapshotSource.csv(r, Layout.ROWS)) {
            assertThat(s.describe(2)).isEqualTo(r + ":3 (snapshot 2)");
            assertSnapshots(readAll(s, 0, 2), a);
        }
        try (SnapshotSource s = SnapshotSource.csv(c, Layout.COLUMNS)) {
            assertThat(s.dim()).isEqualTo(6);
            assertSnapshots(readAll(s, 0, 3), a);
        }
    }

    @Test
    void streamingThePodFromAFileGivesTheBatchPod() throws Exception {
        DenseMatrix a = DenseMatrix.zeros(200, 40);
        for (int j = 0; j < 40; j++) {
            for (int i = 0; i < 200; i++) {
                a.set(i, j, 1 / (1 + 10.0 * j / 39 * i / 199));
            }
        }
        IncrementalPod pod =
                IncrementalPod.builder(200).relativeTolerance(1e-8).chunkSize(6).build();
        try (SnapshotSource s = SnapshotSource.npy(npy("pod.npy", a, false), Layout.COLUMNS)) {
            while (s.hasNext()) {
                pod.add(s.next(6));
            }
        }
        IncrementalPod.Result r = pod.result();
        double[] batch = Pod.compute(VectorArray.fromMatrix(a), null, Pod.Options.modes(40))
                .singularValues();
        // W W^T = A A^T - (PSD of trace <= bound): each sigma_i falls, by at most the bound in its square
        double[] s = r.singularValues();
        double roundOff = 1e-13 * batch[0] * batch[0];
        for (int i = 0; i < r.modeCount(); i++) {
            assertThat(s[i] * s[i]).isLessThanOrEqualTo(batch[i] * batch[i] + roundOff);
            assertThat(batch[i] * batch[i] - s[i] * s[i]).isLessThanOrEqualTo(r.discardedEnergyBound() + roundOff);
        }
        assertThat(r.relativeErrorBound()).isLessThanOrEqualTo(1e-8);
    }

    // ---- refusals ----

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    @Test
    void truncatedAndMisshapenNpyFilesAreRefused() throws Exception {
        byte[] whole = Npy.encode(Npy.Array.of(snapshots(3, 2)), false);
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> SnapshotSource.npy(cut, Layout.COLUMNS))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(
                        cut + ": shape (3, 2) of dtype '<f8' needs 48 bytes of data, found 43 (the file is truncated)");
        Path header = dir.resolve("header.npy");
        Files.write(header, Arrays.copyOf(whole, 30));
        assertThatThrownBy(() -> SnapshotSource.npy(header, Layout.COLUMNS))
                .hasMessageStartingWith(header + ": truncated .npy header: the header length field says 118 bytes");
        Path vector = dir.resolve("vector.npy");
        Npy.write(vector, Npy.Array.vector(new double[] {1, 2}));
        assertThatThrownBy(() -> SnapshotSource.npy(vector, Layout.ROWS))
                .hasMessage(vector + ": expected a 2-D array of snapshots (m, n), found shape (2,); a 1-D array is one"
                        + " snapshot");
        assertThatThrownBy(() -> SnapshotSource.npy(dir.resolve("missing.npy"), Layout.ROWS))
                .isInstanceOf(FileAccessException.class)
                .hasMessageContaining("missing.npy");
    }

    @Test
    void nonFiniteValuesNameTheSnapshotAndTheEntry() throws Exception {
        DenseMatrix a = snapshots(4, 3);
        a.set(2, 1, Double.NaN);
        Path p = npy("nan.npy", a, false);
        try (SnapshotSource s = SnapshotSource.npy(p, Layout.COLUMNS)) {
            assertThatThrownBy(() -> readAll(s, 0))
                    .isInstanceOf(FileFormatException.class)
                    .hasMessage(p + ": column 1: entry 2 is NaN, expected a finite number");
        }
        DenseMatrix b = snapshots(4, 3).transpose();
        b.set(2, 1, Double.NEGATIVE_INFINITY);
        Path rows = npy("inf.npy", b, false);
        try (SnapshotSource s = SnapshotSource.npy(rows, Layout.ROWS)) {
            assertThatThrownBy(() -> readAll(s, 0))
                    .hasMessage(rows + ": row 2: entry 1 is -Infinity, expected a finite number");
        }
        Path d = Files.createDirectory(dir.resolve("d"));
        Npy.write(d.resolve("s1.npy"), Npy.Array.vector(new double[] {1, 2}));
        Npy.write(d.resolve("s2.npy"), Npy.Array.vector(new double[] {1, Double.POSITIVE_INFINITY}));
        try (SnapshotSource s = SnapshotSource.directory(d, "*.npy")) {
            s.next();
            assertThatThrownBy(s::next)
                    .hasMessage(d.resolve("s2.npy") + ": entry 1 is Infinity, expected a finite number");
        }
        Path csv = file("nan.csv", "1,2\n3,nan\n");
        try (SnapshotSource s = SnapshotSource.csv(csv, Layout.ROWS)) {
            assertThatThrownBy(() -> readAll(s, 0)).hasMessage(csv + ":2: column 2: nan, expected a finite number");
        }
        Path csvNaN = file("NaN.csv", "1,2\n3,NaN\n");
        try (SnapshotSource s = SnapshotSource.csv(csvNaN, Layout.COLUMNS)) {
            assertThatThrownBy(() -> readAll(s, 0)).hasMessage(csvNaN + ":2: column 2: NaN, expected a finite number");
        }
    }

    @Test
    void snapshotsOfDifferingLengthsAreRefusedNamingBoth() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        Npy.write(d.resolve("snap_2.npy"), Npy.Array.vector(new double[] {1, 2, 3}));
        Npy.write(d.resolve("snap_10.npy"), Npy.Array.vector(new double[] {1, 2}));
        try (SnapshotSource s = SnapshotSource.directory(d, "*.npy")) {
            assertThat(s.dim()).isEqualTo(3);
            s.next();
            assertThatThrownBy(s::next)
                    .isInstanceOf(FileFormatException.class)
                    .hasMessage(d.resolve("snap_10.npy") + ": expected a snapshot of 3 values (as "
                            + d.resolve("snap_2.npy") + "), found 2");
        }
        Map<String, Npy.Array> arrays = new LinkedHashMap<>();
        arrays.put("a", Npy.Array.vector(new double[] {1, 2}));
        arrays.put("b", Npy.Array.vector(new double[] {1, 2, 3}));
        Path z = dir.resolve("z.npz");
        Npz.write(z, arrays, true);
        try (SnapshotSource s = SnapshotSource.npz(z, Layout.COLUMNS)) {
            assertThatThrownBy(() -> s.next(2))
                    .hasMessage(z + ": entry 'b.npy': expected a snapshot of 2 values (as " + z + ": entry 'a.npy'),"
                            + " found 3");
        }
        Path csv = file("ragged.csv", "1,2,3\n4,5\n");
        assertThatThrownBy(() -> SnapshotSource.csv(csv, Layout.ROWS))
                .hasMessage(csv + ":2: expected 3 values (as many as line 1), found 2");
        Path column = file("c.csv", "1\n2,3\n");
        Path cd = Files.createDirectory(dir.resolve("cd"));
        Files.copy(column, cd.resolve("c.csv"));
        assertThatThrownBy(() -> SnapshotSource.directory(cd, "*.csv"))
                .hasMessage(cd.resolve("c.csv") + ":2: expected 1 value (one snapshot value per line), found 2");
    }

    @Test
    void archivesAndDirectoriesWithoutUsableSnapshotsAreRefused() throws Exception {
        Map<String, Npy.Array> mixed = new LinkedHashMap<>();
        mixed.put("a", Npy.Array.of(snapshots(2, 2)));
        mixed.put("b", Npy.Array.vector(new double[] {1, 2}));
        Path z = dir.resolve("mixed.npz");
        Npz.write(z, mixed, false);
        assertThatThrownBy(() -> SnapshotSource.npz(z, Layout.COLUMNS))
                .hasMessage(z + ": entry 'a.npy': a 2-D array of snapshots must be the only .npy entry, found 2"
                        + " entries; put one 1-D array per snapshot or one 2-D array");
        Path empty = dir.resolve("empty.npz");
        Npz.write(empty, Map.of(), false);
        assertThatThrownBy(() -> SnapshotSource.npz(empty, Layout.COLUMNS))
                .hasMessage(empty + ": expected .npy entries (snapshots), found none");
        Path notZip = file("not.npz", "hello");
        assertThatThrownBy(() -> SnapshotSource.npz(notZip, Layout.COLUMNS))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("not a readable ZIP archive");
        Path d = Files.createDirectory(dir.resolve("d"));
        assertThatThrownBy(() -> SnapshotSource.directory(d, "*.npy"))
                .hasMessage(d + ": no snapshot files match '*.npy'");
        Files.writeString(d.resolve("a.vtu"), "<VTKFile/>");
        assertThatThrownBy(() -> SnapshotSource.directory(d, "*"))
                .hasMessageStartingWith(d.resolve("a.vtu") + ": no built-in reader for this file");
        Npy.write(d.resolve("m.npy"), Npy.Array.of(snapshots(2, 2)));
        assertThatThrownBy(() -> SnapshotSource.directory(d, "*.npy"))
                .hasMessage(d.resolve("m.npy") + ": expected a 1-D array (one snapshot), found shape (2, 2)");
        Path emptyCsv = file("empty.csv", "\n\n");
        assertThatThrownBy(() -> SnapshotSource.csv(emptyCsv, Layout.ROWS))
                .hasMessage(emptyCsv + ": no values: expected a CSV matrix of snapshots");
        Path header = file("header.csv", "u0,u1\n1,2\n");
        try (SnapshotSource s = SnapshotSource.csv(header, Layout.ROWS)) {
            assertThatThrownBy(s::next).hasMessage(header + ":1: column 1: 'u0' is not a number");
        }
    }
}

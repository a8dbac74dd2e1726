package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jrom.linalg.DenseMatrix;
import org.jrom.testing.HostileInput;
import org.jrom.testing.Python;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npz archive: exact, deterministic round trips, stored or deflated, interchangeable with NumPy. */
class NpzTest {
    @TempDir
    Path dir;

    @Test
    void anEntryThatExpandsPastTheInflationRuleIsRefusedBeforeItIsInflated() throws IOException {
        // 96 MiB of zeros deflate to about 100 KB: past 64 MiB and 600 times the compressed size
        Path bomb = dir.resolve("bomb.npz");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("u.npy"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 96; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(200_000);
        assertThatThrownBy(() -> Npz.read(bomb))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("entry 'u.npy'")
                .hasMessageContaining("to 100663296 bytes; accepted are 64 MiB, or 600 times");
        assertThat(HostileInput.allocatedBy(() -> Npz.read(bomb))).isLessThan(16L << 20);
    }

    static Map<String, Npy.Array> arrays(long seed) {
        Random rnd = new Random(seed);
        Map<String, Npy.Array> m = new LinkedHashMap<>();
        for (int k = 0; k < 5; k++) {
            m.put("a" + k, NpyTest.randomArray(rnd));
        }
        m.put("matrix", Npy.Array.of(DenseMatrix.ofRows(new double[] {1, 2, 3}, new double[] {4, 5, 6})));
        return m;
    }

    @Test
    void roundTripIsExactAndDeterministicStoredOrDeflated() throws Exception {
        Map<String, Npy.Array> a = arrays(1);
        for (boolean compressed : new boolean[] {false, true}) {
            Path f1 = dir.resolve("one-" + compressed + ".npz");
            Path f2 = dir.resolve("two-" + compressed + ".npz");
            Npz.write(f1, a, compressed);
            Npz.write(f2, arrays(1), compressed);
            Map<String, Npy.Array> back = Npz.read(f1);
            assertThat(back.keySet()).containsExactlyElementsOf(a.keySet());
            a.forEach((k, v) -> assertThat(back.get(k)).as(k).isEqualTo(v));
            assertThat(Files.readAllBytes(f2)).isEqualTo(Files.readAllBytes(f1));
        }
    }

    @Test
    void nonArrayEntriesAreSkippedAndArchiveFaultsNamed() throws Exception {
        Path f = dir.resolve("mixed.npz");
        try (OutputStream out = Files.newOutputStream(f)) {
            Npz.writeEntries(
                    out,
                    List.of(
                            new Npz.Entry("notes.txt", new byte[] {'h', 'i'}),
                            new Npz.Entry("x.npy", Npy.encode(Npy.Array.vector(new double[] {1, 2}), false)),
                            new Npz.Entry("bad.npy", new byte[] {1, 2, 3})),
                    false);
        }
        assertThatThrownBy(() -> Npz.read(f))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(f + ": entry 'bad.npy': not a .npy array");
        assertThatThrownBy(() -> Npz.writeEntries(
                        OutputStream.nullOutputStream(),
                        List.of(new Npz.Entry("a", new byte[0]), new Npz.Entry("a", new byte[0])),
                        false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 'a' given twice");
    }

    /** The arrays make_fixtures.py saves as {@code save_stored.npz} and {@code save_deflated.npz}. */
    static Map<String, Npy.Array> saved() {
        Map<String, Npy.Array> a = new LinkedHashMap<>();
        a.put("m", Npy.Array.of(DenseMatrix.ofRows(new double[] {1, 2, 3}, new double[] {4, 5, 6})));
        a.put("v", Npy.Array.vector(new double[] {0.1, -0.0, 1e300}));
        return a;
    }

    /** Checks the archives NumPy wrote in {@code d} against the values the script gives them. */
    static void assertReadsWhatNumpyWrites(Path d) {
        for (String name : new String[] {"np_stored", "np_deflated"}) {
            Map<String, Npy.Array> z = Npz.read(d.resolve(name + ".npz"));
            assertThat(z.keySet()).containsExactly("m", "v");
            assertThat(z.get("m").matrix().data()).as(name).containsExactly(1, 3, 2, 4.5);
            assertThat(z.get("v").matrix().data()).as(name).containsExactly(0, 1, 2, 3, 4);
        }
    }

    /**
     * jrom's archives hold what {@code numpy.savez} and {@code savez_compressed} write for the same
     * arrays: the same entry names in the same order, stored or deflated alike, and byte-identical
     * entries. The ZIP metadata differs (NumPy adds ZIP64 fields), so it is not compared; the JDK's
     * own ZIP reader reads both.
     */
    void assertWritesWhatNumpySaves(Path d) throws IOException {
        for (boolean compressed : new boolean[] {false, true}) {
            String name = compressed ? "save_deflated.npz" : "save_stored.npz";
            int method = compressed ? ZipEntry.DEFLATED : ZipEntry.STORED;
            Path ours = dir.resolve("ours-" + name);
            Npz.write(ours, saved(), compressed);
            Map<String, byte[]> expected = members(d.resolve(name), method);
            Map<String, byte[]> actual = members(ours, method);
            assertThat(expected.keySet()).containsExactly("m.npy", "v.npy");
            assertThat(actual.keySet()).as(name).containsExactlyElementsOf(expected.keySet());
            expected.forEach(
                    (k, v) -> assertThat(actual.get(k)).as(name + ": " + k).isEqualTo(v));
        }
    }

    /** The members of a ZIP file as the JDK reads them, in order, each checked to use {@code method}. */
    static Map<String, byte[]> members(Path file, int method) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                assertThat(e.getMethod()).as(file + ": " + e.getName()).isEqualTo(method);
                try (InputStream in = zip.getInputStream(e)) {
                    m.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return m;
    }

    @Test
    void readsTheArchivesNumpyWrote() {
        assertReadsWhatNumpyWrites(NumpyFixtures.committed("npz"));
    }

    @Test
    void writesTheEntriesNumpySaves() throws IOException {
        assertWritesWhatNumpySaves(NumpyFixtures.committed("npz"));
    }

    @Test
    @Tag("interop")
    void numpyReadsOurArchivesAndWeReadNumpys() throws IOException {
        Map<String, Npy.Array> a = saved();
        Npz.write(dir.resolve("stored.npz"), a, false);
        Npz.write(dir.resolve("deflated.npz"), a, true);
        String script = String.join(
                "\n",
                "import sys, json, numpy as np",
                "d = sys.argv[1]",
                "out = {}",
                "for name in ['stored', 'deflated']:",
                "    z = np.load(d + '/' + name + '.npz')",
                "    out[name] = {k: {'shape': list(z[k].shape), 'values': [repr(float(x)) for x in z[k].ravel()]} for k in z.files}",
                "print(json.dumps(out))");
        JsonNode r = new ObjectMapper().readTree(Python.run(script, dir.toString()));
        for (String name : new String[] {"stored", "deflated"}) {
            JsonNode z = r.get(name);
            assertThat(z.get("m").get("shape").toString()).isEqualTo("[2,3]");
            assertThat(z.get("v").get("shape").toString()).isEqualTo("[3]");
            assertThat(Stream.of(0, 1, 2, 3, 4, 5)
                            .map(k -> Double.parseDouble(
                                    z.get("m").get("values").get(k).asText()))
                            .toList())
                    .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
            assertThat(z.get("v").get("values").toString()).isEqualTo("[\"0.1\",\"-0.0\",\"1e+300\"]");
        }
        Path written = NumpyFixtures.written(dir, "npz");
        assertReadsWhatNumpyWrites(written);
        assertWritesWhatNumpySaves(written);
    }
}

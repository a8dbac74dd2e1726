package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.parameters.Parameter;
import org.jrom.reductors.ResidualNormEvaluation;
import org.jrom.testing.RodModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a model file can be wrong is refused with a message that names the file and the entry
 * or manifest field: unknown major versions, missing arrays, shape mismatches, bad checksums,
 * malformed JSON, non-finite values; and random damage never goes unnoticed.
 */
class ModelFileRejectionTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static ReducedModel rom;
    static Path valid;

    @BeforeAll
    static void writeValidFile() {
        rom = RodModel.reduced(new RodModel.Variant(ResidualNormEvaluation.ORTHONORMAL, true, true, false));
        valid = dir.resolve("valid.jrom");
        ModelFile.write(rom, valid, Provenance.current().withTrainingSet(6, 42));
    }

    /**
     * A copy of the valid file with its manifest and entries edited; when {@code fixChecksums}, the
     * manifest's SHA-256 of every changed array is updated, so that only the intended fault remains.
     */
    static Path variant(
            String name, Consumer<ObjectNode> manifest, Consumer<Map<String, byte[]>> edit, boolean fixChecksums)
            throws Exception {
        return variant(valid, name, manifest, edit, fixChecksums);
    }

    static Path variant(
            Path source,
            String name,
            Consumer<ObjectNode> manifest,
            Consumer<Map<String, byte[]>> edit,
            boolean fixChecksums)
            throws Exception {
        return variant(source, dir.resolve(name + ".jrom"), manifest, edit, fixChecksums);
    }

    /** {@link #variant(String, Consumer, Consumer, boolean)} of any model file, written to {@code file}. */
    static Path variant(
            Path source,
            Path file,
            Consumer<ObjectNode> manifest,
            Consumer<Map<String, byte[]>> edit,
            boolean fixChecksums)
            throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Npz.Entry e : Npz.readEntries(source)) {
            entries.put(e.name(), e.bytes());
        }
        ObjectNode m = (ObjectNode) JSON.readTree(entries.get("manifest.json"));
        manifest.accept(m);
        entries.put("manifest.json", JSON.writeValueAsBytes(m));
        edit.accept(entries);
        if (fixChecksums) {
            ObjectNode arrays = (ObjectNode) m.get("arrays");
            for (var e : entries.entrySet()) {
                String key = e.getKey().replace(".npy", "");
                if (arrays.has(key)) {
                    ((ObjectNode) arrays.get(key)).put("sha256", ModelFile.sha256(e.getValue()));
                }
            }
            if (entries.containsKey("manifest.json")) {
                entries.put("manifest.json", JSON.writeValueAsBytes(m));
            }
        }
        List<Npz.Entry> list = new ArrayList<>();
        entries.forEach((k, v) -> list.add(new Npz.Entry(k, v)));
        try (OutputStream out = Files.newOutputStream(file)) {
            Npz.writeEntries(out, list, false);
        }
        return file;
    }

    static Path manifestVariant(String name, Consumer<ObjectNode> manifest) throws Exception {
        return variant(name, manifest, e -> {}, false);
    }

    static void assertRejected(Path file, String... fragments) {
        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(fragments[0], (Object[]) new String[0])
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }

    @Test
    void theValidFileReads() {
        Parameter mu = RodModel.parameters(1, 3).get(0);
        assertThat(ModelFile.read(valid).solve(mu).coefficients())
                .isEqualTo(rom.solve(mu).coefficients());
    }

    @Test
    void unknownMajorVersionIsRefusedUnknownMinorAccepted() throws Exception {
        Path major = manifestVariant("major", m -> m.put("format", "jrom-model/3.0"));
        assertThatThrownBy(() -> ModelFile.read(major))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessage(major + ": entry 'manifest.json': format jrom-model/3.0 is not supported: this jrom reads "
                        + "jrom-model/1.x to 2.x; use a jrom that reads jrom-model/3.0");
        Path ancient = manifestVariant("ancient", m -> m.put("format", "jrom-model/0.9"));
        assertThatThrownBy(() -> ModelFile.read(ancient)).isInstanceOf(UnsupportedVersionException.class);
        assertRejected(
                manifestVariant("alien", m -> m.put("format", "something/1.0")),
                "entry 'manifest.json': field 'format': not a jrom model: expected 'jrom-model/MAJOR.MINOR', found 'something/1.0'");
        // a newer minor version may add fields and entries; this reader ignores them
        Path minor = variant(
                "minor",
                m -> m.put("format", "jrom-model/2.7").put("future_field", 3),
                e -> e.put("extra.bin", new byte[] {1, 2, 3}),
                false);
        ModelFile.Contents c = ModelFile.load(minor);
        assertThat(c.format()).isEqualTo("jrom-model/2.7");
        Parameter mu = RodModel.parameters(1, 5).get(0);
        assertThat(c.model().solve(mu).errorBound()).isEqualTo(rom.solve(mu).errorBound());
    }

    /**
     * Format 1.x stored the triangular R of the orthonormalized representers as {@code r}; any R with
     * the same {@code R^T R} gives the same norms, and the stored {@code W = U^T R} is one. A 1.x file
     * carrying it as {@code r} is read (compressed on load) and answers as the 2.x file.
     */
    @Test
    void formatOneOrthonormalArraysAreRead() throws Exception {
        Path old = manifestVariant("format-1", m -> {
            m.put("format", "jrom-model/1.2");
            ObjectNode arrays = (ObjectNode) m.get("residual").get("arrays");
            arrays.removeAll();
            arrays.put("r", "residual_w");
        });
        ReducedModel read = ModelFile.read(old);
        for (Parameter mu : RodModel.parameters(5, 7)) {
            ReducedSolution a = read.solve(mu);
            ReducedSolution b = rom.solve(mu);
            assertThat(a.coefficients()).isEqualTo(b.coefficients());
            assertThat(a.residualNorm()).isCloseTo(b.residualNorm(), within(1e-13 * b.residualNorm() + 1e-15));
        }
    }

    @Test
    void missingArraysAreNamed() throws Exception {
        assertRejected(
                variant("missing-entry", m -> {}, e -> e.remove("operator_1.npy"), false),
                "array 'operator_1' listed in the manifest is missing: no entry 'operator_1.npy' in the archive");
        assertRejected(
                manifestVariant("unlisted", m -> ((ObjectNode) m.get("arrays")).remove("rhs_1")),
                "entry 'manifest.json': field 'rhs[1].array': array 'rhs_1' is not listed in 'arrays'");
        assertRejected(
                manifestVariant("unlisted-kind", m -> ((ObjectNode) m.get("arrays")).remove("residual_w")),
                "field 'residual.arrays.w': array 'residual_w' is not listed in 'arrays'");
        assertRejected(
                manifestVariant(
                        "kind-array-absent",
                        m -> ((ObjectNode) m.get("coercivity").get("arrays")).remove("reference_alpha")),
                "cannot rebuild coercivity: coercivity bound 'min-theta' needs the array 'reference_alpha'");
        assertRejected(
                variant("no-manifest", m -> {}, e -> e.remove("manifest.json"), false),
                "not a jrom model: no manifest.json entry");
    }

    static DenseMatrix random(int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        DenseMatrix m = DenseMatrix.zeros(rows, cols);
        for (int i = 0; i < m.data().length; i++) {
            m.data()[i] = rnd.nextGaussian();
        }
        return m;
    }

    @Test
    void shapeMismatchesAreNamed() throws Exception {
        // an operator term of shape (6, 5), with manifest shape and checksum made to agree
        Path wrongTerm = variant(
                "operator-not-square",
                m -> m.withObjectProperty("arrays")
                        .withObjectProperty("operator_2")
                        .putArray("shape")
                        .add(6)
                        .add(5),
                e -> e.put("operator_2.npy", Npy.encode(Npy.Array.of(random(6, 5, 1)), false)),
                true);
        assertRejected(
                wrongTerm,
                "entry 'operator_2.npy'",
                "shape mismatch: operator[2] must have shape (6, 6), found (6, 5)");
        // the manifest and the .npy disagree
        assertRejected(
                manifestVariant("manifest-shape", m -> m.withObjectProperty("arrays")
                        .withObjectProperty("rhs_0")
                        .putArray("shape")
                        .add(7)),
                "entry 'rhs_0.npy'",
                "shape mismatch: the manifest says [7], the array has shape (6,)");
        // a right-hand side stored 2-D
        assertRejected(
                variant(
                        "rhs-2d",
                        m -> m.withObjectProperty("arrays")
                                .withObjectProperty("rhs_0")
                                .putArray("shape")
                                .add(6)
                                .add(1),
                        e -> e.put("rhs_0.npy", Npy.encode(Npy.Array.of(random(6, 1, 2)), false)),
                        true),
                "shape mismatch: rhs[0] must have shape (6,), found (6, 1)");
        // a basis of the wrong full dimension
        assertRejected(
                manifestVariant(
                        "full-dim", m -> m.withObjectProperty("dimensions").put("full", 30)),
                "entry 'basis.npy'",
                "shape mismatch: basis must have shape (30, 6), found (31, 6)");
        // residual arrays for another number of terms
        assertRejected(
                manifestVariant("terms", m -> m.withObjectProperty("dimensions").put("residual_terms", 21)),
                "field 'dimensions.residual_terms': expected rhs_terms + operator_terms * reduced = 20, found 21");
        assertRejected(
                manifestVariant("reduced", m -> m.withObjectProperty("dimensions")
                        .put("reduced", 5)
                        .put("residual_terms", 17)),
                "shape mismatch: operator[0] must have shape (5, 5), found (6, 6)");
        assertRejected(
                manifestVariant("term-count", m -> ((ArrayNode) m.get("operator")).remove(2)),
                "field 'operator': expected 3 items, found 2");
    }

    @Test
    void badChecksumsNameTheEntry() throws Exception {
        Path file = variant(
                "checksum",
                m -> {},
                e -> e.put("rhs_1.npy", Npy.encode(Npy.Array.vector(new double[] {1, 2, 3, 4, 5, 6}), false)),
                false);
        assertRejected(file, "entry 'rhs_1.npy'", "SHA-256 mismatch: the manifest says ", "; the file is damaged");
        assertRejected(
                manifestVariant("checksum-text", m -> m.withObjectProperty("arrays")
                        .withObjectProperty("basis")
                        .put("sha256", "00")),
                "entry 'basis.npy': SHA-256 mismatch: the manifest says 00, the data gives ");
    }

    /**
     * Reading for queries leaves out what no answer reads, the basis and the attachments: a basis or
     * an attachment whose digest no longer matches is refused by load but not by loadForQueries,
     * which answers bit for bit the same without them; an array the answers read is checked by both.
     */
    @Test
    void readingForQueriesChecksWhatTheAnswersRead() throws Exception {
        Path withMesh = dir.resolve("with-mesh.jrom");
        ModelFile.write(
                rom,
                withMesh,
                Provenance.current(),
                Map.of("mesh_coordinates", DenseMatrix.ofRows(new double[] {0, 1}, new double[] {2, 3})));
        Path basis = edited(withMesh, "tampered-basis", "basis.npy");
        Path mesh = edited(withMesh, "tampered-mesh", "attachment_mesh_coordinates.npy");
        Parameter mu = RodModel.parameters(1, 3).get(0);
        for (Path file : List.of(basis, mesh)) {
            assertThatThrownBy(() -> ModelFile.load(file))
                    .isInstanceOf(FileFormatException.class)
                    .hasMessageContaining("SHA-256 mismatch");
            ModelFile.Contents c = ModelFile.loadForQueries(file);
            assertThat(c.model().basis()).isEmpty();
            assertThat(c.attachments()).isEmpty();
            assertThat(c.model().solve(mu).coefficients())
                    .isEqualTo(rom.solve(mu).coefficients());
        }
        ModelFile.Contents whole = ModelFile.load(withMesh);
        assertThat(whole.model().basis()).isPresent();
        assertThat(whole.attachments()).containsOnlyKeys("mesh_coordinates");
        Path rhs = edited(withMesh, "tampered-rhs", "rhs_1.npy");
        assertThatThrownBy(() -> ModelFile.loadForQueries(rhs))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("entry 'rhs_1.npy': SHA-256 mismatch");
    }

    /** A copy of a model file with the first value of one array changed, its manifest left as it was. */
    private static Path edited(Path source, String name, String entry) throws Exception {
        return variant(
                source,
                name,
                m -> {},
                e -> {
                    Npy.Array a = Npy.decode(e.get(entry), entry);
                    DenseMatrix m = a.matrix().copy();
                    m.data()[0] += 1;
                    e.put(entry, Npy.encode(a.isVector() ? Npy.Array.vector(m.data()) : Npy.Array.of(m), false));
                },
                false);
    }

    @Test
    void malformedJsonIsRefusedWithItsPosition() throws Exception {
        Path broken = variant(
                "json",
                m -> {},
                e -> e.put(
                        "manifest.json",
                        "{\n  \"format\": \"jrom-model/1.0\",\n  \"parameters\": [\n}"
                                .getBytes(StandardCharsets.UTF_8)),
                false);
        assertRejected(broken, "entry 'manifest.json': malformed JSON at line 4, column 1");
        assertRejected(
                variant(
                        "json-dup",
                        m -> {},
                        e -> e.put("manifest.json", "{\"format\": 1, \"format\": 2}".getBytes(StandardCharsets.UTF_8)),
                        false),
                "malformed JSON",
                "Duplicate field 'format'");
        assertRejected(
                variant(
                        "json-trailing",
                        m -> {},
                        e -> e.put("manifest.json", "{} {}".getBytes(StandardCharsets.UTF_8)),
                        false),
                "malformed JSON");
        assertRejected(
                variant(
                        "json-nan",
                        m -> {},
                        e -> e.put("manifest.json", "{\"format\": NaN}".getBytes(StandardCharsets.UTF_8)),
                        false),
                "malformed JSON");
        assertRejected(
                variant(
                        "json-array",
                        m -> {},
                        e -> e.put("manifest.json", "[]".getBytes(StandardCharsets.UTF_8)),
                        false),
                "entry 'manifest.json': expected a JSON object");
    }

    @Test
    void manifestFieldsAreCheckedByName() throws Exception {
        assertRejected(manifestVariant("no-dims", m -> m.remove("dimensions")), "field 'dimensions': missing");
        assertRejected(
                manifestVariant(
                        "dims-type", m -> m.withObjectProperty("dimensions").put("reduced", "six")),
                "field 'dimensions.reduced': expected a non-negative integer, found \"six\"");
        assertRejected(
                manifestVariant("coef", m -> ((ObjectNode) m.get("operator").get(1)).put("coefficient", "k[0] * * 2")),
                "field 'operator[1].coefficient': expression 'k[0] * * 2': position 8: expected a number, a name or '('");
        assertRejected(
                manifestVariant("coef-name", m -> ((ObjectNode) m.get("rhs").get(1)).put("coefficient", "sin(q)")),
                "field 'rhs[1].coefficient'",
                "unknown parameter 'q'; known: {k[2], c}");
        assertRejected(
                manifestVariant(
                        "residual-kind", m -> m.withObjectProperty("residual").put("kind", "SPLINE")),
                "field 'residual.kind': unknown residual evaluation 'SPLINE'; known: [GRAM, ORTHONORMAL, COEFFICIENT_EIM, PRODUCT_EIM]");
        assertRejected(
                manifestVariant(
                        "residual-arrays", m -> m.withObjectProperty("residual").put("kind", "EIM")),
                // EIM, the name of COEFFICIENT_EIM before 2026-12-07, is read as that
                "residual evaluation COEFFICIENT_EIM needs the array 'eim_indices', found [sigma, w]");
        assertRejected(
                manifestVariant("coercivity-kind", m -> m.withObjectProperty("coercivity")
                        .put("kind", "ritz")),
                "cannot rebuild coercivity: unknown coercivity bound kind 'ritz'");
        assertRejected(
                manifestVariant("dual-norm", m -> ((ObjectNode) m.get("outputs").get(0)).put("dual_norm", -1.0)),
                "field 'outputs[0].dual_norm': expected a finite non-negative number, found -1.0");
        assertRejected(
                manifestVariant("compliant", m -> ((ObjectNode) m.get("outputs").get(0)).put("compliant", "yes")),
                "field 'outputs[0].compliant': expected true or false");
        assertRejected(
                manifestVariant(
                        "range", m -> ((ArrayNode) m.get("parameters").get(0).get("lower")).set(0, 20.0)),
                "cannot rebuild parameters: range of k[0] must be finite with lower <= upper, found [20.0, 10.0]");
        assertRejected(
                manifestVariant(
                        "lower-count",
                        m -> ((ArrayNode) m.get("parameters").get(0).get("lower")).remove(0)),
                "field 'parameters[0].lower': expected 2 items, found 1");
        assertRejected(
                manifestVariant("basis-flag", m -> m.withObjectProperty("basis").put("included", 1)),
                "field 'basis.included': expected true or false, found 1");
    }

    @Test
    void nonFiniteArraysAreRefused() throws Exception {
        DenseMatrix a = rom.operatorTerms().get(0).copy();
        a.set(2, 3, Double.NaN);
        assertRejected(
                variant("nan", m -> {}, e -> e.put("operator_0.npy", Npy.encode(Npy.Array.of(a), false)), true),
                "entry 'operator_0.npy': element (2, 3) is NaN; model arrays must be finite");
        double[] f = rom.rhsTerms().get(1).clone();
        f[4] = Double.NEGATIVE_INFINITY;
        assertRejected(
                variant("inf", m -> {}, e -> e.put("rhs_1.npy", Npy.encode(Npy.Array.vector(f), false)), true),
                "entry 'rhs_1.npy': element (4) is -Infinity");
    }

    @Test
    void filesThatAreNotArchivesOrAbsentAreRefused() throws Exception {
        Path text = dir.resolve("text.jrom");
        Files.writeString(text, "this is not a zip file");
        assertRejected(text, "not a model file: not a ZIP archive");
        Path empty = dir.resolve("empty.jrom");
        Files.write(empty, new byte[0]);
        assertRejected(empty, "is empty, not a model file");
        assertThatThrownBy(() -> ModelFile.read(dir.resolve("absent.jrom")))
                .isInstanceOf(FileAccessException.class)
                .hasMessageContaining("cannot read " + dir.resolve("absent.jrom"));
    }

    @Test
    void truncatedFilesSaySo() throws Exception {
        byte[] good = Files.readAllBytes(valid);
        Path cut = dir.resolve("truncated.jrom");
        for (int keep : new int[] {good.length - 10, good.length / 2, 4}) {
            Files.write(cut, java.util.Arrays.copyOf(good, keep));
            assertThatThrownBy(() -> ModelFile.read(cut))
                    .isInstanceOf(FileFormatException.class)
                    .hasMessage(cut + ": not a complete model file (truncated: no ZIP end record)");
        }
    }

    @Test
    void directoriesFifosAndUnreadableFilesAreRefusedBeforeOpening() throws Exception {
        assertRejected(dir, "is a directory, not a model file");
        Path fifo = dir.resolve("fifo.jrom");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        // opening a FIFO with no writer blocks forever: the reader must not open it
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(20), () -> assertRejected(fifo, "not a regular file"));
        Path locked = dir.resolve("locked.jrom");
        Files.copy(valid, locked);
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        // root reads a file whatever its permissions: there the denial cannot be provoked
        if (!Files.isReadable(locked)) {
            assertThatThrownBy(() -> ModelFile.read(locked))
                    .isInstanceOf(FileAccessException.class)
                    .hasMessageContaining("cannot read " + locked)
                    .hasMessageContaining("AccessDenied");
        }
    }

    @Test
    void controlCharactersFromTheFileAreNeverEchoed() throws Exception {
        Path nul = manifestVariant("nul", m -> m.put("format", "jrom\u0000model\u001b[31m/2.0"));
        assertThatThrownBy(() -> ModelFile.read(nul))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("found 'jrom\\u0000model\\u001b[31m/2.0'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000", "\u001b"));
    }

    // ---------------------------------------------------------------- size limits

    /**
     * A copy of the valid file, every entry deflated, with {@code zeros} zero bytes appended to one
     * entry (~1000:1 in the archive); when {@code lie}, the archive declares the entry's true size,
     * so that only inflating can find the bomb.
     */
    static Path bomb(String name, String entry, long zeros, boolean lie) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Npz.Entry e : Npz.readEntries(valid)) {
            entries.put(e.name(), e.bytes());
        }
        Path file = dir.resolve(name + ".jrom");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                zip.write(e.getValue());
                if (e.getKey().equals(entry)) {
                    byte[] chunk = new byte[1 << 20];
                    for (long k = 0; k < zeros; k += chunk.length) {
                        zip.write(chunk);
                    }
                }
                zip.closeEntry();
            }
        }
        if (lie) {
            declareSize(file, entry, entries.get(entry).length);
        }
        return file;
    }

    /** Sets an entry's uncompressed size in the central directory and its data descriptor. */
    private static void declareSize(Path file, String entry, int size) throws Exception {
        byte[] zip = Files.readAllBytes(file);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = b.getInt(zip.length - 22 + 16);
        while (b.getInt(at) == 0x02014b50) {
            int n = b.getShort(at + 28) & 0xFFFF;
            if (new String(zip, at + 46, n, StandardCharsets.UTF_8).equals(entry)) {
                b.putInt(at + 24, size);
                int local = b.getInt(at + 42);
                int data = local + 30 + (b.getShort(local + 26) & 0xFFFF) + (b.getShort(local + 28) & 0xFFFF);
                int descriptor = data + b.getInt(at + 20);
                assertThat(b.getInt(descriptor)).isEqualTo(0x08074b50);
                b.putInt(descriptor + 12, size);
            }
            at += 46 + n + (b.getShort(at + 30) & 0xFFFF) + (b.getShort(at + 32) & 0xFFFF);
        }
        Files.write(file, zip);
    }

    /**
     * A bombed entry is refused by the size its shape declares: by the archive's declared size
     * before inflating, and, when the archive lies, at the first byte past the limit. In a child
     * JVM of 64 MiB heap, so that inflating the 256 MiB would fail with an OutOfMemoryError.
     */
    @Test
    void bombsAreRefusedAtTheSizeTheManifestDeclares() throws Exception {
        long zeros = 256L << 20;
        Path honest = bomb("bomb-declared", "rhs_0.npy", zeros, false);
        assertThat(Files.size(honest)).isLessThan(1 << 20);
        assertRejected(
                honest,
                "entry 'rhs_0.npy': the archive says it is " + (176 + zeros)
                        + " bytes, more than the 176 bytes its shape (6,) declares");
        Path liar = bomb("bomb-lying", "rhs_0.npy", zeros, true);
        String message = liar + ": entry 'rhs_0.npy': inflates past the 176 bytes its shape (6,) declares";
        assertThatThrownBy(() -> ModelFile.loadForQueries(liar)).hasMessage(message);
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReadForQueries.class.getName(),
                        liar.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).isEqualTo(3);
        assertThat(out).isEqualTo(message + "\n");
    }

    /** A basis no query reads is not inflated by loadForQueries, bombed or not; load refuses it. */
    @Test
    void entriesQueriesDoNotReadAreNotInflated() throws Exception {
        Path basis = bomb("bomb-basis", "basis.npy", 256L << 20, true);
        Parameter mu = RodModel.parameters(1, 3).get(0);
        long start = System.nanoTime();
        assertThat(ModelFile.loadForQueries(basis).model().solve(mu).coefficients())
                .isEqualTo(rom.solve(mu).coefficients());
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L); // inflating 256 MiB takes longer
        assertRejected(basis, "entry 'basis.npy': inflates past the 1616 bytes its shape (31, 6) declares");
        Path extra = variant("extra-bomb", m -> {}, e -> {}, false);
        assertThat(ModelFile.loadForQueries(extra)).isNotNull();
    }

    /** Reads a model for queries in a child JVM: exit 3 and the message when refused. */
    static final class ReadForQueries {
        public static void main(String[] args) {
            try {
                ModelFile.loadForQueries(Path.of(args[0]));
            } catch (JromException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }

    // ---------------------------------------------------------------- what a certificate rests on

    private static byte[] column(double... values) {
        return Npy.encode(Npy.Array.of(DenseMatrix.wrap(values.length, 1, values)), false);
    }

    @Test
    void aNonPositiveCoercivityConstantIsRefused() throws Exception {
        assertRejected(
                variant("alpha", m -> {}, e -> e.put("coercivity_reference_alpha.npy", column(-1)), true),
                "entry 'coercivity_reference_alpha.npy': element (0, 0) is -1.0; the coercivity constant must be > 0");
    }

    @Test
    void nonPositiveReferenceCoefficientsAreRefused() throws Exception {
        double[] thetas =
                rom.coercivityBound().arrays().get("reference_thetas").data().clone();
        thetas[1] = 0;
        assertRejected(
                variant("thetas", m -> {}, e -> e.put("coercivity_reference_thetas.npy", column(thetas)), true),
                "entry 'coercivity_reference_thetas.npy': element (1, 0) is 0.0; the min-theta bound needs positive");
    }

    @Test
    void aNonPositiveConstantBoundIsRefused() throws Exception {
        ReducedModel constant =
                RodModel.reduced(new RodModel.Variant(ResidualNormEvaluation.GRAM, false, false, false));
        Path source = dir.resolve("constant.jrom");
        ModelFile.write(constant, source, Provenance.current());
        assertRejected(
                variant(source, "constant-zero", m -> {}, e -> e.put("coercivity_value.npy", column(0)), true),
                "entry 'coercivity_value.npy': element (0, 0) is 0.0; a coercivity bound must be > 0");
        DenseMatrix gram = constant.residualEvaluator().arrays().get("gram").copy();
        gram.set(3, 3, -1);
        assertRejected(
                variant(
                        source,
                        "gram-diagonal",
                        m -> {},
                        e -> e.put("residual_gram.npy", Npy.encode(Npy.Array.of(gram), false)),
                        true),
                "entry 'residual_gram.npy': element (3, 3) is -1.0; a Gram diagonal must be >= 0");
    }

    @Test
    void singularValuesMustBeNonNegativeAndNonIncreasing() throws Exception {
        double[] sigma = rom.residualEvaluator().arrays().get("sigma").data().clone();
        double[] negative = sigma.clone();
        negative[negative.length - 1] = -1e-3;
        assertRejected(
                variant("sigma-negative", m -> {}, e -> e.put("residual_sigma.npy", column(negative)), true),
                "entry 'residual_sigma.npy': element (" + (sigma.length - 1) + ", 0) is -0.001; singular values");
        double[] increasing = sigma.clone();
        increasing[1] = 2 * sigma[0];
        assertRejected(
                variant("sigma-increasing", m -> {}, e -> e.put("residual_sigma.npy", column(increasing)), true),
                "entry 'residual_sigma.npy': element (1, 0) is " + increasing[1],
                "singular values must be non-increasing");
    }

    @Test
    void scmArraysMustGiveAPositiveBoundOnANonEmptyBox() throws Exception {
        ReducedModel scm = RodModel.reduced(
                new RodModel.Variant(ResidualNormEvaluation.ORTHONORMAL, false, false, false), RodModel.scm());
        Path source = dir.resolve("scm.jrom");
        ModelFile.write(scm, source, Provenance.current());
        Map<String, DenseMatrix> arrays = scm.coercivityBound().arrays();
        double[] alpha = arrays.get("alpha").data().clone();
        alpha[0] = -alpha[0];
        assertRejected(
                variant(source, "scm-alpha", m -> {}, e -> e.put("coercivity_alpha.npy", column(alpha)), true),
                "entry 'coercivity_alpha.npy': element (0, 0) is " + alpha[0] + "; coercivity constants must be > 0");
        double[] lower = arrays.get("box_lower").data().clone();
        lower[1] = arrays.get("box_upper").get(1, 0) + 1;
        assertRejected(
                variant(source, "scm-box", m -> {}, e -> e.put("coercivity_box_lower.npy", column(lower)), true),
                "entry 'coercivity_box_lower.npy': element (1, 0) is " + lower[1] + ", above box_upper's");
        double[] shorter = java.util.Arrays.copyOf(arrays.get("box_upper").data(), lower.length - 1);
        assertRejected(
                variant(
                        source,
                        "scm-count",
                        m -> ((ArrayNode) m.get("arrays")
                                        .get("coercivity_box_upper")
                                        .get("shape"))
                                .set(0, shorter.length),
                        e -> e.put("coercivity_box_upper.npy", column(shorter)),
                        true),
                "cannot rebuild coercivity");
    }

    @Test
    void eimIndicesMustBeResidualTerms() throws Exception {
        ReducedModel eim =
                RodModel.reduced(new RodModel.Variant(ResidualNormEvaluation.COEFFICIENT_EIM, false, true, false));
        Path source = dir.resolve("eim.jrom");
        ModelFile.write(eim, source, Provenance.current());
        double[] indices =
                eim.residualEvaluator().arrays().get("eim_indices").data().clone();
        int terms = eim.residualEvaluator().termCount();
        indices[0] = terms;
        assertRejected(
                variant(source, "eim-index", m -> {}, e -> e.put("residual_eim_indices.npy", column(indices)), true),
                "entry 'residual_eim_indices.npy': element (0, 0) is " + (double) terms
                        + "; expected the index of one of the " + terms + " residual terms");
    }

    @Test
    void productEimEntriesMustBeProductsOfResidualTerms() throws Exception {
        ReducedModel eim =
                RodModel.reduced(new RodModel.Variant(ResidualNormEvaluation.PRODUCT_EIM, false, true, false));
        Path source = dir.resolve("product-eim.jrom");
        ModelFile.write(eim, source, Provenance.current());
        Map<String, DenseMatrix> arrays = eim.residualEvaluator().arrays();
        int terms = eim.residualEvaluator().termCount();
        long products = (long) terms * (terms + 1) / 2;
        double[] entries = arrays.get("product_eim_entries").data().clone();
        entries[0] = products;
        assertRejected(
                variant(
                        source,
                        "product-entry",
                        m -> {},
                        e -> e.put("residual_product_eim_entries.npy", column(entries)),
                        true),
                "entry 'residual_product_eim_entries.npy': element (0, 0) is " + (double) products
                        + "; expected the index of one of the " + products + " products of " + terms
                        + " residual terms");
        double[] squared = arrays.get("product_eim_squared_norms").data().clone();
        squared[0] = -1e-30;
        assertRejected(
                variant(
                        source,
                        "product-norm",
                        m -> {},
                        e -> e.put("residual_product_eim_squared_norms.npy", column(squared)),
                        true),
                "squared norms must be >= 0");
    }

    @Test
    void infiniteDualNormsAndParameterBoundsAreRefused() throws Exception {
        assertRejected(
                manifestVariant(
                        "dual-norm-inf", m -> ((ObjectNode) m.get("outputs").get(0))
                                .put("dual_norm", new java.math.BigDecimal("1e400"))),
                "field 'outputs[0].dual_norm': expected a finite non-negative number, found Infinity");
        assertRejected(
                manifestVariant("upper-inf", m -> ((ArrayNode)
                                m.get("parameters").get(0).get("upper"))
                        .set(0, new java.math.BigDecimal("1e400"))),
                "range of k[0] must be finite with lower <= upper");
    }

    static Stream<Integer> seeds() {
        return IntStream.range(0, 8).boxed();
    }

    /**
     * Random damage: one byte of a valid file changed at a random place. Every array entry is
     * covered by its SHA-256, every entry (manifest included) by its CRC-32, and the local headers
     * are compared with the central directory; so reading must fail with a JromException naming the
     * file. The only exceptions are the few header bytes that no ZIP reader interprets (version
     * needed/made by, flags, file attributes, disk numbers); damage there must leave the very same
     * model.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void randomDamageIsAlwaysNoticed(int seed) throws Exception {
        byte[] good = Files.readAllBytes(valid);
        boolean[] ignorable = uninterpretedZipFields(good);
        Random rnd = new Random(seed);
        Parameter mu = RodModel.parameters(1, 99).get(0);
        var expected = rom.solve(mu);
        Path file = dir.resolve("damaged-" + seed + ".jrom");
        int noticed = 0;
        int meaningful = 0; // damage outside the fields a ZIP reader does not interpret
        int trials = 60;
        for (int t = 0; t < trials; t++) {
            byte[] bad = good.clone();
            int pos = rnd.nextInt(bad.length);
            if (!ignorable[pos]) {
                meaningful++;
            }
            bad[pos] ^= (byte) (1 + rnd.nextInt(255));
            Files.write(file, bad);
            try {
                ReducedModel m = ModelFile.read(file);
                assertThat(ignorable[pos])
                        .as("damage at byte %d went unnoticed", pos)
                        .isTrue();
                ModelFileTest.assertIdentical(expected, m.solve(mu), "damage at byte " + pos);
            } catch (JromException e) {
                assertThat(e.getMessage()).startsWith(file.toString());
                noticed++;
            } catch (RuntimeException e) {
                fail("damage at byte " + pos + " escaped as " + e, e);
            }
        }
        assertThat(noticed).isGreaterThanOrEqualTo(meaningful);
        assertThat(meaningful).isGreaterThan(trials / 2); // the test did damage what matters
    }

    /**
     * Marks the ZIP header fields of a file that readers do not interpret: in each local header the
     * version needed and flags (offsets 4-7); in each central header version made by, version needed
     * and flags (4-9) and disk number, internal and external attributes (34-41); in the end record
     * the disk numbers and both entry counts (4-11), which the JDK recounts from the directory itself.
     */
    static boolean[] uninterpretedZipFields(byte[] zip) {
        boolean[] mark = new boolean[zip.length];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int eocd = zip.length - 22; // no archive comment
        assertThat(b.getInt(eocd)).isEqualTo(0x06054b50);
        java.util.Arrays.fill(mark, eocd + 4, eocd + 12, true);
        int entries = b.getShort(eocd + 10) & 0xFFFF;
        int at = b.getInt(eocd + 16);
        for (int k = 0; k < entries; k++) {
            assertThat(b.getInt(at)).isEqualTo(0x02014b50);
            java.util.Arrays.fill(mark, at + 4, at + 10, true);
            java.util.Arrays.fill(mark, at + 34, at + 42, true);
            int local = b.getInt(at + 42);
            java.util.Arrays.fill(mark, local + 4, local + 8, true);
            at += 46 + (b.getShort(at + 28) & 0xFFFF) + (b.getShort(at + 30) & 0xFFFF) + (b.getShort(at + 32) & 0xFFFF);
        }
        return mark;
    }
}

package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.parameters.Parameter;
import org.jrom.reductors.CoerciveRbReductor;
import org.jrom.testing.Python;
import org.jrom.testing.RodModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model file keeps a reduced model exactly: a model read back answers {@code solve(mu)} bit for
 * bit as the model written, the same model always gives the same bytes, and NumPy reads every
 * array.
 */
class ModelFileTest {
    @TempDir
    Path dir;

    static List<RodModel.Variant> variants() {
        return RodModel.variants();
    }

    /** Bit-for-bit equality of two reduced solutions (Double.equals: -0.0 != 0.0). */
    static void assertIdentical(ReducedSolution a, ReducedSolution b, String what) {
        assertThat(b.coefficients()).as(what + " coefficients").isEqualTo(a.coefficients());
        assertThat(Double.valueOf(b.residualNorm())).as(what + " residual norm").isEqualTo(a.residualNorm());
        assertThat(Double.valueOf(b.coercivityBound())).as(what + " alpha_LB").isEqualTo(a.coercivityBound());
        assertThat(Double.valueOf(b.errorBound())).as(what + " error bound").isEqualTo(a.errorBound());
        assertThat(b.outputs()).as(what + " outputs").isEqualTo(a.outputs());
        assertThat(b.outputBounds()).as(what + " output bounds").isEqualTo(a.outputBounds());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void aModelReadBackAnswersBitForBitAsTheModelWritten(RodModel.Variant variant) {
        ReducedModel rom = RodModel.reduced(variant);
        assertThat(rom.dim()).isEqualTo(6);
        Path file = dir.resolve("rod.jrom");
        ModelFile.write(rom, file, Provenance.current().withTrainingSet(6, 42));
        ModelFile.Contents read = ModelFile.load(file);
        ReducedModel back = read.model();

        assertThat(read.format()).isEqualTo(ModelFile.FORMAT);
        assertThat(read.provenance().trainingSetSize()).hasValue(6);
        assertThat(read.provenance().trainingSeed()).hasValue(42);
        assertThat(back.dim()).isEqualTo(rom.dim());
        assertThat(back.residualEvaluator().kind())
                .isEqualTo(variant.evaluation().name());
        assertThat(back.coercivityBound().kind())
                .isEqualTo(rom.coercivityBound().kind());
        assertThat(back.parameterSpace().lower()).isEqualTo(rom.parameterSpace().lower());
        assertThat(back.parameterSpace().upper()).isEqualTo(rom.parameterSpace().upper());
        assertThat(back.parameterSpace().type()).isEqualTo(rom.parameterSpace().type());
        for (int q = 0; q < rom.operatorTerms().size(); q++) {
            assertThat(back.operatorCoefficients().get(q).describe())
                    .isEqualTo(rom.operatorCoefficients().get(q).describe());
            assertThat(back.operatorTerms().get(q).data())
                    .isEqualTo(rom.operatorTerms().get(q).data());
        }
        assertThat(back.basis().isPresent()).isEqualTo(variant.carryBasis());
        boolean nonTrivial = false;
        for (Parameter mu : RodModel.parameters(25, 7)) {
            ReducedSolution a = rom.solve(mu);
            ReducedSolution b = back.solve(mu);
            assertIdentical(a, b, variant + " at " + mu);
            nonTrivial |= a.errorBound() > 0 && a.outputs().values().stream().allMatch(v -> v != 0);
            if (variant.carryBasis()) {
                assertThat(back.reconstruct(b.coefficients())).isEqualTo(rom.reconstruct(a.coefficients()));
            }
        }
        assertThat(nonTrivial)
                .as("the comparison sees non-zero bounds and outputs")
                .isTrue();
    }

    @Test
    void outputsDeclaredOutOfAlphabeticalOrderKeepThatOrderThroughTheFile() {
        // the model file once sorted its outputs by name: a model read back listed (and batch wrote
        // its columns) in a different order than the model that was written
        StationaryModel rod = RodModel.fom(false);
        List<String> declared = List.of("u_quarter", "mean", "a_load");
        StationaryModel fom = StationaryModel.builder(rod.parameterSpace(), rod.operator(), rod.rhs())
                .output("u_quarter", rod.outputs().get("u(1/4)"))
                .output("mean", rod.outputs().get("mean"))
                .output("a_load", rod.outputs().get("mean"))
                .build();
        LincombOperator a = (LincombOperator) fom.operator();
        CoerciveRbReductor reductor = CoerciveRbReductor.builder(fom)
                .product(a.assemble(RodModel.REFERENCE))
                .coercivityBound(MinThetaBound.of(a, RodModel.REFERENCE, 1.0))
                .build();
        VectorArray snapshots = VectorArray.empty(fom.dim());
        for (Parameter mu : RodModel.parameters(4, 3)) {
            snapshots.append(fom.solve(mu));
        }
        reductor.extendBasis(snapshots);
        ReducedModel rom = reductor.reduce();
        assertThat(rom.outputs().keySet()).containsExactlyElementsOf(declared);

        Path file = dir.resolve("ordered.jrom");
        ModelFile.write(rom, file, Provenance.current());
        ReducedModel back = ModelFile.read(file);
        assertThat(back.outputs().keySet()).containsExactlyElementsOf(declared);
        assertThat(back.outputNames()).containsExactlyElementsOf(declared);
        Parameter mu = RodModel.parameters(1, 9).get(0);
        assertThat(back.solve(mu).outputs().keySet()).containsExactlyElementsOf(declared);
        assertIdentical(rom.solve(mu), back.solve(mu), "at " + mu);
    }

    @Test
    void everyBasisSizeRoundTripsTheEmptyOneIncluded() {
        for (RodModel.Variant v : List.of(
                new RodModel.Variant(org.jrom.reductors.ResidualNormEvaluation.GRAM, true, true, true),
                new RodModel.Variant(org.jrom.reductors.ResidualNormEvaluation.ORTHONORMAL, true, false, false),
                new RodModel.Variant(org.jrom.reductors.ResidualNormEvaluation.COEFFICIENT_EIM, false, true, true),
                new RodModel.Variant(org.jrom.reductors.ResidualNormEvaluation.PRODUCT_EIM, true, true, true))) {
            var reductor = RodModel.reductor(v);
            for (int n = 0; n <= reductor.basisSize(); n++) {
                ReducedModel rom = reductor.reduce(n);
                Path file = dir.resolve("rod-" + n + ".jrom");
                ModelFile.write(rom, file, Provenance.current());
                ReducedModel back = ModelFile.read(file);
                assertThat(back.dim()).isEqualTo(n);
                for (Parameter mu : RodModel.parameters(3, 11)) {
                    assertIdentical(rom.solve(mu), back.solve(mu), v + ", N = " + n);
                }
            }
        }
    }

    @Test
    void theSameModelGivesTheSameBytesAndSoDoesAModelReadBack() throws Exception {
        RodModel.Variant v =
                new RodModel.Variant(org.jrom.reductors.ResidualNormEvaluation.ORTHONORMAL, true, true, false);
        Provenance prov = Provenance.current().withTrainingSet(6, 42).withTolerance("greedy", 1e-6);
        Path a = dir.resolve("a.jrom");
        Path b = dir.resolve("b.jrom");
        Path c = dir.resolve("c.jrom");
        ModelFile.write(RodModel.reduced(v), a, prov);
        ModelFile.write(RodModel.reduced(v), b, prov); // built again from scratch
        ModelFile.write(ModelFile.read(a), c, ModelFile.load(a).provenance());
        byte[] bytes = Files.readAllBytes(a);
        assertThat(Files.readAllBytes(b)).isEqualTo(bytes);
        assertThat(Files.readAllBytes(c)).isEqualTo(bytes);
        // nor does the time zone of the writer enter the file
        java.util.TimeZone zone = java.util.TimeZone.getDefault();
        Path e = dir.resolve("e.jrom");
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati")); // UTC+14
            ModelFile.write(RodModel.reduced(v), e, prov);
        } finally {
            java.util.TimeZone.setDefault(zone);
        }
        assertThat(Files.readAllBytes(e)).isEqualTo(bytes);
        // the build date is the one thing that makes files differ, and only when asked for
        Path d = dir.resolve("d.jrom");
        ModelFile.write(RodModel.reduced(v), d, prov.withBuildDate(Instant.parse("2026-11-23T10:15:30Z")));
        assertThat(Files.readAllBytes(d)).isNotEqualTo(bytes);
        assertThat(ModelFile.load(d).provenance().buildDate()).hasValue("2026-11-23T10:15:30Z");
    }

    @Test
    void manifestRecordsWhatTheDesignPromises() throws Exception {
        RodModel.Variant v = new RodModel.Variant(org.jrom.reductors.ResidualNormEvaluation.GRAM, true, true, false);
        ReducedModel rom = RodModel.reduced(v);
        Path file = dir.resolve("rod.jrom");
        ModelFile.write(rom, file, Provenance.current().withTrainingSet(6, 42).withNote("problem", "rod"));
        List<Npz.Entry> entries = Npz.readEntries(file);
        assertThat(entries.get(0).name()).isEqualTo("manifest.json");
        JsonNode m = new ObjectMapper().readTree(entries.get(0).bytes());
        assertThat(m.get("format").asText()).isEqualTo("jrom-model/2.1");
        assertThat(m.get("model").asText()).isEqualTo("reduced-basis");
        assertThat(m.get("parameters").toString())
                .isEqualTo("[{\"name\":\"k\",\"size\":2,\"lower\":[0.1,0.1],\"upper\":[10.0,10.0]},"
                        + "{\"name\":\"c\",\"size\":1,\"lower\":[0.5],\"upper\":[2.0]}]");
        assertThat(m.get("dimensions").toString())
                .isEqualTo("{\"reduced\":6,\"operator_terms\":3,\"rhs_terms\":2,\"residual_terms\":20,\"full\":31}");
        assertThat(m.get("operator").toString())
                .isEqualTo("[{\"coefficient\":\"k[0]\",\"array\":\"operator_0\"},"
                        + "{\"coefficient\":\"k[1]\",\"array\":\"operator_1\"},"
                        + "{\"coefficient\":\"c * exp(-k[0] / 10.0)\",\"array\":\"operator_2\"}]");
        assertThat(m.get("rhs").toString())
                .isEqualTo("[{\"coefficient\":\"1.0\",\"array\":\"rhs_0\"},"
                        + "{\"coefficient\":\"1.0 + 0.5 * sin(k[1])\",\"array\":\"rhs_1\"}]");
        assertThat(m.get("outputs").get(0).get("name").asText()).isEqualTo("mean");
        assertThat(m.get("outputs").get(1).get("name").asText()).isEqualTo("u(1/4)");
        assertThat(m.get("outputs").get(0).get("dual_norm").doubleValue())
                .isEqualTo(rom.outputs().get("mean").dualNorm());
        assertThat(m.get("residual").toString())
                .isEqualTo("{\"kind\":\"GRAM\",\"arrays\":{\"gram\":\"residual_gram\"}}");
        assertThat(m.get("coercivity").toString())
                .isEqualTo("{\"kind\":\"min-theta\",\"arrays\":{\"reference_alpha\":\"coercivity_reference_alpha\","
                        + "\"reference_thetas\":\"coercivity_reference_thetas\"}}");
        assertThat(m.get("basis").toString()).isEqualTo("{\"included\":true,\"array\":\"basis\"}");
        assertThat(m.get("provenance").get("training_set").toString()).isEqualTo("{\"size\":6,\"seed\":42}");
        assertThat(m.get("provenance").get("notes").get("problem").asText()).isEqualTo("rod");
        // every array entry is listed with its shape and the SHA-256 of its .npy bytes
        assertThat(entries).hasSize(1 + m.get("arrays").size());
        for (Npz.Entry e : entries.subList(1, entries.size())) {
            String name = e.name().substring(0, e.name().length() - 4);
            assertThat(m.get("arrays").get(name).get("sha256").asText())
                    .isEqualTo(ModelFile.sha256(e.bytes()))
                    .matches("[0-9a-f]{64}");
        }
        assertThat(m.get("arrays").get("basis").get("shape").toString()).isEqualTo("[31,6]");
        assertThat(m.get("arrays").get("residual_gram").get("shape").toString()).isEqualTo("[20,20]");
        // manifest text: LF line ends, two-space indent, final newline
        String text = new String(entries.get(0).bytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith("{\n  \"format\" : \"jrom-model/2.1\",\n  \"model\" : \"reduced-basis\",\n")
                .endsWith("}\n")
                .doesNotContain("\r");
    }

    /** The model the NumPy checks write: orthonormal residual evaluation, with outputs and basis. */
    static ReducedModel numpyCheckedModel() {
        return RodModel.reduced(
                new RodModel.Variant(org.jrom.reductors.ResidualNormEvaluation.ORTHONORMAL, true, true, false));
    }

    /** Every array the model file of {@code rom} holds, by name; vectors are n x 1. */
    static Map<String, DenseMatrix> expectedArrays(ReducedModel rom) {
        Map<String, DenseMatrix> expected = new LinkedHashMap<>();
        for (int q = 0; q < rom.operatorTerms().size(); q++) {
            expected.put("operator_" + q, rom.operatorTerms().get(q));
        }
        for (int p = 0; p < rom.rhsTerms().size(); p++) {
            double[] f = rom.rhsTerms().get(p);
            expected.put("rhs_" + p, DenseMatrix.wrap(f.length, 1, f));
        }
        expected.put(
                "output_0", DenseMatrix.wrap(6, 1, rom.outputs().get("mean").functional()));
        expected.put(
                "output_1", DenseMatrix.wrap(6, 1, rom.outputs().get("u(1/4)").functional()));
        expected.put("residual_w", rom.residualEvaluator().arrays().get("w"));
        expected.put("residual_sigma", rom.residualEvaluator().arrays().get("sigma"));
        rom.coercivityBound().arrays().forEach((k, m) -> expected.put("coercivity_" + k, m));
        expected.put("basis", rom.basis().orElseThrow().toMatrix());
        return expected;
    }

    /** NumPy's shape of an array of the model file: 1-D for right-hand sides and outputs. */
    static int[] numpyShape(String name, DenseMatrix m) {
        boolean vector = name.startsWith("rhs_") || name.startsWith("output_");
        return vector ? new int[] {m.rows()} : new int[] {m.rows(), m.cols()};
    }

    /**
     * What {@code np.load} needs of the model file, checked with the JDK's ZIP reader and NumPy's
     * .npy rules ({@link NumpyFormat}): every array an entry {@code name.npy} of {@code <f8} with its
     * shape and exact values, and the SHA-256 the manifest gives it.
     */
    @Test
    void everyArrayIsAnNpyEntryThatNumpysRulesAccept() throws Exception {
        ReducedModel rom = numpyCheckedModel();
        Path file = dir.resolve("rod.jrom");
        ModelFile.write(rom, file, Provenance.current());
        Map<String, byte[]> members = NpzTest.members(file, ZipEntry.STORED);
        JsonNode manifest = new ObjectMapper().readTree(members.get("manifest.json"));
        Map<String, DenseMatrix> expected = expectedArrays(rom);
        List<String> entries = new ArrayList<>(List.of("manifest.json"));
        expected.keySet().forEach(name -> entries.add(name + ".npy"));
        assertThat(members.keySet()).containsExactlyInAnyOrderElementsOf(entries);
        assertThat(manifest.get("arrays").size()).isEqualTo(expected.size());
        var sha256 = MessageDigest.getInstance("SHA-256");
        expected.forEach((name, m) -> {
            byte[] bytes = members.get(name + ".npy");
            NumpyFormat.Header h = NumpyFormat.parse(bytes, name);
            assertThat(h.byteOrder()).as(name).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            assertThat(h.kind() + "" + h.itemSize()).as(name).isEqualTo("f8");
            assertThat(h.shape()).as(name).isEqualTo(numpyShape(name, m));
            assertThat(NumpyFormat.cOrder(bytes, h)).as(name).isEqualTo(NumpyFormat.cOrder(m));
            assertThat(HexFormat.of().formatHex(sha256.digest(bytes)))
                    .as(name)
                    .isEqualTo(manifest.get("arrays").get(name).get("sha256").asText());
        });
    }

    @Test
    @Tag("interop")
    void numpyLoadsEveryArrayWithTheRightShapeAndValues() throws Exception {
        ReducedModel rom = numpyCheckedModel();
        Path file = dir.resolve("rod.jrom");
        ModelFile.write(rom, file, Provenance.current());
        // NumPy opens the model file as an .npz, checks the SHA-256 of every entry itself, and prints
        // every array with exact (repr) values; reduced model terms come back exactly
        String out = Python.run(
                String.join(
                        "\n",
                        "import sys, json, hashlib, zipfile, numpy as np",
                        "z = np.load(sys.argv[1])",
                        "m = json.loads(z['manifest.json'] if isinstance(z['manifest.json'], bytes) else bytes(z['manifest.json']))",
                        "zf = zipfile.ZipFile(sys.argv[1])",
                        "res = {}",
                        "for name, info in m['arrays'].items():",
                        "    a = z[name]",
                        "    assert a.dtype == np.dtype('<f8'), a.dtype",
                        "    assert hashlib.sha256(zf.read(name + '.npy')).hexdigest() == info['sha256'], name",
                        "    res[name] = {'shape': list(a.shape), 'values': [repr(float(x)) for x in a.ravel(order='C')]}",
                        "print(json.dumps({'files': sorted(z.files), 'arrays': res}))"),
                file.toString());
        JsonNode r = new ObjectMapper().readTree(out);
        Map<String, DenseMatrix> expected = expectedArrays(rom);
        assertThat(r.get("arrays").size()).isEqualTo(expected.size());
        assertThat(r.get("files").toString()).contains("\"manifest.json\"", "\"operator_0\"", "\"basis\"");
        expected.forEach((name, m) -> {
            JsonNode a = r.get("arrays").get(name);
            assertThat(a).as(name).isNotNull();
            assertThat(a.get("shape").toString())
                    .as(name)
                    .isEqualTo(Arrays.toString(numpyShape(name, m)).replace(" ", ""));
            for (int i = 0; i < m.rows(); i++) {
                for (int j = 0; j < m.cols(); j++) {
                    // C order: element (i, j) at i * cols + j; Python's repr round-trips exactly
                    double value = Double.parseDouble(
                            a.get("values").get(i * m.cols() + j).asText());
                    assertThat(value).as("%s[%d, %d]", name, i, j).isEqualTo(m.get(i, j));
                }
            }
        });
    }
}

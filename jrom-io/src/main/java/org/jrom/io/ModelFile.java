package org.jrom.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrom.Excerpt;
import org.jrom.JromException;
import org.jrom.algorithms.CoercivityBound;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.models.Certificate;
import org.jrom.models.OnlineModel;
import org.jrom.models.ReducedModel;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.reductors.ResidualNormEvaluation;
import org.jrom.regression.PodRegressionModel;

/**
 * The {@code .jrom} reduced-model file (DESIGN.md, "The model file"; layout in docs/formats.md): a
 * ZIP that is also a NumPy {@code .npz}, holding every array of a {@link ReducedModel} as a {@code
 * <f8} C-order {@code .npy} entry and a {@code manifest.json} with the format version, the
 * parameter space, the coefficient functions as expressions, the dimensions, the residual
 * evaluation and coercivity bound by kind and array names, the outputs, the provenance and a
 * SHA-256 of every array entry. A model read back answers {@code solve(mu)} bit for bit as the
 * model written.
 */
public final class ModelFile {
    /**
     * The format this jrom writes; it reads every {@code jrom-model/2.x} and {@code 1.x}. Major 2
     * stores the ORTHONORMAL residual evaluation as {@code w} and {@code sigma} (compressed by the
     * SVD of R) where 1.x stored R as {@code r}: a 1.x reader cannot read it. 2.1 adds the {@code
     * certificate} section (coercivity bound proven or given, validation, truth accuracy); files
     * without it get theirs from the provenance note {@code validation}.
     */
    public static final String FORMAT = "jrom-model/2.1";

    private static final String REDUCED_BASIS = "reduced-basis";

    static final String MANIFEST = "manifest.json";
    private static final int MAJOR = 2;
    private static final int OLDEST_MAJOR = 1;
    private static final Pattern FORMAT_PATTERN = Pattern.compile("jrom-model/(\\d{1,6})\\.(\\d{1,6})");
    private static final Pattern ARRAY_NAME = Pattern.compile("[A-Za-z0-9_]{1,100}");
    /** The manifest's size limit: it lists ~150 bytes per array; the demo's is 6 KiB. */
    private static final long MANIFEST_LIMIT = 16L << 20;
    /**
     * The largest .npy header of a model array: a {@code <f8} array of 1 or 2 dimensions, whose
     * header dict (at most ~80 characters) NumPy and jrom pad with the 10-byte preamble to 128.
     */
    private static final int NPY_HEADER_LIMIT = 128;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ModelFile() {}

    /** A model read from a file, with what the file says about it. */
    public record Contents(
            OnlineModel online, Provenance provenance, String format, Map<String, DenseMatrix> attachments) {
        /** The reduced-basis model; a clear error when the file holds another kind of model. */
        public ReducedModel model() {
            if (online instanceof ReducedModel rom) {
                return rom;
            }
            throw new JromException("this is a " + kindOf(online) + " model, not a certified reduced-basis model");
        }
    }

    /** The kind name of a model, as the manifest's {@code model} field says it. */
    static String kindOf(OnlineModel model) {
        return model instanceof PodRegressionModel ? RegressionSection.KIND : REDUCED_BASIS;
    }

    /** Writes a model atomically; the same model and provenance give the same bytes. */
    public static void write(OnlineModel model, Path file, Provenance provenance) {
        write(model, file, provenance, Map.of());
    }

    /**
     * Writes a reduced model with attachments: named finite arrays that jrom stores and checks but
     * does not interpret (the CLI keeps the mesh and the field layout there, for reconstructions).
     */
    public static void write(
            OnlineModel model, Path file, Provenance provenance, Map<String, DenseMatrix> attachments) {
        List<Npz.Entry> entries = new ArrayList<>();
        byte[] manifest = encode(model, provenance, attachments, entries);
        entries.add(0, new Npz.Entry(MANIFEST, manifest));
        AtomicFile.write(file, out -> Npz.writeEntries(out, entries, false));
    }

    /** Reads a reduced-basis model, rejecting anything that does not check out. */
    public static ReducedModel read(Path file) {
        return load(file).model();
    }

    /** Reads any model jrom writes (reduced-basis or regression), for online queries: see {@link #loadForQueries}. */
    public static OnlineModel readOnline(Path file) {
        return loadForQueries(file).online();
    }

    /** Reads a reduced model with its provenance and format version, every array checked. */
    public static Contents load(Path file) {
        return new Reader(file, true).read();
    }

    /**
     * Reads a model for online queries: as {@link #load}, less the arrays no answer reads, the
     * reduced basis and the attachments (the mesh of the demos), which are left out of the result.
     * Their entries are not even inflated (only their presence and listing are checked); their
     * CRC-32, SHA-256 digests, shapes and values are checked by {@link #load}, which reconstructing
     * a field needs. On the default demo model they are three quarters of the bytes, and leaving
     * them out took ~0.1 s off {@code jrom query}.
     */
    public static Contents loadForQueries(Path file) {
        return new Reader(file, false).read();
    }

    // ---------------------------------------------------------------- writing

    private static byte[] encode(
            OnlineModel online, Provenance provenance, Map<String, DenseMatrix> attachments, List<Npz.Entry> entries) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode arrays = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("model", kindOf(online));

        ParameterSpace space = online.parameterSpace();
        ParameterType type = space.type();
        ArrayNode params = root.putArray("parameters");
        for (String name : type.names()) {
            ObjectNode p = params.addObject().put("name", name).put("size", type.size(name));
            ArrayNode lo = p.putArray("lower");
            ArrayNode hi = p.putArray("upper");
            for (int k = 0; k < type.size(name); k++) {
                lo.add(space.lower(type.offset(name) + k));
                hi.add(space.upper(type.offset(name) + k));
            }
        }
        if (online instanceof PodRegressionModel regression) {
            RegressionSection.encode(regression, root, (name, a) -> add(entries, arrays, name, a));
        } else {
            encodeReducedBasis((ReducedModel) online, root, entries, arrays);
        }
        encodeCommon(root, arrays, provenance, attachments, entries);
        return bytes(root);
    }

    private static void encodeReducedBasis(
            ReducedModel model, ObjectNode root, List<Npz.Entry> entries, ObjectNode arrays) {

        int n = model.dim();
        int q = model.operatorTerms().size();
        int p = model.rhsTerms().size();
        ObjectNode dims = root.putObject("dimensions")
                .put("reduced", n)
                .put("operator_terms", q)
                .put("rhs_terms", p)
                .put("residual_terms", model.residualEvaluator().termCount());
        model.basis().ifPresent(v -> dims.put("full", v.dim()));

        ArrayNode op = root.putArray("operator");
        for (int k = 0; k < q; k++) {
            String name = "operator_" + k;
            op.addObject()
                    .put("coefficient", model.operatorCoefficients().get(k).describe())
                    .put("array", name);
            add(entries, arrays, name, Npy.Array.of(model.operatorTerms().get(k)));
        }
        ArrayNode rhs = root.putArray("rhs");
        for (int k = 0; k < p; k++) {
            String name = "rhs_" + k;
            rhs.addObject()
                    .put("coefficient", model.rhsCoefficients().get(k).describe())
                    .put("array", name);
            add(entries, arrays, name, Npy.Array.vector(model.rhsTerms().get(k)));
        }
        ArrayNode outs = root.putArray("outputs");
        int i = 0;
        for (var e : model.outputs().entrySet()) { // the declared order, which the reader keeps
            String name = "output_" + i++;
            ReducedModel.ReducedOutput o = e.getValue();
            if (!Double.isFinite(o.dualNorm())) {
                throw new JromException("cannot write output '" + e.getKey() + "': its dual norm is " + o.dualNorm());
            }
            ObjectNode out = outs.addObject()
                    .put("name", e.getKey())
                    .put("compliant", o.compliant())
                    .put("dual_norm", o.dualNorm())
                    .put("array", name);
            add(entries, arrays, name, Npy.Array.vector(o.functional()));
            if (o.dual() != null) {
                dualSection(out.putObject("dual"), name + "_dual", o.dual(), entries, arrays);
            }
        }
        ReducedModel.ResidualEvaluator res = model.residualEvaluator();
        kindSection(root.putObject("residual"), "residual", res.kind(), res.arrays(), entries, arrays);
        CoercivityBound bound = model.coercivityBound();
        ObjectNode coercivity = root.putObject("coercivity");
        kindSection(coercivity, "coercivity", bound.kind(), bound.arrays(), entries, arrays);
        if (!bound.expressions().isEmpty()) {
            ObjectNode texts = coercivity.putObject("expressions");
            new TreeMap<>(bound.expressions()).forEach(texts::put);
        }

        encodeCertificate(root.putObject("certificate"), model.certificate());

        ObjectNode basis = root.putObject("basis");
        basis.put("included", model.basis().isPresent());
        model.basis().ifPresent(v -> {
            basis.put("array", "basis");
            add(entries, arrays, "basis", Npy.Array.of(v.toMatrix())); // V, n x N: field = V @ u_N
        });
    }

    /** What the bounds rest on (format 2.1). */
    private static void encodeCertificate(ObjectNode node, Certificate c) {
        node.put("coercivity", c.coercivityProven() ? PROVEN : GIVEN);
        c.validation().ifPresent(v -> node.putObject("validation")
                .put("test_parameters", v.testParameters())
                .put("seed", v.seed())
                .put("basis_sizes", v.basisSizes())
                .put("violations", v.violations()));
        node.put("truth_accuracy", c.truthAccuracy());
    }

    private static final String PROVEN = "proven";
    private static final String GIVEN = "given";

    /** The provenance note of files before 2.1, as the CLI wrote it. */
    private static final Pattern VALIDATION_NOTE = Pattern.compile(
            "bound below the true error (\\d{1,9}) times on (\\d{1,9}) test parameters \\(seed (-?\\d{1,19})\\) at"
                    + " (\\d{1,9}) basis sizes");

    /** Attachments, provenance and the array list: what every kind of model file has. */
    private static void encodeCommon(
            ObjectNode root,
            ObjectNode arrays,
            Provenance provenance,
            Map<String, DenseMatrix> attachments,
            List<Npz.Entry> entries) {
        if (!attachments.isEmpty()) {
            ObjectNode att = root.putObject("attachments");
            for (var e : new TreeMap<>(attachments).entrySet()) {
                if (!ARRAY_NAME.matcher(e.getKey()).matches()) {
                    throw new JromException("attachment name '" + e.getKey() + "' must be letters, digits and _");
                }
                String name = "attachment_" + e.getKey();
                att.put(e.getKey(), name);
                add(entries, arrays, name, Npy.Array.of(e.getValue()));
            }
        }

        ObjectNode prov = root.putObject("provenance").put("jrom_version", provenance.jromVersion());
        provenance.buildDate().ifPresent(d -> prov.put("build_date", d));
        if (provenance.trainingSetSize().isPresent()
                || provenance.trainingSeed().isPresent()) {
            ObjectNode t = prov.putObject("training_set");
            provenance.trainingSetSize().ifPresent(s -> t.put("size", s));
            provenance.trainingSeed().ifPresent(s -> t.put("seed", s));
        }
        ObjectNode tol = prov.putObject("tolerances");
        provenance.tolerances().forEach(tol::put);
        ObjectNode notes = prov.putObject("notes");
        provenance.notes().forEach(notes::put);

        root.set("arrays", arrays);
    }

    private static byte[] bytes(ObjectNode root) {
        try {
            // "\n" everywhere, not the platform's line separator: the same bytes on every machine
            DefaultPrettyPrinter pretty =
                    new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
            byte[] json = JSON.writer(pretty).writeValueAsBytes(root);
            byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
            withNewline[json.length] = '\n';
            return withNewline;
        } catch (JsonProcessingException e) {
            throw new JromException("cannot encode the model manifest: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The primal-dual correction of an output: the reduced dual model (its operator terms share the
     * primal coefficients, its right-hand side is {@code -W^T l} with coefficient 1, its coercivity
     * bound is the primal one), its residual evaluation and the cross terms H.
     */
    private static void dualSection(
            ObjectNode section,
            String prefix,
            ReducedModel.DualCorrection c,
            List<Npz.Entry> entries,
            ObjectNode arrays) {
        ReducedModel dual = c.dual();
        section.put("reduced", dual.dim());
        ArrayNode ops = section.putArray("operator");
        for (int k = 0; k < dual.operatorTerms().size(); k++) {
            String name = prefix + "_operator_" + k;
            ops.addObject().put("array", name);
            add(entries, arrays, name, Npy.Array.of(dual.operatorTerms().get(k)));
        }
        section.put("array", prefix + "_rhs");
        add(entries, arrays, prefix + "_rhs", Npy.Array.vector(dual.rhsTerms().get(0)));
        ObjectNode cross = section.putObject("cross").put("array", prefix + "_cross");
        add(entries, arrays, prefix + "_cross", Npy.Array.of(c.cross()));
        cross.put("rows", c.cross().rows());
        ReducedModel.ResidualEvaluator res = dual.residualEvaluator();
        kindSection(section.putObject("residual"), prefix + "_residual", res.kind(), res.arrays(), entries, arrays);
    }

    /** A kind and its named arrays, stored as {@code prefix_name} entries, sorted by name. */
    private static void kindSection(
            ObjectNode section,
            String prefix,
            String kind,
            Map<String, DenseMatrix> kindArrays,
            List<Npz.Entry> entries,
            ObjectNode arrays) {
        section.put("kind", kind);
        ObjectNode names = section.putObject("arrays");
        for (var e : new TreeMap<>(kindArrays).entrySet()) {
            if (!ARRAY_NAME.matcher(e.getKey()).matches()) {
                throw new JromException(prefix + " array name '" + e.getKey() + "' must be letters, digits and _");
            }
            String name = prefix + "_" + e.getKey();
            names.put(e.getKey(), name);
            add(entries, arrays, name, Npy.Array.of(e.getValue()));
        }
    }

    private static void add(List<Npz.Entry> entries, ObjectNode arrays, String name, Npy.Array a) {
        double[] d = a.matrix().data();
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                throw new JromException("cannot write array '" + name + "': element " + i + " is " + d[i]
                        + "; model arrays must be finite");
            }
        }
        byte[] bytes = Npy.encode(a, false);
        ObjectNode info = arrays.putObject(name);
        ArrayNode shape = info.putArray("shape");
        for (int s : a.shape()) {
            shape.add(s);
        }
        info.put("sha256", sha256(bytes));
        entries.add(new Npz.Entry(name + ".npy", bytes));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Text from a file made safe to print: control characters (NUL, escapes, line breaks) as
     * backslash-u escapes (a helper of this reader, not shared).
     */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String shapeText(JsonNode shape) {
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).intValue();
        }
        return Npy.shapeText(dims);
    }

    /** Reads and checks one file; every error names the file and the entry or manifest field. */
    private static final class Reader {
        private final Path file;
        private ModelArchive zip;
        private final Map<String, Npy.Array> arrays = new LinkedHashMap<>();
        private final boolean fields; // also the basis and the attachments
        private JsonNode root;

        Reader(Path file, boolean fields) {
            this.file = file;
            this.fields = fields;
        }

        Contents read() {
            try (ModelArchive archive = ModelArchive.open(file)) {
                zip = archive;
                return readContents();
            }
        }

        private Contents readContents() {
            if (!zip.contains(MANIFEST)) {
                List<String> names = zip.names().stream().limit(10).toList();
                throw new FileFormatException(
                        file.toString(),
                        "not a jrom model: no " + MANIFEST + " entry (found " + names
                                + (zip.names().size() > names.size() ? " and more" : "") + ")");
            }
            byte[] manifest = zip.read(MANIFEST, MANIFEST_LIMIT, "a manifest may have");
            try {
                root = JSON.readTree(manifest);
            } catch (IOException e) {
                String where = e instanceof JsonProcessingException j && j.getLocation() != null
                        ? " at line " + j.getLocation().getLineNr() + ", column "
                                + j.getLocation().getColumnNr()
                        : "";
                String what = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                throw new FileFormatException(manifestSource(), "malformed JSON" + where + ": " + printable(what), e);
            }
            if (root == null || !root.isObject()) {
                throw manifestError("", "expected a JSON object");
            }
            String format = checkFormat();
            loadArrays();

            ParameterSpace space = parameterSpace();
            String kind = root.has("model") ? text(root, "", "model") : REDUCED_BASIS;
            if (kind.equals(RegressionSection.KIND)) {
                PodRegressionModel regression = RegressionSection.decode(root, space, new RegressionSection.Source() {
                    @Override
                    public Npy.Array array(String field, String name) {
                        Npy.Array a = arrays.get(name);
                        if (a == null) {
                            throw manifestError(field, "array '" + name + "' is not listed in 'arrays'");
                        }
                        return a;
                    }

                    @Override
                    public FileFormatException error(String field, String message) {
                        return manifestError(field, message);
                    }
                });
                return new Contents(regression, provenance(), format, attachments());
            }
            if (!kind.equals(REDUCED_BASIS)) {
                throw manifestError(
                        "model",
                        "unknown model kind '" + kind + "'; known: " + REDUCED_BASIS + ", " + RegressionSection.KIND);
            }
            ParameterType type = space.type();
            JsonNode dims = object(root, "dimensions");
            int n = integer(dims, "dimensions", "reduced");
            int q = integer(dims, "dimensions", "operator_terms");
            int p = integer(dims, "dimensions", "rhs_terms");
            int terms = integer(dims, "dimensions", "residual_terms");
            if (terms != p + (long) q * n) {
                throw manifestError(
                        "dimensions.residual_terms",
                        "expected rhs_terms + operator_terms * reduced = " + (p + (long) q * n) + ", found " + terms);
            }

            List<ParameterFunctional> thetas = new ArrayList<>();
            List<DenseMatrix> aTerms = new ArrayList<>();
            JsonNode op = list(root, "operator", q);
            for (int k = 0; k < q; k++) {
                String field = "operator[" + k + "]";
                thetas.add(coefficient(type, op.get(k), field));
                aTerms.add(array(op.get(k), field, n, n).matrix());
            }
            List<ParameterFunctional> phis = new ArrayList<>();
            List<double[]> fTerms = new ArrayList<>();
            JsonNode rhs = list(root, "rhs", p);
            for (int k = 0; k < p; k++) {
                String field = "rhs[" + k + "]";
                phis.add(coefficient(type, rhs.get(k), field));
                fTerms.add(array(rhs.get(k), field, n, -1).matrix().data());
            }
            Map<String, ReducedModel.ReducedOutput> outputs = new LinkedHashMap<>();
            Map<String, Integer> dualNodes = new LinkedHashMap<>(); // output name -> its index in "outputs"
            JsonNode outs = list(root, "outputs", -1);
            for (int k = 0; k < outs.size(); k++) {
                String field = "outputs[" + k + "]";
                JsonNode o = outs.get(k);
                String name = text(o, field, "name");
                JsonNode compliant = require(o, field, "compliant");
                if (!compliant.isBoolean()) {
                    throw manifestError(field + ".compliant", "expected true or false, found " + compliant);
                }
                double dualNorm = number(o, field, "dual_norm");
                if (!(dualNorm >= 0 && Double.isFinite(dualNorm))) { // every output bound is a multiple of it
                    throw manifestError(
                            field + ".dual_norm", "expected a finite non-negative number, found " + dualNorm);
                }
                double[] l = array(o, field, n, -1).matrix().data();
                if (outputs.put(name, new ReducedModel.ReducedOutput(l, compliant.booleanValue(), dualNorm)) != null) {
                    throw manifestError(field + ".name", "output '" + name + "' appears twice");
                }
                if (o.has("dual")) {
                    dualNodes.put(name, k);
                }
            }

            JsonNode res = object(root, "residual");
            String resKind = text(res, "residual", "kind");
            ResidualNormEvaluation evaluation;
            try {
                evaluation = ResidualNormEvaluation.valueOf(resKind);
            } catch (IllegalArgumentException e) {
                throw manifestError(
                        "residual.kind",
                        "unknown residual evaluation '" + resKind + "'; known: "
                                + java.util.Arrays.toString(ResidualNormEvaluation.values()));
            }
            Map<String, DenseMatrix> resArrays = kindArrays(res, "residual");
            checkResidual(res, evaluation, terms);
            ReducedModel.ResidualEvaluator evaluator = rebuild("residual", () -> evaluation.evaluator(resArrays));
            if (evaluator.termCount() != terms) {
                throw manifestError(
                        "residual",
                        "the " + resKind + " arrays are for " + evaluator.termCount()
                                + " residual terms, the dimensions say " + terms);
            }
            if (evaluation == ResidualNormEvaluation.GRAM) {
                DenseMatrix g = resArrays.get("gram");
                if (g.rows() != g.cols()) {
                    throw manifestError(
                            "residual", "the Gram matrix must be square, found " + g.rows() + "x" + g.cols());
                }
            }

            JsonNode coe = object(root, "coercivity");
            String coeKind = text(coe, "coercivity", "kind");
            Map<String, DenseMatrix> coeArrays = kindArrays(coe, "coercivity");
            for (var e : coeArrays.entrySet()) {
                if (e.getValue().data().length == 0) {
                    throw manifestError("coercivity.arrays." + e.getKey(), "the array is empty");
                }
            }
            Map<String, String> coeTexts = new LinkedHashMap<>();
            if (coe.has("expressions")) {
                for (var e : object(coe, "coercivity", "expressions").properties()) {
                    if (!e.getValue().isTextual()) {
                        throw manifestError(
                                "coercivity.expressions." + e.getKey(),
                                "expected an expression string, found " + e.getValue());
                    }
                    coeTexts.put(e.getKey(), e.getValue().textValue());
                }
            }
            checkCoercivity(coe, coeKind);
            CoercivityBound bound =
                    rebuild("coercivity", () -> CoercivityBound.fromArrays(coeKind, coeArrays, coeTexts, thetas, type));

            JsonNode basisNode = object(root, "basis");
            JsonNode included = require(basisNode, "basis", "included");
            if (!included.isBoolean()) {
                throw manifestError("basis.included", "expected true or false, found " + included);
            }
            VectorArray basis = null;
            if (included.booleanValue() && fields) {
                int full = integer(dims, "dimensions", "full");
                basis = VectorArray.fromMatrix(
                        array(basisNode, "basis", full, n).matrix());
            }

            for (var e : dualNodes.entrySet()) {
                String field = "outputs[" + e.getValue() + "]";
                JsonNode node = object(outs.get(e.getValue()), field + ".dual", "dual");
                ReducedModel.ReducedOutput o = outputs.get(e.getKey());
                ReducedModel.DualCorrection c = dualCorrection(node, field + ".dual", space, thetas, bound, terms);
                outputs.put(e.getKey(), new ReducedModel.ReducedOutput(o.functional(), o.compliant(), o.dualNorm(), c));
            }

            Provenance provenance = provenance();
            Certificate certificate = certificate(bound, provenance);
            VectorArray v = basis;
            ReducedModel model = rebuild(
                    "the model",
                    () -> new ReducedModel(
                            space, thetas, aTerms, phis, fTerms, outputs, evaluator, bound, v, certificate));
            return new Contents(model, provenance, format, attachments());
        }

        /**
         * The certificate section (2.1), or for older files the provenance note {@code validation}
         * (no note: not validated) and no measured truth accuracy. Whether the coercivity bound is
         * proven is the bound kind's own property; a section that claims otherwise is rejected.
         */
        private Certificate certificate(CoercivityBound bound, Provenance provenance) {
            boolean proven = !bound.givenByModeller();
            Certificate c = Certificate.unvalidated(proven, bound.describe());
            if (!root.has("certificate")) {
                String note = provenance.notes().get("validation");
                Matcher m = note == null ? null : VALIDATION_NOTE.matcher(note);
                if (m != null && m.matches()) {
                    try {
                        return c.withValidation(new Certificate.Validation(
                                Integer.parseInt(m.group(2)),
                                Long.parseLong(m.group(3)),
                                Integer.parseInt(m.group(4)),
                                Integer.parseInt(m.group(1))));
                    } catch (IllegalArgumentException e) { // out of range: no usable validation
                        return c;
                    }
                }
                return c;
            }
            JsonNode node = object(root, "certificate");
            String claim = text(node, "certificate", "coercivity");
            if (!claim.equals(PROVEN) && !claim.equals(GIVEN)) {
                throw manifestError(
                        "certificate.coercivity",
                        "expected '" + PROVEN + "' or '" + GIVEN + "', found '" + Excerpt.of(claim) + "'");
            }
            if (claim.equals(PROVEN) != proven) {
                throw manifestError(
                        "certificate.coercivity",
                        "'" + claim + "' contradicts the coercivity bound '" + bound.kind() + "', which is "
                                + (proven ? "derived by jrom" : "given by the modeller"));
            }
            if (node.has("validation")) {
                JsonNode v = object(node, "certificate.validation", "validation");
                JsonNode seed = require(v, "certificate.validation", "seed");
                if (!seed.canConvertToLong() || !seed.isIntegralNumber()) {
                    throw manifestError("certificate.validation.seed", "expected an integer, found " + seed);
                }
                int tests = integer(v, "certificate.validation", "test_parameters");
                int sizes = integer(v, "certificate.validation", "basis_sizes");
                if (tests < 1 || sizes < 1) {
                    throw manifestError(
                            "certificate.validation",
                            "test_parameters and basis_sizes must be at least 1, found " + tests + " and " + sizes);
                }
                c = c.withValidation(new Certificate.Validation(
                        tests, seed.longValue(), sizes, integer(v, "certificate.validation", "violations")));
            }
            double accuracy = number(node, "certificate", "truth_accuracy");
            if (!(accuracy >= 0 && accuracy < 0.5)) {
                throw manifestError("certificate.truth_accuracy", "expected a number in [0, 0.5), found " + accuracy);
            }
            return c.withTruthAccuracy(accuracy);
        }

        /** The optional attachments: name -> a listed array. */
        private Map<String, DenseMatrix> attachments() {
            Map<String, DenseMatrix> attachments = new LinkedHashMap<>();
            if (fields && root.has("attachments")) {
                JsonNode att = object(root, "attachments");
                for (var e : att.properties()) {
                    String f = "attachments." + e.getKey();
                    if (!e.getValue().isTextual()
                            || !arrays.containsKey(e.getValue().textValue())) {
                        throw manifestError(
                                f, "expected the name of an array listed in 'arrays', found " + e.getValue());
                    }
                    attachments.put(
                            e.getKey(),
                            arrays.get(e.getValue().textValue()).matrix().copy());
                }
            }
            return Map.copyOf(attachments);
        }

        /** The primal-dual correction of one output (see {@code dualSection}). */
        private ReducedModel.DualCorrection dualCorrection(
                JsonNode node,
                String field,
                ParameterSpace space,
                List<ParameterFunctional> thetas,
                CoercivityBound bound,
                int primalTerms) {
            int m = integer(node, field, "reduced");
            JsonNode ops = list(node, field + ".operator", "operator", thetas.size());
            List<DenseMatrix> a = new ArrayList<>();
            for (int k = 0; k < thetas.size(); k++) {
                a.add(array(ops.get(k), field + ".operator[" + k + "]", m, m).matrix());
            }
            double[] rhs = array(node, field, m, -1).matrix().data();
            DenseMatrix cross = array(object(node, field + ".cross", "cross"), field + ".cross", m, primalTerms)
                    .matrix();
            JsonNode res = object(node, field + ".residual", "residual");
            String kind = text(res, field + ".residual", "kind");
            ResidualNormEvaluation evaluation;
            try {
                evaluation = ResidualNormEvaluation.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw manifestError(
                        field + ".residual.kind",
                        "unknown residual evaluation '" + kind + "'; known: "
                                + java.util.Arrays.toString(ResidualNormEvaluation.values()));
            }
            Map<String, DenseMatrix> resArrays = kindArrays(res, field + ".residual");
            checkResidual(res, evaluation, 1 + thetas.size() * m);
            ReducedModel.ResidualEvaluator evaluator =
                    rebuild(field + ".residual", () -> evaluation.evaluator(resArrays));
            if (evaluator.termCount() != 1 + thetas.size() * m) {
                throw manifestError(
                        field + ".residual",
                        "the " + kind + " arrays are for " + evaluator.termCount() + " residual terms, expected "
                                + (1 + thetas.size() * m));
            }
            return rebuild(
                    "the dual model of " + field,
                    () -> new ReducedModel.DualCorrection(
                            new ReducedModel(
                                    space,
                                    thetas,
                                    a,
                                    List.of(ParameterFunctional.constant(1.0)),
                                    List.of(rhs),
                                    Map.of(),
                                    evaluator,
                                    bound,
                                    null),
                            cross));
        }

        private String checkFormat() {
            String format = text(root, "", "format");
            Matcher m = FORMAT_PATTERN.matcher(format);
            if (!m.matches()) {
                throw manifestError(
                        "format", "not a jrom model: expected 'jrom-model/MAJOR.MINOR', found '" + format + "'");
            }
            int major = Integer.parseInt(m.group(1));
            if (major < OLDEST_MAJOR || major > MAJOR) {
                throw new UnsupportedVersionException(
                        manifestSource(),
                        "format " + format
                                + " is not supported: this jrom reads jrom-model/" + OLDEST_MAJOR
                                + ".x to " + MAJOR + ".x; use a jrom that reads "
                                + format);
            }
            return format; // an unknown minor version only adds what this reader may ignore
        }

        /**
         * Every listed array: present, checksum right, a valid .npy of the listed shape, finite; the
         * arrays this reading leaves out (loadForQueries) only present and listed with a checksum.
         */
        private void loadArrays() {
            JsonNode listed = object(root, "arrays");
            Set<String> skipped = fields ? Set.of() : fieldArrays();
            for (var e : listed.properties()) {
                loadArray(e.getKey(), e.getValue(), skipped.contains(e.getKey()));
            }
        }

        private void loadArray(String name, JsonNode listing, boolean skipped) {
            String field = "arrays." + name;
            String entry = name + ".npy";
            String source = file + ": entry '" + entry + "'";
            if (!ARRAY_NAME.matcher(name).matches()) {
                throw manifestError(field, "array names must be letters, digits and _");
            }
            if (!zip.contains(entry)) {
                throw new FileFormatException(
                        file.toString(),
                        "array '" + name + "' listed in the manifest is missing: no entry '" + entry
                                + "' in the archive");
            }
            String expected = text(listing, field, "sha256");
            JsonNode shapeNode = require(listing, field, "shape");
            long count = 1;
            for (int i = 0; i < shapeNode.size(); i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.isInt() || d.intValue() < 0) {
                    throw manifestError(field + ".shape", "expected non-negative integers, found " + kind(shapeNode));
                }
                count = Math.min(count * d.intValue(), Integer.MAX_VALUE); // no overflow: the cap stops it
            }
            if (!shapeNode.isArray() || count * 8 > Integer.MAX_VALUE - 8 - NPY_HEADER_LIMIT) {
                throw manifestError(
                        field + ".shape", "expected the shape of an array under 2 GiB, found " + kind(shapeNode));
            }
            if (skipped) {
                // Not inflated at all: no answer reads it, its SHA-256 is not checked in this mode, so
                // checking its CRC-32 would only spend the time of inflating it (a bomb, at worst).
                return;
            }
            byte[] bytes =
                    zip.read(entry, count * 8 + NPY_HEADER_LIMIT, "its shape " + shapeText(shapeNode) + " declares");
            String actual = sha256(bytes);
            if (!actual.equalsIgnoreCase(expected)) {
                throw new FileFormatException(
                        source,
                        "SHA-256 mismatch: the manifest says " + expected + ", the data gives " + actual
                                + "; the file is damaged");
            }
            Npy.Array a = Npy.decode(bytes, source);
            int[] shape = new int[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).isInt() ? shapeNode.get(i).intValue() : -1;
            }
            if (!shapeNode.isArray() || !java.util.Arrays.equals(shape, a.shape())) {
                throw new FileFormatException(
                        source,
                        "shape mismatch: the manifest says " + shapeNode + ", the array has shape " + a.shapeText());
            }
            arrays.put(name, a);
            requireAll(name, Double::isFinite, "model arrays must be finite");
        }

        /**
         * The invariants the error bound rests on, which a checksum cannot vouch for: a file whose
         * digests were recomputed after an edit must not certify a wrong bound.
         */
        private void checkCoercivity(JsonNode section, String kind) {
            switch (kind) {
                case "min-theta" -> {
                    // alpha_LB(mu) = alpha_ref min_q theta_q(mu) / theta_q(mu_ref)
                    requireAll(
                            kindArray(section, "reference_alpha"), v -> v > 0, "the coercivity constant must be > 0");
                    requireAll(
                            kindArray(section, "reference_thetas"),
                            v -> v > 0,
                            "the min-theta bound needs positive reference coefficients");
                }
                case "constant" ->
                    requireAll(kindArray(section, "value"), v -> v > 0, "a coercivity bound must be > 0");
                case "scm" -> {
                    requireAll(kindArray(section, "alpha"), v -> v > 0, "coercivity constants must be > 0");
                    requireAll(kindArray(section, "m_alpha"), v -> v >= 0 && v == Math.rint(v), "expected a count");
                    String lower = kindArray(section, "box_lower");
                    String upper = kindArray(section, "box_upper");
                    if (arrays.containsKey(lower) && arrays.containsKey(upper)) {
                        double[] lo = arrays.get(lower).matrix().data();
                        double[] hi = arrays.get(upper).matrix().data();
                        for (int i = 0; i < Math.min(lo.length, hi.length); i++) {
                            if (!(lo[i] <= hi[i])) {
                                throw arrayError(
                                        lower,
                                        i,
                                        "is " + lo[i] + ", above box_upper's " + hi[i] + "; the box is empty");
                            }
                        }
                    }
                }
                default -> {} // expression: checked when evaluated; unknown kinds: refused on rebuilding
            }
        }

        /** The residual arrays' invariants: sigma singular values, EIM indices of residual terms. */
        private void checkResidual(JsonNode section, ResidualNormEvaluation evaluation, int terms) {
            switch (evaluation) {
                case ORTHONORMAL -> {
                    String sigma = kindArray(section, "sigma");
                    requireAll(sigma, v -> v >= 0, "singular values must be >= 0");
                    if (arrays.containsKey(sigma)) {
                        double[] d = arrays.get(sigma).matrix().data();
                        for (int i = 1; i < d.length; i++) {
                            if (d[i] > d[i - 1]) {
                                throw arrayError(
                                        sigma,
                                        i,
                                        "is " + d[i] + ", above the one before (" + d[i - 1]
                                                + "); singular values must be non-increasing");
                            }
                        }
                    }
                }
                case GRAM -> requireDiagonal(kindArray(section, "gram"));
                case EIM ->
                    requireAll(
                            kindArray(section, "eim_indices"),
                            v -> v >= 0 && v < terms && v == Math.rint(v),
                            "expected the index of one of the " + terms + " residual terms");
                default -> {}
            }
        }

        /** A Gram matrix's diagonal holds squared norms. */
        private void requireDiagonal(String name) {
            Npy.Array a = arrays.get(name);
            if (a != null) {
                DenseMatrix g = a.matrix();
                for (int i = 0; i < Math.min(g.rows(), g.cols()); i++) {
                    if (!(g.get(i, i) >= 0)) {
                        throw arrayError(
                                name, i + i * g.rows(), "is " + g.get(i, i) + "; a Gram diagonal must be >= 0");
                    }
                }
            }
        }

        /** The array name a kind section gives for {@code key}; absent ones are reported on rebuilding. */
        private static String kindArray(JsonNode section, String key) {
            JsonNode n = section.path("arrays").path(key);
            return n.isTextual() ? n.textValue() : "";
        }

        private void requireAll(String name, java.util.function.DoublePredicate ok, String why) {
            Npy.Array a = arrays.get(name);
            if (a == null) {
                return;
            }
            double[] d = a.matrix().data();
            for (int i = 0; i < d.length; i++) {
                if (!ok.test(d[i])) {
                    throw arrayError(name, i, "is " + d[i] + "; " + why);
                }
            }
        }

        /** An error at element {@code i} (column-major) of a listed array. */
        private FileFormatException arrayError(String name, int i, String message) {
            Npy.Array a = arrays.get(name);
            int rows = a.matrix().rows();
            return new FileFormatException(
                    file + ": entry '" + name + ".npy'",
                    "element " + (a.isVector() ? "(" + i + ")" : "(" + i % rows + ", " + i / rows + ")") + " "
                            + message);
        }

        /** The arrays of a reduced basis and of the attachments, as the manifest names them. */
        private Set<String> fieldArrays() {
            Set<String> names = new HashSet<>();
            JsonNode basis = root.path("basis");
            boolean reducedBasis = root.path("model").asText(REDUCED_BASIS).equals(REDUCED_BASIS);
            if (reducedBasis // a regression model's answers are read from its basis
                    && basis.path("included").asBoolean(false)
                    && basis.path("array").isTextual()) {
                names.add(basis.get("array").textValue());
            }
            root.path("attachments").forEach(a -> {
                if (a.isTextual()) {
                    names.add(a.textValue());
                }
            });
            return names;
        }

        private ParameterSpace parameterSpace() {
            JsonNode params = list(root, "parameters", -1);
            Map<String, Integer> sizes = new LinkedHashMap<>();
            List<Double> lower = new ArrayList<>();
            List<Double> upper = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                String field = "parameters[" + i + "]";
                JsonNode p = params.get(i);
                String name = text(p, field, "name");
                int size = integer(p, field, "size");
                if (sizes.put(name, size) != null) {
                    throw manifestError(field + ".name", "parameter '" + name + "' appears twice");
                }
                JsonNode lo = list(p, field + ".lower", "lower", size);
                JsonNode hi = list(p, field + ".upper", "upper", size);
                for (int k = 0; k < size; k++) {
                    lower.add(number(lo, field + ".lower[" + k + "]", k));
                    upper.add(number(hi, field + ".upper[" + k + "]", k));
                }
            }
            return rebuild(
                    "parameters",
                    () -> ParameterSpace.of(
                            ParameterType.of(sizes),
                            lower.stream().mapToDouble(Double::doubleValue).toArray(),
                            upper.stream().mapToDouble(Double::doubleValue).toArray()));
        }

        private ParameterFunctional coefficient(ParameterType type, JsonNode node, String field) {
            String text = text(node, field, "coefficient");
            try {
                return ParameterFunctional.expression(type, text);
            } catch (JromException e) {
                throw manifestError(field + ".coefficient", e.getMessage());
            }
        }

        /** The array a section names in its "array" field, checked to have shape (rows, cols), or (rows,) if cols < 0. */
        private Npy.Array array(JsonNode node, String field, int rows, int cols) {
            String name = text(node, field, "array");
            Npy.Array a = arrays.get(name);
            if (a == null) {
                throw manifestError(field + ".array", "array '" + name + "' is not listed in 'arrays'");
            }
            int[] expected = cols < 0 ? new int[] {rows} : new int[] {rows, cols};
            if (!java.util.Arrays.equals(expected, a.shape())) {
                throw new FileFormatException(
                        file + ": entry '" + name + ".npy'",
                        "shape mismatch: " + field + " must have shape " + Npy.shapeText(expected) + ", found "
                                + a.shapeText());
            }
            return a;
        }

        private Map<String, DenseMatrix> kindArrays(JsonNode section, String field) {
            JsonNode names = object(section, field + ".arrays", "arrays");
            Map<String, DenseMatrix> out = new LinkedHashMap<>();
            for (var e : names.properties()) {
                String f = field + ".arrays." + e.getKey();
                if (!e.getValue().isTextual()) {
                    throw manifestError(f, "expected an array name, found " + e.getValue());
                }
                Npy.Array a = arrays.get(e.getValue().textValue());
                if (a == null) {
                    throw manifestError(f, "array '" + e.getValue().textValue() + "' is not listed in 'arrays'");
                }
                out.put(e.getKey(), a.matrix().copy());
            }
            return out;
        }

        private Provenance provenance() {
            JsonNode p = object(root, "provenance");
            String version = text(p, "provenance", "jrom_version");
            Optional<String> date =
                    p.has("build_date") ? Optional.of(text(p, "provenance", "build_date")) : Optional.empty();
            OptionalInt size = OptionalInt.empty();
            OptionalLong seed = OptionalLong.empty();
            if (p.has("training_set")) {
                JsonNode t = object(p, "provenance.training_set", "training_set");
                if (t.has("size")) {
                    size = OptionalInt.of(integer(t, "provenance.training_set", "size"));
                }
                if (t.has("seed")) {
                    JsonNode s = t.get("seed");
                    if (!s.canConvertToLong() || !s.isIntegralNumber()) {
                        throw manifestError("provenance.training_set.seed", "expected an integer, found " + s);
                    }
                    seed = OptionalLong.of(s.longValue());
                }
            }
            Map<String, Double> tolerances = new TreeMap<>();
            if (p.has("tolerances")) {
                JsonNode t = object(p, "provenance.tolerances", "tolerances");
                t.fieldNames().forEachRemaining(k -> tolerances.put(k, number(t, "provenance.tolerances", k)));
            }
            Map<String, String> notes = new TreeMap<>();
            if (p.has("notes")) {
                JsonNode t = object(p, "provenance.notes", "notes");
                t.fieldNames().forEachRemaining(k -> notes.put(k, text(t, "provenance.notes", k)));
            }
            return new Provenance(version, date, size, seed, tolerances, notes);
        }

        private interface Build<T> {
            T build();
        }

        /** Runs a core constructor, reporting its complaint as a problem of this file. */
        private <T> T rebuild(String what, Build<T> build) {
            try {
                return build.build();
            } catch (JromException | IndexOutOfBoundsException | IllegalArgumentException e) {
                throw new FileFormatException(
                        file.toString(), "cannot rebuild " + what + ": " + printable(e.getMessage()), e);
            }
        }

        // JSON access with errors that name the field

        private JsonNode require(JsonNode node, String field, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw manifestError(join(field, key), "missing");
            }
            return v;
        }

        private JsonNode object(JsonNode node, String key) {
            return object(node, key, key);
        }

        private JsonNode object(JsonNode node, String field, String key) {
            JsonNode v = require(node, parent(field, key), key);
            if (!v.isObject()) {
                throw manifestError(field, "expected a JSON object, found " + kind(v));
            }
            return v;
        }

        private JsonNode list(JsonNode node, String key, int length) {
            return list(node, key, key, length);
        }

        private JsonNode list(JsonNode node, String field, String key, int length) {
            JsonNode v = require(node, parent(field, key), key);
            if (!v.isArray()) {
                throw manifestError(field, "expected a JSON array, found " + kind(v));
            }
            if (length >= 0 && v.size() != length) {
                throw manifestError(field, "expected " + length + " items, found " + v.size());
            }
            return v;
        }

        private String text(JsonNode node, String field, String key) {
            JsonNode v = require(node, field, key);
            if (!v.isTextual()) {
                throw manifestError(join(field, key), "expected a string, found " + kind(v));
            }
            return v.textValue();
        }

        private int integer(JsonNode node, String field, String key) {
            JsonNode v = require(node, field, key);
            if (!v.isInt() || v.intValue() < 0) {
                throw manifestError(join(field, key), "expected a non-negative integer, found " + v);
            }
            return v.intValue();
        }

        private double number(JsonNode node, String field, String key) {
            JsonNode v = require(node, field, key);
            if (!v.isNumber()) {
                throw manifestError(join(field, key), "expected a number, found " + kind(v));
            }
            return v.doubleValue();
        }

        private double number(JsonNode list, String field, int index) {
            JsonNode v = list.get(index);
            if (!v.isNumber()) {
                throw manifestError(field, "expected a number, found " + kind(v));
            }
            return v.doubleValue();
        }

        private static String kind(JsonNode v) {
            String s = v.toString();
            return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                    + (s.length() > 60 ? s.substring(0, 60) + "..." : s);
        }

        private static String join(String field, String key) {
            return field.isEmpty() ? key : field + "." + key;
        }

        private static String parent(String field, String key) {
            return field.endsWith(key) ? field.substring(0, Math.max(0, field.length() - key.length() - 1)) : field;
        }

        private String manifestSource() {
            return file + ": entry '" + MANIFEST + "'";
        }

        /** An error in the manifest; names and values from the file are printed without control characters. */
        private FileFormatException manifestError(String field, String message) {
            return new FileFormatException(
                    manifestSource(), printable((field.isEmpty() ? "" : "field '" + field + "': ") + message));
        }
    }
}

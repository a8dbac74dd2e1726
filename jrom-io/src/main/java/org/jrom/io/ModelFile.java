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
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.OnlineModel;
import org.jrom.models.ReducedModel;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;

/**
 * The {@code .jrom} model file (docs/architecture.md section 4; layout in docs/formats.md): a ZIP
 * that is also a NumPy {@code .npz}, holding every array of an {@link OnlineModel} as a {@code <f8}
 * C-order {@code .npy} entry and a {@code manifest.json} with the format version, the model's kind,
 * the parameter space, the kind's own sections, the provenance, the attachments and the shape and
 * SHA-256 of every array entry. What a kind stores is its {@link ModelCodec}'s business (registered
 * in {@link ModelCodecs}); this class writes and checks what every kind shares. A model read back
 * answers bit for bit as the model written.
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

    static final String MANIFEST = "manifest.json";
    private static final int MAJOR = 2;
    private static final int OLDEST_MAJOR = 1;
    private static final Pattern FORMAT_PATTERN = Pattern.compile("jrom-model/(\\d{1,6})\\.(\\d{1,6})");
    static final Pattern ARRAY_NAME = Pattern.compile("[A-Za-z0-9_]{1,100}");
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
        /** The reduced-basis model; a clear error naming both kinds when the file holds another kind. */
        public ReducedModel model() {
            return ModelCodecs.REDUCED_BASIS.cast(online);
        }
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
        ModelCodec<?> codec = ModelCodecs.forModel(online);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode arrays = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("model", codec.kind());

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
        SectionWriter out = new SectionWriter(root, arrays, entries);
        encodeKind(codec, online, out);
        encodeCommon(root, arrays, provenance, attachments, out);
        return bytes(root);
    }

    private static <M extends OnlineModel> void encodeKind(ModelCodec<M> codec, OnlineModel model, SectionWriter out) {
        codec.encode(codec.cast(model), out);
    }

    /** Attachments, provenance and the array list: what every kind of model file has. */
    private static void encodeCommon(
            ObjectNode root,
            ObjectNode arrays,
            Provenance provenance,
            Map<String, DenseMatrix> attachments,
            SectionWriter out) {
        if (!attachments.isEmpty()) {
            ObjectNode att = root.putObject("attachments");
            for (var e : new TreeMap<>(attachments).entrySet()) {
                if (!ARRAY_NAME.matcher(e.getKey()).matches()) {
                    throw new JromException("attachment name '" + e.getKey() + "' must be letters, digits and _");
                }
                String name = "attachment_" + e.getKey();
                att.put(e.getKey(), name);
                out.array(name, Npy.Array.of(e.getValue()));
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
        private SectionReader in;
        private Provenance provenance;

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
                throw new FileFormatException(
                        file + ": entry '" + MANIFEST + "'", "malformed JSON" + where + ": " + printable(what), e);
            }
            in = new SectionReader(file, root, arrays, fields, this::provenance);
            if (root == null || !root.isObject()) {
                throw in.manifestError("", "expected a JSON object");
            }
            String format = checkFormat();
            loadArrays();

            ParameterSpace space = parameterSpace();
            String kind = root.has("model") ? in.text(root, "", "model") : ModelCodecs.defaultKind();
            ModelCodec<?> codec = ModelCodecs.forKind(kind)
                    .orElseThrow(() -> in.manifestError(
                            "model", "unknown model kind '" + kind + "'; known: " + ModelCodecs.known()));
            OnlineModel model = codec.decode(in, space);
            return new Contents(model, provenance(), format, attachments());
        }

        /** The optional attachments: name -> a listed array. */
        private Map<String, DenseMatrix> attachments() {
            Map<String, DenseMatrix> attachments = new LinkedHashMap<>();
            if (fields && root.has("attachments")) {
                JsonNode att = in.object(root, "attachments");
                for (var e : att.properties()) {
                    String f = "attachments." + e.getKey();
                    if (!e.getValue().isTextual()
                            || !arrays.containsKey(e.getValue().textValue())) {
                        throw in.manifestError(
                                f, "expected the name of an array listed in 'arrays', found " + e.getValue());
                    }
                    attachments.put(
                            e.getKey(),
                            arrays.get(e.getValue().textValue()).matrix().copy());
                }
            }
            return Map.copyOf(attachments);
        }

        private String checkFormat() {
            String format = in.text(root, "", "format");
            Matcher m = FORMAT_PATTERN.matcher(format);
            if (!m.matches()) {
                throw in.manifestError(
                        "format", "not a jrom model: expected 'jrom-model/MAJOR.MINOR', found '" + format + "'");
            }
            int major = Integer.parseInt(m.group(1));
            if (major < OLDEST_MAJOR || major > MAJOR) {
                throw new UnsupportedVersionException(
                        in.manifestSource(),
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
            JsonNode listed = in.object(root, "arrays");
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
                throw in.manifestError(field, "array names must be letters, digits and _");
            }
            if (!zip.contains(entry)) {
                throw new FileFormatException(
                        file.toString(),
                        "array '" + name + "' listed in the manifest is missing: no entry '" + entry
                                + "' in the archive");
            }
            String expected = in.text(listing, field, "sha256");
            JsonNode shapeNode = in.require(listing, field, "shape");
            long count = 1;
            for (int i = 0; i < shapeNode.size(); i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.isInt() || d.intValue() < 0) {
                    throw in.manifestError(
                            field + ".shape", "expected non-negative integers, found " + SectionReader.kind(shapeNode));
                }
                count = Math.min(count * d.intValue(), Integer.MAX_VALUE); // no overflow: the cap stops it
            }
            if (!shapeNode.isArray() || count * 8 > Integer.MAX_VALUE - 8 - NPY_HEADER_LIMIT) {
                throw in.manifestError(
                        field + ".shape",
                        "expected the shape of an array under 2 GiB, found " + SectionReader.kind(shapeNode));
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
            in.requireAll(name, Double::isFinite, "model arrays must be finite");
        }

        private ParameterSpace parameterSpace() {
            JsonNode params = in.list(root, "parameters", -1);
            Map<String, Integer> sizes = new LinkedHashMap<>();
            List<Double> lower = new ArrayList<>();
            List<Double> upper = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                String field = "parameters[" + i + "]";
                JsonNode p = params.get(i);
                String name = in.text(p, field, "name");
                int size = in.integer(p, field, "size");
                if (sizes.put(name, size) != null) {
                    throw in.manifestError(field + ".name", "parameter '" + name + "' appears twice");
                }
                JsonNode lo = in.list(p, field + ".lower", "lower", size);
                JsonNode hi = in.list(p, field + ".upper", "upper", size);
                for (int k = 0; k < size; k++) {
                    lower.add(in.number(lo, field + ".lower[" + k + "]", k));
                    upper.add(in.number(hi, field + ".upper[" + k + "]", k));
                }
            }
            return in.rebuild(
                    "parameters",
                    () -> ParameterSpace.of(
                            ParameterType.of(sizes),
                            lower.stream().mapToDouble(Double::doubleValue).toArray(),
                            upper.stream().mapToDouble(Double::doubleValue).toArray()));
        }

        /** The provenance, read once (a codec may read it first). */
        private Provenance provenance() {
            if (provenance == null) {
                provenance = readProvenance();
            }
            return provenance;
        }

        private Provenance readProvenance() {
            JsonNode p = in.object(root, "provenance");
            String version = in.text(p, "provenance", "jrom_version");
            Optional<String> date =
                    p.has("build_date") ? Optional.of(in.text(p, "provenance", "build_date")) : Optional.empty();
            OptionalInt size = OptionalInt.empty();
            OptionalLong seed = OptionalLong.empty();
            if (p.has("training_set")) {
                JsonNode t = in.object(p, "provenance.training_set", "training_set");
                if (t.has("size")) {
                    size = OptionalInt.of(in.integer(t, "provenance.training_set", "size"));
                }
                if (t.has("seed")) {
                    JsonNode s = t.get("seed");
                    if (!s.canConvertToLong() || !s.isIntegralNumber()) {
                        throw in.manifestError("provenance.training_set.seed", "expected an integer, found " + s);
                    }
                    seed = OptionalLong.of(s.longValue());
                }
            }
            Map<String, Double> tolerances = new TreeMap<>();
            if (p.has("tolerances")) {
                JsonNode t = in.object(p, "provenance.tolerances", "tolerances");
                t.fieldNames().forEachRemaining(k -> tolerances.put(k, in.number(t, "provenance.tolerances", k)));
            }
            Map<String, String> notes = new TreeMap<>();
            if (p.has("notes")) {
                JsonNode t = in.object(p, "provenance.notes", "notes");
                t.fieldNames().forEachRemaining(k -> notes.put(k, in.text(t, "provenance.notes", k)));
            }
            return new Provenance(version, date, size, seed, tolerances, notes);
        }

        /**
         * The arrays no answer reads, which loadForQueries leaves out: the attachments, and what the
         * kind's codec names (the reduced basis of a reduced-basis model; a regression model's answers
         * read its basis). An unknown kind leaves out none; it is refused once the arrays are read.
         */
        private Set<String> fieldArrays() {
            Set<String> names = new HashSet<>();
            String kind = root.path("model").asText(ModelCodecs.defaultKind());
            ModelCodecs.forKind(kind).ifPresent(c -> names.addAll(c.arraysNoAnswerReads(root)));
            root.path("attachments").forEach(a -> {
                if (a.isTextual()) {
                    names.add(a.textValue());
                }
            });
            return names;
        }
    }
}

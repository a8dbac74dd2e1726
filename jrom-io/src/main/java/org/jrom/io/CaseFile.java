package org.jrom.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jrom.Excerpt;
import org.jrom.JromException;
import org.jrom.fem.Mesh;
import org.jrom.fem.StructuredMesh;
import org.jrom.fem.io.GmshReader;
import org.jrom.fem.mechanics.ConstitutiveLaw;
import org.jrom.fem.mechanics.ConstitutiveLaws;
import org.jrom.fem.mechanics.LoadHistory;
import org.jrom.fem.mechanics.Loads;
import org.jrom.fem.mechanics.MaterialException;
import org.jrom.fem.mechanics.MaterialParameter;
import org.jrom.fem.mechanics.MaterialParameters;
import org.jrom.fem.mechanics.QuasiStaticNewton;
import org.jrom.fem.mechanics.QuasiStaticRun;
import org.jrom.fem.mechanics.RunRecipe;
import org.jrom.fem.mechanics.RunSchedule;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.fem.mechanics.TemperatureField;
import org.jrom.linalg.DenseMatrix;
import org.jrom.operators.ExpressionException;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterException;
import org.jrom.parameters.ParameterType;

/**
 * A structural case, {@code jrom-case/1.0} (JSON, docs/formats.md): the mesh (a Gmsh file or a
 * box), the element degree, the material law and its parameters (constant or tabulated against
 * temperature), load histories, boundary conditions, loads, the temperature field, the time grid,
 * Newton's options and what to write. Numbers may be expressions over the parameters the case
 * declares, so that one file describes a parametrized family of runs: {@link #instantiate} makes
 * the run of given parameter values. {@link #read} checks the whole file and instantiates it once
 * at the defaults, so a bad case fails there with a one-line error naming the field, before
 * anything runs or is written. Paths are relative to the case file and stay inside its folder
 * unless allowed outside. A read case is immutable: threads may instantiate it concurrently, each
 * run owning its solid's state.
 */
public final class CaseFile {
    /** The format this jrom reads. */
    public static final String FORMAT = "jrom-case/1.0";

    /** The most grid cubes a box mesh may have (each is six tetrahedra). */
    public static final long MAX_BOX_CELLS = 20_000_000;

    /** The most time steps a run may have. */
    public static final long MAX_STEPS = QuasiStaticRun.MAX_STEPS;

    /** The most points the histories may have in all, their cycles unrolled (each load holds its own copy). */
    public static final long MAX_HISTORY_POINTS = 100_000;

    /**
     * The most history points the loads may hold in all: each load (and each of its components)
     * holds its own scaled copy of its history, so that a few loads cannot make a small file take
     * gigabytes.
     */
    public static final long MAX_HELD_HISTORY_POINTS = 1_000_000;

    private static final List<String> TOP_LEVEL = List.of(
            "format",
            "description",
            "parameters",
            "mesh",
            "elements",
            "material",
            "materials",
            "histories",
            "boundary_conditions",
            "loads",
            "temperature",
            "time",
            "solver",
            "output");

    /** A name the case gives (a parameter, a history, a material parameter): also part of field paths. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private static final String NAME_RULE = "letters, digits and _ (not a digit first), at most 64";

    private static final List<String> COMPONENTS = List.of("x", "y", "z");

    /**
     * What a run writes.
     *
     * @param every write every k-th step (the last step always)
     * @param vtu whether to write the VTU series
     * @param snapshots whether to write the snapshot NPYs
     */
    public record Output(int every, boolean vtu, boolean snapshots) {}

    private final JsonFields json;
    private final JsonNode root;
    /** The mesh, built when first asked for (an embedded case answers schedules without it). */
    private Mesh mesh;

    private final Supplier<Mesh> meshSource;
    /** The mesh read from the case's mesh file; null for a box. */
    private final Mesh fileMesh;

    private final Map<String, Integer> subdomains;
    /** An embedded case's arrays by the names the case gives them; null for a case read from its file. */
    private final Map<String, double[][]> embedded;
    /** The NPY arrays the case names, by those names (what a model file embeds). */
    private final Map<String, double[][]> arraysByName = new ConcurrentHashMap<>();

    private final int degree;
    private final Map<String, Double> parameters;
    private final ParameterType type;
    private final Output output;
    /** The NPY arrays the case names, read once (at read's check), by path: rows of node values. */
    private final Map<Path, double[][]> arrays = new ConcurrentHashMap<>();

    private final List<Path> inputs = new ArrayList<>();

    private final String description;

    /**
     * What a model file keeps of a case to rebuild it without its files: the JSON, the mesh when it
     * came from a file (null for a box, which the JSON describes), the NPY arrays by the names the case
     * gives them, and the mesh's subdomains by name (what the schedules need of the mesh).
     */
    public record Embedding(
            JsonNode root, Mesh mesh, Map<String, double[][]> arrays, Map<String, Integer> subdomains) {}

    private CaseFile(Path file, boolean allowOutsidePaths, long maxBoxCells) {
        this(new JsonFields(file, allowOutsidePaths, "case file"), null, null, maxBoxCells);
    }

    /**
     * A case read from its file ({@code embedding == null}), or rebuilt from a model file's embedding
     * (then only the schedule at the defaults is checked, and the mesh is built when a run asks for it).
     */
    private CaseFile(JsonFields json, JsonNode embeddedRoot, Embedding embedding, long maxBoxCells) {
        this.json = json;
        this.root = embedding == null ? json.parse() : embeddedRoot;
        json.requireFormat(root, FORMAT, "case file");
        json.requireKnown(root, "", TOP_LEVEL);
        this.parameters = Collections.unmodifiableMap(declaredParameters());
        try {
            this.type = ParameterType.of(parameters.keySet().stream()
                    .collect(Collectors.toMap(n -> n, n -> 1, (a, b) -> a, LinkedHashMap::new)));
        } catch (ParameterException e) {
            throw json.error("parameters", e.getMessage());
        }
        if (embedding == null) {
            this.embedded = null;
            this.mesh = mesh(maxBoxCells, null);
            Mesh read = mesh;
            this.meshSource = () -> read;
            this.fileMesh = root.get("mesh").has("file") ? read : null;
            this.subdomains = read.subdomains();
        } else {
            this.embedded = Map.copyOf(embedding.arrays());
            this.fileMesh = embedding.mesh();
            this.meshSource = () -> mesh(maxBoxCells, embedding.mesh());
            this.subdomains = Map.copyOf(embedding.subdomains());
        }
        this.degree = readDegree();
        this.output = readOutput();
        if (embedding != null) {
            RunSchedule check = new Instance(parameters).schedule();
            this.description = root.has("description")
                    ? json.text(root, "description")
                    : String.format(Locale.ROOT, "structural case (P%d, %d steps)", degree, check.times().length - 1);
            return;
        }
        StructuralRun check = new Instance(parameters).build();
        this.description = root.has("description")
                ? json.text(root, "description")
                : String.format(
                        Locale.ROOT,
                        "structural case %s (%s, P%d, %d tetrahedra, %d steps)",
                        json.file().getFileName(),
                        check.solid().law().name(),
                        degree,
                        mesh.numCells(),
                        check.times().length - 1);
    }

    /**
     * A case rebuilt from what a model file embedded ({@link #embedding}); errors name {@code
     * modelFile}. Only the schedule at the defaults is checked here; the mesh is built when a run
     * asks for it.
     */
    public static CaseFile embedded(Path modelFile, Embedding embedding) {
        return new CaseFile(
                new JsonFields(modelFile, false, "case in the model file"),
                embedding.root().deepCopy(),
                embedding,
                MAX_BOX_CELLS);
    }

    /**
     * The displacement dofs of the case's box mesh at its degree, from the JSON alone (a P2 box's
     * nodes are the grid at half the spacing); -1 when the mesh is a file's or the box is malformed.
     * What a model file checks before it would build a mesh its model does not fit.
     */
    public long boxDofs() {
        JsonNode cells = root.path("mesh").path("box").path("cells");
        if (!cells.isArray() || cells.size() != 3) {
            return -1;
        }
        long nodes = 1;
        for (JsonNode n : cells) {
            if (!n.canConvertToLong() || n.longValue() < 1 || n.longValue() > MAX_BOX_CELLS) {
                return -1;
            }
            try {
                nodes = Math.multiplyExact(nodes, degree * n.longValue() + 1);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE; // far past any model
            }
        }
        return nodes > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : 3 * nodes;
    }

    /** What a model file keeps of this case to rebuild it ({@link #embedded}). */
    public Embedding embedding() {
        Map<String, double[][]> arrays = new LinkedHashMap<>(embedded != null ? embedded : arraysByName);
        return new Embedding(root.deepCopy(), fileMesh, arrays, subdomains);
    }

    /** {@link #read(Path, boolean)} with every path inside the case file's folder. */
    public static CaseFile read(Path file) {
        return read(file, false);
    }

    /**
     * Reads and checks a case file and every file it names, and instantiates it once at the
     * parameters' defaults (every material parameter admissible, every history covering the run).
     * Unless {@code allowOutsidePaths}, a path that resolves (links and {@code ..} followed) outside
     * the case file's folder is refused.
     *
     * @throws FileFormatException one line naming the case file and the field (or a named file and its line)
     * @throws UnsupportedVersionException for another version of the format
     * @throws FileAccessException if a file cannot be read
     */
    public static CaseFile read(Path file, boolean allowOutsidePaths) {
        return read(file, allowOutsidePaths, MAX_BOX_CELLS);
    }

    /** {@link #read(Path, boolean)} with a smaller limit on a box's cells (the fuzz test's small heap). */
    static CaseFile read(Path file, boolean allowOutsidePaths, long maxBoxCells) {
        return new CaseFile(file, allowOutsidePaths, maxBoxCells);
    }

    /** The case file. */
    public Path file() {
        return json.file();
    }

    /**
     * Every file the case was read from: the case file, its mesh file and its NPY arrays (what an
     * output must not replace).
     */
    public List<Path> inputs() {
        List<Path> all = new ArrayList<>(List.of(file()));
        all.addAll(inputs);
        all.addAll(arrays.keySet());
        return List.copyOf(all);
    }

    /** The case's one-line description, or a generated one. */
    public String description() {
        return description;
    }

    /** The mesh every instance shares (an embedded case's is built on the first call). */
    public synchronized Mesh mesh() {
        if (mesh == null) {
            mesh = meshSource.get();
        }
        return mesh;
    }

    /** The Lagrange degree of the elements, 1 or 2. */
    public int degree() {
        return degree;
    }

    /** The declared parameters and their default values, in the file's order. */
    public Map<String, Double> parameters() {
        return parameters;
    }

    /** What a run writes. */
    public Output output() {
        return output;
    }

    /**
     * The run at the given parameter values (the defaults for those not given): a fresh solid in
     * its initial state, its loads, the time grid and Newton's options; every expression is
     * evaluated at these values.
     *
     * @throws ParameterException naming a value whose parameter the case does not declare, or one not finite
     * @throws FileFormatException naming the field and the parameter values where an expression is
     *     not finite or a value not admissible (e.g. E <= 0)
     */
    public StructuralRun instantiate(Map<String, Double> values) {
        return new Instance(valuesAt(values)).build();
    }

    /**
     * The recipe of the run at these values for another process (a cluster's executor, which reads
     * the same files: a shared file system, or this machine): the case file's absolute path and the
     * values, read (with the same rule for outside paths) and instantiated again there.
     *
     * @throws JromException for a case embedded in a model file, which has no file of its own
     */
    public RunRecipe recipe(Map<String, Double> values) {
        if (embedded != null) {
            throw new JromException(file() + ": a case embedded in a model file cannot be sent as a recipe");
        }
        return new Recipe(
                file().toAbsolutePath().normalize().toString(),
                new java.util.TreeMap<>(values),
                json.allowsOutsidePaths());
    }

    /** {@link #recipe}: serializable, the path as text. */
    private record Recipe(String path, java.util.TreeMap<String, Double> values, boolean allowOutsidePaths)
            implements RunRecipe {
        @Override
        public StructuralRun run() {
            return read(Path.of(path), allowOutsidePaths).instantiate(values);
        }

        @Override
        public String describe() {
            return "the run " + values + " of " + path;
        }
    }

    /**
     * The run at the given parameter values without its mesh (a reduced model's online input): the
     * time grid, the amplitude of each force pattern and temperature shape of {@link #instantiate}'s
     * loads, in their order, and the law of each region. Costs nothing proportional to the mesh.
     *
     * @throws ParameterException as {@link #instantiate}
     * @throws FileFormatException as {@link #instantiate}
     */
    public RunSchedule schedule(Map<String, Double> values) {
        return new Instance(valuesAt(values)).schedule();
    }

    /** The defaults, with the given values in place: each declared and finite. */
    private Map<String, Double> valuesAt(Map<String, Double> values) {
        Map<String, Double> at = new LinkedHashMap<>(parameters);
        for (var e : values.entrySet()) {
            if (!parameters.containsKey(e.getKey())) {
                throw new ParameterException(json.file() + ": parameter " + Excerpt.quoted(e.getKey())
                        + " is not declared; the case declares "
                        + (parameters.isEmpty() ? "no parameters" : String.join(", ", parameters.keySet())));
            }
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new ParameterException(json.file() + ": parameter " + e.getKey() + " is " + e.getValue()
                        + ", expected a finite number");
            }
            at.put(e.getKey(), e.getValue());
        }
        return at;
    }

    /** Whether a number is written as the literal 0: a pattern the case leaves out whatever the parameters. */
    private static boolean writtenZero(JsonNode v) {
        return v != null && v.isNumber() && v.doubleValue() == 0;
    }

    /**
     * Checks that what a reduced model takes as fixed does not vary with {@code varying}: the
     * centrifugal axes (their patterns) and the imposed displacements' values (a reduced model takes
     * zero ones only). Every other number of a case is an amplitude, a time or a material value, which a
     * schedule gives at each parameter value.
     *
     * @throws FileFormatException naming the first field that is an expression of one of them
     */
    public void requireFixedFieldsIndependentOf(Set<String> varying) {
        List<String> fixed = new ArrayList<>();
        JsonNode loads = root.get("loads");
        for (int k = 0; loads != null && k < loads.size(); k++) {
            JsonNode l = loads.get(k);
            if ("centrifugal".equals(l.path("type").asText())) {
                for (String axis : List.of("axis_point", "axis_direction")) {
                    for (int i = 0; i < 3; i++) {
                        fixed.add("loads[" + k + "]." + axis + "[" + i + "]");
                    }
                }
            }
        }
        JsonNode conditions = root.get("boundary_conditions");
        for (int k = 0; conditions != null && k < conditions.size(); k++) {
            fixed.add("boundary_conditions[" + k + "].value");
        }
        for (String field : fixed) {
            JsonNode v = node(field);
            if (v != null && v.isTextual()) {
                for (String name : varying) {
                    if (Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])")
                            .matcher(v.textValue())
                            .find()) {
                        throw json.error(
                                field,
                                "depends on " + name + ", which the runs vary; a reduced model takes the centrifugal"
                                        + " axes and the imposed displacements as the same for every run");
                    }
                }
            }
        }
    }

    /** The node at a field path such as {@code loads[0].axis_point[2]}; null where there is none. */
    private JsonNode node(String field) {
        JsonNode n = root;
        for (String part : field.split("\\.")) {
            int bracket = part.indexOf('[');
            n = n.get(bracket < 0 ? part : part.substring(0, bracket));
            for (int b = bracket; n != null && b >= 0; b = part.indexOf('[', b + 1)) {
                n = n.get(Integer.parseInt(part.substring(b + 1, part.indexOf(']', b))));
            }
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    // Read once: parameters, mesh, elements, output.

    /** {@code {"name": default, ...}}. */
    private Map<String, Double> declaredParameters() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!root.has("parameters")) {
            return out;
        }
        JsonNode p = json.object(root.get("parameters"), "parameters");
        for (var e : p.properties()) {
            String name = name(e.getKey(), "parameters");
            out.put(name, json.finite(e.getValue(), "parameters." + name));
        }
        return out;
    }

    /**
     * {@code {"file": "part.msh"}} or {@code {"box": {"lower": [3], "upper": [3], "cells": [3]}}}; an
     * embedded case's mesh file is {@code embeddedMesh}.
     */
    private Mesh mesh(long maxBoxCells, Mesh embeddedMesh) {
        JsonNode m = json.object(root.get("mesh"), "mesh");
        json.requireKnown(m, "mesh", List.of("file", "box"));
        if (m.has("file") == m.has("box")) {
            throw json.error("mesh", "expected either \"file\" (a Gmsh .msh file) or \"box\"");
        }
        Mesh mesh;
        if (m.has("file") && embedded != null) {
            if (embeddedMesh == null) {
                throw json.error("mesh.file", "the model file holds no mesh (a model read for queries only)");
            }
            return embeddedMesh;
        }
        if (m.has("file")) {
            Path meshPath = json.existing(json.text(m, "mesh.file"), "mesh.file");
            inputs.add(meshPath);
            mesh = GmshReader.read(meshPath, false);
            if (mesh.dimension() != 3 || mesh.numCells() == 0) {
                throw json.error("mesh.file", "expected a 3D mesh of tetrahedra, found dimension " + mesh.dimension());
            }
            return mesh;
        }
        JsonNode box = json.object(m.get("box"), "mesh.box");
        json.requireKnown(box, "mesh.box", List.of("lower", "upper", "cells"));
        double[] lower = new double[3];
        double[] upper = new double[3];
        int[] cells = new int[3];
        JsonNode lo = triple(box, "mesh.box.lower");
        JsonNode hi = triple(box, "mesh.box.upper");
        JsonNode n = triple(box, "mesh.box.cells");
        long total = 1;
        for (int d = 0; d < 3; d++) {
            lower[d] = json.finite(lo.get(d), "mesh.box.lower[" + d + "]");
            upper[d] = json.finite(hi.get(d), "mesh.box.upper[" + d + "]");
            if (!(upper[d] > lower[d])) {
                throw json.error(
                        "mesh.box.upper[" + d + "]",
                        "expected more than lower[" + d + "] = " + lower[d] + ", found " + upper[d]);
            }
            cells[d] = json.positiveWhole(n.get(d), "mesh.box.cells[" + d + "]");
            total = Math.multiplyHigh(total, cells[d]) != 0 ? Long.MAX_VALUE : total * cells[d];
        }
        if (total > maxBoxCells) {
            throw json.error(
                    "mesh.box.cells",
                    "expected at most " + maxBoxCells + " cells in all (each is six tetrahedra), found "
                            + (total == Long.MAX_VALUE ? "more" : total));
        }
        return StructuredMesh.box(lower, upper, cells[0], cells[1], cells[2], c -> 0, Map.of("solid", 0));
    }

    private JsonNode triple(JsonNode node, String field) {
        JsonNode v = json.list(node, field);
        if (v.size() != 3) {
            throw json.error(field, "expected a list of 3 numbers, found " + Excerpt.of(String.valueOf(v)));
        }
        return v;
    }

    /** {@code "elements": {"degree": 1 | 2}}, 2 when not given. */
    private int readDegree() {
        if (!root.has("elements")) {
            return 2;
        }
        JsonNode e = json.object(root.get("elements"), "elements");
        json.requireKnown(e, "elements", List.of("degree"));
        if (!e.has("degree")) {
            return 2;
        }
        JsonNode d = e.get("degree");
        if (!d.isIntegralNumber() || (d.intValue() != 1 && d.intValue() != 2)) {
            throw json.error("elements.degree", "expected 1 or 2, found " + Excerpt.of(String.valueOf(d)));
        }
        return d.intValue();
    }

    /** {@code "output": {"every": k, "vtu": b, "snapshots": b}}: every step, VTU and snapshots by default. */
    private Output readOutput() {
        if (!root.has("output")) {
            return new Output(1, true, true);
        }
        JsonNode o = json.object(root.get("output"), "output");
        json.requireKnown(o, "output", List.of("every", "vtu", "snapshots"));
        int every = o.has("every") ? json.positiveWhole(o.get("every"), "output.every") : 1;
        return new Output(every, flag(o, "output.vtu"), flag(o, "output.snapshots"));
    }

    private boolean flag(JsonNode node, String field) {
        JsonNode v = node.get(JsonFields.key(field));
        if (v == null) {
            return true;
        }
        if (!v.isBoolean()) {
            throw json.error(field, "expected true or false, found " + Excerpt.of(String.valueOf(v)));
        }
        return v.booleanValue();
    }

    private String name(String key, String field) {
        if (!NAME.matcher(key).matches()) {
            throw json.error(field, "name " + Excerpt.quoted(key) + ": expected " + NAME_RULE);
        }
        return key;
    }

    /** The array of an NPY file the case names, read and checked once: finite, {@code rows x nodes}. */
    private double[][] nodeValues(JsonNode node, String field, int rows) {
        String name = json.text(node, field);
        if (embedded != null) {
            double[][] known = embedded.get(name);
            int nodes = mesh().numNodes();
            if (known == null || known.length != rows || known[0].length != nodes) {
                throw json.error(
                        field,
                        known == null
                                ? "the model file holds no array " + Excerpt.quoted(name)
                                : "the model file's " + Excerpt.quoted(name) + " holds " + known.length + " x "
                                        + known[0].length + " values, expected " + rows + " x " + nodes);
            }
            return known;
        }
        Path p = json.existing(name, field);
        double[][] known = arrays.get(p);
        if (known == null) {
            Npy.Array a = Npy.read(p, false);
            DenseMatrix m = a.matrix();
            int nodes = mesh().numNodes();
            boolean vector = a.isVector() && rows == 1 && m.data().length == nodes;
            if (!vector && (a.shape().length != 2 || m.rows() != rows || m.cols() != nodes)) {
                throw json.error(
                        field,
                        dir(p) + " has shape " + a.shapeText() + ", expected "
                                + (rows == 1 ? "(" + nodes + ",)" : "(" + rows + ", " + nodes + ")")
                                + ": one value per mesh node"
                                + (rows == 1 ? "" : " at each of the " + rows + " times"));
            }
            known = new double[rows][nodes];
            for (int i = 0; i < rows; i++) {
                for (int n = 0; n < nodes; n++) {
                    double v = vector ? m.data()[n] : m.get(i, n);
                    if (!Double.isFinite(v)) {
                        throw json.error(
                                field,
                                dir(p) + ": entry (" + i + ", " + n + ") is " + v + ", expected a finite number");
                    }
                    known[i][n] = v;
                }
            }
            arrays.put(p, known);
            arraysByName.put(name, known);
        } else if (known.length != rows) {
            throw json.error(field, dir(p) + " holds " + known.length + " fields, expected " + rows);
        }
        return known;
    }

    private Path dir(Path p) {
        return json.dir().relativize(p);
    }

    /** A run's schedule, and the run itself when the mesh was asked for (else null). */
    private record Parts(RunSchedule schedule, StructuralRun run) {}

    /** One evaluation of the case at parameter values: every expression evaluated, every fem object built. */
    private final class Instance {
        private final Map<String, Double> at;
        private final Parameter mu;
        private final Map<String, LoadHistory> histories = new LinkedHashMap<>();
        private long held; // the points of the scaled copies made so far
        private double start;
        private double end;

        Instance(Map<String, Double> at) {
            this.at = at;
            this.mu = Parameter.of(
                    type, at.values().stream().mapToDouble(Double::doubleValue).toArray());
        }

        /** The run: {@link #parts} with the mesh. */
        StructuralRun build() {
            return parts(true).run();
        }

        /** The schedule alone: {@link #parts} without the mesh. */
        RunSchedule schedule() {
            return parts(false).schedule();
        }

        /**
         * The schedule, and with the mesh the run whose loads it drives. One pass over the case for
         * both, so that the amplitudes of the schedule are those of the run's patterns, in their order.
         */
        private Parts parts(boolean withMesh) {
            JsonNode timeNode = json.object(root.get("time"), "time");
            double[] times = timeSpan(timeNode);
            histories();
            if (root.has("material") == root.has("materials")) {
                throw json.error(
                        "material",
                        "expected either \"material\" (one for the whole mesh) or \"materials\" (one per region)");
            }
            String materialField = root.has("material") ? "material" : "materials[0]";
            JsonNode material;
            MaterialParameters materialParameters;
            Map<String, ConstitutiveLaw> laws;
            SmallStrainSolid solid = null;
            try {
                if (root.has("material")) {
                    material = json.object(root.get("material"), "material");
                    materialParameters = materialParameters(material, "material", List.of());
                    ConstitutiveLaw law = law(material, materialParameters, "material");
                    laws = Map.of(SmallStrainSolid.ALL, law);
                    if (withMesh) {
                        solid = new SmallStrainSolid(mesh(), degree, law);
                    }
                } else {
                    JsonNode all = json.list(root, "materials");
                    material = json.object(all.get(0), materialField);
                    materialParameters = materialParameters(material, materialField, List.of("regions"));
                    laws = regions(all, material);
                    if (withMesh) {
                        solid = new SmallStrainSolid(mesh(), degree, laws);
                    }
                }
            } catch (IllegalArgumentException ex) {
                throw json.error(root.has("material") ? "mesh" : "materials", ex.getMessage());
            }
            Loads.Builder loads = solid == null ? null : Loads.builder(solid);
            List<LoadHistory> used = new ArrayList<>(); // every history the loads take: the time grid's breakpoints
            boundaryConditions(loads, used);
            List<DoubleUnaryOperator> forces = new ArrayList<>();
            boolean inertial = loads(loads, forces, used, material, materialField);
            if (!inertial && material.has("density")) {
                positive(material.get("density"), materialField + ".density");
            }
            LoadHistory[] temperature = temperature(materialParameters, loads);
            if (times == null) {
                double maxStep = positive(timeNode.get("max_step"), "time.max_step");
                if ((end - start) / maxStep > MAX_STEPS) {
                    throw json.error(
                            "time.max_step",
                            "the run from " + start + " to " + end + " would take more than " + MAX_STEPS + " steps of "
                                    + maxStep + at());
                }
                double[] breakpoints = Stream.concat(used.stream(), Arrays.stream(temperature))
                        .flatMapToDouble(h -> Arrays.stream(h.times()))
                        .sorted()
                        .distinct()
                        .toArray();
                times = QuasiStaticRun.timeGrid(start, end, maxStep, breakpoints);
            }
            RunSchedule schedule = new RunSchedule(times, forces, List.of(temperature), laws);
            return new Parts(schedule, loads == null ? null : new StructuralRun(solid, loads.build(), times, solver()));
        }

        /** {@code {"end": t, "max_step": h}} (from 0) or {@code {"times": [...]}}; null for the former, the grid for the latter. */
        private double[] timeSpan(JsonNode t) {
            json.requireKnown(t, "time", List.of("end", "max_step", "times"));
            if (t.has("times")) {
                if (t.has("end") || t.has("max_step")) {
                    throw json.error("time", "expected either \"times\" or \"end\" with \"max_step\", not both");
                }
                double[] times = increasing(json.list(t, "time.times"), "time.times", "times");
                if (times.length < 2) {
                    throw json.error("time.times", "expected at least two times, the start and the end");
                }
                start = times[0];
                end = times[times.length - 1];
                return times;
            }
            start = 0;
            end = positive(t.get("end"), "time.end");
            return null;
        }

        /** {@code "histories": {"name": {"times": [...], "values": [...], "cycles": k}}}, each covering the run. */
        private void histories() {
            if (!root.has("histories")) {
                return;
            }
            JsonNode all = json.object(root.get("histories"), "histories");
            long points = 0;
            for (var e : all.properties()) {
                String field = "histories." + name(e.getKey(), "histories");
                JsonNode h = json.object(e.getValue(), field);
                json.requireKnown(h, field, List.of("times", "values", "cycles"));
                double[] times = increasing(json.list(h, field + ".times"), field + ".times", "times");
                double[] values = numbers(json.list(h, field + ".values"), field + ".values", times.length);
                LoadHistory history = LoadHistory.of(times, values);
                if (h.has("cycles")) {
                    int cycles = json.positiveWhole(h.get("cycles"), field + ".cycles");
                    if ((long) cycles * times.length > MAX_HISTORY_POINTS - points) {
                        throw json.error(
                                field + ".cycles",
                                "expected at most " + MAX_HISTORY_POINTS + " points in all histories, found " + cycles
                                        + " cycles of " + times.length + (points > 0 ? " after " + points : ""));
                    }
                    try {
                        history = history.repeated(cycles);
                    } catch (IllegalArgumentException ex) {
                        throw json.error(field + ".cycles", ex.getMessage());
                    }
                }
                if (history.start() > start || history.end() < end) {
                    throw json.error(
                            field,
                            "covers [" + history.start() + ", " + history.end() + "], but the run goes from " + start
                                    + " to " + end + at());
                }
                points += history.times().length;
                histories.put(e.getKey(), history);
            }
        }

        /** The history an entry names ({@code "history"}), times {@code scale}; constant 1 if it names none. */
        private LoadHistory history(JsonNode o, String field, double scale) {
            LoadHistory h = LoadHistory.constant(1, start, end);
            if (o.has("history")) {
                String name = json.text(o, field + ".history");
                h = histories.get(name);
                if (h == null) {
                    throw json.error(
                            field + ".history",
                            "no history " + Excerpt.quoted(name) + "; "
                                    + (histories.isEmpty()
                                            ? "the case declares no histories"
                                            : "the histories are " + String.join(", ", histories.keySet())));
                }
            }
            held += h.times().length;
            if (held > MAX_HELD_HISTORY_POINTS) {
                throw json.error(
                        field,
                        "the loads hold more than " + MAX_HELD_HISTORY_POINTS + " history points in all (each load"
                                + " and each component its own copy of its history)");
            }
            double[] v = h.values();
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
            try {
                return LoadHistory.of(h.times(), v);
            } catch (IllegalArgumentException ex) {
                throw json.error(field, "the value times its history: " + ex.getMessage() + at());
            }
        }

        /** {@code {"law": name, "density": rho, "parameters": {"E": v | {"temperatures": [...], "values": [...]}}}}. */
        /**
         * {@code [{"regions": [subdomain...], "law": ..., "density": ..., "parameters": {...}}, ...]}:
         * the law of each subdomain. Every region is a subdomain of the mesh, in one material only; the
         * densities, where given, are equal (the inertial loads take one density).
         */
        private Map<String, ConstitutiveLaw> regions(JsonNode all, JsonNode first) {
            Map<String, ConstitutiveLaw> bySubdomain = new LinkedHashMap<>();
            for (int k = 0; k < all.size(); k++) {
                String field = "materials[" + k + "]";
                JsonNode m = json.object(all.get(k), field);
                MaterialParameters parameters = materialParameters(m, field, List.of("regions"));
                ConstitutiveLaw law = law(m, parameters, field);
                String[] regions = named(m, "regions", field, subdomains, "subdomain", "subdomains");
                for (int r = 0; r < regions.length; r++) {
                    if (bySubdomain.put(regions[r], law) != null) {
                        throw json.error(
                                field + ".regions[" + r + "]",
                                "subdomain " + regions[r] + " is in another material already");
                    }
                }
                if (m.has("density")
                        && first.has("density")
                        && number(m.get("density"), field + ".density")
                                != number(first.get("density"), "materials[0].density")) {
                    throw json.error(
                            field + ".density", "the regions' densities differ; the inertial loads take one density");
                }
            }
            return bySubdomain;
        }

        private MaterialParameters materialParameters(JsonNode material, String at, List<String> more) {
            List<String> known = new ArrayList<>(List.of("law", "density", "parameters"));
            known.addAll(more);
            json.requireKnown(material, at, known);
            String law = json.text(material, at + ".law");
            if (!ConstitutiveLaws.NAMES.contains(law)) {
                throw json.error(
                        at + ".law",
                        "unknown law " + Excerpt.quoted(law) + "; the laws are "
                                + String.join(", ", ConstitutiveLaws.NAMES));
            }
            JsonNode p = json.object(material.get("parameters"), at + ".parameters");
            List<MaterialParameter> list = new ArrayList<>();
            for (var e : p.properties()) {
                String name = name(e.getKey(), at + ".parameters");
                String field = at + ".parameters." + name;
                JsonNode v = e.getValue();
                try {
                    if (v.isObject()) {
                        json.requireKnown(v, field, List.of("temperatures", "values"));
                        double[] t = increasing(
                                json.list(v, field + ".temperatures"), field + ".temperatures", "temperatures");
                        double[] values = numbers(json.list(v, field + ".values"), field + ".values", t.length);
                        list.add(new MaterialParameter(name, t, values));
                    } else {
                        list.add(MaterialParameter.constant(name, number(v, field)));
                    }
                } catch (MaterialException ex) {
                    throw materialError(ex, p, at);
                }
            }
            try {
                return MaterialParameters.of(list.toArray(MaterialParameter[]::new));
            } catch (MaterialException ex) {
                throw materialError(ex, p, at);
            }
        }

        private ConstitutiveLaw law(JsonNode material, MaterialParameters parameters, String at) {
            try {
                return ConstitutiveLaws.of(material.get("law").textValue(), parameters);
            } catch (MaterialException ex) {
                throw materialError(ex, material.get("parameters"), at);
            }
        }

        /** The law's error about a parameter, as the field of the case file that gives it. */
        private FileFormatException materialError(MaterialException ex, JsonNode given, String at) {
            if (ex.parameter() == null) {
                return json.error(at, ex.getMessage() + at());
            }
            String field = at + ".parameters." + ex.parameter();
            JsonNode p = given.get(ex.parameter());
            if (ex.entry() >= 0 && p != null && p.isObject()) {
                field += ".values[" + ex.entry() + "]";
            }
            return json.error(field, ex.detail() + at());
        }

        /**
         * {@code [{"boundary": b, "type": "clamp" | "symmetry" | "displacement", ...}]}, into {@code
         * loads} (null for a schedule), each history into {@code used}.
         */
        private void boundaryConditions(Loads.Builder loads, List<LoadHistory> used) {
            if (!root.has("boundary_conditions")) {
                return;
            }
            JsonNode all = json.list(root, "boundary_conditions");
            for (int k = 0; k < all.size(); k++) {
                String field = "boundary_conditions[" + k + "]";
                JsonNode c = json.object(all.get(k), field);
                String kind = json.text(c, field + ".type");
                int[] components;
                double value = 0;
                LoadHistory amplitude = LoadHistory.constant(1, start, end);
                switch (kind) {
                    case "clamp" -> {
                        json.requireKnown(c, field, List.of("boundary", "type"));
                        components = new int[] {0, 1, 2};
                    }
                    case "symmetry" -> {
                        json.requireKnown(c, field, List.of("boundary", "type", "normal"));
                        components = new int[] {component(c.get("normal"), field + ".normal")};
                    }
                    case "displacement" -> {
                        json.requireKnown(c, field, List.of("boundary", "type", "components", "value", "history"));
                        JsonNode list = json.list(c, field + ".components");
                        components = new int[list.size()];
                        for (int i = 0; i < components.length; i++) {
                            components[i] = component(list.get(i), field + ".components[" + i + "]");
                        }
                        value = number(c.get("value"), field + ".value");
                        amplitude = history(c, field, 1);
                    }
                    default ->
                        throw json.error(
                                field + ".type",
                                "unknown type " + Excerpt.quoted(kind)
                                        + "; the types are clamp, symmetry, displacement");
                }
                used.add(amplitude);
                if (loads == null) {
                    continue;
                }
                String[] boundary = boundary(c, field);
                try {
                    loads.displacement(components, value, amplitude, boundary);
                } catch (IllegalArgumentException ex) {
                    throw json.error(field, ex.getMessage());
                }
            }
        }

        /**
         * {@code [{"type": "pressure" | "traction" | "body_force" | "centrifugal", ...}]}: each force
         * pattern into {@code loads} (null for a schedule) and its amplitude into {@code forces}, every
         * history into {@code used}; whether there is a load that needs the density. The patterns do
         * not depend on the parameters, so that one reduced model serves them all: a traction or an
         * acceleration is one pattern per component the case does not write as 0 (the unit vector's,
         * times the component), a centrifugal load the unit density's, {@code (omega sqrt(rho) h(t))^2}.
         */
        private boolean loads(
                Loads.Builder loads,
                List<DoubleUnaryOperator> forces,
                List<LoadHistory> used,
                JsonNode material,
                String materialField) {
            if (!root.has("loads")) {
                return false;
            }
            boolean inertial = false;
            JsonNode all = json.list(root, "loads");
            for (int k = 0; k < all.size(); k++) {
                String field = "loads[" + k + "]";
                JsonNode l = json.object(all.get(k), field);
                String kind = json.text(l, field + ".type");
                try {
                    switch (kind) {
                        case "pressure" -> {
                            json.requireKnown(l, field, List.of("type", "boundary", "value", "history"));
                            LoadHistory p = history(l, field, number(l.get("value"), field + ".value"));
                            used.add(p);
                            forces.add(p::value);
                            if (loads != null) {
                                loads.pressure(p, boundary(l, field));
                            }
                        }
                        case "traction" -> {
                            json.requireKnown(l, field, List.of("type", "boundary", "value", "history"));
                            JsonNode value = json.list(l, field + ".value");
                            double[] t = numbers(value, field + ".value", 3);
                            String[] boundary = loads == null ? null : boundary(l, field);
                            used.add(history(l, field, 1));
                            for (int c = 0; c < 3; c++) {
                                if (!writtenZero(value.get(c))) {
                                    LoadHistory a = history(l, field, t[c]);
                                    forces.add(a::value);
                                    if (loads != null) {
                                        loads.traction(unit(c), a, boundary);
                                    }
                                }
                            }
                        }
                        case "body_force" -> {
                            json.requireKnown(l, field, List.of("type", "acceleration", "history"));
                            JsonNode acceleration = json.list(l, field + ".acceleration");
                            double[] g = numbers(acceleration, field + ".acceleration", 3);
                            double rho = density(material, materialField, field);
                            used.add(history(l, field, 1));
                            for (int c = 0; c < 3; c++) {
                                if (!writtenZero(acceleration.get(c))) {
                                    LoadHistory a = history(l, field, rho * g[c]);
                                    forces.add(a::value);
                                    if (loads != null) {
                                        loads.bodyForce(1, unit(c), a);
                                    }
                                }
                            }
                            inertial = true;
                        }
                        case "centrifugal" -> {
                            json.requireKnown(
                                    l, field, List.of("type", "axis_point", "axis_direction", "omega", "history"));
                            double[] a = numbers(json.list(l, field + ".axis_point"), field + ".axis_point", 3);
                            double[] e = numbers(json.list(l, field + ".axis_direction"), field + ".axis_direction", 3);
                            if (e[0] == 0 && e[1] == 0 && e[2] == 0) {
                                throw json.error(field + ".axis_direction", "expected a non-zero vector" + at());
                            }
                            double omega = number(l.get("omega"), field + ".omega");
                            double rho = density(material, materialField, field);
                            LoadHistory w = history(l, field, omega * Math.sqrt(rho));
                            used.add(w);
                            forces.add(t -> {
                                double v = w.value(t);
                                return v * v;
                            });
                            if (loads != null) {
                                loads.centrifugal(1, a, e, w);
                            }
                            inertial = true;
                        }
                        default ->
                            throw json.error(
                                    field + ".type",
                                    "unknown type " + Excerpt.quoted(kind)
                                            + "; the types are pressure, traction, body_force, centrifugal");
                    }
                } catch (IllegalArgumentException ex) {
                    throw json.error(field, ex.getMessage());
                }
            }
            return inertial;
        }

        private double[] unit(int c) {
            double[] e = new double[3];
            e[c] = 1;
            return e;
        }

        private double density(JsonNode material, String at, String load) {
            if (!material.has("density")) {
                throw json.error(at + ".density", "missing: " + load + " needs the density");
            }
            return positive(material.get("density"), at + ".density");
        }

        /**
         * {@code {"uniform": T, "history": h}}, {@code {"reference": T0, "shape": "theta.npy",
         * "amplitude": a, "history": h}} or {@code {"nodal": "T.npy", "times": [...]}}; without it, the
         * material's reference temperature T_ref everywhere (no thermal strain). The field is {@code
         * sum_k a_k(t) shape_k} with shapes that do not depend on the parameters (a uniform temperature
         * or the reference is the shape 1); the amplitudes are returned, and with {@code loads} the field
         * goes into them.
         */
        private LoadHistory[] temperature(MaterialParameters material, Loads.Builder loads) {
            LoadHistory[] amplitudes;
            Supplier<double[][]> shapes;
            if (!root.has("temperature")) {
                MaterialParameter reference = material.asMap().get("T_ref");
                amplitudes = new LoadHistory[] {LoadHistory.constant(reference.values()[0], start, end)};
                shapes = () -> new double[][] {ones()};
            } else {
                JsonNode t = json.object(root.get("temperature"), "temperature");
                if (t.has("uniform")) {
                    json.requireKnown(t, "temperature", List.of("uniform", "history"));
                    double u = number(t.get("uniform"), "temperature.uniform");
                    amplitudes = new LoadHistory[] {history(t, "temperature", u)};
                    shapes = () -> new double[][] {ones()};
                } else if (t.has("shape")) {
                    json.requireKnown(t, "temperature", List.of("reference", "shape", "amplitude", "history"));
                    double reference = number(t.get("reference"), "temperature.reference");
                    double amplitude = number(t.get("amplitude"), "temperature.amplitude");
                    amplitudes = new LoadHistory[] {
                        LoadHistory.constant(reference, start, end), history(t, "temperature", amplitude)
                    };
                    shapes = () -> new double[][] {ones(), nodeValues(t, "temperature.shape", 1)[0]};
                } else if (t.has("nodal")) {
                    json.requireKnown(t, "temperature", List.of("nodal", "times"));
                    double[] times = increasing(json.list(t, "temperature.times"), "temperature.times", "times");
                    if (times[0] > start || times[times.length - 1] < end) {
                        throw json.error(
                                "temperature.times",
                                "cover [" + times[0] + ", " + times[times.length - 1] + "], but the run goes from "
                                        + start + " to " + end + at());
                    }
                    amplitudes = TemperatureField.hats(times);
                    shapes = () -> nodeValues(t, "temperature.nodal", times.length);
                } else {
                    throw json.error(
                            "temperature",
                            "expected \"uniform\", \"shape\" (with \"reference\") or \"nodal\" (with \"times\")");
                }
            }
            if (loads != null) {
                loads.temperature(TemperatureField.of(new double[mesh().numNodes()], shapes.get(), amplitudes));
            }
            return amplitudes;
        }

        private double[] ones() {
            double[] ones = new double[mesh().numNodes()];
            Arrays.fill(ones, 1);
            return ones;
        }

        /**
         * {@code "solver": {"tolerance", "max_iterations", "max_cuts", "tangent", "linear_solver"}}; the
         * defaults for what is not given.
         */
        private QuasiStaticNewton.Options solver() {
            QuasiStaticNewton.Options d = QuasiStaticNewton.Options.defaults();
            if (!root.has("solver")) {
                return d;
            }
            JsonNode s = json.object(root.get("solver"), "solver");
            json.requireKnown(
                    s, "solver", List.of("tolerance", "max_iterations", "max_cuts", "tangent", "linear_solver"));
            double tolerance = s.has("tolerance") ? positive(s.get("tolerance"), "solver.tolerance") : d.tolerance();
            int iterations = s.has("max_iterations")
                    ? bounded(s.get("max_iterations"), "solver.max_iterations", 1, 1000)
                    : d.maxIterations();
            int cuts = s.has("max_cuts") ? bounded(s.get("max_cuts"), "solver.max_cuts", 0, 50) : d.maxCuts();
            QuasiStaticNewton.TangentUpdate update = s.has("tangent")
                    ? lowerCaseName(s, "solver.tangent", "tangent update", QuasiStaticNewton.TangentUpdate.class)
                    : d.update();
            QuasiStaticNewton.LinearSolver linear = s.has("linear_solver")
                    ? lowerCaseName(s, "solver.linear_solver", "linear solver", QuasiStaticNewton.LinearSolver.class)
                    : d.solver();
            return new QuasiStaticNewton.Options(tolerance, iterations, cuts, update, linear);
        }

        /** The constant of {@code kind} whose name in lower case is the text of {@code field}. */
        private <E extends Enum<E>> E lowerCaseName(JsonNode s, String field, String noun, Class<E> kind) {
            String given = json.text(s, field);
            List<String> names = Arrays.stream(kind.getEnumConstants())
                    .map(e -> e.name().toLowerCase(Locale.ROOT))
                    .toList();
            int k = names.indexOf(given);
            if (k < 0) {
                throw json.error(
                        field,
                        "unknown " + noun + " " + Excerpt.quoted(given) + "; the " + noun + "s are "
                                + String.join(", ", names));
            }
            return kind.getEnumConstants()[k];
        }

        private int bounded(JsonNode v, String field, int min, int max) {
            if (v == null
                    || !v.isIntegralNumber()
                    || !v.canConvertToInt()
                    || v.intValue() < min
                    || v.intValue() > max) {
                throw json.error(
                        field,
                        "expected a whole number from " + min + " to " + max + ", found "
                                + Excerpt.of(String.valueOf(v)));
            }
            return v.intValue();
        }

        /** {@code "boundary": "name"} or {@code ["name", ...]}, each a boundary part of the mesh. */
        private String[] boundary(JsonNode o, String field) {
            return named(o, "boundary", field, mesh().boundaries(), "boundary", "boundaries");
        }

        /** {@code o.key}: one name or a list of them, each a key of {@code known} (the mesh's parts). */
        private String[] named(
                JsonNode o, String key, String field, Map<String, Integer> known, String noun, String plural) {
            String f = field + "." + key;
            JsonNode v = o.get(key);
            List<String> names = new ArrayList<>();
            if (v != null && v.isTextual()) {
                names.add(requireNamed(v, f, known, noun, plural));
            } else {
                JsonNode list = json.list(o, f);
                for (int i = 0; i < list.size(); i++) {
                    names.add(requireNamed(list.get(i), f + "[" + i + "]", known, noun, plural));
                }
            }
            return names.toArray(String[]::new);
        }

        private String requireNamed(JsonNode v, String field, Map<String, Integer> known, String noun, String plural) {
            String name = json.textValue(v, field);
            if (!known.containsKey(name)) {
                throw json.error(
                        field,
                        "the mesh has no " + noun + " " + Excerpt.quoted(name) + "; its " + plural + " are "
                                + (known.isEmpty() ? "none" : String.join(", ", known.keySet())));
            }
            return name;
        }

        private int component(JsonNode v, String field) {
            String c = json.textValue(v, field);
            int i = COMPONENTS.indexOf(c);
            if (i < 0) {
                throw json.error(field, "expected \"x\", \"y\" or \"z\", found " + Excerpt.quoted(c));
            }
            return i;
        }

        /** A number, or an expression of the parameters evaluated at this instance's values. */
        private double number(JsonNode v, String field) {
            if (v != null && v.isNumber()) {
                return json.finite(v, field);
            }
            if (v == null || !v.isTextual()) {
                throw json.error(
                        field,
                        v == null
                                ? "missing"
                                : "expected a number or an expression of the parameters, found "
                                        + Excerpt.of(String.valueOf(v)));
            }
            double x;
            try {
                x = ParameterFunctional.expression(type, v.textValue()).evaluate(mu);
            } catch (ExpressionException e) {
                throw json.error(field, Excerpt.of(e.getMessage(), 200));
            }
            if (!Double.isFinite(x)) {
                throw json.error(field, Excerpt.quoted(v.textValue()) + " is " + x + at());
            }
            return x;
        }

        private double positive(JsonNode v, String field) {
            double x = number(v, field);
            if (!(x > 0)) {
                throw json.error(field, "expected a positive number, found " + x + at());
            }
            return x;
        }

        /** {@code size} numbers ({@code size < 0}: any count). */
        private double[] numbers(JsonNode list, String field, int size) {
            if (size >= 0 && list.size() != size) {
                throw json.error(field, "expected " + size + " numbers, found " + list.size());
            }
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = number(list.get(i), field + "[" + i + "]");
            }
            return out;
        }

        /** Strictly increasing numbers ({@code what}: "times", "temperatures"); the error names the first that is not. */
        private double[] increasing(JsonNode list, String field, String what) {
            double[] out = numbers(list, field, -1);
            for (int i = 1; i < out.length; i++) {
                if (!(out[i] > out[i - 1])) {
                    throw json.error(
                            field + "[" + i + "]",
                            what + " must increase, found " + out[i] + " after " + out[i - 1] + at());
                }
            }
            return out;
        }

        /**
         * The parameter values, for messages about a value: {@code " at load=100.0, K_scale=1.0"};
         * empty at the defaults, which are the file's own (read's check).
         */
        private String at() {
            if (at.equals(parameters)) {
                return "";
            }
            return " at "
                    + at.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", "));
        }
    }
}

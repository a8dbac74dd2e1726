package org.jrom.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jrom.Excerpt;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.algorithms.ExpressionBound;
import org.jrom.algorithms.MatrixEim;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.algorithms.ScmBound;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.models.CoercivityBound;
import org.jrom.models.StationaryModel;
import org.jrom.operators.ExpressionEntries;
import org.jrom.operators.ExpressionException;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixEntries;
import org.jrom.operators.MatrixOperator;
import org.jrom.operators.Operator;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterException;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;

/**
 * An affine parametrized problem {@code A(mu) u = f(mu)}, {@code A(mu) = sum_q theta_q(mu) A_q},
 * assembled by an external solver and described by a {@code jrom-affine/1} manifest (JSON,
 * docs/formats.md): the parameters and their ranges, each operator and right-hand side term as a
 * Matrix Market (or, for vectors, {@code .npy}) file with its coefficient in the expression
 * language, the inner product, the coercivity lower bound, the outputs and an optional training
 * set. Paths are relative to the manifest. Every error names the manifest field and, for the
 * files it points to, the file and line.
 */
public final class AffineManifest {
    /** The format this jrom reads. */
    public static final String FORMAT = "jrom-affine/1";

    private static final ObjectMapper JSON = JsonFields.JSON;
    private static final List<String> TOP_LEVEL = List.of(
            "format",
            "description",
            "parameters",
            "operator",
            "rhs",
            "product",
            "coercivity",
            "outputs",
            "training_set",
            "mesh",
            "constrained_dofs",
            "operator_samples",
            "test_samples");

    /** An output name: it is part of a file name ({@code L_<name>.mtx}) and of CSV column names. */
    private static final Pattern OUTPUT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private static final String OUTPUT_NAME_RULE = "letters, digits and _ (not a digit first), at most 64";

    /** How an output is certified. */
    public enum OutputMethod {
        /** The output functional is the right-hand side and A is symmetric: bound {@code ||r||^2 / alpha_LB}. */
        COMPLIANT,
        /** A dual reduced basis corrects the output: bound {@code ||r|| ||r_dual|| / alpha_LB}. */
        PRIMAL_DUAL,
        /** The plain bound {@code ||l||_X' ||r|| / alpha_LB}. */
        DUAL_NORM
    }

    /** How the coercivity lower bound is obtained. */
    public sealed interface Coercivity {
        /** A bound the modeller gives as an expression of the parameters. */
        record Given(String expression) implements Coercivity {}

        /** Min-theta relative to a reference parameter at which the coercivity constant is {@code alpha}. */
        record MinTheta(Parameter reference, double alpha) implements Coercivity {}

        /** The successive constraint method over the training set. */
        record Scm(ScmBound.Options options) implements Coercivity {}
    }

    private final Path file;
    private final String description;
    private final ParameterSpace space;
    private final StationaryModel model;
    private final MatrixOperator product;
    private final Coercivity coercivity;
    private final Map<String, OutputMethod> outputs;
    private final List<Parameter> trainingSet;
    private final MeshLayout mesh;
    private final Constraints constraints;

    /**
     * The constrained (Dirichlet) dofs jrom eliminated: the solver's rows of those dofs are identity
     * rows (no entry off the diagonal in any term), its right-hand side is zero there, and the model
     * is the free dofs' block. Reconstructed fields hold their values there: 0, or the lifted values
     * ({@link Lifting}).
     *
     * @param dofs the constrained dofs, increasing, in the solver's numbering
     * @param unknowns the solver's unknowns, constrained ones included
     * @param how what was found or given, for the build's report
     */
    public record Constraints(int[] dofs, int unknowns, String how) {}

    /**
     * Where the unknowns live on a mesh: {@code components} values per node, node by node; unknown
     * {@code i} is entry {@code dofs[i]} of that node-major full vector (the others, e.g. eliminated
     * Dirichlet dofs, are zero in a field), or entry {@code i} itself when {@code dofs} is null.
     * {@code dofsFile} is the file the dof map was read from, for errors about the map (null when
     * there is no map, or when the layout was made in memory).
     */
    public record MeshLayout(Path file, int components, int[] dofs, Path dofsFile, Lifting lifting) {
        /** A layout made in memory: its dof map, if any, was not read from a file; no lifting. */
        public MeshLayout(Path file, int components, int[] dofs) {
            this(file, components, dofs, null, null);
        }
    }

    /**
     * The lifted Dirichlet values of a field on the mesh: {@code u_C(mu) = sum_k phi_{terms[k]}(mu)
     * values[k]}, with {@code phi_t} the model's right-hand side coefficient t (the lifted values are
     * {@code f_C / d_C}, affine in mu with the right-hand side's coefficients).
     *
     * @param terms the right-hand side terms whose values are lifted
     * @param values per such term, the node-major full vector on the mesh, zero off the constrained dofs
     */
    public record Lifting(int[] terms, List<double[]> values) {
        public Lifting {
            terms = terms.clone();
            values = List.copyOf(values);
        }
    }

    private final List<Integer> nonSymmetricTerms;
    private final Samples samples;

    /**
     * An operator given by its matrices at sample parameters (a non-affine problem), interpolated
     * by the nonintrusive matrix EIM; the model's operator is {@code sum_m beta_m(mu) A(mu_{s_m})},
     * its coefficients read from {@code source}, which knows {@code A(mu)} at the samples only.
     *
     * @param eim the interpolation of the training matrices
     * @param training the parameters of the training matrices: the reduced basis's training set
     * @param test the parameters of the held-out matrices (empty when none are given)
     * @param testMatrices the held-out matrices, for the interpolation's error on them
     * @param source the entries of the sampled matrices, training and test, and of the sampled
     *     right-hand sides in the column {@link MatrixEntries#RHS}
     * @param tolerance the EIM's tolerance on the relative max-entry error
     * @param expressions the entries given as expressions of the parameters, or null
     * @param rhsEim the vector EIM of the sampled right-hand sides ({@code operator_samples.rhs}), or
     *     null: the right-hand side is affine ({@code rhs})
     * @param testRhs the held-out right-hand sides (empty unless rhsEim and held-out samples)
     */
    public record Samples(
            MatrixEim.Result eim,
            List<Parameter> training,
            List<Parameter> test,
            List<CsrMatrix> testMatrices,
            MatrixEntries source,
            double tolerance,
            ExpressionEntries expressions,
            MatrixEim.Result rhsEim,
            List<double[]> testRhs) {
        public Samples {
            training = List.copyOf(training);
            test = List.copyOf(test);
            testMatrices = List.copyOf(testMatrices);
            testRhs = List.copyOf(testRhs);
        }

        /** The same samples, the operator interpolated with the first {@code terms} terms (the greedy is nested). */
        public Samples withTerms(int terms) {
            return new Samples(
                    eim.truncate(terms), training, test, testMatrices, source, tolerance, expressions, rhsEim, testRhs);
        }

        /**
         * The right-hand side interpolation's largest relative max-entry error over the held-out
         * vectors (NaN: no held-out samples, or no sampled right-hand side).
         */
        public double rhsTestError() {
            if (rhsEim == null || test.isEmpty()) {
                return Double.NaN;
            }
            var gamma = rhsEim.rhsCoefficients(source);
            double worst = 0;
            for (int k = 0; k < test.size(); k++) {
                double[] exact = testRhs.get(k);
                double[] interpolated = rhsEim.interpolant(gamma.evaluate(test.get(k)))
                        .toDense()
                        .data();
                double error = 0;
                double norm = 0;
                for (int i = 0; i < exact.length; i++) {
                    error = Math.max(error, Math.abs(interpolated[i] - exact[i]));
                    norm = Math.max(norm, Math.abs(exact[i]));
                }
                worst = Math.max(worst, norm > 0 ? error / norm : error);
            }
            return worst;
        }

        /**
         * The magic entries' expressions, in the interpolation's order, when the manifest gave the
         * entries as {@code entry_expressions} (the EIM then chose its entries among them).
         */
        public Optional<List<ParameterFunctional>> magicExpressions() {
            if (expressions == null) {
                return Optional.empty();
            }
            List<ParameterFunctional> out = new ArrayList<>();
            for (int m = 0; m < eim.size(); m++) {
                out.add(expressions.expression(eim.magicRows()[m], eim.magicCols()[m]));
            }
            return Optional.of(out);
        }

        /** The interpolation's largest relative max-entry error over the held-out matrices (NaN: none). */
        public double testError() {
            if (test.isEmpty()) {
                return Double.NaN;
            }
            double worst = 0;
            for (int k = 0; k < test.size(); k++) {
                CsrMatrix exact = testMatrices.get(k); // not zero: the reader refuses that
                CsrMatrix interpolated =
                        eim.interpolant(eim.coefficients(source).evaluate(test.get(k)));
                worst = Math.max(worst, interpolated.plus(-1.0, exact).normMax() / exact.normMax());
            }
            return worst;
        }
    }

    /**
     * The recipe of this manifest's high-fidelity model for another process (a cluster's executor,
     * which reads the same files: a shared file system, or this machine): the manifest's absolute
     * path, read again there.
     */
    public static org.jrom.models.ModelRecipe recipe(Path manifest, boolean allowOutsidePaths) {
        return new Recipe(manifest.toAbsolutePath().normalize().toString(), allowOutsidePaths);
    }

    /** {@link #recipe}: serializable, the path as text. */
    private record Recipe(String path, boolean allowOutsidePaths) implements org.jrom.models.ModelRecipe {
        @Override
        public StationaryModel model() {
            return read(Path.of(path), allowOutsidePaths).model();
        }

        @Override
        public String describe() {
            return "the manifest " + path;
        }
    }

    /** The sampled operator, when the manifest gives {@code operator_samples} instead of affine terms. */
    public Optional<Samples> samples() {
        return Optional.ofNullable(samples);
    }

    private AffineManifest(Reader r) {
        this.file = r.file;
        this.description = r.description;
        this.space = r.space;
        this.model = r.model;
        this.product = r.product;
        this.coercivity = r.coercivity;
        this.outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(r.outputs)); // declared order
        this.trainingSet = r.trainingSet == null ? null : List.copyOf(r.trainingSet);
        this.mesh = r.mesh;
        this.constraints = r.constraints;
        this.nonSymmetricTerms = List.copyOf(r.nonSymmetricTerms);
        this.samples = r.samples;
    }

    /**
     * The operator terms that are not symmetric (on the free dofs, to 1e-12 of their largest entry);
     * empty for a symmetric operator. A non-symmetric coercive operator is reduced by Galerkin with
     * an LU online, its coercivity constant that of its symmetric part, and no output of it is
     * compliant.
     */
    public List<Integer> nonSymmetricTerms() {
        return nonSymmetricTerms;
    }

    /** The constrained dofs that were eliminated, if any (none when every term is symmetric as exported). */
    public Optional<Constraints> constraints() {
        return Optional.ofNullable(constraints);
    }

    /** The most parameter components a manifest may declare, all parameters together. */
    public static final int MAX_PARAMETER_DIMENSION = 10_000;

    /**
     * Reads a manifest and every file it names, checking sizes, symmetry and finiteness; every path
     * must resolve inside the manifest's folder, as {@link #read(Path, boolean)} without {@code
     * allowOutsidePaths}.
     *
     * @throws FileFormatException naming the manifest field, or the file and line of a named file
     * @throws FileAccessException if a file cannot be read
     */
    public static AffineManifest read(Path file) {
        return read(file, false);
    }

    /**
     * Reads a manifest and every file it names. Unless {@code allowOutsidePaths}, a path that
     * resolves (symbolic links and {@code ..} followed) outside the manifest's folder is refused: a
     * manifest from elsewhere must not make jrom read, and quote in its messages, any file the user
     * can read. Messages about a named file say what was expected and where, never its content.
     *
     * @throws FileFormatException naming the manifest field, or the file and line of a named file
     * @throws FileAccessException if a file cannot be read
     */
    public static AffineManifest read(Path file, boolean allowOutsidePaths) {
        return new AffineManifest(new Reader(file, allowOutsidePaths).read());
    }

    /** The manifest file. */
    public Path file() {
        return file;
    }

    /** The manifest's one-line description, or a generated one. */
    public String description() {
        return description;
    }

    /** The parameter space. */
    public ParameterSpace parameterSpace() {
        return space;
    }

    /** The high-fidelity model: affine operator, right-hand side, outputs and the product {@code "X"}. */
    public StationaryModel model() {
        return model;
    }

    /** The inner product X of the error bound. */
    public MatrixOperator product() {
        return product;
    }

    /** How the coercivity lower bound is obtained. */
    public Coercivity coercivity() {
        return coercivity;
    }

    /** How each output (by name) is certified, in the manifest's order. */
    public Map<String, OutputMethod> outputs() {
        return outputs;
    }

    /** The training set the manifest names, if it names one. */
    public Optional<List<Parameter>> trainingSet() {
        return Optional.ofNullable(trainingSet);
    }

    /** The mesh for visualization and where the unknowns live on it, if the manifest names one. */
    public Optional<MeshLayout> mesh() {
        return Optional.ofNullable(mesh);
    }

    /**
     * The coercivity lower bound in the product X; SCM certifies over {@code training} and reports
     * its progress.
     */
    public CoercivityBound coercivityBound(List<Parameter> training, ProgressListener progress) {
        LincombOperator a = (LincombOperator) model.operator();
        if (coercivity instanceof Coercivity.Given g) {
            return ExpressionBound.of(space.type(), g.expression());
        }
        if (coercivity instanceof Coercivity.MinTheta m) {
            return MinThetaBound.of(a, m.reference(), m.alpha());
        }
        return ScmBound.build(a, product, space, training, ((Coercivity.Scm) coercivity).options(), progress);
    }

    /**
     * Writes a model as a manifest with its files into {@code dir}: {@code A<q>.mtx}, {@code
     * F<k>.mtx}, {@code X.mtx}, one {@code L_<name>.mtx} per output that is not the right-hand side,
     * and {@code manifest.json} last, each atomically; what {@link #read} reads back is the same
     * problem bit for bit. The operator terms must be sparse matrices, the right-hand side and output
     * terms vectors, the model's products need not be written ({@code product} is). With a mesh
     * layout (its file already written into {@code dir} by the caller, named relative to it), its
     * dof map goes to {@code dofs.npy} and the manifest names both.
     *
     * @throws JromException before any file is written, when an output name is not one that
     *     {@link #read} accepts (it becomes the file name {@code L_<name>.mtx})
     */
    public static void write(
            Path dir,
            StationaryModel model,
            MatrixOperator product,
            Coercivity coercivity,
            Map<String, OutputMethod> outputs,
            String description,
            MeshLayout mesh) {
        for (String name : model.outputs().keySet()) {
            if (!OUTPUT_NAME.matcher(name).matches()) {
                throw new JromException("cannot write the manifest into " + dir + ": output '" + name
                        + "' would name the file L_" + name + ".mtx; an output name must be " + OUTPUT_NAME_RULE);
            }
        }
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
        if (description != null) {
            root.put("description", description);
        }
        ParameterSpace space = model.parameterSpace();
        ParameterType type = space.type();
        ObjectNode params = root.putObject("parameters");
        for (String name : type.names()) {
            ObjectNode p = params.putObject(name).put("size", type.size(name));
            ArrayNode lo = p.putArray("min");
            ArrayNode hi = p.putArray("max");
            for (int k = 0; k < type.size(name); k++) {
                lo.add(space.lower(type.offset(name) + k));
                hi.add(space.upper(type.offset(name) + k));
            }
        }
        LincombOperator a = (LincombOperator) model.operator();
        ArrayNode ops = root.putArray("operator");
        for (int q = 0; q < a.terms().size(); q++) {
            String file = "A" + q + ".mtx";
            MatrixMarket.write(
                    dir.resolve(file), (CsrMatrix) ((MatrixOperator) a.terms().get(q)).matrix());
            ops.addObject()
                    .put("matrix", file)
                    .put("coefficient", a.coefficients().get(q).describe());
        }
        LincombOperator f = (LincombOperator) model.rhs();
        ArrayNode rhs = root.putArray("rhs");
        List<double[]> rhsVectors = new ArrayList<>();
        for (int k = 0; k < f.terms().size(); k++) {
            String file = "F" + k + ".mtx";
            double[] v = ((DenseMatrix) ((MatrixOperator) f.terms().get(k)).matrix()).data();
            rhsVectors.add(v);
            MatrixMarket.writeVector(dir.resolve(file), v);
            rhs.addObject()
                    .put("vector", file)
                    .put("coefficient", f.coefficients().get(k).describe());
        }
        MatrixMarket.write(dir.resolve("X.mtx"), (CsrMatrix) product.matrix());
        root.put("product", "X.mtx");
        ObjectNode c = root.putObject("coercivity");
        if (coercivity instanceof Coercivity.Given g) {
            c.put("lower_bound", g.expression());
        } else if (coercivity instanceof Coercivity.MinTheta m) {
            c.put("method", "min-theta").put("alpha", m.alpha());
            ObjectNode ref = c.putObject("reference");
            for (String name : type.names()) {
                ArrayNode v = ref.putArray(name);
                for (double x : m.reference().get(name)) {
                    v.add(x);
                }
            }
        } else {
            ScmBound.Options o = ((Coercivity.Scm) coercivity).options();
            c.put("method", "scm").put("tolerance", o.tolerance()).put("max_points", o.maxPoints());
        }
        ArrayNode outs = root.putArray("outputs");
        for (var e : model.outputs().entrySet()) {
            double[] l = ((DenseMatrix) ((MatrixOperator) e.getValue()).matrix()).data();
            OutputMethod method = outputs.getOrDefault(e.getKey(), OutputMethod.DUAL_NORM);
            String file;
            if (method == OutputMethod.COMPLIANT && rhsVectors.size() == 1 && Arrays.equals(l, rhsVectors.get(0))) {
                file = "F0.mtx";
            } else {
                file = "L_" + e.getKey() + ".mtx";
                MatrixMarket.writeVector(dir.resolve(file), l);
            }
            outs.addObject()
                    .put("name", e.getKey())
                    .put("vector", file)
                    .put("method", method.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        if (mesh != null) {
            ObjectNode m =
                    root.putObject("mesh").put("file", mesh.file().toString()).put("components", mesh.components());
            if (mesh.dofs() != null) {
                double[] d = new double[mesh.dofs().length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = mesh.dofs()[i];
                }
                Npy.write(dir.resolve("dofs.npy"), Npy.Array.vector(d));
                m.put("dofs", "dofs.npy");
            }
        }
        try {
            DefaultPrettyPrinter pretty =
                    new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
            AtomicFile.writeBytes(
                    dir.resolve("manifest.json"), JSON.writer(pretty).writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new JromException("cannot encode the manifest: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses and checks one manifest. */
    private static final class Reader {
        /** A file read for {@code field}, as a {@code kind} ({@code CsrMatrix} or {@code double[]}). */
        private record Loaded(String field, Class<?> kind, Object value) {}

        private final JsonFields json;
        private final Path file;
        private final Path dir;
        private final Map<Path, Loaded> loaded = new HashMap<>();
        private JsonNode root;
        private String description;
        private ParameterSpace space;
        private StationaryModel model;
        private MatrixOperator product;
        private Coercivity coercivity;
        private final Map<String, OutputMethod> outputs = new LinkedHashMap<>();
        private List<Parameter> trainingSet;
        private MeshLayout mesh;
        private Constraints constraints;
        /** The free dofs' positions among the free ones, -1 at a constrained dof; null without elimination. */
        private int[] position;
        /** The free dofs, the model's unknowns, after an elimination. */
        private int freeCount;
        /** The sampled operator and its interpolation, when the manifest gives operator_samples. */
        private Samples samples;

        /** The right-hand side terms whose values at the constrained dofs are lifted, and those values. */
        private final List<Integer> liftedTerms = new ArrayList<>();

        private final List<double[]> liftingVectors = new ArrayList<>();
        /** The terms that are not symmetric to 1e-12 of their largest entry (on the free dofs). */
        private final List<Integer> nonSymmetricTerms = new ArrayList<>();
        /** Whether the constrained dofs have non-zero values (then no output may weigh them). */
        private boolean lifting;

        private int n = -1;
        private String sizeSource;

        Reader(Path file, boolean allowOutsidePaths) {
            this.json = new JsonFields(file, allowOutsidePaths, "manifest");
            this.file = file;
            this.dir = json.dir();
        }

        Reader read() {
            root = json.parse();
            json.requireFormat(root, FORMAT, "affine manifest");
            json.requireKnown(root, "", TOP_LEVEL);
            space = parameters();
            ParameterType type = space.type();

            boolean sampled = root.has("operator_samples");
            if (sampled) {
                for (String other : List.of("operator", "constrained_dofs", "training_set")) {
                    if (root.has(other)) {
                        throw json.error(
                                other,
                                "not with operator_samples: the operator is interpolated from the sampled matrices,"
                                        + " which are the free dofs' blocks, and they are the training set");
                    }
                }
            } else if (root.has("test_samples")) {
                throw json.error("test_samples", "held-out matrices go with operator_samples only");
            }
            JsonNode ops = sampled
                    ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
                    : json.list(root, "operator");
            List<Operator> aTerms = new ArrayList<>();
            List<ParameterFunctional> thetas = new ArrayList<>();
            List<CsrMatrix> matrices = new ArrayList<>();
            for (int q = 0; q < ops.size(); q++) {
                String field = "operator[" + q + "]";
                JsonNode term = json.object(ops.get(q), field);
                json.requireKnown(term, field, List.of("matrix", "coefficient"));
                matrices.add(matrix(term, field, "matrix"));
                thetas.add(coefficient(type, term, field));
            }

            boolean sampledRhs = sampled && root.get("operator_samples").has("rhs");
            if (sampledRhs && root.has("rhs")) {
                throw json.error(
                        "rhs",
                        "not with operator_samples.rhs: the right-hand side is interpolated from the sampled"
                                + " vectors");
            }
            JsonNode rhsNode = sampledRhs
                    ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
                    : json.list(root, "rhs");
            List<double[]> rhs = new ArrayList<>();
            List<ParameterFunctional> phis = new ArrayList<>();
            for (int k = 0; k < rhsNode.size(); k++) {
                String field = "rhs[" + k + "]";
                JsonNode term = json.object(rhsNode.get(k), field);
                json.requireKnown(term, field, List.of("vector", "coefficient"));
                rhs.add(vector(term, field));
                phis.add(coefficient(type, term, field));
            }
            // as exported: decides whether constrained rows are looked for, and is the check without them
            double[] exported = sampled
                    ? new double[0]
                    : matrices.stream().mapToDouble(CsrMatrix::asymmetry).toArray();
            eliminateConstrained(matrices, thetas, rhs, phis, exported);
            if (sampled) {
                samples = samples(type);
                matrices.addAll(samples.eim().selectedMatrices());
                thetas.addAll(samples.eim().coefficients(samples.source()).functionals());
                if (samples.rhsEim() != null) {
                    samples.rhsEim()
                            .selectedMatrices()
                            .forEach(f -> rhs.add(f.toDense().data()));
                    phis.addAll(
                            samples.rhsEim().rhsCoefficients(samples.source()).functionals());
                }
                exported = matrices.stream().mapToDouble(CsrMatrix::asymmetry).toArray();
            }
            for (int q = 0; q < matrices.size(); q++) {
                CsrMatrix a = matrices.get(q);
                double asym = position == null ? exported[q] : a.asymmetry();
                if (asym > 1e-12 * a.normMax()) {
                    nonSymmetricTerms.add(q);
                }
                aTerms.add(MatrixOperator.of(a));
            }
            LincombOperator operator = new LincombOperator(aTerms, thetas);
            List<Operator> fTerms = new ArrayList<>();
            for (double[] f : rhs) {
                fTerms.add(MatrixOperator.of(DenseMatrix.wrap(f.length, 1, f)));
            }

            coercivity = coercivity(type);
            if (sampled && coercivity instanceof Coercivity.MinTheta) {
                throw json.error(
                        "coercivity",
                        "min-theta needs coefficients of one sign, and the EIM's beta_m(mu) take both: give"
                                + " \"lower_bound\" or \"method\": \"scm\"");
            }
            if (root.has("product")) {
                CsrMatrix x = restrict(matrix(root, "", "product"));
                if (x.asymmetry() > 1e-12 * x.normMax()) {
                    throw json.error(
                            "product", json.text(root, "product") + " is not symmetric; an inner product must be");
                }
                product = MatrixOperator.of(x);
            } else if (coercivity instanceof Coercivity.MinTheta m) {
                // X = the symmetric part of A(mu_ref): the energy product at the reference, where
                // alpha(mu_ref) = 1 exactly; skew-symmetric terms have none (their coefficient may be 0 there)
                List<CsrMatrix> parts = new ArrayList<>();
                List<Double> c = new ArrayList<>();
                for (int q = 0; q < matrices.size(); q++) {
                    CsrMatrix a = matrices.get(q);
                    if (!a.isSkewSymmetric()) {
                        parts.add(nonSymmetricTerms.contains(q) ? a.symmetricPart() : a);
                        c.add(thetas.get(q).evaluate(m.reference()));
                    }
                }
                product = MatrixOperator.of(CsrMatrix.linearCombination(
                        c.stream().mapToDouble(Double::doubleValue).toArray(), parts.toArray(CsrMatrix[]::new)));
            } else {
                throw json.error(
                        "product",
                        sampled
                                ? "missing: the inner product matrix X is needed with operator_samples"
                                : "missing: the inner product matrix is needed unless coercivity is min-theta with a"
                                        + " reference (then X = A(mu_ref))");
            }

            StationaryModel.Builder b = StationaryModel.builder(space, operator, new LincombOperator(fTerms, phis));
            b.product("X", product);
            outputs(b, rhsNode);
            model = b.build();

            if (root.has("training_set")) {
                trainingSet = trainingSet(type);
            }
            if (root.has("mesh")) {
                mesh = meshLayout(n);
            }
            description = root.has("description")
                    ? json.text(root, "description")
                    : String.format(
                            Locale.ROOT,
                            "external %s model %s (%d unknowns%s, %d operator terms, %d right-hand side terms)",
                            sampled
                                    ? "non-affine (EIM of " + samples.training().size() + " sampled matrices"
                                            + (sampledRhs ? " and right-hand sides)" : ")")
                                    : "affine",
                            file.getFileName(),
                            n,
                            constraints == null ? "" : ", " + constraints.dofs().length + " constrained eliminated",
                            matrices.size(),
                            sampledRhs ? rhs.size() : rhsNode.size());
            return this;
        }

        /**
         * Eliminates the constrained dofs, as solvers write them (pyMOR, legacy FEniCS's {@code
         * bc.apply}, deal.II without elimination): their rows are identity rows, no entry off the
         * diagonal in any term, the diagonal in a parameter-independent term or in every term, the
         * columns kept or cleared. The dofs are the manifest's {@code constrained_dofs}, or, when a
         * term is not symmetric as exported, the rows found so; none when every term is symmetric and
         * none are given (the rows are then valid equations, and the build is what it always was).
         * Where the right-hand side is zero there, u = 0 at those dofs; where it is not, they are
         * lifted: u_C = g(mu) = f_C(mu) / d_C, d the diagonal at those dofs, which must come from
         * parameter-independent terms so that g is affine in mu with the right-hand side's
         * coefficients, and the free rows get {@code f_F - A_FC(mu) g(mu)}: one more right-hand side
         * term {@code theta_q phi_k} per operator term that couples free and constrained dofs and
         * right-hand side term that is non-zero there. The matrices and right-hand sides become the
         * free dofs' blocks, in place.
         */
        private void eliminateConstrained(
                List<CsrMatrix> matrices,
                List<ParameterFunctional> thetas,
                List<double[]> rhs,
                List<ParameterFunctional> phis,
                double[] exported) {
            int[] dofs;
            String found;
            if (root.has("constrained_dofs")) {
                dofs = givenConstrained();
                requireIdentityRows(dofs, matrices);
                found = "given by constrained_dofs";
            } else {
                boolean symmetric = java.util.stream.IntStream.range(0, exported.length)
                        .allMatch(q -> exported[q] <= 1e-12 * matrices.get(q).normMax());
                if (symmetric) {
                    return;
                }
                dofs = identityRows(matrices);
                if (dofs.length == 0) {
                    return; // the asymmetry is the operator's own: refused as such
                }
                found = "found: identity rows in every term";
            }
            int full = n;
            position = new int[full];
            for (int i : dofs) {
                position[i] = -1;
            }
            int free = 0;
            for (int i = 0; i < full; i++) {
                if (position[i] == 0) {
                    position[i] = free++;
                }
            }
            // what the solver wrote, for the report: columns kept or cleared, which terms hold the diagonal
            boolean columnsKept = false;
            List<String> diagonal = new ArrayList<>();
            List<Integer> holders = new ArrayList<>();
            boolean everyTerm = true; // every term holds the diagonal of every constrained dof
            for (int q = 0; q < matrices.size(); q++) {
                CsrMatrix a = matrices.get(q);
                int[] ptr = a.rowPointers();
                int[] col = a.columnIndices();
                double[] val = a.nonzeroValues();
                int held = 0; // the constrained dofs whose diagonal this term holds
                for (int i = 0; i < full; i++) {
                    for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                        if (val[p] != 0 && position[col[p]] < 0) {
                            if (col[p] == i) {
                                held++;
                            } else if (position[i] >= 0) {
                                columnsKept = true;
                            }
                        }
                    }
                }
                if (held > 0) {
                    diagonal.add("operator[" + q + "]");
                    holders.add(q);
                }
                everyTerm &= held == dofs.length;
            }
            boolean lifted = lift(dofs, found, matrices, thetas, holders, rhs, phis);
            freeCount = free;
            matrices.replaceAll(this::restrict);
            rhs.replaceAll(this::restrict);
            constraints = new Constraints(
                    dofs,
                    full,
                    found + "; the rows cleared, the columns " + (columnsKept ? "kept" : "cleared")
                            + ", the diagonal in "
                            + (everyTerm ? "every term" : String.join(", ", diagonal))
                            + (lifted
                                    ? "; the right-hand side not 0 there: lifted (u = f / diagonal at those dofs)"
                                    : "; the right-hand side 0 there: eliminated"));
        }

        /**
         * The lifting of non-zero Dirichlet values (see {@link #eliminateConstrained}), in the solver's
         * numbering: appends the right-hand side terms {@code -theta_q phi_k A_q g_k}; whether there
         * was anything to lift.
         */
        private boolean lift(
                int[] dofs,
                String found,
                List<CsrMatrix> matrices,
                List<ParameterFunctional> thetas,
                List<Integer> holders,
                List<double[]> rhs,
                List<ParameterFunctional> phis) {
            boolean any = false;
            for (double[] f : rhs) {
                for (int i : dofs) {
                    any |= f[i] != 0;
                }
            }
            if (!any) {
                return false;
            }
            double[] diagonal = new double[n];
            for (int q : holders) {
                double theta;
                try {
                    theta = Double.parseDouble(thetas.get(q).describe()); // a constant describes itself as one
                } catch (NumberFormatException e) {
                    throw json.error(
                            "operator[" + q + "].coefficient",
                            "the right-hand side is not 0 at the constrained dofs (" + found + "), and this term,"
                                    + " which holds their diagonal, depends on the parameters ("
                                    + thetas.get(q).describe() + "): their values f / diagonal would not be affine"
                                    + " in the parameters; jrom lifts values whose diagonal is parameter-independent");
                }
                CsrMatrix a = matrices.get(q);
                for (int i : dofs) {
                    diagonal[i] += theta * a.get(i, i);
                }
            }
            int terms = rhs.size();
            for (int k = 0; k < terms; k++) {
                double[] g = new double[n]; // g_k: the k-th term's values at the constrained dofs
                boolean nonZero = false;
                for (int i : dofs) {
                    if (rhs.get(k)[i] != 0) {
                        if (diagonal[i] == 0) {
                            throw json.error(
                                    "rhs[" + k + "].vector",
                                    "entry " + i + " is " + rhs.get(k)[i]
                                            + " at a constrained dof whose diagonal is 0");
                        }
                        g[i] = rhs.get(k)[i] / diagonal[i];
                        nonZero = true;
                    }
                }
                if (!nonZero) {
                    continue;
                }
                liftedTerms.add(k);
                liftingVectors.add(g);
                for (int q = 0; q < matrices.size(); q++) {
                    double[] coupling = new double[n];
                    matrices.get(q).apply(g, 0, coupling, 0);
                    boolean couples = false;
                    for (int i = 0; i < n; i++) {
                        if (position[i] < 0) {
                            coupling[i] = 0; // the constrained rows are the lifting's own equations
                        } else if (coupling[i] != 0) {
                            coupling[i] = -coupling[i];
                            couples = true;
                        }
                    }
                    if (couples) {
                        rhs.add(coupling);
                        phis.add(ParameterFunctional.expression(
                                space.type(),
                                "(" + thetas.get(q).describe() + ") * ("
                                        + phis.get(k).describe() + ")"));
                    }
                }
            }
            lifting = true;
            return true;
        }

        /** {@code [i, ...]} or {@code "dofs.npy"}: distinct whole numbers from 0 to n - 1. */
        private int[] givenConstrained() {
            JsonNode v = root.get("constrained_dofs");
            double[] d;
            String where;
            if (v.isTextual()) {
                Path p = json.existing(json.text(root, "constrained_dofs"), "constrained_dofs");
                Npy.Array a = Npy.read(p, false);
                if (!a.isVector()) {
                    throw new FileFormatException(
                            p.toString(), "expected a vector of dof indices, found " + a.shapeText());
                }
                d = a.matrix().data();
                where = p.toString();
            } else {
                JsonNode list = json.list(root, "constrained_dofs");
                d = new double[list.size()];
                for (int k = 0; k < d.length; k++) {
                    d[k] = json.finite(list.get(k), "constrained_dofs[" + k + "]");
                }
                where = "constrained_dofs";
            }
            if (d.length == 0) {
                throw json.error("constrained_dofs", where + " lists no dof; leave the field out for none");
            }
            boolean[] listed = new boolean[n];
            for (int k = 0; k < d.length; k++) {
                if (d[k] != Math.rint(d[k]) || d[k] < 0 || d[k] >= n || listed[(int) d[k]]) {
                    throw json.error(
                            "constrained_dofs",
                            where + ": entry " + k + " is " + d[k] + "; expected distinct dofs from 0 to " + (n - 1));
                }
                listed[(int) d[k]] = true;
            }
            if (d.length >= n) {
                throw json.error(
                        "constrained_dofs", "every one of the " + n + " dofs is constrained: nothing is left to solve");
            }
            return java.util.stream.IntStream.range(0, n).filter(i -> listed[i]).toArray();
        }

        /**
         * Refuses a listed dof whose row is a real equation: an entry off the diagonal in some term, or
         * no diagonal in any. Eliminating it would solve another problem (an off-by-one list, say).
         */
        private void requireIdentityRows(int[] dofs, List<CsrMatrix> matrices) {
            int[] identity = identityRows(matrices);
            boolean[] isIdentity = new boolean[n];
            for (int i : identity) {
                isIdentity[i] = true;
            }
            for (int i : dofs) {
                if (!isIdentity[i]) {
                    throw json.error(
                            "constrained_dofs",
                            "dof " + i + "'s row is not an identity row (an entry off its diagonal in some term, or no"
                                    + " diagonal in any): it is an equation of the problem, not a constraint");
                }
            }
        }

        /** The rows with no non-zero entry off the diagonal in any term and a non-zero diagonal in some. */
        private static int[] identityRows(List<CsrMatrix> matrices) {
            int rows = matrices.get(0).rows();
            boolean[] offDiagonal = new boolean[rows];
            boolean[] diagonal = new boolean[rows];
            for (CsrMatrix a : matrices) {
                int[] ptr = a.rowPointers();
                int[] col = a.columnIndices();
                double[] val = a.nonzeroValues();
                for (int i = 0; i < rows; i++) {
                    for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                        if (val[p] != 0) {
                            if (col[p] == i) {
                                diagonal[i] = true;
                            } else {
                                offDiagonal[i] = true;
                            }
                        }
                    }
                }
            }
            return java.util.stream.IntStream.range(0, rows)
                    .filter(i -> diagonal[i] && !offDiagonal[i])
                    .toArray();
        }

        /** The free dofs' block of a matrix of the solver's size (itself without elimination). */
        private CsrMatrix restrict(CsrMatrix a) {
            if (position == null) {
                return a;
            }
            int[] ptr = a.rowPointers();
            int[] col = a.columnIndices();
            double[] val = a.nonzeroValues();
            int count = 0;
            int[] ri = new int[val.length];
            int[] ci = new int[val.length];
            double[] v = new double[val.length];
            for (int i = 0; i < a.rows(); i++) {
                if (position[i] < 0) {
                    continue;
                }
                for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                    if (position[col[p]] >= 0) {
                        ri[count] = position[i];
                        ci[count] = position[col[p]];
                        v[count++] = val[p];
                    }
                }
            }
            return CsrMatrix.fromTriplets(freeCount, freeCount, ri, ci, v, count);
        }

        /** The free dofs' entries of a vector of the solver's size (itself without elimination). */
        private double[] restrict(double[] f) {
            if (position == null) {
                return f;
            }
            double[] out = new double[freeCount];
            for (int i = 0; i < f.length; i++) {
                if (position[i] >= 0) {
                    out[position[i]] = f[i];
                }
            }
            return out;
        }

        /** {@code {"name": {"size": s, "min": lo, "max": hi}, ...}}, with lo/hi numbers or lists of s numbers. */
        private ParameterSpace parameters() {
            JsonNode params = json.object(root.get("parameters"), "parameters");
            if (params.isEmpty()) {
                throw json.error("parameters", "expected at least one parameter");
            }
            Map<String, Integer> sizes = new LinkedHashMap<>();
            Map<String, double[]> lower = new LinkedHashMap<>();
            Map<String, double[]> upper = new LinkedHashMap<>();
            for (var e : params.properties()) {
                String name = e.getKey();
                String field = "parameters." + name;
                JsonNode p = json.object(e.getValue(), field);
                json.requireKnown(p, field, List.of("size", "min", "max"));
                int size = p.has("size") ? json.positiveWhole(p.get("size"), field + ".size") : 1;
                // the bounds and every parameter vector are allocated by this size
                int total = sizes.values().stream().mapToInt(Integer::intValue).sum();
                if (size > MAX_PARAMETER_DIMENSION - total) {
                    throw json.error(
                            field + ".size",
                            "expected at most " + MAX_PARAMETER_DIMENSION
                                    + " parameter components in all parameters together, found " + size
                                    + (total > 0 ? " after " + total : ""));
                }
                sizes.put(name, size);
                lower.put(name, bound(p, field, "min", size));
                upper.put(name, bound(p, field, "max", size));
            }
            try {
                ParameterType type = ParameterType.of(sizes);
                double[] lo = new double[type.dimension()];
                double[] hi = new double[type.dimension()];
                for (String name : type.names()) {
                    System.arraycopy(lower.get(name), 0, lo, type.offset(name), type.size(name));
                    System.arraycopy(upper.get(name), 0, hi, type.offset(name), type.size(name));
                }
                return ParameterSpace.of(type, lo, hi);
            } catch (JromException | IllegalArgumentException e) {
                throw json.error("parameters", e.getMessage());
            }
        }

        private double[] bound(JsonNode p, String field, String key, int size) {
            JsonNode v = p.get(key);
            String f = field + "." + key;
            if (v == null) {
                throw json.error(f, "missing");
            }
            double[] out = new double[size];
            if (v.isNumber()) {
                Arrays.fill(out, json.finite(v, f));
            } else if (v.isArray() && v.size() == size) {
                for (int k = 0; k < size; k++) {
                    out[k] = json.finite(v.get(k), f + "[" + k + "]");
                }
            } else {
                throw json.error(
                        f,
                        "expected a number or a list of " + size + " numbers, found " + Excerpt.of(String.valueOf(v)));
            }
            return out;
        }

        private Coercivity coercivity(ParameterType type) {
            JsonNode c = json.object(root.get("coercivity"), "coercivity");
            json.requireKnown(
                    c, "coercivity", List.of("lower_bound", "method", "reference", "alpha", "tolerance", "max_points"));
            if (c.has("lower_bound") && c.has("method")) {
                throw json.error(
                        "coercivity",
                        "give either \"lower_bound\" (a bound of your own) or \"method\" (min-theta or scm), not both");
            }
            if (c.has("lower_bound")) {
                requireUsed(c, "a given lower_bound", List.of("lower_bound"));
                String text = json.text(c, "coercivity.lower_bound");
                try {
                    ExpressionBound.of(type, text);
                } catch (ExpressionException e) {
                    throw json.error("coercivity.lower_bound", e.getMessage());
                }
                return new Coercivity.Given(text);
            }
            if (!c.has("method")) {
                throw json.error("coercivity", "expected \"lower_bound\" or \"method\" (min-theta or scm)");
            }
            String method = json.text(c, "coercivity.method");
            return switch (method) {
                case "min-theta" -> {
                    requireUsed(c, "method min-theta", List.of("method", "reference", "alpha"));
                    JsonNode ref = json.object(c.get("reference"), "coercivity.reference");
                    Parameter mu = parameter(type, ref, "coercivity.reference");
                    double alpha = 1.0;
                    if (c.has("alpha")) {
                        alpha = json.finite(c.get("alpha"), "coercivity.alpha");
                    } else if (root.has("product")) {
                        throw json.error(
                                "coercivity.alpha",
                                "missing: with a given product, min-theta needs the coercivity constant of A(mu_ref)"
                                        + " in it (leave out \"product\" to use X = A(mu_ref), where alpha = 1)");
                    }
                    if (!(alpha > 0)) {
                        throw json.error("coercivity.alpha", "expected a positive number, found " + alpha);
                    }
                    yield new Coercivity.MinTheta(mu, alpha);
                }
                case "scm" -> {
                    requireUsed(c, "method scm", List.of("method", "tolerance", "max_points"));
                    ScmBound.Options d = ScmBound.Options.defaults();
                    double tol = c.has("tolerance")
                            ? json.finite(c.get("tolerance"), "coercivity.tolerance")
                            : d.tolerance();
                    int points = c.has("max_points")
                            ? json.positiveWhole(c.get("max_points"), "coercivity.max_points")
                            : d.maxPoints();
                    try {
                        yield new Coercivity.Scm(new ScmBound.Options(tol, points, d.mAlpha(), d.seed()));
                    } catch (JromException e) {
                        throw json.error("coercivity", e.getMessage());
                    }
                }
                default ->
                    throw json.error(
                            "coercivity.method",
                            "unknown method '" + method + "'; known: min-theta, scm (or give lower_bound)");
            };
        }

        /** {@code {"name": [values]}} or {@code {"name": value}} for every parameter. */
        private Parameter parameter(ParameterType type, JsonNode node, String field) {
            Map<String, double[]> values = new LinkedHashMap<>();
            for (var e : node.properties()) {
                JsonNode v = e.getValue();
                String f = field + "." + e.getKey();
                double[] d;
                if (v.isNumber()) {
                    d = new double[] {json.finite(v, f)};
                } else if (v.isArray()) {
                    d = new double[v.size()];
                    for (int k = 0; k < d.length; k++) {
                        d[k] = json.finite(v.get(k), f + "[" + k + "]");
                    }
                } else {
                    throw json.error(
                            f, "expected a number or a list of numbers, found " + Excerpt.of(String.valueOf(v)));
                }
                values.put(e.getKey(), d);
            }
            try {
                return Parameter.of(type, values);
            } catch (JromException | IllegalArgumentException e) {
                throw json.error(field, e.getMessage());
            }
        }

        private void outputs(StationaryModel.Builder b, JsonNode rhsNode) {
            if (!root.has("outputs")) {
                return;
            }
            JsonNode outs = json.list(root, "outputs");
            // compliant: l is the right-hand side f (one term, coefficient 1) and A is symmetric
            String rhsFile = rhsNode.size() == 1
                    ? json.resolve(json.text(rhsNode.get(0), "rhs[0].vector")).toString()
                    : null;
            boolean rhsIsConstantOne = rhsNode.size() == 1
                    && coefficient(space.type(), rhsNode.get(0), "rhs[0]")
                            .describe()
                            .equals("1.0");
            for (int k = 0; k < outs.size(); k++) {
                String field = "outputs[" + k + "]";
                JsonNode o = json.object(outs.get(k), field);
                json.requireKnown(o, field, List.of("name", "vector", "method"));
                String name = json.text(o, field + ".name");
                if (!OUTPUT_NAME.matcher(name).matches()) {
                    throw json.error(field + ".name", "expected " + OUTPUT_NAME_RULE + ", found '" + name + "'");
                }
                double[] full = vector(o, field);
                if (lifting) {
                    for (int i : constraints.dofs()) {
                        if (full[i] != 0) {
                            throw json.error(
                                    field + ".vector",
                                    "entry " + i + " is " + full[i] + " at a constrained dof with a non-zero (lifted)"
                                            + " value; an output must weigh the free dofs only");
                        }
                    }
                }
                double[] l = restrict(full);
                boolean sameAsRhs = rhsIsConstantOne
                        && json.resolve(json.text(o, field + ".vector"))
                                .toString()
                                .equals(rhsFile);
                OutputMethod method;
                if (o.has("method")) {
                    String m = json.text(o, field + ".method");
                    method = switch (m) {
                        case "compliant" -> {
                            if (!nonSymmetricTerms.isEmpty()) {
                                throw json.error(
                                        field + ".method",
                                        "a compliant output needs a symmetric operator, and "
                                                + (samples != null
                                                        ? "the sampled matrices are not symmetric"
                                                        : "operator" + nonSymmetricTerms + " is not")
                                                + "; use primal-dual");
                            }
                            if (samples != null && samples.rhsEim() != null) {
                                throw json.error(
                                        field + ".method",
                                        "a compliant output needs the load as its vector, and the load is sampled"
                                                + " (operator_samples.rhs): it varies with mu; use primal-dual");
                            }
                            if (!sameAsRhs) {
                                throw json.error(
                                        field + ".method",
                                        "a compliant output must use the right-hand side's file as its vector, with"
                                                + " one right-hand side term of coefficient 1");
                            }
                            yield OutputMethod.COMPLIANT;
                        }
                        case "primal-dual" -> OutputMethod.PRIMAL_DUAL;
                        case "dual-norm" -> OutputMethod.DUAL_NORM;
                        default ->
                            throw json.error(
                                    field + ".method",
                                    "unknown method '" + m + "'; known: compliant, primal-dual, dual-norm");
                    };
                } else {
                    method = sameAsRhs && nonSymmetricTerms.isEmpty() ? OutputMethod.COMPLIANT : OutputMethod.DUAL_NORM;
                }
                if (outputs.put(name, method) != null) {
                    throw json.error(field + ".name", "output '" + name + "' appears twice");
                }
                b.output(name, MatrixOperator.of(DenseMatrix.wrap(1, l.length, l)));
            }
        }

        /** {@code "mesh.vtu"} or {@code {"file": "mesh.msh", "components": c, "dofs": "dofs.npy"}}. */
        /**
         * {@code operator_samples}: the matrices {@code A(mu_k)} at the parameters of a table, and
         * their nonintrusive EIM; {@code test_samples}: held-out matrices at other parameters, which
         * the validation uses (the operator has entries only where the solver exported it).
         */
        private Samples samples(ParameterType type) {
            JsonNode node = json.object(root.get("operator_samples"), "operator_samples");
            Map<Parameter, CsrMatrix> known = new LinkedHashMap<>();
            Map<Parameter, double[]> knownRhs = new LinkedHashMap<>();
            List<CsrMatrix> training = new ArrayList<>();
            List<double[]> trainingRhs = new ArrayList<>();
            List<Parameter> trainingMus =
                    sampleSet(type, node, "operator_samples", training, known, trainingRhs, knownRhs);
            boolean sampledRhs = node.has("rhs");
            List<CsrMatrix> test = new ArrayList<>();
            List<double[]> testRhs = new ArrayList<>();
            List<Parameter> testMus = List.of();
            if (root.has("test_samples")) {
                JsonNode t = json.object(root.get("test_samples"), "test_samples");
                if (t.has("rhs") != sampledRhs) {
                    throw json.error(
                            sampledRhs ? "test_samples" : "test_samples.rhs",
                            sampledRhs
                                    ? "missing \"rhs\": held-out samples need their right-hand sides when"
                                            + " operator_samples has them"
                                    : "held-out right-hand sides go with operator_samples.rhs only");
                }
                testMus = sampleSet(type, t, "test_samples", test, known, testRhs, knownRhs);
            }
            if (sampledRhs && node.has("entry_expressions")) {
                throw json.error(
                        "operator_samples.rhs",
                        "not with entry_expressions: the model would still need the solver's entries of f(mu)"
                                + " online; give the right-hand side as affine terms (rhs)");
            }
            double tolerance = 1e-8;
            int maxTerms = Math.min(trainingMus.size(), 100);
            if (node.has("eim")) {
                JsonNode e = json.object(node.get("eim"), "operator_samples.eim");
                json.requireKnown(e, "operator_samples.eim", List.of("tolerance", "max_terms"));
                if (e.has("tolerance")) {
                    JsonNode t = e.get("tolerance");
                    if (!t.isNumber() || !(t.doubleValue() >= 0 && t.doubleValue() < 1)) {
                        throw json.error(
                                "operator_samples.eim.tolerance",
                                "expected a number in [0, 1), found " + Excerpt.of(String.valueOf(t)));
                    }
                    tolerance = t.doubleValue();
                }
                if (e.has("max_terms")) {
                    JsonNode t = e.get("max_terms");
                    if (!t.isIntegralNumber() || t.intValue() < 1 || t.intValue() > trainingMus.size()) {
                        throw json.error(
                                "operator_samples.eim.max_terms",
                                "expected a whole number from 1 to the " + trainingMus.size() + " samples, found "
                                        + Excerpt.of(String.valueOf(t)));
                    }
                    maxTerms = t.intValue();
                }
            }
            ExpressionEntries expressions = node.has("entry_expressions")
                    ? entryExpressions(type, node, training.get(0).rows(), known)
                    : null;
            MatrixEim.Result eim;
            try {
                eim = expressions == null
                        ? MatrixEim.ofMatrices(training, maxTerms, tolerance)
                        : MatrixEim.ofMatrices(training, maxTerms, tolerance, expressions.rows(), expressions.cols());
            } catch (JromException e) {
                throw json.error("operator_samples", e.getMessage());
            }
            MatrixEntries source = (mu, rows, cols) -> {
                CsrMatrix a = known.get(mu);
                if (a == null) {
                    throw new JromException("the sampled operator is known at its " + known.size()
                            + " sample parameters only, not at " + mu);
                }
                double[] f = knownRhs.get(mu);
                double[] v = new double[rows.length];
                for (int m = 0; m < v.length; m++) {
                    if (cols[m] != MatrixEntries.RHS) {
                        v[m] = a.get(rows[m], cols[m]);
                    } else if (f != null) {
                        v[m] = f[rows[m]];
                    } else {
                        throw new JromException("the right-hand side was not sampled; f[" + rows[m] + "] is unknown");
                    }
                }
                return v;
            };
            if (expressions != null) {
                requireExpressionsReproduce(eim, expressions, source, known, tolerance);
            }
            MatrixEim.Result rhsEim = null;
            if (sampledRhs) {
                rhsEim = MatrixEim.ofVectors(VectorArray.of(trainingRhs.toArray(double[][]::new)), maxTerms, tolerance);
                if (rhsEim.size() == 0) {
                    throw json.error(
                            "operator_samples.rhs", "every sampled right-hand side is zero: the solution is zero");
                }
            }
            return new Samples(eim, trainingMus, testMus, test, source, tolerance, expressions, rhsEim, testRhs);
        }

        /**
         * The model answers with the expressions' values at the magic entries, the build checked the
         * exported ones: at every sampled parameter the two interpolants must agree to the EIM's
         * tolerance (10 times, and 1e-9 at least), since the interpolation can amplify the expressions'
         * own 1e-10 differences.
         */
        private void requireExpressionsReproduce(
                MatrixEim.Result eim,
                ExpressionEntries expressions,
                MatrixEntries source,
                Map<Parameter, CsrMatrix> known,
                double tolerance) {
            if (eim.size() == 0) {
                throw json.error(
                        "operator_samples.entry_expressions",
                        "the sampled matrices vary nowhere among the given entries: give entries where A(mu)"
                                + " depends on mu");
            }
            var fromExpressions = eim.coefficients(expressions);
            var fromSamples = eim.coefficients(source);
            for (var sample : known.entrySet()) {
                CsrMatrix a = eim.interpolant(fromExpressions.evaluate(sample.getKey()));
                CsrMatrix b = eim.interpolant(fromSamples.evaluate(sample.getKey()));
                double difference =
                        a.plus(-1.0, b).normMax() / sample.getValue().normMax();
                if (!(difference <= Math.max(10 * tolerance, 1e-9))) {
                    throw json.error(
                            "operator_samples.entry_expressions",
                            String.format(
                                    java.util.Locale.ROOT,
                                    "at %s the interpolation from the expressions differs from that of the exported"
                                            + " entries by %.2e of the matrix's largest entry (the EIM amplifies their"
                                            + " differences): give the entries more accurately or more of them",
                                    sample.getKey(),
                                    difference));
                }
            }
        }

        /**
         * {@code operator_samples.entry_expressions}: {@code [{"row": i, "col": j, "expression":
         * "..."}, ...]}, entries of {@code A(mu)} the solver can write as functions of the parameters.
         * Each must reproduce the entry of every sampled matrix (training and held-out) to 1e-10 of
         * that matrix's largest entry: they stand for the solver online.
         */
        private ExpressionEntries entryExpressions(
                ParameterType type, JsonNode node, int n, Map<Parameter, CsrMatrix> known) {
            JsonNode list = json.list(node, "operator_samples.entry_expressions");
            int[] rows = new int[list.size()];
            int[] cols = new int[list.size()];
            List<ParameterFunctional> expressions = new ArrayList<>();
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int k = 0; k < list.size(); k++) {
                String f = "operator_samples.entry_expressions[" + k + "]";
                JsonNode e = json.object(list.get(k), f);
                json.requireKnown(e, f, List.of("row", "col", "expression"));
                rows[k] = index(e, f + ".row", n);
                cols[k] = index(e, f + ".col", n);
                if (!seen.add((long) rows[k] * n + cols[k])) {
                    throw json.error(f, "a second expression for A[" + rows[k] + "][" + cols[k] + "]");
                }
                ParameterFunctional x;
                try {
                    x = ParameterFunctional.expression(type, json.text(e, f + ".expression"));
                } catch (JromException ex) {
                    throw json.error(f + ".expression", ex.getMessage());
                }
                for (var sample : known.entrySet()) {
                    double given = x.evaluate(sample.getKey());
                    double exported = sample.getValue().get(rows[k], cols[k]);
                    if (!(Math.abs(given - exported)
                            <= 1e-10 * sample.getValue().normMax())) {
                        throw json.error(
                                f + ".expression",
                                String.format(
                                        java.util.Locale.ROOT,
                                        "gives A[%d][%d] = %.10g at %s, the exported matrix has %.10g",
                                        rows[k],
                                        cols[k],
                                        given,
                                        sample.getKey(),
                                        exported));
                    }
                }
                expressions.add(x);
            }
            return ExpressionEntries.of(rows, cols, expressions);
        }

        private int index(JsonNode e, String field, int n) {
            String key = field.substring(field.lastIndexOf('.') + 1);
            JsonNode v = e.get(key);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() >= n) {
                throw json.error(
                        field,
                        "expected a whole number from 0 to " + (n - 1) + " (a free unknown), found "
                                + (v == null ? "nothing" : Excerpt.of(String.valueOf(v))));
            }
            return v.intValue();
        }

        /**
         * One sample set: the parameter table and one matrix per row, each also added to {@code
         * known}, and one right-hand side per row when the set lists them ({@code rhs}).
         */
        private List<Parameter> sampleSet(
                ParameterType type,
                JsonNode node,
                String field,
                List<CsrMatrix> out,
                Map<Parameter, CsrMatrix> known,
                List<double[]> rhsOut,
                Map<Parameter, double[]> knownRhs) {
            json.requireKnown(
                    node,
                    field,
                    field.equals("operator_samples")
                            ? List.of("parameters", "matrices", "rhs", "eim", "entry_expressions")
                            : List.of("parameters", "matrices", "rhs"));
            Path table = json.existing(json.text(node, field + ".parameters"), field + ".parameters");
            List<Parameter> mus = ParameterTable.read(table, type).parameters();
            JsonNode files = json.list(node, field + ".matrices");
            if (files.size() != mus.size()) {
                throw json.error(
                        field + ".matrices",
                        "lists " + files.size() + " matrices for the " + mus.size() + " rows of "
                                + table.getFileName());
            }
            JsonNode vectors = node.has("rhs") ? json.list(node, field + ".rhs") : null;
            if (vectors != null && vectors.size() != mus.size()) {
                throw json.error(
                        field + ".rhs",
                        "lists " + vectors.size() + " right-hand sides for the " + mus.size() + " rows of "
                                + table.getFileName());
            }
            for (int k = 0; k < mus.size(); k++) {
                Parameter mu = mus.get(k);
                String f = field + ".matrices[" + k + "]";
                try {
                    space.validate(mu);
                } catch (JromException e) {
                    throw json.error(
                            f, "its parameter (row " + (k + 1) + " of " + table.getFileName() + ") " + e.getMessage());
                }
                Path p = json.existing(json.textValue(files.get(k), f), f);
                CsrMatrix a = load(p, f, CsrMatrix.class, path -> MatrixMarket.readSquare(path, false));
                requireSize(f, p, a.rows(), a.rows() + " x " + a.cols());
                if (!(a.normMax() > 0)) {
                    throw json.error(f, p.getFileName() + " is zero: a sample of an operator cannot be");
                }
                if (known.put(mu, a) != null) {
                    throw json.error(f, "a second matrix at the parameter " + mu + "; every sample's must differ");
                }
                out.add(a);
                if (vectors != null) {
                    String fv = field + ".rhs[" + k + "]";
                    double[] v = vectorFile(json.existing(json.textValue(vectors.get(k), fv), fv), fv);
                    rhsOut.add(v);
                    knownRhs.put(mu, v);
                }
            }
            return mus;
        }

        private MeshLayout meshLayout(int full) {
            JsonNode node = root.get("mesh");
            if (node.isTextual()) {
                return composed(json.existing(json.text(root, "mesh"), "mesh"), 1, null, null);
            }
            JsonNode m = json.object(node, "mesh");
            json.requireKnown(m, "mesh", List.of("file", "components", "dofs"));
            Path file = json.existing(json.text(m, "mesh.file"), "mesh.file");
            int components = 1;
            if (m.has("components")) {
                JsonNode c = m.get("components");
                if (!c.isIntegralNumber() || c.intValue() < 1 || c.intValue() > 3) {
                    throw json.error(
                            "mesh.components",
                            "expected 1, 2 or 3 values per node, found " + Excerpt.of(String.valueOf(c)));
                }
                components = c.intValue();
            }
            int[] dofs = null;
            Path dofsFile = null;
            if (m.has("dofs")) {
                Path p = json.existing(json.text(m, "mesh.dofs"), "mesh.dofs");
                dofsFile = p;
                Npy.Array a = Npy.read(p, false);
                double[] d = a.matrix().data();
                if (!a.isVector() || d.length != full) {
                    throw new FileFormatException(
                            p.toString(),
                            "expected one dof index per unknown, shape (" + full + ",), found " + a.shapeText());
                }
                dofs = new int[full];
                for (int i = 0; i < full; i++) {
                    if (d[i] != Math.rint(d[i]) || d[i] < 0 || d[i] > Integer.MAX_VALUE) {
                        throw new FileFormatException(
                                p.toString(), "entry " + i + ": expected a non-negative whole number, found " + d[i]);
                    }
                    dofs[i] = (int) d[i];
                }
            }
            return composed(file, components, dofs, dofsFile);
        }

        /**
         * The layout of the model's unknowns: after an elimination, a free unknown's place is its
         * solver dof's, and the lifted values go to the constrained dofs' places.
         */
        private MeshLayout composed(Path file, int components, int[] dofs, Path dofsFile) {
            if (position == null) {
                return new MeshLayout(file, components, dofs, dofsFile, null);
            }
            int[] free = new int[freeCount];
            int places = 0; // the mesh's full length, at least: the largest place + 1
            for (int i = 0; i < n; i++) {
                int place = dofs == null ? i : dofs[i];
                places = Math.max(places, place + 1);
                if (position[i] >= 0) {
                    free[position[i]] = place;
                }
            }
            Lifting lifting = null;
            if (!liftedTerms.isEmpty()) {
                List<double[]> values = new ArrayList<>();
                for (double[] g : liftingVectors) {
                    double[] onMesh = new double[places];
                    for (int i : constraints.dofs()) {
                        onMesh[dofs == null ? i : dofs[i]] = g[i];
                    }
                    values.add(onMesh);
                }
                lifting = new Lifting(
                        liftedTerms.stream().mapToInt(Integer::intValue).toArray(), values);
            }
            return new MeshLayout(file, components, free, dofsFile, lifting);
        }

        private List<Parameter> trainingSet(ParameterType type) {
            Path p = json.existing(json.text(root, "training_set"), "training_set");
            Npy.Array a = Npy.read(p, false);
            int dim = type.dimension();
            DenseMatrix m = a.matrix();
            boolean ok = a.shape().length == 2 ? a.shape()[1] == dim : dim == 1;
            if (!ok || m.rows() < 1) {
                throw new FileFormatException(
                        p.toString(),
                        "expected a training set of shape (K, " + dim + "), one row per parameter, found "
                                + a.shapeText());
            }
            List<Parameter> out = new ArrayList<>();
            for (int k = 0; k < m.rows(); k++) {
                double[] mu = new double[dim];
                for (int j = 0; j < dim; j++) {
                    mu[j] = m.get(k, j);
                }
                try {
                    out.add(space.validate(Parameter.of(type, mu)));
                } catch (ParameterException e) {
                    throw new FileFormatException(p.toString(), "row " + k + ": " + e.getMessage());
                }
            }
            return out;
        }

        private ParameterFunctional coefficient(ParameterType type, JsonNode term, String field) {
            JsonNode c = term.get("coefficient");
            if (c == null) {
                throw json.error(field + ".coefficient", "missing (use \"1\" for a constant term)");
            }
            String text = c.isNumber()
                    ? Double.toString(json.finite(c, field + ".coefficient"))
                    : json.text(term, field + ".coefficient");
            try {
                return ParameterFunctional.expression(type, text);
            } catch (ExpressionException e) {
                throw json.error(field + ".coefficient", e.getMessage());
            }
        }

        private CsrMatrix matrix(JsonNode node, String field, String key) {
            String f = field.isEmpty() ? key : field + "." + key;
            Path p = json.existing(json.text(node, f), f);
            CsrMatrix a = load(p, f, CsrMatrix.class, path -> MatrixMarket.readSquare(path, false));
            requireSize(f, p, a.rows(), a.rows() + " x " + a.cols());
            return a;
        }

        private double[] vector(JsonNode node, String field) {
            String f = field + ".vector";
            return vectorFile(json.existing(json.text(node, f), f), f);
        }

        /** The vector in {@code p} (NPY of shape (n,) or Matrix Market), of the problem's size, finite. */
        private double[] vectorFile(Path p, String f) {
            double[] v = load(p, f, double[].class, path -> {
                if (path.getFileName().toString().endsWith(".npy")) {
                    Npy.Array a = Npy.read(path, false);
                    if (!a.isVector()) {
                        throw new FileFormatException(
                                path.toString(), "expected a vector of shape (n,), found " + a.shapeText());
                    }
                    double[] d = a.matrix().data();
                    for (int i = 0; i < d.length; i++) {
                        if (!Double.isFinite(d[i])) {
                            throw new FileFormatException(path.toString(), "entry " + i + " is " + d[i]);
                        }
                    }
                    return d;
                }
                return MatrixMarket.readVector(path, false);
            });
            requireSize(f, p, v.length, "a vector of length " + v.length);
            return v.clone();
        }

        /** The first matrix or vector fixes n; every other must match it. */
        private void requireSize(String field, Path p, int size, String found) {
            if (n < 0) {
                n = size;
                sizeSource = field + " (" + dir.relativize(p.toAbsolutePath()) + ")";
            } else if (size != n) {
                throw json.error(
                        field,
                        dir.relativize(p.toAbsolutePath()) + " is " + found + ", but " + sizeSource + " has " + n
                                + " unknowns");
            }
        }

        /**
         * The content of a named file, read once: a file named twice (a compliant output's vector is
         * the right-hand side's) is the same content, but not as a matrix here and a vector there.
         */
        private <T> T load(Path p, String field, Class<T> kind, Function<Path, T> reader) {
            Path key = p.toAbsolutePath().normalize();
            Loaded first = loaded.get(key);
            if (first == null) {
                first = new Loaded(field, kind, reader.apply(p));
                loaded.put(key, first);
            } else if (first.kind() != kind) {
                throw json.error(
                        field,
                        dir.relativize(key) + " is named here as a " + noun(kind) + " and by " + first.field()
                                + " as a " + noun(first.kind()) + "; a file holds either a matrix or a vector");
            }
            return kind.cast(first.value());
        }

        private static String noun(Class<?> kind) {
            return kind == CsrMatrix.class ? "matrix" : "vector";
        }

        /** Refuses a coercivity field that {@code how} does not use, instead of ignoring it. */
        private void requireUsed(JsonNode coercivity, String how, List<String> used) {
            for (var e : coercivity.properties()) {
                if (!used.contains(e.getKey())) {
                    throw json.error(
                            "coercivity." + e.getKey(),
                            "not used with " + how + " (its fields: " + String.join(", ", used) + ")");
                }
            }
        }
    }
}

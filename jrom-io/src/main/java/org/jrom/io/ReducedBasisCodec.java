package org.jrom.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrom.Excerpt;
import org.jrom.JromException;
import org.jrom.algorithms.CoercivityBounds;
import org.jrom.algorithms.MatrixEim;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.models.Certificate;
import org.jrom.models.CoercivityBound;
import org.jrom.models.ReducedModel;
import org.jrom.operators.MatrixEntries;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.reductors.ResidualNormEvaluation;

/**
 * The {@code reduced-basis} kind (the default of files before 1.2, which had no {@code model}
 * field): a certified {@link ReducedModel}. The manifest gives the dimensions, the affine operator
 * and right-hand side terms with their coefficients as expressions, the outputs (with the dual
 * model of a primal-dual output), the residual evaluation and the coercivity bound by kind and
 * named arrays, the certificate (2.1; older files: the provenance note {@code validation}) and
 * optionally the basis (layout in docs/formats.md). Reading checks the invariants the error bound
 * rests on, which a recomputed checksum cannot vouch for.
 */
final class ReducedBasisCodec implements ModelCodec<ReducedModel> {
    static final String KIND = "reduced-basis";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<ReducedModel> type() {
        return ReducedModel.class;
    }

    @Override
    public Set<String> arraysNoAnswerReads(JsonNode root) {
        JsonNode basis = root.path("basis");
        if (basis.path("included").asBoolean(false) && basis.path("array").isTextual()) {
            return Set.of(basis.get("array").textValue());
        }
        return Set.of();
    }

    @Override
    public void encode(ReducedModel model, SectionWriter out) {
        ObjectNode root = out.root();
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
            out.array(name, Npy.Array.of(model.operatorTerms().get(k)));
        }
        model.entryCoefficients().ifPresent(e -> {
            ObjectNode section = root.putObject("operator_entries");
            kindSection(section, "operator_entries", EIM_KIND, e.arrays(), out);
            section.put("describe", e.describe());
            if (e.expressions() != null) {
                ArrayNode list = section.putArray("expressions");
                e.expressions().forEach(x -> list.add(x.describe()));
            }
            if (e.rhs() != null) {
                ObjectNode rhs = root.putObject("rhs_entries");
                kindSection(rhs, "rhs_entries", EIM_KIND, e.rhs().arrays(), out);
                rhs.put("describe", e.rhs().describe());
            }
        });
        ArrayNode rhs = root.putArray("rhs");
        for (int k = 0; k < p; k++) {
            String name = "rhs_" + k;
            rhs.addObject()
                    .put("coefficient", model.rhsCoefficients().get(k).describe())
                    .put("array", name);
            out.array(name, Npy.Array.vector(model.rhsTerms().get(k)));
        }
        ArrayNode outs = root.putArray("outputs");
        int i = 0;
        for (var e : model.outputs().entrySet()) { // the declared order, which the reader keeps
            String name = "output_" + i++;
            ReducedModel.ReducedOutput o = e.getValue();
            if (!Double.isFinite(o.dualNorm())) {
                throw new JromException("cannot write output '" + e.getKey() + "': its dual norm is " + o.dualNorm());
            }
            ObjectNode node = outs.addObject()
                    .put("name", e.getKey())
                    .put("compliant", o.compliant())
                    .put("dual_norm", o.dualNorm())
                    .put("array", name);
            out.array(name, Npy.Array.vector(o.functional()));
            if (o.dual() != null) {
                dualSection(node.putObject("dual"), name + "_dual", o.dual(), out);
            }
        }
        ReducedModel.ResidualEvaluator res = model.residualEvaluator();
        kindSection(root.putObject("residual"), "residual", storedKind(res), res.arrays(), out);
        CoercivityBound bound = model.coercivityBound();
        ObjectNode coercivity = root.putObject("coercivity");
        kindSection(coercivity, "coercivity", bound.kind(), bound.arrays(), out);
        if (!bound.expressions().isEmpty()) {
            ObjectNode texts = coercivity.putObject("expressions");
            new TreeMap<>(bound.expressions()).forEach(texts::put);
        }

        encodeCertificate(root.putObject("certificate"), model.certificate());

        ObjectNode basis = root.putObject("basis");
        basis.put("included", model.basis().isPresent());
        model.basis().ifPresent(v -> {
            basis.put("array", "basis");
            out.array("basis", Npy.Array.of(v.toMatrix())); // V, n x N: field = V @ u_N
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
        if (!Double.isNaN(c.complianceAccuracy())) {
            node.put("compliance_accuracy", c.complianceAccuracy());
        }
    }

    private static final String PROVEN = "proven";
    private static final String GIVEN = "given";

    /** The provenance note of files before 2.1, as the CLI wrote it. */
    private static final Pattern VALIDATION_NOTE = Pattern.compile(
            "bound below the true error (\\d{1,9}) times on (\\d{1,9}) test parameters \\(seed (-?\\d{1,19})\\) at"
                    + " (\\d{1,9}) basis sizes");

    /**
     * The primal-dual correction of an output: the reduced dual model (its operator terms share the
     * primal coefficients, its right-hand side is {@code -W^T l} with coefficient 1, its coercivity
     * bound is the primal one), its residual evaluation and the cross terms H.
     */
    private static void dualSection(
            ObjectNode section, String prefix, ReducedModel.DualCorrection c, SectionWriter out) {
        ReducedModel dual = c.dual();
        section.put("reduced", dual.dim());
        ArrayNode ops = section.putArray("operator");
        for (int k = 0; k < dual.operatorTerms().size(); k++) {
            String name = prefix + "_operator_" + k;
            ops.addObject().put("array", name);
            out.array(name, Npy.Array.of(dual.operatorTerms().get(k)));
        }
        section.put("array", prefix + "_rhs");
        out.array(prefix + "_rhs", Npy.Array.vector(dual.rhsTerms().get(0)));
        ObjectNode cross = section.putObject("cross").put("array", prefix + "_cross");
        out.array(prefix + "_cross", Npy.Array.of(c.cross()));
        cross.put("rows", c.cross().rows());
        ReducedModel.ResidualEvaluator res = dual.residualEvaluator();
        kindSection(section.putObject("residual"), prefix + "_residual", storedKind(res), res.arrays(), out);
    }

    /** A kind and its named arrays, stored as {@code prefix_name} entries, sorted by name. */
    private static void kindSection(
            ObjectNode section, String prefix, String kind, Map<String, DenseMatrix> kindArrays, SectionWriter out) {
        section.put("kind", kind);
        ObjectNode names = section.putObject("arrays");
        for (var e : new TreeMap<>(kindArrays).entrySet()) {
            if (!ModelFile.ARRAY_NAME.matcher(e.getKey()).matches()) {
                throw new JromException(prefix + " array name '" + e.getKey() + "' must be letters, digits and _");
            }
            String name = prefix + "_" + e.getKey();
            names.put(e.getKey(), name);
            out.array(name, Npy.Array.of(e.getValue()));
        }
    }

    @Override
    public ReducedModel decode(SectionReader in, ParameterSpace space) {
        JsonNode root = in.root();
        ParameterType type = space.type();
        JsonNode dims = in.object(root, "dimensions");
        int n = in.integer(dims, "dimensions", "reduced");
        int q = in.integer(dims, "dimensions", "operator_terms");
        int p = in.integer(dims, "dimensions", "rhs_terms");
        int terms = in.integer(dims, "dimensions", "residual_terms");
        if (terms != p + (long) q * n) {
            throw in.manifestError(
                    "dimensions.residual_terms",
                    "expected rhs_terms + operator_terms * reduced = " + (p + (long) q * n) + ", found " + terms);
        }

        List<ParameterFunctional> thetas = new ArrayList<>();
        List<DenseMatrix> aTerms = new ArrayList<>();
        JsonNode op = in.list(root, "operator", q);
        ReducedModel.RhsEntries rhsEntries = null;
        if (root.has("rhs_entries")) {
            if (!root.has("operator_entries")) {
                throw in.manifestError("rhs_entries", "goes with operator_entries only (a sampled operator)");
            }
            rhsEntries = rhsEntries(in, root, p);
        }
        ReducedModel.EntryCoefficients entries =
                root.has("operator_entries") ? entryCoefficients(in, root, q, type, rhsEntries) : null;
        List<ParameterFunctional> unbound =
                entries == null ? null : entries.coefficients().apply(UNBOUND);
        for (int k = 0; k < q; k++) {
            String field = "operator[" + k + "]";
            thetas.add(
                    entries == null
                            ? coefficient(in, type, op.get(k), field)
                            : entryCoefficient(in, op.get(k), field, unbound.get(k), "operator_entries"));
            aTerms.add(in.array(op.get(k), field, n, n).matrix());
        }
        List<ParameterFunctional> phis = new ArrayList<>();
        List<double[]> fTerms = new ArrayList<>();
        JsonNode rhs = in.list(root, "rhs", p);
        List<ParameterFunctional> unboundRhs =
                rhsEntries == null ? null : rhsEntries.coefficients().apply(UNBOUND);
        for (int k = 0; k < p; k++) {
            String field = "rhs[" + k + "]";
            phis.add(
                    rhsEntries == null
                            ? coefficient(in, type, rhs.get(k), field)
                            : entryCoefficient(in, rhs.get(k), field, unboundRhs.get(k), "rhs_entries"));
            fTerms.add(in.array(rhs.get(k), field, n, -1).matrix().data());
        }
        Map<String, ReducedModel.ReducedOutput> outputs = new LinkedHashMap<>();
        Map<String, Integer> dualNodes = new LinkedHashMap<>(); // output name -> its index in "outputs"
        JsonNode outs = in.list(root, "outputs", -1);
        for (int k = 0; k < outs.size(); k++) {
            String field = "outputs[" + k + "]";
            JsonNode o = outs.get(k);
            String name = in.text(o, field, "name");
            JsonNode compliant = in.require(o, field, "compliant");
            if (!compliant.isBoolean()) {
                throw in.manifestError(field + ".compliant", "expected true or false, found " + compliant);
            }
            double dualNorm = in.number(o, field, "dual_norm");
            if (!(dualNorm >= 0 && Double.isFinite(dualNorm))) { // every output bound is a multiple of it
                throw in.manifestError(
                        field + ".dual_norm", "expected a finite non-negative number, found " + dualNorm);
            }
            double[] l = in.array(o, field, n, -1).matrix().data();
            if (outputs.put(name, new ReducedModel.ReducedOutput(l, compliant.booleanValue(), dualNorm)) != null) {
                throw in.manifestError(field + ".name", "output '" + name + "' appears twice");
            }
            if (o.has("dual")) {
                dualNodes.put(name, k);
            }
        }

        JsonNode res = in.object(root, "residual");
        String resKind = in.text(res, "residual", "kind");
        ResidualNormEvaluation evaluation;
        try {
            evaluation = ResidualNormEvaluation.parse(resKind);
        } catch (IllegalArgumentException e) {
            throw in.manifestError(
                    "residual.kind",
                    "unknown residual evaluation '" + resKind + "'; known: "
                            + java.util.Arrays.toString(ResidualNormEvaluation.values()));
        }
        if (entries != null && evaluation.sampled()) {
            throw in.manifestError(
                    "residual.kind",
                    evaluation + " samples the residual at random parameters, where an operator from entries has"
                            + " none");
        }
        Map<String, DenseMatrix> resArrays = kindArrays(in, res, "residual");
        checkResidual(in, res, evaluation, terms);
        ReducedModel.ResidualEvaluator evaluator = in.rebuild("residual", () -> evaluation.evaluator(resArrays));
        if (evaluator.termCount() != terms) {
            throw in.manifestError(
                    "residual",
                    "the " + resKind + " arrays are for " + evaluator.termCount()
                            + " residual terms, the dimensions say " + terms);
        }
        if (evaluation == ResidualNormEvaluation.GRAM) {
            DenseMatrix g = resArrays.get("gram");
            if (g.rows() != g.cols()) {
                throw in.manifestError(
                        "residual", "the Gram matrix must be square, found " + g.rows() + "x" + g.cols());
            }
        }

        JsonNode coe = in.object(root, "coercivity");
        String coeKind = in.text(coe, "coercivity", "kind");
        Map<String, DenseMatrix> coeArrays = kindArrays(in, coe, "coercivity");
        for (var e : coeArrays.entrySet()) {
            if (e.getValue().data().length == 0) {
                throw in.manifestError("coercivity.arrays." + e.getKey(), "the array is empty");
            }
        }
        Map<String, String> coeTexts = new LinkedHashMap<>();
        if (coe.has("expressions")) {
            for (var e : in.object(coe, "coercivity", "expressions").properties()) {
                if (!e.getValue().isTextual()) {
                    throw in.manifestError(
                            "coercivity.expressions." + e.getKey(),
                            "expected an expression string, found " + e.getValue());
                }
                coeTexts.put(e.getKey(), e.getValue().textValue());
            }
        }
        checkCoercivity(in, coe, coeKind);
        CoercivityBound bound =
                in.rebuild("coercivity", () -> CoercivityBounds.fromArrays(coeKind, coeArrays, coeTexts, thetas, type));
        if (bound instanceof MinThetaBound m) {
            requireSkew(in, m.skewTerms(), aTerms);
        }

        JsonNode basisNode = in.object(root, "basis");
        JsonNode included = in.require(basisNode, "basis", "included");
        if (!included.isBoolean()) {
            throw in.manifestError("basis.included", "expected true or false, found " + included);
        }
        VectorArray basis = null;
        if (included.booleanValue() && in.fields()) {
            int full = in.integer(dims, "dimensions", "full");
            basis = VectorArray.fromMatrix(in.array(basisNode, "basis", full, n).matrix());
        }

        for (var e : dualNodes.entrySet()) {
            String field = "outputs[" + e.getValue() + "]";
            JsonNode node = in.object(outs.get(e.getValue()), field + ".dual", "dual");
            ReducedModel.ReducedOutput o = outputs.get(e.getKey());
            ReducedModel.DualCorrection c = dualCorrection(in, node, field + ".dual", space, thetas, bound, terms);
            outputs.put(e.getKey(), new ReducedModel.ReducedOutput(o.functional(), o.compliant(), o.dualNorm(), c));
        }

        Provenance provenance = in.provenance();
        Certificate certificate = certificate(in, bound, provenance);
        VectorArray v = basis;
        ReducedModel model = in.rebuild(
                "the model",
                () -> new ReducedModel(space, thetas, aTerms, phis, fTerms, outputs, evaluator, bound, v, certificate));
        return entries == null ? model : model.withEntryCoefficients(entries);
    }

    /**
     * The certificate section (2.1), or for older files the provenance note {@code validation}
     * (no note: not validated) and no measured truth accuracy. Whether the coercivity bound is
     * proven is the bound kind's own property; a section that claims otherwise is rejected.
     */
    private static Certificate certificate(SectionReader in, CoercivityBound bound, Provenance provenance) {
        boolean proven = !bound.givenByModeller();
        Certificate c = Certificate.unvalidated(proven, bound.describe());
        if (!in.root().has("certificate")) {
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
        JsonNode node = in.object(in.root(), "certificate");
        String claim = in.text(node, "certificate", "coercivity");
        if (!claim.equals(PROVEN) && !claim.equals(GIVEN)) {
            throw in.manifestError(
                    "certificate.coercivity",
                    "expected '" + PROVEN + "' or '" + GIVEN + "', found '" + Excerpt.of(claim) + "'");
        }
        if (claim.equals(PROVEN) != proven) {
            throw in.manifestError(
                    "certificate.coercivity",
                    "'" + claim + "' contradicts the coercivity bound '" + bound.kind() + "', which is "
                            + (proven ? "derived by jrom" : "given by the modeller"));
        }
        if (node.has("validation")) {
            JsonNode v = in.object(node, "certificate.validation", "validation");
            JsonNode seed = in.require(v, "certificate.validation", "seed");
            if (!seed.canConvertToLong() || !seed.isIntegralNumber()) {
                throw in.manifestError("certificate.validation.seed", "expected an integer, found " + seed);
            }
            int tests = in.integer(v, "certificate.validation", "test_parameters");
            int sizes = in.integer(v, "certificate.validation", "basis_sizes");
            if (tests < 1 || sizes < 1) {
                throw in.manifestError(
                        "certificate.validation",
                        "test_parameters and basis_sizes must be at least 1, found " + tests + " and " + sizes);
            }
            c = c.withValidation(new Certificate.Validation(
                    tests, seed.longValue(), sizes, in.integer(v, "certificate.validation", "violations")));
        }
        double accuracy = in.number(node, "certificate", "truth_accuracy");
        if (!(accuracy >= 0 && accuracy < 0.5)) {
            throw in.manifestError("certificate.truth_accuracy", "expected a number in [0, 0.5), found " + accuracy);
        }
        c = c.withTruthAccuracy(accuracy);
        if (node.has("compliance_accuracy")) {
            double compliance = in.number(node, "certificate", "compliance_accuracy");
            if (!(compliance >= 0 && compliance < 0.5)) {
                throw in.manifestError(
                        "certificate.compliance_accuracy", "expected a number in [0, 0.5), found " + compliance);
            }
            c = c.withComplianceAccuracy(compliance);
        }
        return c;
    }

    /** The primal-dual correction of one output (see {@code dualSection}). */
    private static ReducedModel.DualCorrection dualCorrection(
            SectionReader in,
            JsonNode node,
            String field,
            ParameterSpace space,
            List<ParameterFunctional> thetas,
            CoercivityBound bound,
            int primalTerms) {
        int m = in.integer(node, field, "reduced");
        JsonNode ops = in.list(node, field + ".operator", "operator", thetas.size());
        List<DenseMatrix> a = new ArrayList<>();
        for (int k = 0; k < thetas.size(); k++) {
            a.add(in.array(ops.get(k), field + ".operator[" + k + "]", m, m).matrix());
        }
        double[] rhs = in.array(node, field, m, -1).matrix().data();
        DenseMatrix cross = in.array(in.object(node, field + ".cross", "cross"), field + ".cross", m, primalTerms)
                .matrix();
        JsonNode res = in.object(node, field + ".residual", "residual");
        String kind = in.text(res, field + ".residual", "kind");
        ResidualNormEvaluation evaluation;
        try {
            evaluation = ResidualNormEvaluation.parse(kind);
        } catch (IllegalArgumentException e) {
            throw in.manifestError(
                    field + ".residual.kind",
                    "unknown residual evaluation '" + kind + "'; known: "
                            + java.util.Arrays.toString(ResidualNormEvaluation.values()));
        }
        Map<String, DenseMatrix> resArrays = kindArrays(in, res, field + ".residual");
        checkResidual(in, res, evaluation, 1 + thetas.size() * m);
        ReducedModel.ResidualEvaluator evaluator =
                in.rebuild(field + ".residual", () -> evaluation.evaluator(resArrays));
        if (evaluator.termCount() != 1 + thetas.size() * m) {
            throw in.manifestError(
                    field + ".residual",
                    "the " + kind + " arrays are for " + evaluator.termCount() + " residual terms, expected "
                            + (1 + thetas.size() * m));
        }
        return in.rebuild(
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

    static final String EIM_KIND = "eim";

    /** The entries of an operator whose coefficients come from them, before {@code --entries} gives any. */
    private static final MatrixEntries UNBOUND = (mu, rows, cols) -> {
        String names = MatrixEntries.names(rows, cols);
        throw new JromException("this model interpolates a non-affine problem: it needs the entries "
                + (names.length() > 120 ? names.substring(0, 120) + "... (" + rows.length + " in all)" : names)
                + " of A(mu) (f(mu)) at each parameter; give them with --entries FILE (jrom info lists them)");
    };

    /** A term's coefficient that comes from the entries: the file must name the one its section defines. */
    private static ParameterFunctional entryCoefficient(
            SectionReader in, JsonNode term, String field, ParameterFunctional expected, String section) {
        String text = in.text(term, field, "coefficient");
        if (!text.equals(expected.describe())) {
            throw in.manifestError(
                    field + ".coefficient",
                    "expected " + expected.describe() + " (the model's " + section + "), found "
                            + Excerpt.quoted(text));
        }
        return expected;
    }

    /**
     * A section's EIM ({@code operator_entries}, {@code rhs_entries}): its kind, its arrays rebuilt
     * and checked, {@code terms} of them, the magic entries inside the {@code full} unknowns when the
     * file has the basis.
     */
    private static MatrixEim.Result sectionEim(
            SectionReader in, JsonNode root, String section, int terms, String what) {
        JsonNode node = in.object(root, section);
        String kind = in.text(node, section, "kind");
        if (!kind.equals(EIM_KIND)) {
            throw in.manifestError(section + ".kind", "expected " + EIM_KIND + ", found " + Excerpt.quoted(kind));
        }
        Map<String, DenseMatrix> arrays = kindArrays(in, node, section);
        MatrixEim.Result eim = in.rebuild(section, () -> MatrixEim.Result.fromArrays(arrays));
        if (eim.size() != terms) {
            throw in.manifestError(section, "interpolates " + eim.size() + " terms for the " + terms + " " + what);
        }
        JsonNode dims = root.get("dimensions");
        if (dims != null && dims.has("full")) { // with the basis: the unknowns the entries index
            int full = in.integer(dims, "dimensions", "full");
            for (int k = 0; k < terms; k++) {
                if (eim.magicRows()[k] >= full || eim.magicCols()[k] >= full) {
                    throw in.manifestError(
                            section,
                            "magic entry " + k + " (" + eim.magicRows()[k] + ", " + eim.magicCols()[k]
                                    + ") is outside the " + full + " unknowns");
                }
            }
        }
        return eim;
    }

    /** The section {@code rhs_entries}: the vector EIM of a sampled right-hand side, checked. */
    private static ReducedModel.RhsEntries rhsEntries(SectionReader in, JsonNode root, int p) {
        MatrixEim.Result eim = sectionEim(in, root, "rhs_entries", p, "right-hand side terms");
        for (int k = 0; k < p; k++) {
            if (eim.magicCols()[k] != 0) {
                throw in.manifestError(
                        "rhs_entries", "magic entry " + k + " is in column " + eim.magicCols()[k] + " of a vector");
            }
        }
        return new ReducedModel.RhsEntries(
                eim.magicRows(),
                source -> eim.rhsCoefficients(source).functionals(),
                in.text(in.object(root, "rhs_entries"), "rhs_entries", "describe"),
                eim.arrays());
    }

    /** The section {@code operator_entries}: the nonintrusive EIM's coefficient map, checked. */
    private static ReducedModel.EntryCoefficients entryCoefficients(
            SectionReader in, JsonNode root, int q, ParameterType type, ReducedModel.RhsEntries rhs) {
        MatrixEim.Result eim = sectionEim(in, root, "operator_entries", q, "operator terms");
        JsonNode node = in.object(root, "operator_entries");
        Map<String, DenseMatrix> arrays = kindArrays(in, node, "operator_entries");
        List<ParameterFunctional> expressions = null;
        if (node.has("expressions")) { // the magic entries as functions of mu: the model needs no solver online
            if (rhs != null) {
                throw in.manifestError(
                        "operator_entries.expressions", "not with rhs_entries, whose entries the solver gives");
            }
            JsonNode list = in.list(node, "operator_entries.expressions", "expressions", q);
            expressions = new ArrayList<>();
            for (int k = 0; k < q; k++) {
                String field = "operator_entries.expressions[" + k + "]";
                JsonNode x = list.get(k);
                if (!x.isTextual()) {
                    throw in.manifestError(field, "expected a string, found " + Excerpt.of(String.valueOf(x)));
                }
                try {
                    expressions.add(ParameterFunctional.expression(type, x.textValue()));
                } catch (JromException e) {
                    throw in.manifestError(field, e.getMessage());
                }
            }
        }
        return new ReducedModel.EntryCoefficients(
                eim.magicRows(),
                eim.magicCols(),
                source -> eim.coefficients(source).functionals(),
                in.text(node, "operator_entries", "describe"),
                arrays,
                expressions,
                rhs);
    }

    /**
     * A term min-theta leaves out must add nothing to {@code v^T A v}: its reduced term skew-symmetric
     * up to the rounding of the projection (1e-8 of the largest reduced entry of any term), so that a
     * file flagging a diffusion term cannot raise the coercivity bound.
     */
    private static void requireSkew(SectionReader in, boolean[] skew, List<DenseMatrix> aTerms) {
        double largest = 0;
        for (DenseMatrix a : aTerms) {
            largest = Math.max(largest, a.normMax());
        }
        for (int q = 0; q < skew.length; q++) {
            if (!skew[q]) {
                continue;
            }
            DenseMatrix a = aTerms.get(q);
            double worst = 0;
            for (int j = 0; j < a.cols(); j++) {
                for (int i = 0; i <= j; i++) {
                    worst = Math.max(worst, Math.abs(a.get(i, j) + a.get(j, i)));
                }
            }
            if (worst > 1e-8 * largest) {
                throw in.manifestError(
                        "coercivity.arrays.skew_terms",
                        "term " + q + " is flagged skew-symmetric, but its reduced term is not (|a_ij + a_ji| up to "
                                + worst + " against a largest entry " + largest + ")");
            }
        }
    }

    /**
     * The invariants the error bound rests on, which a checksum cannot vouch for: a file whose
     * digests were recomputed after an edit must not certify a wrong bound.
     */
    private static void checkCoercivity(SectionReader in, JsonNode section, String kind) {
        switch (kind) {
            case "min-theta" -> {
                // alpha_LB(mu) = alpha_ref min_q theta_q(mu) / theta_q(mu_ref)
                in.requireAll(kindArray(section, "reference_alpha"), v -> v > 0, "the coercivity constant must be > 0");
                in.requireAll(
                        kindArray(section, "reference_thetas"),
                        v -> v > 0,
                        "the min-theta bound needs positive reference coefficients");
            }
            case "constant" -> in.requireAll(kindArray(section, "value"), v -> v > 0, "a coercivity bound must be > 0");
            case "scm" -> {
                in.requireAll(kindArray(section, "alpha"), v -> v > 0, "coercivity constants must be > 0");
                in.requireAll(kindArray(section, "m_alpha"), v -> v >= 0 && v == Math.rint(v), "expected a count");
                String lower = kindArray(section, "box_lower");
                String upper = kindArray(section, "box_upper");
                if (in.listedOrNull(lower) != null && in.listedOrNull(upper) != null) {
                    double[] lo = in.listedOrNull(lower).matrix().data();
                    double[] hi = in.listedOrNull(upper).matrix().data();
                    for (int i = 0; i < Math.min(lo.length, hi.length); i++) {
                        if (!(lo[i] <= hi[i])) {
                            throw in.arrayError(
                                    lower, i, "is " + lo[i] + ", above box_upper's " + hi[i] + "; the box is empty");
                        }
                    }
                }
            }
            default -> {} // expression: checked when evaluated; unknown kinds: refused on rebuilding
        }
    }

    /**
     * The residual evaluation's kind as the file stores it: COEFFICIENT_EIM keeps its 2.0 name {@code
     * EIM}, so that every 2.x reader reads these files as before.
     */
    private static String storedKind(ReducedModel.ResidualEvaluator res) {
        return res.kind().equals(ResidualNormEvaluation.COEFFICIENT_EIM.name()) ? "EIM" : res.kind();
    }

    /** The residual arrays' invariants: sigma singular values, EIM indices of residual terms. */
    private static void checkResidual(
            SectionReader in, JsonNode section, ResidualNormEvaluation evaluation, int terms) {
        switch (evaluation) {
            case ORTHONORMAL -> {
                String sigma = kindArray(section, "sigma");
                in.requireAll(sigma, v -> v >= 0, "singular values must be >= 0");
                if (in.listedOrNull(sigma) != null) {
                    double[] d = in.listedOrNull(sigma).matrix().data();
                    for (int i = 1; i < d.length; i++) {
                        if (d[i] > d[i - 1]) {
                            throw in.arrayError(
                                    sigma,
                                    i,
                                    "is " + d[i] + ", above the one before (" + d[i - 1]
                                            + "); singular values must be non-increasing");
                        }
                    }
                }
            }
            case GRAM -> requireDiagonal(in, kindArray(section, "gram"));
            case COEFFICIENT_EIM ->
                in.requireAll(
                        kindArray(section, "eim_indices"),
                        v -> v >= 0 && v < terms && v == Math.rint(v),
                        "expected the index of one of the " + terms + " residual terms");
            case PRODUCT_EIM -> {
                long products = (long) terms * (terms + 1) / 2;
                in.requireAll(
                        kindArray(section, "product_eim_entries"),
                        v -> v >= 0 && v < products && v == Math.rint(v),
                        "expected the index of one of the " + products + " products of " + terms + " residual terms");
                in.requireAll(
                        kindArray(section, "product_eim_squared_norms"), v -> v >= 0, "squared norms must be >= 0");
            }
            default -> {}
        }
    }

    /** A Gram matrix's diagonal holds squared norms. */
    private static void requireDiagonal(SectionReader in, String name) {
        Npy.Array a = in.listedOrNull(name);
        if (a != null) {
            DenseMatrix g = a.matrix();
            for (int i = 0; i < Math.min(g.rows(), g.cols()); i++) {
                if (!(g.get(i, i) >= 0)) {
                    throw in.arrayError(name, i + i * g.rows(), "is " + g.get(i, i) + "; a Gram diagonal must be >= 0");
                }
            }
        }
    }

    /** The array name a kind section gives for {@code key}; absent ones are reported on rebuilding. */
    private static String kindArray(JsonNode section, String key) {
        JsonNode n = section.path("arrays").path(key);
        return n.isTextual() ? n.textValue() : "";
    }

    private static ParameterFunctional coefficient(SectionReader in, ParameterType type, JsonNode node, String field) {
        String text = in.text(node, field, "coefficient");
        try {
            return ParameterFunctional.expression(type, text);
        } catch (JromException e) {
            throw in.manifestError(field + ".coefficient", e.getMessage());
        }
    }

    private static Map<String, DenseMatrix> kindArrays(SectionReader in, JsonNode section, String field) {
        JsonNode names = in.object(section, field + ".arrays", "arrays");
        Map<String, DenseMatrix> out = new LinkedHashMap<>();
        for (var e : names.properties()) {
            String f = field + ".arrays." + e.getKey();
            if (!e.getValue().isTextual()) {
                throw in.manifestError(f, "expected an array name, found " + e.getValue());
            }
            Npy.Array a = in.listedOrNull(e.getValue().textValue());
            if (a == null) {
                throw in.manifestError(f, "array '" + e.getValue().textValue() + "' is not listed in 'arrays'");
            }
            out.put(e.getKey(), a.matrix().copy());
        }
        return out;
    }
}

package org.jrom.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrom.JromException;
import org.jrom.fem.Mesh;
import org.jrom.fem.mechanics.HyperReducedForce;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
import org.jrom.fem.mechanics.IndicatorCalibration;
import org.jrom.fem.mechanics.Mandel;
import org.jrom.fem.mechanics.ReducedStructuralModel;
import org.jrom.fem.mechanics.ScheduleFamily;
import org.jrom.fem.problems.ScheduleFamilies;
import org.jrom.hyperreduction.GappyPod;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.parameters.ParameterSpace;

/**
 * The {@code hyper-reduced-mechanics} kind (manifest {@code "model": "hyper-reduced-mechanics"}): a {@link HyperReducedMechanicsModel}.
 * The manifest holds the sizes, the region of each point, the Newton settings and the loading's
 * family (name and settings); the arrays hold what the online steps read (the points, their weights,
 * {@code B_q V} per point, the projected force patterns, the temperature at the points) and what
 * reconstruction reads (the modes V, the Gappy-POD bases of p and of the stress over every point and
 * their samples). The laws come from the family at each parameter value.
 */
final class HyperReducedMechanicsCodec implements ModelCodec<HyperReducedMechanicsModel> {
    private static final int S = Mandel.SIZE;
    private static final String CASE_MESH = "case_mesh_";
    private static final String CASE_ARRAY = "case_array_";

    @Override
    public String kind() {
        return HyperReducedMechanicsModel.KIND;
    }

    @Override
    public Class<HyperReducedMechanicsModel> type() {
        return HyperReducedMechanicsModel.class;
    }

    @Override
    public void encode(HyperReducedMechanicsModel model, SectionWriter out) {
        ReducedStructuralModel rom = model.model();
        ReducedStructuralModel.Parts parts = rom.parts();
        if (parts.modes() == null || parts.stress() == null) {
            throw new JromException("a hyper-reduced model read for queries (without its modes) cannot be written");
        }
        HyperReducedForce force = parts.force();
        ObjectNode root = out.root();
        root.putObject("dimensions")
                .put("modes", force.modeCount())
                .put("points", force.size())
                .put("state_stride", force.stateStride())
                .put("full", parts.modes().dim())
                .put("material_points", parts.stress().gappy().basis().dim() / S)
                .put("p_offset", parts.pOffset());
        ArrayNode regions = root.putArray("regions");
        for (String r : parts.regions()) {
            regions.add(r);
        }
        ReducedStructuralModel.Options newton = rom.options();
        root.putObject("newton")
                .put("tolerance", newton.tolerance())
                .put("max_iterations", newton.maxIterations())
                .put("max_cuts", newton.maxCuts());
        ScheduleFamily family = model.family();
        ObjectNode loading = root.putObject("loading").put("family", family.name());
        ObjectNode settings = loading.putObject("settings");
        family.settings().forEach(settings::put);
        if (family instanceof CaseFamily c) {
            encodeCase(c.caseFile().embedding(), loading, out);
        }
        HyperReducedMechanicsModel.Calibration calibration = model.calibration();
        if (calibration.displacement() != null || calibration.plasticStrainAtMax() != null) {
            ObjectNode fits = root.putObject("calibration");
            encodeFit(fits, "displacement", calibration.displacement());
            encodeFit(fits, "plastic_strain_at_max", calibration.plasticStrainAtMax());
        }
        out.array("points", Npy.Array.vector(toDoubles(force.points())));
        out.array("weights", Npy.Array.vector(force.weights()));
        out.array("strain_modes", Npy.Array.vector(force.strainModes()));
        out.array("force_patterns", Npy.Array.of(matrixOfRows(parts.forcePatterns(), force.modeCount())));
        out.array("base_temperature", Npy.Array.vector(parts.baseTemperature()));
        out.array("temperature_shapes", Npy.Array.of(matrixOfRows(parts.temperatureShapes(), force.size())));
        out.array("modes", Npy.Array.of(parts.modes().toMatrix()));
        dual(out, "stress", parts.stress());
        root.putObject("dual").put("plastic_strain", parts.plasticStrain() != null);
        if (parts.plasticStrain() != null) {
            dual(out, "plastic_strain", parts.plasticStrain());
        }
    }

    /**
     * A case family's case ({@link CaseFile#embedding}): its JSON under {@code loading.case}, the
     * subdomains by name, the mesh when it came from a file ({@code case_mesh_*} arrays, its parts by
     * name under {@code loading.mesh}), the NPY arrays it names ({@code case_array_k}, their names in
     * {@code loading.arrays}).
     */
    private static void encodeCase(CaseFile.Embedding e, ObjectNode loading, SectionWriter out) {
        loading.set("case", e.root());
        ObjectNode subdomains = loading.putObject("subdomains");
        e.subdomains().forEach(subdomains::put);
        ArrayNode names = loading.putArray("arrays");
        int k = 0;
        for (Map.Entry<String, double[][]> a : e.arrays().entrySet()) {
            names.add(a.getKey());
            out.array(CASE_ARRAY + k++, Npy.Array.of(matrixOfRows(a.getValue(), a.getValue()[0].length)));
        }
        Mesh mesh = e.mesh();
        if (mesh == null) {
            return;
        }
        ObjectNode parts = loading.putObject("mesh");
        mesh.boundaries().forEach(parts.putObject("boundaries")::put);
        int facets = mesh.numFacets();
        double[] facetNodes = new double[3 * facets];
        double[] facetMarkers = new double[facets];
        for (int f = 0; f < facets; f++) {
            for (int i = 0; i < 3; i++) {
                facetNodes[3 * f + i] = mesh.facetNode(f, i);
            }
            facetMarkers[f] = mesh.facetMarker(f);
        }
        double[] cellMarkers = new double[mesh.numCells()];
        for (int c = 0; c < cellMarkers.length; c++) {
            cellMarkers[c] = mesh.cellMarker(c);
        }
        out.array(CASE_MESH + "coordinates", Npy.Array.vector(mesh.coordinates()));
        out.array(CASE_MESH + "cells", Npy.Array.vector(toDoubles(mesh.cells())));
        out.array(CASE_MESH + "cell_markers", Npy.Array.vector(cellMarkers));
        out.array(CASE_MESH + "facets", Npy.Array.vector(facetNodes));
        out.array(CASE_MESH + "facet_markers", Npy.Array.vector(facetMarkers));
    }

    /** A calibration {@code error = 10^(intercept + slope log10 indicator)}, NaN figures as null. */
    private static void encodeFit(ObjectNode fits, String name, IndicatorCalibration c) {
        if (c == null) {
            return;
        }
        ObjectNode o = fits.putObject(name).put("intercept", c.intercept()).put("slope", c.slope());
        for (var e : Map.of("correlation", c.correlation(), "leave_one_out", c.leaveOneOut())
                .entrySet()) {
            if (Double.isFinite(e.getValue())) {
                o.put(e.getKey(), e.getValue());
            } else {
                o.putNull(e.getKey());
            }
        }
        o.put("runs", c.runs());
    }

    private static IndicatorCalibration decodeFit(SectionReader in, JsonNode fits, String name) {
        JsonNode o = fits.get(name);
        if (o == null) {
            return null;
        }
        String field = "calibration." + name;
        if (!o.isObject()) {
            throw in.manifestError(field, "expected an object, found " + SectionReader.kind(o));
        }
        double intercept = in.number(o, field, "intercept");
        double slope = in.number(o, field, "slope");
        int runs = in.integer(o, field, "runs");
        double[] figures = new double[2];
        String[] names = {"correlation", "leave_one_out"};
        for (int i = 0; i < 2; i++) {
            JsonNode v = o.get(names[i]);
            figures[i] = v != null && v.isNull() ? Double.NaN : in.number(o, field, names[i]);
        }
        // what a build stores: an error that grows with the indicator, from at least 3 runs
        boolean ok = Math.abs(intercept) <= 50
                && slope > 0
                && slope <= 50
                && runs >= 3
                && (Double.isNaN(figures[0]) || (figures[0] > 0 && figures[0] <= 1))
                && (Double.isNaN(figures[1]) || figures[1] >= 0);
        if (!ok) {
            throw in.manifestError(
                    field,
                    "expected |intercept| <= 50, a slope in (0, 50], at least 3 runs, a correlation in (0, 1] and a"
                            + " leave-one-out error >= 0 (null where undefined), found " + o);
        }
        return new IndicatorCalibration(intercept, slope, figures[0], figures[1], runs);
    }

    /** The case a model file embeds; its mesh only where the mesh arrays were read (not for queries). */
    private static CaseFile decodeCase(SectionReader in, JsonNode loading, int full) {
        JsonNode root = in.object(loading, "loading.case", "case");
        JsonNode subdomainNode = in.object(loading, "loading.subdomains", "subdomains");
        Map<String, Integer> subdomains = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : subdomainNode.properties()) {
            subdomains.put(e.getKey(), in.integer(subdomainNode, "loading.subdomains", e.getKey()));
        }
        JsonNode names = in.list(loading, "loading.arrays", "arrays", -1);
        Map<String, double[][]> arrays = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            Npy.Array a = in.listedOrNull(CASE_ARRAY + k);
            JsonNode name = names.get(k);
            if (!name.isTextual()) {
                throw in.manifestError(
                        "loading.arrays[" + k + "]", "expected a string, found " + SectionReader.kind(name));
            }
            if (a != null) {
                if (a.shape().length != 2 || a.shape()[0] < 1 || a.shape()[1] < 1) {
                    throw in.manifestError(
                            CASE_ARRAY + k,
                            "expected a (rows, nodes) array of at least one value, found " + a.shapeText());
                }
                arrays.put(name.textValue(), rowsOf(a.matrix()));
            }
        }
        Mesh mesh = null;
        Npy.Array coordinates = in.listedOrNull(CASE_MESH + "coordinates");
        if (coordinates != null) {
            JsonNode meshNode = in.object(loading, "loading.mesh", "mesh");
            JsonNode boundaryNode = in.object(meshNode, "loading.mesh.boundaries", "boundaries");
            Map<String, Integer> boundaries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : boundaryNode.properties()) {
                boundaries.put(e.getKey(), in.integer(boundaryNode, "loading.mesh.boundaries", e.getKey()));
            }
            double[] xyz = coordinates.matrix().data();
            int nodes = xyz.length / 3;
            int[] cells = meshIndices(in, "cells", nodes);
            int[] cellMarkers = meshIndices(in, "cell_markers", Integer.MAX_VALUE);
            int[] facets = meshIndices(in, "facets", nodes);
            int[] facetMarkers = meshIndices(in, "facet_markers", Integer.MAX_VALUE);
            mesh = in.rebuild(
                    "the case's mesh",
                    () -> Mesh.of(3, xyz, cells, cellMarkers, facets, facetMarkers, subdomains, boundaries));
        }
        CaseFile.Embedding embedding = new CaseFile.Embedding(root, mesh, arrays, subdomains);
        CaseFile c = in.rebuild("the case", () -> CaseFile.embedded(in.file(), embedding));
        long dofs = mesh == null ? c.boxDofs() : c.degree() == 1 ? 3L * mesh.numNodes() : -1;
        if (dofs >= 0 && dofs != full) { // a P2 file mesh's dofs are counted when a run builds it
            throw in.manifestError(
                    "loading.case.mesh",
                    "the case's mesh has " + dofs + " displacement dofs at degree " + c.degree() + ", dimensions.full "
                            + full);
        }
        return c;
    }

    private static int[] meshIndices(SectionReader in, String name, int bound) {
        return indices(in, CASE_MESH + name, in.listed(CASE_MESH + name, CASE_MESH + name), -1, bound);
    }

    private static void dual(SectionWriter out, String name, ReducedStructuralModel.DualBasis b) {
        out.array(name + "_basis", Npy.Array.of(b.gappy().basis().toMatrix()));
        out.array(name + "_samples", Npy.Array.vector(toDoubles(b.gappy().samples())));
        out.array(name + "_singular_values", Npy.Array.vector(b.singularValues()));
    }

    private static double[] toDoubles(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** Rows of equal length as a matrix (k x length); k may be 0. */
    private static DenseMatrix matrixOfRows(double[][] rows, int length) {
        DenseMatrix m = DenseMatrix.zeros(rows.length, length);
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < length; j++) {
                m.set(i, j, rows[i][j]);
            }
        }
        return m;
    }

    private static double[][] rowsOf(DenseMatrix m) {
        double[][] out = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                out[i][j] = m.get(i, j);
            }
        }
        return out;
    }

    @Override
    public Set<String> arraysNoAnswerReads(JsonNode root) {
        Set<String> names = new HashSet<>(Set.of("modes", "stress_basis", "stress_samples", "stress_singular_values"));
        // a case's mesh and arrays serve reconstruction (the family's full runs), not the schedules
        for (String part : List.of("coordinates", "cells", "cell_markers", "facets", "facet_markers")) {
            names.add(CASE_MESH + part);
        }
        JsonNode arrays = root.path("loading").path("arrays");
        for (int k = 0; k < arrays.size(); k++) {
            names.add(CASE_ARRAY + k);
        }
        return names;
    }

    @Override
    public HyperReducedMechanicsModel decode(SectionReader in, ParameterSpace space) {
        JsonNode root = in.root();
        JsonNode dims = in.object(root, "dimensions");
        int n = in.integer(dims, "dimensions", "modes");
        int points = in.integer(dims, "dimensions", "points");
        int stride = in.integer(dims, "dimensions", "state_stride");
        int full = in.integer(dims, "dimensions", "full");
        int materialPoints = in.integer(dims, "dimensions", "material_points");
        JsonNode offset = in.require(dims, "dimensions", "p_offset");
        int pOffset = offset.isInt() ? offset.intValue() : -2;
        if (n < 1
                || n > full
                || points < 1
                || points > materialPoints
                || stride < S
                || stride > 1000
                || pOffset < -1
                || pOffset >= stride) {
            throw in.manifestError(
                    "dimensions",
                    "expected 1 <= modes <= full, 1 <= points <= material_points, state_stride from 6 to 1000 and"
                            + " p_offset a whole number in [-1, state_stride), found " + dims);
        }
        // every size below fits an int: points * 6 * modes, the stress basis' 6 * material_points rows
        long strainModeCount = (long) points * S * n;
        if (strainModeCount > Integer.MAX_VALUE || (long) materialPoints * S > Integer.MAX_VALUE) {
            throw in.manifestError("dimensions", "sizes too large for one array: " + dims);
        }
        JsonNode regionList = in.list(root, "regions", points);
        String[] regions = new String[points];
        for (int i = 0; i < points; i++) {
            JsonNode r = regionList.get(i);
            if (!r.isTextual()) {
                throw in.manifestError("regions[" + i + "]", "expected a string, found " + SectionReader.kind(r));
            }
            regions[i] = r.textValue();
        }
        JsonNode newtonNode = in.object(root, "newton");
        ReducedStructuralModel.Options newton = in.rebuild(
                "the Newton settings",
                () -> new ReducedStructuralModel.Options(
                        in.number(newtonNode, "newton", "tolerance"),
                        in.integer(newtonNode, "newton", "max_iterations"),
                        in.integer(newtonNode, "newton", "max_cuts")));
        JsonNode loading = in.object(root, "loading");
        String familyName = in.text(loading, "loading", "family");
        JsonNode settingsNode = in.object(loading, "loading.settings", "settings");
        Map<String, Double> settings = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : settingsNode.properties()) {
            settings.put(e.getKey(), in.number(settingsNode, "loading.settings", e.getKey()));
        }
        CaseFile caseFile = familyName.equals(CaseFamily.NAME) ? decodeCase(in, loading, full) : null;
        ScheduleFamily family = caseFile != null
                ? in.rebuild("the loading's family", () -> CaseFamily.of(caseFile, settings))
                : in.rebuild("the loading's family", () -> ScheduleFamilies.of(familyName, settings));
        int[] selected = indices(in, "points", in.listed("points", "points"), points, materialPoints);
        double[] weights = vector(in, "weights", points);
        in.requireAll("weights", w -> w >= 0, "expected a weight >= 0");
        double[] strainModes = vector(in, "strain_modes", (int) strainModeCount);
        Npy.Array patternArray = in.listed("force_patterns", "force_patterns");
        if (patternArray.shape().length != 2 || patternArray.shape()[1] != n) {
            throw in.manifestError(
                    "force_patterns", "expected shape (patterns, " + n + "), found " + patternArray.shapeText());
        }
        double[] base = vector(in, "base_temperature", points);
        Npy.Array shapeArray = in.listed("temperature_shapes", "temperature_shapes");
        if (shapeArray.shape().length != 2 || shapeArray.shape()[1] != points) {
            throw in.manifestError(
                    "temperature_shapes", "expected shape (shapes, " + points + "), found " + shapeArray.shapeText());
        }
        Npy.Array modeArray = in.listedOrNull("modes"); // left out when read for queries
        if (modeArray != null
                && (modeArray.shape().length != 2
                        || modeArray.shape()[0] != full
                        || modeArray.shape()[1] != n)) {
            throw in.manifestError("modes", "expected shape (" + full + ", " + n + "), found " + modeArray.shapeText());
        }
        HyperReducedForce force =
                in.rebuild("the reduced force", () -> HyperReducedForce.of(selected, weights, n, stride, strainModes));
        ReducedStructuralModel.DualBasis stress =
                in.listedOrNull("stress_basis") == null ? null : dualBasis(in, "stress", S, selected, materialPoints);
        JsonNode duals = in.object(root, "dual");
        JsonNode hasPNode = in.require(duals, "dual", "plastic_strain");
        if (!hasPNode.isBoolean() || (hasPNode.booleanValue() && pOffset < 0)) {
            throw in.manifestError(
                    "dual.plastic_strain",
                    "expected true or false, and false when p_offset is -1," + " found " + hasPNode + " with p_offset "
                            + pOffset);
        }
        ReducedStructuralModel.DualBasis plastic =
                hasPNode.booleanValue() ? dualBasis(in, "plastic_strain", 1, selected, materialPoints) : null;
        ReducedStructuralModel rom = in.rebuild(
                "the reduced model",
                () -> new ReducedStructuralModel(
                        new ReducedStructuralModel.Parts(
                                force,
                                regions,
                                rowsOf(patternArray.matrix()),
                                base,
                                rowsOf(shapeArray.matrix()),
                                modeArray == null ? null : VectorArray.fromMatrix(modeArray.matrix()),
                                plastic,
                                stress,
                                pOffset),
                        newton));
        JsonNode fits = root.get("calibration");
        HyperReducedMechanicsModel.Calibration calibration = HyperReducedMechanicsModel.Calibration.NONE;
        if (fits != null) {
            if (!fits.isObject()) {
                throw in.manifestError("calibration", "expected an object, found " + SectionReader.kind(fits));
            }
            calibration = new HyperReducedMechanicsModel.Calibration(
                    decodeFit(in, fits, "displacement"), decodeFit(in, fits, "plastic_strain_at_max"));
        }
        HyperReducedMechanicsModel.Calibration fitted = calibration;
        return in.rebuild("the hyper-reduced model", () -> new HyperReducedMechanicsModel(rom, family, space, fitted));
    }

    /**
     * A Gappy-POD basis over every material point ({@code components} values each) sampled at the
     * model's points, in their order: what the indicator and the reconstructions assume.
     */
    private static ReducedStructuralModel.DualBasis dualBasis(
            SectionReader in, String name, int components, int[] points, int materialPoints) {
        Npy.Array basis = in.listed(name + "_basis", name + "_basis");
        int rows = materialPoints * components;
        if (basis.shape().length != 2
                || basis.shape()[0] != rows
                || basis.shape()[1] < 1
                || basis.shape()[1] > points.length * components) {
            throw in.manifestError(
                    name + "_basis",
                    "expected shape (" + rows + ", k), 1 <= k <= " + points.length * components + ", found "
                            + basis.shapeText());
        }
        Npy.Array samplesArray = in.listed(name + "_samples", name + "_samples");
        int[] samples = indices(in, name + "_samples", samplesArray, points.length * components, rows);
        for (int i = 0; i < samples.length; i++) {
            if (samples[i] != points[i / components] * components + i % components) {
                throw in.arrayError(
                        name + "_samples",
                        i,
                        "is " + samples[i] + "; expected "
                                + (points[i / components] * components + i % components) + ", the model's point "
                                + i / components + (components > 1 ? ", component " + i % components : ""));
            }
        }
        double[] sigma = in.listed(name + "_singular_values", name + "_singular_values")
                .matrix()
                .data()
                .clone();
        return in.rebuild(
                "the Gappy-POD of " + name,
                () -> new ReducedStructuralModel.DualBasis(
                        GappyPod.prepare(VectorArray.fromMatrix(basis.matrix()), samples), components, sigma));
    }

    private static double[] vector(SectionReader in, String name, int length) {
        Npy.Array a = in.listed(name, name);
        if (!a.isVector() || a.size() != length) {
            throw in.manifestError(name, "expected shape (" + length + ",), found " + a.shapeText());
        }
        return a.matrix().data().clone();
    }

    /** Whole numbers in [0, bound) stored as doubles; {@code length < 0}: any length. */
    private static int[] indices(SectionReader in, String name, Npy.Array a, int length, int bound) {
        if (!a.isVector() || (length >= 0 && a.size() != length)) {
            throw in.manifestError(
                    name,
                    "expected " + (length >= 0 ? "shape (" + length + ",)" : "a vector") + ", found " + a.shapeText());
        }
        double[] d = a.matrix().data();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (!(d[i] >= 0 && d[i] < bound && d[i] == Math.rint(d[i]))) {
                throw in.arrayError(name, i, "is " + d[i] + "; expected a whole number from 0 to " + (bound - 1L));
            }
            out[i] = (int) d[i];
        }
        return out;
    }
}

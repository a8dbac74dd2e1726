package org.jrom.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jrom.fem.mechanics.HyperReducedForce;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
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
    private static final int S = 6;

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
        HyperReducedForce force = parts.force();
        ObjectNode root = out.root();
        root.putObject("dimensions")
                .put("modes", force.modeCount())
                .put("points", force.size())
                .put("state_stride", force.stateStride())
                .put("full", parts.modes().dim())
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
        out.array("points", Npy.Array.vector(toDoubles(force.points())));
        out.array("weights", Npy.Array.vector(force.weights()));
        out.array("strain_modes", Npy.Array.vector(force.strainModes()));
        out.array("force_patterns", Npy.Array.of(rows(parts.forcePatterns(), force.modeCount())));
        out.array("base_temperature", Npy.Array.vector(parts.baseTemperature()));
        out.array("temperature_shapes", Npy.Array.of(rows(parts.temperatureShapes(), force.size())));
        out.array("modes", Npy.Array.of(parts.modes().toMatrix()));
        dual(out, "stress", parts.stress());
        ObjectNode duals =
                root.putObject("dual").put("stress", true).put("plastic_strain", parts.plasticStrain() != null);
        if (parts.plasticStrain() != null) {
            dual(out, "plastic_strain", parts.plasticStrain());
        }
        duals.put("components_stress", S);
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
    private static DenseMatrix rows(double[][] rows, int length) {
        DenseMatrix m = DenseMatrix.zeros(rows.length, length);
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < length; j++) {
                m.set(i, j, rows[i][j]);
            }
        }
        return m;
    }

    private static double[][] rows(DenseMatrix m) {
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
        return Set.of("modes", "stress_basis", "stress_samples", "stress_singular_values");
    }

    @Override
    public HyperReducedMechanicsModel decode(SectionReader in, ParameterSpace space) {
        JsonNode root = in.root();
        JsonNode dims = in.object(root, "dimensions");
        int n = in.integer(dims, "dimensions", "modes");
        int points = in.integer(dims, "dimensions", "points");
        int stride = in.integer(dims, "dimensions", "state_stride");
        int full = in.integer(dims, "dimensions", "full");
        int pOffset = (int) in.number(dims, "dimensions", "p_offset");
        if (n < 1 || points < 1 || stride < S || pOffset < -1 || pOffset >= stride) {
            throw in.manifestError(
                    "dimensions",
                    "expected modes >= 1, points >= 1, state_stride >= 6 and p_offset"
                            + " in [-1, state_stride), found " + dims);
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
        ScheduleFamily family = in.rebuild("the loading's family", () -> ScheduleFamilies.of(familyName, settings));
        int[] selected = indices(in, "points", in.listed("points", "points"), points, Integer.MAX_VALUE);
        double[] weights = vector(in, "weights", points);
        in.requireAll("weights", w -> w >= 0, "expected a weight >= 0");
        double[] strainModes = vector(in, "strain_modes", Math.multiplyExact(points, S * n));
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
                in.listedOrNull("stress_basis") == null ? null : dualBasis(in, "stress", S);
        JsonNode duals = in.object(root, "dual");
        boolean hasP = in.require(duals, "dual", "plastic_strain").asBoolean(false);
        ReducedStructuralModel.DualBasis plastic = hasP ? dualBasis(in, "plastic_strain", 1) : null;
        ReducedStructuralModel rom = in.rebuild(
                "the reduced model",
                () -> new ReducedStructuralModel(
                        new ReducedStructuralModel.Parts(
                                force,
                                regions,
                                rows(patternArray.matrix()),
                                base,
                                rows(shapeArray.matrix()),
                                modeArray == null ? null : VectorArray.fromMatrix(modeArray.matrix()),
                                plastic,
                                stress,
                                pOffset),
                        newton));
        return in.rebuild("the hyper-reduced model", () -> new HyperReducedMechanicsModel(rom, family, space));
    }

    private static ReducedStructuralModel.DualBasis dualBasis(SectionReader in, String name, int components) {
        Npy.Array basis = in.listed(name + "_basis", name + "_basis");
        if (basis.shape().length != 2) {
            throw in.manifestError(name + "_basis", "expected a 2-D array, found " + basis.shapeText());
        }
        Npy.Array samplesArray = in.listed(name + "_samples", name + "_samples");
        int[] samples = indices(in, name + "_samples", samplesArray, -1, basis.shape()[0]);
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

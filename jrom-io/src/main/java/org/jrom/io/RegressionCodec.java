package org.jrom.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.parameters.ParameterSpace;
import org.jrom.regression.GaussianProcess;
import org.jrom.regression.PodRegressionModel;
import org.jrom.regression.RbfInterpolant;
import org.jrom.regression.Regression;

/**
 * The {@code pod-regression} kind: a {@link PodRegressionModel} (manifest {@code "model":
 * "pod-regression"}, since format 1.2): the regression's fitted state, every numeric array of it an array entry and
 * every scalar or name a manifest value, the reduced output functionals with their
 * cross-validation errors, the field error estimates and the POD basis. A regression's state is a
 * record ({@link RbfInterpolant.State}, {@link GaussianProcess.State}); its components are stored
 * under their own names, so the file says what each array is.
 */
final class RegressionCodec implements ModelCodec<PodRegressionModel> {
    static final String KIND = "pod-regression";
    private static final Map<String, Class<? extends Record>> STATES =
            Map.of("rbf", RbfInterpolant.State.class, "gaussian-process", GaussianProcess.State.class);

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<PodRegressionModel> type() {
        return PodRegressionModel.class;
    }

    @Override
    public void encode(PodRegressionModel model, SectionWriter out) {
        ObjectNode root = out.root();
        ObjectNode dims = root.putObject("dimensions").put("reduced", model.dim());
        model.basis().ifPresent(v -> dims.put("full", v.dim()));
        Regression r = model.regression();
        String kind;
        Record state;
        if (r instanceof RbfInterpolant rbf) {
            kind = "rbf";
            state = rbf.state();
        } else if (r instanceof GaussianProcess gp) {
            kind = "gaussian-process";
            state = gp.state();
        } else {
            throw new JromException(
                    "cannot write a regression of type " + r.getClass().getSimpleName());
        }
        ObjectNode reg = root.putObject("regression").put("kind", kind);
        ObjectNode values = reg.putObject("state");
        ObjectNode arrays = reg.putObject("arrays");
        for (RecordComponent c : state.getClass().getRecordComponents()) {
            Object v = value(c, state);
            String name = c.getName();
            if (v instanceof Double d) {
                values.put(name, d);
            } else if (v instanceof String t) {
                values.put(name, t);
            } else if (v instanceof double[] a) {
                out.array("regression_" + name, Npy.Array.vector(a.clone()));
                arrays.put(name, "regression_" + name);
            } else if (v instanceof double[][] rows) {
                out.array("regression_" + name, Npy.Array.of(matrix(rows)));
                arrays.put(name, "regression_" + name);
            } else {
                throw new IllegalStateException("unexpected state component " + name + ": " + c.getType());
            }
        }
        ArrayNode outs = root.putArray("outputs");
        int i = 0;
        Map<String, Double> cv = model.outputCrossValidationErrors();
        for (var e : model.outputFunctionals().entrySet()) {
            String name = "output_" + i++;
            outs.addObject()
                    .put("name", e.getKey())
                    .put("cv_error", cv.get(e.getKey()))
                    .put("array", name);
            out.array(name, Npy.Array.vector(e.getValue()));
        }
        root.putObject("errors")
                .put("field_cv", model.fieldCrossValidationError())
                .put("projection", model.projectionError());
        ObjectNode basis = root.putObject("basis").put("included", model.basis().isPresent());
        model.basis().ifPresent(v -> {
            basis.put("array", "basis");
            out.array("basis", Npy.Array.of(v.toMatrix()));
        });
    }

    /**
     * Why a constructor failed, for a message: the exception's own message, or its type when it has
     * none (a NullPointerException, say), never "null".
     */
    static String reason(Throwable t) {
        if (t == null) {
            return "no reason given";
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    @Override
    public PodRegressionModel decode(SectionReader file, ParameterSpace space) {
        JsonNode root = file.root();
        JsonNode dims = object(root, "dimensions", file);
        int r = whole(dims, "dimensions.reduced", "reduced", file);
        JsonNode reg = object(root, "regression", file);
        String kind = reg.path("kind").asText("");
        Class<? extends Record> type = STATES.get(kind);
        if (type == null) {
            throw file.manifestError("regression.kind", "unknown regression '" + kind + "'; known: " + STATES.keySet());
        }
        JsonNode values = object(reg, "state", file, "regression.state");
        JsonNode arrays = object(reg, "arrays", file, "regression.arrays");
        RecordComponent[] parts = type.getRecordComponents();
        Object[] args = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        for (int k = 0; k < parts.length; k++) {
            String name = parts[k].getName();
            Class<?> t = parts[k].getType();
            types[k] = t;
            if (t == double.class || t == String.class) {
                JsonNode v = values.get(name);
                String field = "regression.state." + name;
                if (t == double.class && (v == null || !v.isNumber())) {
                    throw file.manifestError(field, v == null ? "missing" : "expected a number, found " + v);
                }
                if (t == String.class && (v == null || !v.isTextual())) {
                    throw file.manifestError(field, v == null ? "missing" : "expected a string, found " + v);
                }
                args[k] = t == double.class ? (Object) v.doubleValue() : v.textValue();
            } else {
                String field = "regression.arrays." + name;
                JsonNode v = arrays.get(name);
                if (v == null || !v.isTextual()) {
                    throw file.manifestError(field, v == null ? "missing" : "expected an array name, found " + v);
                }
                Npy.Array a = file.listed(field, v.textValue());
                args[k] = t == double[].class ? a.matrix().data().clone() : rows(a);
            }
        }
        Record state;
        try {
            state = type.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            throw file.manifestError("regression", "cannot rebuild the " + kind + " state: " + reason(e.getCause()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
        Regression regression;
        try {
            regression = state instanceof RbfInterpolant.State s
                    ? RbfInterpolant.fromState(s)
                    : GaussianProcess.fromState((GaussianProcess.State) state);
        } catch (JromException | IllegalArgumentException e) {
            throw file.manifestError("regression", "cannot rebuild the " + kind + " regression: " + e.getMessage());
        }
        if (regression.outputDimension() != r) {
            throw file.manifestError(
                    "dimensions.reduced",
                    "the regression has " + regression.outputDimension() + " outputs, the dimensions say " + r);
        }
        Map<String, double[]> outputs = new LinkedHashMap<>();
        Map<String, Double> cv = new LinkedHashMap<>();
        JsonNode outs = root.get("outputs");
        if (outs == null || !outs.isArray()) {
            throw file.manifestError("outputs", "expected a list");
        }
        for (int k = 0; k < outs.size(); k++) {
            String field = "outputs[" + k + "]";
            JsonNode o = outs.get(k);
            String name = o.path("name").asText("");
            if (name.isEmpty() || outputs.containsKey(name)) {
                throw file.manifestError(
                        field + ".name", name.isEmpty() ? "missing" : "output '" + name + "' appears twice");
            }
            JsonNode e = o.get("cv_error");
            if (e == null || !e.isNumber()) {
                throw file.manifestError(field + ".cv_error", "expected a number, found " + e);
            }
            Npy.Array a = file.listed(field + ".array", o.path("array").asText(""));
            if (!a.isVector() || a.size() != r) {
                throw file.manifestError(field + ".array", "expected shape (" + r + ",), found " + a.shapeText());
            }
            outputs.put(name, a.matrix().data().clone());
            cv.put(name, e.doubleValue());
        }
        JsonNode errors = object(root, "errors", file);
        double fieldCv = number(errors, "field_cv", file);
        double projection = number(errors, "projection", file);
        JsonNode basisNode = object(root, "basis", file);
        VectorArray basis = null;
        if (basisNode.path("included").asBoolean(false)) {
            int n = whole(dims, "dimensions.full", "full", file);
            Npy.Array a = file.listed("basis.array", basisNode.path("array").asText(""));
            if (a.shape().length != 2 || a.shape()[0] != n || a.shape()[1] != r) {
                throw file.manifestError(
                        "basis.array", "expected shape (" + n + ", " + r + "), found " + a.shapeText());
            }
            basis = VectorArray.fromMatrix(a.matrix().copy());
        }
        try {
            return PodRegressionModel.of(space, regression, basis, outputs, cv, fieldCv, projection);
        } catch (JromException e) {
            throw file.manifestError("regression", e.getMessage());
        }
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    /** Row arrays as a matrix; no rows is a 0 x 0 matrix. */
    private static DenseMatrix matrix(double[][] rows) {
        if (rows.length == 0) {
            return DenseMatrix.zeros(0, 0);
        }
        return DenseMatrix.ofRows(rows);
    }

    private static double[][] rows(Npy.Array a) {
        DenseMatrix m = a.matrix();
        int rows = a.shape()[0];
        int cols = a.shape().length == 2 ? a.shape()[1] : 1;
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = m.get(i, j);
            }
        }
        return out;
    }

    private static JsonNode object(JsonNode node, String key, SectionReader file) {
        return object(node, key, file, key);
    }

    private static JsonNode object(JsonNode node, String key, SectionReader file, String field) {
        JsonNode v = node.get(key);
        if (v == null || !v.isObject()) {
            throw file.manifestError(field, v == null ? "missing" : "expected a JSON object, found " + v);
        }
        return v;
    }

    private static int whole(JsonNode node, String field, String key, SectionReader file) {
        JsonNode v = node.get(key);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0) {
            throw file.manifestError(field, "expected a non-negative whole number, found " + v);
        }
        return v.intValue();
    }

    private static double number(JsonNode node, String key, SectionReader file) {
        JsonNode v = node.get(key);
        if (v == null || !v.isNumber() || !(v.doubleValue() >= 0)) {
            throw file.manifestError("errors." + key, "expected a non-negative number, found " + v);
        }
        return v.doubleValue();
    }
}

package org.jrom.parameters;

import java.util.Map;

/**
 * A box of admissible parameters: for every flattened component of a {@link ParameterType}, a
 * closed range {@code [lower_i, upper_i]}. Reduced models are trained on, and certified for, this
 * set only.
 */
public final class ParameterSpace {
    private final ParameterType type;
    private final double[] lower;
    private final double[] upper;

    private ParameterSpace(ParameterType type, double[] lower, double[] upper) {
        this.type = type;
        this.lower = lower;
        this.upper = upper;
    }

    /** A box with one range per flattened component. */
    public static ParameterSpace of(ParameterType type, double[] lower, double[] upper) {
        if (lower.length != type.dimension() || upper.length != type.dimension()) {
            throw new ParameterException("parameter space of type " + type + " needs " + type.dimension()
                    + " lower and upper bounds, found " + lower.length + " and " + upper.length);
        }
        for (int i = 0; i < lower.length; i++) {
            if (!Double.isFinite(lower[i]) || !Double.isFinite(upper[i]) || lower[i] > upper[i]) {
                throw new ParameterException("range of " + type.componentName(i)
                        + " must be finite with lower <= upper, found [" + lower[i] + ", " + upper[i] + "]");
            }
        }
        return new ParameterSpace(type, lower.clone(), upper.clone());
    }

    /** The same range {@code [lo, hi]} for every component. */
    public static ParameterSpace box(ParameterType type, double lo, double hi) {
        double[] l = new double[type.dimension()];
        double[] u = new double[type.dimension()];
        java.util.Arrays.fill(l, lo);
        java.util.Arrays.fill(u, hi);
        return of(type, l, u);
    }

    /** One range per named component, {@code {name: [lo, hi]}}, applied to all its entries. */
    public static ParameterSpace of(ParameterType type, Map<String, double[]> ranges) {
        double[] l = new double[type.dimension()];
        double[] u = new double[type.dimension()];
        for (String name : type.names()) {
            double[] r = ranges.get(name);
            if (r == null || r.length != 2) {
                throw new ParameterException("parameter '" + name + "' needs a range [min, max]");
            }
            for (int k = 0; k < type.size(name); k++) {
                l[type.offset(name) + k] = r[0];
                u[type.offset(name) + k] = r[1];
            }
        }
        for (String name : ranges.keySet()) {
            type.size(name);
        }
        return of(type, l, u);
    }

    public ParameterType type() {
        return type;
    }

    /** Lower bounds of the flattened components (a copy). */
    public double[] lower() {
        return lower.clone();
    }

    /** Upper bounds of the flattened components (a copy). */
    public double[] upper() {
        return upper.clone();
    }

    public double lower(int i) {
        return lower[i];
    }

    public double upper(int i) {
        return upper[i];
    }

    /** True when mu has this space's type and every component lies in its range. */
    public boolean contains(Parameter mu) {
        if (!mu.type().equals(type)) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if (mu.get(i) < lower[i] || mu.get(i) > upper[i]) {
                return false;
            }
        }
        return true;
    }

    /** Throws a {@link ParameterException} naming the first component outside its range. */
    public Parameter validate(Parameter mu) {
        if (!mu.type().equals(type)) {
            throw new ParameterException("parameter of type " + mu.type() + " given to a space of type " + type);
        }
        for (int i = 0; i < lower.length; i++) {
            if (mu.get(i) < lower[i] || mu.get(i) > upper[i]) {
                throw new ParameterException(type.componentName(i) + " = " + mu.get(i)
                        + " is outside the parameter space [" + lower[i] + ", " + upper[i] + "]");
            }
        }
        return mu;
    }

    /** Parses {@code name=v1,v2;...} and validates the result against the ranges. */
    public Parameter parse(String text) {
        return validate(Parameter.parse(type, text));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lower.length; i++) {
            sb.append(i > 0 ? ", " : "").append(range(type.componentName(i), i));
        }
        return sb.toString();
    }

    /**
     * A short description: one entry per named parameter, {@code diffusion[9] in [0.1, 1.0]} when all
     * its components share one range, the ranges of its components otherwise.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (String name : type.names()) {
            int off = type.offset(name);
            int size = type.size(name);
            boolean shared = true;
            for (int k = 1; k < size; k++) {
                shared &= lower[off + k] == lower[off] && upper[off + k] == upper[off];
            }
            sb.append(sb.length() > 0 ? ", " : "");
            if (shared) {
                sb.append(range(name + (size > 1 ? "[" + size + "]" : ""), off));
            } else {
                for (int k = 0; k < size; k++) {
                    sb.append(k > 0 ? ", " : "").append(range(type.componentName(off + k), off + k));
                }
            }
        }
        return sb.toString();
    }

    /** {@code label in [lower_i, upper_i]}. */
    private String range(String label, int i) {
        return label + " in [" + lower[i] + ", " + upper[i] + "]";
    }
}

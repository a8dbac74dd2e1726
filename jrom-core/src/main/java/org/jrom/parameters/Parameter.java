package org.jrom.parameters;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parameter value {@code mu}: numbers for every component of its {@link ParameterType}, stored
 * flattened in the type's order. Immutable.
 */
public final class Parameter {
    private final ParameterType type;
    private final double[] values;

    private Parameter(ParameterType type, double[] values) {
        this.type = type;
        this.values = values;
    }

    /** A parameter from its flattened values (copied); the count must match the type. */
    public static Parameter of(ParameterType type, double... values) {
        if (values.length != type.dimension()) {
            throw new ParameterException(
                    "parameter of type " + type + " needs " + type.dimension() + " values, found " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new ParameterException("parameter component " + type.componentName(i) + " is " + values[i]
                        + ", expected a finite number");
            }
        }
        return new Parameter(type, values.clone());
    }

    /**
     * A parameter from named components; every component of the type must be given exactly once,
     * with the right number of values.
     */
    public static Parameter of(ParameterType type, Map<String, double[]> components) {
        for (String name : components.keySet()) {
            if (!type.sizes().containsKey(name)) {
                throw new ParameterException("unknown parameter '" + name + "'; expected " + type.names());
            }
        }
        double[] v = new double[type.dimension()];
        for (String name : type.names()) {
            double[] c = components.get(name);
            if (c == null) {
                throw new ParameterException("missing parameter '" + name + "' (" + type.size(name) + " value"
                        + (type.size(name) > 1 ? "s" : "") + ")");
            }
            if (c.length != type.size(name)) {
                throw new ParameterException(
                        "parameter '" + name + "' needs " + type.size(name) + " values, found " + c.length);
            }
            System.arraycopy(c, 0, v, type.offset(name), c.length);
        }
        return of(type, v);
    }

    /**
     * Parses {@code "name=v1,v2;other=v"} (components separated by ';' or whitespace, values by ','),
     * the syntax of the command line; values in the grammar of {@link Numbers}.
     */
    public static Parameter parse(ParameterType type, String text) {
        Map<String, double[]> components = new LinkedHashMap<>();
        for (String part : text.trim().split("[;\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException("expected name=value[,value...], found '" + part + "'");
            }
            String name = part.substring(0, eq);
            String[] items = part.substring(eq + 1).split(",", -1);
            double[] vals = new double[items.length];
            for (int i = 0; i < items.length; i++) {
                try {
                    vals[i] = Numbers.parse(items[i].trim());
                } catch (NumberFormatException e) {
                    throw new ParameterException("parameter '" + name + "': " + e.getMessage());
                }
            }
            if (components.put(name, vals) != null) {
                throw new ParameterException("parameter '" + name + "' is given twice");
            }
        }
        return of(type, components);
    }

    public ParameterType type() {
        return type;
    }

    /** The flattened values (a copy). */
    public double[] toArray() {
        return values.clone();
    }

    /** Flattened component i. */
    public double get(int i) {
        return values[i];
    }

    /** The values of a named component (a copy). */
    public double[] get(String name) {
        int off = type.offset(name);
        return Arrays.copyOfRange(values, off, off + type.size(name));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameter p && p.type.equals(type) && Arrays.equals(p.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(values);
    }

    /** {@code name=v1,v2;other=v}, the syntax {@link #parse} reads back exactly. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String name : type.names()) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(name).append('=');
            double[] v = get(name);
            for (int i = 0; i < v.length; i++) {
                sb.append(i > 0 ? "," : "").append(v[i]);
            }
        }
        return sb.toString();
    }
}

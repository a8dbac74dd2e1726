package org.jrom.parameters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a parameter: an ordered list of named components, each a vector of a fixed size,
 * e.g. {@code {diffusion: 4}} or {@code {k: 4, Bi: 1}}. Flattened values follow this order.
 */
public final class ParameterType {
    private final Map<String, Integer> sizes;
    private final Map<String, Integer> offsets;
    private final int dimension;

    private ParameterType(Map<String, Integer> sizes) {
        this.sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        Map<String, Integer> off = new LinkedHashMap<>();
        int total = 0;
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            off.put(e.getKey(), total);
            total += e.getValue();
        }
        this.offsets = Collections.unmodifiableMap(off);
        this.dimension = total;
    }

    /** A type from an ordered map of component names to sizes (use a LinkedHashMap, or {@link #of}). */
    public static ParameterType of(Map<String, Integer> sizes) {
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            String name = e.getKey();
            if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ParameterException(
                        "parameter name '" + name + "' must be an identifier (letters, digits, _)");
            }
            if (e.getValue() == null || e.getValue() < 1) {
                throw new ParameterException("parameter '" + name + "' must have size >= 1, found " + e.getValue());
            }
        }
        return new ParameterType(sizes);
    }

    /** A type from alternating names and sizes: {@code of("k", 4, "Bi", 1)}. */
    public static ParameterType of(Object... namesAndSizes) {
        if (namesAndSizes.length % 2 != 0) {
            throw new ParameterException("ParameterType.of needs name, size pairs");
        }
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSizes.length; i += 2) {
            String name = (String) namesAndSizes[i];
            if (m.put(name, (Integer) namesAndSizes[i + 1]) != null) {
                throw new ParameterException("parameter '" + name + "' is declared twice");
            }
        }
        return of(m);
    }

    /** Component names, in order. */
    public List<String> names() {
        return new ArrayList<>(sizes.keySet());
    }

    /** Size of a component; the error lists the known names. */
    public int size(String name) {
        Integer s = sizes.get(name);
        if (s == null) {
            throw new ParameterException("unknown parameter '" + name + "'; expected one of " + sizes.keySet());
        }
        return s;
    }

    /** Offset of a component in the flattened vector. */
    public int offset(String name) {
        size(name);
        return offsets.get(name);
    }

    /** Total number of scalar components. */
    public int dimension() {
        return dimension;
    }

    /** Human-readable name of flattened component i, e.g. {@code diffusion[2]} or {@code Bi}. */
    public String componentName(int i) {
        for (Map.Entry<String, Integer> e : offsets.entrySet()) {
            int size = sizes.get(e.getKey());
            if (i >= e.getValue() && i < e.getValue() + size) {
                return size == 1 ? e.getKey() : e.getKey() + "[" + (i - e.getValue()) + "]";
            }
        }
        throw new IndexOutOfBoundsException("component " + i + " of a " + dimension + "-dimensional parameter");
    }

    /** Component sizes by name, in order. */
    public Map<String, Integer> sizes() {
        return sizes;
    }

    @Override
    public boolean equals(Object o) {
        // Same names with the same sizes and offsets: the same components in the same order.
        return o == this || (o instanceof ParameterType t && sizes.equals(t.sizes) && offsets.equals(t.offsets));
    }

    @Override
    public int hashCode() {
        return 31 * sizes.hashCode() + offsets.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        sizes.forEach((n, s) -> sb.append(sb.length() > 1 ? ", " : "").append(n).append(s > 1 ? "[" + s + "]" : ""));
        return sb.append('}').toString();
    }
}

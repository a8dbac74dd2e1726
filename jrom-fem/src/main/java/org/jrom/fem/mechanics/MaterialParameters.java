package org.jrom.fem.mechanics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrom.fem.mechanics.MaterialParameter.Admissible;

/**
 * The named parameters a material is given, each a {@link MaterialParameter} (a table against
 * temperature). A law binds them to its own list ({@link #bind}): a missing, unknown or
 * inadmissible parameter is one {@link MaterialException} naming it (and the entry).
 */
public final class MaterialParameters {
    private final Map<String, MaterialParameter> byName = new LinkedHashMap<>();

    private MaterialParameters(List<MaterialParameter> parameters) {
        for (MaterialParameter p : parameters) {
            if (byName.put(p.name(), p) != null) {
                throw new MaterialException(p.name(), "parameter " + p.name() + " is given twice");
            }
        }
    }

    public static MaterialParameters of(MaterialParameter... parameters) {
        return new MaterialParameters(List.of(parameters));
    }

    /** This set with {@code p} added or replacing the parameter of the same name. */
    public MaterialParameters with(MaterialParameter p) {
        Map<String, MaterialParameter> copy = new LinkedHashMap<>(byName);
        copy.put(p.name(), p);
        return new MaterialParameters(List.copyOf(copy.values()));
    }

    /** The parameters by name, in order given. */
    public Map<String, MaterialParameter> asMap() {
        return Map.copyOf(byName);
    }

    /**
     * The parameters that {@code law} declares in {@code declared} (name and admissible values),
     * checked: none missing, none unknown, every entry admissible.
     */
    Map<String, MaterialParameter> bind(String law, Map<String, Admissible> declared) {
        for (String name : byName.keySet()) {
            if (!declared.containsKey(name)) {
                throw new MaterialException(
                        name,
                        "law " + law + " has no parameter " + name + "; its parameters are "
                                + String.join(", ", declared.keySet()));
            }
        }
        Map<String, MaterialParameter> bound = new LinkedHashMap<>();
        declared.forEach((name, range) -> {
            MaterialParameter p = byName.get(name);
            if (p == null) {
                throw new MaterialException(
                        name,
                        "law " + law + " needs parameter " + name + " (" + name + " " + range.expected()
                                + "), not given");
            }
            p.requireEach(range);
            bound.put(name, p);
        });
        return bound;
    }
}

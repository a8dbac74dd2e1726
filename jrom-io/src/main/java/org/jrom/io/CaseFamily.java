package org.jrom.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jrom.fem.mechanics.RunSchedule;
import org.jrom.fem.mechanics.ScheduleFamily;
import org.jrom.fem.mechanics.StructuralRun;

/**
 * A structural case file as a {@link ScheduleFamily}: the runs of {@link CaseFile#instantiate} over
 * the parameters the reduced model varies, the case's other parameters held at fixed values (its
 * settings). The schedules come from {@link CaseFile#schedule}, without the mesh; the force patterns
 * and temperature shapes of the case never depend on its parameters, and the centrifugal axes and
 * imposed displacements must not depend on the varying ones ({@link
 * CaseFile#requireFixedFieldsIndependentOf}). A model file stores the case itself ({@link
 * CaseFile#embedding}).
 */
public final class CaseFamily implements ScheduleFamily {
    /** The family's name in a model file. */
    public static final String NAME = "case";

    private final CaseFile caseFile;
    private final Map<String, Double> fixed;
    private final List<String> varying;

    private CaseFamily(CaseFile caseFile, Map<String, Double> fixed, List<String> varying) {
        this.caseFile = caseFile;
        this.fixed = fixed;
        this.varying = varying;
    }

    /**
     * The family of a case whose parameters are all varying but {@code fixed}, held at these values.
     *
     * @throws IllegalArgumentException if a fixed name is not a parameter of the case, or no parameter varies
     * @throws FileFormatException if a centrifugal axis or an imposed displacement depends on a varying parameter
     */
    public static CaseFamily of(CaseFile caseFile, Map<String, Double> fixed) {
        if (!caseFile.parameters().keySet().containsAll(fixed.keySet())) {
            throw new IllegalArgumentException("the case declares "
                    + caseFile.parameters().keySet() + ", the fixed values name " + fixed.keySet());
        }
        List<String> varying = new ArrayList<>(caseFile.parameters().keySet());
        varying.removeAll(fixed.keySet());
        if (varying.isEmpty()) {
            throw new IllegalArgumentException("no parameter of the case varies: a reduced model answers other values"
                    + " of the parameters its runs vary");
        }
        caseFile.requireFixedFieldsIndependentOf(new LinkedHashSet<>(varying));
        Map<String, Double> stored = new LinkedHashMap<>();
        for (String name : caseFile.parameters().keySet()) {
            if (fixed.containsKey(name)) {
                stored.put(name, fixed.get(name));
            }
        }
        return new CaseFamily(caseFile, Collections.unmodifiableMap(stored), List.copyOf(varying));
    }

    /** The case. */
    public CaseFile caseFile() {
        return caseFile;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The fixed parameters' values. */
    @Override
    public Map<String, Double> settings() {
        return fixed;
    }

    /** The case's description, and the values of its fixed parameters. */
    @Override
    public String description() {
        return "case: " + caseFile.description() + (fixed.isEmpty() ? "" : "; fixed " + fixed);
    }

    @Override
    public List<String> parameters() {
        return varying;
    }

    @Override
    public RunSchedule at(Map<String, Double> values) {
        return caseFile.schedule(all(values));
    }

    @Override
    public StructuralRun run(Map<String, Double> values) {
        return caseFile.instantiate(all(values));
    }

    private Map<String, Double> all(Map<String, Double> values) {
        if (!values.keySet().containsAll(varying)) {
            throw new IllegalArgumentException("the case's family: expected " + varying + ", found " + values.keySet());
        }
        Map<String, Double> all = new LinkedHashMap<>(fixed);
        varying.forEach(name -> all.put(name, values.get(name)));
        return all;
    }
}

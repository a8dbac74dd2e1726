package org.jrom.fem.mechanics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where each variable of a material point's state lies in its flat run of doubles: the stress
 * {@code sigma} first (offset 0, 6 Mandel components), then the law's internal variables in the
 * order declared. The states of many points are one {@code double[]} with stride {@link #size()}:
 * point {@code k}'s variable {@code v} starts at {@code k * size() + offset(v)}.
 */
public final class StateLayout {
    /** The stress, always first. */
    public static final InternalVariable SIGMA = InternalVariable.tensor("sigma");

    private final List<InternalVariable> variables;
    private final int[] offsets;
    private final int size;

    private StateLayout(List<InternalVariable> variables) {
        this.variables = Collections.unmodifiableList(variables);
        this.offsets = new int[variables.size()];
        int next = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = next;
            next += variables.get(i).size();
        }
        this.size = next;
    }

    /** The stress followed by {@code internal}; names must be distinct. */
    public static StateLayout of(InternalVariable... internal) {
        List<InternalVariable> all = new ArrayList<>(List.of(SIGMA));
        for (InternalVariable v : internal) {
            for (InternalVariable w : all) {
                if (w.name().equals(v.name())) {
                    throw new IllegalArgumentException("internal variable " + v.name() + " declared twice");
                }
            }
            all.add(v);
        }
        return new StateLayout(all);
    }

    /** The stress, then the internal variables, in storage order. */
    public List<InternalVariable> variables() {
        return variables;
    }

    /** Doubles per material point. */
    public int size() {
        return size;
    }

    /** The offset of the variable {@code name} within a point's run. */
    public int offset(String name) {
        for (int i = 0; i < offsets.length; i++) {
            if (variables.get(i).name().equals(name)) {
                return offsets[i];
            }
        }
        throw new IllegalArgumentException("no internal variable " + name + " in " + this);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < offsets.length; i++) {
            InternalVariable v = variables.get(i);
            sb.append(i > 0 ? ", " : "").append(v.name()).append(' ').append(v.size());
        }
        return sb.append(']').toString();
    }
}

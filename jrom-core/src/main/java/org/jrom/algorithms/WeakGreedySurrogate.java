package org.jrom.algorithms;

import java.util.List;
import org.jrom.parameters.Parameter;

/** What the weak greedy needs from a reduction: error estimates over a set, and basis extension. */
public interface WeakGreedySurrogate {
    /** The surrogate error at every parameter of the set (larger is worse). */
    double[] estimate(List<Parameter> parameters);

    /** Extends the basis with the high-fidelity solution at mu; returns the number of vectors added. */
    int extend(Parameter mu);

    /** The current basis size. */
    int basisSize();
}

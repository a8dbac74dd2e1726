package org.jrom.models;

import java.util.List;
import org.jrom.parameters.ParameterSpace;

/**
 * What every model has, high-fidelity or reduced, stationary or (later) time-dependent: a parameter
 * space, a state dimension and named outputs. {@link StationaryModel} is the high-fidelity and the
 * projected form; {@link OnlineModel} the prepared form that online commands query (docs/architecture.md,
 * "Model kinds").
 */
public interface Model {
    /** The parameter space the model is defined on. */
    ParameterSpace parameterSpace();

    /** The dimension of the state: unknowns of a high-fidelity model, the basis size of a reduced one. */
    int dim();

    /** The output names, in a fixed order. */
    List<String> outputNames();
}

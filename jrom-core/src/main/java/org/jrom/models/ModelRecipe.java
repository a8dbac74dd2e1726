package org.jrom.models;

import java.io.Serializable;

/**
 * A high-fidelity model that another process can build for itself (a cluster's executor): sent as
 * this small serializable recipe, built there, then asked for its solutions at that process's
 * parameters. A reference problem's recipe is its sizes; an external one's, its manifest's path.
 */
public interface ModelRecipe extends Serializable {
    /** Builds the model (on an executor: once per partition). */
    StationaryModel model();

    /** One line for reports. */
    String describe();
}

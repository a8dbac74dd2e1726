package org.jrom.spark;

import java.io.Serializable;
import org.jrom.models.StationaryModel;

/**
 * A high-fidelity model that an executor can build for itself: sent to the executors as this small
 * recipe, built once per partition, then asked for its solutions at that partition's parameters.
 */
public interface ModelRecipe extends Serializable {
    /** Builds the model (on an executor: once per partition). */
    StationaryModel model();

    /** One line for reports. */
    String describe();
}

package org.jrom.fem.mechanics;

import java.io.Serializable;

/**
 * A structural run that another process builds for itself (a cluster's executor): the solid at the
 * run's parameter values, its loads and times, from this small serializable recipe. A blade run's
 * recipe is its options; a case's, the case file's path and the run's parameter values, read again
 * there (a shared file system, or this machine).
 */
public interface RunRecipe extends Serializable {
    /** Builds the run, its solid in its initial state. */
    StructuralRun run();

    /** One line for messages. */
    String describe();
}

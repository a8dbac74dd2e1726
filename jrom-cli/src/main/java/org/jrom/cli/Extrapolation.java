package org.jrom.cli;

import java.io.PrintWriter;
import org.jrom.models.OnlineModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterException;
import org.jrom.parameters.ParameterSpace;

/** Parameters outside a model's space: refused unless {@code --allow-extrapolation}, and what the answers are then worth. */
final class Extrapolation {
    private Extrapolation() {}

    /**
     * Refuses a parameter outside the space with the option that answers it anyway ({@code where}
     * prefixes the message: the option or the file and line). Shared by query and batch.
     */
    static void requireInside(ParameterSpace space, Parameter mu, String where) {
        try {
            space.validate(mu);
        } catch (ParameterException e) {
            throw new ParameterException(where + e.getMessage() + " (--allow-extrapolation answers it with a warning)");
        }
    }

    /**
     * The {@code --mu} of query and run: inside the model's space, or outside with {@code
     * --allow-extrapolation} and a warning on {@code err} that says what the answer is then worth.
     *
     * @return whether mu lies inside the space
     */
    static boolean admit(OnlineModel rom, Parameter mu, boolean allowExtrapolation, PrintWriter err) {
        ParameterSpace space = rom.parameterSpace();
        if (space.contains(mu)) {
            return true;
        }
        if (!allowExtrapolation) {
            requireInside(space, mu, "--mu: ");
        }
        err.println(
                "jrom: warning: " + mu + " lies outside the parameter space (" + space.summary() + "); " + caveat(rom));
        err.flush();
        return false;
    }

    /**
     * What the error figures of an answer outside the parameter space are worth: bounds stand on the
     * coercivity lower bound there; estimates (a regression's cross-validation, a failed
     * validation's bounds) were measured on parameters inside the space only.
     */
    static String caveat(OnlineModel rom) {
        return rom.errorFigures().bounds()
                ? "outside it the error bounds are only as good as the coercivity lower bound there"
                : "outside it the model extrapolates, and its error estimates, measured on parameters inside it, do"
                        + " not apply";
    }
}

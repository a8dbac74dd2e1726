package org.jrom.cli;

import java.nio.file.Path;
import java.util.List;
import org.jrom.JromException;
import org.jrom.io.EntryTable;
import org.jrom.models.OnlineModel;
import org.jrom.operators.MatrixEntries;
import org.jrom.parameters.Parameter;

/**
 * {@code --entries}: the entries of {@code A(mu)} (and {@code f(mu)}) that a model of a non-affine operator needs at
 * each parameter (nonintrusive EIM), read from a CSV the solver wrote, one row per parameter.
 */
final class Entries {
    private Entries() {}

    /**
     * The model answering with the entries of {@code file} for {@code parameters} (named {@code
     * origin} in messages); the model itself when it needs none, which then refuses a file it would
     * not read, and a model that needs entries refuses to answer without the file, naming them.
     */
    static OnlineModel bind(OnlineModel model, Path file, List<Parameter> parameters, String origin) {
        boolean needs = model.requiredEntries()[0].length > 0;
        if (file == null) {
            if (needs) {
                throw new JromException(missing(model) + "; give them with --entries FILE: a header naming them and"
                        + " one row of values per parameter");
            }
            return model;
        }
        if (!needs) {
            throw new JromException("--entries: this model's operator coefficients are functions of the parameters;"
                    + " it needs no entries of A(mu)");
        }
        return model.withEntries(EntryTable.read(file, parameters, origin));
    }

    /** Why a model that needs entries cannot answer a parameter by itself. */
    static String missing(OnlineModel model) {
        int[][] e = model.requiredEntries();
        String names = MatrixEntries.names(e[0], e[1]);
        return "this model interpolates a non-affine operator from a solver's matrices: it needs the " + e[0].length
                + " entries " + (names.length() > 200 ? names.substring(0, 200) + "..." : names)
                + " of A(mu)" + (names.contains("f[") ? " and f(mu)" : "") + " at each parameter";
    }
}

package org.jrom.cli;

import java.io.PrintWriter;
import org.jrom.models.ErrorFigures;
import org.jrom.models.OnlineModel;

/**
 * How {@code query}, {@code batch} and {@code uq} name a model's error figures: "certified" only for
 * a model whose {@link ErrorFigures} say so (coercivity bound proven, validation passed), "bound,
 * not certified" for bounds that rest on what jrom did not prove, "error estimate" otherwise; and
 * the one stderr line that says what they rest on.
 */
final class ErrorWording {
    private ErrorWording() {}

    /** The table header of the error column, e.g. {@code certified bound}. */
    static String column(OnlineModel rom) {
        return switch (rom.errorFigures().standing()) {
            case CERTIFIED -> "certified bound";
            case BOUND -> "bound (not certified)";
            case ESTIMATE -> "error estimate (not certified)";
        };
    }

    /** The suffix of an output's error column in CSV and the name of the state's: bound or estimate. */
    static String csvSuffix(OnlineModel rom) {
        return rom.errorFigures().bounds() ? "_bound" : "_error_estimate";
    }

    /** {@code certified}, {@code bounded} or {@code estimated}: the word before "queries" in throughput lines. */
    static String queries(OnlineModel rom) {
        return switch (rom.errorFigures().standing()) {
            case CERTIFIED -> "certified";
            case BOUND -> "bounded";
            case ESTIMATE -> "estimated";
        };
    }

    /** The Monte Carlo table header: certified, bounds not certified, or estimated intervals. */
    static String[] statisticsHeader(OnlineModel rom) {
        return switch (rom.errorFigures().standing()) {
            case CERTIFIED -> StatisticsTable.HEADER;
            case BOUND -> StatisticsTable.UNCERTIFIED_HEADER;
            case ESTIMATE -> StatisticsTable.ESTIMATED_HEADER;
        };
    }

    /**
     * One line on stderr, after the answers, when the figures are not certified: what they rest on
     * (a modeller-given coercivity bound, a failed validation, cross-validation).
     */
    static void note(OnlineModel rom, PrintWriter err) {
        ErrorFigures f = rom.errorFigures();
        if (!f.certified()) {
            err.println("jrom: note: " + f.restsOn());
            err.flush();
        }
    }
}

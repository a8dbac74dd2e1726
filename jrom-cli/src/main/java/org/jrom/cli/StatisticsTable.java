package org.jrom.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jrom.algorithms.MonteCarlo;

/** The certified Monte Carlo statistics as table rows: statistic, reduced value, certified interval, half width. */
final class StatisticsTable {
    static final String[] HEADER = {"statistic", "reduced value", "certified interval", "half width"};

    /** The header for bounds that the validation found below the true error: not certified. */
    static final String[] UNCERTIFIED_HEADER = {
        "statistic", "reduced value", "interval (bounds not certified)", "half width"
    };

    /** The header for a model whose per-sample errors are estimates (regression models). */
    static final String[] ESTIMATED_HEADER = {"statistic", "reduced value", "estimated interval", "half width"};

    private StatisticsTable() {}

    /** Mean, standard deviation and every quantile, one row each. */
    static List<String[]> rows(MonteCarlo.Result uq) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("mean", uq.mean()));
        rows.add(row("standard deviation", uq.standardDeviation()));
        for (int k = 0; k < uq.quantiles().length; k++) {
            rows.add(row(percent(uq.quantileLevels()[k]) + " quantile", uq.quantiles()[k]));
        }
        return rows;
    }

    static String[] row(String name, MonteCarlo.Estimate e) {
        return new String[] {
            name,
            String.format(Locale.ROOT, "%.8e", e.value()),
            String.format(Locale.ROOT, "[%.8e, %.8e]", e.lower(), e.upper()),
            TextTable.sci(e.bound())
        };
    }

    /** A level as a percentage without trailing zeros: 0.05 is "5%", 0.025 is "2.5%". */
    static String percent(double level) {
        return java.math.BigDecimal.valueOf(100 * level).stripTrailingZeros().toPlainString() + "%";
    }
}

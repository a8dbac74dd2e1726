package org.jrom.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A table printed with aligned columns: text left-aligned, numbers right-aligned. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;

    TextTable(String... header) {
        this.header = header;
    }

    TextTable row(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalStateException("row has " + cells.length + " cells, header " + header.length);
        }
        rows.add(cells);
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
            for (String[] r : rows) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        out.println(format(header, width));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            rule.append(c > 0 ? "  " : "").append("-".repeat(width[c]));
        }
        out.println(rule);
        for (String[] r : rows) {
            out.println(format(r, width));
        }
        out.flush();
    }

    private static String format(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            boolean numeric = cells[c].matches("[-+]?[0-9.]+(e[-+]?[0-9]+)?%?|-|inf|nan");
            String cell = numeric
                    ? " ".repeat(width[c] - cells[c].length()) + cells[c]
                    : cells[c] + " ".repeat(width[c] - cells[c].length());
            sb.append(c > 0 ? "  " : "").append(cell);
        }
        return sb.toString().stripTrailing();
    }

    /** A number in scientific notation with three significant digits ("inf" when not finite). */
    static String sci(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2e", v) : "inf";
    }

    /** A number with two decimals ("-" when not finite, e.g. an undefined effectivity). */
    static String fix(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
    }
}

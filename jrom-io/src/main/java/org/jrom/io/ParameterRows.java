package org.jrom.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrom.Excerpt;
import org.jrom.parameters.ParameterException;
import org.jrom.parameters.ParameterType;

/**
 * A parameter table read one row at a time, the one reader of {@link ParameterTable} and {@code jrom
 * batch}: a header naming the parameter components ({@code mu[0], mu[1], k}, any order), then one
 * row of numbers per parameter in the grammar of {@link org.jrom.parameters.Numbers}; blank lines
 * and lines starting with {@code #} skipped, spaces around cells ignored, a UTF-8 byte-order mark
 * and CRLF line ends accepted. It holds one line at a time, so a table of millions of rows costs
 * what its caller keeps of them. Errors name {@code file:line}. {@link #next} only reads a row's
 * text and {@link #values} parses it, on any thread, so that rows read in order are parsed in
 * parallel.
 */
public final class ParameterRows implements AutoCloseable {
    private static final Pattern COLUMN = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\[(\\d{1,9})\\])?");

    /** One row as read: its 1-based line number and its text, not yet parsed. */
    public record Row(int line, String text) {}

    /**
     * How a cell's errors read. The two differ only in wording, each as its documentation shows it
     * (docs/cli.md for batch, docs/formats.md for tables): batch names the model's component
     * ({@code diffusion[2] = 'abc' is not a number}, as {@code query --mu} names the parameter) and
     * leaves a control character to the number grammar, which refuses it quoted; a table read for a
     * snapshot set names the column like io's other CSV readers (snapshots, entry tables) and
     * refuses a control character as such.
     */
    private enum Cells {
        COMPONENTS,
        COLUMNS
    }

    private final Path file;
    private final Csv.Reader in;
    private final ParameterType type;
    private final List<String> columns;
    private final int headerLine;
    private final int[] slot; // column -> flattened component
    private final String[] labels; // column -> its name in an error
    private final Cells cells;
    private final String what; // the values a row holds, for the count error

    private ParameterRows(
            Path file, Csv.Reader in, ParameterType type, Csv.Line header, int[] slot, Cells cells, String what) {
        this.file = file;
        this.in = in;
        this.type = type;
        this.columns = List.of(header.fields());
        this.headerLine = header.number();
        this.slot = slot;
        this.cells = cells;
        this.what = what;
        this.labels = new String[slot.length];
        for (int c = 0; c < slot.length; c++) {
            labels[c] = cells == Cells.COMPONENTS ? type.componentName(slot[c]) : "column " + (c + 1);
        }
    }

    /**
     * Opens a table whose header names exactly the components of {@code type}, {@code jrom batch}'s
     * input: a component of size 1 is named bare or {@code name[0]}, a header cell may be quoted.
     *
     * @throws FileFormatException naming {@code file:line}: an empty file, an unnamed, unknown,
     *     repeated or missing column, a vector parameter named bare
     * @throws FileAccessException when the file cannot be read
     */
    public static ParameterRows open(Path file, ParameterType type) {
        Csv.Reader in = new Csv.Reader(file, true);
        try {
            Csv.Line header = in.next();
            if (header == null) {
                throw new FileFormatException(
                        file.toString(),
                        "the file is empty; expected a header line naming the parameter components (" + expected(type)
                                + ")");
            }
            return new ParameterRows(
                    file, in, type, header, columnsOf(file, header, type), Cells.COMPONENTS, expected(type));
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Opens a table whose header gives the parameter type (components in order of first appearance),
     * the training parameters of a snapshot set: vector components must run from {@code name[0]}
     * without gaps.
     */
    static ParameterRows inferType(Path file) {
        Csv.Reader in = new Csv.Reader(file, true);
        try {
            Csv.Line header = in.next();
            if (header == null) {
                throw new FileFormatException(
                        file.toString(), "empty parameter table: expected a header line naming the parameters");
            }
            String at = Csv.where(file, header.number());
            int width = header.fields().length;
            String[] names = new String[width];
            int[] indices = new int[width];
            Map<String, Integer> seen = new HashMap<>();
            Map<String, Integer> sizes = new LinkedHashMap<>();
            for (int c = 0; c < width; c++) {
                String f = header.fields()[c];
                Matcher m = COLUMN.matcher(f);
                if (!m.matches()) {
                    throw new FileFormatException(
                            at,
                            "column " + (c + 1) + " " + Excerpt.quoted(f)
                                    + " is not a parameter component: expected name or name[index], e.g. mu[0]");
                }
                Integer before = seen.put(f, c);
                if (before != null) {
                    throw new FileFormatException(
                            at, "column " + (c + 1) + " '" + f + "' repeats column " + (before + 1));
                }
                names[c] = m.group(1);
                indices[c] = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
                sizes.merge(names[c], Math.max(1, indices[c] + 1), Math::max);
            }
            for (int c = 0; c < width; c++) {
                requireComponents(at, names, indices, c, sizes.get(names[c]));
            }
            ParameterType type;
            try {
                type = ParameterType.of(sizes);
            } catch (ParameterException e) {
                throw new FileFormatException(at, e.getMessage());
            }
            int[] slot = new int[width];
            for (int c = 0; c < width; c++) {
                slot[c] = type.offset(names[c]) + Math.max(0, indices[c]);
            }
            return new ParameterRows(file, in, type, header, slot, Cells.COLUMNS, String.join(", ", header.fields()));
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Column to flattened component of {@code type}, by the header's names; throws naming the bad column. */
    private static int[] columnsOf(Path file, Csv.Line header, ParameterType type) {
        String at = Csv.where(file, header.number());
        Map<String, Integer> known = new HashMap<>();
        for (int i = 0; i < type.dimension(); i++) {
            known.put(type.componentName(i), i);
        }
        for (String name : type.names()) {
            if (type.size(name) == 1) {
                known.put(name + "[0]", type.offset(name));
            }
        }
        String[] cells = header.fields();
        int[] component = new int[cells.length];
        int[] column = new int[type.dimension()];
        Arrays.fill(column, -1);
        for (int c = 0; c < cells.length; c++) {
            String name = unquote(cells[c]);
            if (name.isEmpty()) {
                throw new FileFormatException(at, "column " + (c + 1) + " has no name; expected " + expected(type));
            }
            Integer i = known.get(name);
            if (i == null) {
                if (type.sizes().containsKey(name)) {
                    throw new FileFormatException(
                            at,
                            "column '" + name + "' names a parameter of " + type.size(name)
                                    + " components; name them one by one: " + expected(type, name));
                }
                throw new FileFormatException(
                        at,
                        "unknown column " + Excerpt.quoted(name) + "; the model's parameter components are "
                                + expected(type));
            }
            if (column[i] >= 0) {
                throw new FileFormatException(
                        at,
                        "column '" + type.componentName(i) + "' appears twice (columns " + (column[i] + 1) + " and "
                                + (c + 1) + ")");
            }
            column[i] = c;
            component[c] = i;
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < column.length; i++) {
            if (column[i] < 0) {
                missing.add(type.componentName(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new FileFormatException(
                    at,
                    "missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + "; expected "
                            + expected(type));
        }
        return component;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** Throws unless a vector component is given as {@code name[0] .. name[size-1]}, or a scalar plainly. */
    private static void requireComponents(String at, String[] names, int[] indices, int c, int size) {
        int[] given = new int[names.length];
        int n = 0;
        for (int d = 0; d < names.length; d++) {
            if (names[d].equals(names[c])) {
                if ((indices[d] < 0) != (indices[c] < 0)) {
                    throw new FileFormatException(
                            at,
                            "'" + names[c] + "' is named both whole and by component (columns " + (Math.min(c, d) + 1)
                                    + " and " + (Math.max(c, d) + 1) + ")");
                }
                given[n++] = Math.max(0, indices[d]);
            }
        }
        int[] sorted = Arrays.copyOf(given, n);
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            if (sorted[i] != i) {
                throw new FileFormatException(
                        at,
                        "'" + names[c] + "' has components up to " + names[c] + "[" + (size - 1) + "] but no "
                                + names[c] + "[" + i + "]");
            }
        }
    }

    /** The components of {@code type}, e.g. {@code diffusion[0]..diffusion[3], Bi}. */
    private static String expected(ParameterType type) {
        List<String> parts = new ArrayList<>();
        for (String name : type.names()) {
            parts.add(expected(type, name));
        }
        return String.join(", ", parts);
    }

    private static String expected(ParameterType type, String name) {
        int size = type.size(name);
        return size == 1 ? name : name + "[0].." + name + "[" + (size - 1) + "]";
    }

    /** The parameter type the rows' values follow. */
    public ParameterType type() {
        return type;
    }

    /** The header's column names, in file order. */
    public List<String> columns() {
        return columns;
    }

    /** The header's line number. */
    public int headerLine() {
        return headerLine;
    }

    /** The next row, or null at the end of the file. */
    public Row next() {
        String text = in.nextText();
        return text == null ? null : new Row(in.number(), text);
    }

    /**
     * The values of a row, in the order of {@link #type()}'s components (thread-safe).
     *
     * @throws FileFormatException naming {@code file:line}: the wrong number of values, a value that
     *     is empty, not a number or not finite
     */
    public double[] values(Row row) {
        String[] f = row.text().split(",", -1);
        Csv.requireFields(file, row.line(), f.length, slot.length, what);
        double[] v = new double[type.dimension()];
        for (int c = 0; c < f.length; c++) {
            String cell = f[c].strip(); // strip, not trim: trim drops NUL and other controls
            if (cells == Cells.COLUMNS) {
                Csv.requireText(file, row.line(), cell, c);
                v[slot[c]] = Csv.number(file, row.line(), cell, labels[c], ": ");
            } else {
                v[slot[c]] = Csv.number(file, row.line(), cell, labels[c], " = ");
            }
        }
        return v;
    }

    /** The bytes read so far, for the progress of a long file (from any thread). */
    public long bytesRead() {
        return in.bytesRead();
    }

    @Override
    public void close() {
        in.close();
    }
}

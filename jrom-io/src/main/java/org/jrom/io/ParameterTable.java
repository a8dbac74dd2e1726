package org.jrom.io;

import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrom.Excerpt;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterException;
import org.jrom.parameters.ParameterType;

/**
 * The training parameters of a snapshot set: a CSV file whose header names the parameter
 * components as {@link ParameterType#componentName} spells them ({@code mu[0], mu[1], k} for {@code
 * {mu: 2, k: 1}}; a plain name is a component of size 1, {@code name[i]} component i of a vector),
 * then one row of numbers per snapshot, row j for snapshot j. Columns may come in any order.
 * Refused, naming {@code file:line}: duplicate or malformed column names, components with gaps,
 * rows with the wrong number of values, values that are not finite numbers, an empty table, and
 * two identical rows (the same parameter twice makes the interpolation of snapshots singular).
 */
public final class ParameterTable {
    private static final Pattern COLUMN = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\[(\\d{1,9})\\])?");

    private final Path file;
    private final ParameterType type;
    private final List<String> columns;
    private final List<Parameter> parameters;

    private ParameterTable(Path file, ParameterType type, List<String> columns, List<Parameter> parameters) {
        this.file = file;
        this.type = type;
        this.columns = columns;
        this.parameters = parameters;
    }

    /** Reads a table, the parameter type given by its header (components in order of first appearance). */
    public static ParameterTable read(Path file) {
        return read(file, null);
    }

    /**
     * Reads a table whose header must name exactly the components of {@code expected} (in any order;
     * null: any components).
     */
    public static ParameterTable read(Path file, ParameterType expected) {
        try (Csv.Reader in = new Csv.Reader(file)) {
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
            ParameterType found;
            try {
                found = ParameterType.of(sizes);
            } catch (ParameterException e) {
                throw new FileFormatException(at, e.getMessage());
            }
            ParameterType type = expected == null ? found : expected;
            if (expected != null && !expected.sizes().equals(found.sizes())) {
                throw new FileFormatException(
                        at,
                        "the header names the components " + componentNames(found) + "; the parameter type expects "
                                + componentNames(expected));
            }
            int[] slot = new int[width];
            for (int c = 0; c < width; c++) {
                slot[c] = type.offset(names[c]) + Math.max(0, indices[c]);
            }
            List<Parameter> rows = new ArrayList<>();
            Map<DoubleBuffer, Integer> lineOf = new HashMap<>();
            String what = String.join(", ", header.fields());
            for (Csv.Line line = in.next(); line != null; line = in.next()) {
                Csv.requireFields(file, line, width, what);
                double[] v = new double[width];
                for (int c = 0; c < width; c++) {
                    v[slot[c]] = Csv.number(file, line, c);
                }
                Parameter mu = Parameter.of(type, v);
                Integer twin = lineOf.putIfAbsent(DoubleBuffer.wrap(v), line.number());
                if (twin != null) {
                    throw new FileFormatException(
                            Csv.where(file, line.number()),
                            "the parameter " + mu + " repeats line " + twin
                                    + "; identical parameters make the interpolation of snapshots singular");
                }
                rows.add(mu);
            }
            if (rows.isEmpty()) {
                throw new FileFormatException(
                        file.toString(), "the parameter table has a header but no rows: expected one row per snapshot");
            }
            return new ParameterTable(file, type, List.of(header.fields()), Collections.unmodifiableList(rows));
        }
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

    private static List<String> componentNames(ParameterType t) {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < t.dimension(); i++) {
            n.add(t.componentName(i));
        }
        return n;
    }

    /**
     * Writes {@code parameters} as a table that {@link #read} reads back exactly (a header of
     * component names, then one row per parameter, each value in the shortest form that round-trips),
     * atomically. The same format is the input of {@code jrom batch}.
     */
    public static void write(Path file, List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("a parameter table needs at least one row");
        }
        ParameterType type = parameters.get(0).type();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < type.dimension(); i++) {
            sb.append(i > 0 ? "," : "").append(type.componentName(i));
        }
        sb.append('\n');
        for (Parameter mu : parameters) {
            if (!mu.type().equals(type)) {
                throw new IllegalArgumentException("parameters of two types in one table: " + type + ", " + mu.type());
            }
            double[] v = mu.toArray();
            for (int i = 0; i < v.length; i++) {
                sb.append(i > 0 ? "," : "").append(v[i]); // Double.toString round-trips
            }
            sb.append('\n');
        }
        AtomicFile.writeString(file, sb.toString());
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The parameter type. */
    public ParameterType type() {
        return type;
    }

    /** The header's column names, in file order. */
    public List<String> columns() {
        return columns;
    }

    /** The number of rows, one per snapshot. */
    public int size() {
        return parameters.size();
    }

    /** The parameter of row j (snapshot j). */
    public Parameter parameter(int j) {
        return parameters.get(j);
    }

    /** Every row's parameter, in file order (unmodifiable). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Throws unless the table has one row per snapshot of {@code snapshots}.
     *
     * @throws SnapshotCountException naming both files and both counts, and the other layout of a 2-D
     *     matrix when that one has a snapshot per row
     */
    public void requireRowPerSnapshot(SnapshotSource snapshots) {
        if (snapshots.count() != size()) {
            // a matrix with one snapshot per row read as columns (or the reverse): the count of the
            // other dimension is the table's
            SnapshotSource.Layout other = snapshots
                    .layout()
                    .filter(l -> snapshots.dim() == size())
                    .map(SnapshotSource.Layout::transposed)
                    .orElse(null);
            throw new SnapshotCountException(
                    file.toString(),
                    size() + " parameter row" + (size() == 1 ? "" : "s") + ", but " + snapshots.origin() + " holds "
                            + snapshots.count() + " snapshot" + (snapshots.count() == 1 ? "" : "s")
                            + "; expected one row per snapshot, in the same order"
                            + (other == null
                                    ? ""
                                    : "; " + snapshots.origin() + " has " + size() + " " + other.unit()
                                            + (size() == 1 ? "" : "s") + ", as many as the parameter rows"),
                    other);
        }
    }
}

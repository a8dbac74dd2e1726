package org.jrom.io;

import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterType;

/**
 * The training parameters of a snapshot set: a CSV file whose header names the parameter
 * components as {@link ParameterType#componentName} spells them ({@code mu[0], mu[1], k} for {@code
 * {mu: 2, k: 1}}; a plain name is a component of size 1, {@code name[i]} component i of a vector),
 * then one row of numbers per snapshot, row j for snapshot j. Columns may come in any order. Read by
 * {@link ParameterRows}, the reader of {@code jrom batch} too (comments, blank lines and numbers
 * alike). Refused, naming {@code file:line}: duplicate or malformed column names, components with gaps,
 * rows with the wrong number of values, values that are not finite numbers, an empty table, and
 * two identical rows (the same parameter twice makes the interpolation of snapshots singular).
 */
public final class ParameterTable {
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
        try (ParameterRows in = ParameterRows.inferType(file)) {
            ParameterType found = in.type();
            if (expected != null && !expected.sizes().equals(found.sizes())) {
                throw new FileFormatException(
                        Csv.where(file, in.headerLine()),
                        "the header names the components " + componentNames(found) + "; the parameter type expects "
                                + componentNames(expected));
            }
            ParameterType type = expected == null ? found : expected;
            // Unlike jrom batch, which answers every row it is given, a table of snapshot parameters
            // refuses a repeated row: the same parameter twice makes the interpolation singular.
            List<Parameter> rows = new ArrayList<>();
            Map<DoubleBuffer, Integer> lineOf = new HashMap<>();
            for (ParameterRows.Row row = in.next(); row != null; row = in.next()) {
                double[] v = in.values(row);
                if (expected != null) {
                    v = reorder(v, found, expected);
                }
                Parameter mu = Parameter.of(type, v);
                Integer twin = lineOf.putIfAbsent(DoubleBuffer.wrap(v), row.line());
                if (twin != null) {
                    throw new FileFormatException(
                            Csv.where(file, row.line()),
                            "the parameter " + mu + " repeats line " + twin
                                    + "; identical parameters make the interpolation of snapshots singular");
                }
                rows.add(mu);
            }
            if (rows.isEmpty()) {
                throw new FileFormatException(
                        file.toString(), "the parameter table has a header but no rows: expected one row per snapshot");
            }
            return new ParameterTable(file, type, in.columns(), Collections.unmodifiableList(rows));
        }
    }

    /** Values in the order of {@code from}'s components, put in the order of {@code to}'s (same sizes). */
    private static double[] reorder(double[] v, ParameterType from, ParameterType to) {
        double[] w = new double[v.length];
        for (String name : from.names()) {
            System.arraycopy(v, from.offset(name), w, to.offset(name), from.size(name));
        }
        return w;
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

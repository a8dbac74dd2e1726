package org.jrom.io;

import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrom.JromException;
import org.jrom.operators.MatrixEntries;
import org.jrom.parameters.Parameter;

/**
 * The "small per-parameter file" of the nonintrusive matrix EIM: the few entries {@code A(mu)_ij}
 * at the magic entries that an external solver computes for each parameter of a {@link
 * ParameterTable}. A CSV whose header names the entries as {@code A[i][j]} (0-based row and
 * column) and, for a model whose right-hand side is sampled too, {@code f[i]} (its entries), then
 * one row of values per row of the parameter table, in the same order. As a {@link
 * MatrixEntries} it answers the parameters of the table, exactly as they are written there.
 * Errors name {@code file:line}: a malformed or repeated header column, a row of the wrong width,
 * a value that is not a finite number, a row count that differs from the table's; asking for an
 * entry the file does not have, or for a parameter that is not in the table, names what is
 * missing.
 */
public final class EntryTable implements MatrixEntries {
    private static final Pattern ENTRY = Pattern.compile("A\\[(\\d{1,9})\\]\\[(\\d{1,9})\\]|f\\[(\\d{1,9})\\]");

    private final Path file;
    private final Map<Long, Integer> column = new HashMap<>(); // (row << 32 | col) -> column
    private final Map<DoubleBuffer, double[]> rows = new HashMap<>();

    private EntryTable(Path file) {
        this.file = file;
    }

    /**
     * Reads the entries of the parameters of {@code table}, row by row.
     *
     * @throws FileFormatException naming the file and line of the first problem
     */
    public static EntryTable read(Path file, ParameterTable table) {
        return read(file, table.parameters(), table.file().toString());
    }

    /**
     * Reads the entries of {@code parameters} (named {@code origin} in messages, e.g. the table's
     * file or {@code --mu}), one row per parameter.
     *
     * @throws FileFormatException naming the file and line of the first problem
     */
    public static EntryTable read(Path file, List<Parameter> parameters, String origin) {
        EntryTable t = new EntryTable(file);
        try (Csv.Reader in = new Csv.Reader(file)) {
            Csv.Line header = in.next();
            if (header == null) {
                throw new FileFormatException(
                        file.toString(), "empty entry table: expected a header of A[i][j] columns");
            }
            String at = Csv.where(file, header.number());
            String[] fields = header.fields();
            for (int c = 0; c < fields.length; c++) {
                Matcher m = ENTRY.matcher(fields[c]);
                if (!m.matches()) {
                    throw new FileFormatException(
                            at,
                            "column " + (c + 1) + " '" + fields[c]
                                    + "' is not an entry: expected A[i][j] or f[i], e.g. A[12][7]");
                }
                long key = m.group(3) != null
                        ? key(Integer.parseInt(m.group(3)), MatrixEntries.RHS)
                        : key(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                Integer before = t.column.put(key, c);
                if (before != null) {
                    throw new FileFormatException(
                            at, "column " + (c + 1) + " '" + fields[c] + "' repeats column " + (before + 1));
                }
            }
            List<double[]> values = new ArrayList<>();
            String what = "one value per entry of the header";
            for (Csv.Line line = in.next(); line != null; line = in.next()) {
                Csv.requireFields(file, line, fields.length, what);
                double[] v = new double[fields.length];
                for (int c = 0; c < v.length; c++) {
                    v[c] = Csv.number(file, line, c);
                }
                values.add(v);
            }
            if (values.size() != parameters.size()) {
                throw new FileFormatException(
                        file.toString(),
                        values.size() + " rows of entries, but " + origin + " has " + parameters.size()
                                + " parameters; expected one row per parameter, in the same order");
            }
            for (int k = 0; k < values.size(); k++) {
                double[] before = t.rows.put(DoubleBuffer.wrap(parameters.get(k).toArray()), values.get(k));
                if (before != null && !java.util.Arrays.equals(before, values.get(k))) {
                    throw new FileFormatException(
                            file.toString(),
                            "row " + (k + 1) + " gives other entries than an earlier row for the same parameter "
                                    + parameters.get(k) + " of " + origin);
                }
            }
        }
        return t;
    }

    private static long key(int i, int j) {
        return ((long) i << 32) | (j & 0xffffffffL);
    }

    /** The entries the file has, as {@code A[i][j]} and {@code f[i]} names in column order. */
    public List<String> entries() {
        Map<Integer, String> byColumn = new java.util.TreeMap<>();
        column.forEach((k, c) -> byColumn.put(c, MatrixEntries.name((int) (k >>> 32), (int) (long) k)));
        return List.copyOf(new LinkedHashMap<>(byColumn).values());
    }

    @Override
    public double[] values(Parameter mu, int[] rowIndex, int[] colIndex) {
        double[] row = rows.get(DoubleBuffer.wrap(mu.toArray()));
        if (row == null) {
            throw new JromException(file + " has no entries for the parameter " + mu
                    + ": it answers only the parameters of its table, written exactly as there");
        }
        double[] out = new double[rowIndex.length];
        for (int m = 0; m < out.length; m++) {
            Integer c = column.get(key(rowIndex[m], colIndex[m]));
            if (c == null) {
                throw new JromException(file + " has no column " + MatrixEntries.name(rowIndex[m], colIndex[m])
                        + "; the model needs the entries " + names(rowIndex, colIndex));
            }
            out[m] = row[c];
        }
        return out;
    }

    /** {@code A[i][j]} names of requested entries, for the header an external solver should write. */
    public static String names(int[] rowIndex, int[] colIndex) {
        return MatrixEntries.names(rowIndex, colIndex);
    }
}

package org.jrom.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.jrom.JromException;

/**
 * The manifest of one model file being read, as a {@link ModelCodec} sees it: the JSON, the
 * arrays the manifest lists (each already checked: present, SHA-256, shape, finite), and access to
 * both whose errors name the file and the entry or manifest field.
 */
final class SectionReader {
    private final Path file;
    private final JsonNode root;
    private final Map<String, Npy.Array> arrays;
    private final boolean fields;
    private final java.util.function.Supplier<Provenance> provenance;

    SectionReader(
            Path file,
            JsonNode root,
            Map<String, Npy.Array> arrays,
            boolean fields,
            java.util.function.Supplier<Provenance> provenance) {
        this.file = file;
        this.root = root;
        this.arrays = arrays;
        this.fields = fields;
        this.provenance = provenance;
    }

    /** The file, for messages. */
    Path file() {
        return file;
    }

    /** The manifest's root object. */
    JsonNode root() {
        return root;
    }

    /**
     * Whether the arrays of the field (the reduced basis, the attachments) are read: true for
     * {@link ModelFile#load}, false for {@link ModelFile#loadForQueries}.
     */
    boolean fields() {
        return fields;
    }

    /** The file's provenance (its errors name the manifest's {@code provenance} field). */
    Provenance provenance() {
        return provenance.get();
    }

    /** The checked array the manifest lists under {@code name}, or null when it lists none. */
    Npy.Array listedOrNull(String name) {
        return arrays.get(name);
    }

    /** The checked array {@code name}, which {@code field} refers to: an error when it is not listed. */
    Npy.Array listed(String field, String name) {
        Npy.Array a = arrays.get(name);
        if (a == null) {
            throw manifestError(field, "array '" + name + "' is not listed in 'arrays'");
        }
        return a;
    }

    void requireAll(String name, java.util.function.DoublePredicate ok, String why) {
        Npy.Array a = arrays.get(name);
        if (a == null) {
            return;
        }
        double[] d = a.matrix().data();
        for (int i = 0; i < d.length; i++) {
            if (!ok.test(d[i])) {
                throw arrayError(name, i, "is " + d[i] + "; " + why);
            }
        }
    }

    /** An error at element {@code i} (column-major) of a listed array. */
    FileFormatException arrayError(String name, int i, String message) {
        Npy.Array a = arrays.get(name);
        int rows = a.matrix().rows();
        return new FileFormatException(
                file + ": entry '" + name + ".npy'",
                "element " + (a.isVector() ? "(" + i + ")" : "(" + i % rows + ", " + i / rows + ")") + " " + message);
    }

    Npy.Array array(JsonNode node, String field, int rows, int cols) {
        String name = text(node, field, "array");
        Npy.Array a = arrays.get(name);
        if (a == null) {
            throw manifestError(field + ".array", "array '" + name + "' is not listed in 'arrays'");
        }
        int[] expected = cols < 0 ? new int[] {rows} : new int[] {rows, cols};
        if (!java.util.Arrays.equals(expected, a.shape())) {
            throw new FileFormatException(
                    file + ": entry '" + name + ".npy'",
                    "shape mismatch: " + field + " must have shape " + Npy.shapeText(expected) + ", found "
                            + a.shapeText());
        }
        return a;
    }

    /** A constructor call whose complaints {@link #rebuild} reports. */
    interface Build<T> {
        T build();
    }

    /** Runs a core constructor, reporting its complaint as a problem of this file. */
    <T> T rebuild(String what, Build<T> build) {
        try {
            return build.build();
        } catch (FileFormatException e) {
            if (e.getMessage().startsWith(file + ": ")) {
                throw e; // already an error of this file, naming its entry or field (an embedded case's)
            }
            throw new FileFormatException(
                    file.toString(), "cannot rebuild " + what + ": " + ModelFile.printable(e.getMessage()), e);
        } catch (JromException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new FileFormatException(
                    file.toString(), "cannot rebuild " + what + ": " + ModelFile.printable(e.getMessage()), e);
        }
    }

    // JSON access with errors that name the field

    JsonNode require(JsonNode node, String field, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw manifestError(join(field, key), "missing");
        }
        return v;
    }

    JsonNode object(JsonNode node, String key) {
        return object(node, key, key);
    }

    JsonNode object(JsonNode node, String field, String key) {
        JsonNode v = require(node, parent(field, key), key);
        if (!v.isObject()) {
            throw manifestError(field, "expected a JSON object, found " + kind(v));
        }
        return v;
    }

    JsonNode list(JsonNode node, String key, int length) {
        return list(node, key, key, length);
    }

    JsonNode list(JsonNode node, String field, String key, int length) {
        JsonNode v = require(node, parent(field, key), key);
        if (!v.isArray()) {
            throw manifestError(field, "expected a JSON array, found " + kind(v));
        }
        if (length >= 0 && v.size() != length) {
            throw manifestError(field, "expected " + length + " items, found " + v.size());
        }
        return v;
    }

    String text(JsonNode node, String field, String key) {
        JsonNode v = require(node, field, key);
        if (!v.isTextual()) {
            throw manifestError(join(field, key), "expected a string, found " + kind(v));
        }
        return v.textValue();
    }

    int integer(JsonNode node, String field, String key) {
        JsonNode v = require(node, field, key);
        if (!v.isInt() || v.intValue() < 0) {
            throw manifestError(join(field, key), "expected a non-negative integer, found " + v);
        }
        return v.intValue();
    }

    double number(JsonNode node, String field, String key) {
        JsonNode v = require(node, field, key);
        if (!v.isNumber()) {
            throw manifestError(join(field, key), "expected a number, found " + kind(v));
        }
        return v.doubleValue();
    }

    double number(JsonNode list, String field, int index) {
        JsonNode v = list.get(index);
        if (!v.isNumber()) {
            throw manifestError(field, "expected a number, found " + kind(v));
        }
        return v.doubleValue();
    }

    static String kind(JsonNode v) {
        String s = v.toString();
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + (s.length() > 60 ? s.substring(0, 60) + "..." : s);
    }

    static String join(String field, String key) {
        return field.isEmpty() ? key : field + "." + key;
    }

    static String parent(String field, String key) {
        return field.endsWith(key) ? field.substring(0, Math.max(0, field.length() - key.length() - 1)) : field;
    }

    String manifestSource() {
        return file + ": entry '" + ModelFile.MANIFEST + "'";
    }

    /** An error in the manifest; names and values from the file are printed without control characters. */
    FileFormatException manifestError(String field, String message) {
        return new FileFormatException(
                manifestSource(), ModelFile.printable((field.isEmpty() ? "" : "field '" + field + "': ") + message));
    }
}

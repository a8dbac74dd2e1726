package org.jrom.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jrom.Excerpt;

/**
 * The fields of one JSON input file (an affine manifest, a case file) read with errors that name
 * the field: {@code file: field: message}, one line, input quoted only through {@link Excerpt}.
 * Paths in the file resolve against its folder and, unless {@code allowOutsidePaths}, must stay
 * inside it (symbolic links and {@code ..} followed): a file from elsewhere must not make jrom
 * read, and quote, any file the user can read.
 */
final class JsonFields {
    /** Strict JSON: a duplicate key or trailing tokens are errors, not a silent last-one-wins. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Path file;
    private final Path dir;
    private final boolean allowOutsidePaths;
    private final String noun;

    /**
     * @param file the JSON file
     * @param allowOutsidePaths whether a path may resolve outside the file's folder
     * @param noun what the file is, as messages say it ("manifest", "case file")
     */
    JsonFields(Path file, boolean allowOutsidePaths, String noun) {
        this.file = file;
        this.allowOutsidePaths = allowOutsidePaths;
        this.noun = noun;
        Path parent = file.toAbsolutePath().normalize().getParent();
        this.dir = parent == null ? Path.of(".") : parent;
    }

    /** Whether paths may resolve outside the file's folder. */
    boolean allowsOutsidePaths() {
        return allowOutsidePaths;
    }

    /** The JSON file. */
    Path file() {
        return file;
    }

    /** The folder paths resolve against. */
    Path dir() {
        return dir;
    }

    /** The file's top-level JSON object. */
    JsonNode parse() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FileAccessException("read", file, e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() != null ? ":" + e.getLocation().getLineNr() : "";
            throw new FileFormatException(
                    file + where, "malformed JSON: " + Excerpt.of(String.valueOf(e.getOriginalMessage()), 160));
        } catch (IOException e) {
            throw new FileAccessException("read", file, e);
        }
        if (root == null || !root.isObject()) {
            throw new FileFormatException(file.toString(), "expected a JSON object");
        }
        return root;
    }

    /**
     * Checks the {@code format} field: {@code expected} (e.g. {@code jrom-case/1.0}), or another
     * version of it (an {@link UnsupportedVersionException}), or else not this kind of file at all
     * ({@code what}, e.g. "case file").
     */
    void requireFormat(JsonNode root, String expected, String what) {
        String format = text(root, "format");
        if (!format.startsWith(expected.substring(0, expected.indexOf('/') + 1))) {
            throw error(
                    "format", "not a jrom " + what + ": expected '" + expected + "', found " + Excerpt.quoted(format));
        }
        if (!format.equals(expected)) {
            throw new UnsupportedVersionException(
                    file.toString(), "format " + format + " is not supported: this jrom reads " + expected);
        }
    }

    /** A path of the file, made absolute against its folder. */
    Path resolve(String relative) {
        return dir.resolve(relative).toAbsolutePath().normalize();
    }

    /** A path of the file that must name an existing regular file inside the folder (unless allowed outside). */
    Path existing(String relative, String field) {
        Path p = resolve(relative);
        boolean exists = Files.isRegularFile(p);
        if (!allowOutsidePaths) {
            Path inside;
            Path folder;
            try {
                folder = dir.toRealPath();
                inside = exists ? p.toRealPath() : p; // resolve() already removed the ..
            } catch (IOException e) {
                throw new FileAccessException("resolve", p, e);
            }
            if (!inside.startsWith(folder) && !(!exists && p.startsWith(dir))) {
                throw error(
                        field,
                        Excerpt.quoted(relative) + " resolves outside the " + noun + "'s folder " + folder
                                + " (give --allow-outside-paths to allow it)");
            }
        }
        if (!exists) {
            throw error(field, "no such file: " + p);
        }
        return p;
    }

    /** The node itself, which must be a JSON object. */
    JsonNode object(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw error(
                    field,
                    node == null ? "missing" : "expected a JSON object, found " + Excerpt.of(String.valueOf(node)));
        }
        return node;
    }

    /** The non-empty list at a dotted field path whose last part is the key in {@code node}. */
    JsonNode list(JsonNode node, String field) {
        JsonNode v = node.get(key(field));
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw error(
                    field, v == null ? "missing" : "expected a non-empty list, found " + Excerpt.of(String.valueOf(v)));
        }
        return v;
    }

    /** The text at a dotted field path whose last part is the key in {@code node}. */
    String text(JsonNode node, String field) {
        return textValue(node.get(key(field)), field);
    }

    /** A non-blank string node; {@code null} is "missing". */
    String textValue(JsonNode v, String field) {
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw error(
                    field,
                    v == null ? "missing" : "expected a non-empty string, found " + Excerpt.of(String.valueOf(v)));
        }
        return v.textValue();
    }

    /**
     * Refuses a key of the object at {@code field} ("" for the top level) that is not one of {@code
     * known}; the key is part of the field path, shown through {@link Excerpt}.
     */
    void requireKnown(JsonNode node, String field, List<String> known) {
        for (var e : node.properties()) {
            if (!known.contains(e.getKey())) {
                throw error(
                        field.isEmpty() ? Excerpt.of(e.getKey()) : field + "." + Excerpt.of(e.getKey()),
                        "unknown field; known: " + String.join(", ", known));
            }
        }
    }

    /** A whole number {@code >= 1} that fits an int. */
    int positiveWhole(JsonNode v, String field) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw error(field, "expected a positive whole number, found " + Excerpt.of(String.valueOf(v)));
        }
        return v.intValue();
    }

    /** A finite JSON number. */
    double finite(JsonNode v, String field) {
        if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw error(field, "expected a finite number, found " + Excerpt.of(String.valueOf(v)));
        }
        return v.doubleValue();
    }

    /** The one-line error {@code file: field: message}. */
    FileFormatException error(String field, String message) {
        return new FileFormatException(file + ": " + field, message);
    }

    /** The last part of a dotted field path: the key in its object. */
    static String key(String field) {
        return field.substring(field.lastIndexOf('.') + 1);
    }
}

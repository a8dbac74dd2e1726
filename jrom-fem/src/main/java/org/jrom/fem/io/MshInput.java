package org.jrom.fem.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jrom.Excerpt;

/**
 * The bytes of a {@code .msh} file read as Gmsh writes them: section header lines in text, and
 * numbers either as whitespace-separated text (one record per line) or as raw binary {@code int}
 * (4 bytes), {@code size_t} (8 bytes) and {@code double} (8 bytes). One parser serves both
 * encodings; errors carry the file name and the line (text) or byte offset (binary).
 */
final class MshInput {
    private final byte[] data;
    private final ByteBuffer buffer;
    private final String name;
    private int pos;
    private int line = 1; // line number of data[pos], meaningful for text
    private boolean binary;
    private String section; // current section name without '$', for messages
    // text: the tokens of the current record (one line), null between records
    private String[] tokens;
    private int next;
    private int tokensLine;
    // the last line read by nextLine, for messages about it
    private int lastLineStart;
    private int lastLineNumber;
    private int valueStart; // binary: offset of the last number read

    // whether messages may quote the file: not one the user did not name (named by a manifest)
    private final boolean quote;

    MshInput(byte[] data, String name, boolean quote) {
        this.data = data;
        this.buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        this.name = name;
        this.quote = quote;
    }

    String name() {
        return name;
    }

    /** Switches the numbers that follow to binary with the given byte order. */
    void setBinary(ByteOrder order) {
        binary = true;
        buffer.order(order);
    }

    boolean isBinary() {
        return binary;
    }

    void enterSection(String sectionName) {
        section = sectionName;
    }

    // ---- locations and errors ----

    /**
     * Where the next record starts: its line (text) or byte offset (binary). In text it loads the
     * record's line, so a missing record is reported where it was expected.
     */
    long recordStart(String what) {
        if (binary) {
            return pos;
        }
        loadRecord(what);
        return tokensLine;
    }

    /** "file:line" or "file: byte offset n" for a location from {@link #recordStart}. */
    String at(long location) {
        return binary ? name + ": byte offset " + location : name + ":" + location;
    }

    MeshFileException error(String message) {
        long location = binary ? pos : (tokens != null ? tokensLine : line);
        return new MeshFileException(at(location) + ": " + message);
    }

    /** An error about the line last returned by {@link #nextLine}. */
    MeshFileException errorAtLine(String message) {
        return errorAt(binary ? lastLineStart : lastLineNumber, message);
    }

    MeshFileException errorAt(long location, String message) {
        return new MeshFileException(at(location) + ": " + message);
    }

    private MeshFileException truncated(String expected) {
        String inside = section == null ? "" : " inside $" + section;
        return new MeshFileException(at(binary ? pos : line) + ": file ends" + inside + " where " + expected
                + " was expected (truncated file?)");
    }

    // ---- lines (section headers, $MeshFormat, $PhysicalNames) ----

    /** The next line that is not blank, without its line terminator; fails at end of file. */
    String nextLine(String expected) {
        if (tokens != null) {
            throw new IllegalStateException("record not finished");
        }
        skipWhitespace();
        if (pos >= data.length) {
            throw truncated(expected);
        }
        int start = pos;
        lastLineStart = pos;
        lastLineNumber = line;
        while (pos < data.length && data[pos] != '\n') {
            pos++;
        }
        int end = pos;
        if (end > start && data[end - 1] == '\r') {
            end--;
        }
        if (pos < data.length) {
            pos++;
            line++;
        }
        return new String(data, start, end - start, StandardCharsets.UTF_8).strip();
    }

    /** Whether only whitespace is left. */
    boolean atEnd() {
        skipWhitespace();
        return pos >= data.length;
    }

    private void skipWhitespace() {
        while (pos < data.length && (data[pos] == ' ' || data[pos] == '\t' || data[pos] == '\r' || data[pos] == '\n')) {
            if (data[pos] == '\n') {
                line++;
            }
            pos++;
        }
    }

    /** Reads the {@code $EndX} line of the current section. */
    void endSection() {
        if (!binary) {
            endRecord();
        }
        String expected = "$End" + section;
        String found = nextLine(expected);
        if (!found.equals(expected)) {
            throw errorAtLine("expected " + expected + ", found " + quoted(found)
                    + " (the section holds more data than its header declares?)");
        }
        section = null;
    }

    /** Skips a section jrom does not read, up to and including its {@code $EndX} line. */
    void skipSection() {
        byte[] end = ("\n$End" + section).getBytes(StandardCharsets.US_ASCII);
        int start = Math.max(0, pos - 1); // the header's own newline starts an empty section's end line
        for (int i = start; i + end.length <= data.length; i++) {
            if (matches(end, i)) {
                int after = i + end.length;
                if (after == data.length || data[after] == '\n' || data[after] == '\r' || data[after] == ' ') {
                    for (int k = pos; k < after; k++) {
                        if (data[k] == '\n') {
                            line++;
                        }
                    }
                    pos = after;
                    section = null;
                    return;
                }
            }
        }
        throw errorAtLine("section $" + section + " has no $End" + section + " (truncated file?)");
    }

    private boolean matches(byte[] pattern, int at) {
        for (int k = 0; k < pattern.length; k++) {
            if (data[at + k] != pattern[k]) {
                return false;
            }
        }
        return true;
    }

    /** Text of the file in quotes, as a short {@link Excerpt}; or, when not quoting, only that it is other text. */
    String quoted(String s) {
        return quote ? "'" + Excerpt.of(s) + "'" : "other text";
    }

    // ---- numbers ----

    /** A {@code size_t}: a count or a node/element tag, non-negative. */
    long size(String what) {
        long v;
        if (binary) {
            need(8, what);
            valueStart = pos;
            v = buffer.getLong(pos);
            if (v < 0) {
                throw error("expected " + what + " (a size_t below 2^63), found " + Long.toUnsignedString(v));
            }
            pos += 8;
        } else {
            String t = token(what);
            try {
                v = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw error("expected " + what + " (a non-negative integer), found " + quoted(t));
            }
            if (v < 0) {
                throw error("expected " + what + " (a non-negative integer), found " + v);
            }
        }
        return v;
    }

    /** An {@code int}: a dimension, an entity, physical or type tag, a flag. */
    int integer(String what) {
        if (binary) {
            need(4, what);
            int v = buffer.getInt(pos);
            pos += 4;
            return v;
        }
        String t = token(what);
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw error("expected " + what + " (an integer), found " + quoted(t));
        }
    }

    /** A {@code double}, not checked for finiteness (the caller names the offending node). */
    double real(String what) {
        if (binary) {
            need(8, what);
            double v = buffer.getDouble(pos);
            pos += 8;
            return v;
        }
        String t = token(what);
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw error("expected " + what + " (a number), found " + quoted(t));
        }
    }

    /** In text, checks that the current line holds nothing more; a no-op in binary. */
    void endRecord() {
        if (!binary && tokens != null) {
            if (next < tokens.length) {
                throw error("unexpected " + quoted(tokens[next]) + " after " + next
                        + " values on this line (wrong count, or a line joined with the next?)");
            }
            tokens = null;
        }
    }

    /**
     * Fails early on a count that cannot fit in what is left of the file (a corrupt or wrong
     * count), before arrays of that size are allocated. Call it right after reading the count.
     */
    int count(long n, int minBytesEach, String what) {
        long left = data.length - (long) pos;
        if (n > Integer.MAX_VALUE - 8 || n * minBytesEach > left) {
            throw errorAt(
                    binary ? valueStart : tokensLine,
                    "the header declares " + n + " " + what + " but only " + left
                            + " bytes are left in the file (wrong count or truncated file)");
        }
        return (int) n;
    }

    private void need(int bytes, String what) {
        if (pos + bytes > data.length) {
            throw truncated(what);
        }
    }

    private void loadRecord(String what) {
        if (tokens != null) {
            return;
        }
        skipWhitespace();
        if (pos >= data.length) {
            throw truncated(what);
        }
        int lineOfRecord = line;
        String text = nextLine(what);
        if (text.startsWith("$")) {
            tokensLine = lineOfRecord;
            tokens = new String[0];
            throw error("expected " + what + ", found " + quoted(text) + " (the section holds fewer items than"
                    + " its header declares, or is truncated)");
        }
        tokens = text.split("[ \t]+");
        next = 0;
        tokensLine = lineOfRecord;
    }

    private String token(String what) {
        loadRecord(what);
        if (next >= tokens.length) {
            throw error("expected " + what + " after " + next + " values on this line, found end of line");
        }
        return tokens[next++];
    }
}

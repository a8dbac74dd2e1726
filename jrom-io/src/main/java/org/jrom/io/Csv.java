package org.jrom.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jrom.Excerpt;
import org.jrom.parameters.Numbers;

/**
 * The plain CSV that snapshot and parameter files use: comma-separated fields, surrounding spaces
 * ignored, no quoting, blank lines skipped; numbers in the grammar of {@link Numbers}. A control
 * character (NUL, escape...) in a field is refused rather than dropped or passed on. Errors name
 * {@code file:line}, the column, what was expected and a short excerpt of what was found.
 */
final class Csv {
    private Csv() {}

    /** One line of a file: its 1-based number and its fields (trimmed). */
    record Line(int number, String[] fields) {}

    /** Reads lines one at a time, skipping blank ones. */
    static final class Reader implements AutoCloseable {
        private final Path file;
        private final BufferedReader in;
        private int number;

        Reader(Path file) {
            this.file = file;
            try {
                this.in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new FileAccessException("read", file, e);
            }
        }

        /** The next non-blank line, or null at the end of the file. */
        Line next() {
            try {
                for (String s = in.readLine(); s != null; s = in.readLine()) {
                    number++;
                    if (number == 1 && s.startsWith("\uFEFF")) {
                        s = s.substring(1); // byte order mark
                    }
                    if (!s.isBlank()) {
                        String[] f = s.split(",", -1);
                        for (int k = 0; k < f.length; k++) {
                            f[k] = f[k].strip();
                            requireText(f[k], k);
                        }
                        return new Line(number, f);
                    }
                }
                return null;
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new FileFormatException(
                        where(file, number + 1), "not UTF-8 text (a binary file?); expected comma-separated numbers");
            } catch (IOException e) {
                throw new FileAccessException("read", file, e);
            }
        }

        private void requireText(String field, int k) {
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    throw new FileFormatException(
                            where(file, number) + ":" + (k + 1),
                            "column " + (k + 1) + " holds the control character "
                                    + Excerpt.of(String.valueOf(c)) + " at character " + (i + 1)
                                    + ", expected text");
                }
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new FileAccessException("close", file, e);
            }
        }
    }

    /** {@code file:line}, the source of an error. */
    static String where(Path file, int line) {
        return file + ":" + line;
    }

    /** Throws unless the line has {@code expected} fields; {@code what} says what they are. */
    static void requireFields(Path file, Line line, int expected, String what) {
        if (line.fields().length != expected) {
            throw new FileFormatException(
                    where(file, line.number()),
                    "expected " + expected + " value" + (expected == 1 ? "" : "s") + " (" + what + "), found "
                            + line.fields().length);
        }
    }

    /** Field k (0-based) of a line as a finite number. */
    static double number(Path file, Line line, int k) {
        String text = line.fields()[k];
        String column = "column " + (k + 1);
        if (text.isEmpty()) {
            throw new FileFormatException(where(file, line.number()), column + " is empty, expected a number");
        }
        try {
            return Numbers.parse(text);
        } catch (NumberFormatException e) {
            throw new FileFormatException(where(file, line.number()), column + ": " + e.getMessage());
        }
    }
}

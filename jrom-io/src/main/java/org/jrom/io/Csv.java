package org.jrom.io;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /**
     * Reads lines one at a time, skipping blank ones (and, for parameter tables, comment lines that
     * start with {@code #}); holds one line, whatever the file's length, and counts the bytes read.
     */
    static final class Reader implements AutoCloseable {
        private final Path file;
        private final boolean comments;
        private final CountingInputStream counted;
        private final BufferedReader in;
        private int number;

        Reader(Path file) {
            this(file, false);
        }

        Reader(Path file, boolean comments) {
            this.file = file;
            this.comments = comments;
            try {
                this.counted = new CountingInputStream(Files.newInputStream(file));
            } catch (NoSuchFileException e) {
                throw new FileAccessException("read", file, "no such file");
            } catch (IOException e) {
                throw new FileAccessException("read", file, e);
            }
            // a decoder that reports malformed input, as Files.newBufferedReader's does
            this.in = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8.newDecoder()), 1 << 16);
        }

        /** The next non-blank line, or null at the end of the file. */
        Line next() {
            String s = nextText();
            if (s == null) {
                return null;
            }
            String[] f = s.split(",", -1);
            for (int k = 0; k < f.length; k++) {
                f[k] = f[k].strip();
                requireText(file, number, f[k], k);
            }
            return new Line(number, f);
        }

        /** The text of the next non-blank (non-comment) line, not split, or null at the end of the file. */
        String nextText() {
            try {
                for (String s = in.readLine(); s != null; s = in.readLine()) {
                    number++;
                    if (number == 1 && s.startsWith("\uFEFF")) {
                        s = s.substring(1); // byte order mark
                    }
                    if (!s.isBlank() && !(comments && s.startsWith("#"))) {
                        return s;
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

        /** The number of the line last read (1-based). */
        int number() {
            return number;
        }

        /** The bytes read so far (read ahead of the lines returned by up to a buffer), from any thread. */
        long bytesRead() {
            return counted.count;
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

    /** Throws unless field k (0-based) of line {@code number} is free of control characters. */
    static void requireText(Path file, int number, String field, int k) {
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

    /** {@code file:line}, the source of an error. */
    static String where(Path file, int line) {
        return file + ":" + line;
    }

    /** Throws unless the line has {@code expected} fields; {@code what} says what they are. */
    static void requireFields(Path file, Line line, int expected, String what) {
        requireFields(file, line.number(), line.fields().length, expected, what);
    }

    /** Throws unless line {@code number} has {@code expected} fields, where it has {@code found}. */
    static void requireFields(Path file, int number, int found, int expected, String what) {
        if (found != expected) {
            throw new FileFormatException(
                    where(file, number),
                    "expected " + expected + " value" + (expected == 1 ? "" : "s") + " (" + what + "), found " + found);
        }
    }

    /** Field k (0-based) of a line as a finite number. */
    static double number(Path file, Line line, int k) {
        return number(file, line.number(), line.fields()[k], "column " + (k + 1), ": ");
    }

    /**
     * A field as a finite number; an error names {@code file:line}, then {@code label} ({@code
     * column 2}, {@code diffusion[1]}) and, before the grammar's complaint, {@code separator}.
     */
    static double number(Path file, int number, String text, String label, String separator) {
        if (text.isEmpty()) {
            throw new FileFormatException(where(file, number), label + " is empty, expected a number");
        }
        try {
            return Numbers.parse(text);
        } catch (NumberFormatException e) {
            throw new FileFormatException(where(file, number), label + separator + e.getMessage());
        }
    }

    /** The bytes read so far, for the progress of a file of known size. */
    private static final class CountingInputStream extends FilterInputStream {
        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

package org.jrom;

import java.nio.charset.StandardCharsets;

/**
 * A short, printable excerpt of input for an error message: a message is one line on a terminal,
 * so control bytes (NUL, escape sequences, line ends) and non-ASCII characters are written as
 * {@code \xNN}, and the excerpt is cut at {@value #MAX} characters with {@code ...}, whatever the
 * input holds (a binary file read as text can have one line of megabytes).
 */
public final class Excerpt {
    /** The most characters of input an excerpt shows. */
    public static final int MAX = 40;

    private Excerpt() {}

    /** The text, printable and at most {@value #MAX} characters of it. */
    public static String of(String text) {
        return of(text, MAX);
    }

    /** The text, printable and at most {@code max} characters of it (for a longer known form, e.g. a banner). */
    public static String of(String text, int max) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < text.length(); i++) {
            if (shown == max) {
                return b.append("...").toString();
            }
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format(java.util.Locale.ROOT, "\\x%02x", c & 0xFF));
            }
            shown++;
        }
        return b.toString();
    }

    /** Bytes {@code [from, to)} as Latin-1 text, printable and at most {@value #MAX} characters of it. */
    public static String of(byte[] bytes, int from, int to) {
        int end = Math.min(to, from + MAX + 1); // one more, so that a cut shows "..."
        return of(new String(bytes, from, end - from, StandardCharsets.ISO_8859_1));
    }

    /** {@link #of(String)} in single quotes. */
    public static String quoted(String text) {
        return "'" + of(text) + "'";
    }
}

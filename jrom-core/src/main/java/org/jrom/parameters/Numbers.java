package org.jrom.parameters;

import org.jrom.Excerpt;

/**
 * The one grammar for numbers that users write, on the command line ({@code --mu}) and in
 * parameter tables: {@code [+-]digits[.digits][(e|E)[+-]digits]} or {@code [+-].digits[...]}.
 * Java's {@code Double.parseDouble} accepts more (hexadecimal {@code 0x1p-2}, {@code d}/{@code f}
 * suffixes, {@code NaN}, {@code Infinity}), which no other tool reading the same file would.
 */
public final class Numbers {
    private Numbers() {}

    /**
     * The finite value of a decimal number.
     *
     * @throws NumberFormatException whose one-line message says what is wrong, quoting a short
     *     excerpt: not a decimal number, not finite, or overflowing
     */
    public static double parse(String text) {
        if (!isDecimal(text)) {
            String body = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
            if (body.equalsIgnoreCase("nan") || body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
                throw new NumberFormatException(Excerpt.of(text) + ", expected a finite number");
            }
            throw new NumberFormatException(Excerpt.quoted(text) + " is not a number");
        }
        double x = Double.parseDouble(text);
        if (!Double.isFinite(x)) {
            throw new NumberFormatException(Excerpt.of(text) + " overflows, expected a finite number");
        }
        return x;
    }

    /** True for a plain decimal number, {@code [+-]digits[.digits][e[+-]digits]} (no hex, no d/f suffix). */
    public static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && digit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && digit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && digit(s.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}

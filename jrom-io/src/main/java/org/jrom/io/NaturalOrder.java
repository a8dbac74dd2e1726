package org.jrom.io;

/**
 * Natural order of file and entry names: runs of digits compare as numbers, so {@code snap_2} comes
 * before {@code snap_10}; everything else compares by character, and names that tie (such as {@code
 * s01} and {@code s1}) by plain string order, so that the order is total.
 */
final class NaturalOrder {
    private NaturalOrder() {}

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int ei = digitsEnd(a, i);
                int ej = digitsEnd(b, j);
                int si = skipZeros(a, i, ei);
                int sj = skipZeros(b, j, ej);
                if (ei - si != ej - sj) {
                    return Integer.compare(ei - si, ej - sj); // more significant digits: larger
                }
                for (int k = 0; k < ei - si; k++) {
                    if (a.charAt(si + k) != b.charAt(sj + k)) {
                        return Character.compare(a.charAt(si + k), b.charAt(sj + k));
                    }
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int byLength = Integer.compare(a.length() - i, b.length() - j);
        return byLength != 0 ? byLength : a.compareTo(b);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digitsEnd(String s, int from) {
        int e = from;
        while (e < s.length() && isDigit(s.charAt(e))) {
            e++;
        }
        return e;
    }

    private static int skipZeros(String s, int from, int end) {
        while (from < end - 1 && s.charAt(from) == '0') {
            from++;
        }
        return from;
    }
}

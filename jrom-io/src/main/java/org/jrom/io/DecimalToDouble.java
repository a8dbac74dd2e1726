package org.jrom.io;

import java.math.BigInteger;

/**
 * The double nearest to a decimal {@code m * 10^e} ({@code m} up to 19 digits), correctly rounded
 * as {@link Double#parseDouble} rounds it, or NaN where the fast algorithms cannot decide and the
 * caller must fall back to {@code Double.parseDouble}. Two algorithms: Clinger's exact fast path
 * (W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990) for {@code m <= 2^53}
 * and {@code |e| <= 22}, then the Eisel-Lemire algorithm (D. Lemire, "Number parsing at a gigabyte
 * per second", Software: Practice and Experience 51(8), 2021), transcribed from Go's strconv
 * {@code eiselLemire64}, which gives up on halfway cases, subnormals and overflow.
 */
final class DecimalToDouble {
    static final int MIN_EXP10 = -348;
    static final int MAX_EXP10 = 347;
    /** 10^e ~ (HI[e - MIN_EXP10] * 2^64 + LO[e - MIN_EXP10]) * 2^k, the 128-bit mantissa rounded down. */
    private static final long[] HI = new long[MAX_EXP10 - MIN_EXP10 + 1];

    private static final long[] LO = new long[MAX_EXP10 - MIN_EXP10 + 1];
    private static final double[] EXACT_POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };

    static {
        BigInteger mask = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int e = MIN_EXP10; e <= MAX_EXP10; e++) {
            BigInteger m;
            if (e >= 0) {
                BigInteger p = BigInteger.TEN.pow(e);
                int shift = p.bitLength() - 128;
                m = shift >= 0 ? p.shiftRight(shift) : p.shiftLeft(-shift);
            } else {
                BigInteger p = BigInteger.TEN.pow(-e);
                m = BigInteger.ONE.shiftLeft(127 + p.bitLength()).divide(p); // in (2^127, 2^128)
            }
            HI[e - MIN_EXP10] = m.shiftRight(64).longValue();
            LO[e - MIN_EXP10] = m.and(mask).longValue();
        }
    }

    private DecimalToDouble() {}

    /**
     * The double nearest to {@code (neg ? -1 : 1) * m * 10^e}, {@code m} read as unsigned, or NaN if
     * the caller must fall back to {@link Double#parseDouble}.
     */
    static double toDouble(long m, int e, boolean neg) {
        if (m == 0) {
            return neg ? -0.0 : 0.0;
        }
        if (m > 0 && m <= (1L << 53) && e >= -22 && e <= 22) {
            double d = (double) m;
            d = e < 0 ? d / EXACT_POWERS[-e] : d * EXACT_POWERS[e];
            return neg ? -d : d;
        }
        return eiselLemire(m, e, neg);
    }

    private static double eiselLemire(long man, int exp10, boolean neg) {
        if (exp10 < MIN_EXP10 || exp10 > MAX_EXP10) {
            return Double.NaN;
        }
        int clz = Long.numberOfLeadingZeros(man);
        man <<= clz;
        long retExp2 = ((217706L * exp10) >> 16) + 64 + 1023 - clz;
        int row = exp10 - MIN_EXP10;
        long xHi = unsignedMultiplyHigh(man, HI[row]);
        long xLo = man * HI[row];
        if ((xHi & 0x1FF) == 0x1FF && Long.compareUnsigned(xLo + man, man) < 0) {
            long yHi = unsignedMultiplyHigh(man, LO[row]);
            long yLo = man * LO[row];
            long mergedHi = xHi;
            long mergedLo = xLo + yHi;
            if (Long.compareUnsigned(mergedLo, xLo) < 0) {
                mergedHi++;
            }
            if ((mergedHi & 0x1FF) == 0x1FF && mergedLo + 1 == 0 && Long.compareUnsigned(yLo + man, man) < 0) {
                return Double.NaN;
            }
            xHi = mergedHi;
            xLo = mergedLo;
        }
        long msb = xHi >>> 63;
        long retMantissa = xHi >>> (msb + 9);
        retExp2 -= 1 ^ msb;
        if (xLo == 0 && (xHi & 0x1FF) == 0 && (retMantissa & 3) == 1) {
            return Double.NaN; // halfway between two doubles: only the exact algorithm can tell
        }
        retMantissa += retMantissa & 1;
        retMantissa >>>= 1;
        if ((retMantissa >>> 53) > 0) {
            retMantissa >>>= 1;
            retExp2 += 1;
        }
        if (Long.compareUnsigned(retExp2 - 1, 0x7FF - 1) >= 0) {
            return Double.NaN; // subnormal, zero, infinite
        }
        long bits = retExp2 << 52 | (retMantissa & 0x000FFFFFFFFFFFFFL);
        if (neg) {
            bits |= Long.MIN_VALUE;
        }
        return Double.longBitsToDouble(bits);
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}

package org.jrom.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collection;
import java.util.Locale;
import java.util.function.Function;

/**
 * The labels of one axis in one style, shared by the charts and the colour bars of the field
 * pictures. A logarithmic axis is labelled in powers of ten ({@code 1e-3, 1e-2}), in every plot alike.
 * A linear one has plain decimals with a leading zero ({@code 0.5}, never {@code .5}) while the
 * largest tick is between 1e-3 and 1e6, else one exponent for the whole axis ({@code 0.5e-6,
 * 1.0e-6}); every label has the decimals that the finest tick needs ({@code 0.06, 0.08, 0.10}).
 */
final class TickFormat {
    private TickFormat() {}

    /** Significant digits kept before counting decimals: tick values carry round-off (0.30000000000000004). */
    private static final MathContext ROUND = new MathContext(10);

    /** The labels for these tick values. */
    static Function<Double, String> of(Collection<Double> ticks, boolean logarithmic) {
        double largest = 0;
        for (double t : ticks) {
            if (Double.isFinite(t)) {
                largest = Math.max(largest, Math.abs(t));
            }
        }
        if (logarithmic) {
            return v -> v > 0 ? scientific(v) : Double.toString(v);
        }
        if (largest == 0) {
            return v -> "0";
        }
        double zero = 1e-9 * largest; // a tick within round-off of zero is zero
        if (largest >= 1e-3 && largest < 1e6) {
            int decimals = decimals(ticks, 1, zero);
            return v -> Math.abs(v) <= zero ? "0" : String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
        int exponent = (int) Math.floor(Math.log10(largest));
        double unit = Math.pow(10, exponent);
        int decimals = decimals(ticks, unit, zero);
        return v -> Math.abs(v) <= zero
                ? "0"
                : String.format(Locale.ROOT, "%." + decimals + "f", v / unit) + "e" + exponent;
    }

    /**
     * The labels of a logarithmic axis that spans less than two decades (effectivities), ticked at
     * every 1 to 9 times a power of ten: plain numbers at 1, 2 and 5 times a power of ten ({@code 0.5,
     * 1, 2, 5, 10, 20}), none between, where a power of ten alone would leave one or two labels.
     */
    static Function<Double, String> oneTwoFive() {
        return v -> {
            if (!(v > 0)) {
                return "";
            }
            BigDecimal d = new BigDecimal(v, ROUND).stripTrailingZeros();
            int leading = d.unscaledValue().abs().toString().length() == 1
                    ? d.unscaledValue().intValue()
                    : 0;
            return leading == 1 || leading == 2 || leading == 5 ? d.toPlainString() : "";
        };
    }

    /** The most decimals any tick needs in units of {@code unit}, at most 10. */
    private static int decimals(Collection<Double> ticks, double unit, double zero) {
        int decimals = 0;
        for (double t : ticks) {
            if (Double.isFinite(t) && Math.abs(t) > zero) {
                int scale = new BigDecimal(t / unit, ROUND).stripTrailingZeros().scale();
                decimals = Math.max(decimals, Math.min(scale, 10));
            }
        }
        return decimals;
    }

    /** E.g. {@code 1e-6}, {@code 2.5e-6}. */
    private static String scientific(double v) {
        int exponent = (int) Math.floor(Math.log10(Math.abs(v)));
        BigDecimal mantissa = new BigDecimal(v / Math.pow(10, exponent), ROUND).stripTrailingZeros();
        if (mantissa.abs().compareTo(BigDecimal.TEN) >= 0) { // 9.9999999999 rounded up
            mantissa = mantissa.movePointLeft(1);
            exponent++;
        }
        return mantissa.toPlainString() + "e" + exponent;
    }

    /**
     * About {@code count} round tick values (1, 2 or 5 times a power of ten apart) inside [lo, hi],
     * for a colour bar.
     */
    static double[] ticks(double lo, double hi, int count) {
        if (!(hi > lo)) {
            return new double[] {lo};
        }
        double raw = (hi - lo) / Math.max(1, count - 1);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = power;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                step = m * power;
                break;
            }
        }
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        double[] out = new double[(int) Math.max(0, last - first + 1)];
        for (int k = 0; k < out.length; k++) {
            out[k] = (first + k) * step;
        }
        return out;
    }
}

package org.jrom.cli;

/**
 * The colour maps of the field pictures, piecewise linear in RGB between published control
 * colours: viridis (sequential, perceptually uniform, readable in grey and by the colour blind) for
 * fields, and ColorBrewer's RdBu reversed (diverging: blue below zero, near-white at zero, red above)
 * for differences.
 */
enum ColorMap {
    /** matplotlib's viridis at ten equally spaced points. */
    VIRIDIS(0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725),
    /** ColorBrewer RdBu (11 classes), reversed so that negative is blue. */
    DIVERGING(
            0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b,
            0x67001f);

    private final int[] stops;

    ColorMap(int... stops) {
        this.stops = stops;
    }

    /** The RGB colour of {@code t} in [0, 1] (clamped; NaN is grey, so that a bad value shows). */
    int rgb(double t) {
        if (Double.isNaN(t)) {
            return 0x808080;
        }
        double s = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
        int k = Math.min((int) s, stops.length - 2);
        double f = s - k;
        int a = stops[k];
        int b = stops[k + 1];
        int r = mix(a >> 16, b >> 16, f);
        int g = mix(a >> 8, b >> 8, f);
        int bl = mix(a, b, f);
        return (r << 16) | (g << 8) | bl;
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
    }
}

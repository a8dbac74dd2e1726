package org.jrom.fem.mechanics;

/** Linear interpolation in a table of increasing abscissae, by binary search: O(log n). */
final class PiecewiseLinear {
    private PiecewiseLinear() {}

    /**
     * The value at x of the piecewise linear function through {@code (xs[i], ys[i])}, constant beyond
     * the first and last points; {@code xs} strictly increasing, x not NaN.
     */
    static double at(double[] xs, double[] ys, double x) {
        int last = xs.length - 1;
        if (x <= xs[0]) {
            return ys[0];
        }
        if (x >= xs[last]) {
            return ys[last];
        }
        int lo = 0;
        int hi = last; // xs[lo] < x < xs[hi]
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] <= x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double w = (x - xs[lo]) / (xs[hi] - xs[lo]);
        return ys[lo] + w * (ys[hi] - ys[lo]);
    }
}

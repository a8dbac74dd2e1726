package org.jrom.fem.mechanics;

import org.jrom.linalg.DimensionMismatchException;

/**
 * A calibration of an error indicator against true errors measured on test runs (Casenave, Akkari
 * 2019, sec. 4 calibrate theirs on the training and validation runs): the power law {@code e = c
 * eta^b}, fitted by least squares on the logarithms, {@code log10 e = a + b log10 eta}. It reports
 * the correlation of the logarithms and the leave-one-out error of the fit, the RMS over the runs of
 * {@code log10 e_i} against the fit without run i: 0.3 means a factor of 2. An estimate from a few
 * runs, never a bound.
 *
 * @param intercept a
 * @param slope b
 * @param correlation Pearson's correlation of {@code log10 eta} and {@code log10 e} (NaN when the
 *     errors are all equal)
 * @param leaveOneOut the leave-one-out RMS error of the fit, in decades (NaN when leaving a run out
 *     leaves the indicators all equal)
 * @param runs the runs fitted
 */
public record IndicatorCalibration(double intercept, double slope, double correlation, double leaveOneOut, int runs) {

    /**
     * Fits the runs' indicators and true errors.
     *
     * @throws IllegalArgumentException with fewer than 3 runs, a value that is not positive and
     *     finite, or indicators all equal
     */
    public static IndicatorCalibration fit(double[] indicators, double[] errors) {
        DimensionMismatchException.check("errors, one per indicator", indicators.length, errors.length);
        int n = indicators.length;
        if (n < 3) {
            throw new IllegalArgumentException("a calibration needs at least 3 runs, found " + n);
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(indicators[i] > 0 && errors[i] > 0 && Double.isFinite(indicators[i]) && Double.isFinite(errors[i]))) {
                throw new IllegalArgumentException("run " + i + ": the indicator " + indicators[i] + " and the error "
                        + errors[i] + " must be positive and finite");
            }
            x[i] = Math.log10(indicators[i]);
            y[i] = Math.log10(errors[i]);
        }
        double[] line = line(x, y, -1);
        double looSquares = 0;
        for (int i = 0; i < n; i++) {
            double[] without = line(x, y, i);
            double r = y[i] - (without[0] + without[1] * x[i]);
            looSquares += r * r; // NaN when the others' indicators are all equal: no leave-one-out then
        }
        double mx = mean(x, -1);
        double my = mean(y, -1);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        double correlation = syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy); // constant errors: undefined
        return new IndicatorCalibration(line[0], line[1], correlation, Math.sqrt(looSquares / n), n);
    }

    /** The calibrated error at an indicator value, {@code 10^(a + b log10 eta)}. */
    public double error(double indicator) {
        return Math.pow(10, intercept + slope * Math.log10(indicator));
    }

    /** The indicator at which the calibrated error is {@code error}: a tolerance in error units. */
    public double indicatorFor(double error) {
        return Math.pow(10, (Math.log10(error) - intercept) / slope);
    }

    /**
     * An adaptive run's indicator threshold for a tolerance on the error: {@link #indicatorFor},
     * clamped to at most 1 (the indicator is a relative misfit); NaN where the fit cannot be inverted
     * (an error that does not grow with the indicator, or no finite positive indicator).
     */
    public double threshold(double error) {
        double eta = slope > 0 ? indicatorFor(error) : Double.NaN;
        return eta > 0 && Double.isFinite(eta) ? Math.min(1, eta) : Double.NaN;
    }

    /**
     * Least squares {@code y = a + b x} leaving out point {@code skip} (-1: none): {a, b}; NaN when
     * the points left have one x only (the whole set's fit refuses that instead).
     */
    private static double[] line(double[] x, double[] y, int skip) {
        double mx = mean(x, skip);
        double my = mean(y, skip);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            if (i != skip) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
            }
        }
        if (!(sxx > 0)) {
            if (skip >= 0) {
                return new double[] {Double.NaN, Double.NaN};
            }
            throw new IllegalArgumentException("the indicators are all equal: no calibration");
        }
        double b = sxy / sxx;
        return new double[] {my - b * mx, b};
    }

    private static double mean(double[] v, int skip) {
        double s = 0;
        int count = 0;
        for (int i = 0; i < v.length; i++) {
            if (i != skip) {
                s += v[i];
                count++;
            }
        }
        return s / count;
    }
}

package org.jrom.algorithms;

import java.util.Arrays;
import java.util.List;
import org.jrom.JromException;
import org.jrom.models.OnlineBatch;
import org.jrom.models.OnlineModel;
import org.jrom.parameters.Parameter;

/**
 * Monte Carlo statistics of a reduced output over parameter samples, each with a certified bound
 * that carries the per-sample output bounds {@code |s(mu_i) - s_N(mu_i)| <= Delta_i} over to the
 * statistics of the high-fidelity output <em>on the same samples</em> (the sampling error of the
 * estimator itself is reported separately as the standard error of the mean):
 *
 * <ul>
 *   <li>mean: {@code |mean(s) - mean(s_N)| <= mean(Delta)};
 *   <li>standard deviation: centring is an orthogonal projection, so {@code |std(s) - std(s_N)| <=
 *       ||s - s_N||_2 / sqrt(n) <= sqrt(mean(Delta^2))};
 *   <li>quantiles: an empirical quantile is nondecreasing in every sample, so the quantile of
 *       {@code s} lies between the quantiles of {@code s_N - Delta} and {@code s_N + Delta}.
 * </ul>
 */
public final class MonteCarlo {
    private MonteCarlo() {}

    /** A statistic of the reduced outputs and the interval that certainly holds the high-fidelity one. */
    public record Estimate(double value, double lower, double upper) {
        /** Half the width of the certified interval. */
        public double bound() {
            return 0.5 * (upper - lower);
        }
    }

    /**
     * What the Monte Carlo run found.
     *
     * @param outputs the reduced outputs {@code s_N(mu_i)}, in sample order
     * @param bounds their certified bounds {@code Delta_i}
     * @param mean the sample mean
     * @param standardDeviation the sample standard deviation (divided by n, the population form that
     *     the projection argument bounds)
     * @param standardError the Monte Carlo standard error of the mean, {@code std / sqrt(n)}
     * @param quantileLevels the levels of {@link #quantiles}
     * @param quantiles the empirical quantiles (lower empirical quantile, no interpolation)
     */
    public record Result(
            double[] outputs,
            double[] bounds,
            Estimate mean,
            Estimate standardDeviation,
            double standardError,
            double[] quantileLevels,
            Estimate[] quantiles) {}

    /** The default quantile levels: 1%, 5%, 25%, 50%, 75%, 95%, 99%. */
    public static final double[] DEFAULT_LEVELS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

    /**
     * Answers every sample with the model ({@link OnlineModel#solveBatch}: for a reduced-basis model
     * its blocked {@code solveBatch}, nothing more) and reduces the outputs to statistics. The
     * intervals carry the model's error figures: certified when they are certified bounds, bounds
     * or estimates as the model's {@link OnlineModel#errorFigures()} say.
     */
    public static Result run(OnlineModel model, String output, List<Parameter> samples, double[] levels) {
        if (!model.outputNames().contains(output)) {
            throw new JromException("the model has no output '" + output + "'; it has " + model.outputNames());
        }
        OnlineBatch all = model.solveBatch(samples);
        return statistics(all.outputs().get(output), all.outputErrors().get(output), levels);
    }

    /** The statistics of given outputs and bounds (the reduction step of {@link #run}). */
    public static Result statistics(double[] s, double[] delta, double[] levels) {
        int n = s.length;
        if (n == 0 || delta.length != n) {
            throw new JromException("Monte Carlo needs at least one sample and one bound per sample, found " + n
                    + " and " + delta.length);
        }
        double mean = 0;
        double meanDelta = 0;
        double meanDelta2 = 0;
        for (int i = 0; i < n; i++) {
            mean += s[i];
            meanDelta += delta[i];
            meanDelta2 += delta[i] * delta[i];
        }
        mean /= n;
        meanDelta /= n;
        meanDelta2 /= n;
        double var = 0;
        for (double v : s) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / n);
        double stdBound = Math.sqrt(meanDelta2);
        // Floating-point sums of n terms are off by at most n eps times the sum of magnitudes:
        // the intervals are widened by that, so that they hold for the computed statistics too.
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(s[i]) + delta[i]);
        }
        double slack = 4.0 * n * Math.ulp(1.0) * scale;
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) {
            lower[i] = Math.nextDown(s[i] - delta[i]);
            upper[i] = Math.nextUp(s[i] + delta[i]);
        }
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        Arrays.sort(lower);
        Arrays.sort(upper);
        Estimate[] q = new Estimate[levels.length];
        for (int k = 0; k < levels.length; k++) {
            int idx = quantileIndex(n, levels[k]);
            q[k] = new Estimate(sorted[idx], lower[idx], upper[idx]);
        }
        return new Result(
                s,
                delta,
                new Estimate(mean, mean - meanDelta - slack, mean + meanDelta + slack),
                new Estimate(std, Math.max(0, std - stdBound - slack), std + stdBound + slack),
                std / Math.sqrt(n),
                levels.clone(),
                q);
    }

    /** The index of the lower empirical p-quantile in a sorted sample: the smallest k with (k+1)/n >= p. */
    static int quantileIndex(int n, double p) {
        if (!(p > 0 && p < 1)) {
            throw new JromException("quantile levels must lie in (0, 1), found " + p);
        }
        return Math.min(n - 1, Math.max(0, (int) Math.ceil(p * n) - 1));
    }
}

package org.jrom.algorithms;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.parameters.Parameter;

/**
 * Weak greedy basis generation (Veroy, Prud'homme, Rovas, Patera 2003; rates: Binev et al. 2011):
 * at each step the training parameter with the largest surrogate error is selected and its
 * high-fidelity solution added to the basis, until the largest error is below the tolerance or the
 * basis reaches its maximum size.
 */
public final class WeakGreedy {
    private WeakGreedy() {}

    /**
     * Stopping rules.
     *
     * @param tolerance stop when the largest surrogate error is at most this
     * @param maxBasisSize stop at this basis size
     */
    public record Options(double tolerance, int maxBasisSize) {
        public Options {
            if (!(tolerance >= 0) || maxBasisSize < 0) {
                throw new JromException(
                        "greedy needs tolerance >= 0 and maxBasisSize >= 0, found " + tolerance + ", " + maxBasisSize);
            }
        }
    }

    /**
     * What the greedy did.
     *
     * @param selected the parameters selected, in order
     * @param maxErrors the largest surrogate error before each extension and after the last one
     *     (one more entry than selected parameters, unless the basis stopped growing)
     * @param stopReason why it stopped
     * @param stoppedAtMaxBasisSize whether it stopped at the maximum basis size, its largest error
     *     still above the tolerance
     */
    public record Result(
            List<Parameter> selected, double[] maxErrors, String stopReason, boolean stoppedAtMaxBasisSize) {}

    /**
     * The index of the largest value, the first one on ties; a NaN counts as the largest, so that a
     * failed evaluation is selected and looked at rather than skipped.
     */
    static int indexOfLargest(double[] values) {
        int arg = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[arg] || Double.isNaN(values[i])) {
                arg = i;
            }
        }
        return arg;
    }

    /** Runs the weak greedy over a training set. */
    public static Result run(
            WeakGreedySurrogate surrogate, List<Parameter> training, Options options, ProgressListener progress) {
        if (training.isEmpty()) {
            throw new JromException("the greedy needs a non-empty training set");
        }
        List<Parameter> selected = new ArrayList<>();
        List<Double> maxErrors = new ArrayList<>();
        String reason;
        boolean atMaxBasisSize = false;
        progress.start("weak greedy", options.maxBasisSize());
        try {
            while (true) {
                double[] errors = surrogate.estimate(training);
                int arg = indexOfLargest(errors);
                maxErrors.add(errors[arg]);
                progress.progress(
                        surrogate.basisSize(),
                        String.format("N=%d max estimate %.3e", surrogate.basisSize(), errors[arg]));
                if (errors[arg] <= options.tolerance()) {
                    reason = "tolerance " + options.tolerance() + " reached";
                    break;
                }
                if (surrogate.basisSize() >= options.maxBasisSize()) {
                    reason = String.format(
                            Locale.ROOT,
                            "maximum basis size %d reached, the largest estimate %.2e above the tolerance %.2e",
                            options.maxBasisSize(),
                            errors[arg],
                            options.tolerance());
                    atMaxBasisSize = true;
                    break;
                }
                Parameter mu = training.get(arg);
                selected.add(mu);
                if (surrogate.extend(mu) == 0) {
                    reason = "the snapshot at " + mu + " adds nothing to the basis (round-off level)";
                    break;
                }
            }
        } finally {
            progress.finish();
        }
        return new Result(
                selected, maxErrors.stream().mapToDouble(Double::doubleValue).toArray(), reason, atMaxBasisSize);
    }
}

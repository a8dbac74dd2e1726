package org.jrom.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jrom.models.ReducedModel;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;

/**
 * The wall time of a high-fidelity solve against a certified reduced query at the same parameters,
 * as medians after a warm-up, on one thread (about 1.5 s of reduced queries).
 *
 * @param fullSeconds median time of one high-fidelity solve
 * @param reducedSeconds median time of one certified reduced query (solve, error bound, outputs)
 */
record Speedup(double fullSeconds, double reducedSeconds) {
    private static final int FULL_RUNS = 5;
    private static final int REDUCED_ROUNDS = 11;

    double ratio() {
        return fullSeconds / reducedSeconds;
    }

    static Speedup measure(StationaryModel fom, ReducedModel rom, List<Parameter> mus) {
        double[] full = new double[FULL_RUNS];
        fom.solve(mus.get(0)); // warm-up (class loading, JIT, symbolic analysis)
        for (int k = 0; k < FULL_RUNS; k++) {
            Parameter mu = mus.get(k % mus.size());
            long t = System.nanoTime();
            fom.solve(mu);
            full[k] = (System.nanoTime() - t) * 1e-9;
        }
        return new Speedup(median(full), querySeconds(mu -> rom.solve(mu).errorBound(), mus));
    }

    /**
     * The median wall time of one query, on this thread: a warm-up of 0.2 s (and every parameter
     * once), then rounds of about 0.1 s each, cycling over the parameters. The query returns a number
     * that is summed, so that the JIT cannot drop it.
     */
    static double querySeconds(ToDoubleFunction<Parameter> query, List<Parameter> mus) {
        double sink = 0;
        long t0 = System.nanoTime();
        int warm = 0;
        while (System.nanoTime() - t0 < 200_000_000L || warm < mus.size()) {
            sink += query.applyAsDouble(mus.get(warm++ % mus.size()));
        }
        double estimate = (System.nanoTime() - t0) * 1e-9 / warm;
        int perRound = (int) Math.max(1, Math.min(1e7, 0.1 / estimate));
        double[] rounds = new double[REDUCED_ROUNDS];
        for (int r = 0; r < REDUCED_ROUNDS; r++) {
            long t = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                sink += query.applyAsDouble(mus.get(i % mus.size()));
            }
            rounds[r] = (System.nanoTime() - t) * 1e-9 / perRound;
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("a reduced query returned NaN");
        }
        return median(rounds);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** A duration with a unit that keeps three significant digits readable. */
    static String time(double seconds) {
        if (seconds >= 1) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        if (seconds >= 1e-3) {
            return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.1f us", seconds * 1e6);
    }
}

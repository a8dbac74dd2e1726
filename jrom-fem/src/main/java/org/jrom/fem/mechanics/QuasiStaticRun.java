package org.jrom.fem.mechanics;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A quasi-static run through a time grid: the equilibrium at the first time (an instantaneous step,
 * elastic for rate-dependent laws), then one {@link QuasiStaticNewton#step} per interval, each step
 * reported to an {@link Observer} after the solid has committed its state. The observer sees the
 * displacement, the solid (its converged state at the material points) and the solver (reactions,
 * factorization count), which is what a snapshot writer or a progress bar needs.
 */
public final class QuasiStaticRun {
    /** The most steps a time grid may have (its times are held in memory). */
    public static final long MAX_STEPS = 1_000_000;

    private QuasiStaticRun() {}

    /**
     * A converged step.
     *
     * @param index 0 for the initial equilibrium, then 1, 2, ...
     * @param time the time reached
     * @param displacement the converged displacement (the run's own vector: copy what you keep)
     * @param report iterations, cuts and residuals of the step
     * @param seconds the wall time the step took
     */
    public record Step(
            int index, double time, double[] displacement, QuasiStaticNewton.StepReport report, double seconds) {}

    /** Called after each converged step. */
    @FunctionalInterface
    public interface Observer {
        void step(Step step, SmallStrainSolid solid, QuasiStaticNewton newton);
    }

    /**
     * The times of a run from {@code start} to {@code end}: every breakpoint inside, and each interval
     * between them cut into equal steps no longer than {@code maxStep}.
     */
    public static double[] timeGrid(double start, double end, double maxStep, double[] breakpoints) {
        if (!(end > start) || !(maxStep > 0) || !Double.isFinite(end - start)) {
            throw new IllegalArgumentException("time grid needs start < end and a positive step, found start " + start
                    + ", end " + end + ", step " + maxStep);
        }
        if ((end - start) / maxStep + breakpoints.length > MAX_STEPS) {
            throw new IllegalArgumentException("a time grid from " + start + " to " + end + " in steps of " + maxStep
                    + " would have more than " + MAX_STEPS + " steps");
        }
        TreeSet<Double> knots = new TreeSet<>();
        knots.add(start);
        knots.add(end);
        for (double b : breakpoints) {
            if (b > start && b < end) {
                knots.add(b);
            }
        }
        List<Double> grid = new ArrayList<>();
        Double previous = null;
        for (double k : knots) {
            if (previous != null) {
                long n = Math.max(1, (long) Math.ceil((k - previous) / maxStep * (1 - 1e-12)));
                for (long i = 1; i < n; i++) {
                    grid.add(previous + (k - previous) * i / n);
                }
            }
            grid.add(k);
            previous = k;
        }
        return grid.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Runs the solid through {@code times} from the zero displacement and its current start state.
     *
     * @return the displacement at the last time
     * @throws org.jrom.linalg.ConvergenceException if a step fails after every cut
     */
    public static double[] run(
            SmallStrainSolid solid,
            QuasiStaticNewton newton,
            QuasiStaticNewton.Loading loading,
            double[] times,
            Observer observer) {
        if (times.length == 0) {
            throw new IllegalArgumentException("a run needs at least one time");
        }
        for (int i = 1; i < times.length; i++) {
            if (!(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("times must increase, found " + times[i] + " after " + times[i - 1]);
            }
        }
        double[] u = new double[solid.dim()];
        for (int i = 0; i < times.length; i++) {
            long begin = System.nanoTime();
            double from = i == 0 ? times[0] : times[i - 1];
            QuasiStaticNewton.StepReport report = newton.step(u, from, times[i] - from, loading);
            observer.step(new Step(i, times[i], u, report, (System.nanoTime() - begin) * 1e-9), solid, newton);
        }
        return u;
    }

    /** The sum of the reactions over the given dofs, per component: the resultant force a support carries. */
    public static double[] resultant(double[] reactions, int[] dofs) {
        double[] r = new double[3];
        for (int d : dofs) {
            r[d % 3] += reactions[d];
        }
        return r;
    }
}

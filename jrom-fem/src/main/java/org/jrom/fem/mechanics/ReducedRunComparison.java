package org.jrom.fem.mechanics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jrom.fem.ScalarField;

/**
 * A reduced model's trajectory against the high-fidelity run at the same parameter value: the
 * displacement error at every step in the L2 norm over the domain, the cumulated plastic strain's
 * error at the last step (the high-fidelity p recomputed from the displacements, {@link
 * StateReplay}; the reduced one by Gappy-POD), the indicator per step, and both wall times.
 *
 * @param times the steps' times
 * @param displacementErrors per step, {@code ||u - V a||_{L2} / max_t ||u||_{L2}}: against the run's
 *     largest displacement, since a structure at rest (a flight's last steps) keeps a residual
 *     displacement a hundred times smaller than under load
 * @param projectionErrors per step, {@code ||u - V V^T u||_{L2} / max_t ||u||_{L2}}: the error of the
 *     Euclidean projection on the modes (of the final model, for an adaptive run), a reference for
 *     what the basis allows: not a strict floor, the Euclidean projection is not the L2-best one
 * @param lastStepError at the last step, {@code ||u - V a||_{L2} / ||u||_{L2}}, against that step's own
 *     displacement
 * @param indicators the reduced model's indicator per step
 * @param plasticStrainError at the last step, {@code ||p - p_N||_{L2} / (|Omega|^(1/2) max p)}: the RMS
 *     error as a share of the largest p (NaN when p is round-off everywhere, below {@link ReducedStructuralModel#PLASTIC_STRAIN_FLOOR}, or the law has none)
 * @param errorAtLargestPlasticStrain at the last step, the relative error of p at the material point
 *     where the high-fidelity p is largest
 * @param largestPlasticStrain that largest p
 * @param fullSeconds the high-fidelity run's wall time
 * @param counts the reduced run's counts and wall time
 */
public record ReducedRunComparison(
        double[] times,
        double[] displacementErrors,
        double[] projectionErrors,
        double lastStepError,
        double[] indicators,
        double plasticStrainError,
        double errorAtLargestPlasticStrain,
        double largestPlasticStrain,
        double fullSeconds,
        ReducedStructuralModel.Counts counts) {
    private static final ScalarField[] ZERO = {x -> 0, x -> 0, x -> 0};

    /** The largest displacement error over the steps. */
    public double maxDisplacementError() {
        return Arrays.stream(displacementErrors).max().orElse(0);
    }

    /** The largest projection error over the steps. */
    public double maxProjectionError() {
        return Arrays.stream(projectionErrors).max().orElse(0);
    }

    /** The largest indicator over the steps. */
    public double maxIndicator() {
        return Arrays.stream(indicators).max().orElse(0);
    }

    /** Wall time of the high-fidelity run over the reduced one's. */
    public double speedup() {
        return fullSeconds / counts.seconds();
    }

    /**
     * Runs both: the high-fidelity {@code run} (timed; its solid's state is used up) and the model on
     * the {@code schedule} of the same parameter value, twice: the second run is the one timed, so
     * that the reduced time is not the just-in-time compiler's (the high-fidelity run is timed after
     * the training runs, which warmed its code).
     */
    public static ReducedRunComparison of(ReducedStructuralModel model, StructuralRun run, RunSchedule schedule) {
        long begin = System.nanoTime();
        List<double[]> truth = new ArrayList<>();
        run.run((step, solid, newton) -> truth.add(step.displacement().clone()));
        double fullSeconds = (System.nanoTime() - begin) * 1e-9;
        model.run(schedule, step -> {}); // warm-up
        Reduced r = Reduced.of(model, schedule);
        return compare(run, truth, fullSeconds, r::displacement, model, r.lastStates(), r.indicator(), r.counts());
    }

    /**
     * The model's trajectory on a run's schedule against that run's displacements, given (a training
     * run's, read from files): no high-fidelity solve, {@link #fullSeconds()} NaN. The high-fidelity
     * p is recomputed from the displacements on the run's solid, whose state is used up.
     */
    public static ReducedRunComparison againstSnapshots(
            ReducedStructuralModel model, StructuralRun run, List<double[]> displacements) {
        Reduced r = Reduced.of(model, run.schedule());
        return compare(
                run, displacements, Double.NaN, r::displacement, model, r.lastStates(), r.indicator(), r.counts());
    }

    /** A reduced trajectory: the coefficients per step, the last states at S, the indicator per step. */
    private record Reduced(
            ReducedStructuralModel model,
            List<double[]> a,
            double[] lastStates,
            List<Double> indicator,
            ReducedStructuralModel.Counts counts) {
        static Reduced of(ReducedStructuralModel model, RunSchedule schedule) {
            List<double[]> a = new ArrayList<>();
            double[][] last = new double[1][];
            List<Double> indicator = new ArrayList<>();
            ReducedStructuralModel.Counts counts = model.run(schedule, step -> {
                a.add(step.coefficients());
                last[0] = step.states();
                indicator.add(step.indicator());
            });
            return new Reduced(model, a, last[0], indicator, counts);
        }

        double[] displacement(int step) {
            return model.displacement(a.get(step));
        }
    }

    /**
     * The adaptive run's trajectory against the high-fidelity run {@code run} (at the same parameter
     * value, fresh: it is run here and its state used up); the reduced time is the adaptive run's,
     * high-fidelity steps included.
     */
    public static ReducedRunComparison of(AdaptiveStructuralRun.Result adaptive, double seconds, StructuralRun run) {
        long begin = System.nanoTime();
        List<double[]> truth = new ArrayList<>();
        run.run((step, solid, newton) -> truth.add(step.displacement().clone()));
        return againstSnapshots(adaptive, seconds, run, truth, (System.nanoTime() - begin) * 1e-9);
    }

    /**
     * The adaptive run's trajectory against the displacements of the run at the same parameter value
     * (fresh: its solid's state is used up; {@code fullSeconds} NaN when the displacements were read).
     */
    public static ReducedRunComparison againstSnapshots(
            AdaptiveStructuralRun.Result adaptive,
            double seconds,
            StructuralRun run,
            List<double[]> truth,
            double fullSeconds) {
        List<AdaptiveStructuralRun.Step> steps = adaptive.steps();
        ReducedStructuralModel.Counts counts =
                new ReducedStructuralModel.Counts(steps.size(), adaptive.iterations(), adaptive.lawUpdates(), seconds);
        return compare(
                run,
                truth,
                fullSeconds,
                adaptive::displacement,
                adaptive.model(),
                steps.get(steps.size() - 1).states(),
                steps.stream().map(AdaptiveStructuralRun.Step::indicator).toList(),
                counts);
    }

    private static ReducedRunComparison compare(
            StructuralRun run,
            List<double[]> truth,
            double fullSeconds,
            java.util.function.IntFunction<double[]> reduced,
            ReducedStructuralModel model,
            double[] lastStates,
            List<Double> indicator,
            ReducedStructuralModel.Counts counts) {
        SmallStrainSolid solid = run.solid();
        double[] times = run.times();
        int steps = times.length;
        double largest =
                truth.stream().mapToDouble(u -> solid.l2Error(u, ZERO)).max().orElse(0);
        double[] errors = new double[steps];
        double[] projection = new double[steps];
        double last = 0;
        for (int k = 0; k < steps; k++) {
            double[] u = truth.get(k);
            double[] d = reduced.apply(k);
            double[] best = model.displacement(model.project(u));
            for (int i = 0; i < d.length; i++) {
                d[i] = u[i] - d[i];
                best[i] = u[i] - best[i];
            }
            double e = solid.l2Error(d, ZERO);
            errors[k] = largest == 0 ? e : e / largest;
            double b = solid.l2Error(best, ZERO);
            projection[k] = largest == 0 ? b : b / largest;
            if (k == steps - 1) {
                double own = solid.l2Error(u, ZERO);
                last = own == 0 ? e : e / own;
            }
        }
        double pError = Double.NaN;
        double pAtMax = Double.NaN;
        double pMax = 0;
        int offset = StructuralReduction.pOffset(solid.law());
        if (offset >= 0 && model.plasticStrainBasis() != null) {
            double[][] state = new double[1][];
            Arrays.fill(solid.startState(), 0);
            StateReplay.replay(solid, truth.toArray(double[][]::new), times, run.loads(), (k, t, s) -> state[0] = s);
            double[] p = new double[solid.numPoints()];
            int argmax = 0;
            for (int q = 0; q < p.length; q++) {
                p[q] = state[0][q * solid.stateStride() + offset];
                argmax = p[q] > p[argmax] ? q : argmax;
            }
            double[] pReduced = model.plasticStrain(lastStates);
            double[] w = solid.pointWeights();
            double squared = 0;
            double volume = 0;
            for (int q = 0; q < p.length; q++) {
                squared += w[q] * (p[q] - pReduced[q]) * (p[q] - pReduced[q]);
                volume += w[q];
            }
            pMax = p[argmax];
            if (pMax > ReducedStructuralModel.PLASTIC_STRAIN_FLOOR) { // below it, p is round-off: no relative error
                pError = Math.sqrt(squared / volume) / pMax;
                pAtMax = Math.abs(pReduced[argmax] - pMax) / pMax;
            }
        }
        return new ReducedRunComparison(
                times,
                errors,
                projection,
                last,
                indicator.stream().mapToDouble(Double::doubleValue).toArray(),
                pError,
                pAtMax,
                pMax,
                fullSeconds,
                counts);
    }
}

package org.jrom.fem.mechanics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.jrom.hyperreduction.EmpiricalCubature;
import org.jrom.hyperreduction.GappyPod;
import org.jrom.hyperreduction.IllPosedSamplesException;
import org.jrom.linalg.ConvergenceException;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.LuDecomposition;
import org.jrom.linalg.SingularMatrixException;
import org.jrom.linalg.VectorArray;

/**
 * A hyper-reduced model of a structure's quasi-static, history-dependent response (Casenave, Akkari,
 * Bordeu, Rey, Ryckelynck, IJNME 2020; Casenave, Akkari, Math. Comput. Appl. 24(2):41, 2019): the
 * displacement {@code u = V a} in POD modes V, the constitutive law integrated only at the points S
 * of an empirical cubature, whose states are the model's state, and per time step the reduced
 * Newton
 *
 * <pre>
 *   f_N(a) = sum_{q in S} w_hat_q (B_q V)^T sigma_q(a) = F_N(t) = sum_k c_k(t) V^T f_k,
 *   K_N(a) da = F_N(t) - f_N(a),    K_N = sum_{q in S} w_hat_q (B_q V)^T D_q (B_q V)
 * </pre>
 *
 * with the force patterns {@code f_k} projected offline and the temperature at S from the base
 * field and shapes sampled offline at S. A step costs O(|S| N^2 + N^3) per iteration and |S| law
 * updates, whatever the mesh: {@link #onlineDoubles()} counts every double a step reads.
 *
 * <p>The dual quantities come back on the whole mesh by Gappy-POD from their values at S, and the
 * misfit of that fit at S for the cumulated plastic strain p is the error indicator of Casenave and
 * Akkari (sec. 4): an indicator, not a bound. Step cutting follows {@link QuasiStaticNewton}: a
 * failed step (law failure, no convergence, singular tangent) is halved, up to {@code maxCuts}
 * times.
 */
public final class ReducedStructuralModel {
    private static final int S = Mandel.SIZE;

    private final HyperReducedForce force;
    private final String[] regions; // the region of each selected point
    private final double[][] forcePatterns; // V^T f_k, N each
    private final double[] baseTemperature; // at S
    private final double[][] temperatureShapes; // at S, per shape
    private final VectorArray modes; // V: reconstruction only
    private final DualBasis plasticStrain; // may be null (no p in the law)
    private final DualBasis stress;
    private final int pOffset; // of p in a point's state; -1 without
    private final Options options;

    /**
     * Newton settings of the reduced steps.
     *
     * @param tolerance {@code ||F_N - f_N|| <= tolerance max(||F_N||, ||m||, ||r_0||)}, m the sums of the
     *     absolute values of the internal force's terms per mode (the scale the full model's reactions
     *     give), {@code r_0} the attempt's first residual
     * @param maxIterations per attempt
     * @param maxCuts halvings of a step before it fails
     */
    public record Options(double tolerance, int maxIterations, int maxCuts) {
        public Options {
            if (!(tolerance > 0 && tolerance < 1)
                    || maxIterations < 1
                    || maxIterations > 1000
                    || maxCuts < 0
                    || maxCuts > 50) {
                throw new IllegalArgumentException("reduced Newton options: expected tolerance in (0, 1), maxIterations"
                        + " from 1 to 1000 and maxCuts from 0 to 50, found " + tolerance + ", " + maxIterations + ", "
                        + maxCuts);
            }
        }

        /** Relative residual 1e-8, 25 iterations, 8 cuts. */
        public static Options defaults() {
            return new Options(1e-8, 25, 8);
        }
    }

    /**
     * A POD basis of a dual quantity over every material point and its Gappy-POD from the points S.
     *
     * @param components values per point (1 for p, 6 for the Mandel stress)
     * @param singularValues of the training snapshots of the quantity, all of them (the basis keeps the
     *     leading ones)
     */
    public record DualBasis(GappyPod gappy, int components, double[] singularValues) {}

    /**
     * The model's parts, as {@link StructuralReduction} or a model file gives them. The modes and the
     * stress basis serve reconstruction only and may be null (a model read for queries).
     */
    public record Parts(
            HyperReducedForce force,
            String[] regions,
            double[][] forcePatterns,
            double[] baseTemperature,
            double[][] temperatureShapes,
            VectorArray modes,
            DualBasis plasticStrain,
            DualBasis stress,
            int pOffset) {}

    /** The model from its parts. */
    public ReducedStructuralModel(Parts parts, Options options) {
        this.force = parts.force();
        int points = force.size();
        DimensionMismatchException.check("regions of the selected points", points, parts.regions().length);
        DimensionMismatchException.check(
                "base temperature at the selected points", points, parts.baseTemperature().length);
        for (double[] p : parts.forcePatterns()) {
            DimensionMismatchException.check("projected force pattern", force.modeCount(), p.length);
        }
        for (double[] shape : parts.temperatureShapes()) {
            DimensionMismatchException.check("temperature shape at the selected points", points, shape.length);
        }
        if (parts.modes() != null) {
            DimensionMismatchException.check(
                    "modes", force.modeCount(), parts.modes().count());
        }
        this.regions = parts.regions().clone();
        this.forcePatterns = parts.forcePatterns().clone();
        this.baseTemperature = parts.baseTemperature().clone();
        this.temperatureShapes = parts.temperatureShapes().clone();
        this.modes = parts.modes();
        this.plasticStrain = parts.plasticStrain();
        this.stress = parts.stress();
        this.pOffset = parts.pOffset();
        this.options = options;
    }

    /** The parts: the arrays are copied one level deep (their rows and the bases are shared: treat them as read-only). */
    public Parts parts() {
        return new Parts(
                force,
                regions.clone(),
                forcePatterns.clone(),
                baseTemperature.clone(),
                temperatureShapes.clone(),
                modes,
                plasticStrain,
                stress,
                pOffset);
    }

    /** The Newton settings. */
    public Options options() {
        return options;
    }

    /** Number of modes N. */
    public int modeCount() {
        return force.modeCount();
    }

    /** The selected points S (indices of the high-fidelity solid's material points). */
    public int[] points() {
        return force.points();
    }

    /** Number of force patterns the schedules must give amplitudes for. */
    public int forcePatternCount() {
        return forcePatterns.length;
    }

    /** Number of temperature shapes the schedules must give amplitudes for. */
    public int temperatureShapeCount() {
        return temperatureShapes.length;
    }

    /**
     * Every double an online step reads: the strain modes {@code B_q V} (6 N per point), the weights,
     * the projected patterns, the temperature base and shapes at S, the states at S (start and end),
     * and the indicator's sampled Gappy basis {@code Phi_S} with the Q and R of its QR. No term
     * depends on the mesh.
     */
    public long onlineDoubles() {
        long points = force.size();
        long n = force.modeCount();
        long k = plasticStrain == null ? 0 : plasticStrain.gappy().modeCount();
        return points * S * n
                + points
                + (long) forcePatterns.length * n
                + points * (1 + temperatureShapes.length)
                + 2 * points * force.stateStride()
                + 2 * points * k // Phi_S and the Q of its QR, for the indicator's least squares
                + k * k; // R
    }

    /**
     * A converged reduced step.
     *
     * @param index 0 for the initial equilibrium, then 1, 2, ...
     * @param time the time reached
     * @param coefficients a, {@code u = V a} (a copy)
     * @param states the states of the selected points, stride {@link HyperReducedForce#stateStride()} (a copy)
     * @param iterations Newton iterations of the step (all substeps)
     * @param cuts step halvings
     * @param indicator the relative Gappy-POD misfit of p at S (0 without plastic strain or before any)
     */
    public record Step(
            int index,
            double time,
            double[] coefficients,
            double[] states,
            int iterations,
            int cuts,
            double indicator) {}

    /** Receives each converged step. */
    @FunctionalInterface
    public interface Observer {
        void step(Step step);
    }

    /**
     * A reduced trajectory's counts.
     *
     * @param steps converged steps (times of the schedule)
     * @param iterations Newton iterations in all
     * @param constitutiveEvaluations law updates at material points in all (|S| per iteration)
     * @param seconds wall time of the whole trajectory
     */
    public record Counts(int steps, int iterations, long constitutiveEvaluations, double seconds) {}

    /**
     * Runs the schedule from the zero displacement and the law's initial state at S.
     *
     * @throws IllegalArgumentException if the schedule's amplitudes do not match the patterns and
     *     shapes, or lacks the law of a selected point's region
     * @throws org.jrom.linalg.ConvergenceException if a step fails after every cut
     */
    public Counts run(RunSchedule schedule, Observer observer) {
        long begin = System.nanoTime();
        Trajectory trajectory = start(schedule);
        double[] times = schedule.times();
        for (int k = 0; k < times.length; k++) {
            trajectory.advance(k == 0 ? times[0] : times[k - 1], times[k]);
            observer.step(trajectory.step(k, times[k]));
        }
        return new Counts(
                times.length, trajectory.iterations, trajectory.evaluations, (System.nanoTime() - begin) * 1e-9);
    }

    /**
     * A trajectory on the schedule, at the zero displacement and the laws' initial state, to be
     * advanced step by step ({@link Trajectory#advance}): what {@link #run} does, and what an adaptive
     * run drives when it replaces a step by a high-fidelity one.
     *
     * @throws IllegalArgumentException if the schedule's amplitudes do not match the patterns and
     *     shapes, or lacks the law of a selected point's region
     */
    public Trajectory start(RunSchedule schedule) {
        DimensionMismatchException.check(
                "force amplitudes",
                forcePatterns.length,
                schedule.forceAmplitudes().size());
        DimensionMismatchException.check(
                "temperature amplitudes",
                temperatureShapes.length,
                schedule.temperatureAmplitudes().size());
        ConstitutiveLaw[] laws = new ConstitutiveLaw[regions.length];
        for (int i = 0; i < laws.length; i++) {
            laws[i] = schedule.materials().get(regions[i]);
            if (laws[i] == null) {
                throw new IllegalArgumentException("the schedule has no law for region " + regions[i] + "; it has "
                        + String.join(", ", schedule.materials().keySet()));
            }
            if (laws[i].layout().size() != force.stateStride()) {
                throw new IllegalArgumentException("the law of region " + regions[i] + " keeps "
                        + laws[i].layout().size() + " values per point, the model's " + force.stateStride());
            }
        }
        return new Trajectory(laws, schedule);
    }

    /**
     * The model enriched by a high-fidelity step (Casenave, Akkari 2019, sec. 5): one more mode, the
     * component of the step's displacement outside the span of V (Gram-Schmidt, twice), with the force
     * patterns projected anew; the Gappy-POD bases of p and of the stress enlarged by the step's
     * fields in the same way while they have room (at most half the samples); and a new cubature,
     * selected on the integrand G of the enlarged basis over the given states (the run's own states
     * up to the step, and the step's), warm-started by none but keeping the model's points (with
     * weight 0 when the new rule does not select them), so that the Gappy-POD samples stay. The
     * model itself is unchanged.
     *
     * @param full the high-fidelity run at the parameter value (its solid's geometry and its loads'
     *     patterns and temperature field)
     * @param displacement the step's displacement
     * @param states the states at every material point the new cubature integrates, the step's last
     * @param cubature the new cubature's settings
     * @return the enriched model; this model when the displacement is already in the span of V
     */
    public ReducedStructuralModel enriched(
            StructuralRun full, double[] displacement, List<double[]> states, EmpiricalCubature.Options cubature) {
        if (modes == null || stress == null) {
            throw new IllegalStateException("this model was read for queries, without its modes: it cannot grow");
        }
        SmallStrainSolid solid = full.solid();
        double[] v = orthogonalComplement(modes, displacement);
        VectorArray grown = modes.copy();
        if (v != null) { // a displacement already in the span adds no mode, but its p and cubature still count
            grown.append(v);
        }
        EmpiricalCubature.Rule rule = cubature(solid, grown, states, cubature);
        Set<Integer> union = new LinkedHashSet<>();
        Arrays.stream(rule.points()).forEach(union::add);
        Arrays.stream(force.points()).forEach(union::add); // the Gappy-POD samples stay
        int[] selected = union.stream().mapToInt(Integer::intValue).toArray();
        double[] last = states.get(states.size() - 1);
        int stride = force.stateStride();
        int all = solid.numPoints();
        double[] sigma = new double[all * S];
        double[] p = new double[all];
        dualFields(last, stride, pOffset, sigma, p);
        VectorArray stressModes = stress.gappy().basis();
        VectorArray plasticModes =
                plasticStrain == null ? null : plasticStrain.gappy().basis();
        try {
            return assemble(
                    full,
                    selected,
                    rule.weights(),
                    grown,
                    enlarged(stressModes, sigma, rule.size() * S / 2),
                    stress.singularValues(),
                    plasticModes == null ? null : enlarged(plasticModes, p, rule.size() / 2),
                    plasticStrain == null ? null : plasticStrain.singularValues(),
                    pOffset,
                    options);
        } catch (IllPosedSamplesException e) {
            // a new dual mode is (numerically) zero at the samples, which cannot tell it apart: keep the bases
            return assemble(
                    full,
                    selected,
                    rule.weights(),
                    grown,
                    stressModes,
                    stress.singularValues(),
                    plasticModes,
                    plasticStrain == null ? null : plasticStrain.singularValues(),
                    pOffset,
                    options);
        }
    }

    /**
     * The model of a run's solid and loads in the modes V, on the material points {@code points}: the
     * first {@code weights.length} are the cubature's, with its weights, the others run the law with
     * weight 0 (Gappy-POD samples). The force patterns are projected on V, the temperature field and
     * the Gappy-POD bases sampled at the points, in their order (what {@link #indicator} and the
     * reconstructions assume).
     *
     * @param plasticModes the basis of p over every point, or null when the law has none
     */
    static ReducedStructuralModel assemble(
            StructuralRun run,
            int[] points,
            double[] weights,
            VectorArray modes,
            VectorArray stressModes,
            double[] stressSingularValues,
            VectorArray plasticModes,
            double[] plasticSingularValues,
            int pOffset,
            Options options) {
        SmallStrainSolid solid = run.solid();
        HyperReducedForce force = HyperReducedForce.of(solid, points, Arrays.copyOf(weights, points.length), modes);
        double[][] patterns = run.loads().forcePatterns().stream()
                .map(f -> modes.inner(VectorArray.of(f)).data())
                .toArray(double[][]::new);
        TemperatureField temperature = run.loads().temperatureField();
        double[][] shapes = new double[temperature.shapeCount()][];
        for (int k = 0; k < shapes.length; k++) {
            shapes[k] = atPoints(solid, temperature.shape(k), points);
        }
        int[] stressSamples = new int[points.length * S];
        for (int i = 0; i < points.length; i++) {
            for (int r = 0; r < S; r++) {
                stressSamples[i * S + r] = points[i] * S + r;
            }
        }
        DualBasis stress = new DualBasis(GappyPod.prepare(stressModes, stressSamples), S, stressSingularValues);
        DualBasis plastic = plasticModes == null || plasticModes.count() == 0
                ? null
                : new DualBasis(GappyPod.prepare(plasticModes, points), 1, plasticSingularValues);
        return new ReducedStructuralModel(
                new Parts(
                        force,
                        Arrays.stream(points).mapToObj(solid::regionAt).toArray(String[]::new),
                        patterns,
                        atPoints(solid, temperature.base(), points),
                        shapes,
                        modes,
                        plastic,
                        stress,
                        pOffset),
                options);
    }

    /**
     * The new cubature in the modes V: of G over the run's states, each snapshot's rows normalized
     * as in {@link StructuralReduction} ({@link ReducedIntegrand#normalizedRows}), and over the
     * training's stresses, which the stress POD modes scaled by their relative singular values
     * stand for, {@code (sigma_j / sigma_1) psi_j} (Hernandez, Caicedo, Ferrer 2017 build G from such
     * modes): the rows of the training snapshots in any basis lie in the span of their rows, to the
     * stress POD's tolerance, so the rule keeps integrating the training's regimes (unloading, say)
     * while it learns the run's; the leading mode weighs as much as one normalized state.
     */
    private EmpiricalCubature.Rule cubature(
            SmallStrainSolid solid, VectorArray v, List<double[]> states, EmpiricalCubature.Options options) {
        List<double[]> training = new ArrayList<>();
        int stride = solid.stateStride();
        int points = solid.numPoints();
        if (stress != null) {
            VectorArray psi = stress.gappy().basis();
            double[] sigma = stress.singularValues();
            for (int j = 0; j < Math.min(psi.count(), sigma.length) && sigma[0] > 0; j++) {
                double[] pseudo = new double[points * stride];
                for (int q = 0; q < points; q++) {
                    for (int r = 0; r < S; r++) {
                        pseudo[q * stride + r] = sigma[j] / sigma[0] * psi.get(q * S + r, j);
                    }
                }
                training.add(pseudo);
            }
        }
        ReducedIntegrand integrand = new ReducedIntegrand(solid, v);
        int n = v.count();
        VectorArray g = VectorArray.zeros(points, Math.multiplyExact(states.size() + training.size(), n));
        double largest = 0;
        for (int k = 0; k < states.size(); k++) {
            largest = Math.max(
                    largest,
                    integrand.normalizedRows(
                            states.get(k),
                            "state " + k + " of the run",
                            g,
                            k * n,
                            StructuralReduction.ROUND_OFF * largest));
        }
        for (int j = 0; j < training.size(); j++) {
            integrand.rows(training.get(j), "stress mode " + j, g, (states.size() + j) * n);
        }
        return EmpiricalCubature.select(g, solid.pointWeights(), options);
    }

    /**
     * The dual quantities of a full state (every material point, {@code stride} values each): the
     * Mandel stress, 6 per point, into {@code sigma}, and p into {@code p} (zeros when {@code pOffset}
     * is -1, a law without p).
     */
    static void dualFields(double[] state, int stride, int pOffset, double[] sigma, double[] p) {
        for (int q = 0; q < p.length; q++) {
            System.arraycopy(state, q * stride, sigma, q * S, S);
            p[q] = pOffset < 0 ? 0 : state[q * stride + pOffset];
        }
    }

    /** The nodal field at the given material points. */
    static double[] atPoints(SmallStrainSolid solid, double[] nodal, int[] selected) {
        double[] all = new double[solid.numPoints()];
        solid.pointValues(nodal, all);
        double[] out = new double[selected.length];
        for (int i = 0; i < selected.length; i++) {
            out[i] = all[selected[i]];
        }
        return out;
    }

    /** {@code x - V V^T x} normalized (two passes of Gram-Schmidt), or null when it is round-off. */
    private static double[] orthogonalComplement(VectorArray basis, double[] x) {
        double[] r = x.clone();
        for (int pass = 0; pass < 2; pass++) {
            double[] c = basis.inner(VectorArray.of(r)).data();
            double[] projection = basis.lincomb(c);
            for (int i = 0; i < r.length; i++) {
                r[i] -= projection[i];
            }
        }
        double norm = VectorArray.euclideanNorm(r, 0, r.length);
        double size = VectorArray.euclideanNorm(x, 0, x.length);
        if (!(norm > 1e-10 * size)) {
            return null;
        }
        for (int i = 0; i < r.length; i++) {
            r[i] /= norm;
        }
        return r;
    }

    /** The basis with the field's component outside it, while it has fewer modes than the cap. */
    private static VectorArray enlarged(VectorArray basis, double[] field, int cap) {
        double[] v = basis.count() >= Math.max(1, cap) ? null : orthogonalComplement(basis, field);
        if (v == null) {
            return basis;
        }
        VectorArray grown = basis.copy();
        grown.append(v);
        return grown;
    }

    /**
     * A cumulated plastic strain below this is round-off, not plasticity: a strain of 1e-12 is far
     * below what a structural solver resolves (a run loaded just to its yield stress ends with p of
     * 1e-65, whose relative misfits and errors are noise).
     */
    public static final double PLASTIC_STRAIN_FLOOR = 1e-12;

    /**
     * The indicator of states at S: the relative Gappy-POD misfit of p at S (0 without p, or where p
     * at S is below {@link #PLASTIC_STRAIN_FLOOR}).
     */
    public double indicator(double[] states) {
        if (plasticStrain == null || plasticStrainAtPointsMax(states) <= PLASTIC_STRAIN_FLOOR) {
            return 0;
        }
        return plasticStrain.gappy().relativeResidual(sampled(states, pOffset, 1));
    }

    /** The largest cumulated plastic strain at the model's points in these states (0 without p). */
    public double plasticStrainAtPointsMax(double[] states) {
        if (pOffset < 0) {
            return 0;
        }
        double max = 0;
        for (double p : sampled(states, pOffset, 1)) {
            max = Math.max(max, p);
        }
        return max;
    }

    /** The displacement {@code V a} on the whole mesh (reconstruction, O(n N)). */
    public double[] displacement(double[] coefficients) {
        if (modes == null) {
            throw new IllegalStateException("this model was read without its modes (for queries): no displacement");
        }
        return modes.lincomb(coefficients);
    }

    /** The coefficients {@code V^T u} of a displacement's Euclidean projection on the (orthonormal) modes. */
    public double[] project(double[] u) {
        if (modes == null) {
            throw new IllegalStateException("this model was read without its modes (for queries): no projection");
        }
        return modes.inner(VectorArray.of(u)).data();
    }

    /** The cumulated plastic strain at every material point by Gappy-POD from the states at S. */
    public double[] plasticStrain(double[] states) {
        if (plasticStrain == null) {
            throw new IllegalStateException("the model's law has no cumulated plastic strain p");
        }
        return plasticStrain.gappy().reconstruct(sampled(states, pOffset, 1));
    }

    /** The Mandel stress at every material point (6 per point) by Gappy-POD from the states at S. */
    public double[] stress(double[] states) {
        if (stress == null) {
            throw new IllegalStateException("this model was read without its stress basis (for queries)");
        }
        return stress.gappy().reconstruct(sampled(states, 0, S));
    }

    /** The Gappy-POD bases: of p (null when the law has none) and of the stress. */
    public DualBasis plasticStrainBasis() {
        return plasticStrain;
    }

    /** The Gappy-POD basis of the stress. */
    public DualBasis stressBasis() {
        return stress;
    }

    private double[] sampled(double[] states, int offset, int components) {
        int stride = force.stateStride();
        DimensionMismatchException.check("states of the selected points", force.size() * stride, states.length);
        double[] v = new double[force.size() * components];
        for (int i = 0; i < force.size(); i++) {
            System.arraycopy(states, i * stride + offset, v, i * components, components);
        }
        return v;
    }

    /** The reduced Newton through one schedule: the coefficients a and the states at the model's points. */
    public final class Trajectory {
        private final ConstitutiveLaw[] laws;
        private final List<DoubleUnaryOperator> forceAmplitudes;
        private final List<LoadHistory> temperatureAmplitudes;
        private final double[] a = new double[force.modeCount()];
        private double[] start;
        private double[] end;
        private final double[] temperature = new double[force.size()];
        private final double[] external = new double[force.modeCount()];
        private int iterations;
        private long evaluations;
        private int stepIterations;
        private int stepCuts;

        private Trajectory(ConstitutiveLaw[] laws, RunSchedule schedule) {
            this.laws = laws;
            this.forceAmplitudes = schedule.forceAmplitudes();
            this.temperatureAmplitudes = schedule.temperatureAmplitudes();
            this.start = new double[force.size() * force.stateStride()]; // the laws' initial state is zero
            this.end = start.clone();
        }

        /**
         * From {@code t0} to {@code t1} (equal for the initial equilibrium), cutting as needed.
         *
         * @throws ConvergenceException if the step fails after every cut
         */
        public void advance(double t0, double t1) {
            double dt = t1 - t0;
            double h = dt;
            double smallest = Math.scalb(dt, -options.maxCuts());
            double now = t0;
            int streak = 0;
            stepIterations = 0;
            stepCuts = 0;
            boolean instantaneous = dt == 0;
            while (now < t1 || instantaneous) {
                instantaneous = false;
                h = Math.min(h, t1 - now);
                double next = h == t1 - now ? t1 : now + h;
                if (t1 > t0 && !(next > now)) { // h underflowed to 0: no cut can help
                    throw new ConvergenceException(
                            "reduced Newton: the step from " + now + " cannot be cut further", new double[0]);
                }
                double[] trial = a.clone();
                String failure = attempt(trial, next, next - now);
                if (failure == null) {
                    System.arraycopy(trial, 0, a, 0, a.length);
                    double[] swap = start; // commit: the end state becomes the next step's start
                    start = end;
                    end = swap;
                    now = next;
                    if (++streak == 2) {
                        h = Math.min(2 * h, dt);
                        streak = 0;
                    }
                } else if (h / 2 >= smallest && h > 0) {
                    stepCuts++;
                    streak = 0;
                    h /= 2;
                } else {
                    throw new ConvergenceException(
                            "reduced Newton did not converge on [" + now + ", " + (now + h) + "] after " + stepCuts
                                    + " step cuts (" + failure + ")",
                            new double[0]);
                }
            }
        }

        /** The converged step just reached, as {@link #run} reports it (copies). */
        public Step step(int index, double time) {
            return new Step(index, time, a.clone(), start.clone(), stepIterations, stepCuts, indicator(start));
        }

        /**
         * Continues from other coefficients and states at the model's points (a high-fidelity step's,
         * projected and sampled), as if the trajectory had reached them.
         */
        public void restart(double[] coefficients, double[] states) {
            DimensionMismatchException.check("coefficients", a.length, coefficients.length);
            DimensionMismatchException.check("states of the model's points", start.length, states.length);
            System.arraycopy(coefficients, 0, a, 0, a.length);
            System.arraycopy(states, 0, start, 0, start.length);
        }

        /** Newton iterations so far. */
        public int iterations() {
            return iterations;
        }

        /** Law updates at the model's points so far. */
        public long constitutiveEvaluations() {
            return evaluations;
        }

        /** Newton at {@code time} over a step h from the start state; null when it converged, else why not. */
        private String attempt(double[] trial, double time, double h) {
            for (int i = 0; i < temperature.length; i++) {
                temperature[i] = baseTemperature[i];
            }
            for (int k = 0; k < temperatureShapes.length; k++) {
                double c = temperatureAmplitudes.get(k).value(time);
                double[] shape = temperatureShapes[k];
                for (int i = 0; i < temperature.length; i++) {
                    temperature[i] += c * shape[i];
                }
            }
            Arrays.fill(external, 0);
            for (int k = 0; k < forcePatterns.length; k++) {
                double c = forceAmplitudes.get(k).applyAsDouble(time);
                for (int m = 0; m < external.length; m++) {
                    external[m] += c * forcePatterns[k][m];
                }
            }
            double externalNorm = VectorArray.euclideanNorm(external, 0, external.length);
            double initial = 0;
            for (int it = 0; ; it++) {
                HyperReducedForce.Evaluation e;
                try {
                    e = force.evaluate(laws, trial, h, temperature, start, end);
                } catch (MaterialException ex) {
                    return ex.getMessage();
                } finally {
                    evaluations += force.size();
                    iterations++;
                    stepIterations++;
                }
                double[] r = e.force();
                for (int m = 0; m < r.length; m++) {
                    r[m] = external[m] - r[m];
                }
                double residual = VectorArray.euclideanNorm(r, 0, r.length);
                if (!Double.isFinite(residual)) {
                    return "non-finite residual";
                }
                if (it == 0) {
                    initial = residual;
                }
                // against the loads, the internal force's own scale, or the first residual: the stresses,
                // and with them the scale, vanish when a structure without residual stress is unloaded
                double scale = Math.max(Math.max(externalNorm, e.magnitude()), initial);
                if (residual <= options.tolerance() * scale || residual == 0) {
                    return null;
                }
                if (it == options.maxIterations()) {
                    return "iteration limit " + it;
                }
                try {
                    LuDecomposition.solveInPlace(e.tangent().data(), r.length, r);
                } catch (SingularMatrixException ex) {
                    return "singular reduced tangent";
                }
                for (int m = 0; m < r.length; m++) {
                    trial[m] += r[m];
                }
            }
        }
    }
}

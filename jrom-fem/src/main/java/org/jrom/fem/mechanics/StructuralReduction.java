package org.jrom.fem.mechanics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.algorithms.IncrementalPod;
import org.jrom.hyperreduction.EmpiricalCubature;
import org.jrom.hyperreduction.Qdeim;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.GramSchmidt;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.linalg.VectorArray;

/**
 * The offline stage of the hyper-reduced structural model, nonintrusive (Casenave, Akkari, Bordeu,
 * Rey, Ryckelynck, IJNME 2020; Casenave, Akkari, Math. Comput. Appl. 24(2):41, 2019, algorithms
 * 1-3): from the displacements of several high-fidelity runs at their time steps,
 *
 * <ol>
 *   <li>the POD of every displacement snapshot of every run, in the strain norm {@code sum_q w_q
 *       |B_q u|^2}, each snapshot normalized in it (every step weighs the same),
 *   <li>the dual quantities recomputed from the displacements alone ({@link StateReplay}: the law
 *       integrated along each point's strain history), and with them the integrand G of the reduced
 *       internal force ({@link ReducedIntegrand}) and the POD of the stress and of the cumulated
 *       plastic strain over every material point,
 *   <li>the empirical cubature of G ({@link EmpiricalCubature}: points S, weights {@code w_hat > 0}),
 *   <li>the Gappy-POD of the dual quantities from the points S, the Q-DEIM points of their bases and
 *       the point of largest p at the end of each run (the law runs there too, with weight 0 in the
 *       force), the force patterns projected on the
 *       modes and the temperature field sampled at those points: a {@link ReducedStructuralModel}.
 * </ol>
 *
 * Every run must be of the same solid (mesh, elements, regions) with the same load patterns and
 * temperature shapes: the parameters change amplitudes and material parameters only ({@link
 * RunSchedule}), which the online model takes at any parameter value. Imposed displacements must
 * be zero (clamps, symmetry planes).
 */
public final class StructuralReduction {
    private StructuralReduction() {}

    /**
     * Settings.
     *
     * @param podTolerance relative projection error of the displacement POD: {@code sqrt} of the
     *     discarded share of the energy of the snapshots normalized in the strain norm, an RMS over
     *     them (values below about {@code sqrt(m eps)}, m snapshots, act as that floor)
     * @param maxModes the most displacement modes
     * @param cubature the empirical cubature's settings; null for none: the law runs at every material
     *     point with its full weight, the POD-Galerkin model the cubature is measured against ({@link
     *     #withoutCubature()})
     * @param dualTolerance relative projection error of the stress and p bases
     * @param newton the online Newton's settings
     */
    public record Options(
            double podTolerance,
            int maxModes,
            EmpiricalCubature.Options cubature,
            double dualTolerance,
            ReducedStructuralModel.Options newton) {
        public Options {
            if (!(podTolerance >= 0 && podTolerance < 1)
                    || maxModes < 1
                    || !(dualTolerance >= 0 && dualTolerance < 1)) {
                throw new IllegalArgumentException("structural reduction: expected tolerances in [0, 1) and"
                        + " maxModes >= 1, found " + podTolerance + ", " + maxModes + ", " + dualTolerance);
            }
        }

        /** The same without hyper-reduction: the POD-Galerkin model, whose law runs at every point. */
        public Options withoutCubature() {
            return new Options(podTolerance, maxModes, null, dualTolerance, newton);
        }

        /** POD and NNOMP cubature to 1e-4, dual bases to 1e-4, Newton's defaults. */
        public static Options defaults() {
            return of(1e-4, 1e-4);
        }

        /** These POD and cubature tolerances (NNOMP), dual bases to 1e-4, no mode limit, Newton's defaults. */
        public static Options of(double podTolerance, double cubatureTolerance) {
            return new Options(
                    podTolerance,
                    Integer.MAX_VALUE,
                    EmpiricalCubature.Options.of(EmpiricalCubature.Algorithm.NONNEGATIVE_OMP, cubatureTolerance),
                    1e-4,
                    ReducedStructuralModel.Options.defaults());
        }
    }

    /**
     * A high-fidelity run's displacements: its run (solid at its parameter values, loads, times) and
     * the converged displacement at each of its times, from jrom's solver or read from an external
     * solver's files.
     */
    public record Training(StructuralRun run, List<double[]> displacements) {
        public Training {
            if (displacements.size() != run.times().length) {
                throw new IllegalArgumentException("expected one displacement per time of the run ("
                        + run.times().length + "), found " + displacements.size());
            }
            displacements = List.copyOf(displacements);
        }
    }

    /**
     * What the reduction made and measured.
     *
     * @param model the reduced model
     * @param podSingularValues the singular values of the normalized displacement snapshots in the
     *     strain norm, those the method of snapshots resolves (above {@code sqrt(m eps) sigma_1})
     * @param podErrorBound the POD's relative projection error, RMS over the normalized snapshots in
     *     the strain norm
     * @param rule the empirical cubature
     * @param totalPoints the high-fidelity solid's material points
     * @param snapshots displacement snapshots in all
     */
    public record Result(
            ReducedStructuralModel model,
            double[] podSingularValues,
            double podErrorBound,
            EmpiricalCubature.Rule rule,
            int totalPoints,
            int snapshots) {}

    /**
     * Reduces the runs, the dual stage on this JVM's threads.
     *
     * @throws IllegalArgumentException if the runs differ in their solid, patterns or shapes, or
     *     impose a non-zero displacement
     */
    public static Result reduce(List<Training> runs, Options options, ProgressListener progress, PhaseTimer timer) {
        return reduce(runs, options, ON_THIS_JVM, progress, timer);
    }

    /**
     * Reduces the runs, the dual stage where {@code stage} runs it ({@link #ON_THIS_JVM}, or split
     * over subdomains: {@link SubdomainReduction}).
     *
     * @throws IllegalArgumentException if the runs differ in their solid, patterns or shapes, or
     *     impose a non-zero displacement
     */
    public static Result reduce(
            List<Training> runs, Options options, DualStage stage, ProgressListener progress, PhaseTimer timer) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a structural reduction needs at least one run");
        }
        StructuralRun first = runs.get(0).run();
        List<double[]> patterns = first.loads().forcePatterns();
        int snapshots = 0;
        for (int r = 0; r < runs.size(); r++) {
            requireSameFields(r, runs.get(r).run(), first, patterns);
            snapshots += runs.get(r).displacements().size();
        }
        int total = snapshots;
        progress.start("structural reduction", 2L * total + 2);

        StrainPod pod = timer.time("displacement POD", () -> strainPod(runs, first.solid(), options, stage, progress));
        VectorArray modes = pod.modes();
        Duals duals = stage.compute(runs, modes, options, progress, timer);
        EmpiricalCubature.Rule rule = duals.rule();
        progress.progress(
                2L * total + 1,
                "cubature: " + rule.size() + " of " + first.solid().numPoints() + " points");

        ReducedStructuralModel model = timer.time("reduced model", () -> {
            // Gappy-POD needs |S| >= k; the indicator needs |S| > k to have a misfit: at most |S| / 2 modes
            int cap = Math.max(1, rule.size() / 2);
            VectorArray stressModes = leading(duals.stressModes(), cap * Mandel.SIZE);
            VectorArray plasticModes = duals.plasticModes() == null ? null : leading(duals.plasticModes(), cap);
            // The law runs at S and at the Q-DEIM points of the dual bases (weight 0 in the force): then
            // the sampled bases have full rank whatever the fields are at S (p may vanish at every point of S)
            Set<Integer> union = new LinkedHashSet<>();
            Arrays.stream(rule.points()).forEach(union::add);
            union.addAll(duals.hotSpots()); // the law's own p where the training's is largest
            if (plasticModes != null && plasticModes.count() > 0) {
                Arrays.stream(Qdeim.select(plasticModes)).forEach(union::add);
            }
            if (stressModes.count() > 0) {
                Arrays.stream(Qdeim.select(stressModes)).forEach(row -> union.add(row / Mandel.SIZE));
            }
            int[] selected = union.stream().mapToInt(Integer::intValue).toArray();
            return ReducedStructuralModel.assemble(
                    first,
                    selected,
                    rule.weights(),
                    modes,
                    stressModes,
                    duals.stressSingularValues(),
                    plasticModes,
                    duals.plasticSingularValues(),
                    pOffset(first.solid().law()),
                    options.newton());
        });
        progress.progress(2L * total + 2, "done");
        progress.finish();
        return new Result(
                model,
                pod.singularValues(),
                pod.relativeError(),
                rule,
                first.solid().numPoints(),
                total);
    }

    /**
     * The dual stage of a reduction: the dual quantities replayed from the displacements in the
     * modes' integrand, the empirical cubature of G, and the POD bases of the stress and of p. It
     * reports its progress as units {@code total + 1 .. 2 total} of the reduction's ({@code total}
     * the snapshots).
     */
    @FunctionalInterface
    public interface DualStage {
        Duals compute(
                List<Training> runs, VectorArray modes, Options options, ProgressListener progress, PhaseTimer timer);

        /**
         * The Gram matrix {@code E^T E} of the weighted strains of every snapshot (column j of E:
         * {@code sqrt(w_q) B_q u_j} at every material point), where the stage
         * holds the solid's points in pieces (subdomains) and sums their blocks; null where the
         * displacement POD computes it here, holding every snapshot's strains.
         */
        default DenseMatrix strainGram(List<Training> runs) {
            return null;
        }
    }

    /**
     * What the dual stage gives.
     *
     * @param rule the empirical cubature (every point with its weight when the options have none)
     * @param stressModes the stress basis, 6 values per material point, leading modes first
     * @param stressSingularValues its singular values
     * @param plasticModes the basis of the cumulated plastic strain p, one value per point; null
     *     when the law has none
     * @param plasticSingularValues its singular values; null when the law has no p
     * @param hotSpots the point of largest p at the end of each run (empty without p)
     */
    public record Duals(
            EmpiricalCubature.Rule rule,
            VectorArray stressModes,
            double[] stressSingularValues,
            VectorArray plasticModes,
            double[] plasticSingularValues,
            Set<Integer> hotSpots) {}

    /**
     * The dual stage on this JVM: each run replayed on every point (in parallel over cells), G built
     * a snapshot at a time, the stress and p streamed into incremental PODs (their snapshots are not
     * held).
     */
    public static final DualStage ON_THIS_JVM = StructuralReduction::replayed;

    private static Duals replayed(
            List<Training> runs, VectorArray modes, Options options, ProgressListener progress, PhaseTimer timer) {
        SmallStrainSolid solid = runs.get(0).run().solid();
        int n = modes.count();
        int total = runs.stream().mapToInt(t -> t.displacements().size()).sum();
        ReducedIntegrand integrand = new ReducedIntegrand(solid, modes);
        int points = solid.numPoints();
        boolean hyperReduced = options.cubature() != null;
        VectorArray g = hyperReduced ? VectorArray.zeros(points, Math.multiplyExact(total, n)) : null; // G's rows
        int pOffset = pOffset(solid.law());
        IncrementalPod stressPod = IncrementalPod.builder(points * Mandel.SIZE)
                .relativeTolerance(options.dualTolerance())
                .build();
        IncrementalPod plasticPod = pOffset < 0
                ? null
                : IncrementalPod.builder(points)
                        .relativeTolerance(options.dualTolerance())
                        .build();
        Set<Integer> hotSpots = new LinkedHashSet<>(); // the point of largest p at each run's end
        timer.run("dual quantities (replay)", () -> {
            int[] k = {0};
            double[] sigma = new double[points * Mandel.SIZE];
            double[] p = new double[points];
            int stride = solid.stateStride();
            for (Training t : runs) {
                SmallStrainSolid s = t.run().solid();
                Arrays.fill(s.startState(), 0); // the law's initial state
                double[] largestStress = {0}; // of the run so far: the floor of the normalization
                StateReplay.replay(
                        s,
                        t.displacements().toArray(double[][]::new),
                        t.run().times(),
                        t.run().loads(),
                        (step, time, state) -> {
                            if (hyperReduced) {
                                largestStress[0] = Math.max(
                                        largestStress[0],
                                        integrand.normalizedRows(
                                                state,
                                                "state of snapshot " + k[0],
                                                g,
                                                k[0] * n,
                                                ROUND_OFF * largestStress[0]));
                            }
                            ReducedStructuralModel.dualFields(state, stride, pOffset, sigma, p);
                            stressPod.add(sigma);
                            if (plasticPod != null) {
                                plasticPod.add(p);
                                if (step == t.displacements().size() - 1) {
                                    hotSpots.add(argmax(p));
                                }
                            }
                            k[0]++;
                            progress.progress(total + k[0], "dual quantities: snapshot " + k[0] + " of " + total);
                        });
            }
        });
        EmpiricalCubature.Rule rule = timer.time(
                "empirical cubature",
                () -> hyperReduced
                        ? EmpiricalCubature.select(g, solid.pointWeights(), options.cubature())
                        : everyPoint(solid.pointWeights()));
        IncrementalPod.Result stresses = stressPod.result();
        IncrementalPod.Result plastic = plasticPod == null ? null : plasticPod.result();
        return new Duals(
                rule,
                stresses.modes(),
                stresses.singularValues(),
                plastic == null ? null : plastic.modes(),
                plastic == null ? null : plastic.singularValues(),
                hotSpots);
    }

    /**
     * The displacement modes and what the POD kept.
     *
     * @param modes Euclidean-orthonormal, spanning the strain-norm POD's modes
     * @param singularValues of the normalized snapshots in the strain norm, those resolved
     * @param relativeError {@code sqrt} of the discarded share of their energy
     */
    private record StrainPod(VectorArray modes, double[] singularValues, double relativeError) {}

    /**
     * The POD of the displacements in the strain norm {@code ||u||_e^2 = sum_q w_q |B_q u|^2} (the
     * Mandel strains at the material points: the energy norm of a unit isotropic material, the norm
     * in which the law sees a displacement), each snapshot divided by its norm first, so that every
     * step weighs the same: the blade at rest, whose residual displacement is a hundred times
     * smaller than in flight, as much as the loaded states. A snapshot below {@link #ROUND_OFF} of its
     * run's largest is round-off (an elastic structure back at rest) and keeps its size. The method
     * of snapshots on the weighted strains ({@link TruncatedSvd#methodOfSnapshots}): its right
     * singular vectors W combine the normalized displacements, {@code U W}, whose span,
     * orthonormalized in the Euclidean product, is the basis (the Galerkin model depends on the span
     * only). Holds the strains of every
     * snapshot (6 values per material point each).
     */
    private static StrainPod strainPod(
            List<Training> runs, SmallStrainSolid solid, Options options, DualStage stage, ProgressListener progress) {
        TruncatedSvd.Truncation truncation = new TruncatedSvd.Truncation(options.maxModes(), options.podTolerance());
        DenseMatrix gram = stage.strainGram(runs);
        if (gram != null) {
            return strainPodOfGram(runs, solid, truncation, gram, progress);
        }
        int points = solid.numPoints();
        double[] root = solid.pointWeights();
        for (int q = 0; q < points; q++) {
            root[q] = Math.sqrt(root[q]);
        }
        int total = runs.stream().mapToInt(t -> t.displacements().size()).sum();
        VectorArray strains = VectorArray.zeros(points * Mandel.SIZE, total);
        VectorArray displacements = VectorArray.zeros(solid.dim(), total);
        double[] e = new double[points * Mandel.SIZE];
        int m = 0;
        for (Training t : runs) {
            int first = m;
            double largest = 0;
            for (double[] u : t.displacements()) {
                double size = strainNorm(solid, u, root, e);
                largest = Math.max(largest, size);
                System.arraycopy(e, 0, strains.data(), m * e.length, e.length);
                System.arraycopy(u, 0, displacements.data(), m * u.length, u.length);
                m++;
                progress.progress(m, "POD: snapshot " + m + " of " + total);
            }
            for (int k = first; k < m; k++) { // each divided by its norm, round-off by the floor
                double size = Math.max(
                        VectorArray.euclideanNorm(strains.data(), k * e.length, e.length), ROUND_OFF * largest);
                if (size > 0) {
                    strains.scale(k, 1 / size);
                    displacements.scale(k, 1 / size);
                }
            }
        }
        TruncatedSvd svd = TruncatedSvd.methodOfSnapshots(strains, null, truncation);
        return strainPod(svd.singularValues(), svd.rightSingularVectors(), displacements, solid.dim());
    }

    /**
     * {@link #strainPod} from the strains' Gram matrix {@code E^T E}: the snapshots' strain norms are
     * its diagonal, the normalization {@code D^-1 E^T E D^-1} (D the norms, floored per run as
     * there), the same eigen-decomposition; no snapshot's strains are held here.
     */
    private static StrainPod strainPodOfGram(
            List<Training> runs,
            SmallStrainSolid solid,
            TruncatedSvd.Truncation truncation,
            DenseMatrix gram,
            ProgressListener progress) {
        int total = runs.stream().mapToInt(t -> t.displacements().size()).sum();
        org.jrom.linalg.DimensionMismatchException.check("rows of the strains' Gram matrix", total, gram.rows());
        org.jrom.linalg.DimensionMismatchException.check("columns of the strains' Gram matrix", total, gram.cols());
        double[] size = new double[total];
        VectorArray displacements = VectorArray.zeros(solid.dim(), total);
        int m = 0;
        for (Training t : runs) {
            int first = m;
            double largest = 0;
            for (double[] u : t.displacements()) {
                largest = Math.max(largest, Math.sqrt(Math.max(0, gram.get(m, m))));
                System.arraycopy(u, 0, displacements.data(), m * u.length, u.length);
                m++;
                progress.progress(m, "POD: snapshot " + m + " of " + total);
            }
            for (int k = first; k < m; k++) {
                size[k] = Math.max(Math.sqrt(Math.max(0, gram.get(k, k))), ROUND_OFF * largest);
                if (size[k] > 0) {
                    displacements.scale(k, 1 / size[k]);
                }
            }
        }
        DenseMatrix normalized = DenseMatrix.zeros(total, total);
        for (int j = 0; j < total; j++) {
            for (int i = 0; i < total; i++) {
                double d = (size[i] > 0 ? size[i] : 1) * (size[j] > 0 ? size[j] : 1);
                normalized.set(i, j, gram.get(i, j) / d);
            }
        }
        TruncatedSvd.GramSvd svd = TruncatedSvd.ofGram(normalized, truncation);
        return strainPod(svd.singularValues(), svd.rightSingularVectors(), displacements, solid.dim());
    }

    /**
     * The POD's figures from the normalized snapshots' singular values and right singular vectors:
     * the modes are the same combinations of the normalized displacements, orthonormalized.
     */
    private static StrainPod strainPod(double[] sigma, DenseMatrix w, VectorArray displacements, int dim) {
        int m = sigma.length;
        int count = w.cols();
        double all = 0;
        double kept = 0;
        for (int j = 0; j < m; j++) {
            all += sigma[j] * sigma[j];
            kept += j < count ? sigma[j] * sigma[j] : 0;
        }
        // the method of snapshots resolves sigma down to about sqrt(m eps) sigma_1: the rest is not shown
        int resolved = 0;
        while (resolved < m && sigma[resolved] > Math.sqrt(m * Math.ulp(1.0)) * sigma[0]) {
            resolved++;
        }
        // the same combinations of the normalized displacements (the span is what the model needs)
        VectorArray modes = count == 0
                ? VectorArray.empty(dim)
                : GramSchmidt.orthonormalize(displacements.lincomb(w)).basis();
        return new StrainPod(
                modes, Arrays.copyOf(sigma, resolved), all == 0 ? 0 : Math.sqrt(Math.max(0, all - kept) / all));
    }

    /** {@code ||u||_e}, the weighted strains {@code sqrt(w_q) B_q u} left in {@code e}. */
    private static double strainNorm(SmallStrainSolid solid, double[] u, double[] root, double[] e) {
        solid.strains(u, e);
        double squared = 0;
        for (int q = 0; q < root.length; q++) {
            for (int r = 0; r < Mandel.SIZE; r++) {
                e[q * Mandel.SIZE + r] *= root[q];
                squared += e[q * Mandel.SIZE + r] * e[q * Mandel.SIZE + r];
            }
        }
        return Math.sqrt(squared);
    }

    /** The full rule as a cubature: every point with its own weight. */
    static EmpiricalCubature.Rule everyPoint(double[] weights) {
        return new EmpiricalCubature.Rule(
                IntStream.range(0, weights.length).toArray(),
                weights,
                0.0,
                0,
                EmpiricalCubature.StopReason.TOLERANCE_REACHED);
    }

    /**
     * Below this share of the largest snapshot of its run (displacements, in the strain norm) or of
     * the run so far (stresses), a snapshot is round-off and is not normalized to unit size.
     */
    static final double ROUND_OFF = 1e-8;

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    /** Offset of the cumulated plastic strain p in a point's state, -1 when the law has none. */
    static int pOffset(ConstitutiveLaw law) {
        return law.layout().variables().stream().anyMatch(v -> v.name().equals("p"))
                ? law.layout().offset("p")
                : -1;
    }

    /**
     * The leading modes of a POD, at most {@code cap}, orthonormalized again (Gram-Schmidt, dropping
     * what is round-off): an incremental POD of fields that stop changing (p after the last plastic
     * step) can return trailing modes that are not independent, and Gappy-POD and Q-DEIM need an
     * orthonormal basis.
     */
    private static VectorArray leading(VectorArray basis, int cap) {
        VectorArray kept = basis.count() <= cap ? basis : basis.slice(0, cap);
        return kept.count() == 0 ? kept : GramSchmidt.orthonormalize(kept).basis();
    }

    private static void requireSameFields(int r, StructuralRun run, StructuralRun first, List<double[]> patterns) {
        SmallStrainSolid s = run.solid();
        SmallStrainSolid s0 = first.solid();
        if (s.dim() != s0.dim() || s.numPoints() != s0.numPoints() || s.stateStride() != s0.stateStride()) {
            throw new IllegalArgumentException("run " + r + " has " + s.dim() + " dofs and " + s.numPoints()
                    + " material points, run 0 " + s0.dim() + " and " + s0.numPoints()
                    + ": a reduction takes runs of one solid");
        }
        if (!run.loads().hasHomogeneousSupports()) {
            throw new IllegalArgumentException("run " + r + " imposes a non-zero displacement: the reduced model"
                    + " takes clamps and symmetry planes (zero imposed displacements) only");
        }
        if (!Arrays.equals(run.loads().fixedDofs(), first.loads().fixedDofs())) {
            throw new IllegalArgumentException("run " + r + " fixes other dofs than run 0");
        }
        List<double[]> mine = run.loads().forcePatterns();
        if (mine.size() != patterns.size()) {
            throw new IllegalArgumentException(
                    "run " + r + " has " + mine.size() + " force patterns, run 0 " + patterns.size());
        }
        for (int k = 0; k < mine.size(); k++) {
            requireSame("force pattern " + k, r, mine.get(k), patterns.get(k));
        }
        TemperatureField t = run.loads().temperatureField();
        TemperatureField t0 = first.loads().temperatureField();
        requireSame("base temperature", r, t.base(), t0.base());
        if (t.shapeCount() != t0.shapeCount()) {
            throw new IllegalArgumentException(
                    "run " + r + " has " + t.shapeCount() + " temperature shapes, run 0 " + t0.shapeCount());
        }
        for (int k = 0; k < t.shapeCount(); k++) {
            requireSame("temperature shape " + k, r, t.shape(k), t0.shape(k));
        }
    }

    /** The fixed fields of the runs must agree to round-off: parameters scale amplitudes, not fields. */
    private static void requireSame(String what, int r, double[] mine, double[] reference) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < reference.length; i++) {
            scale = Math.max(scale, Math.abs(reference[i]));
            diff = Math.max(diff, Math.abs(mine[i] - reference[i]));
        }
        if (diff > 1e-12 * scale) {
            throw new IllegalArgumentException("run " + r + ": " + what + " differs from run 0's by " + diff
                    + " (of " + scale + "): the runs of a reduction share their fields, the parameters scale"
                    + " their amplitudes");
        }
    }

    /** The training runs' times and displacements from jrom's own solver. */
    public static Training simulate(StructuralRun run) {
        List<double[]> u = new ArrayList<>();
        run.run((step, solid, newton) -> u.add(step.displacement().clone()));
        return new Training(run, u);
    }
}

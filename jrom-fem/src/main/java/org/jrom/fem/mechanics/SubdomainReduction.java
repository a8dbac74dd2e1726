package org.jrom.fem.mechanics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.algorithms.Tsqr;
import org.jrom.hyperreduction.EmpiricalCubature;
import org.jrom.hyperreduction.HierarchicalCubature;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.linalg.VectorArray;

/**
 * The dual stage of a structural reduction split over subdomains, blocks of consecutive cells'
 * material points, as the nonintrusive distributed framework splits its solid over the processes
 * of a cluster (Casenave, Akkari, Bordeu, Rey, Ryckelynck, IJNME 2020). The law is local (a point's
 * state depends on its own strain history only), so each subdomain replays every run at its own
 * points and keeps its rows of G, its stresses and its cumulated plastic strain. Then:
 *
 * <ol>
 *   <li>G is normalized as on one JVM (each snapshot's rows divided by the Euclidean norm of its
 *       stresses over the whole solid, floored by {@link StructuralReduction#ROUND_OFF} of the run's
 *       largest so far), from the subdomains' squared norms;
 *   <li>each subdomain selects its own empirical cubature to the share of the tolerance {@link
 *       HierarchicalCubature#localTolerance} gives it, and the union is merged by one more cubature
 *       ({@link HierarchicalCubature#merge}: the rule integrates G to the reduction's tolerance);
 *   <li>the stress and p bases come from a TSQR over the subdomains ({@link Tsqr}: their R factors
 *       stacked, the SVD of the last, each subdomain's rows of the modes, orthonormalized once more).
 * </ol>
 *
 * Between the subdomains and the driver pass only each snapshot's squared stress norm, the exact
 * integrals (snapshots x modes values per subdomain), the local rules' columns of G, the R factors
 * (snapshots^2 values) and the modes' rows. Where the subdomains live is a {@link Subdomains}: this
 * JVM ({@link #onThisJvm}, one after the other: the reference the cluster's route is tested
 * against), or a cluster's executors ({@link Cluster}: jrom-spark).
 */
public final class SubdomainReduction {
    private SubdomainReduction() {}

    /** Work on one subdomain's replay: serializable, for a cluster's executors. */
    @FunctionalInterface
    public interface Task<R> extends Serializable {
        R apply(Replay replay);
    }

    /** The subdomains' replays, wherever they are held. */
    public interface Subdomains {
        /** {@code task} on every subdomain, the results in the subdomains' order. */
        <R extends Serializable> List<R> map(Task<R> task);
    }

    /** A cluster that holds subdomains on its executors: jrom-spark's backend. */
    public interface Cluster {
        /**
         * The dual stage on the cluster's executors, each building the runs from their recipes (one
         * per run, in the order of the reduction's runs).
         */
        StructuralReduction.DualStage dualStage(List<RunRecipe> recipes);
    }

    /**
     * The material points of {@code count} subdomains of consecutive cells, as nearly equal as the
     * cells allow: subdomain i holds the points {@code bounds[i] .. bounds[i + 1] - 1}.
     */
    public static int[] partition(SmallStrainSolid solid, int count) {
        int cells = solid.numPoints() / solid.pointsPerCell();
        int parts = Math.max(1, Math.min(count, cells));
        int[] bounds = new int[parts + 1];
        for (int i = 0; i <= parts; i++) {
            bounds[i] = (int) ((long) cells * i / parts) * solid.pointsPerCell();
        }
        return bounds;
    }

    /**
     * The subdomains of {@link #partition} as {@code {first point, point count}} pairs: what a
     * replay or a Gram block of one subdomain is given.
     */
    public static List<int[]> ranges(SmallStrainSolid solid, int count) {
        int[] bounds = partition(solid, count);
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.length; i++) {
            ranges.add(new int[] {bounds[i], bounds[i + 1] - bounds[i]});
        }
        return ranges;
    }

    /**
     * The dual stage with {@code count} subdomains on this JVM, replayed one after the other; the
     * displacement POD's strain Gram matrix summed over them too.
     */
    public static StructuralReduction.DualStage onThisJvm(int count) {
        return new StructuralReduction.DualStage() {
            @Override
            public StructuralReduction.Duals compute(
                    List<StructuralReduction.Training> runs,
                    VectorArray modes,
                    StructuralReduction.Options options,
                    org.jrom.ProgressListener progress,
                    PhaseTimer timer) {
                List<Replay> replays = timer.time("dual quantities (replay)", () -> {
                    List<Replay> list = new ArrayList<>();
                    for (int[] range : ranges(runs.get(0).run().solid(), count)) {
                        list.add(Replay.of(runs, modes, range[0], range[1], options.cubature() != null));
                    }
                    return list;
                });
                Subdomains here = new Subdomains() {
                    @Override
                    public <R extends Serializable> List<R> map(Task<R> task) {
                        return replays.stream().map(task::apply).toList();
                    }
                };
                return SubdomainReduction.compute(here, runs, options, progress, timer);
            }

            @Override
            public DenseMatrix strainGram(List<StructuralReduction.Training> runs) {
                List<double[]> blocks = new ArrayList<>();
                for (int[] range : ranges(runs.get(0).run().solid(), count)) {
                    blocks.add(SubdomainReduction.strainGram(runs, range[0], range[1]));
                }
                return summed(blocks);
            }
        };
    }

    /**
     * A subdomain's block of the displacement POD's strain Gram matrix: {@code E_i^T E_i}, E_i the
     * weighted strains {@code sqrt(w_q) B_q u_j} of every snapshot j at the points {@code first ..
     * first + count - 1}; snapshots x snapshots values, column-major. Summed over the subdomains it
     * is the whole solid's {@code E^T E} ({@link StructuralReduction.DualStage#strainGram}).
     */
    public static double[] strainGram(List<StructuralReduction.Training> runs, int first, int count) {
        SmallStrainSolid solid = runs.get(0).run().solid();
        int[] points = IntStream.range(first, first + count).toArray();
        double[] weights = solid.pointWeights();
        int total = runs.stream().mapToInt(t -> t.displacements().size()).sum();
        VectorArray strains = VectorArray.zeros(count * Mandel.SIZE, total);
        double[] e = new double[count * Mandel.SIZE];
        int m = 0;
        for (StructuralReduction.Training t : runs) {
            for (double[] u : t.displacements()) {
                solid.strains(u, points, e);
                for (int q = 0; q < count; q++) {
                    double root = Math.sqrt(weights[first + q]);
                    for (int r = 0; r < Mandel.SIZE; r++) {
                        e[q * Mandel.SIZE + r] *= root;
                    }
                }
                System.arraycopy(e, 0, strains.data(), m++ * e.length, e.length);
            }
        }
        return strains.gram().data();
    }

    /** The sum of square blocks (column-major, equal sizes) as a matrix. */
    public static DenseMatrix summed(List<double[]> blocks) {
        int n = (int) Math.round(Math.sqrt(blocks.get(0).length));
        double[] sum = new double[n * n];
        for (double[] b : blocks) {
            for (int k = 0; k < sum.length; k++) {
                sum[k] += b[k];
            }
        }
        return DenseMatrix.wrap(n, n, sum);
    }

    /**
     * One subdomain's replay of every run: its rows of G (not yet normalized), stresses and p.
     * Serializable, so that a cluster may keep it on disk.
     */
    public static final class Replay implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int first;
        private final int count;
        private final int snapshots;
        /**
         * G's rows over the subdomain's points, {@code snapshots x modes} of them, row r at {@code r
         * count}; null without cubature.
         */
        private final double[] g;

        private final int rows;

        private final double[] weights;
        /** Per snapshot, the sum of the squared stresses at the subdomain's points. */
        private final double[] squares;
        /** {@code 6 count x snapshots}, column-major. */
        private final double[] stresses;
        /** {@code count x snapshots}, column-major; null when the law has no p. */
        private final double[] plastic;
        /** Per run, the subdomain's largest p at the run's last step and its point. */
        private final Hot hot;

        private Replay(
                int first,
                int count,
                int snapshots,
                VectorArray g,
                double[] weights,
                double[] squares,
                double[] stresses,
                double[] plastic,
                Hot hot) {
            this.first = first;
            this.count = count;
            this.snapshots = snapshots;
            this.g = g == null ? null : g.data();
            this.rows = g == null ? 0 : g.count();
            this.weights = weights;
            this.squares = squares;
            this.stresses = stresses;
            this.plastic = plastic;
            this.hot = hot;
        }

        /**
         * Replays the runs at the material points {@code first .. first + count - 1} (each run from
         * the law's initial state; its solid's states are overwritten).
         *
         * @param withCubature whether to build G's rows (not for the POD-Galerkin model)
         */
        public static Replay of(
                List<StructuralReduction.Training> runs,
                VectorArray modes,
                int first,
                int count,
                boolean withCubature) {
            SmallStrainSolid solid = runs.get(0).run().solid();
            int n = modes.count();
            int total = runs.stream().mapToInt(t -> t.displacements().size()).sum();
            int stride = solid.stateStride();
            int pOffset = StructuralReduction.pOffset(solid.law());
            ReducedIntegrand integrand = withCubature ? new ReducedIntegrand(solid, modes, first, count) : null;
            VectorArray g = withCubature ? VectorArray.zeros(count, Math.multiplyExact(total, n)) : null;
            double[] squares = new double[total];
            double[] stresses = new double[Math.multiplyExact(count * Mandel.SIZE, total)];
            double[] plastic = pOffset < 0 ? null : new double[Math.multiplyExact(count, total)];
            Hot hot = new Hot(new double[runs.size()], new int[runs.size()]);
            int[] points = IntStream.range(first, first + count).toArray();
            int[] k = {0};
            for (int r = 0; r < runs.size(); r++) {
                StructuralReduction.Training t = runs.get(r);
                SmallStrainSolid s = t.run().solid();
                Arrays.fill(s.startState(), 0); // the law's initial state
                int run = r;
                int last = t.displacements().size() - 1;
                StateReplay.replay(
                        s,
                        points,
                        t.displacements().toArray(double[][]::new),
                        t.run().times(),
                        t.run().loads(),
                        (step, time, state) -> {
                            if (integrand != null) {
                                integrand.rows(state, "state of snapshot " + k[0], g, k[0] * n);
                            }
                            double sum = 0;
                            int column = k[0] * count * Mandel.SIZE;
                            for (int q = 0; q < count; q++) {
                                for (int c = 0; c < Mandel.SIZE; c++) {
                                    double v = state[(first + q) * stride + c];
                                    stresses[column + q * Mandel.SIZE + c] = v;
                                    sum += v * v;
                                }
                                if (plastic != null) {
                                    double p = state[(first + q) * stride + pOffset];
                                    plastic[k[0] * count + q] = p;
                                    if (step == last && (q == 0 || p > hot.value()[run])) {
                                        hot.value()[run] = p;
                                        hot.point()[run] = first + q;
                                    }
                                }
                            }
                            squares[k[0]] = sum;
                            k[0]++;
                        });
            }
            double[] weights = Arrays.copyOfRange(solid.pointWeights(), first, first + count);
            return new Replay(first, count, total, g, weights, squares, stresses, plastic, hot);
        }

        /** The scales G's rows hold now, per snapshot; null: none yet. */
        private double[] applied;

        /**
         * G's rows scaled per snapshot ({@code scales[k]} for the modes' rows of snapshot k), in place
         * (G is the replay's largest array: no copy); asked again with the same scales, as they are.
         */
        synchronized VectorArray scaledRows(double[] scales) {
            if (applied == null || !Arrays.equals(applied, scales)) {
                double[] data = g;
                int n = rows / snapshots;
                for (int row = 0; row < rows; row++) {
                    double s = applied == null ? scales[row / n] : scales[row / n] / applied[row / n];
                    for (int q = 0; q < count; q++) {
                        data[row * count + q] *= s;
                    }
                }
                applied = scales.clone();
            }
            return VectorArray.wrap(count, rows, g);
        }
    }

    /** Per run, the largest p at its last step and its point. */
    record Hot(double[] value, int[] point) implements Serializable {}

    /** What the driver needs of a subdomain first: its squared stress norms and hot spots. */
    record Summary(double[] squares, Hot hot, boolean plastic) implements Serializable {}

    /**
     * The dual stage over subdomains whose replays are held: the normalization, the merged cubature
     * and the dual bases, as in the class comment.
     */
    public static StructuralReduction.Duals compute(
            Subdomains subdomains,
            List<StructuralReduction.Training> runs,
            StructuralReduction.Options options,
            ProgressListener progress,
            PhaseTimer timer) {
        int total = runs.stream().mapToInt(t -> t.displacements().size()).sum();
        List<Summary> summaries = subdomains.map(r -> new Summary(r.squares, r.hot, r.plastic != null));
        progress.progress(2L * total, "dual quantities: " + summaries.size() + " subdomains replayed");
        double[] scales = scales(runs, summaries);
        Set<Integer> hotSpots = hotSpots(runs.size(), summaries);
        EmpiricalCubature.Options cubature = options.cubature();
        EmpiricalCubature.Rule rule = timer.time("empirical cubature", () -> {
            if (cubature == null) {
                double[] w = subdomains.map(r -> r.weights).stream()
                        .flatMapToDouble(Arrays::stream)
                        .toArray();
                return StructuralReduction.everyPoint(w);
            }
            // the exact integrals b_i = G_i w_i of each subdomain, their sum b
            List<double[]> integrals = subdomains.map(
                    r -> r.scaledRows(scales).inner(VectorArray.of(r.weights)).data());
            double[] exact = new double[integrals.get(0).length];
            double[] norms = new double[integrals.size()];
            for (int i = 0; i < norms.length; i++) {
                double[] b = integrals.get(i);
                for (int j = 0; j < exact.length; j++) {
                    exact[j] += b[j];
                }
                norms[i] = VectorArray.euclideanNorm(b, 0, b.length);
            }
            double tolerance = cubature.tolerance();
            double local = HierarchicalCubature.localTolerance(tolerance, exact, norms);
            List<HierarchicalCubature.Local> rules = subdomains.map(
                    r -> HierarchicalCubature.local(r.scaledRows(scales), r.weights, r.first, local, cubature));
            return HierarchicalCubature.merge(rules, exact, tolerance, cubature);
        });
        TruncatedSvd.Truncation truncation = TruncatedSvd.Truncation.relativeError(options.dualTolerance());
        Basis stress = timer.time(
                "dual bases (TSQR)",
                () -> tsqr(subdomains, r -> new Block(r.count * Mandel.SIZE, r.snapshots, r.stresses), truncation));
        Basis plastic = summaries.get(0).plastic()
                ? timer.time(
                        "dual bases (TSQR)",
                        () -> tsqr(subdomains, r -> new Block(r.count, r.snapshots, r.plastic), truncation))
                : null;
        return new StructuralReduction.Duals(
                rule,
                stress.modes(),
                stress.singularValues(),
                plastic == null ? null : plastic.modes(),
                plastic == null ? null : plastic.singularValues(),
                hotSpots);
    }

    /** The scale of each snapshot's rows of G: as {@link ReducedIntegrand#normalizedRows}, from the squared norms. */
    private static double[] scales(List<StructuralReduction.Training> runs, List<Summary> summaries) {
        int total = summaries.get(0).squares().length;
        double[] scales = new double[total];
        int k = 0;
        for (StructuralReduction.Training t : runs) {
            double largest = 0; // of the run so far: the floor of the normalization
            for (int step = 0; step < t.displacements().size(); step++, k++) {
                double squared = 0;
                for (Summary s : summaries) {
                    squared += s.squares()[k];
                }
                double size = Math.sqrt(squared);
                scales[k] = ReducedIntegrand.scale(size, StructuralReduction.ROUND_OFF * largest);
                largest = Math.max(largest, size);
            }
        }
        return scales;
    }

    /** The point of largest p at the end of each run, over every subdomain. */
    private static Set<Integer> hotSpots(int runs, List<Summary> summaries) {
        Set<Integer> hot = new LinkedHashSet<>();
        if (!summaries.get(0).plastic()) {
            return hot;
        }
        for (int r = 0; r < runs; r++) {
            int best = -1;
            double value = 0;
            for (Summary s : summaries) {
                if (best < 0 || s.hot().value()[r] > value) {
                    value = s.hot().value()[r];
                    best = s.hot().point()[r];
                }
            }
            hot.add(best);
        }
        return hot;
    }

    /** A subdomain's rows of a snapshot matrix, column-major. */
    record Block(int rows, int cols, double[] data) implements Serializable {}

    /** A POD basis over every point and all its singular values. */
    private record Basis(VectorArray modes, double[] singularValues) {}

    /**
     * The POD of the snapshot matrix whose row blocks the subdomains hold, by TSQR: their R factors
     * stacked on the driver, the SVD of the last R, each subdomain's rows of {@code A W}, then
     * orthonormalized once more (CholeskyQR).
     */
    private static Basis tsqr(Subdomains subdomains, Task<Block> rows, TruncatedSvd.Truncation truncation) {
        Tsqr.Triangle r = subdomains
                .map(replay -> {
                    Block b = rows.apply(replay);
                    return Tsqr.triangle(b.rows(), b.cols(), b.data());
                })
                .stream()
                .reduce(Tsqr::stack)
                .orElseThrow();
        Tsqr.Root root = Tsqr.root(r, truncation);
        int m = root.modeCount();
        double[] w = root.rightFactor();
        List<Block> parts = subdomains.map(replay -> {
            Block b = rows.apply(replay);
            double[] product = DenseMatrix.wrap(b.rows(), b.cols(), b.data())
                    .multiply(DenseMatrix.wrap(b.cols(), m, w))
                    .data();
            return new Block(b.rows(), m, product);
        });
        int dim = parts.stream().mapToInt(Block::rows).sum();
        if (m == 0) {
            return new Basis(VectorArray.empty(dim), root.singularValues());
        }
        DenseMatrix u = DenseMatrix.zeros(dim, m);
        int offset = 0;
        for (Block p : parts) {
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < p.rows(); i++) {
                    u.set(offset + i, j, p.data()[j * p.rows() + i]);
                }
            }
            offset += p.rows();
        }
        DenseMatrix q = u.multiply(DenseMatrix.wrap(
                m, m, Tsqr.orthonormalizer(u.transposeMultiply(u).data(), m)));
        return new Basis(VectorArray.wrap(dim, m, q.data()), root.singularValues());
    }
}

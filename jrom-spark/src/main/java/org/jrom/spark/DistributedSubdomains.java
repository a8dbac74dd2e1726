package org.jrom.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.jrom.fem.mechanics.RunRecipe;
import org.jrom.fem.mechanics.StructuralReduction;
import org.jrom.fem.mechanics.SubdomainReduction;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;

/**
 * The dual stage of a structural reduction on a cluster's executors ({@link SubdomainReduction}):
 * the solid split into one subdomain per core, each replayed on an executor, which builds the runs
 * from their recipes and gets the displacements by one broadcast (first for the displacement POD's
 * strain Gram matrix, summed over the subdomains) and the modes by another; the replays stay there
 * (persisted in memory), and the driver asks them for their squared stress norms, integrals, local
 * rules and TSQR factors. Each task builds its own runs (a replay writes into its solids' states).
 */
final class DistributedSubdomains implements StructuralReduction.DualStage {
    /** What a failure on an executor names. */
    private static final String WHAT = "the dual stage (the replay of the runs on the subdomains)";

    private final JavaSparkContext sc;
    private final List<RunRecipe> recipes;
    private final int parallelism;
    private final List<String[]> rows = new ArrayList<>();
    private Broadcast<Inputs> inputs; // from the Gram matrix to the end of the replay
    private List<StructuralReduction.Training> inputsOf; // the runs broadcast, by identity

    DistributedSubdomains(JavaSparkContext sc, List<RunRecipe> recipes, int parallelism) {
        this.sc = sc;
        this.recipes = List.copyOf(recipes);
        this.parallelism = parallelism;
    }

    /** What every executor needs: the runs' recipes and their displacements. */
    private record Inputs(List<RunRecipe> recipes, List<double[][]> displacements) implements Serializable {
        List<StructuralReduction.Training> trainings() {
            List<StructuralReduction.Training> runs = new ArrayList<>();
            for (int r = 0; r < recipes.size(); r++) {
                runs.add(new StructuralReduction.Training(recipes.get(r).run(), List.of(displacements.get(r))));
            }
            return runs;
        }
    }

    @Override
    public StructuralReduction.Duals compute(
            List<StructuralReduction.Training> runs,
            VectorArray modes,
            StructuralReduction.Options options,
            org.jrom.ProgressListener progress,
            org.jrom.PhaseTimer timer) {
        Broadcast<double[]> modeValues = null;
        JavaRDD<SubdomainReduction.Replay> replays = null;
        try {
            Broadcast<Inputs> shared = inputs(runs); // a local: the task must not capture this backend
            int dim = modes.dim();
            int count = modes.count();
            double[] v = new double[dim * count];
            for (int i = 0; i < count; i++) {
                System.arraycopy(modes.vector(i), 0, v, i * dim, dim);
            }
            Broadcast<double[]> values = sc.broadcast(v);
            modeValues = values;
            List<int[]> ranges = ranges(runs);
            boolean withCubature = options.cubature() != null;
            replays = sc.parallelize(ranges, ranges.size()).map(range -> {
                ExecutorBlas.oneThread();
                return SubdomainReduction.Replay.of(
                        shared.value().trainings(),
                        VectorArray.wrap(dim, count, values.value()),
                        range[0],
                        range[1],
                        withCubature);
            });
            // kept where they ran (to disk when memory is short: a replay evicted would be computed again)
            replays.persist(StorageLevel.MEMORY_AND_DISK());
            JavaRDD<SubdomainReduction.Replay> held = replays;
            long start = System.nanoTime();
            timer.run("dual quantities (replay)", () -> SparkContexts.oneLineOnFailure(WHAT, held::count));
            rows.add(new String[] {
                "replay: " + ranges.size() + " subdomains on the executors",
                String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - start) / 1e9)
            });
            SubdomainReduction.Subdomains there = new SubdomainReduction.Subdomains() {
                @Override
                public <R extends Serializable> List<R> map(SubdomainReduction.Task<R> task) {
                    return SparkContexts.oneLineOnFailure(WHAT, () -> held.map(r -> {
                                ExecutorBlas.oneThread();
                                return task.apply(r);
                            })
                            .collect());
                }
            };
            return SubdomainReduction.compute(there, runs, options, progress, timer);
        } finally {
            if (replays != null) {
                replays.unpersist(false);
            }
            if (modeValues != null) {
                modeValues.destroy();
            }
            release();
        }
    }

    /**
     * The displacement POD's strain Gram matrix, each subdomain's block {@code E_i^T E_i} computed
     * on an executor from the runs' displacements (the broadcast the replay then reuses), summed on
     * the driver: no snapshot's strains are held whole anywhere.
     */
    @Override
    public DenseMatrix strainGram(List<StructuralReduction.Training> runs) {
        boolean done = false;
        try {
            Broadcast<Inputs> in = inputs(runs);
            List<int[]> ranges = ranges(runs);
            long start = System.nanoTime();
            List<double[]> blocks = SparkContexts.oneLineOnFailure(
                    "the displacement POD (the strains' Gram matrix on the subdomains)",
                    () -> sc.parallelize(ranges, ranges.size())
                            .map(range -> {
                                ExecutorBlas.oneThread();
                                return SubdomainReduction.strainGram(in.value().trainings(), range[0], range[1]);
                            })
                            .collect());
            rows.add(new String[] {
                "displacement POD: the strains' Gram matrix on " + ranges.size() + " subdomains",
                String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - start) / 1e9)
            });
            DenseMatrix gram = SubdomainReduction.summed(blocks);
            done = true;
            return gram;
        } finally {
            if (!done) {
                release(); // the replay that would have reused it will not come
            }
        }
    }

    /** The runs' recipes and displacements broadcast once for the Gram matrix and the replay. */
    private Broadcast<Inputs> inputs(List<StructuralReduction.Training> runs) {
        if (runs.size() != recipes.size()) {
            throw new IllegalArgumentException(runs.size() + " runs and " + recipes.size() + " recipes");
        }
        if (inputs != null && inputsOf != runs) { // another reduction's runs
            release();
        }
        if (inputs == null) {
            inputsOf = runs;
            List<double[][]> displacements = new ArrayList<>();
            runs.forEach(t -> displacements.add(t.displacements().toArray(double[][]::new)));
            inputs = sc.broadcast(new Inputs(recipes, displacements));
        }
        return inputs;
    }

    /** Destroys the runs' broadcast, if any: after the replay, on a failure, and when the backend closes. */
    void release() {
        if (inputs != null) {
            inputs.destroy();
            inputs = null;
            inputsOf = null;
        }
    }

    /** One subdomain per core (two at least): its first point and its number of points. */
    private List<int[]> ranges(List<StructuralReduction.Training> runs) {
        return SubdomainReduction.ranges(runs.get(0).run().solid(), Math.max(2, parallelism));
    }

    /** The stages' rows for the report. */
    List<String[]> rows() {
        return List.copyOf(rows);
    }
}

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
import org.jrom.linalg.VectorArray;

/**
 * The dual stage of a structural reduction on a cluster's executors ({@link SubdomainReduction}):
 * the solid split into one subdomain per core, each replayed on an executor, which builds the runs
 * from their recipes and gets the displacements and modes by one broadcast; the replays stay there
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

    DistributedSubdomains(JavaSparkContext sc, List<RunRecipe> recipes, int parallelism) {
        this.sc = sc;
        this.recipes = List.copyOf(recipes);
        this.parallelism = parallelism;
    }

    /** What every executor needs: the runs' recipes, their displacements, the modes. */
    private record Inputs(List<RunRecipe> recipes, List<double[][]> displacements, int dim, int count, double[] modes)
            implements Serializable {
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
        if (runs.size() != recipes.size()) {
            throw new IllegalArgumentException(runs.size() + " runs and " + recipes.size() + " recipes");
        }
        List<double[][]> displacements = new ArrayList<>();
        runs.forEach(t -> displacements.add(t.displacements().toArray(double[][]::new)));
        double[] v = new double[modes.dim() * modes.count()];
        for (int i = 0; i < modes.count(); i++) {
            System.arraycopy(modes.vector(i), 0, v, i * modes.dim(), modes.dim());
        }
        Broadcast<Inputs> inputs = sc.broadcast(new Inputs(recipes, displacements, modes.dim(), modes.count(), v));
        int[] bounds = SubdomainReduction.partition(runs.get(0).run().solid(), Math.max(2, parallelism));
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.length; i++) {
            ranges.add(new int[] {bounds[i], bounds[i + 1] - bounds[i]});
        }
        boolean withCubature = options.cubature() != null;
        JavaRDD<SubdomainReduction.Replay> replays = sc.parallelize(ranges, ranges.size())
                .map(range -> {
                    ExecutorBlas.oneThread();
                    Inputs in = inputs.value();
                    return SubdomainReduction.Replay.of(
                            in.trainings(),
                            VectorArray.wrap(in.dim(), in.count(), in.modes()),
                            range[0],
                            range[1],
                            withCubature);
                });
        // kept where they ran (to disk when memory is short: a replay evicted would be computed again)
        replays.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long start = System.nanoTime();
            timer.run("dual quantities (replay)", () -> SparkContexts.oneLineOnFailure(WHAT, replays::count));
            rows.add(new String[] {
                "replay: " + ranges.size() + " subdomains on the executors",
                String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - start) / 1e9)
            });
            SubdomainReduction.Subdomains held = new SubdomainReduction.Subdomains() {
                @Override
                public <R extends Serializable> List<R> map(SubdomainReduction.Task<R> task) {
                    return SparkContexts.oneLineOnFailure(WHAT, () -> replays.map(r -> {
                                ExecutorBlas.oneThread();
                                return task.apply(r);
                            })
                            .collect());
                }
            };
            return SubdomainReduction.compute(held, runs, options, progress, timer);
        } finally {
            replays.unpersist(false);
            inputs.destroy();
        }
    }

    /** The stages' rows for the report. */
    List<String[]> rows() {
        return List.copyOf(rows);
    }
}

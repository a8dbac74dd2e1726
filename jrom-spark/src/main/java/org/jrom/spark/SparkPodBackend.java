package org.jrom.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.algorithms.IncrementalPod;
import org.jrom.linalg.VectorArray;
import org.jrom.pipelines.PodBackend;
import org.jrom.pipelines.Snapshots;

/**
 * The POD of an offline stage on Apache Spark, the command line's {@code --spark [MASTER]}: the
 * driver (this JVM) streams the snapshots into column blocks, the executors run the two-level
 * HAPOD on them ({@link DistributedPod#hapod}: each block compresses itself, the compressed columns
 * go to row blocks for the TSQR root), and the modes come back to the driver. The bound of {@link
 * IncrementalPod} holds: the leaves' and the root's discarded energies sum to at most {@code tol^2}
 * of the snapshots' energy.
 *
 * <p>On a cluster master the executors get jrom's classes from the jars the launcher names in the
 * system property {@code jrom.spark.jars} (comma-separated; {@code spark.jars}).
 */
public final class SparkPodBackend implements PodBackend {
    /** The HAPOD's share of the tolerance for the leaves: half the error budget each way (Himpe et al.). */
    static final double OMEGA = 0.5;

    private final JavaSparkContext sc;
    private final boolean owned; // started here, so stopped by close(); else the application's context
    private final String master;
    private final TaskTimes tasks = new TaskTimes();
    private final List<String[]> timings = new ArrayList<>();
    private String method = "HAPOD";

    SparkPodBackend(JavaSparkContext sc, boolean owned) {
        this.sc = sc;
        this.owned = owned;
        this.master = sc.master();
        sc.sc().addSparkListener(tasks);
    }

    /** The {@code spark} provider of the command line's {@code --spark [MASTER]}. */
    public static final class Provider implements PodBackend.Provider {
        @Override
        public String name() {
            return "spark";
        }

        /**
         * A backend on {@code master}; in a JVM that already runs a Spark context on that master (a
         * Spark application calling jrom), that context, left running on close.
         *
         * @throws JromException when this JVM runs a context on another master (Spark allows one)
         */
        @Override
        public PodBackend open(String master) {
            // SparkContext.getActive is package-private in Scala, public in the bytecode of its companion object
            scala.Option<org.apache.spark.SparkContext> active = org.apache.spark.SparkContext$.MODULE$.getActive();
            if (active.isDefined()) {
                if (!active.get().master().equals(master)) {
                    throw new JromException("--spark " + master + ": this JVM already runs a Spark context on "
                            + active.get().master() + ", and Spark allows one");
                }
                return new SparkPodBackend(JavaSparkContext.fromSparkContext(active.get()), false);
            }
            String jars = System.getProperty("jrom.spark.jars", "");
            List<String> list = master.startsWith("local") || jars.isBlank() ? List.of() : List.of(jars.split(","));
            return new SparkPodBackend(SparkContexts.open(master, "jrom", list), true);
        }
    }

    @Override
    public IncrementalPod.Result pod(Snapshots snapshots, double tolerance, int maxModes, ProgressListener progress) {
        tasks.clear();
        timings.clear();
        long start = System.nanoTime();
        int dim = snapshots.dim();
        int count = snapshots.count();
        int parallelism = sc.defaultParallelism();
        // about four column blocks per core: the leaves balance, and each leaf's SVD stays small
        int perBlock = Math.max(1, (count + 4 * parallelism - 1) / (4 * parallelism));
        List<ColumnBlock> blocks = new ArrayList<>();
        progress.start("POD on Spark: snapshots to the executors", count);
        boolean done = false;
        try {
            while (snapshots.hasNext()) {
                int first = snapshots.position();
                VectorArray b = snapshots.next(perBlock);
                double[] data = new double[Math.multiplyExact(dim, b.count())];
                for (int j = 0; j < b.count(); j++) {
                    System.arraycopy(b.vector(j), 0, data, j * dim, dim);
                }
                blocks.add(new ColumnBlock(first, dim, b.count(), data));
                progress.progress(snapshots.position(), "");
            }
            done = true;
        } finally {
            if (done) {
                progress.finish();
            } else {
                progress.abandon();
            }
        }
        double read = seconds(start);
        long hapodStart = System.nanoTime();
        JavaRDD<ColumnBlock> rdd = sc.parallelize(blocks, blocks.size());
        int rowBlocks = Math.max(1, Math.min(parallelism, dim));
        DistributedPod.Hapod h = DistributedPod.hapod(rdd, dim, tolerance, OMEGA, rowBlocks);
        DistributedPod.Result root = h.pod();
        int kept = Math.min(root.modeCount(), maxModes);
        double[] sigma = root.singularValues();
        double discarded = h.discardedBound();
        for (int k = kept; k < root.modeCount(); k++) { // the mode limit cuts what the tolerance kept
            discarded += sigma[k] * sigma[k];
        }
        VectorArray all = root.collectModes(dim);
        VectorArray modes = VectorArray.empty(dim);
        for (int k = 0; k < kept; k++) {
            modes.append(VectorArray.of(all.vector(k)));
        }
        double hapod = seconds(hapodStart);
        // the listener bus is asynchronous: its task-end events for this job, delivered before reading
        // (Scala's package-private waitUntilEmpty is public in the bytecode; Spark's own tests call it)
        try {
            sc.sc().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            // the per-executor rows then miss late events; the POD itself is complete
        }
        method = String.format(
                Locale.ROOT,
                "HAPOD (omega %.1f) over %d column blocks of %d snapshots, TSQR root over %d row blocks",
                OMEGA,
                blocks.size(),
                perBlock,
                rowBlocks);
        timings.add(new String[] {"POD: snapshots read and sent (driver)", String.format(Locale.ROOT, "%.2f s", read)});
        timings.add(new String[] {"POD: HAPOD on the executors", String.format(Locale.ROOT, "%.2f s", hapod)});
        tasks.perExecutor()
                .forEach((executor, t) -> timings.add(new String[] {
                    "POD: executor " + executor,
                    String.format(Locale.ROOT, "%d tasks, %.2f s in tasks", (long) t[0], t[1])
                }));
        return new IncrementalPod.Result(
                modes, java.util.Arrays.copyOf(sigma, kept), count, h.energy(), Math.min(discarded, h.energy()));
    }

    @Override
    public String describe() {
        return "Apache Spark " + sc.version() + " on " + master + " (" + sc.defaultParallelism() + " cores): " + method;
    }

    @Override
    public List<String[]> timings() {
        return List.copyOf(timings);
    }

    @Override
    public void close() {
        sc.sc().removeSparkListener(tasks);
        if (owned) {
            sc.close();
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The tasks' count and time per executor, from Spark's listener bus (the driver's side). */
    static final class TaskTimes extends SparkListener {
        private final Map<String, double[]> byExecutor = new TreeMap<>();

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
            double[] t = byExecutor.computeIfAbsent(end.taskInfo().executorId(), k -> new double[2]);
            t[0]++;
            t[1] += end.taskInfo().duration() / 1e3;
        }

        synchronized void clear() {
            byExecutor.clear();
        }

        /** Executor id to {tasks, seconds}, a copy. */
        synchronized Map<String, double[]> perExecutor() {
            Map<String, double[]> out = new TreeMap<>();
            byExecutor.forEach((k, v) -> out.put(k, v.clone()));
            return out;
        }
    }
}

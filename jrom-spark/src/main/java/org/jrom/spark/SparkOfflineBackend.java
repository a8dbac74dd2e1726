package org.jrom.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.algorithms.IncrementalPod;
import org.jrom.fem.mechanics.RunRecipe;
import org.jrom.fem.mechanics.StructuralReduction;
import org.jrom.fem.mechanics.SubdomainReduction;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ModelRecipe;
import org.jrom.pipelines.OfflineBackend;
import org.jrom.pipelines.Snapshots;
import org.jrom.reductors.CoerciveRbReductor;

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
public final class SparkOfflineBackend implements OfflineBackend, SubdomainReduction.Cluster {
    /**
     * The HAPOD's leaf tolerance factor: leaves compress to {@code omega tol}, so spend at most
     * {@code omega^2 = 1/4} of the error budget {@code tol^2 E}, the root the rest (Himpe, Leibner,
     * Rave 2018).
     */
    static final double OMEGA = 0.5;

    /** The largest column block sent to an executor, in bytes. */
    static final long BLOCK_BYTES = 32L << 20;

    private final JavaSparkContext sc;
    private final boolean owned; // started here, so stopped by close(); else the application's context
    private final String master;
    private final TaskTimes tasks = new TaskTimes();
    private final List<String[]> timings = new ArrayList<>(); // the POD's stages
    private String method = "";
    private DistributedGreedyWork greedy; // null until greedyWork is asked for
    private DistributedSubdomains subdomains; // null until dualStage is asked for
    private final int parallelism; // the cores, once a cluster's executors registered

    SparkOfflineBackend(JavaSparkContext sc, boolean owned) {
        this.sc = sc;
        this.owned = owned;
        this.master = sc.master();
        this.parallelism = registeredParallelism(sc);
        sc.sc().addSparkListener(tasks);
    }

    /** Whether a master URL runs the executors in this JVM ({@code local}, {@code local[N]}, {@code local[N,F]}). */
    static boolean inThisJvm(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    /**
     * The cores to plan for: a cluster's executors register after its context starts, and Spark's
     * default parallelism counts only those registered; so wait (30 s at most) until their number
     * has held for 2 s.
     */
    private static int registeredParallelism(JavaSparkContext sc) {
        if (inThisJvm(sc.master())) {
            return sc.defaultParallelism();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        int last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int executors = sc.sc().getExecutorMemoryStatus().size() - 1; // less the driver's
            if (executors != last) {
                last = executors;
                since = System.nanoTime();
            } else if (executors > 0 && System.nanoTime() - since > 2_000_000_000L) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return sc.defaultParallelism();
    }

    /** The {@code spark} provider of the command line's {@code --spark [MASTER]}. */
    public static final class Provider implements OfflineBackend.Provider {
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
        public OfflineBackend open(String master) {
            SparkContexts.checkReachable(master); // before any context: the master named must answer
            // SparkContext.getActive is package-private in Scala, public in the bytecode of its companion object
            scala.Option<org.apache.spark.SparkContext> active = org.apache.spark.SparkContext$.MODULE$.getActive();
            if (active.isDefined()) {
                if (!active.get().master().equals(master)) {
                    throw new JromException("--spark " + master + ": this JVM already runs a Spark context on "
                            + active.get().master() + ", and Spark allows one");
                }
                return new SparkOfflineBackend(JavaSparkContext.fromSparkContext(active.get()), false);
            }
            return new SparkOfflineBackend(SparkContexts.reachable(master, "jrom", applicationJars(master)), true);
        }
    }

    /**
     * What a cluster's executors load jrom's classes from ({@code spark.jars}): the launcher's
     * {@code jrom.spark.jars}, else the jars this plugin and jrom-core were loaded from; none for a
     * master in this JVM.
     */
    static List<String> applicationJars(String master) {
        if (inThisJvm(master)) {
            return List.of();
        }
        String given = System.getProperty("jrom.spark.jars", "");
        if (!given.isBlank()) {
            return List.of(given.split(","));
        }
        java.util.Set<String> jars = new java.util.LinkedHashSet<>();
        for (Class<?> c : List.of(SparkOfflineBackend.class, OfflineBackend.class)) {
            var source = c.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation().getPath().endsWith(".jar")) {
                jars.add(source.getLocation().toString());
            }
        }
        return List.copyOf(jars);
    }

    @Override
    public IncrementalPod.Result pod(Snapshots snapshots, double tolerance, int maxModes, ProgressListener progress) {
        timings.clear();
        int dim = snapshots.dim();
        int count = snapshots.count();
        double leafTolerance = DistributedPod.leafTolerance(tolerance, OMEGA);
        // about four column blocks per core, so that the leaves balance, each at most BLOCK_BYTES: a
        // task's data far below Spark's message limit (spark.rpc.message.maxSize, 128 MiB)
        long byBytes = Math.max(1, BLOCK_BYTES / (8L * dim));
        int perBlock = (int) Math.max(1, Math.min(byBytes, (count + 4L * parallelism - 1) / (4L * parallelism)));
        int wave = 2 * parallelism; // blocks the driver holds at once; only their leaves stay
        List<DistributedPod.Leaf> leaves = new ArrayList<>();
        List<ColumnBlock> blocks = new ArrayList<>();
        long[] nanos = new long[2]; // reading (driver), leaves (executors)
        Snapshots.track(snapshots, "POD on Spark: snapshots to the executors' leaves", progress, () -> {
            long t = System.nanoTime();
            int first = snapshots.position();
            VectorArray b = snapshots.next(perBlock);
            double[] data = new double[dim * b.count()]; // below 2^31: perBlock * dim <= BLOCK_BYTES / 8
            for (int j = 0; j < b.count(); j++) {
                System.arraycopy(b.vector(j), 0, data, j * dim, dim);
            }
            blocks.add(new ColumnBlock(first, dim, b.count(), data));
            nanos[0] += System.nanoTime() - t;
            if (blocks.size() == wave || !snapshots.hasNext()) {
                t = System.nanoTime();
                leaves.addAll(
                        SparkContexts.oneLineOnFailure("the POD's leaves", () -> sc.parallelize(blocks, blocks.size())
                                .map(c -> DistributedPod.leaf(c, leafTolerance))
                                .collect()));
                blocks.clear();
                nanos[1] += System.nanoTime() - t;
            }
        });
        long rootStart = System.nanoTime();
        int rowBlocks = Math.max(1, Math.min(parallelism, dim));
        DistributedPod.Hapod h =
                DistributedPod.root(sc.parallelize(leaves, Math.min(leaves.size(), wave)), dim, tolerance, rowBlocks);
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
        double rootSeconds = seconds(rootStart);
        int blockCount = leaves.size();
        method = String.format(
                Locale.ROOT,
                "HAPOD (omega %.1f) over %d column blocks of at most %d snapshots, in waves of %d, TSQR root over %d"
                        + " row blocks",
                OMEGA,
                blockCount,
                perBlock,
                wave,
                rowBlocks);
        timings.add(
                new String[] {"POD: snapshots read (driver)", String.format(Locale.ROOT, "%.2f s", nanos[0] / 1e9)});
        timings.add(new String[] {
            "POD: leaves on the executors (blocks sent, compressed, returned)",
            String.format(Locale.ROOT, "%.2f s", nanos[1] / 1e9)
        });
        timings.add(new String[] {
            "POD: root (TSQR over the leaves) and the modes", String.format(Locale.ROOT, "%.2f s", rootSeconds)
        });
        return new IncrementalPod.Result(
                modes, java.util.Arrays.copyOf(sigma, kept), count, h.energy(), Math.min(discarded, h.energy()));
    }

    @Override
    public CoerciveRbReductor.GreedyWork greedyWork(ModelRecipe recipe) {
        if (greedy != null) {
            greedy.release();
        }
        greedy = new DistributedGreedyWork(sc, recipe, parallelism);
        method = "the greedy's training-set sweeps (the reduced model broadcast each step) and snapshots";
        return greedy;
    }

    /**
     * The dual stage of a structural reduction on the executors: one subdomain of the solid per core
     * ({@link DistributedSubdomains}).
     */
    @Override
    public StructuralReduction.DualStage dualStage(List<RunRecipe> recipes) {
        if (subdomains != null) {
            subdomains.release();
        }
        subdomains = new DistributedSubdomains(sc, recipes, parallelism);
        method = "the structural reduction's dual stage over subdomains, one per core (the runs replayed there,"
                + " their cubatures merged, the dual bases by TSQR)";
        return subdomains;
    }

    /** The jobs as one Spark job of one task each, the progress from the tasks' ends. */
    @Override
    public <T extends java.io.Serializable> List<T> run(List<? extends Job<T>> jobs, ProgressListener progress) {
        List<Job<T>> list = List.copyOf(jobs);
        if (list.isEmpty()) {
            return List.of();
        }
        method = list.size() + " independent jobs (one task each)";
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        SparkListener ends = new SparkListener() {
            @Override
            public void onTaskStart(org.apache.spark.scheduler.SparkListenerTaskStart start) {
                running.incrementAndGet();
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                running.decrementAndGet(); // a killed task ends when its thread has stopped
                if (end.taskInfo().successful()) {
                    synchronized (progress) { // Spark's listener thread
                        progress.progress(done.incrementAndGet(), "jobs done on the executors: " + done.get());
                    }
                }
            }
        };
        sc.sc().addSparkListener(ends);
        String group = "jrom-jobs-" + java.util.UUID.randomUUID();
        sc.setJobGroup(group, method, true); // cancelled, its tasks are interrupted
        try {
            List<T> results = sc.parallelize(list, list.size())
                    .map(job -> {
                        ExecutorBlas.oneThread();
                        return job.call();
                    })
                    .collect();
            timings.add(new String[] {
                "jobs on the executors", String.format(Locale.ROOT, "%d, %.2f s", list.size(), seconds(start))
            });
            return results;
        } catch (Exception e) { // Spark's SparkException is a checked exception thrown undeclared
            // the other jobs' tasks go on after one failed: stop them and wait, so that nothing writes
            // into the output after the caller has removed it
            sc.cancelJobGroup(group);
            awaitNoRunningTasks(running, 120);
            throw SparkContexts.failed("a job", e);
        } finally {
            sc.clearJobGroup();
            drainListenerBus(); // the last task ends reach the progress before it is finished
            sc.sc().removeSparkListener(ends);
        }
    }

    @Override
    public String describe() {
        return "Apache Spark " + sc.version() + " on " + master + " (" + parallelism + " cores)"
                + (method.isEmpty() ? "" : ": " + method);
    }

    /**
     * Waits until the listener bus has delivered its events (it is asynchronous; Scala's
     * package-private waitUntilEmpty is public in the bytecode, and Spark's own tests call it).
     */
    private void drainListenerBus() {
        try {
            sc.sc().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            // late events are missed; the work itself is complete
        }
    }

    /** Waits (at most {@code seconds}) until every task started has ended: cancelled ones have stopped. */
    private void awaitNoRunningTasks(java.util.concurrent.atomic.AtomicInteger running, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        drainListenerBus();
        while (running.get() > 0 && System.nanoTime() < deadline) {
            drainListenerBus();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The stages of the work so far, then the tasks and task time per executor (all jobs of this backend). */
    @Override
    public List<String[]> timings() {
        drainListenerBus(); // the task-end events delivered before reading
        List<String[]> rows = new ArrayList<>(timings);
        if (greedy != null) {
            rows.addAll(greedy.rows());
        }
        if (subdomains != null) {
            rows.addAll(subdomains.rows());
        }
        tasks.perExecutor()
                .forEach((executor, t) -> rows.add(new String[] {
                    "executor " + executor, String.format(Locale.ROOT, "%d tasks, %.2f s in tasks", (long) t[0], t[1])
                }));
        return rows;
    }

    @Override
    public void close() {
        if (greedy != null) {
            greedy.release();
        }
        if (subdomains != null) {
            subdomains.release();
        }
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

        /** Executor id to {tasks, seconds}, a copy. */
        synchronized Map<String, double[]> perExecutor() {
            Map<String, double[]> out = new TreeMap<>();
            byExecutor.forEach((k, v) -> out.put(k, v.clone()));
            return out;
        }
    }
}

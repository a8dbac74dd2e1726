package org.jrom.pipelines;

import java.io.Serializable;
import java.util.List;
import java.util.ServiceLoader;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.algorithms.IncrementalPod;
import org.jrom.models.ModelRecipe;
import org.jrom.reductors.CoerciveRbReductor;

/**
 * Where an offline stage's heavy work runs when it is not this JVM's threads: a cluster, through a
 * plugin found on the class path ({@link Provider}, a {@link ServiceLoader} service). jrom-spark
 * provides one for Apache Spark (docs/distributed.md); nothing in jrom depends on it, and the
 * plugin is only looked up when a command asks for it ({@code --spark}), so that commands without
 * it never load Spark.
 *
 * <p>A backend computes the POD of a pass over the snapshots with the guarantee of {@link
 * IncrementalPod}: {@code sum_j ||s_j - P s_j||^2 <= discardedEnergyBound <= tol^2 sum_j
 * ||s_j||^2} (unless the mode limit stops it first, then the bound says what it left); and the
 * weak greedy's training-set sweeps and snapshots ({@link #greedyWork}), with the numbers of this
 * JVM's.
 */
public interface OfflineBackend extends AutoCloseable {
    /**
     * The POD of the snapshots of one pass, to the relative tolerance {@code tol} (Euclidean inner
     * product), with at most {@code maxModes} modes; the modes come back to this JVM.
     *
     * @param progress one task, the snapshots read and sent
     */
    IncrementalPod.Result pod(Snapshots snapshots, double tolerance, int maxModes, ProgressListener progress);

    /**
     * The weak greedy's work on the cluster: each step's training-set sweep over the executors (the
     * reduced model sent once per step) and the selected snapshot solved on an executor, whose
     * high-fidelity model is built there from {@code recipe}.
     */
    CoerciveRbReductor.GreedyWork greedyWork(ModelRecipe recipe);

    /**
     * Independent jobs, each run once on an executor (a structural run written into a shared folder,
     * say), their results in the jobs' order; {@code progress} hears of each job done (the caller
     * starts and finishes it). A job that should not stop the others returns its failure as a result.
     *
     * @throws JromException in one line when a job throws on an executor
     */
    <T extends Serializable> List<T> run(List<? extends Job<T>> jobs, ProgressListener progress);

    /** A job for {@link #run}: serializable, for another process. */
    @FunctionalInterface
    interface Job<T extends Serializable> extends Serializable {
        T call();
    }

    /** One line for reports: the engine, its master and executors, the method. */
    String describe();

    /**
     * What the work so far cost per stage and per executor, as rows for the report's settings
     * table: {@code {name, value}}.
     */
    List<String[]> timings();

    /** Stops what the backend started (a Spark context); no checked exception. */
    @Override
    void close();

    /** Opens backends of one kind: the service a plugin registers in {@code META-INF/services}. */
    interface Provider {
        /** The kind, as the command line names it: {@code spark}. */
        String name();

        /**
         * A backend on {@code master} (for Spark, a master URL such as {@code local[2]} or {@code
         * spark://host:7077}).
         */
        OfflineBackend open(String master);
    }

    /**
     * The backend of kind {@code name} on {@code master}, from the providers on the class path.
     *
     * @throws JromException naming the module to add when no provider of that kind is there
     */
    static OfflineBackend open(String name, String master) {
        try {
            for (Provider p : ServiceLoader.load(Provider.class, OfflineBackend.class.getClassLoader())) {
                if (p.name().equals(name)) {
                    return p.open(master);
                }
            }
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            // a plugin jar without its libraries, or one built against another jrom: one line, not a trace
            throw new JromException("--" + name + ": the jrom-" + name + " plugin on the class path does not load (" + e
                    + "); rebuild it with ./mvnw -pl jrom-" + name + " -am package, or run through ./jrom");
        }
        throw new JromException("--" + name + " needs the jrom-" + name + " module on the class path: run through the"
                + " ./jrom launcher, which adds it and its jars; by hand, java with the options of jrom-" + name
                + "/target/spark-home/conf/java-options -cp 'jrom-" + name + "/target/spark-home/jars/*:jrom-" + name
                + "/target/jrom-" + name + "-VERSION.jar:jrom-cli/target/jrom.jar' org.jrom.cli.JromCommand ...");
    }
}

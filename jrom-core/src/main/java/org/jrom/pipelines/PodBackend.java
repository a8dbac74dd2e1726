package org.jrom.pipelines;

import java.util.List;
import java.util.ServiceLoader;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.algorithms.IncrementalPod;

/**
 * Where the POD of an offline stage runs when it is not this JVM's threads: a cluster, through a
 * plugin found on the class path ({@link Provider}, a {@link ServiceLoader} service). jrom-spark
 * provides one for Apache Spark (docs/distributed.md); nothing in jrom depends on it, and the
 * plugin is only looked up when a command asks for it ({@code --spark}), so that commands without
 * it never load Spark.
 *
 * <p>A backend computes the POD of a pass over the snapshots with the guarantee of {@link
 * IncrementalPod}: {@code sum_j ||s_j - P s_j||^2 <= discardedEnergyBound <= tol^2 sum_j
 * ||s_j||^2} (unless the mode limit stops it first, then the bound says what it left).
 */
public interface PodBackend extends AutoCloseable {
    /**
     * The POD of the snapshots of one pass, to the relative tolerance {@code tol} (Euclidean inner
     * product), with at most {@code maxModes} modes; the modes come back to this JVM.
     *
     * @param progress one task, the snapshots read and sent
     */
    IncrementalPod.Result pod(Snapshots snapshots, double tolerance, int maxModes, ProgressListener progress);

    /** One line for reports: the engine, its master and executors, the method. */
    String describe();

    /**
     * What the last {@link #pod} cost per stage and per executor, as rows for the report's
     * settings table: {@code {name, value}}.
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
        PodBackend open(String master);
    }

    /**
     * The backend of kind {@code name} on {@code master}, from the providers on the class path.
     *
     * @throws JromException naming the module to add when no provider of that kind is there
     */
    static PodBackend open(String name, String master) {
        for (Provider p : ServiceLoader.load(Provider.class, PodBackend.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p.open(master);
            }
        }
        throw new JromException("--" + name + " needs the jrom-" + name + " module on the class path: run through the"
                + " ./jrom launcher, which adds it and its jars, or put jrom-" + name
                + "/target/jrom-" + name + "-*.jar and its spark-home/jars/* before jrom.jar");
    }
}

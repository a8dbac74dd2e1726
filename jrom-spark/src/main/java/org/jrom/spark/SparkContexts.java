package org.jrom.spark;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark contexts as jrom opens them, on any master URL Spark accepts ({@code local[N]} embedded in
 * this JVM, {@code spark://HOST:PORT} for a standalone cluster); no web UI; executors get
 * Spark's module options and the large thread stacks OpenBLAS's LAPACK needs (docs/linalg.md).
 */
public final class SparkContexts {
    private SparkContexts() {}

    /** The JVM options of an executor: Spark's module options (the system property the build sets, if any) and -Xss16m. */
    static String executorOptions() {
        return System.getProperty("jrom.spark.module.options", "") + " -Xss16m";
    }

    /**
     * A context on {@code master} (e.g. {@code local[2]}, {@code spark://127.0.0.1:7077}).
     *
     * @param jars the application's jars, shipped to the executors of a cluster (none for local masters)
     */
    public static JavaSparkContext open(String master, String appName, List<String> jars) {
        checkReachable(master);
        return reachable(master, appName, jars);
    }

    /** {@link #open} on a master the caller has probed ({@link #checkReachable}). */
    static JavaSparkContext reachable(String master, String appName, List<String> jars) {
        SparkConf conf = new SparkConf()
                .setMaster(master)
                .setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.executor.extraJavaOptions", executorOptions())
                .set("spark.executorEnv.OPENBLAS_NUM_THREADS", "1")
                .set("spark.serializer", "org.apache.spark.serializer.JavaSerializer");
        if (!jars.isEmpty()) {
            conf.setJars(jars.toArray(String[]::new));
        }
        return new JavaSparkContext(conf);
    }

    /**
     * Refuses a standalone master ({@code spark://HOST:PORT}, or {@code spark://H1:P1,H2:P2} for
     * masters on standby) where none accepts a connection within 5 s: Spark itself retries for a
     * minute and then ends the context under the caller.
     */
    static void checkReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        List<String> refused = new java.util.ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                // reported below
            }
            if (port < 1 || port > 65535) {
                throw new org.jrom.JromException(
                        "--spark " + master + ": a standalone master is spark://HOST:PORT, found '" + hostPort + "'");
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(hostPort.substring(0, colon), port), 5000);
                return;
            } catch (java.io.IOException e) {
                refused.add(hostPort + " ("
                        + (e instanceof java.net.UnknownHostException ? "unknown host" : e.getMessage()) + ")");
            }
        }
        throw new org.jrom.JromException(
                "--spark " + master + ": no Spark master answers at " + String.join(", ", refused));
    }

    /**
     * The job's result; its failure on an executor (a manifest or case it cannot read) is one line
     * ({@link #failed}): Spark's SparkException is a checked exception thrown undeclared.
     */
    static <T> T oneLineOnFailure(String what, java.util.function.Supplier<T> job) {
        try {
            return job.get();
        } catch (org.jrom.JromException e) { // the driver's own, already one line
            throw e;
        } catch (Exception e) {
            throw failed(what, e);
        }
    }

    /** A failed job, in one line: what failed and the executor's own message (a manifest it cannot read). */
    static org.jrom.JromException failed(String what, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String line = message == null
                ? root.getClass().getSimpleName()
                : message.lines().findFirst().orElse("");
        return new org.jrom.JromException("--spark: " + what + " failed on an executor: " + line, e);
    }
}

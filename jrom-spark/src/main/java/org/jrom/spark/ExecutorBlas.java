package org.jrom.spark;

import org.jrom.linalg.OpenBlas;

/**
 * One BLAS thread per task: an executor runs one task per core, each solving or factoring on its
 * own, and OpenBLAS's threads on top would oversubscribe the cores (measured on the 2-core
 * machine: 24.2 s of snapshots and 17.5 s of system time with its default threads, 11.9 s with one;
 * docs/distributed.md). Set once per JVM, before the first task's BLAS call; a cluster's executors
 * also get {@code OPENBLAS_NUM_THREADS=1} in their environment ({@link SparkContexts}). On a local
 * master the executor is this JVM: the setting then holds for the driver's own calls too.
 */
final class ExecutorBlas {
    private static volatile boolean set;

    private ExecutorBlas() {}

    /** Makes every later OpenBLAS call of this process single-threaded (once). */
    static void oneThread() {
        if (!set) {
            synchronized (ExecutorBlas.class) {
                if (!set) {
                    OpenBlas.setThreads(1);
                    set = true;
                }
            }
        }
    }
}

package org.jrom.pipelines;

import java.util.NoSuchElementException;
import org.jrom.ProgressListener;
import org.jrom.linalg.VectorArray;

/**
 * One streamed pass over snapshot vectors {@code u(mu_j)}, j = 0, 1, ..., in order, one at a time
 * or a block at a time, without holding all of them: the input of {@link PodRegressionReduction}
 * (jrom-io's {@code SnapshotSource} reads them from files). A pass is used once; a pipeline that
 * needs two passes opens the snapshots twice. Memory: one block.
 */
public interface Snapshots extends AutoCloseable {
    /** The dimension n of every snapshot. */
    int dim();

    /** The number m of snapshots. */
    int count();

    /** The index of the next snapshot {@link #next()} returns. */
    int position();

    /** True while snapshots remain. */
    default boolean hasNext() {
        return position() < count();
    }

    /**
     * The next snapshot.
     *
     * @throws NoSuchElementException after the last
     */
    double[] next();

    /** The next {@code min(max, count() - position())} snapshots, as a block (empty at the end). */
    VectorArray next(int max);

    /** Releases what the pass holds; no checked exception. */
    @Override
    void close();

    /**
     * Runs {@code step} while snapshots of {@code s} remain (each step reads some), as one progress
     * task: finished when the pass is over, abandoned when a step throws.
     */
    static void track(Snapshots s, String task, ProgressListener progress, Runnable step) {
        progress.start(task, s.count());
        boolean done = false;
        try {
            while (s.hasNext()) {
                step.run();
                progress.progress(s.position(), "");
            }
            done = true;
        } finally {
            if (done) {
                progress.finish();
            } else {
                progress.abandon();
            }
        }
    }
}

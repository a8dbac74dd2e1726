package org.jrom.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The worker pool used by multithreaded kernels (SpMV, blocked products, assembly). Its size is
 * the number of available processors unless the system property {@code jrom.threads} says
 * otherwise.
 */
public final class Parallel {
    /** Body of a parallel loop over the half-open index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final int THREADS =
            Math.max(1, Integer.getInteger("jrom.threads", Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    private Parallel() {}

    /** Number of worker threads kernels may use. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split at the given boundaries ({@code bounds[0] = 0},
     * {@code bounds[last] = n}), one task per piece, and waits for all of them.
     */
    public static void forPieces(int[] bounds, RangeBody body) {
        int pieces = bounds.length - 1;
        if (POOL == null || pieces <= 1 || ForkJoinTask.inForkJoinPool()) {
            for (int p = 0; p < pieces; p++) {
                body.run(bounds[p], bounds[p + 1]);
            }
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(pieces);
        for (int p = 0; p < pieces; p++) {
            int from = bounds[p];
            int to = bounds[p + 1];
            tasks.add(POOL.submit(() -> body.run(from, to)));
        }
        for (ForkJoinTask<?> t : tasks) {
            t.join();
        }
    }

    /** Runs {@code body} over {@code [0, n)} in {@code pieces} nearly equal ranges. */
    public static void forRange(int n, int pieces, RangeBody body) {
        forPieces(evenBounds(n, pieces), body);
    }

    /** Boundaries of {@code pieces} nearly equal ranges covering {@code [0, n)}. */
    public static int[] evenBounds(int n, int pieces) {
        int p = Math.max(1, Math.min(pieces, n));
        int[] bounds = new int[p + 1];
        for (int i = 0; i <= p; i++) {
            bounds[i] = (int) ((long) n * i / p);
        }
        return bounds;
    }
}

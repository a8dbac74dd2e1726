package org.jrom.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
        if (serially(bounds, body)) {
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

    /**
     * Runs {@code body} over the pieces (as {@link #forPieces}), claimed in order by the calling
     * thread and by the pool's workers as each gets a core, and waits for the pieces started. Where
     * other processes hold the cores, a woken worker waits for a scheduler time slice (milliseconds)
     * before it runs, and a piece handed to it in advance waits with it; here the caller takes the
     * pieces no worker has started, so the call ends when the work is done. For short memory-bound
     * kernels (SpMV): the caller spins, yielding, on the last pieces of the others.
     */
    public static void share(int[] bounds, RangeBody body) {
        int pieces = bounds.length - 1;
        if (serially(bounds, body)) {
            return;
        }
        Claims claims = new Claims(bounds, body);
        for (int h = Math.min(THREADS - 1, pieces - 1); h > 0; h--) {
            POOL.execute(claims::work); // a worker that starts after the last claim returns at once
        }
        claims.work();
        try {
            claims.awaitAll();
        } finally {
            claims.body = null; // a worker starting later claims nothing, but its task holds the claims
        }
    }

    /**
     * Runs the pieces on the calling thread where there is no pool, one piece, or the caller is a
     * worker already (nested calls); whether it did.
     */
    private static boolean serially(int[] bounds, RangeBody body) {
        int pieces = bounds.length - 1;
        if (POOL != null && pieces > 1 && !ForkJoinTask.inForkJoinPool()) {
            return false;
        }
        for (int p = 0; p < pieces; p++) {
            body.run(bounds[p], bounds[p + 1]);
        }
        return true;
    }

    /** The pieces of one {@link #share} call: the next to claim, those done, the first failure. */
    private static final class Claims {
        private final int[] bounds;
        private RangeBody body; // read only after a successful claim, so before the last piece is done
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Claims(int[] bounds, RangeBody body) {
            this.bounds = bounds;
            this.body = body;
        }

        /** Claims and runs pieces until none is left. */
        void work() {
            int pieces = bounds.length - 1;
            for (int p = next.getAndIncrement(); p < pieces; p = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        body.run(bounds[p], bounds[p + 1]);
                    }
                } catch (Throwable t) {
                    if (!failure.compareAndSet(null, t)) {
                        failure.get().addSuppressed(t);
                    }
                } finally {
                    done.incrementAndGet(); // release: the piece's writes are seen by awaitAll
                }
            }
        }

        void awaitAll() {
            int pieces = bounds.length - 1;
            for (int spins = 0; done.get() < pieces; spins++) {
                if (spins < 1_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // a worker descheduled in its piece needs the core back
                }
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) { // a checked exception thrown undeclared
                throw new IllegalStateException(t);
            }
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

package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * {@link Parallel#share}: every index of every piece exactly once, whoever claims it (the caller or
 * a worker), its plain writes seen by the caller, also from several callers at once and from inside
 * a pool; a piece's failure reaches the caller after the pieces started have ended, and no piece
 * runs after it.
 */
class ParallelShareTest {
    @Test
    void everyIndexRunsExactlyOnce() throws Exception {
        for (int pieces : new int[] {1, 2, 3, 32, 257}) {
            int n = 10_000;
            int[] visits = new int[n]; // plain writes: the workers' must be seen by the caller
            for (int repeat = 0; repeat < 20; repeat++) {
                Parallel.share(Parallel.evenBounds(n, pieces), (from, to) -> {
                    for (int i = from; i < to; i++) {
                        visits[i]++;
                    }
                });
            }
            for (int i = 0; i < n; i++) {
                assertThat(visits[i]).as("index %d of %d pieces", i, pieces).isEqualTo(20);
            }
        }
        // four callers at once, and one inside another pool's task
        int n = 50_000;
        AtomicIntegerArray visits = new AtomicIntegerArray(n);
        Runnable call = () -> Parallel.share(Parallel.evenBounds(n, 64), (from, to) -> {
            for (int i = from; i < to; i++) {
                visits.incrementAndGet(i);
            }
        });
        Thread[] callers = new Thread[4];
        for (int c = 0; c < callers.length; c++) {
            callers[c] = new Thread(call);
            callers[c].start();
        }
        for (Thread c : callers) {
            c.join();
        }
        ForkJoinPool other = new ForkJoinPool(2);
        try {
            other.submit(call).get();
        } finally {
            other.shutdown();
        }
        for (int i = 0; i < n; i++) {
            assertThat(visits.get(i)).isEqualTo(5);
        }
    }

    @Test
    void aPiecesFailureReachesTheCallerAfterThePiecesStartedHaveEnded() {
        AtomicIntegerArray ended = new AtomicIntegerArray(1);
        assertThatThrownBy(() -> Parallel.share(Parallel.evenBounds(64, 64), (from, to) -> {
                    try {
                        if (from == 5) {
                            throw new IllegalStateException("piece 5");
                        }
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        ended.incrementAndGet(0);
                    }
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("piece 5");
        int seen = ended.get(0); // the failing piece and those started before the failure was seen
        assertThat(seen).as("pieces ended by the time of the throw").isGreaterThanOrEqualTo(1);
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(ended.get(0)).as("no piece ran after the throw").isEqualTo(seen);
    }
}

package org.jrom.linalg;

import java.util.function.Supplier;

/**
 * Runs LAPACK factorizations on a thread with a large stack. OpenBLAS's threaded LAPACK ({@code
 * dgetrf} from n = 100 on, with more than one OpenBLAS thread) works on the calling thread's stack:
 * on the JVM's default of 1 MB it ends the process with a segmentation fault (measured with Debian's
 * OpenBLAS 0.3.21: 2 MB fails at n = 100, 4 MB at n = 300, 8 MB passes to n = 2000). A program that
 * embeds jrom-core cannot be asked for {@code -Xss}: the factorization runs on its own thread of
 * {@value #STACK_BYTES} bytes (reserved address space, committed only as used), about 0.1 ms to start,
 * nothing against a factorization that calls LAPACK.
 */
final class LapackStack {
    static final long STACK_BYTES = 64L << 20;

    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private LapackStack() {}

    /** {@code work.get()}, on a large-stack thread when OpenBLAS is loaded and this is not one already. */
    @SuppressWarnings("unchecked")
    static <T> T call(Supplier<T> work) {
        if (INSIDE.get() || !OpenBlas.isLoaded()) {
            return work.get();
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(
                null,
                () -> {
                    INSIDE.set(true);
                    try {
                        result[0] = work.get();
                    } catch (Throwable t) { // handed to the caller's thread below
                        failure[0] = t;
                    }
                },
                "jrom-lapack",
                STACK_BYTES);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join(); // happens-before: the worker's writes are visible after join
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the factorization cannot be abandoned halfway; finish, then re-flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof RuntimeException r) {
            throw r;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        return (T) result[0];
    }
}

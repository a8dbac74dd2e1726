package org.jrom.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

/**
 * Checks shared by the readers' tests of hostile input (docs/reliability.md): clean one-line
 * messages, bounded memory. Shared with the other modules' tests through jrom-core's test jar.
 */
public final class HostileInput {
    private HostileInput() {}

    /** The message is one short line of printable ASCII that names {@code source}. */
    public static void assertCleanMessage(Throwable e, String source) {
        String m = e.getMessage();
        assertThat(m).startsWith(source).hasSizeLessThan(400);
        assertThat(m.chars().allMatch(c -> c >= 0x20 && c < 0x7f))
                .as("printable ASCII only: %s", m)
                .isTrue();
    }

    /** Bytes the current thread allocates while running {@code r}; what {@code r} throws is ignored. */
    public static long allocatedBy(Runnable r) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        try {
            r.run();
        } catch (RuntimeException e) {
            // the caller checks the exception separately
        }
        return bean.getCurrentThreadAllocatedBytes() - before;
    }
}

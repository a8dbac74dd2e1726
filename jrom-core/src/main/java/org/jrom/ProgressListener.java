package org.jrom;

/**
 * Receives progress of long computations (greedy steps, snapshot generation), so that the command
 * line can draw bars and a server can stream events without the algorithms knowing about either.
 */
public interface ProgressListener {
    /** A task of {@code total} steps starts ({@code total < 0}: unknown). */
    default void start(String task, long total) {}

    /** {@code done} of the steps are complete; {@code message} says where things stand. */
    default void progress(long done, String message) {}

    /** The task is over. */
    default void finish() {}

    /** The task was cut short by an error, instead of {@link #finish()}: nothing says it is done. */
    default void abandon() {}

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {};
}

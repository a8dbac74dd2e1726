package org.jrom.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jrom.ProgressListener;

/**
 * Progress on stderr: a live bar with ETA when stderr is a terminal, otherwise one plain line at
 * most every few seconds, so CI logs stay readable.
 */
final class TerminalProgress implements ProgressListener {
    private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintStream err;
    private final boolean interactive;
    private ProgressBar bar;
    private String task;
    private long total;
    private long lastPrint;
    private long start;

    TerminalProgress(PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    /** Live bars only when a console is attached. */
    static TerminalProgress forStderr() {
        return new TerminalProgress(System.err, System.console() != null);
    }

    @Override
    public void start(String task, long total) {
        this.task = task;
        JromCommand.activity = task;
        this.total = total;
        this.start = System.nanoTime();
        this.lastPrint = start;
        if (interactive) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(Math.max(total, 0))
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err))
                    .build();
        } else {
            err.println(task + ": started" + (total > 0 ? " (" + total + " steps)" : ""));
        }
    }

    @Override
    public void progress(long done, String message) {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(message);
            return;
        }
        long now = System.nanoTime();
        if (now - lastPrint >= PLAIN_INTERVAL_NANOS) {
            lastPrint = now;
            err.printf(
                    "%s: %d%s %s (%.0f s)%n", task, done, total > 0 ? "/" + total : "", message, (now - start) * 1e-9);
        }
    }

    /** Runs {@code work} as one task of {@code total} steps: finished when it returns, abandoned when it throws. */
    void track(String what, long total, Runnable work) {
        start(what, total);
        boolean done = false;
        try {
            work.run();
            done = true;
        } finally {
            if (done) {
                finish();
            } else {
                abandon();
            }
        }
    }

    /** Ends the task after a failure: closes a live bar, and prints no "done" line. */
    @Override
    public void abandon() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        task = null;
    }

    @Override
    public void finish() {
        JromCommand.activity = null;
        if (bar != null) {
            bar.close();
            bar = null;
        } else if (task != null) {
            err.printf("%s: done in %.1f s%n", task, (System.nanoTime() - start) * 1e-9);
        }
    }
}

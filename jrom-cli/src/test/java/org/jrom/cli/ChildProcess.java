package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line in a JVM of its own (to bound its heap, or to send it SIGTERM), and FIFOs, for
 * the tests of hostile input and interrupted runs.
 */
final class ChildProcess {
    private ChildProcess() {}

    /** {@code jrom ARGS} in a new JVM with the test class path, its heap bounded by {@code heap} (e.g. 256m) if given. */
    static ProcessBuilder jrom(String heap, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xss16m"); // as ./jrom: OpenBLAS's threaded LAPACK needs the stack
        if (heap != null) {
            command.add("-Xmx" + heap);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), JromCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** Makes a named pipe at {@code path}. */
    static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as("mkfifo")
                .isTrue();
    }
}

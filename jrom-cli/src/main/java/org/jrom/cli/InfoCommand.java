package org.jrom.cli;

import java.io.PrintWriter;
import org.jrom.linalg.LinalgBackend;
import org.jrom.linalg.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jrom info}: the runtime jrom sees, the dense backend actually in use and the thread count. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Show the Java runtime, the BLAS/LAPACK backend in use (native or pure Java) and the threads.",
        footer = {"", "Example:", "  jrom info"})
final class InfoCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Runtime rt = Runtime.getRuntime();
        String[][] rows = {
            {"jrom", JromCommand.version()},
            {
                "java",
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.vendor") + ")"
            },
            {
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch")
            },
            {"blas", LinalgBackend.isNative() ? "native" : "pure Java"},
            {"backend", LinalgBackend.describe()},
            {
                "threads",
                Parallel.threads() + " (of " + rt.availableProcessors() + " processors; set -Djrom.threads=N to change)"
            },
            {"max heap", (rt.maxMemory() >> 20) + " MiB"},
        };
        for (String[] row : rows) {
            out.printf("%-9s %s%n", row[0], row[1]);
        }
        if (!LinalgBackend.isNative()) {
            out.println(
                    "hint: install OpenBLAS (Debian: apt-get install libopenblas0-pthread) for 10-30x faster dense algebra");
        }
        out.flush();
    }
}

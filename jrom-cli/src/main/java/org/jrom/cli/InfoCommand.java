package org.jrom.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jrom.io.ModelFile;
import org.jrom.io.Provenance;
import org.jrom.linalg.LinalgBackend;
import org.jrom.linalg.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jrom info}: the runtime jrom sees, the dense backend actually in use and the thread count. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = {
            "Show the runtime and BLAS backend, or what a model file holds.",
            "Without MODEL: the Java runtime, the BLAS/LAPACK backend in use (native or pure Java) and the threads.",
            "With MODEL: what the model file holds (parameter space, dimensions, estimator, provenance) after"
                    + " verifying its checksums."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  jrom info", "  jrom info jrom-out/thermal-block/model.jrom"})
final class InfoCommand implements Runnable {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "A reduced model file (.jrom).")
    Path model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (model != null) {
            describeModel(out);
            return;
        }
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
            {"blas", LinalgBackend.library().orElse("pure Java (netlib's Java port)")},
            {"backend", LinalgBackend.implementations()},
            {
                "threads",
                Parallel.threads() + " (of " + rt.availableProcessors() + " processors; set -Djrom.threads=N to change)"
            },
            {"max heap", (rt.maxMemory() >> 20) + " MiB"},
        };
        for (String[] row : rows) {
            out.printf("%-9s %s%n", row[0], row[1]);
        }
        if (!LinalgBackend.isNative() && !"java".equalsIgnoreCase(System.getProperty("jrom.blas"))) {
            out.println("hint: jrom bundles OpenBLAS for Linux x86-64 only; install one"
                    + " (Debian: apt-get install libopenblas0-pthread) for 10-30x faster dense algebra");
        }
        out.flush();
    }

    /** The manifest of a model file, read and verified like any query would. */
    private void describeModel(PrintWriter out) {
        ModelFile.Contents c = ModelFile.load(model);
        Provenance p = c.provenance();
        Rows t = new Rows();
        long bytes;
        try {
            bytes = Files.size(model);
        } catch (IOException e) {
            bytes = -1;
        }
        t.row("file", model + " (" + bytes + " bytes)");
        t.row("format", c.format());
        t.row("checksums", "every array verified (SHA-256 in the manifest, CRC-32 in the ZIP)");
        t.row("parameters", c.online().parameterSpace().summary());
        t.row("basis size N", Integer.toString(c.online().dim()));
        t.row(
                "error figures",
                ErrorWording.column(c.online()) + ": "
                        + c.online().errorFigures().restsOn());
        c.online().describe().rows().forEach(r -> t.row(r.label(), r.value()));
        t.row(
                "built by",
                "jrom " + p.jromVersion() + p.buildDate().map(d -> " on " + d).orElse(""));
        if (p.trainingSetSize().isPresent()) {
            t.row(
                    "training set",
                    p.trainingSetSize().getAsInt() + " parameters"
                            + (p.trainingSeed().isPresent()
                                    ? ", seed " + p.trainingSeed().getAsLong()
                                    : ""));
        }
        p.tolerances().forEach((k, v) -> t.row("tolerance " + k, TextTable.sci(v)));
        p.notes().forEach((k, v) -> t.row(k, v));
        t.print(out);
    }

    /** Label/value lines with the labels padded to one width. */
    private static final class Rows {
        private final java.util.List<String[]> rows = new java.util.ArrayList<>();

        void row(String label, String value) {
            rows.add(new String[] {label, value});
        }

        void print(PrintWriter out) {
            int w = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
            for (String[] r : rows) {
                out.printf("%-" + w + "s  %s%n", r[0], r[1]);
            }
            out.flush();
        }
    }
}

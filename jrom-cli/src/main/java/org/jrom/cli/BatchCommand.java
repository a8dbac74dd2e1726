package org.jrom.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.jrom.JromException;
import org.jrom.io.AtomicFile;
import org.jrom.io.ModelFile;
import org.jrom.io.ParameterRows;
import org.jrom.models.NonFiniteAnswerException;
import org.jrom.models.OnlineModel;
import org.jrom.models.OnlineSolution;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jrom batch}: certified answers for a CSV file of parameters, streamed: the rows are read in
 * chunks, each chunk answered in parallel and written in order to a temporary file that replaces
 * the result file only when every row succeeded.
 */
@Command(
        name = "batch",
        mixinStandardHelpOptions = true,
        description = {
            "Answer every parameter of a CSV file with a saved reduced model.",
            "One row per parameter with the outputs, their certified bounds and the error bound, streamed and in"
                    + " parallel. The header names the parameter components: diffusion[0],...,diffusion[8] for a"
                    + " vector, the bare name for a parameter of size 1, in any order."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  jrom batch jrom-out/thermal-block/model.jrom --params params.csv \\",
            "      --out results.csv",
            "  jrom batch model.jrom --params wide.csv --out results.csv \\",
            "      --allow-extrapolation --threads 2"
        })
final class BatchCommand implements Runnable {
    private static final long PROGRESS_DELAY_NANOS = 500_000_000L;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The reduced model file (.jrom).")
    Path model;

    @Option(
            names = "--params",
            required = true,
            paramLabel = "CSV",
            description = "The parameters: a header naming the components, then one parameter per line.")
    Path params;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "CSV",
            description = "The results: the parameter columns, then NAME and NAME_bound per output, then error_bound.")
    Path out;

    @Option(
            names = "--allow-extrapolation",
            description = "Answer parameters outside the model's parameter space (one warning with their count).")
    boolean allowExtrapolation;

    @Option(names = "--threads", description = "Worker threads, 1 to 1024 (default: all processors).")
    Integer threads;

    @Option(
            names = "--chunk",
            defaultValue = "4096",
            description =
                    "Rows read, answered in parallel and written per step, 1 to 1000000 (default ${DEFAULT-VALUE}).")
    int chunk;

    @Option(
            names = "--entries",
            paramLabel = "CSV",
            description = "For a model of a non-affine operator (built from operator_samples): the entries of A(mu)"
                    + " (and f(mu)) at its magic entries for each row of --params, a header A[i][j] (f[i]) naming them and one row of"
                    + " values per parameter, in the same order.")
    Path entries;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        AtomicFile.protect(List.of(model, params), this::batch); // --out must not replace an input
    }

    private void batch() {
        int workers = JromCommand.workers(threads);
        OnlineModel read = ModelFile.readOnline(model);
        OnlineModel rom = entries == null
                ? Entries.bind(read, null, List.of(), "--params")
                : Entries.bind(read, entries, parameters(read.parameterSpace().type()), params.toString());
        Path dir = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new JromException("cannot write " + out + ": the directory " + dir + " does not exist");
        }
        AtomicFile.check(out);
        ForkJoinPool pool = workers > 1 ? new ForkJoinPool(workers) : null;
        try (ParameterRows in = ParameterRows.open(params, rom.parameterSpace().type())) {
            Run run = new Run(rom, in, sizeOf(params), pool);
            long start = System.nanoTime();
            AtomicFile.write(out, os -> run.answerAll(os));
            double seconds = (System.nanoTime() - start) * 1e-9;
            report(run, seconds, workers);
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    /**
     * Every parameter of {@code --params}, read as the batch reads them (a first pass, for the rows of
     * {@code --entries}): so a pipe, which cannot be read twice, is refused.
     */
    private List<Parameter> parameters(ParameterType type) {
        if (!Files.isRegularFile(params)) {
            throw new JromException(
                    "--entries reads --params twice (the entries of each row, then the answers): give a file, not "
                            + params);
        }
        List<Parameter> mus = new java.util.ArrayList<>();
        try (ParameterRows in = ParameterRows.open(params, type)) {
            for (ParameterRows.Row row = in.next(); row != null; row = in.next()) {
                mus.add(Parameter.of(type, in.values(row)));
            }
        }
        return mus;
    }

    /** The size of the parameter file, for the progress; 0 for a pipe or when unknown. */
    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void report(Run run, double seconds, int workers) {
        PrintWriter err = spec.commandLine().getErr();
        long outside = run.outside.sum();
        if (outside > 0) {
            err.printf(
                    Locale.ROOT,
                    "jrom: warning: %,d of %,d rows lie outside the parameter space (%s); %s%n",
                    outside,
                    run.rows,
                    run.space.summary(),
                    Extrapolation.caveat(run.rom));
        }
        double rate = run.rows / Math.max(seconds, 1e-9);
        err.printf(
                Locale.ROOT,
                "batch: %,d rows in %.2f s, %,.0f %s queries/s (%d thread%s, %,.0f per thread); wrote %s%n",
                run.rows,
                seconds,
                rate,
                ErrorWording.queries(run.rom),
                workers,
                workers > 1 ? "s" : "",
                rate / workers,
                out);
        err.flush();
        ErrorWording.note(run.rom, err);
    }

    /** One pass over the input, the rows chunk by chunk. */
    private final class Run {
        final OnlineModel rom;
        final ParameterSpace space;
        final ParameterType type;
        final List<String> outputs;
        final ParameterRows in;
        final long size;
        final ForkJoinPool pool;
        final LongAdder outside = new LongAdder();
        final String file = params.toString();
        long rows;

        Run(OnlineModel rom, ParameterRows in, long size, ForkJoinPool pool) {
            this.rom = rom;
            this.space = rom.parameterSpace();
            this.type = space.type();
            this.outputs = rom.outputNames();
            this.in = in;
            this.size = size;
            this.pool = pool;
        }

        void answerAll(java.io.OutputStream os) throws IOException {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            w.write(outputHeader());
            ParameterRows.Row[] lines = new ParameterRows.Row[chunk];
            String[] results = new String[chunk];
            JromException[] errors = new JromException[chunk];
            TerminalProgress progress = TerminalProgress.forStderr();
            boolean started = false;
            long begin = System.nanoTime();
            try {
                while (true) {
                    int k = 0;
                    ParameterRows.Row row;
                    while (k < chunk && (row = in.next()) != null) {
                        lines[k++] = row;
                    }
                    if (k == 0) {
                        break;
                    }
                    answer(lines, results, errors, k);
                    for (int i = 0; i < k; i++) {
                        if (errors[i] != null) {
                            throw errors[i];
                        }
                        w.write(results[i]);
                    }
                    rows += k;
                    if (!started && System.nanoTime() - begin > PROGRESS_DELAY_NANOS) {
                        progress.start("batch", size > 0 ? 100 : 0);
                        started = true;
                    }
                    if (started) {
                        progress.progress(
                                size > 0 ? Math.min(100, 100 * in.bytesRead() / size) : rows,
                                String.format(Locale.ROOT, "%,d rows", rows));
                    }
                    if (k < chunk) {
                        break;
                    }
                }
                w.flush();
            } catch (RuntimeException | IOException | Error e) {
                if (started) {
                    progress.abandon();
                }
                throw e;
            }
            if (started) {
                progress.progress(size > 0 ? 100 : rows, String.format(Locale.ROOT, "%,d rows", rows));
                progress.finish();
            }
        }

        /** Answers rows [0, k) of the chunk in parallel; a failed row leaves its error instead of a result. */
        private void answer(ParameterRows.Row[] lines, String[] results, JromException[] errors, int k) {
            java.util.function.IntConsumer body = i -> {
                try {
                    results[i] = answer(lines[i]);
                    errors[i] = null;
                } catch (JromException e) {
                    errors[i] = e;
                }
            };
            if (pool == null) {
                for (int i = 0; i < k; i++) {
                    body.accept(i);
                }
            } else {
                pool.submit(() -> IntStream.range(0, k).parallel().forEach(body))
                        .join();
            }
        }

        private String outputHeader() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < type.dimension(); i++) {
                sb.append(type.componentName(i)).append(',');
            }
            for (String name : outputs) {
                sb.append(name)
                        .append(',')
                        .append(name)
                        .append(ErrorWording.csvSuffix(rom))
                        .append(',');
            }
            return sb.append(rom.errorFigures().bounds() ? "error_bound\n" : "error_estimate\n")
                    .toString();
        }

        /** One row: parsed, checked against the space, answered and formatted (thread-safe). */
        private String answer(ParameterRows.Row row) {
            double[] v = in.values(row);
            int number = row.line();
            Parameter mu = Parameter.of(type, v);
            boolean inside = space.contains(mu);
            if (!inside) {
                if (!allowExtrapolation) {
                    Extrapolation.requireInside(space, mu, file + ":" + number + ": ");
                }
                outside.increment();
            }
            OnlineSolution s;
            try {
                s = inside ? rom.solve(mu) : rom.solveExtrapolated(mu);
            } catch (NonFiniteAnswerException e) {
                throw new JromException(file + ":" + number + ": " + e.getMessage());
            }
            StringBuilder sb = new StringBuilder(32 * (v.length + 2 * outputs.size() + 1));
            for (double x : v) {
                sb.append(x).append(',');
            }
            for (String name : outputs) {
                sb.append(s.outputs().get(name).doubleValue())
                        .append(',')
                        .append(s.outputErrors().get(name).doubleValue())
                        .append(',');
            }
            return sb.append(s.error()).append('\n').toString();
        }
    }
}

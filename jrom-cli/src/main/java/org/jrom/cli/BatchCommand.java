package org.jrom.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.jrom.JromException;
import org.jrom.io.AtomicFile;
import org.jrom.io.ModelFile;
import org.jrom.models.NonFiniteAnswerException;
import org.jrom.models.OnlineModel;
import org.jrom.models.OnlineSolution;
import org.jrom.parameters.Numbers;
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        AtomicFile.protect(List.of(model, params), this::batch); // --out must not replace an input
    }

    private void batch() {
        int workers = JromCommand.workers(threads);
        OnlineModel rom = ModelFile.readOnline(model);
        Path dir = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new JromException("cannot write " + out + ": the directory " + dir + " does not exist");
        }
        AtomicFile.check(out);
        long size;
        InputStream raw;
        try {
            size = Files.size(params);
            raw = Files.newInputStream(params);
        } catch (NoSuchFileException e) {
            throw new JromException("cannot read " + params + ": no such file");
        } catch (IOException e) {
            throw new JromException("cannot read " + params + ": " + e.getMessage(), e);
        }
        CountingInputStream counted = new CountingInputStream(raw);
        ForkJoinPool pool = workers > 1 ? new ForkJoinPool(workers) : null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16)) {
            Run run = new Run(rom, in, counted, size, pool);
            long start = System.nanoTime();
            AtomicFile.write(out, os -> run.answerAll(os));
            double seconds = (System.nanoTime() - start) * 1e-9;
            report(run, seconds, workers);
        } catch (IOException e) {
            throw new JromException("cannot read " + params + ": " + e.getMessage(), e);
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
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
                    QueryCommand.outsideCaveat(run.rom));
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

    /** One pass over the input: the header's column map, then the rows chunk by chunk. */
    private final class Run {
        final OnlineModel rom;
        final ParameterSpace space;
        final ParameterType type;
        final List<String> outputs;
        final BufferedReader in;
        final CountingInputStream counted;
        final long size;
        final ForkJoinPool pool;
        final LongAdder outside = new LongAdder();
        final String file = params.toString();
        int[] component; // column -> flattened component
        int line;
        long rows;

        Run(OnlineModel rom, BufferedReader in, CountingInputStream counted, long size, ForkJoinPool pool) {
            this.rom = rom;
            this.space = rom.parameterSpace();
            this.type = space.type();
            this.outputs = rom.outputNames();
            this.in = in;
            this.counted = counted;
            this.size = size;
            this.pool = pool;
        }

        void answerAll(java.io.OutputStream os) throws IOException {
            readHeader();
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            w.write(outputHeader());
            String[] lines = new String[chunk];
            int[] numbers = new int[chunk];
            String[] results = new String[chunk];
            JromException[] errors = new JromException[chunk];
            TerminalProgress progress = TerminalProgress.forStderr();
            boolean started = false;
            long begin = System.nanoTime();
            try {
                while (true) {
                    int k = 0;
                    String text;
                    while (k < chunk && (text = readLine()) != null) {
                        if (text.isBlank() || text.startsWith("#")) {
                            continue;
                        }
                        lines[k] = text;
                        numbers[k] = line;
                        k++;
                    }
                    if (k == 0) {
                        break;
                    }
                    answer(lines, numbers, results, errors, k);
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
                                size > 0 ? Math.min(100, 100 * counted.count / size) : rows,
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

        private String readLine() {
            try {
                String text = in.readLine();
                if (text != null) {
                    line++;
                }
                return text;
            } catch (IOException e) {
                throw new JromException("cannot read " + file + " after line " + line + ": " + e.getMessage(), e);
            }
        }

        /** Answers rows [0, k) of the chunk in parallel; a failed row leaves its error instead of a result. */
        private void answer(String[] lines, int[] numbers, String[] results, JromException[] errors, int k) {
            java.util.function.IntConsumer body = i -> {
                try {
                    results[i] = answer(lines[i], numbers[i]);
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

        private void readHeader() {
            String header = readLine();
            while (header != null && (header.isBlank() || header.startsWith("#"))) {
                header = readLine();
            }
            if (header == null) {
                throw new JromException(file + ": the file is empty; expected a header line naming the parameter"
                        + " components (" + expected() + ")");
            }
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            Map<String, Integer> known = new HashMap<>();
            for (int i = 0; i < type.dimension(); i++) {
                known.put(type.componentName(i), i);
            }
            for (String name : type.names()) {
                if (type.size(name) == 1) {
                    known.put(name + "[0]", type.offset(name));
                }
            }
            String[] cells = header.split(",", -1);
            component = new int[cells.length];
            int[] column = new int[type.dimension()];
            java.util.Arrays.fill(column, -1);
            for (int c = 0; c < cells.length; c++) {
                String name = unquote(cells[c].strip()); // strip, not trim: trim drops NUL and other controls
                if (name.isEmpty()) {
                    throw new JromException(at() + "column " + (c + 1) + " has no name; expected " + expected());
                }
                Integer i = known.get(name);
                if (i == null) {
                    if (type.sizes().containsKey(name)) {
                        throw new JromException(at() + "column '" + name + "' names a parameter of " + type.size(name)
                                + " components; name them one by one: " + expected(name));
                    }
                    throw new JromException(
                            at() + "unknown column '" + name + "'; the model's parameter components are " + expected());
                }
                if (column[i] >= 0) {
                    throw new JromException(at() + "column '" + type.componentName(i) + "' appears twice (columns "
                            + (column[i] + 1) + " and " + (c + 1) + ")");
                }
                column[i] = c;
                component[c] = i;
            }
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < column.length; i++) {
                if (column[i] < 0) {
                    missing.add(type.componentName(i));
                }
            }
            if (!missing.isEmpty()) {
                throw new JromException(at() + "missing column" + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing) + "; expected " + expected());
            }
        }

        private String at() {
            return file + ":" + line + ": ";
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
        private String answer(String text, int number) {
            double[] v = new double[type.dimension()];
            int columns = component.length;
            int from = 0;
            for (int c = 0; c < columns; c++) {
                int comma = text.indexOf(',', from);
                if ((comma < 0) != (c == columns - 1)) {
                    throw new JromException(file + ":" + number + ": expected " + columns + " values (" + expected()
                            + "), found " + (text.split(",", -1).length));
                }
                String cell =
                        text.substring(from, comma < 0 ? text.length() : comma).strip();
                v[component[c]] = parse(cell, number, component[c]);
                from = comma + 1;
            }
            Parameter mu = Parameter.of(type, v);
            boolean inside = space.contains(mu);
            if (!inside) {
                if (!allowExtrapolation) {
                    QueryCommand.requireInside(space, mu, file + ":" + number + ": ");
                }
                outside.increment();
            }
            OnlineSolution s;
            try {
                s = inside ? rom.answer(mu) : rom.answerExtrapolated(mu);
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

        private double parse(String cell, int number, int i) {
            if (cell.isEmpty()) {
                throw new JromException(
                        file + ":" + number + ": " + type.componentName(i) + " is empty, expected a number");
            }
            try {
                return Numbers.parse(cell);
            } catch (NumberFormatException e) {
                throw new JromException(file + ":" + number + ": " + type.componentName(i) + " = " + e.getMessage());
            }
        }

        /** The expected columns, e.g. {@code diffusion[0]..diffusion[3], Bi}. */
        private String expected() {
            List<String> parts = new ArrayList<>();
            for (String name : type.names()) {
                parts.add(expected(name));
            }
            return String.join(", ", parts);
        }

        private String expected(String name) {
            int size = type.size(name);
            return size == 1 ? name : name + "[0].." + name + "[" + (size - 1) + "]";
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** The bytes read so far, for the progress of a file of known size. */
    private static final class CountingInputStream extends FilterInputStream {
        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

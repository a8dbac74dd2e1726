package org.jrom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.jrom.JromException;
import org.jrom.algorithms.MonteCarlo;
import org.jrom.io.AtomicFile;
import org.jrom.io.ModelFile;
import org.jrom.models.NonFiniteAnswerException;
import org.jrom.models.OnlineBatch;
import org.jrom.models.OnlineModel;
import org.jrom.parameters.Distribution;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jrom uq}: Monte Carlo of a saved model's outputs over a distribution on the parameter box,
 * with certified statistics (the per-sample output bounds carried over to the mean, the standard
 * deviation and the quantiles, {@link MonteCarlo}) and the throughput of certified queries.
 *
 * <p>Samples are drawn and answered chunk by chunk; only the outputs and their bounds are kept, 16
 * bytes per sample and output, and the statistics sort three more such arrays while they run.
 */
@Command(
        name = "uq",
        mixinStandardHelpOptions = true,
        description = {
            "Monte Carlo statistics of a saved reduced model's outputs.",
            "Mean, standard deviation, quantiles and a histogram, each statistic with the interval that certainly"
                    + " holds the high-fidelity one over the same samples, and the throughput in certified queries"
                    + " per second. Writes uq.csv, uq.json and histogram.png into --out."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  jrom uq jrom-out/thermal-block/model.jrom --samples 1000000",
            "  jrom uq model.jrom --dist lognormal --sigma-fraction 0.5 --seed 7 \\",
            "      --output mean --out /tmp/uq"
        })
final class UqCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int CHUNK = 16_384;

    /** Bytes per sample: outputs and bounds kept per output, three sorted copies while the statistics run. */
    static final long BYTES_PER_SAMPLE_AND_OUTPUT = 16;

    static final long BYTES_PER_SAMPLE_FOR_STATISTICS = 24;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The reduced model file (.jrom).")
    Path model;

    @Option(
            names = "--samples",
            defaultValue = "10000",
            description = "Monte Carlo samples, 1 to 2147483647 (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(
            names = "--dist",
            defaultValue = "uniform",
            completionCandidates = Kinds.class,
            description = "The distribution over the parameter box: ${COMPLETION-CANDIDATES} (default"
                    + " ${DEFAULT-VALUE}); see docs/cli.md.")
    String dist;

    @Option(
            names = "--sigma-fraction",
            defaultValue = "0.25",
            description =
                    "normal: sigma / range; lognormal: log-sigma / ln(hi/lo), in (0, 10] (default ${DEFAULT-VALUE}).")
    double sigmaFraction;

    @Option(
            names = "--seed",
            defaultValue = ReductionOptions.SEED,
            description = "Seed of the samples, any whole number (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--output",
            paramLabel = "NAME",
            description = "The output to study; repeat for several (default: every output of the model).")
    List<String> outputNames;

    @Option(
            names = "--bins",
            defaultValue = "60",
            description = "Histogram bins, 1 to 10000 (default ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--threads", description = "Worker threads, 1 to 1024 (default: all processors).")
    Integer threads;

    @Option(names = "--out", description = "Output directory (default jrom-out/uq).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The distribution names, for help and shell completion. */
    static final class Kinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(Distribution.Kind.values())
                    .map(Distribution.Kind::id)
                    .iterator();
        }
    }

    @Override
    public void run() {
        AtomicFile.protect(List.of(model), this::uq); // no output file may replace the model
    }

    private void uq() {
        int workers = JromCommand.workers(threads);
        Distribution.Kind kind = Distribution.Kind.of(dist);
        OnlineModel rom = ModelFile.readOnline(model);
        if (rom.requiredEntries()[0].length > 0) {
            throw new JromException(Entries.missing(rom) + ", and jrom uq draws parameters no solver has given"
                    + " entries for: answer a table of parameters with jrom batch --params P.csv --entries E.csv");
        }
        Distribution distribution = Distribution.of(kind, rom.parameterSpace(), sigmaFraction);
        List<String> names = outputNames == null ? rom.outputNames() : outputNames;
        for (String name : names) {
            if (!rom.outputNames().contains(name)) {
                throw new JromException(
                        "the model has no output '" + name + "'; it has " + String.join(", ", rom.outputNames()));
            }
        }
        if (names.size() != names.stream().distinct().count()) {
            throw new JromException("--output names an output twice: " + names);
        }
        long need = samples * (BYTES_PER_SAMPLE_AND_OUTPUT * names.size() + BYTES_PER_SAMPLE_FOR_STATISTICS);
        long max = Runtime.getRuntime().maxMemory();
        if (need > 0.8 * max) {
            throw new JromException(String.format(
                    Locale.ROOT,
                    "%,d samples of %d output%s need about %,d MB of memory, more than the %,d MB this JVM may use;"
                            + " use fewer samples or raise the limit (JROM_JAVA_OPTS=-Xmx...)",
                    samples,
                    names.size(),
                    names.size() > 1 ? "s" : "",
                    need >> 20,
                    max >> 20));
        }
        Path dir = out != null ? out : Path.of("jrom-out", "uq");
        // a failed run removes the directory it made; a killed one leaves it marked INCOMPLETE
        OutputDirectory.write(dir, () -> sampleAndWrite(rom, distribution, names, workers, dir));
    }

    private void sampleAndWrite(OnlineModel rom, Distribution distribution, List<String> names, int workers, Path dir) {
        for (String file : outputFiles(names)) {
            AtomicFile.check(dir.resolve(file)); // before the Monte Carlo, not after it
        }
        double[][] s = new double[names.size()][samples];
        double[][] delta = new double[names.size()][samples];
        long start = System.nanoTime();
        sampleAndSolve(rom, distribution, names, s, delta, workers);
        double seconds = (System.nanoTime() - start) * 1e-9;

        Map<String, MonteCarlo.Result> results = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            results.put(names.get(k), MonteCarlo.statistics(s[k], delta[k], MonteCarlo.DEFAULT_LEVELS));
            s[k] = null; // the result holds them now
            delta[k] = null;
        }
        print(distribution, results, seconds, workers, rom);
        write(dir, distribution, rom, results, seconds, workers);
        ErrorWording.note(rom, spec.commandLine().getErr());
    }

    /** Draws the samples in chunks (sequentially, so the seed alone fixes them) and answers each chunk in parallel. */
    private void sampleAndSolve(
            OnlineModel rom,
            Distribution distribution,
            List<String> names,
            double[][] s,
            double[][] delta,
            int workers) {
        ParameterType type = rom.parameterSpace().type();
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] mu = new double[Math.min(CHUNK, samples)][type.dimension()];
        ForkJoinPool pool = new ForkJoinPool(workers); // solveBatch runs its blocks on this pool
        TerminalProgress progress = TerminalProgress.forStderr();
        try {
            progress.track("Monte Carlo", samples, () -> {
                for (int base = 0; base < samples; base += mu.length) {
                    int k = Math.min(mu.length, samples - base);
                    for (int i = 0; i < k; i++) {
                        distribution.draw(rnd, mu[i]);
                    }
                    List<Parameter> chunk = new java.util.ArrayList<>(k);
                    for (int i = 0; i < k; i++) {
                        chunk.add(Parameter.of(type, mu[i]));
                    }
                    // Blocks of the chunk in parallel, residual norms of a block as one BLAS-3 product.
                    OnlineBatch answers;
                    try {
                        answers = pool.submit(() -> rom.solveBatch(chunk)).join();
                    } catch (NonFiniteAnswerException e) {
                        throw new JromException(String.format(
                                Locale.ROOT,
                                "Monte Carlo draw %d of %d: %s",
                                base + e.index() + 1,
                                samples,
                                e.getMessage()));
                    }
                    for (int o = 0; o < names.size(); o++) {
                        System.arraycopy(answers.outputs().get(names.get(o)), 0, s[o], base, k);
                        System.arraycopy(answers.outputErrors().get(names.get(o)), 0, delta[o], base, k);
                    }
                    progress.progress(base + k, "");
                }
            });
        } finally {
            pool.shutdown();
        }
    }

    private void print(
            Distribution distribution,
            Map<String, MonteCarlo.Result> results,
            double seconds,
            int workers,
            OnlineModel rom) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "Monte Carlo over %,d samples, seed %d: %s%n", samples, seed, distribution);
        stdout.printf(Locale.ROOT, "parameters: %s%n", distribution.space().summary());
        if (!rom.certified()) {
            stdout.printf(
                    rom.errorFigures().bounds()
                            ? "the intervals carry the per-sample bounds over; they are not certified: "
                                    + rom.errorFigures().restsOn() + "%n"
                            : "the intervals carry the per-sample error estimates over: they are estimates, not"
                                    + " certified%n");
        }
        results.forEach((name, uq) -> {
            stdout.printf(Locale.ROOT, "%noutput '%s'%n", name);
            TextTable table = new TextTable(ErrorWording.statisticsHeader(rom));
            StatisticsTable.rows(uq).forEach(table::row);
            table.print(stdout);
            stdout.printf(
                    Locale.ROOT,
                    "Monte Carlo standard error of the mean (sampling, not certified): %s%n",
                    TextTable.sci(uq.standardError()));
        });
        double rate = samples / seconds;
        stdout.printf(
                Locale.ROOT,
                "%nthroughput: %,d %s queries in %.2f s: %,.0f queries/s, %,.0f per core (%d thread%s)%n",
                samples,
                ErrorWording.queries(rom),
                seconds,
                rate,
                rate / cores(workers),
                workers,
                workers > 1 ? "s" : "");
        stdout.flush();
    }

    /** The cores the workers ran on: no more than the processors there are. */
    private static int cores(int workers) {
        return Math.min(workers, Runtime.getRuntime().availableProcessors());
    }

    /** The files a run writes for these outputs. */
    private static List<String> outputFiles(List<String> names) {
        List<String> files = new ArrayList<>(List.of("uq.csv", "uq.json"));
        names.forEach(name -> files.add(histogramFile(names.size(), name)));
        return files;
    }

    private static String histogramFile(int outputs, String name) {
        return outputs == 1 ? "histogram.png" : "histogram-" + name + ".png";
    }

    private void write(
            Path dir,
            Distribution distribution,
            OnlineModel rom,
            Map<String, MonteCarlo.Result> results,
            double seconds,
            int workers) {
        List<String> files = new ArrayList<>(List.of("uq.csv", "uq.json"));
        results.forEach((name, uq) -> {
            String png = histogramFile(results.size(), name);
            HistogramPlot h = new HistogramPlot(
                    String.format(
                            Locale.ROOT,
                            "Monte Carlo of '%s': %,d %s samples",
                            name,
                            samples,
                            distribution.kind().id()),
                    name + " (reduced model)",
                    uq.outputs(),
                    bins);
            h.marker("mean", uq.mean().value());
            for (int k = 0; k < uq.quantileLevels().length; k++) {
                double level = uq.quantileLevels()[k];
                if (level == 0.05 || level == 0.95) {
                    h.marker(StatisticsTable.percent(level) + " quantile", uq.quantiles()[k].value());
                }
            }
            h.write(dir.resolve(png));
            files.add(png);
        });
        AtomicFile.writeString(dir.resolve("uq.csv"), csv(results));
        AtomicFile.writeString(dir.resolve("uq.json"), json(distribution, rom, results, seconds, workers));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("wrote %s (%s)%n", dir, String.join(", ", files));
        stdout.flush();
    }

    /** One row per output and statistic: value, certified interval and half width. */
    static String csv(Map<String, MonteCarlo.Result> results) {
        StringBuilder sb = new StringBuilder("output,statistic,level,value,lower,upper,half_width\n");
        results.forEach((name, uq) -> {
            csvRow(sb, name, "mean", "", uq.mean());
            csvRow(sb, name, "standard_deviation", "", uq.standardDeviation());
            for (int k = 0; k < uq.quantiles().length; k++) {
                csvRow(sb, name, "quantile", Double.toString(uq.quantileLevels()[k]), uq.quantiles()[k]);
            }
            sb.append(name)
                    .append(",standard_error,,")
                    .append(uq.standardError())
                    .append(",,,\n");
        });
        return sb.toString();
    }

    private static void csvRow(StringBuilder sb, String output, String statistic, String level, MonteCarlo.Estimate e) {
        sb.append(output)
                .append(',')
                .append(statistic)
                .append(',')
                .append(level)
                .append(',');
        sb.append(e.value())
                .append(',')
                .append(e.lower())
                .append(',')
                .append(e.upper())
                .append(',');
        sb.append(e.bound()).append('\n');
    }

    private String json(
            Distribution distribution,
            OnlineModel rom,
            Map<String, MonteCarlo.Result> results,
            double seconds,
            int workers) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model.toString());
        root.put("basis_size", rom.dim());
        root.put("certified", rom.certified());
        root.put("error_figures", rom.errorFigures().standing().name().toLowerCase(Locale.ROOT));
        root.put("error_figures_rest_on", rom.errorFigures().restsOn());
        root.put("samples", samples);
        root.put("seed", seed);
        ObjectNode d = root.putObject("distribution");
        d.put("kind", distribution.kind().id());
        if (distribution.kind() != Distribution.Kind.UNIFORM) {
            d.put("sigma_fraction", distribution.sigmaFraction());
        }
        d.put("description", distribution.describe());
        d.put("parameter_space", distribution.space().summary());
        ObjectNode outputs = root.putObject("outputs");
        results.forEach((name, uq) -> {
            ObjectNode o = outputs.putObject(name);
            estimate(o.putObject("mean"), uq.mean());
            estimate(o.putObject("standard_deviation"), uq.standardDeviation());
            ArrayNode q = o.putArray("quantiles");
            for (int k = 0; k < uq.quantiles().length; k++) {
                ObjectNode e = q.addObject();
                e.put("level", uq.quantileLevels()[k]);
                estimate(e, uq.quantiles()[k]);
            }
            o.put("standard_error", uq.standardError());
        });
        ObjectNode t = root.putObject("throughput");
        t.put("seconds", seconds);
        t.put("threads", workers);
        t.put("queries_per_second", samples / seconds);
        t.put("queries_per_second_per_core", samples / seconds / cores(workers));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the Monte Carlo summary: " + e.getMessage(), e);
        }
    }

    private static void estimate(ObjectNode node, MonteCarlo.Estimate e) {
        node.put("value", e.value());
        node.put("lower", e.lower());
        node.put("upper", e.upper());
        node.put("half_width", e.bound());
    }
}

package org.jrom.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jrom.Excerpt;
import org.jrom.JromException;
import org.jrom.io.AtomicFile;
import org.jrom.io.CaseFile;
import org.jrom.io.ParameterTable;
import org.jrom.linalg.Parallel;
import org.jrom.parameters.Numbers;
import org.jrom.parameters.Parameter;
import org.jrom.pipelines.OfflineBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jrom simulate}: a structural case file ({@code jrom-case/1.0}, docs/formats.md) run through
 * its load history by the nonlinear quasi-static solver, with the VTU series, history, snapshots,
 * plots and summary of {@link SimulationWriter}; with {@code --param}, one run per combination of
 * the given values, several at a time, indexed by {@code runs.csv}.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Run a nonlinear structural case file through its load history.",
            "Writes a VTU series with results.pvd (ParaView), history.csv, summary.json, load-displacement.png,"
                    + " plastic-strain.png and the snapshots a reduction needs (snapshots/*.npy) into --out;"
                    + " with --param, one run per combination of values into run_000/, run_001/, ... and runs.csv."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  jrom simulate examples/mechanics/creep-bar/case.json --out /tmp/creep",
            "  jrom simulate case.json --param load=100,120,140 \\",
            "      --param K_scale=0.8,1.2 --jobs 2"
        })
final class SimulateCommand implements Callable<Integer> {
    /** At most this many runs from the --param combinations. */
    static final int MAX_RUNS = 10_000;

    @Parameters(index = "0", paramLabel = "CASE", description = "The case file (jrom-case/1.0 JSON).")
    Path caseFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default jrom-out/<case name>).")
    Path out;

    @Option(
            names = "--param",
            paramLabel = "NAME=V1,V2,...",
            description = "Values of a parameter the case declares; repeated for several parameters, one run per"
                    + " combination.")
    List<String> params = new ArrayList<>();

    @Option(
            names = "--params",
            paramLabel = "PARAMS.csv",
            description = "A table of runs instead: a header naming parameters the case declares, one run per line"
                    + " (the others at their defaults).")
    Path table;

    @Option(
            names = "--jobs",
            description = "Runs at a time, 1 to 64 (default: as many as the runs, at most the worker threads).")
    Integer jobs;

    @Option(
            names = "--spark",
            arity = "0..1",
            fallbackValue = SparkMaster.DEFAULT,
            preprocessor = SparkMaster.class,
            paramLabel = "MASTER",
            description = "The study's runs on Apache Spark's executors, one task each, on MASTER (spark://HOST:PORT,"
                    + " local[N]; default local[*]): each builds its run from the case file and writes its folder"
                    + " (on a cluster, the case and --out on a shared file system). Needs the jrom-spark module,"
                    + " which the ./jrom launcher adds (docs/distributed.md).")
    String spark;

    @Option(
            names = "--allow-outside-paths",
            description = "Let the case file name files outside its own folder (refused by default).")
    boolean allowOutsidePaths;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Exit code 1 when a run of a study failed (it is marked in runs.csv), else 0. */
    @Override
    public Integer call() {
        CaseFile c = CaseFile.read(caseFile, allowOutsidePaths);
        List<Map<String, Double>> combinations = combinations(c);
        for (Map<String, Double> values : combinations) {
            // every run's values checked before anything is written; the defaults were, by read
            if (!values.isEmpty()) {
                c.instantiate(values);
            }
        }
        Path dir = out != null ? out : Path.of("jrom-out", name(caseFile));
        List<SimulationRuns.Spec> specs = new ArrayList<>();
        for (Map<String, Double> values : combinations) {
            Map<String, Double> all = new LinkedHashMap<>(c.parameters());
            all.putAll(values);
            specs.add(new SimulationRuns.Spec(all, () -> c.instantiate(values), () -> c.recipe(values)));
        }
        int parallel = jobs != null ? jobs : Math.max(1, Math.min(specs.size(), Parallel.threads()));
        CaseFile.Output o = c.output();
        List<Path> inputs = new ArrayList<>(c.inputs());
        if (table != null) {
            inputs.add(table);
        }
        boolean study = table != null || !params.isEmpty();
        if (spark != null && !study) {
            throw new JromException("--spark runs a study's runs (--param or --params) on Spark's executors; a single"
                    + " run runs here");
        }
        if (spark != null && jobs != null) {
            throw new JromException(
                    "--jobs sets the runs at a time on this machine; with --spark the executors' cores" + " do");
        }
        List<SimulationWriter.Result> results = new ArrayList<>();
        SimulationWriter.Options options = new SimulationWriter.Options(o.every(), o.vtu(), o.snapshots());
        String title = "jrom simulate " + name(caseFile);
        // Spark starts before anything is written: without the plugin, one line and no folder
        OfflineBackend backend = spark == null ? null : OfflineBackend.open("spark", spark);
        try {
            AtomicFile.protect(
                    inputs,
                    () -> OutputDirectory.write(
                            dir,
                            () -> results.addAll(SimulationRuns.execute(
                                    title,
                                    specs,
                                    dir,
                                    options,
                                    parallel,
                                    study,
                                    backend,
                                    inputs,
                                    spec.commandLine().getOut(),
                                    spec.commandLine().getErr(),
                                    TerminalProgress.forStderr()))));
        } finally {
            if (backend != null) {
                backend.close();
            }
        }
        return results.contains(null) ? 1 : 0;
    }

    /** The case file's name without {@code .json}, or its folder's when it is {@code case.json}. */
    static String name(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String n = abs.getFileName().toString().replaceFirst("\\.json$", "");
        return n.equals("case") && abs.getParent() != null && abs.getParent().getFileName() != null
                ? abs.getParent().getFileName().toString()
                : n;
    }

    /** The runs a --params table lists, each row a run. */
    private List<Map<String, Double>> rows(CaseFile c) {
        if (!params.isEmpty()) {
            throw new JromException("--param and --params exclude each other: give the values in one place");
        }
        ParameterTable t = ParameterTable.read(table);
        for (String name : t.type().names()) {
            if (!c.parameters().containsKey(name) || t.type().size(name) != 1) {
                throw new JromException(table + ": column " + Excerpt.quoted(name) + ": the case declares "
                        + (c.parameters().isEmpty()
                                ? "no parameters"
                                : "only " + String.join(", ", c.parameters().keySet()))
                        + ", each one number");
            }
        }
        if (t.size() > MAX_RUNS) {
            throw new JromException(table + ": more than " + MAX_RUNS + " runs");
        }
        List<Map<String, Double>> runs = new ArrayList<>();
        for (Parameter mu : t.parameters()) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (String name : t.type().names()) {
                values.put(name, mu.get(name)[0]);
            }
            runs.add(values);
        }
        return runs;
    }

    /** The runs --param asks for: the Cartesian product of the values, or one run at the defaults. */
    private List<Map<String, Double>> combinations(CaseFile c) {
        if (table != null) {
            return rows(c);
        }
        List<Map<String, Double>> runs = new ArrayList<>();
        runs.add(new LinkedHashMap<>());
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new JromException("--param " + Excerpt.quoted(p) + ": expected NAME=V1,V2,...");
            }
            String name = p.substring(0, eq);
            if (!c.parameters().containsKey(name)) {
                throw new JromException("--param " + Excerpt.quoted(name) + ": the case declares "
                        + (c.parameters().isEmpty()
                                ? "no parameters"
                                : "only " + String.join(", ", c.parameters().keySet())));
            }
            if (runs.get(0).containsKey(name)) {
                throw new JromException("--param " + name + " is given twice");
            }
            String[] texts = p.substring(eq + 1).split(",", -1);
            List<Map<String, Double>> next = new ArrayList<>();
            for (Map<String, Double> r : runs) {
                for (String t : texts) {
                    double v;
                    try {
                        v = Numbers.parse(t.strip());
                    } catch (NumberFormatException e) {
                        throw new JromException("--param " + name + ": " + e.getMessage());
                    }
                    Map<String, Double> m = new LinkedHashMap<>(r);
                    m.put(name, v);
                    next.add(m);
                    if (next.size() > MAX_RUNS) {
                        throw new JromException("--param asks for more than " + MAX_RUNS + " runs");
                    }
                }
            }
            runs = next;
        }
        return runs;
    }
}

package org.jrom.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.fem.P2Space;
import org.jrom.fem.mechanics.QuasiStaticNewton;
import org.jrom.fem.mechanics.QuasiStaticRun;
import org.jrom.fem.mechanics.RunRecipe;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.io.AtomicFile;
import org.jrom.pipelines.OfflineBackend;

/**
 * One or several structural runs into an output directory, with one progress bar over all their
 * steps: a single run writes its files into the directory itself; a study (parameter values given,
 * even one row of them) writes each run into {@code run_000/, run_001/, ...}, {@code jobs} at a
 * time, with {@code runs.csv} indexing them (parameters, status, steps, Newton iterations, extremes,
 * folder): the snapshot set of the study.
 */
final class SimulationRuns {
    private SimulationRuns() {}

    /**
     * A run to make: its parameter values (for the index), how to build it (a fresh solid each time),
     * and its recipe for another process (null: none; only for runs on a cluster).
     */
    record Spec(Map<String, Double> parameters, Supplier<StructuralRun> run, Supplier<RunRecipe> recipe) {
        Spec(Map<String, Double> parameters, Supplier<StructuralRun> run) {
            this(parameters, run, null);
        }
    }

    /**
     * A run on an executor: built from its recipe, written into its folder there (a shared file
     * system on a cluster), its inputs protected as on this JVM; a run that fails (a step that does
     * not converge) is its failure's message, as on this JVM's threads. A case the executor cannot
     * read fails the job (one line), not the run: the runs were checked here.
     */
    private record Job(
            String title,
            RunRecipe recipe,
            Map<String, Double> parameters,
            String dir,
            SimulationWriter.Options options,
            int index,
            List<String> inputs)
            implements OfflineBackend.Job<Outcome> {
        @Override
        public Outcome call() {
            Outcome[] outcome = new Outcome[1];
            StructuralRun run = recipe.run();
            AtomicFile.protect(inputs.stream().map(Path::of).toList(), () -> {
                try {
                    SimulationWriter.Result r = one(
                            title,
                            new Spec(parameters, recipe::run),
                            run,
                            Path.of(dir),
                            options,
                            index,
                            false,
                            new AtomicLong(),
                            ProgressListener.NONE);
                    outcome[0] = new Outcome(r, null);
                } catch (JromException e) {
                    outcome[0] = new Outcome(null, e.getMessage());
                }
            });
            return outcome[0];
        }
    }

    /** A run's result, or why it failed. */
    private record Outcome(SimulationWriter.Result result, String failure) implements java.io.Serializable {}

    /**
     * The runs, on this JVM's threads ({@code jobs} at a time), or the runs of a study on the
     * executors of {@code backend} when it is not null (one job each; the output folder must be
     * theirs too: a shared file system on a cluster), with {@code inputs} protected there.
     */
    static List<SimulationWriter.Result> execute(
            String title,
            List<Spec> specs,
            Path dir,
            SimulationWriter.Options options,
            int jobs,
            boolean study,
            OfflineBackend backend,
            List<Path> inputs,
            PrintWriter out,
            PrintWriter err,
            TerminalProgress progress) {
        // each run is built in its worker (its solid holds the state of every material point); the
        // first one is built here for the headline, and the bar counts its steps once per run
        StructuralRun first = specs.get(0).run().get();
        long total = (long) first.times().length * specs.size();
        AtomicLong done = new AtomicLong();
        boolean single = !study;
        out.printf(
                Locale.ROOT,
                "%s: %,d unknowns (P%d), %,d material points, %s; %d step%s from t = %s to %s%s%n",
                title,
                first.solid().dim(),
                first.solid().scalarSpace() instanceof P2Space ? 2 : 1,
                first.solid().numPoints(),
                first.solid().law().name(),
                first.times().length - 1,
                first.times().length == 2 ? "" : "s",
                TextTable.sci(first.times()[0]),
                TextTable.sci(first.times()[first.times().length - 1]),
                single
                        ? ""
                        : backend != null
                                ? String.format(Locale.ROOT, "; %d runs on %s", specs.size(), backend.describe())
                                : String.format(Locale.ROOT, "; %d runs, %d at a time", specs.size(), jobs));
        out.flush();
        if (!single) {
            AtomicFile.check(dir.resolve("runs.csv")); // before the runs: an input there is refused now
        }
        progress.start(title, total);
        List<SimulationWriter.Result> results = new ArrayList<>();
        Map<Integer, String> failures = new TreeMap<>();
        if (backend != null) {
            onCluster(title, specs, first.times().length, dir, options, backend, inputs, progress, results, failures);
            return finish(specs, dir, single, results, failures, out, err, progress);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, specs.size())));
        try {
            List<Future<SimulationWriter.Result>> futures = new ArrayList<>();
            for (int k = 0; k < specs.size(); k++) {
                int index = k;
                Path runDir = single ? dir : dir.resolve(String.format(Locale.ROOT, "run_%03d", k));
                futures.add(pool.submit(() -> one(
                        title,
                        specs.get(index),
                        index == 0 ? first : specs.get(index).run().get(),
                        runDir,
                        options,
                        index,
                        single,
                        done,
                        progress)));
            }
            // a study keeps going past a run that fails (a step that does not converge at some
            // parameter values is an answer too): runs.csv marks it; anything else stops everything
            Throwable stop = null;
            for (int k = 0; k < futures.size(); k++) {
                try {
                    results.add(futures.get(k).get());
                } catch (CancellationException e) {
                    results.add(null); // cancelled after another run's error, which is rethrown below
                } catch (ExecutionException e) {
                    results.add(null);
                    if (stop == null && !single && e.getCause() instanceof JromException failure) {
                        failures.put(k, failure.getMessage());
                    } else if (stop == null) {
                        // an error no run is meant to survive (a bug, out of memory): stop the study; the
                        // runs not started are cancelled, the running ones finish their step
                        stop = e.getCause();
                        pool.shutdownNow();
                        futures.forEach(f -> f.cancel(true));
                    }
                }
            }
            if (stop != null) {
                progress.abandon();
                if (stop instanceof RuntimeException r) {
                    throw r;
                }
                if (stop instanceof Error error) {
                    throw error; // as it is: JromCommand reports running out of memory in one line
                }
                throw new IllegalStateException(stop);
            }
        } catch (InterruptedException e) {
            progress.abandon();
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdown();
        }
        return finish(specs, dir, single, results, failures, out, err, progress);
    }

    /** The runs as jobs on the backend's executors: results and failures in the runs' order. */
    private static void onCluster(
            String title,
            List<Spec> specs,
            long steps,
            Path dir,
            SimulationWriter.Options options,
            OfflineBackend backend,
            List<Path> inputs,
            TerminalProgress progress,
            List<SimulationWriter.Result> results,
            Map<Integer, String> failures) {
        List<Job> list = new ArrayList<>();
        for (int k = 0; k < specs.size(); k++) {
            Spec s = specs.get(k);
            list.add(new Job(
                    title,
                    s.recipe().get(),
                    s.parameters(),
                    dir.resolve(String.format(Locale.ROOT, "run_%03d", k))
                            .toAbsolutePath()
                            .toString(),
                    options,
                    k,
                    inputs.stream().map(p -> p.toAbsolutePath().toString()).toList()));
        }
        List<Outcome> outcomes = backend.run(list, new ProgressListener() {
            @Override
            public void progress(long done, String message) {
                progress.progress(done * steps, message);
            }
        });
        for (int k = 0; k < outcomes.size(); k++) {
            Outcome o = outcomes.get(k);
            Path written =
                    dir.resolve(String.format(Locale.ROOT, "run_%03d", k)).resolve(RunSummary.FILE);
            if (o.result() != null && !java.nio.file.Files.exists(written)) {
                throw new JromException("--spark: the executors wrote " + written.getParent() + " where this"
                        + " machine does not see it: --out must be on a file system they share with it");
            }
            results.add(o.result());
            if (o.failure() != null) {
                failures.put(k, o.failure());
            }
        }
    }

    /** The bar finished, runs.csv, the table and the warnings of failed runs. */
    private static List<SimulationWriter.Result> finish(
            List<Spec> specs,
            Path dir,
            boolean single,
            List<SimulationWriter.Result> results,
            Map<Integer, String> failures,
            PrintWriter out,
            PrintWriter err,
            TerminalProgress progress) {
        progress.finish();
        if (!single) {
            AtomicFile.writeString(dir.resolve("runs.csv"), index(specs, results, failures));
        }
        print(specs, results, failures, dir, single, out);
        failures.forEach((k, why) -> err.printf(
                Locale.ROOT,
                "warning: run %d (%s) failed: %s%n",
                k,
                specs.get(k).parameters(),
                why));
        err.flush();
        return results;
    }

    private static SimulationWriter.Result one(
            String title,
            Spec spec,
            StructuralRun run,
            Path dir,
            SimulationWriter.Options options,
            int index,
            boolean single,
            AtomicLong done,
            ProgressListener progress) {
        OutputDirectory.prepare(dir);
        QuasiStaticNewton newton = run.newton();
        try (SimulationWriter writer = new SimulationWriter(dir, title, run, options)) {
            QuasiStaticRun.run(run.solid(), newton, run.loads(), run.times(), (step, solid, n) -> {
                writer.step(step, solid, n);
                double[] r = step.report().residuals();
                String message = String.format(
                        Locale.ROOT,
                        "%st %s, Newton %d, residual %.1e",
                        single ? "" : "run " + index + ": ",
                        TextTable.sci(step.time()),
                        step.report().totalIterations(),
                        r.length == 0 ? 0 : r[r.length - 1]);
                synchronized (progress) { // runs report from their own threads; the bar only moves forward
                    progress.progress(done.incrementAndGet(), message);
                }
            });
            return writer.finish(newton, spec.parameters());
        }
    }

    private static String index(
            List<Spec> specs, List<SimulationWriter.Result> results, Map<Integer, String> failures) {
        List<String> names = new ArrayList<>(specs.get(0).parameters().keySet());
        StringBuilder sb = new StringBuilder("run");
        names.forEach(n -> sb.append(',').append(n));
        sb.append(
                ",status,steps,newton_iterations,step_cuts,max_p,max_von_mises,max_displacement,wall_seconds,folder\n");
        for (int k = 0; k < specs.size(); k++) {
            SimulationWriter.Result r = results.get(k);
            sb.append(k);
            for (String n : names) {
                sb.append(',').append(specs.get(k).parameters().get(n));
            }
            if (r == null) {
                sb.append(String.format(Locale.ROOT, ",failed,,,,,,,,run_%03d%n", k));
                continue;
            }
            sb.append(",converged");
            sb.append(String.format(
                    Locale.ROOT,
                    ",%d,%d,%d,%s,%.17g,%.17g,%.3f,run_%03d%n",
                    r.steps(),
                    r.iterations(),
                    r.cuts(),
                    Double.isNaN(r.maxP()) ? "" : String.format(Locale.ROOT, "%.17g", r.maxP()),
                    r.maxVonMises(),
                    r.maxDisplacement(),
                    r.seconds(),
                    k));
        }
        return sb.toString();
    }

    private static void print(
            List<Spec> specs,
            List<SimulationWriter.Result> results,
            Map<Integer, String> failures,
            Path dir,
            boolean single,
            PrintWriter out) {
        List<String> names = new ArrayList<>(specs.get(0).parameters().keySet());
        List<String> header = new ArrayList<>(single ? List.of() : List.of("run"));
        if (!single) {
            header.addAll(names);
        }
        header.addAll(
                List.of("steps", "Newton", "cuts", "factorizations", "max p", "max von Mises", "max |u|", "wall s"));
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (int k = 0; k < results.size(); k++) {
            SimulationWriter.Result r = results.get(k);
            List<String> row = new ArrayList<>();
            if (!single) {
                row.add(Integer.toString(k));
                for (String n : names) {
                    row.add(TextTable.sci(specs.get(k).parameters().get(n)));
                }
            }
            if (r == null) {
                row.addAll(List.of("failed", "-", "-", "-", "-", "-", "-", "-"));
                table.row(row.toArray(String[]::new));
                continue;
            }
            row.addAll(List.of(
                    Integer.toString(r.steps()),
                    Integer.toString(r.iterations()),
                    Integer.toString(r.cuts()),
                    Long.toString(r.factorizations()),
                    Double.isNaN(r.maxP()) ? "-" : TextTable.sci(r.maxP()),
                    TextTable.sci(r.maxVonMises()),
                    TextTable.sci(r.maxDisplacement()),
                    String.format(Locale.ROOT, "%.1f", r.seconds())));
            table.row(row.toArray(String[]::new));
        }
        table.print(out);
        SimulationWriter.Result r =
                results.stream().filter(x -> x != null).findFirst().orElse(null);
        if (r == null) {
            out.printf("wrote %s: runs.csv; every run failed%n", dir);
            out.flush();
            return;
        }
        out.printf(
                "wrote %s: %s%s%n",
                dir,
                single
                        ? String.join(", ", r.files())
                        : (results.size() == 1
                                        ? "runs.csv and run_000/"
                                        : "runs.csv and run_000/ to run_"
                                                + String.format(Locale.ROOT, "%03d", results.size() - 1) + "/")
                                + " (each: " + String.join(", ", r.files()) + ")",
                r.files().contains("results.pvd") ? "; open results.pvd in ParaView" : "");
        out.flush();
    }
}

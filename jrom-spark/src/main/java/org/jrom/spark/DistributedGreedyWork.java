package org.jrom.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.jrom.io.ModelFile;
import org.jrom.io.Provenance;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ModelRecipe;
import org.jrom.models.ReducedModel;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;
import org.jrom.reductors.CoerciveRbReductor;

/**
 * The weak greedy's work on Spark executors, as pyMOR's parallel greedy does it (the reduced model
 * pushed to the workers once per step, the training set split over them): the training set is
 * partitioned once and kept on the executors; each step's reduced model goes to them as the bytes
 * of its model file (a broadcast), where each partition evaluates the relative error bound of its
 * parameters ({@link CoerciveRbReductor#relativeErrorBounds}, the same numbers as in the driver:
 * the file holds the model exactly); the selected snapshot is solved on an executor from the
 * high-fidelity model's recipe, built once per executor JVM.
 */
final class DistributedGreedyWork implements CoerciveRbReductor.GreedyWork {
    private final JavaSparkContext sc;
    private final ModelRecipe recipe;
    private final int partitions;
    private List<Parameter> trainingSet; // the list the partitioned RDD holds (the greedy passes one)
    private JavaRDD<double[]> training;
    private long sweeps;
    private long snapshots;
    private long modelBytes;
    private double sweepSeconds;
    private double snapshotSeconds;

    DistributedGreedyWork(JavaSparkContext sc, ModelRecipe recipe, int parallelism) {
        this.sc = sc;
        this.recipe = recipe;
        this.partitions = 2 * parallelism;
    }

    @Override
    public double[] relativeErrorBounds(ReducedModel rom, List<Parameter> parameters) {
        if (rom.dim() == 0) { // nothing to send: the empty basis bounds nothing
            return CoerciveRbReductor.relativeErrorBounds(rom, parameters);
        }
        long start = System.nanoTime();
        if (parameters != trainingSet) {
            if (training != null) {
                training.unpersist(false);
            }
            List<double[]> values = new ArrayList<>(parameters.size());
            parameters.forEach(mu -> values.add(mu.toArray()));
            training = sc.parallelize(values, Math.min(partitions, values.size()));
            training.persist(StorageLevel.MEMORY_AND_DISK());
            trainingSet = parameters;
        }
        byte[] bytes = bytes(rom.withoutBasis()); // the reduced data: the sweep needs no basis
        Broadcast<byte[]> model = sc.broadcast(bytes);
        // a key of this step's own: broadcast ids start again at 0 in each Spark context of a JVM
        String key = java.util.UUID.randomUUID().toString();
        List<double[]> parts;
        try {
            parts = SparkContexts.oneLineOnFailure(
                    "the training-set sweep",
                    () -> training.mapPartitions(it -> sweep(key, model, it)).collect());
        } finally {
            model.destroy();
        }
        double[] out = new double[parameters.size()];
        int k = 0;
        for (double[] part : parts) { // collect() keeps the partitions' order, so the training set's
            System.arraycopy(part, 0, out, k, part.length);
            k += part.length;
        }
        sweeps++;
        modelBytes += bytes.length;
        sweepSeconds += (System.nanoTime() - start) / 1e9;
        return out;
    }

    @Override
    public VectorArray snapshot(Parameter mu) {
        long start = System.nanoTime();
        ModelRecipe r = recipe;
        double[] u =
                SparkContexts.oneLineOnFailure("the snapshot at " + mu, () -> sc.parallelize(List.of(mu.toArray()), 1)
                        .map(values -> solve(r, values))
                        .collect()
                        .get(0));
        snapshots++;
        snapshotSeconds += (System.nanoTime() - start) / 1e9;
        return VectorArray.of(u);
    }

    /** The report's rows: the sweeps and snapshots, their time and the bytes sent. */
    List<String[]> rows() {
        return List.of(
                new String[] {
                    "greedy: training-set sweeps on the executors",
                    String.format(
                            java.util.Locale.ROOT,
                            "%d, %.2f s, %.1f kB of reduced model sent per sweep on average, %d partitions",
                            sweeps,
                            sweepSeconds,
                            sweeps == 0 ? 0.0 : modelBytes / 1e3 / sweeps,
                            training == null ? 0 : training.getNumPartitions())
                },
                new String[] {
                    "greedy: snapshots on the executors",
                    String.format(
                            java.util.Locale.ROOT, "%d, %.2f s (%s)", snapshots, snapshotSeconds, recipe.describe())
                });
    }

    /** Stops keeping the training set on the executors, and this JVM's executor caches (local masters). */
    void release() {
        if (training != null) {
            training.unpersist(false);
        }
        CURRENT.set(null);
        FOMS.clear();
    }

    /** The model file's bytes: what an executor reads the reduced model back from, exactly. */
    private static byte[] bytes(ReducedModel rom) {
        try {
            Path file = Files.createTempFile("jrom-greedy-", ".jrom");
            try {
                ModelFile.write(rom, file, Provenance.current());
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------ on the executors

    /** The reduced model of the current step and its key: read once per executor JVM and step. */
    private record Keyed(String key, ReducedModel model) {}

    private static final java.util.concurrent.atomic.AtomicReference<Keyed> CURRENT =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** The high-fidelity models, by recipe: built once per executor JVM. */
    private static final Map<ModelRecipe, StationaryModel> FOMS = new ConcurrentHashMap<>();

    private static Iterator<double[]> sweep(String key, Broadcast<byte[]> model, Iterator<double[]> it) {
        ExecutorBlas.oneThread();
        Keyed current = CURRENT.get();
        if (current == null || !current.key().equals(key)) {
            // two partitions of one step may both read it; either copy is the same model
            current = new Keyed(key, read(model.value()));
            CURRENT.set(current);
        }
        ReducedModel rom = current.model();
        List<Parameter> mus = new ArrayList<>();
        it.forEachRemaining(v -> mus.add(Parameter.of(rom.parameterSpace().type(), v)));
        return List.of(CoerciveRbReductor.relativeErrorBounds(rom, mus)).iterator();
    }

    private static ReducedModel read(byte[] bytes) {
        try {
            Path file = Files.createTempFile("jrom-greedy-", ".jrom");
            try {
                Files.write(file, bytes);
                return ModelFile.read(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] solve(ModelRecipe recipe, double[] values) {
        ExecutorBlas.oneThread();
        StationaryModel fom = FOMS.computeIfAbsent(recipe, ModelRecipe::model);
        return fom.solve(Parameter.of(fom.parameterSpace().type(), values)).vector(0);
    }
}

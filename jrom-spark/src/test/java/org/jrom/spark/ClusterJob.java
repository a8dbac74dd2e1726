package org.jrom.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.models.ModelRecipe;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;

/**
 * The driver of {@link StandaloneClusterTest}, in its own JVM (one Spark context per JVM): snapshots
 * of the thermal block on the cluster's executors, their TSQR POD, the singular values written to a
 * file. Arguments: master URL, application jar, output file, and optionally a marker file: then the
 * same job once more, in which the first task to create the marker kills its executor's JVM (an
 * executor lost mid-job; Spark runs the task again elsewhere), its singular values on a third line.
 */
public final class ClusterJob {
    private ClusterJob() {}

    public static void main(String[] args) throws Exception {
        JavaSparkContext sc = SparkContexts.open(args[0], "jrom cluster test", List.of(args[1]));
        try {
            ThermalBlockRecipe source = new ThermalBlockRecipe(2, 2, 6);
            List<double[]> values = Sampler.random(source.model().parameterSpace(), 12, 4).stream()
                    .map(Parameter::toArray)
                    .toList();
            String sigma = singularValues(sc, source, values);
            long executors = sc.sc().getExecutorMemoryStatus().size() - 1; // less the driver
            String afterLoss = args.length > 3 ? singularValues(sc, new DyingOnce(source, args[3]), values) : "";
            Files.writeString(Path.of(args[2]), executors + "\n" + sigma + "\n" + afterLoss + "\n");
        } finally {
            sc.stop();
        }
    }

    /** The snapshots' TSQR POD on the cluster, its singular values to 17 digits. */
    private static String singularValues(JavaSparkContext sc, ModelRecipe source, List<double[]> values) {
        int dim = new ThermalBlockRecipe(2, 2, 6).model().dim();
        JavaRDD<ColumnBlock> columns = DistributedSnapshots.solve(sc, source, values, 3);
        DistributedPod.Result pod = DistributedPod.tsqr(
                DistributedSnapshots.toRowBlocks(columns, dim, values.size(), 2), TruncatedSvd.Truncation.none());
        columns.unpersist(false);
        return java.util.Arrays.stream(pod.singularValues())
                .mapToObj(v -> String.format(Locale.ROOT, "%.17g", v))
                .collect(Collectors.joining(","));
    }

    /** {@code inner}, but the first task to create {@code marker} halts its executor's JVM instead. */
    record DyingOnce(ModelRecipe inner, String marker) implements ModelRecipe {
        @Override
        public StationaryModel model() {
            try {
                Files.createFile(Path.of(marker)); // atomic: exactly one task gets here
                Runtime.getRuntime().halt(137);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // the executor lost already: solve
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return inner.model();
        }

        @Override
        public String describe() {
            return inner.describe() + ", its first task's executor killed";
        }
    }
}

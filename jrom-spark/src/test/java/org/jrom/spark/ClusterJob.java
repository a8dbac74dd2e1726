package org.jrom.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;

/**
 * The driver of {@link StandaloneClusterTest}, in its own JVM (one Spark context per JVM): snapshots
 * of the thermal block on the cluster's executors, their TSQR POD, the singular values written to a
 * file. Arguments: master URL, application jar, output file.
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
            int dim = source.model().dim();
            JavaRDD<ColumnBlock> columns = DistributedSnapshots.solve(sc, source, values, 3);
            DistributedPod.Result pod = DistributedPod.tsqr(
                    DistributedSnapshots.toRowBlocks(columns, dim, values.size(), 2), TruncatedSvd.Truncation.none());
            long executors = sc.sc().getExecutorMemoryStatus().size() - 1; // less the driver
            String sigma = java.util.Arrays.stream(pod.singularValues())
                    .mapToObj(v -> String.format(Locale.ROOT, "%.17g", v))
                    .collect(Collectors.joining(","));
            Files.writeString(Path.of(args[2]), executors + "\n" + sigma + "\n");
        } finally {
            sc.stop();
        }
    }
}

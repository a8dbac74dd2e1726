package org.jrom.spark;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;

/**
 * Strong scaling of the distributed offline stage (docs/distributed.md): thermal-block snapshots
 * solved on the executors, then their POD by TSQR after the shuffle to row blocks, or by the HAPOD
 * on the column blocks as computed. Arguments: master, cells per block side, snapshots,
 * partitions, route ({@code tsqr} or {@code hapod}). Prints one line: stage wall times, the
 * process's CPU time and peak resident memory.
 */
public final class DistributedBench {
    private DistributedBench() {}

    public static void main(String[] args) throws Exception {
        String master = args[0];
        int resolution = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int partitions = Integer.parseInt(args[3]);
        boolean hapod = args[4].equals("hapod");
        JavaSparkContext sc = SparkContexts.open(master, "jrom distributed bench", List.of());
        try {
            ThermalBlockRecipe source = new ThermalBlockRecipe(2, 2, resolution);
            List<double[]> values = Sampler.random(source.model().parameterSpace(), count, 1).stream()
                    .map(Parameter::toArray)
                    .toList();
            int dim = source.model().dim();
            long t0 = System.nanoTime();
            JavaRDD<ColumnBlock> columns = DistributedSnapshots.solve(sc, source, values, partitions);
            columns.count();
            long t1 = System.nanoTime();
            int modes;
            if (hapod) {
                DistributedPod.Result pod = DistributedPod.hapod(columns, dim, 1e-8, 0.5, partitions)
                        .pod();
                pod.modes().count(); // the modes computed, as on the TSQR route
                modes = pod.modeCount();
            } else {
                DistributedPod.Result pod = DistributedPod.tsqr(
                        DistributedSnapshots.toRowBlocks(columns, dim, count, partitions),
                        TruncatedSvd.Truncation.relativeError(1e-8));
                pod.modes().count();
                modes = pod.modeCount();
            }
            long t2 = System.nanoTime();
            double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime()
                    * 1e-9;
            String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM"))
                    .findFirst()
                    .orElse("VmHWM: ? kB");
            System.out.printf(
                    Locale.ROOT,
                    "%s %s: %d unknowns x %d snapshots, %d partitions: snapshots %.2f s, POD %.2f s (%d modes),"
                            + " process CPU %.1f s, peak RSS %s%n",
                    master,
                    args[4],
                    dim,
                    count,
                    partitions,
                    (t1 - t0) * 1e-9,
                    (t2 - t1) * 1e-9,
                    modes,
                    cpu,
                    hwm.replaceAll("\\s+", " ").replace("VmHWM: ", ""));
        } finally {
            sc.stop();
        }
    }
}

package org.jrom.spark;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.jrom.fem.problems.TravellingWave;
import org.jrom.linalg.TruncatedSvd;

/**
 * The scale test of docs/distributed.md: the synthetic family {@link TravellingWave} (that of
 * jrom-bench's {@code StreamingPodScale}), generated per
 * row block on the executors (never on the driver, never persisted: each pass regenerates its
 * block, {@code Phi_block A}), then its POD by TSQR to 1e-6. Prints the stage times, the modes and
 * the relative projection error of a few snapshots (computed on the executors against the
 * distributed modes). Arguments: master, unknowns, snapshots, row blocks, and for a cluster the
 * application's jars, comma-separated ({@code jrom-spark/scale-test.sh} runs it on a loopback cluster).
 */
public final class DistributedScale {
    private DistributedScale() {}

    public static void main(String[] args) {
        String master = args[0];
        int dim = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int blocks = Integer.parseInt(args[3]);
        List<String> jars = args.length > 4 ? List.of(args[4].split(",")) : List.of();
        JavaSparkContext sc = SparkContexts.open(master, "jrom scale test", jars);
        try {
            long t0 = System.nanoTime();
            JavaRDD<RowBlock> snapshots = sc.parallelize(
                            IntStream.range(0, blocks).boxed().toList(), blocks)
                    .map(b -> block(dim, count, b, blocks));
            DistributedPod.Result pod = DistributedPod.tsqr(snapshots, TruncatedSvd.Truncation.relativeError(1e-6));
            long t1 = System.nanoTime();
            // projection errors of snapshots 0, m/7, 2m/7, ...: ||s||^2 and ||U^T s||^2 summed over the blocks
            int[] checked = IntStream.range(0, 7).map(i -> i * count / 7).toArray();
            int m = pod.modeCount();
            double[] sums = pod.modes()
                    .map(u -> projections(u, dim, count, blocks, checked, m))
                    .reduce(DistributedScale::add);
            long t2 = System.nanoTime();
            double worst = 0;
            for (int c = 0; c < checked.length; c++) {
                double norm2 = sums[c * (m + 1)];
                double proj2 = 0;
                for (int k = 0; k < m; k++) {
                    proj2 += sums[c * (m + 1) + 1 + k] * sums[c * (m + 1) + 1 + k];
                }
                worst = Math.max(worst, Math.sqrt(Math.max(0, norm2 - proj2) / norm2));
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s: %d unknowns x %d snapshots in %d row blocks: TSQR POD %.1f s (%d modes at 1e-6, sigma_1 %.4e,"
                            + " sigma_m %.4e), projection check %.1f s, largest relative projection error of %d"
                            + " snapshots %.2e%n",
                    master,
                    dim,
                    count,
                    blocks,
                    (t1 - t0) * 1e-9,
                    m,
                    pod.singularValues()[0],
                    pod.singularValues()[m - 1],
                    (t2 - t1) * 1e-9,
                    checked.length,
                    worst);
        } finally {
            sc.stop();
        }
    }

    /** Row block b of the snapshot matrix, {@code Phi_b A}. */
    static RowBlock block(int dim, int count, int b, int blocks) {
        ExecutorBlas.oneThread();
        int from = DistributedSnapshots.start(b, dim, blocks);
        int rows = DistributedSnapshots.start(b + 1, dim, blocks) - from;
        return new RowBlock(
                from, rows, count, TravellingWave.rows(dim, count, from, rows).data());
    }

    /** Per checked snapshot: {@code ||s_b||^2} and {@code U_b^T s_b} on this block (the modes' block u). */
    private static double[] projections(RowBlock u, int dim, int count, int blocks, int[] checked, int m) {
        int b = (int) ((long) u.firstRow() * blocks / dim);
        while (DistributedSnapshots.start(b, dim, blocks) > u.firstRow()) {
            b--;
        }
        while (DistributedSnapshots.start(b + 1, dim, blocks) <= u.firstRow()) {
            b++;
        }
        RowBlock s = block(dim, count, b, blocks);
        double[] out = new double[checked.length * (m + 1)];
        for (int c = 0; c < checked.length; c++) {
            int col = checked[c] * s.rows();
            double n2 = 0;
            for (int i = 0; i < s.rows(); i++) {
                n2 += s.data()[col + i] * s.data()[col + i];
            }
            out[c * (m + 1)] = n2;
            for (int k = 0; k < m; k++) {
                double dot = 0;
                for (int i = 0; i < s.rows(); i++) {
                    dot += u.data()[k * u.rows() + i] * s.data()[col + i];
                }
                out[c * (m + 1) + 1 + k] = dot;
            }
        }
        return out;
    }

    private static double[] add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }
}

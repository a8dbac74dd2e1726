package org.jrom.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.jrom.algorithms.IncrementalPod;
import org.jrom.fem.problems.TravellingWave;
import org.jrom.io.Npy;
import org.jrom.io.SnapshotSource;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.LinalgBackend;
import org.jrom.linalg.VectorArray;

/**
 * The streaming POD at scale (not a JMH benchmark: one run, one number each): writes a synthetic
 * snapshot file of n unknowns x m snapshots, then streams it through {@link IncrementalPod} in a
 * heap far smaller than the file, and prints the time, the modes, the peak heap and the projection
 * error of a few snapshots. Run as {@code java -Xmx2g -cp jrom-bench/target/benchmarks.jar
 * org.jrom.bench.StreamingPodScale --dim 1000000 --snapshots 500 --dir /tmp/x}; {@code --reuse}
 * skips writing when the file of that name and size is there.
 *
 * <p>The family ({@link TravellingWave}): {@code u(x; mu_j) = sum_{k=1}^{64} exp(-k/3) sin(k (pi x + mu_j))} on {@code x_i =
 * (i+1)/(n+1)}, {@code mu_j = 2 pi j/m}, a travelling wave whose POD spectrum decays like {@code
 * exp(-k/3)} in pairs; about 46 modes at relative tolerance 1e-6. The file is {@code .npy}, shape
 * {@code (n, m)}, Fortran order (each snapshot contiguous), computed a band of rows at a time as
 * {@code Phi_band A} with the separated form {@code sin(k pi x) cos(k mu) + cos(k pi x) sin(k mu)}.
 */
public final class StreamingPodScale {
    private static final int BAND = 8192;

    private StreamingPodScale() {}

    public static void main(String[] args) throws IOException {
        int dim = 1_000_000;
        int count = 500;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        double tolerance = 1e-6;
        int chunk = 20;
        boolean reuse = false;
        for (int a = 0; a < args.length; a += 2) {
            String value = a + 1 < args.length ? args[a + 1] : "";
            switch (args[a]) {
                case "--reuse" -> {
                    reuse = true;
                    a--;
                }
                case "--dim" -> dim = Integer.parseInt(value);
                case "--snapshots" -> count = Integer.parseInt(value);
                case "--dir" -> dir = Path.of(value);
                case "--tolerance" -> tolerance = Double.parseDouble(value);
                case "--chunk" -> chunk = Integer.parseInt(value);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[a]
                            + "; expected --dim N --snapshots M --dir DIR [--tolerance T] [--chunk K] [--reuse]");
            }
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("snapshots-" + dim + "x" + count + ".npy");
        System.out.println(LinalgBackend.describe());
        System.out.printf(
                Locale.ROOT,
                "max heap %.0f MiB, %d processors%n",
                Runtime.getRuntime().maxMemory() / 1048576.0,
                Runtime.getRuntime().availableProcessors());
        long t0 = System.nanoTime();
        long size = Npy.header(new int[] {dim, count}, true).length + 8L * dim * count;
        if (reuse && Files.isRegularFile(file) && Files.size(file) == size) {
            System.out.println("reusing " + file + " (--reuse)");
        } else {
            write(file, dim, count);
            System.out.printf(
                    Locale.ROOT,
                    "wrote %s (%.2f GB) in %.1f s%n",
                    file,
                    Files.size(file) / 1e9,
                    (System.nanoTime() - t0) / 1e9);
        }

        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long sampledPeak = 0;
        long t1 = System.nanoTime();
        IncrementalPod pod = IncrementalPod.builder(dim)
                .relativeTolerance(tolerance)
                .chunkSize(chunk)
                .build();
        try (SnapshotSource source = SnapshotSource.npy(file, SnapshotSource.Layout.COLUMNS)) {
            while (source.hasNext()) {
                pod.add(source.next(chunk));
                sampledPeak = Math.max(sampledPeak, usedHeap());
            }
        }
        IncrementalPod.Result r = pod.result();
        sampledPeak = Math.max(sampledPeak, usedHeap());
        double seconds = (System.nanoTime() - t1) / 1e9;
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        double[] s = r.singularValues();
        System.out.printf(
                Locale.ROOT,
                "streamed POD of %d x %d (chunks of %d, tolerance %.0e) in %.1f s: %d modes, sigma_1 = %.6e,"
                        + " sigma_N = %.3e, a-priori relative error bound %.3e%n",
                dim,
                count,
                chunk,
                tolerance,
                seconds,
                r.modeCount(),
                s[0],
                s[s.length - 1],
                r.relativeErrorBound());
        System.out.printf(
                Locale.ROOT,
                "peak heap used: %.0f MiB (sum of the heap pools' peaks, an upper bound), %.0f MiB (largest"
                        + " sample after a chunk)%n",
                poolPeaks / 1048576.0,
                sampledPeak / 1048576.0);
        VectorArray modes = r.modes();
        double worst = 0;
        for (int j : new int[] {0, count / 3, 2 * count / 3, count - 1}) {
            double[] u = snapshot(dim, count, j);
            VectorArray v = VectorArray.wrap(dim, 1, u);
            VectorArray e = v.copy();
            e.axpy(-1.0, modes.lincomb(modes.inner(v)));
            double rel = e.norms()[0] / v.norms()[0];
            worst = Math.max(worst, rel);
            System.out.printf(Locale.ROOT, "  snapshot %d: relative projection error %.3e%n", j, rel);
        }
        System.out.printf(Locale.ROOT, "max relative projection error of the checked snapshots: %.3e%n", worst);
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Snapshot j, computed as the file has it. */
    static double[] snapshot(int dim, int count, int j) {
        DenseMatrix all = TravellingWave.coefficients(count);
        DenseMatrix a = all.subMatrix(0, all.rows(), j, j + 1);
        double[] u = new double[dim];
        for (int i0 = 0; i0 < dim; i0 += BAND) {
            int rows = Math.min(BAND, dim - i0);
            System.arraycopy(TravellingWave.basis(dim, i0, rows).multiply(a).data(), 0, u, i0, rows);
        }
        return u;
    }

    /** Writes the snapshot file band of rows by band of rows, each snapshot's piece at its place. */
    static void write(Path file, int dim, int count) {
        byte[] header = Npy.header(new int[] {dim, count}, true);
        DenseMatrix a = TravellingWave.coefficients(count);
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(header), 0);
            ByteBuffer piece = ByteBuffer.allocate(8 * BAND).order(ByteOrder.LITTLE_ENDIAN);
            for (int i0 = 0; i0 < dim; i0 += BAND) {
                int rows = Math.min(BAND, dim - i0);
                double[] band = TravellingWave.basis(dim, i0, rows).multiply(a).data(); // rows x count
                for (int j = 0; j < count; j++) {
                    piece.clear();
                    piece.asDoubleBuffer().put(band, j * rows, rows);
                    piece.limit(8 * rows);
                    long at = header.length + 8L * ((long) j * dim + i0);
                    while (piece.hasRemaining()) {
                        ch.write(piece, at + piece.position());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

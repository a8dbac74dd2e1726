package org.jrom.bench;

import java.nio.file.Path;
import org.jrom.io.MatrixMarket;
import org.jrom.linalg.CsrMatrix;

/**
 * One Matrix Market read in a fresh JVM, for whole-process comparisons with a peer (farm-bench:
 * wall, CPU and peak memory, start-up included): {@code java -cp benchmarks.jar
 * org.jrom.bench.ReadMatrixMarket FILE}.
 */
public final class ReadMatrixMarket {
    private ReadMatrixMarket() {}

    public static void main(String[] args) {
        long start = System.nanoTime();
        CsrMatrix a = MatrixMarket.readSparse(Path.of(args[0]));
        System.out.printf(
                "%d x %d, %d nonzeros, read in %.0f ms%n",
                a.rows(), a.cols(), a.nnz(), (System.nanoTime() - start) / 1e6);
    }
}

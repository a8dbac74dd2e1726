package org.jrom.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Function;
import org.jrom.linalg.CholeskySymbolic;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.FillReducingOrdering;
import org.jrom.linalg.SparseCholesky;

/**
 * The two fill-reducing orderings side by side on each matrix: the ordering's time, the symbolic
 * analysis's, the factor's nonzeros and {@code sum colcount^2}, a numeric factorization plus one
 * solve, and the ordering {@code FillReducingOrdering.compute} picks. Medians of 7 runs after 5 in one
 * JVM: {@code java -cp benchmarks.jar org.jrom.bench.OrderingStudy [MATRIX ...]} with the names of
 * {@link SparseCholeskyBench} and {@code poisson2d-K}, {@code poisson3d-K} for any K.
 */
public final class OrderingStudy {
    private static final int RUNS = 7;
    private static final int WARMUP = 5;

    private OrderingStudy() {}

    public static void main(String[] args) throws IOException {
        String[] names = args.length > 0
                ? args
                : new String[] {
                    "plate2d-20k", "plate2d-80k", "poisson2d-150", "poisson2d-300", "poisson3d-20", "poisson3d-30"
                };
        System.out.printf(
                "%-14s %8s %-5s %9s %9s %10s %9s %12s %9s %s%n",
                "matrix", "n", "order", "order ms", "symb ms", "nnz(L)", "fl/nnz", "factor+solve", "total", "default");
        for (String name : names) {
            CsrMatrix a = matrix(name);
            double[] b = new double[a.rows()];
            Arrays.fill(b, 1.0);
            int[] chosen = FillReducingOrdering.compute(a);
            row(name, a, b, "AMD", FillReducingOrdering::approximateMinimumDegree, chosen);
            row(name, a, b, "ND", FillReducingOrdering::nestedDissection, chosen);
        }
    }

    private static void row(
            String name, CsrMatrix a, double[] b, String label, Function<CsrMatrix, int[]> ordering, int[] chosen) {
        double[] order = new double[RUNS];
        double[] symbolic = new double[RUNS];
        double[] numeric = new double[RUNS];
        int[] perm = null;
        CholeskySymbolic s = null;
        for (int r = -WARMUP; r < RUNS; r++) {
            long t0 = System.nanoTime();
            perm = ordering.apply(a);
            long t1 = System.nanoTime();
            s = SparseCholesky.analyze(a, perm);
            long t2 = System.nanoTime();
            s.factor(a).solve(b);
            long t3 = System.nanoTime();
            if (r >= 0) {
                order[r] = (t1 - t0) / 1e6;
                symbolic[r] = (t2 - t1) / 1e6;
                numeric[r] = (t3 - t2) / 1e6;
            }
        }
        double o = median(order);
        double sy = median(symbolic);
        double nu = median(numeric);
        System.out.printf(
                "%-14s %8d %-5s %9.1f %9.1f %10d %9.1f %12.1f %9.1f %s%n",
                name,
                a.rows(),
                label,
                o,
                sy,
                s.nnzFactor(),
                s.flops() / s.nnzFactor(),
                nu,
                o + sy + nu,
                Arrays.equals(perm, chosen) ? "<-" : "");
    }

    private static CsrMatrix matrix(String name) throws IOException {
        if (name.startsWith("poisson2d-")) {
            return PoissonMatrices.grid2d(Integer.parseInt(name.substring("poisson2d-".length())));
        }
        if (name.startsWith("poisson3d-")) {
            return PoissonMatrices.grid3d(Integer.parseInt(name.substring("poisson3d-".length())));
        }
        return PlateMatrices.matrix(name);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}

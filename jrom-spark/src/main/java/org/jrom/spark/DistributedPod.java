package org.jrom.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.jrom.JromException;
import org.jrom.algorithms.Pod;
import org.jrom.algorithms.Tsqr;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.SymmetricEigen;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.linalg.VectorArray;

/**
 * Proper orthogonal decomposition of a snapshot matrix held as row blocks across executors
 * (Euclidean inner product), by two routes:
 *
 * <ul>
 *   <li>{@link #tsqr}, accurate: the R factor of the tall-skinny QR (Demmel, Grigori, Hoemmen,
 *       Langou 2012) by a reduction tree over the blocks, each node the QR of two stacked R factors
 *       (only R is kept), then the SVD of R on the driver, {@code R = U_R diag(sigma) V^T}: the singular
 *       values of the snapshots to {@code eps sigma_1}, as the single-machine QR + SVD. The modes
 *       are {@code A V diag(sigma)^-1} per block, then orthonormalized once more by the Cholesky
 *       factor of their Gram matrix (CholeskyQR, Fukaya et al. 2014): orthonormal to round-off,
 *       their directions accurate to about {@code eps sigma_1 / sigma_k}.
 *   <li>{@link #methodOfSnapshots}, fast: the Gram matrix {@code A^T A} summed over the blocks by a
 *       tree, its eigen-decomposition on the driver (Sirovich 1987), the modes {@code A V
 *       diag(sigma)^-1}: no QR and one reduction of an n x n matrix, but singular values below
 *       {@code sqrt(eps) sigma_1} are lost, as in the single-machine method of snapshots.
 * </ul>
 *
 * <p>Both read the snapshots twice (R or the Gram matrix, then the modes); persist them. The modes
 * of {@link #tsqr} come persisted (unpersist them when done). Singular values below round-off
 * (snapshot count times eps of sigma_1; for the Gram route, its square root) give no modes, whatever
 * the truncation asks. Driver memory: the R or Gram matrix of the snapshot count squared; executor memory: one
 * block and the factors of its QR, the R factors of a tree level.
 */
public final class DistributedPod {
    private DistributedPod() {}

    /**
     * A distributed POD.
     *
     * @param singularValues all singular values computed (of R, or from the Gram eigenvalues), descending
     * @param modeCount the modes kept by the truncation
     * @param modes the modes as row blocks of the snapshots' partition, {@code modeCount} columns
     */
    public record Result(double[] singularValues, int modeCount, JavaRDD<RowBlock> modes) {
        /** The modes gathered on the driver (for modest sizes): one vector per mode. */
        public VectorArray collectModes(int dim) {
            VectorArray v = VectorArray.empty(dim);
            double[][] columns = new double[modeCount][dim];
            for (RowBlock b : modes.collect()) {
                for (int j = 0; j < modeCount; j++) {
                    System.arraycopy(b.data(), j * b.rows(), columns[j], b.firstRow(), b.rows());
                }
            }
            for (double[] c : columns) {
                v.append(VectorArray.of(c));
            }
            return v;
        }
    }

    /** The POD by the R factor of a tree TSQR and the SVD of R; see the class comment. */
    public static Result tsqr(JavaRDD<RowBlock> snapshots, TruncatedSvd.Truncation truncation) {
        return SparkContexts.oneLineOnFailure("the TSQR POD", () -> tsqrOnExecutors(snapshots, truncation));
    }

    private static Result tsqrOnExecutors(JavaRDD<RowBlock> snapshots, TruncatedSvd.Truncation truncation) {
        Tsqr.Triangle r = snapshots.map(DistributedPod::triangle).treeReduce(Tsqr::stack, 2);
        Tsqr.Root root = Tsqr.root(r, truncation);
        int m = root.modeCount();
        if (m == 0) {
            return new Result(root.singularValues(), 0, noModes(snapshots));
        }
        double[] w = root.rightFactor();
        // the modes U = A W, orthonormalized once more (CholeskyQR on the stored U)
        JavaRDD<RowBlock> u = snapshots.map(b -> times(b, m, w));
        u.persist(StorageLevel.MEMORY_AND_DISK());
        double[] gram = u.treeAggregate(new double[m * m], DistributedPod::addGram, DistributedPod::sum, 2);
        double[] correction = Tsqr.orthonormalizer(gram, m);
        JavaRDD<RowBlock> modes = u.map(b -> times(b, m, correction));
        modes.persist(StorageLevel.MEMORY_AND_DISK());
        modes.count();
        u.unpersist(false);
        return new Result(root.singularValues(), m, modes);
    }

    /**
     * A distributed HAPOD (Himpe, Leibner, Rave 2018).
     *
     * @param pod the POD of the root: singular values, modes as row blocks
     * @param energy the snapshots' energy {@code sum_j ||s_j||^2}
     * @param discardedBound the HAPOD bound on {@code sum_j ||s_j - P s_j||^2}, P the projection on
     *     the modes: the leaves' discarded energy plus the root's, at most {@code tol^2 energy}
     */
    public record Hapod(Result pod, double energy, double discardedBound) {}

    /**
     * The POD of snapshots held as column blocks, as computed (one per parameter partition), without
     * moving them: the two-level HAPOD. Each partition compresses its columns by its own POD to the
     * relative tolerance {@code omega tol} (the leaves), keeping {@code U_i diag(sigma_i)} and what it
     * discarded, {@code delta_i <= omega^2 tol^2 E_i}; only these compressed columns are shuffled to
     * {@code rowBlocks} row blocks, where {@link #tsqr} truncates the root to the remaining budget
     * {@code tol^2 E - sum_i delta_i}. The bound {@code sum_j ||s_j - P s_j||^2 <= sum_i delta_i +
     * delta_root <= tol^2 E} holds exactly as for the incremental HAPOD ({@link
     * org.jrom.algorithms.IncrementalPod}: {@code W W^T = S S^T - sum D} with D positive
     * semidefinite of trace delta). {@code omega} in (0, 1): smaller leaves more for the root, closer
     * to the batch POD; larger compresses the leaves more (a smaller shuffle).
     */
    public static Hapod hapod(JavaRDD<ColumnBlock> snapshots, int dim, double tolerance, double omega, int rowBlocks) {
        double leafTolerance = leafTolerance(tolerance, omega);
        JavaRDD<Leaf> leaves = snapshots.map(c -> leaf(DistributedSnapshots.checked(c, dim), leafTolerance));
        leaves.persist(StorageLevel.MEMORY_AND_DISK());
        Hapod h = root(leaves, dim, tolerance, rowBlocks);
        leaves.unpersist(false);
        return h;
    }

    /** The leaves' tolerance {@code omega tol}, after checking both. */
    static double leafTolerance(double tolerance, double omega) {
        if (!(tolerance >= 0 && tolerance < 1) || !(omega > 0 && omega < 1)) {
            throw new JromException(
                    "HAPOD needs a tolerance in [0, 1) and omega in (0, 1), found " + tolerance + ", " + omega);
        }
        return omega * tolerance;
    }

    /**
     * The root of the HAPOD over its leaves (in the order of their columns): the compressed columns
     * to row blocks, TSQR truncated to the budget the leaves left, and the bound; see {@link #hapod}.
     */
    static Hapod root(JavaRDD<Leaf> leaves, int dim, double tolerance, int rowBlocks) {
        List<double[]> stats = SparkContexts.oneLineOnFailure("the HAPOD's leaves", () -> leaves.map(
                        l -> new double[] {l.energy(), l.discarded(), l.modes().count()})
                .collect());
        double energy = 0;
        double discarded = 0;
        int columns = 0;
        int[] offsets = new int[stats.size()];
        for (int i = 0; i < stats.size(); i++) {
            energy += stats.get(i)[0];
            discarded += stats.get(i)[1];
            offsets[i] = columns;
            columns += (int) stats.get(i)[2];
        }
        if (columns == 0) {
            throw new JromException("HAPOD: every snapshot is zero");
        }
        // the root's relative tolerance on its own energy E - sum delta_i, from the remaining budget
        double budget = Math.max(0, tolerance * tolerance * energy - discarded);
        double rootEnergy = energy - discarded;
        double rootTolerance = rootEnergy > 0 ? Math.min(Math.sqrt(budget / rootEnergy), 1) : 0;
        JavaRDD<ColumnBlock> compressed = leaves.zipWithIndex()
                .map(t -> new ColumnBlock(
                        offsets[(int) (long) t._2()],
                        dim,
                        t._1().modes().count(),
                        t._1().modes().data()));
        Result root = tsqr(
                DistributedSnapshots.toRowBlocks(compressed, dim, columns, rowBlocks),
                TruncatedSvd.Truncation.relativeError(rootTolerance));
        double rootDiscarded = 0;
        for (int k = root.modeCount(); k < root.singularValues().length; k++) {
            rootDiscarded += root.singularValues()[k] * root.singularValues()[k];
        }
        return new Hapod(root, energy, discarded + rootDiscarded);
    }

    /** A leaf of the HAPOD: its columns {@code U diag(sigma)} kept, its energy, what it discarded. */
    record Leaf(ColumnBlock modes, double energy, double discarded) implements Serializable {}

    /** A column block compressed by its own POD to the relative {@code tolerance}: a leaf of the HAPOD. */
    static Leaf leaf(ColumnBlock c, double tolerance) {
        ExecutorBlas.oneThread();
        VectorArray v = VectorArray.empty(c.dim());
        for (int j = 0; j < c.count(); j++) {
            v.append(VectorArray.of(java.util.Arrays.copyOfRange(c.data(), j * c.dim(), (j + 1) * c.dim())));
        }
        TruncatedSvd pod = Pod.compute(v, null, Pod.Options.tolerance(tolerance));
        double[] sigma = pod.singularValues();
        double energy = 0;
        double discarded = 0;
        for (int k = 0; k < sigma.length; k++) {
            energy += sigma[k] * sigma[k];
            if (k >= pod.modeCount()) {
                discarded += sigma[k] * sigma[k];
            }
        }
        int m = pod.modeCount();
        double[] data = new double[c.dim() * m];
        for (int k = 0; k < m; k++) {
            double[] u = pod.modes().vector(k);
            for (int i = 0; i < c.dim(); i++) {
                data[k * c.dim() + i] = u[i] * sigma[k];
            }
        }
        return new Leaf(new ColumnBlock(0, c.dim(), m, data), energy, discarded);
    }

    /** The POD by the tree-summed Gram matrix and its eigen-decomposition; see the class comment. */
    public static Result methodOfSnapshots(JavaRDD<RowBlock> snapshots, TruncatedSvd.Truncation truncation) {
        int n = SparkContexts.oneLineOnFailure(
                "the method of snapshots", () -> snapshots.first().cols());
        double[] gram = SparkContexts.oneLineOnFailure(
                "the method of snapshots",
                () -> snapshots.treeAggregate(new double[n * n], DistributedPod::addGram, DistributedPod::sum, 2));
        SymmetricEigen eigen = DenseMatrix.wrap(n, n, gram).symmetricEigen();
        double[] lambda = eigen.values(); // ascending
        double[] sigma = new double[n];
        DenseMatrix v = DenseMatrix.zeros(n, n);
        for (int j = 0; j < n; j++) {
            int from = n - 1 - j;
            sigma[j] = Math.sqrt(Math.max(0, lambda[from]));
            for (int i = 0; i < n; i++) {
                v.set(i, j, eigen.vectors().get(i, from));
            }
        }
        double eps = Math.ulp(1.0) / 2;
        // eigenvalues below n eps lambda_1 are round-off (as in TruncatedSvd.methodOfSnapshots)
        int m = Tsqr.reliable(truncation, sigma, Math.sqrt(n * eps));
        if (m == 0) {
            return new Result(sigma, 0, noModes(snapshots));
        }
        double[] w = Tsqr.scaledRightVectors(v, sigma, m).data();
        return new Result(sigma, m, snapshots.map(b -> times(b, m, w)));
    }

    private static JavaRDD<RowBlock> noModes(JavaRDD<RowBlock> snapshots) {
        return snapshots.map(b -> new RowBlock(b.firstRow(), b.rows(), 0, new double[0]));
    }

    /** The R factor of one block (the block itself while it has fewer rows than columns). */
    static Tsqr.Triangle triangle(RowBlock b) {
        ExecutorBlas.oneThread();
        return Tsqr.triangle(b.rows(), b.cols(), b.data());
    }

    /** {@link RowBlock#times} in a task: one BLAS thread. */
    private static RowBlock times(RowBlock b, int m, double[] w) {
        ExecutorBlas.oneThread();
        return b.times(m, w);
    }

    private static double[] addGram(double[] acc, RowBlock b) {
        ExecutorBlas.oneThread();
        DenseMatrix g = b.matrix().transposeMultiply(b.matrix());
        double[] d = g.data();
        for (int i = 0; i < d.length; i++) {
            acc[i] += d[i];
        }
        return acc;
    }

    private static double[] sum(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }
}

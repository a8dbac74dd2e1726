package org.jrom.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.jrom.algorithms.Pod;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.linalg.VectorArray;
import org.junit.jupiter.api.Test;

/**
 * The distributed POD against the single-machine one ({@link Pod}, QR + SVD) on the same snapshots,
 * on local[2]: singular values to round-off of the largest, modes to 1e-10 up to sign, orthonormal
 * to round-off.
 */
class DistributedPodTest {
    private static final int ROWS = 3000;
    private static final int COLS = 40;

    /** A = U diag(2^-k) V^T with random orthonormal U, V (seed 1): singular values down to 1.8e-12. */
    private static DenseMatrix snapshots() {
        Random random = new Random(1);
        DenseMatrix u = orthonormal(ROWS, COLS, random);
        DenseMatrix v = orthonormal(COLS, COLS, random);
        DenseMatrix us = DenseMatrix.zeros(ROWS, COLS);
        for (int j = 0; j < COLS; j++) {
            double s = Math.pow(0.5, j);
            for (int i = 0; i < ROWS; i++) {
                us.set(i, j, u.get(i, j) * s);
            }
        }
        return us.multiplyTranspose(v);
    }

    private static VectorArray columns(DenseMatrix a) {
        VectorArray columns = VectorArray.empty(ROWS);
        for (int j = 0; j < COLS; j++) {
            columns.append(VectorArray.of(a.subMatrix(0, ROWS, j, j + 1).data()));
        }
        return columns;
    }

    private static DenseMatrix orthonormal(int rows, int cols, Random random) {
        DenseMatrix g = DenseMatrix.zeros(rows, cols);
        for (int i = 0; i < g.data().length; i++) {
            g.data()[i] = random.nextGaussian();
        }
        return g.qr().q();
    }

    /** Uneven row blocks, one shorter than the column count (its "R" is the block itself). */
    private static JavaRDD<RowBlock> blocks(DenseMatrix a) {
        int[] starts = {0, 700, 1350, 1375, 2100, 2900, ROWS};
        List<RowBlock> blocks = new ArrayList<>();
        for (int b = 0; b + 1 < starts.length; b++) {
            int rows = starts[b + 1] - starts[b];
            blocks.add(new RowBlock(
                    starts[b],
                    rows,
                    COLS,
                    a.subMatrix(starts[b], starts[b + 1], 0, COLS).data()));
        }
        return LocalSpark.context().parallelize(blocks, 3);
    }

    @Test
    void tsqrMatchesTheSingleMachinePodToRoundOff() {
        DenseMatrix a = snapshots();
        VectorArray columns = columns(a);
        TruncatedSvd reference = Pod.compute(columns, null, Pod.Options.modes(COLS));
        DistributedPod.Result tsqr = DistributedPod.tsqr(blocks(a), TruncatedSvd.Truncation.modes(20));
        assertThat(tsqr.modeCount()).isEqualTo(20);
        for (int k = 0; k < COLS; k++) {
            assertThat(Math.abs(tsqr.singularValues()[k] - reference.singularValues()[k]))
                    .as("sigma_%d", k)
                    .isLessThan(1e-14);
        }
        VectorArray modes = tsqr.collectModes(ROWS);
        assertModesMatch(modes, reference.modes(), 20, 1e-10);
        DenseMatrix gram = modes.inner(modes); // orthonormal to a few rows x eps
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 20; j++) {
                assertThat(Math.abs(gram.get(i, j) - (i == j ? 1 : 0))).isLessThan(1e-12);
            }
        }
        // the truncation by a tolerance keeps the modes the single-machine POD keeps
        assertThat(DistributedPod.tsqr(blocks(a), TruncatedSvd.Truncation.relativeError(1e-6))
                        .modeCount())
                .isEqualTo(
                        Pod.compute(columns, null, Pod.Options.tolerance(1e-6)).modeCount());
    }

    @Test
    void theMethodOfSnapshotsLosesWhatLiesBelowTheSquareRootOfEps() {
        DenseMatrix a = snapshots();
        VectorArray columns = columns(a);
        TruncatedSvd reference = Pod.compute(columns, null, Pod.Options.modes(COLS));
        DistributedPod.Result gram = DistributedPod.methodOfSnapshots(blocks(a), TruncatedSvd.Truncation.modes(10));
        for (int k = 0; k < 10; k++) { // sigma_k >= 2e-3: well above sqrt(eps)
            assertThat(Math.abs(gram.singularValues()[k] - reference.singularValues()[k]))
                    .isLessThan(1e-12);
        }
        assertModesMatch(gram.collectModes(ROWS), reference.modes(), 10, 1e-8);
        // sigma_39 = 1.8e-12 is below sqrt(eps) sigma_1: the Gram route does not resolve it
        assertThat(Math.abs(gram.singularValues()[COLS - 1] - reference.singularValues()[COLS - 1]))
                .isGreaterThan(1e-3 * reference.singularValues()[COLS - 1]);
    }

    private static void assertModesMatch(VectorArray modes, VectorArray reference, int count, double tolerance) {
        for (int k = 0; k < count; k++) {
            double[] u = modes.vector(k);
            double[] r = reference.vector(k);
            double dot = 0;
            for (int i = 0; i < u.length; i++) {
                dot += u[i] * r[i];
            }
            double sign = Math.signum(dot);
            double worst = 0;
            for (int i = 0; i < u.length; i++) {
                worst = Math.max(worst, Math.abs(u[i] - sign * r[i]));
            }
            assertThat(worst).as("mode %d", k).isLessThan(tolerance);
        }
    }
}

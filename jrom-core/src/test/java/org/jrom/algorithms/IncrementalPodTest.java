package org.jrom.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.jrom.JromException;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.LinearMap;
import org.jrom.linalg.NonFiniteValueException;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.linalg.VectorArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming POD against the mathematics: exact singular values of {@code U diag(s) W^T} when
 * nothing is truncated, the batch POD's subspace, M-orthonormal modes, and with truncation the
 * a-priori bound {@code sum_j ||s_j - P s_j||_M^2 <= tol^2 sum_j ||s_j||_M^2} on every snapshot.
 */
class IncrementalPodTest {
    private static final int DIM = 300;
    private static final int COUNT = 60;

    /** {@code Q diag(s) W^T} with Q (DIM x COUNT) and W (COUNT x COUNT) random orthonormal, s from 1 to 1e-4. */
    private static VectorArray prescribed(long seed) {
        double[] s = prescribedValues();
        DenseMatrix q = random(DIM, COUNT, seed).qr().q();
        DenseMatrix w = random(COUNT, COUNT, seed + 1).qr().q();
        return VectorArray.fromMatrix(q.multiply(DenseMatrix.diagonal(s)).multiplyTranspose(w));
    }

    private static double[] prescribedValues() {
        double[] s = new double[COUNT];
        for (int i = 0; i < COUNT; i++) {
            s[i] = Math.pow(10, -4.0 * i / (COUNT - 1));
        }
        return s;
    }

    private static DenseMatrix random(int rows, int cols, long seed) {
        Random random = new Random(seed);
        DenseMatrix m = DenseMatrix.zeros(rows, cols);
        for (int i = 0; i < m.data().length; i++) {
            m.data()[i] = random.nextGaussian();
        }
        return m;
    }

    /** The P1 mass matrix of (0, 1) on DIM interior nodes plus a random diagonal: SPD, not a multiple of I. */
    private static CsrMatrix product(long seed) {
        Random random = new Random(seed);
        double h = 1.0 / (DIM + 1);
        DenseMatrix m = DenseMatrix.zeros(DIM, DIM);
        for (int i = 0; i < DIM; i++) {
            m.set(i, i, 4 * h / 6 + h * random.nextDouble());
            if (i > 0) {
                m.set(i, i - 1, h / 6);
                m.set(i - 1, i, h / 6);
            }
        }
        return CsrMatrix.fromDense(m);
    }

    /** The smooth family {@code u(x; mu) = 1 / (1 + mu x)}, mu in [0, 10]: exponentially decaying spectrum. */
    private static VectorArray smooth() {
        VectorArray v = VectorArray.zeros(DIM, COUNT);
        for (int j = 0; j < COUNT; j++) {
            double mu = 10.0 * j / (COUNT - 1);
            for (int i = 0; i < DIM; i++) {
                v.set(i, j, 1 / (1 + mu * (i + 1.0) / (DIM + 1)));
            }
        }
        return v;
    }

    private static IncrementalPod.Result stream(VectorArray v, IncrementalPod.Builder builder) {
        IncrementalPod pod = builder.build();
        for (int j = 0; j < v.count(); j++) {
            pod.add(v.vector(j));
        }
        assertThat(pod.count()).isEqualTo(v.count());
        return pod.result();
    }

    /** {@code ||A - Phi Phi^T M A||_F} in M: how far the columns of A are from the span of Phi. */
    private static double residual(VectorArray a, VectorArray phi, LinearMap m) {
        VectorArray e = a.copy();
        e.axpy(-1.0, phi.lincomb(m == null ? phi.inner(a) : phi.inner(a, m)));
        double s = 0;
        for (double x : m == null ? e.norms() : e.norms(m)) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 60, 100})
    void untruncatedSingularValuesAreTheExactOnes(int chunk) {
        IncrementalPod.Result r =
                stream(prescribed(1), IncrementalPod.builder(DIM).chunkSize(chunk));
        double[] exact = prescribedValues();
        double[] s = r.singularValues();
        assertThat(s).hasSize(COUNT);
        for (int i = 0; i < COUNT; i++) {
            assertThat(Math.abs(s[i] - exact[i]) / exact[i]).as("sigma_%d", i).isLessThan(1e-10);
        }
        assertThat(r.discardedEnergyBound()).isLessThan(1e-28);
        double total = Arrays.stream(exact).map(x -> x * x).sum();
        assertThat(Math.abs(r.totalEnergy() - total)).isLessThan(1e-13 * total);
    }

    @Test
    void modesSpanTheBatchPodSubspaceAndAreOrthonormalInANonEuclideanProduct() {
        CsrMatrix m = product(3);
        VectorArray v = prescribed(2);
        IncrementalPod.Result r =
                stream(v, IncrementalPod.builder(DIM).product(m).chunkSize(5));
        TruncatedSvd batch = Pod.compute(v, m, Pod.Options.modes(COUNT));
        double[] sb = batch.singularValues();
        double[] s = r.singularValues();
        for (int i = 0; i < COUNT; i++) {
            assertThat(Math.abs(s[i] - sb[i]) / sb[i]).as("sigma_%d", i).isLessThan(1e-10);
        }
        VectorArray modes = r.modes();
        assertThat(modes.gram(m).minus(DenseMatrix.identity(COUNT)).normMax()).isLessThan(1e-13);
        // Leading subspaces of every size: the principal angles are ~ eps sigma_1 / gap.
        for (int d : new int[] {1, 10, 30}) {
            assertThat(residual(modes.slice(0, d), batch.modes().slice(0, d), m))
                    .as("sin of the principal angles, dimension %d", d)
                    .isLessThan(1e-10);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-2, 1e-4, 1e-6, 1e-9})
    void projectionErrorOfAllSnapshotsSatisfiesTheAPrioriBound(double tol) {
        CsrMatrix m = product(4);
        VectorArray v = smooth();
        for (int chunk : new int[] {1, 4, 13}) {
            IncrementalPod.Result r = stream(
                    v,
                    IncrementalPod.builder(DIM)
                            .product(m)
                            .relativeTolerance(tol)
                            .chunkSize(chunk));
            double error = residual(v, r.modes(), m);
            double total = r.totalEnergy();
            assertThat(error * error).isLessThanOrEqualTo(tol * tol * total);
            assertThat(error * error).isLessThanOrEqualTo(r.discardedEnergyBound() * (1 + 1e-6) + 1e-28 * total);
            assertThat(r.relativeErrorBound()).isLessThanOrEqualTo(tol);
            // Eckart-Young: no basis of fewer modes than the batch POD's reaches the tolerance.
            int batch = Pod.compute(v, m, Pod.Options.tolerance(tol)).modeCount();
            assertThat(r.modeCount()).isBetween(batch, batch + 3);
            assertThat(r.modes()
                            .gram(m)
                            .minus(DenseMatrix.identity(r.modeCount()))
                            .normMax())
                    .isLessThan(1e-13);
        }
    }

    @Test
    void maxModesCapsTheBasisAndTheBoundStillHolds() {
        VectorArray v = smooth();
        IncrementalPod.Result r =
                stream(v, IncrementalPod.builder(DIM).maxModes(4).chunkSize(3));
        assertThat(r.modeCount()).isEqualTo(4);
        double error = residual(v, r.modes(), null);
        assertThat(error * error).isLessThanOrEqualTo(r.discardedEnergyBound() * (1 + 1e-9));
        double[] batch = Pod.compute(v, null, Pod.Options.modes(COUNT)).singularValues();
        double optimal = 0;
        for (int i = 4; i < batch.length; i++) {
            optimal += batch[i] * batch[i];
        }
        assertThat(error * error).isGreaterThanOrEqualTo(optimal * (1 - 1e-9));
    }

    @Test
    void chunkSizeChangesTheUntruncatedResultOnlyByRoundOff() {
        VectorArray v = prescribed(5);
        IncrementalPod.Result one = stream(v, IncrementalPod.builder(DIM).chunkSize(1));
        IncrementalPod.Result all = stream(v, IncrementalPod.builder(DIM).chunkSize(COUNT));
        double[] a = one.singularValues();
        double[] b = all.singularValues();
        for (int i = 0; i < COUNT; i++) {
            assertThat(Math.abs(a[i] - b[i])).isLessThan(1e-14);
        }
        for (int d : new int[] {5, 20}) {
            assertThat(residual(one.modes().slice(0, d), all.modes().slice(0, d), null))
                    .isLessThan(1e-10);
        }
    }

    @Test
    void sameInputGivesBitIdenticalOutput() {
        VectorArray v = smooth();
        CsrMatrix m = product(6);
        IncrementalPod.Builder builder =
                IncrementalPod.builder(DIM).product(m).relativeTolerance(1e-7).chunkSize(6);
        IncrementalPod.Result a = stream(v, builder);
        IncrementalPod.Result b = stream(v, builder);
        assertThat(b.singularValues()).isEqualTo(a.singularValues());
        assertThat(b.modes().data()).isEqualTo(a.modes().data());
        assertThat(b.discardedEnergyBound()).isEqualTo(a.discardedEnergyBound());
    }

    @Test
    void blocksAndSingleSnapshotsGiveTheSameChunksAndAddingGoesOnAfterAResult() {
        VectorArray v = smooth();
        IncrementalPod.Builder builder =
                IncrementalPod.builder(DIM).relativeTolerance(1e-8).chunkSize(8);
        IncrementalPod blocks = builder.build();
        blocks.add(v.slice(0, 25));
        IncrementalPod.Result early = blocks.result();
        assertThat(early.snapshotCount()).isEqualTo(25);
        blocks.add(v.slice(25, COUNT));
        IncrementalPod.Result late = blocks.result();
        assertThat(late.snapshotCount()).isEqualTo(COUNT);
        double error = residual(v, late.modes(), null);
        assertThat(error * error).isLessThanOrEqualTo(1e-16 * late.totalEnergy());
        // Without a result in between, the same chunks as one at a time.
        IncrementalPod whole = builder.build();
        whole.add(v);
        assertThat(whole.result().modes().data())
                .isEqualTo(stream(v, builder).modes().data());
    }

    @Test
    void zeroAndRepeatedSnapshotsAddNoModes() {
        VectorArray v = VectorArray.zeros(DIM, 6);
        double[] u = smooth().vector(7);
        for (int j = 1; j < 6; j++) {
            System.arraycopy(u, 0, v.data(), j * DIM, DIM);
        }
        IncrementalPod.Result r = stream(v, IncrementalPod.builder(DIM).chunkSize(2));
        assertThat(r.modeCount()).isEqualTo(1);
        assertThat(r.singularValues()[0] * r.singularValues()[0])
                .isCloseTo(r.totalEnergy(), org.assertj.core.api.Assertions.within(1e-12 * r.totalEnergy()));
    }

    @Test
    void refusesBadSnapshotsAndSettingsNamingWhatIsWrong() {
        IncrementalPod pod = IncrementalPod.builder(3).chunkSize(2).build();
        pod.add(new double[] {1, 2, 3});
        assertThatThrownBy(() -> pod.add(new double[] {1, 2}))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessage("length of snapshot 1: expected 3, found 2");
        assertThatThrownBy(() -> pod.add(new double[] {1, Double.NaN, 3}))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessage("snapshot 1: entry 1 is NaN, expected a finite number");
        assertThatThrownBy(() -> pod.add(VectorArray.zeros(4, 2)))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("snapshots 1..2");
        assertThat(pod.count()).isEqualTo(1);
        assertThatThrownBy(() -> IncrementalPod.builder(3).relativeTolerance(Double.NaN))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("found NaN");
        assertThatThrownBy(() -> IncrementalPod.builder(3).chunkSize(0)).hasMessageContaining("chunk size");
        assertThatThrownBy(() -> IncrementalPod.builder(3).omega(0)).hasMessageContaining("omega");
        assertThatThrownBy(() -> IncrementalPod.builder(3).product(product(1)).build())
                .isInstanceOf(DimensionMismatchException.class);
    }
}

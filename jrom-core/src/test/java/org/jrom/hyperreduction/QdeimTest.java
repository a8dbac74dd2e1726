package org.jrom.hyperreduction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.jrom.algorithms.Pod;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.junit.jupiter.api.Test;

/**
 * Q-DEIM picks k distinct rows whose square block is invertible, with the growth bound of Drmac and
 * Gugercin: {@code ||Phi_S^{-1}||_2 <= sqrt(n - k + 1) 2^k / 3}-type growth never seen in practice,
 * and here below {@code sqrt(n)}; the first pick is the row of largest norm; a sparse basis (the
 * identity's columns) gets exactly its nonzero rows; a rank-deficient basis is refused.
 */
class QdeimTest {
    private static VectorArray orthonormal(int n, int k, long seed) {
        Random random = new Random(seed);
        double[][] v = new double[k][n];
        for (double[] column : v) {
            for (int i = 0; i < n; i++) {
                column[i] = random.nextGaussian() / (1 + 0.05 * i); // decaying rows, not all alike
            }
        }
        return Pod.compute(VectorArray.of(v), null, Pod.Options.modes(k)).modes();
    }

    @Test
    void theSampledBlockIsInvertibleAndWellConditioned() {
        for (long seed = 1; seed <= 20; seed++) {
            int n = 200 + (int) seed * 10;
            int k = 3 + (int) seed % 12;
            VectorArray phi = orthonormal(n, k, seed);
            int[] s = Qdeim.select(phi);
            assertThat(Arrays.stream(s).distinct().count()).isEqualTo(k);
            DenseMatrix block = phi.toMatrix().selectRows(s);
            double[] sigma = block.svd().singularValues();
            double inverseNorm = 1 / sigma[k - 1];
            assertThat(inverseNorm).isLessThan(Math.sqrt(n));
        }
    }

    @Test
    void theFirstPickIsTheLargestRow() {
        VectorArray phi = orthonormal(300, 5, 7);
        int[] s = Qdeim.select(phi);
        int largest = 0;
        double best = -1;
        for (int i = 0; i < phi.dim(); i++) {
            double r = 0;
            for (int j = 0; j < phi.count(); j++) {
                r += phi.get(i, j) * phi.get(i, j);
            }
            if (r > best) {
                best = r;
                largest = i;
            }
        }
        assertThat(s[0]).isEqualTo(largest);
    }

    @Test
    void unitVectorsGetTheirRows() {
        VectorArray e = VectorArray.zeros(50, 3);
        e.set(7, 0, 1);
        e.set(31, 1, 1);
        e.set(2, 2, 1);
        assertThat(Qdeim.select(e)).containsExactlyInAnyOrder(7, 31, 2);
    }

    @Test
    void aRankDeficientBasisIsRefused() {
        VectorArray phi = orthonormal(100, 3, 3);
        VectorArray twice = VectorArray.of(phi.vector(0), phi.vector(1), phi.vector(0));
        assertThatThrownBy(() -> Qdeim.select(twice))
                .isInstanceOf(IllPosedSamplesException.class)
                .hasMessageContaining("numerical rank 2");
    }
}

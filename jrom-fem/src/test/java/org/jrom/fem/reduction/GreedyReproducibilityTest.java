package org.jrom.fem.reduction;

import static org.assertj.core.api.Assertions.assertThat;

import org.jrom.linalg.VectorArray;
import org.junit.jupiter.api.Test;

/**
 * The same seeds give the same reduced basis: training set, parallel estimator sweeps and basis
 * extension are all deterministic.
 */
class GreedyReproducibilityTest {
    @Test
    void sameSeedGivesTheSameBasis() {
        EstimatorStudy a = new EstimatorStudy(2, 2, 10, 80, 2, 1e-10, 25);
        EstimatorStudy b = new EstimatorStudy(2, 2, 10, 80, 2, 1e-10, 25);
        assertThat(b.greedy.selected()).isEqualTo(a.greedy.selected());
        VectorArray va = a.orthonormal.basis();
        VectorArray vb = b.orthonormal.basis();
        assertThat(vb.count()).isEqualTo(va.count()).isGreaterThan(5);
        vb.axpy(-1.0, va);
        for (double d : vb.norms()) {
            assertThat(d).isLessThanOrEqualTo(1e-13);
        }
    }
}

package org.jrom.fem.reduction;

import static org.assertj.core.api.Assertions.assertThat;

import org.jrom.linalg.VectorArray;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.parameters.Parameter;
import org.junit.jupiter.api.Test;

/**
 * The energy-norm bound {@code |||u - u_N|||_mu <= ||r||_{X'} / sqrt(alpha_LB)} holds against the
 * energy norm of the true error, {@code (e^T A(mu) e)^(1/2)}, and is sharper than the X-norm bound
 * scaled to energy ({@code sqrt(gamma) Delta_X}).
 */
class EnergyNormBoundTest {
    @Test
    void energyBoundHoldsAtEveryBasisSizeAndTestParameter() {
        EstimatorStudy s = new EstimatorStudy(2, 2, 10, 80, 20, 1e-9, 16);
        int checked = 0;
        for (int n = 1; n <= s.orthonormal.basisSize(); n += 3) {
            ReducedModel rom = s.orthonormal.reduce(n);
            for (int k = 0; k < s.test.size(); k++) {
                Parameter mu = s.test.get(k);
                ReducedSolution sol = rom.solve(mu);
                VectorArray e = VectorArray.of(s.truth.vector(k));
                e.axpy(-1.0, VectorArray.of(s.orthonormal.reconstruct(sol.coefficients())));
                VectorArray ae = s.fom.operator().apply(e, mu);
                double energy = Math.sqrt(e.inner(ae).get(0, 0));
                double truthNorm = Math.sqrt(VectorArray.of(s.truth.vector(k))
                        .inner(s.fom.operator().apply(VectorArray.of(s.truth.vector(k)), mu))
                        .get(0, 0));
                if (energy > 1e-10 * truthNorm) {
                    assertThat(sol.energyErrorBound()).as("N=%d, mu=%s", n, mu).isGreaterThanOrEqualTo(energy);
                    // Effectivity at most sqrt(max theta / min theta) = sqrt(10) for min-theta.
                    assertThat(sol.energyErrorBound()).isLessThanOrEqualTo(Math.sqrt(10) * energy * 1.0001);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
    }
}

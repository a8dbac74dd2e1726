package org.jrom.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.jrom.linalg.VectorArray;
import org.jrom.parameters.Parameter;
import org.jrom.testing.RodModel;
import org.junit.jupiter.api.Test;

/**
 * A reduced model is a model: its {@link ReducedModel#projected()} problem, solved through the same
 * {@link StationaryModel} interface as the high-fidelity model (a dense LU), gives the Galerkin
 * solution and outputs that the compiled kernel answers (a Cholesky on packed terms), to round-off.
 */
class ProjectedModelTest {
    @Test
    void theProjectedProblemIsWhatTheKernelSolves() {
        for (RodModel.Variant v : RodModel.variants()) {
            ReducedModel rom = RodModel.reduced(v);
            StationaryModel projected = rom.projected();
            assertThat(projected.dim()).isEqualTo(rom.dim());
            assertThat(projected.outputNames()).isEqualTo(rom.outputNames());
            assertThat(projected.parameterSpace()).isSameAs(rom.parameterSpace());
            for (Parameter mu : RodModel.parameters(6, 3)) {
                VectorArray u = projected.solve(mu);
                ReducedSolution s = rom.solve(mu);
                double scale = s.norm();
                for (int i = 0; i < rom.dim(); i++) {
                    assertThat(u.get(i, 0)).as(v + " at " + mu).isCloseTo(s.coefficients()[i], within(1e-12 * scale));
                }
                projected.output(u, mu).forEach((name, value) -> assertThat(value)
                        .as(name)
                        .isCloseTo(s.outputs().get(name), within(1e-12 * Math.max(1, Math.abs(value)))));
            }
        }
    }
}

package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;
import org.jrom.ProgressListener;
import org.jrom.fem.problems.ManufacturedSolid;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Elastic convergence of the solid on the manufactured solution of {@link ManufacturedSolid}: P_k
 * converges at order k + 1 in L2 and k in the H1 seminorm. Orders are asserted on the last halving,
 * the coarser meshes being pre-asymptotic.
 */
class SolidConvergenceTest {
    @ParameterizedTest
    @CsvSource({"1, 3, 24", "2, 3, 12"})
    void manufacturedSolutionConvergesAtTheOptimalOrders(int degree, int coarsest, int finest) {
        List<ManufacturedSolid.Level> levels =
                ManufacturedSolid.errors(degree, coarsest, finest, Materials.E, Materials.NU, ProgressListener.NONE);
        for (int m = 0; m < levels.size(); m++) {
            ManufacturedSolid.Level level = levels.get(m);
            String orders = m == 0
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            ", orders %.3f, %.3f",
                            ManufacturedSolid.order(levels.get(m - 1).l2(), level.l2()),
                            ManufacturedSolid.order(levels.get(m - 1).h1(), level.h1()));
            System.out.printf(
                    Locale.ROOT,
                    "solid P%d, %d^3 cubes, %d dofs: L2 error %.4e, H1 seminorm error %.4e%s%n",
                    degree,
                    level.cells(),
                    level.dofs(),
                    level.l2(),
                    level.h1(),
                    orders);
        }
        ManufacturedSolid.Level coarse = levels.get(levels.size() - 2);
        ManufacturedSolid.Level fine = levels.get(levels.size() - 1);
        assertThat(ManufacturedSolid.order(coarse.l2(), fine.l2())).isCloseTo(degree + 1, within(0.1));
        assertThat(ManufacturedSolid.order(coarse.h1(), fine.h1())).isCloseTo(degree, within(0.1));
    }
}

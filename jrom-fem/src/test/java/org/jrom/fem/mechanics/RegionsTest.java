package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jrom.fem.Mesh;
import org.jrom.fem.StructuredMesh;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A solid of two materials: a bar of two halves in series, E1 and E2, pulled by a traction with
 * symmetry planes, Poisson's ratio 0 (uniaxial stress). The stress is the traction in both halves and the end moves
 * by {@code sigma (L1 / E1 + L2 / E2)}: exact for P1 and P2, the displacement being piecewise
 * linear along the bar with its kink on a mesh plane.
 */
class RegionsTest {
    private static final double L = 4;

    private static MaterialParameters elastic(double e) {
        // nu = 0: no lateral strain, so the two halves join without a mismatch at their interface
        return Materials.elastic().with(MaterialParameter.constant("E", e)).with(MaterialParameter.constant("nu", 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aBarOfTwoMaterialsStretchesByTheSumOfItsHalves(int degree) {
        Mesh mesh = StructuredMesh.box(
                new double[] {0, 0, 0},
                new double[] {L, 1, 1},
                4,
                1,
                1,
                c -> c[0] < L / 2 ? 0 : 1,
                Map.of("soft", 0, "stiff", 1));
        double e1 = 100_000;
        double e2 = 300_000;
        Map<String, ConstitutiveLaw> laws = new LinkedHashMap<>();
        laws.put("soft", new LinearElasticity(elastic(e1)));
        laws.put("stiff", new LinearElasticity(elastic(e2)));
        SmallStrainSolid solid = new SmallStrainSolid(mesh, degree, laws);
        double sigma = 150;
        LoadHistory one = LoadHistory.constant(1, 0, 1);
        Loads loads = Loads.builder(solid)
                .traction(new double[] {sigma, 0, 0}, one, "right")
                .displacement(new int[] {0}, 0, one, "left")
                .displacement(new int[] {1}, 0, one, "front")
                .displacement(new int[] {2}, 0, one, "bottom")
                .temperature(TemperatureField.uniform(mesh.numNodes(), LoadHistory.constant(Materials.T_REF, 0, 1)))
                .build();
        double[] u = new StructuralRun(solid, loads, new double[] {0}, QuasiStaticNewton.Options.defaults())
                .run((s, sol, n) -> {});
        double exact = sigma * (L / 2 / e1 + L / 2 / e2);
        double worst = 0;
        for (int n = 0; n < mesh.numNodes(); n++) {
            if (mesh.coordinate(n, 0) == L) {
                worst = Math.max(worst, Math.abs(u[solid.dof(n, 0)] / exact - 1));
            }
        }
        System.out.printf(Locale.ROOT, "two-material bar, P%d: end displacement relative error %.1e%n", degree, worst);
        assertThat(worst).isLessThan(1e-11);
        assertThat(solid.lawAt(0)).isNotSameAs(solid.lawAt(solid.numPoints() - 1));
        assertThatThrownBy(() -> new SmallStrainSolid(mesh, degree, Map.of("soft", new LinearElasticity(elastic(e1)))))
                .hasMessageContaining("which has no material; the materials cover soft");
        assertThatThrownBy(() -> new SmallStrainSolid(
                        mesh,
                        degree,
                        Map.of("soft", new LinearElasticity(elastic(e1)), "stiff", Materials.plastic(250, 0, 0, 0))))
                .hasMessageContaining("the regions of a solid share one law");
    }
}

package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import org.jrom.fem.Mesh;
import org.jrom.fem.ScalarField;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plastic limit load of a thick-walled cylinder under internal pressure, perfectly plastic J2, in
 * plane strain: {@code p_L = (2 / sqrt3) sigma_y ln(b / a)} (Hill, The Mathematical Theory of
 * Plasticity, 1950, ch. V). A quarter of a thin slice, symmetry conditions on x = 0 and y = 0, u_z =
 * 0 on both faces (plane strain), P2, the radial displacement of the bore imposed (displacement
 * control); the pressure is the reaction's work per unit bore displacement and area, and the limit
 * is the plateau of the pressure-displacement curve.
 */
class CylinderLimitLoadTest {
    private static final double A = 1;
    private static final double B = 2;
    private static final double SIGMA_Y = 250;

    @ParameterizedTest
    @CsvSource({"4, 8, 0.05", "8, 16, 0.02"})
    void pressurePlateauIsTheLimitLoad(int nr, int nt, double tolerance) {
        double h = 0.1;
        Mesh mesh = Rings.quarter(A, B, nr, nt, h);
        SmallStrainSolid solid = new SmallStrainSolid(mesh, 2, Materials.plastic(SIGMA_Y, 0, 0, 0));
        int[] bore = solid.boundaryDofs(new int[] {0, 1}, "left");
        int[] fixed = Arrays.stream(new int[][] {
                    bore,
                    solid.boundaryDofs(new int[] {1}, "front"),
                    solid.boundaryDofs(new int[] {0}, "back"),
                    solid.boundaryDofs(new int[] {2}, "bottom", "top")
                })
                .flatMapToInt(Arrays::stream)
                .toArray();
        // the radial unit vector at every dof point; imposed u = delta e_r on the bore
        double[] radial = solid.interpolate(
                new ScalarField[] {x -> x[0] / Math.hypot(x[0], x[1]), x -> x[1] / Math.hypot(x[0], x[1]), x -> 0});
        double area = 0;
        for (int f : mesh.facetsWithMarkers(mesh.boundaryMarker("left"))) {
            area += Rings.triangleArea(mesh, f);
        }
        double maxDelta = 1.2e-2;
        int steps = 24;
        double[] zero = new double[solid.dim()];
        QuasiStaticNewton.Loading load = QuasiStaticNewton.Loading.of(
                t -> zero,
                t -> {
                    double[] g = new double[solid.dim()];
                    for (int i : bore) {
                        g[i] = maxDelta * t * radial[i];
                    }
                    return g;
                },
                t -> Materials.T_REF);
        QuasiStaticNewton newton = new QuasiStaticNewton(solid, fixed, QuasiStaticNewton.Options.defaults());
        double[] u = new double[solid.dim()];
        double limit = 2 / Math.sqrt(3) * SIGMA_Y * Math.log(B / A);
        double[] pressure = new double[steps];
        StringBuilder curve = new StringBuilder();
        for (int s = 0; s < steps; s++) {
            QuasiStaticNewton.StepReport report = newton.step(u, (double) s / steps, 1.0 / steps, load);
            double[] reactions = newton.reactions();
            double work = 0;
            for (int i : bore) {
                work += reactions[i] * radial[i];
            }
            pressure[s] = work / area;
            curve.append(String.format(
                    Locale.ROOT,
                    "%n  delta %.2e: p %.3f (p/p_L %.4f), iterations %d",
                    maxDelta * (s + 1) / steps,
                    pressure[s],
                    pressure[s] / limit,
                    report.totalIterations()));
        }
        System.out.printf(
                Locale.ROOT,
                "thick cylinder a %.0f, b %.0f, sigma_y %.0f, P2, %d dofs: p_L = %.4f%s%n",
                A,
                B,
                SIGMA_Y,
                solid.dim(),
                limit,
                curve);
        // a plateau: the last quarter of the displacement adds under 0.5% to the pressure
        assertThat(pressure[steps - 1] / pressure[3 * steps / 4 - 1] - 1).isLessThan(5e-3);
        assertThat(Math.abs(pressure[steps - 1] / limit - 1)).isLessThan(tolerance);
    }
}

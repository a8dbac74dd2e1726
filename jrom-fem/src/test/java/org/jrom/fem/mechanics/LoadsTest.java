package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.jrom.fem.Mesh;
import org.jrom.fem.StructuredMesh;
import org.jrom.fem.problems.ThickCylinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loads through time against closed forms: Lame's thick cylinder under internal pressure (the
 * pressure's outward normals), the centrifugal load's resultant and the reaction that balances it,
 * a linear temperature field that expands a free body without stress, the modified Newton against
 * the full one, and the load histories and time grids.
 */
class LoadsTest {
    private static final ThickCylinder CYLINDER = new ThickCylinder(1, 2, 0.1);

    /**
     * Plane-strain Lame solution ({@link ThickCylinder#lameRadialDisplacement}), a = 1, b = 2. P2 on a polygonal ring: the error
     * is the geometry's, O(h^2) in the boundary's chords, so it falls by about 4 when the mesh is halved.
     */
    @Test
    void internalPressureGivesLameDisplacement() {
        double p = 100;
        double[] errors = new double[2];
        for (int level = 0; level < 2; level++) {
            errors[level] = CYLINDER.underPressure(2 << level, 8 << level, p, Materials.E, Materials.NU)
                    .worstRelativeError();
        }
        System.out.printf(
                Locale.ROOT,
                "Lame cylinder, P2: max relative error of u_r at the nodes %.3e (2 x 8 cells), %.3e (4 x 16), ratio %.2f%n",
                errors[0],
                errors[1],
                errors[0] / errors[1]);
        assertThat(errors[1]).isLessThan(3e-3);
        assertThat(errors[0] / errors[1]).isGreaterThan(3);
    }

    /**
     * A bar along z spinning about the x axis: the load integrates {@code rho omega^2 (0, y, z)} exactly
     * (the shape functions sum to one), so its resultant is {@code rho omega^2 V (0, y_c, z_c)}, and the
     * clamp's reaction balances it to the solver's tolerance.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void centrifugalLoadIsBalancedByTheClamp(int degree) {
        double z0 = 10;
        double z1 = 14;
        Mesh mesh = StructuredMesh.box(
                new double[] {0, -0.5, z0}, new double[] {1, 0.5, z1}, 2, 2, 8, c -> 0, Map.of("domain", 0));
        SmallStrainSolid solid = new SmallStrainSolid(mesh, degree, new LinearElasticity(Materials.elastic()));
        double rho = 7.8e-9;
        double omega = 1000;
        LoadHistory spin = LoadHistory.of(new double[] {0, 1}, new double[] {0, omega});
        Loads loads = Loads.builder(solid)
                .centrifugal(rho, new double[] {0, 0, 0}, new double[] {2, 0, 0}, spin)
                .displacement(new int[] {0, 1, 2}, 0, LoadHistory.constant(1, 0, 1), "bottom")
                .temperature(TemperatureField.uniform(mesh.numNodes(), LoadHistory.constant(Materials.T_REF, 0, 1)))
                .build();
        double volume = 4;
        double[] expected = {0, 0, rho * omega * omega * volume * (z0 + z1) / 2};
        double[] f = loads.externalForce(1);
        double[] total =
                QuasiStaticRun.resultant(f, IntStream.range(0, f.length).toArray());
        for (int i = 0; i < 3; i++) {
            assertThat(total[i]).isCloseTo(expected[i], within(1e-12 * expected[2]));
        }
        assertThat(loads.externalForce(0.5)[5] / f[5]).isCloseTo(0.25, within(1e-15));
        double[][] reaction = new double[1][];
        new StructuralRun(
                        solid,
                        loads,
                        QuasiStaticRun.timeGrid(0, 1, 0.5, loads.breakpoints()),
                        QuasiStaticNewton.Options.defaults())
                .run((s, sol, n) -> reaction[0] =
                        QuasiStaticRun.resultant(n.reactions(), loads.supports().get("bottom")));
        assertThat(Math.abs(reaction[0][2] + expected[2]) / expected[2]).isLessThan(1e-9);
        assertThat(loads.supports()).containsOnlyKeys("bottom");
    }

    /**
     * A temperature linear in space expands a body freely, {@code eps = alpha (T - T_ref) I} being
     * compatible; with the six supports of an isostatic body there is no stress. P1 interpolation of
     * the nodal temperature is exact at the points and the displacement is quadratic: P2 reproduces it.
     */
    @Test
    void linearTemperatureExpandsWithoutStress() {
        Mesh mesh = StructuredMesh.unitCube(3);
        SmallStrainSolid solid = new SmallStrainSolid(mesh, 2, new LinearElasticity(Materials.elastic()));
        double[] base = new double[mesh.numNodes()];
        int origin = -1;
        int onX = -1;
        int onY = -1;
        for (int n = 0; n < base.length; n++) {
            double x = mesh.coordinate(n, 0);
            double y = mesh.coordinate(n, 1);
            double z = mesh.coordinate(n, 2);
            base[n] = Materials.T_REF + 300 * x - 200 * y + 100 * z;
            if (x == 0 && y == 0 && z == 0) {
                origin = n;
            } else if (x == 1 && y == 0 && z == 0) {
                onX = n;
            } else if (x == 0 && y == 1 && z == 0) {
                onY = n;
            }
        }
        Loads loads = Loads.builder(solid)
                .temperature(TemperatureField.of(base, new double[0][], new LoadHistory[0]))
                .build();
        int[] fixed = {3 * origin, 3 * origin + 1, 3 * origin + 2, 3 * onX + 1, 3 * onX + 2, 3 * onY + 2};
        Arrays.sort(fixed);
        QuasiStaticNewton newton = new QuasiStaticNewton(solid, fixed, QuasiStaticNewton.Options.defaults());
        double[] u = new double[solid.dim()];
        newton.step(u, 0, 0, loads);
        double scale = Materials.E * Materials.ALPHA * 300;
        double worst = 0;
        double[] state = solid.startState();
        for (int p = 0; p < solid.numPoints(); p++) {
            for (int k = 0; k < 6; k++) {
                worst = Math.max(worst, Math.abs(state[p * solid.stateStride() + k]));
            }
        }
        System.out.printf(
                Locale.ROOT, "free thermal expansion, P2: max |sigma| / (E alpha dT) = %.2e%n", worst / scale);
        assertThat(worst / scale).isLessThan(1e-9);
        assertThat(u[3 * onX]).isCloseTo(Materials.ALPHA * (150 * 1), within(1e-12));
    }

    /**
     * Modified Newton reaches the same states as full Newton with fewer factorizations, and so do the
     * corrections by conjugate gradients with the smoothed-aggregation preconditioner (inexact Newton).
     */
    @Test
    void modifiedNewtonAndIterativeCorrectionsMatchFullNewton() {
        QuasiStaticNewton.Options[] variants = {
            new QuasiStaticNewton.Options(1e-11, 60, 4, QuasiStaticNewton.TangentUpdate.EVERY_ITERATION),
            new QuasiStaticNewton.Options(1e-11, 60, 4, QuasiStaticNewton.TangentUpdate.WHEN_SLOW),
            new QuasiStaticNewton.Options(1e-11, 60, 4, QuasiStaticNewton.TangentUpdate.EVERY_ITERATION)
                    .with(QuasiStaticNewton.LinearSolver.CG_AMG)
        };
        double[][] result = new double[variants.length][];
        long[] factorizations = new long[variants.length];
        for (int k = 0; k < variants.length; k++) {
            SmallStrainSolid solid =
                    new SmallStrainSolid(CYLINDER.quarter(2, 6), 2, Materials.plastic(250, 1000, 0, 0));
            Loads loads = CYLINDER.pressureLoads(
                    solid, LoadHistory.of(new double[] {0, 1}, new double[] {0, 180}), Materials.T_REF);
            StructuralRun run = new StructuralRun(
                    solid, loads, QuasiStaticRun.timeGrid(0, 1, 0.1, loads.breakpoints()), variants[k]);
            QuasiStaticNewton newton = run.newton();
            result[k] = QuasiStaticRun.run(solid, newton, loads, run.times(), (s, sol, n) -> {});
            factorizations[k] = newton.factorizations();
        }
        double norm = Arrays.stream(result[0]).map(Math::abs).max().orElseThrow();
        double[] diff = new double[variants.length];
        for (int k = 1; k < variants.length; k++) {
            for (int i = 0; i < result[0].length; i++) {
                diff[k] = Math.max(diff[k], Math.abs(result[0][i] - result[k][i]) / norm);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "plastic ring, 10 steps: %d factorizations (full Newton), %d (modified), max |u_full - u_mod| / max |u| ="
                        + " %.1e; CG + smoothed aggregation: %d preconditioner setups, max difference %.1e%n",
                factorizations[0],
                factorizations[1],
                diff[1],
                factorizations[2],
                diff[2]);
        assertThat(diff[1]).isLessThan(1e-8);
        assertThat(factorizations[1]).isLessThan(factorizations[0]);
        assertThat(diff[2]).isLessThan(1e-8);
    }

    @Test
    void historiesRepeatAndGridsStepOnTheirPoints() {
        LoadHistory flight = LoadHistory.of(new double[] {0, 1, 4, 5}, new double[] {0, 1, 1, 0})
                .repeated(3);
        assertThat(flight.end()).isEqualTo(15);
        assertThat(flight.value(10.5)).isEqualTo(0.5);
        assertThat(flight.value(13)).isEqualTo(1);
        assertThat(flight.times()).containsExactly(0, 1, 4, 5, 6, 9, 10, 11, 14, 15);
        double[] grid = QuasiStaticRun.timeGrid(0, 15, 2, flight.times());
        for (double t : flight.times()) {
            assertThat(grid).contains(t);
        }
        for (int i = 1; i < grid.length; i++) {
            assertThat(grid[i] - grid[i - 1]).isGreaterThan(0).isLessThanOrEqualTo(2 + 1e-12);
        }
        assertThat(grid).hasSize(13); // 0 1 | 2.5 4 | 5 6 | 7.5 9 | 10 11 | 12.5 14 | 15
        assertThatThrownBy(() ->
                        LoadHistory.of(new double[] {0, 1}, new double[] {0, 1}).repeated(2))
                .hasMessage(
                        "a repeated history must end with the value it starts with, found 0.0 at the start and 1.0 at the end");
        assertThatThrownBy(() -> LoadHistory.of(new double[] {0, 2, 1}, new double[] {0, 1, 1}))
                .hasMessage("point 2: times must increase, found 1.0 after 2.0");
        assertThatThrownBy(() -> flight.value(15.5)).hasMessage("time 15.5 is outside the load history's [0.0, 15.0]");
    }
}

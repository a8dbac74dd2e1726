package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import org.jrom.fem.StructuredMesh;
import org.jrom.linalg.CsrMatrix;
import org.junit.jupiter.api.Test;

/**
 * The Newton solver's strategies: quadratic convergence with the consistent tangent, the symmetric
 * part of the tangent as a quasi-Newton matrix when Armstrong-Frederick recovery (D > 0) makes it
 * unsymmetric (linear convergence), and step cutting.
 */
class QuasiStaticNewtonTest {
    /**
     * A unit cube clamped at the bottom, its top face pulled up then sheared (a non-proportional path),
     * J2 plasticity with kinematic hardening: linear (D = 0, symmetric tangent) or Armstrong-Frederick
     * (D = 250, unsymmetric). Returns the Newton iterations per step.
     */
    private static int[] tensionThenShear(J2Plasticity law, QuasiStaticNewton[] solver, double[][] lastResiduals) {
        SmallStrainSolid solid = new SmallStrainSolid(StructuredMesh.unitCube(2), 1, law);
        int[] bottom = solid.boundaryDofs(new int[] {0, 1, 2}, "bottom");
        int[] top = solid.boundaryDofs(new int[] {0, 1, 2}, "top");
        int[] fixed = Arrays.stream(new int[][] {bottom, top})
                .flatMapToInt(Arrays::stream)
                .toArray();
        QuasiStaticNewton newton = new QuasiStaticNewton(solid, fixed, new QuasiStaticNewton.Options(1e-10, 60, 4));
        solver[0] = newton;
        int steps = 8;
        double stretch = 4e-3;
        double[] zero = new double[solid.dim()];
        QuasiStaticNewton.Loading load = QuasiStaticNewton.Loading.of(
                t -> zero,
                t -> {
                    double[] g = new double[solid.dim()];
                    for (int i : top) {
                        // t in [0, 1]: tension along z; t in [1, 2]: shear along x at fixed tension
                        if (i % 3 == 2) {
                            g[i] = stretch * Math.min(t, 1);
                        } else if (i % 3 == 0) {
                            g[i] = stretch * Math.max(t - 1, 0);
                        }
                    }
                    return g;
                },
                t -> Materials.T_REF);
        double[] u = new double[solid.dim()];
        int[] iterations = new int[steps];
        for (int s = 0; s < steps; s++) {
            QuasiStaticNewton.StepReport r = newton.step(u, s * 0.25, 0.25, load);
            iterations[s] = r.totalIterations();
            lastResiduals[0] = r.residuals();
        }
        return iterations;
    }

    @Test
    void symmetricPartOfAnUnsymmetricTangentConvergesLinearly() {
        QuasiStaticNewton[] solver = new QuasiStaticNewton[1];
        double[][] residuals = new double[1][];
        int[] linear = tensionThenShear(Materials.plastic(250, 0, 5e4, 0), solver, residuals);
        assertThat(solver[0].usesConsistentTangent()).isTrue();
        double[] linearResiduals = residuals[0];
        int[] af = tensionThenShear(Materials.plastic(250, 0, 5e4, 250), solver, residuals);
        assertThat(solver[0].usesConsistentTangent()).isFalse();
        System.out.printf(
                Locale.ROOT,
                "tension then shear, 8 steps: Newton iterations per step, linear kinematic (consistent tangent) %s,"
                        + " last step residuals %s;%n  Armstrong-Frederick D = 250 (symmetric part, quasi-Newton) %s,"
                        + " last step residuals %s%n",
                Arrays.toString(linear),
                Arrays.toString(linearResiduals),
                Arrays.toString(af),
                Arrays.toString(residuals[0]));
        // Quadratic: the consistent tangent needs few iterations in every step; the quasi-Newton more.
        assertThat(Arrays.stream(linear).max().orElseThrow()).isLessThanOrEqualTo(8);
        assertThat(Arrays.stream(af).sum()).isGreaterThan(Arrays.stream(linear).sum());
    }

    @Test
    void theSymmetricTangentIsTheSymmetricPartOfTheConsistentOne() {
        SmallStrainSolid solid =
                new SmallStrainSolid(StructuredMesh.unitCube(1), 2, Materials.plastic(250, 0, 5e4, 250));
        double[] u = solid.interpolate(new org.jrom.fem.ScalarField[] {
            x -> 3e-3 * x[0] * x[1], x -> -2e-3 * x[2], x -> 4e-3 * x[0] * x[2] + 1e-3 * x[1]
        });
        solid.integrate(u, 1, Materials.T_REF);
        solid.commit();
        double[] v = u.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] *= i % 2 == 0 ? 2.5 : -1.5; // a non-proportional increment
        }
        solid.integrate(v, 1, Materials.T_REF);
        CsrMatrix k = solid.tangent(false);
        CsrMatrix sym = solid.tangent(true);
        CsrMatrix expected = k.plus(1, k.transpose()).scale(0.5);
        double difference = sym.plus(-1, expected).normMax() / k.normMax();
        System.out.printf(
                Locale.ROOT,
                "AF tangent: asymmetry max|K - K^T| / max|K| = %.2e; symmetric part vs (K + K^T)/2: %.2e%n",
                k.plus(-1, k.transpose()).normMax() / k.normMax(),
                difference);
        assertThat(k.plus(-1, k.transpose()).normMax() / k.normMax()).isGreaterThan(1e-6);
        assertThat(difference).isLessThan(1e-14);
    }

    @Test
    void aStepThatNeedsTooManyIterationsIsCutAndStaysExact() {
        double sigma = 300;
        double k = NortonViscoplasticityTest.K;
        double n = NortonViscoplasticityTest.N;
        SmallStrainSolid solid = new SmallStrainSolid(
                StructuredMesh.box(
                        new double[] {0, 0, 0}, new double[] {4, 1, 1}, 4, 1, 1, c -> 0, java.util.Map.of("domain", 0)),
                1,
                Materials.viscoplastic(0, 0, 0, 0, k, n));
        int[] fixed = Arrays.stream(new int[][] {
                    solid.boundaryDofs(new int[] {0}, "left"),
                    solid.boundaryDofs(new int[] {1}, "front"),
                    solid.boundaryDofs(new int[] {2}, "bottom")
                })
                .flatMapToInt(Arrays::stream)
                .toArray();
        double[] force = solid.traction(new double[] {sigma, 0, 0}, "right");
        QuasiStaticNewton newton = new QuasiStaticNewton(solid, fixed, new QuasiStaticNewton.Options(1e-12, 5, 8));
        double[] u = new double[solid.dim()];
        QuasiStaticNewton.StepReport report =
                newton.step(u, 0, 1, SmallStrainSolidTest.loading(force, new double[solid.dim()], Materials.T_REF));
        double vp = solid.startState()[solid.law().layout().offset("eps_vp")];
        double exact = Math.pow(sigma / k, n);
        System.out.printf(
                Locale.ROOT,
                "step cutting: one step of 1 s, at most 5 iterations: %d cuts, substep iterations %s;"
                        + " eps_vp %.17f vs %.17f%n",
                report.cuts(),
                Arrays.toString(report.iterations()),
                vp,
                exact);
        assertThat(report.cuts()).isPositive();
        assertThat(report.iterations().length).isGreaterThan(1);
        assertThat(Math.abs(vp - exact) / exact).isLessThan(1e-10);
    }
}

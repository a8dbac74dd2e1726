package org.jrom.fem.problems;

import java.util.Arrays;
import java.util.Map;
import org.jrom.fem.Mesh;
import org.jrom.fem.StructuredMesh;
import org.jrom.fem.mechanics.J2Plasticity;
import org.jrom.fem.mechanics.MaterialParameter;
import org.jrom.fem.mechanics.QuasiStaticNewton;
import org.jrom.fem.mechanics.SmallStrainSolid;

/**
 * A bar {@code [0, 4] x [0, 1] x [0, 1]} (4 x 1 x 1 cubes) in homogeneous uniaxial tension, Norton
 * viscoplastic with no hardening and {@code sigma_y = 0}, on the symmetry planes x = 0, y = 0, z = 0,
 * its lateral faces free, against the closed forms of Norton's law in uniaxial stress (Lemaitre and
 * Chaboche 1990): creep under a constant end traction, {@code eps_vp(t) = (sigma / K)^n t}, which
 * backward Euler reproduces exactly; relaxation under a fixed end displacement, {@code d sigma / dt
 * = -E (sigma / K)^n}, separable: {@code sigma(t) = (sigma_0^(1-n) + (n-1) E t / K^n)^(1/(1-n))},
 * approached at order 1 in the time step. The fields are affine, so the elements add no error: what
 * is measured is the time integration and the global Newton.
 */
public final class NortonBar {
    /** The bar's length along x. */
    public static final double LENGTH = 4;

    private static final QuasiStaticNewton.Options NEWTON = new QuasiStaticNewton.Options(1e-12, 25, 4);

    /**
     * The material: Young's modulus, Poisson's ratio, Norton's drag stress K and exponent n.
     */
    public record Material(double youngsModulus, double poissonRatio, double k, double n) {
        /** The creep rate at constant stress, {@code (sigma / K)^n}. */
        public double creepRate(double sigma) {
            return Math.pow(sigma / k, n);
        }

        /** The stress at time t of the relaxation from {@code sigma0} at fixed strain. */
        public double relaxedStress(double sigma0, double t) {
            return Math.pow(Math.pow(sigma0, 1 - n) + (n - 1) * youngsModulus * t / Math.pow(k, n), 1 / (1 - n));
        }

        J2Plasticity law() {
            return J2Plasticity.viscoplastic(VerificationMaterials.perfectlyPlastic(youngsModulus, poissonRatio, 0)
                    .with(MaterialParameter.constant("K", k))
                    .with(MaterialParameter.constant("n", n)));
        }
    }

    /**
     * A creep run.
     *
     * @param dofs the unknowns
     * @param time the end of each step
     * @param strain the axial viscoplastic strain at the first material point at the end of each step
     * @param worstRelativeError the largest relative error over the steps and the points of the
     *     axial and lateral ({@code -eps_vp / 2}, isochoric flow) viscoplastic strains and the stress
     * @param iterations Newton iterations of each step
     * @param firstResiduals the relative residuals of the first step
     * @param consistentTangent whether Newton used the consistent tangent
     */
    public record Creep(
            int dofs,
            double[] time,
            double[] strain,
            double worstRelativeError,
            int[] iterations,
            double[] firstResiduals,
            boolean consistentTangent) {}

    /**
     * A relaxation run.
     *
     * @param time 0 (the instantaneous elastic response), then the end of each step
     * @param stress the axial stress at the first material point at those times
     * @param spread the largest difference of the final axial stress between the points
     * @param iterations Newton iterations of all the steps
     */
    public record Relaxation(double[] time, double[] stress, double spread, int iterations) {
        /** The final stress. */
        public double last() {
            return stress[stress.length - 1];
        }
    }

    private final SmallStrainSolid solid;
    private final int[] fixed;
    private final int[] end;

    private NortonBar(int degree, Material material, boolean displacementControl) {
        Mesh mesh = StructuredMesh.box(
                new double[] {0, 0, 0}, new double[] {LENGTH, 1, 1}, 4, 1, 1, c -> 0, Map.of("domain", 0));
        solid = new SmallStrainSolid(mesh, degree, material.law());
        end = solid.boundaryDofs(new int[] {0}, "right");
        fixed = Arrays.stream(new int[][] {
                    solid.boundaryDofs(new int[] {0}, "left"),
                    solid.boundaryDofs(new int[] {1}, "front"),
                    solid.boundaryDofs(new int[] {2}, "bottom"),
                    displacementControl ? end : new int[0]
                })
                .flatMapToInt(Arrays::stream)
                .toArray();
    }

    private int stride() {
        return solid.law().layout().size();
    }

    private QuasiStaticNewton.Loading loading(double[] force, double[] imposed) {
        return QuasiStaticNewton.Loading.of(t -> force, t -> imposed, t -> VerificationMaterials.TEMPERATURE);
    }

    /** Creep under the end traction {@code sigma} in {@code steps} steps of {@code dt}, P{@code degree}. */
    public static Creep creep(int degree, Material material, double sigma, double dt, int steps) {
        NortonBar bar = new NortonBar(degree, material, false);
        SmallStrainSolid solid = bar.solid;
        QuasiStaticNewton newton = new QuasiStaticNewton(solid, bar.fixed, NEWTON);
        QuasiStaticNewton.Loading load =
                bar.loading(solid.traction(new double[] {sigma, 0, 0}, "right"), new double[solid.dim()]);
        double[] u = new double[solid.dim()];
        int stride = bar.stride();
        int vp = solid.law().layout().offset("eps_vp");
        double rate = material.creepRate(sigma);
        double[] time = new double[steps];
        double[] strain = new double[steps];
        int[] iterations = new int[steps];
        double[] firstResiduals = null;
        double worst = 0;
        for (int step = 0; step < steps; step++) {
            QuasiStaticNewton.StepReport report = newton.step(u, step * dt, dt, load);
            iterations[step] = report.totalIterations();
            if (step == 0) {
                firstResiduals = report.residuals();
            }
            double t = report.time();
            double exact = rate * t;
            double[] state = solid.startState();
            for (int p = 0; p < state.length / stride; p++) {
                worst = Math.max(worst, Math.abs(state[p * stride + vp] - exact) / exact);
                worst = Math.max(worst, Math.abs(state[p * stride + vp + 1] + 0.5 * exact) / exact);
                worst = Math.max(worst, Math.abs(state[p * stride] - sigma) / sigma);
            }
            time[step] = t;
            strain[step] = state[vp];
        }
        return new Creep(solid.dim(), time, strain, worst, iterations, firstResiduals, newton.usesConsistentTangent());
    }

    /**
     * Relaxation, P1: the end displacement that gives the stress {@code sigma0} is imposed at t = 0
     * (an instantaneous elastic step) and held for {@code steps} steps of {@code end / steps}.
     */
    public static Relaxation relaxation(Material material, double sigma0, double end, int steps) {
        NortonBar bar = new NortonBar(1, material, true);
        SmallStrainSolid solid = bar.solid;
        double[] imposed = new double[solid.dim()];
        for (int i : bar.end) {
            imposed[i] = sigma0 / material.youngsModulus() * LENGTH;
        }
        QuasiStaticNewton newton = new QuasiStaticNewton(solid, bar.fixed, NEWTON);
        QuasiStaticNewton.Loading load = bar.loading(new double[solid.dim()], imposed);
        double[] u = new double[solid.dim()];
        double[] time = new double[steps + 1];
        double[] stress = new double[steps + 1];
        newton.step(u, 0, 0, load);
        stress[0] = solid.startState()[0];
        int iterations = 0;
        for (int k = 0; k < steps; k++) {
            iterations += newton.step(u, k * end / steps, end / steps, load).totalIterations();
            time[k + 1] = (k + 1) * end / steps;
            stress[k + 1] = solid.startState()[0];
        }
        double[] state = solid.startState();
        int stride = bar.stride();
        double spread = 0;
        for (int p = 0; p < state.length / stride; p++) {
            spread = Math.max(spread, Math.abs(state[p * stride] - state[0]));
        }
        return new Relaxation(time, stress, spread, iterations);
    }
}

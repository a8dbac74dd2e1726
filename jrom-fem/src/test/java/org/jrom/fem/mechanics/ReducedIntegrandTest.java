package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jrom.algorithms.Pod;
import org.jrom.fem.problems.BladeFlight;
import org.jrom.hyperreduction.EmpiricalCubature;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The empirical cubature of the reduced internal force of a coarse viscoplastic blade through one
 * flight cycle (P1): G integrated by the full rule is {@code V^T f_int(u_k)}; the rules integrate G
 * to their tolerance with at most rank(G) positive weights; the hyper-reduced force on a rule is the
 * rule's integral of G and tends to {@code V^T f_int}, also on a run at another rotation speed; with
 * the full rule, the reduced tangent is {@code V^T K_T V}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReducedIntegrandTest {
    private static final BladeFlight.Options TRAINING = new BladeFlight.Options(0.35, 1, 1, 1100, 1000, 0.5, 200);
    /** The rotation speed 10 % higher. */
    private static final BladeFlight.Options OTHER = new BladeFlight.Options(0.35, 1, 1, 1210, 1000, 0.5, 200);

    private static final double[] TOLERANCES = {1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8};

    /** A run's converged displacements and states at its times. */
    private record Snapshots(StructuralRun run, List<double[]> displacements, List<double[]> states) {
        static Snapshots of(BladeFlight.Options o) {
            StructuralRun run = BladeFlight.run(o);
            List<double[]> u = new ArrayList<>();
            List<double[]> states = new ArrayList<>();
            run.run((step, solid, newton) -> {
                u.add(step.displacement().clone());
                states.add(solid.startState().clone());
            });
            return new Snapshots(run, u, states);
        }
    }

    private Snapshots training;
    private Snapshots other;
    private VectorArray modes;
    private ReducedIntegrand integrand;
    private DenseMatrix g;
    private double[] exact;

    @BeforeAll
    void offline() {
        training = Snapshots.of(TRAINING);
        other = Snapshots.of(OTHER);
        modes = Pod.compute(
                        VectorArray.of(training.displacements().toArray(double[][]::new)),
                        null,
                        Pod.Options.tolerance(Double.parseDouble(System.getProperty("podtol", "1e-6"))))
                .modes();
        integrand = new ReducedIntegrand(training.run().solid(), modes);
        g = integrand.matrix(training.states());
        exact = g.apply(integrand.fullWeights());
        System.out.printf(
                "blade P1: %d dofs, %d material points, %d snapshots, %d POD modes (relative energy 1e-6); G %d x %d%n",
                training.run().solid().dim(),
                training.run().solid().numPoints(),
                training.states().size(),
                modes.count(),
                g.rows(),
                g.cols());
    }

    /** {@code V^T f_int} of a state: the solid's own assembly {@code sum B^T sigma}, projected. */
    private double[] projectedInternalForce(SmallStrainSolid solid, double[] state) {
        System.arraycopy(state, 0, solid.endState(), 0, state.length);
        return modes.inner(VectorArray.of(solid.internalForce())).data();
    }

    /** The exact integrals of snapshot k's rows. */
    private static double[] rows(double[] all, int k, int n) {
        double[] out = new double[n];
        System.arraycopy(all, k * n, out, 0, n);
        return out;
    }

    private static double norm(double[] x) {
        return VectorArray.euclideanNorm(x, 0, x.length);
    }

    private static double distance(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - y[i]) * (x[i] - y[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void theFullRuleIntegratesGToTheProjectedInternalForce() {
        SmallStrainSolid solid = BladeFlight.run(TRAINING).solid();
        int n = modes.count();
        double worst = 0;
        double scale = norm(exact);
        for (int k = 0; k < training.states().size(); k++) {
            double[] reference = projectedInternalForce(solid, training.states().get(k));
            worst = Math.max(worst, distance(rows(exact, k, n), reference));
        }
        System.out.printf(
                "(i) sum_q w_q G_(k,i),q vs V^T f_int(u_k) by internalForce(): max |difference| / ||b|| %.2e"
                        + " (||b|| %.4e)%n",
                worst / scale, scale);
        assertThat(scale).isGreaterThan(0);
        assertThat(worst / scale).isLessThan(1e-13);
    }

    @Test
    void theRulesIntegrateEveryTrainingRowToTheirTolerance() {
        double[] s = g.svd().singularValues();
        double cut = s[0] * Math.max(g.rows(), g.cols()) * Math.ulp(1.0);
        long rank = java.util.Arrays.stream(s).filter(v -> v > cut).count();
        double scale = norm(exact);
        System.out.printf(
                "(ii) rank(G) = %d%n   tolerance  points  ||G_S w_hat - b||/||b||  max row error/||b||%n", rank);
        int previous = 0;
        for (double tol : TOLERANCES) {
            EmpiricalCubature.Rule rule = integrand.cubature(
                    training.states(), EmpiricalCubature.Options.of(EmpiricalCubature.Algorithm.NONNEGATIVE_OMP, tol));
            double[] reduced = rule.integrate(g);
            double worstRow = 0;
            for (int r = 0; r < reduced.length; r++) {
                worstRow = Math.max(worstRow, Math.abs(reduced[r] - exact[r]));
            }
            double error = distance(reduced, exact) / scale;
            System.out.printf("   %9.0e  %6d  %22.2e  %20.2e%n", tol, rule.size(), error, worstRow / scale);
            assertThat(error).isLessThanOrEqualTo(tol);
            assertThat(worstRow).isLessThanOrEqualTo(tol * scale);
            assertThat(rule.size()).isLessThanOrEqualTo((int) rank).isGreaterThanOrEqualTo(previous);
            assertThat(java.util.Arrays.stream(rule.weights()).min().orElse(1)).isPositive();
            previous = rule.size();
        }
    }

    @Test
    void theHyperReducedForceIsTheRulesIntegralAndGeneralizes() {
        int n = modes.count();
        DenseMatrix otherG = integrand.matrix(other.states());
        double[] otherExact = otherG.apply(integrand.fullWeights());
        double scale = norm(exact);
        double otherScale = norm(otherExact);
        System.out.printf("(iii) tolerance  points  |f_hat - G_S w_hat|/||b||  training ||f_hat - V^T f_int||/||b||"
                + "  omega +10%%: same%n");
        double previous = Double.POSITIVE_INFINITY;
        for (double tol : TOLERANCES) {
            EmpiricalCubature.Rule rule = integrand.cubature(
                    training.states(), EmpiricalCubature.Options.of(EmpiricalCubature.Algorithm.NONNEGATIVE_OMP, tol));
            HyperReducedForce force = integrand.hyperReduced(rule);
            double[] ruleIntegral = rule.integrate(g);
            double roundOff = 0;
            double trainingError = 0;
            for (int k = 0; k < training.states().size(); k++) {
                double[] f = force.force(force.gather(training.states().get(k)));
                roundOff = Math.max(roundOff, distance(f, rows(ruleIntegral, k, n)));
                double d = distance(f, rows(exact, k, n));
                trainingError += d * d;
            }
            double otherError = 0;
            for (int k = 0; k < other.states().size(); k++) {
                double d = distance(force.force(force.gather(other.states().get(k))), rows(otherExact, k, n));
                otherError += d * d;
            }
            trainingError = Math.sqrt(trainingError) / scale;
            otherError = Math.sqrt(otherError) / otherScale;
            System.out.printf(
                    "      %9.0e  %6d  %24.2e  %38.2e  %17.2e%n",
                    tol, rule.size(), roundOff / scale, trainingError, otherError);
            assertThat(roundOff / scale).isLessThan(1e-13);
            assertThat(trainingError).isLessThanOrEqualTo(tol * (1 + 1e-9));
            assertThat(otherError).isLessThan(1);
            previous = Math.min(previous, otherError);
        }
    }

    @Test
    void onTheFullRuleTheReducedTangentIsTheProjectedTangent() {
        StructuralRun run = BladeFlight.run(TRAINING);
        SmallStrainSolid solid = run.solid();
        int[] all = IntStream.range(0, solid.numPoints()).toArray();
        HyperReducedForce full = HyperReducedForce.of(solid, all, solid.pointWeights(), modes);
        double[] times = run.times();
        double[] temperature = new double[solid.numPoints()];
        double worstForce = 0;
        double forceScale = 0;
        double worstTangent = 0;
        double worstSubset = 0;
        EmpiricalCubature.Rule rule = integrand.cubature(
                training.states(), EmpiricalCubature.Options.of(EmpiricalCubature.Algorithm.NONNEGATIVE_OMP, 1e-6));
        int[] selected = rule.points();
        for (int k = 1; k < times.length; k++) {
            double dt = times[k] - times[k - 1];
            double[] start = training.states().get(k - 1);
            double[] a =
                    modes.inner(VectorArray.of(training.displacements().get(k))).data();
            double[] u = modes.lincomb(a);
            run.loads().temperature(times[k], temperature);
            HyperReducedForce.Evaluation reduced =
                    full.evaluate(a, dt, temperature, full.gather(start), new double[start.length]);

            System.arraycopy(start, 0, solid.startState(), 0, start.length);
            solid.integrate(u, dt, temperature);
            double[] f = modes.inner(VectorArray.of(solid.internalForce())).data();
            DenseMatrix kt = modes.inner(solid.tangent(false).apply(modes));
            worstForce = Math.max(worstForce, distance(reduced.force(), f));
            forceScale = Math.max(forceScale, norm(f));
            worstTangent = Math.max(worstTangent, reduced.tangent().minus(kt).normFrobenius() / kt.normFrobenius());

            // the solid's own evaluation at a subset: the same stresses as its evaluation at all points
            double[] stresses = new double[6 * selected.length];
            double[] tangents = new double[36 * selected.length];
            double[] end = solid.endState().clone();
            double[] t = new double[selected.length];
            for (int i = 0; i < selected.length; i++) {
                t[i] = temperature[selected[i]];
            }
            solid.integrate(selected, u, dt, t, stresses, tangents);
            for (int i = 0; i < selected.length; i++) {
                for (int r = 0; r < 6; r++) {
                    worstSubset = Math.max(
                            worstSubset, Math.abs(stresses[6 * i + r] - end[selected[i] * solid.stateStride() + r]));
                }
            }
        }
        System.out.printf(
                "(iv) full rule, u = V a, %d steps: force vs V^T f_int %.2e (of the largest), tangent vs V^T K_T V %.2e (relative);"
                        + " subset integrate vs all points: max |stress difference| %.1e%n",
                times.length - 1, worstForce / forceScale, worstTangent, worstSubset);
        assertThat(worstForce / forceScale).isLessThan(1e-12);
        assertThat(worstTangent).isLessThan(1e-12);
        assertThat(worstSubset).isZero();
    }
}

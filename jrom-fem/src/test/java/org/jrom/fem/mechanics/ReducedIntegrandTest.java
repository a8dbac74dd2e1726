package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.jrom.algorithms.Pod;
import org.jrom.fem.problems.BladeFlight;
import org.jrom.hyperreduction.EmpiricalCubature;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The empirical cubature of the reduced internal force of a coarse viscoplastic blade through one
 * flight cycle (P1): G integrated by the full rule is {@code V^T f_int(u_k)}; the rules integrate G
 * to their tolerance with at most rank(G) positive weights; the hyper-reduced force on a rule is the
 * rule's integral of G and tends to {@code V^T f_int}, also on a run at another rotation speed; with
 * the full rule, the reduced tangent is {@code V^T K_T V}; trained on two speeds, the rules
 * integrate a run at the speed between them to about 1e-3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReducedIntegrandTest {
    private static final BladeFlight.Options TRAINING = new BladeFlight.Options(0.35, 1, 1, 1100, 1000, 0.5, 200);
    /** The rotation speed 10 % higher. */
    private static final BladeFlight.Options OTHER = new BladeFlight.Options(0.35, 1, 1, 1210, 1000, 0.5, 200);

    private static final double[] TOLERANCES = {1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8};

    /** POD truncation: relative projection error 1e-3 of the snapshots, relative energy 1e-6. */
    private static final double POD_TOLERANCE = 1e-3;

    private static EmpiricalCubature.Options options(double tolerance) {
        return EmpiricalCubature.Options.of(EmpiricalCubature.Algorithm.NONNEGATIVE_OMP, tolerance);
    }

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
                        Pod.Options.tolerance(POD_TOLERANCE))
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
    @Order(1)
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
    @Order(2)
    void theRulesIntegrateEveryTrainingRowToTheirTolerance() {
        double[] s = g.svd().singularValues();
        double cut = s[0] * Math.max(g.rows(), g.cols()) * Math.ulp(1.0);
        long rank = Arrays.stream(s).filter(v -> v > cut).count();
        double scale = norm(exact);
        System.out.printf(
                "(ii) rank(G) = %d%n   tolerance  points  ||G_S w_hat - b||/||b||  max row error/||b||%n", rank);
        int previous = 0;
        for (double tol : TOLERANCES) {
            EmpiricalCubature.Rule rule = integrand.cubature(training.states(), options(tol));
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
            assertThat(Arrays.stream(rule.weights()).min().orElse(1)).isPositive();
            previous = rule.size();
        }
    }

    /**
     * {@code ||f_hat - V^T f_int|| / ||V^T f_int||} over the snapshots of a run, {@code f_hat} the
     * hyper-reduced force from the run's stresses at the selected points.
     */
    private static double relativeError(HyperReducedForce force, List<double[]> states, double[] exactIntegrals) {
        int n = force.modeCount();
        double error = 0;
        for (int k = 0; k < states.size(); k++) {
            double d = distance(force.force(force.gather(states.get(k))), rows(exactIntegrals, k, n));
            error += d * d;
        }
        return Math.sqrt(error) / norm(exactIntegrals);
    }

    @Test
    @Order(3)
    void theHyperReducedForceIsTheRulesIntegralAndGeneralizes() {
        int n = modes.count();
        double[] otherExact = integrand.matrix(other.states()).apply(integrand.fullWeights());
        double scale = norm(exact);
        System.out.printf("(iii) tolerance  points  max |f_hat - G_S w_hat|/||b||  training ||f_hat - V^T f_int||/||b||"
                + "  omega +10%%: same%n");
        for (double tol : TOLERANCES) {
            EmpiricalCubature.Rule rule = integrand.cubature(training.states(), options(tol));
            HyperReducedForce force = integrand.hyperReduced(rule);
            double[] ruleIntegral = rule.integrate(g);
            double roundOff = 0;
            for (int k = 0; k < training.states().size(); k++) {
                double[] f = force.force(force.gather(training.states().get(k)));
                roundOff = Math.max(roundOff, distance(f, rows(ruleIntegral, k, n)));
            }
            double trainingError = relativeError(force, training.states(), exact);
            double otherError = relativeError(force, other.states(), otherExact);
            System.out.printf(
                    "      %9.0e  %6d  %29.2e  %38.2e  %17.2e%n",
                    tol, rule.size(), roundOff / scale, trainingError, otherError);
            assertThat(roundOff / scale).isLessThan(1e-13);
            assertThat(trainingError).isLessThanOrEqualTo(tol * (1 + 1e-9));
            assertThat(otherError).isLessThan(0.2);
        }
    }

    /** Trained on two rotation speeds (1000 and 1210 rad/s), the rules integrate the run between (1100) to about 1e-3. */
    @Test
    @Order(5)
    void twoTrainingSpeedsGeneralizeToTheSpeedBetween() {
        Snapshots slow = Snapshots.of(new BladeFlight.Options(0.35, 1, 1, 1000, 1000, 0.5, 200));
        List<double[]> displacements = new ArrayList<>(slow.displacements());
        displacements.addAll(other.displacements());
        List<double[]> states = new ArrayList<>(slow.states());
        states.addAll(other.states());
        VectorArray both = Pod.compute(
                        VectorArray.of(displacements.toArray(double[][]::new)),
                        null,
                        Pod.Options.tolerance(POD_TOLERANCE))
                .modes();
        ReducedIntegrand twoRuns = new ReducedIntegrand(training.run().solid(), both);
        double[] between = twoRuns.matrix(training.states()).apply(twoRuns.fullWeights());
        System.out.printf(
                "(v) trained on omega 1000 and 1210 (%d modes), tested at 1100:%n   tolerance  points  error%n",
                both.count());
        for (double tol : TOLERANCES) {
            EmpiricalCubature.Rule rule = twoRuns.cubature(states, options(tol));
            double error = relativeError(twoRuns.hyperReduced(rule), training.states(), between);
            System.out.printf("   %9.0e  %6d  %5.2e%n", tol, rule.size(), error);
            assertThat(error).isLessThan(Math.max(2 * tol, 1e-2));
        }
    }

    @Test
    @Order(4)
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
        EmpiricalCubature.Rule rule = integrand.cubature(training.states(), options(1e-6));
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

    /** On P2 (4 points per cell): the solid's evaluation at a subset of points is its evaluation at all points there, bit for bit. */
    @Test
    @Order(6)
    void onP2TheSubsetEvaluationIsTheFullOneAtThosePoints() {
        SmallStrainSolid solid = BladeFlight.run(new BladeFlight.Options(0.35, 2, 1, 1100, 1000, 0.5, 200))
                .solid();
        Random random = new Random(7);
        double[] u = random.doubles(solid.dim(), -1e-4, 1e-4).toArray();
        double[] temperature = random.doubles(solid.numPoints(), 20, 1000).toArray();
        int[] selected =
                IntStream.range(0, solid.numPoints()).filter(p -> p % 7 == 3).toArray();
        double[] all = new double[6 * solid.numPoints()];
        double[] some = new double[6 * selected.length];
        solid.strains(u, all);
        solid.strains(u, selected, some);
        solid.integrate(u, 10, temperature);
        double[] end = solid.endState().clone();
        double[] stresses = new double[6 * selected.length];
        double[] t = Arrays.stream(selected).mapToDouble(p -> temperature[p]).toArray();
        solid.integrate(selected, u, 10, t, stresses, new double[36 * selected.length]);
        for (int i = 0; i < selected.length; i++) {
            int p = selected[i];
            assertThat(Arrays.copyOfRange(some, 6 * i, 6 * i + 6))
                    .containsExactly(Arrays.copyOfRange(all, 6 * p, 6 * p + 6));
            assertThat(Arrays.copyOfRange(stresses, 6 * i, 6 * i + 6))
                    .containsExactly(Arrays.copyOfRange(end, p * solid.stateStride(), p * solid.stateStride() + 6));
        }
        assertThat(solid.endState()).containsExactly(end);
        System.out.printf(
                "P2 blade, %d of %d points: strains and stresses at the subset equal to the full evaluation's%n",
                selected.length, solid.numPoints());
    }
}

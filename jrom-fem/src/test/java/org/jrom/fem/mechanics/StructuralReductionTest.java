package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.fem.ScalarField;
import org.jrom.fem.problems.BladeFlight;
import org.jrom.hyperreduction.EmpiricalCubature;
import org.jrom.hyperreduction.GappyPod;
import org.jrom.linalg.VectorArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hyper-reduced model of the coarse viscoplastic blade (P1, one flight cycle) against the
 * high-fidelity runs: a basis that spans a run's snapshots with a rule that integrates its G exactly
 * reproduces the run to the solvers' tolerance (the Galerkin equations hold at the high-fidelity
 * solution); trained on a 3 x 3 grid of (rotation speed, peak temperature), the cubature model
 * answers a run between its points to well under 1 %; the indicator stays small inside the
 * training range and grows outside; the adaptive run repairs the model outside; an elastic blade
 * unloads to zero stress; the online step touches nothing of the mesh's size (two meshes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StructuralReductionTest {
    private static BladeFlight.Options blade(double size, double omega, double peak) {
        return new BladeFlight.Options(size, 1, 1, omega, peak, 0.5, 200);
    }

    private static final double SIZE = 0.35;
    /** A 3 x 3 grid: 1000, 1100, 1200 rad/s, and peaks of 850, 925, 1000 C. */
    private final List<StructuralReduction.Training> grid = new ArrayList<>();

    @BeforeAll
    void training() {
        for (double omega : new double[] {1000, 1100, 1200}) {
            for (double peak : new double[] {850, 925, 1000}) {
                grid.add(StructuralReduction.simulate(BladeFlight.run(blade(SIZE, omega, peak))));
            }
        }
    }

    /** A reduced trajectory: coefficients and states at S per step, the indicator per step. */
    private record Trajectory(
            List<double[]> a, List<double[]> states, List<Double> indicator, ReducedStructuralModel.Counts counts) {
        static Trajectory of(ReducedStructuralModel model, RunSchedule schedule) {
            List<double[]> a = new ArrayList<>();
            List<double[]> states = new ArrayList<>();
            List<Double> indicator = new ArrayList<>();
            ReducedStructuralModel.Counts counts = model.run(schedule, step -> {
                a.add(step.coefficients());
                states.add(step.states());
                indicator.add(step.indicator());
            });
            return new Trajectory(a, states, indicator, counts);
        }
    }

    private static final ScalarField[] ZERO = {x -> 0, x -> 0, x -> 0};

    private static double[] difference(double[] u, double[] v) {
        double[] d = new double[u.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = u[i] - v[i];
        }
        return d;
    }

    /** {@code ||u - v||_{L2} / ||u||_{L2}}. */
    private static double relativeL2(SmallStrainSolid solid, double[] u, double[] v) {
        return solid.l2Error(difference(u, v), ZERO) / solid.l2Error(u, ZERO);
    }

    private static StructuralReduction.Options options(double pod, double cubature) {
        return new StructuralReduction.Options(
                pod,
                Integer.MAX_VALUE,
                EmpiricalCubature.Options.of(EmpiricalCubature.Algorithm.NONNEGATIVE_OMP, cubature),
                1e-4,
                new ReducedStructuralModel.Options(1e-10, 25, 8));
    }

    @Test
    void aBasisSpanningTheRunWithAnExactRuleReproducesIt() {
        StructuralReduction.Training run = grid.get(8);
        StructuralReduction.Result r =
                StructuralReduction.reduce(List.of(run), options(0, 0), ProgressListener.NONE, new PhaseTimer());
        Trajectory t = Trajectory.of(r.model(), run.run().schedule());
        SmallStrainSolid solid = run.run().solid();
        double worst = 0;
        for (int k = 1; k < t.a().size(); k++) {
            worst = Math.max(
                    worst,
                    relativeL2(solid, run.displacements().get(k), r.model().displacement(t.a().get(k))));
        }
        System.out.printf(
                "spanning basis: %d modes, %d of %d points (rule error %.1e), worst relative L2 error %.2e%n",
                r.model().modeCount(),
                r.rule().size(),
                r.totalPoints(),
                r.rule().relativeError(),
                worst);
        assertThat(r.rule().relativeError()).isLessThan(1e-12); // the rule integrates G exactly
        assertThat(worst).isLessThan(1e-6);
    }

    private static ReducedRunComparison compare(ReducedStructuralModel model, BladeFlight.Options o) {
        return ReducedRunComparison.of(model, BladeFlight.run(o), BladeFlight.schedule(o));
    }

    private static void print(String what, StructuralReduction.Result r, ReducedRunComparison c) {
        System.out.printf(
                "%s: %d modes, %d of %d points; u error: max over steps %.2e of the largest u, last step %.2e of its"
                        + " own, p error %.2e (at the largest p %.2e), max indicator %.2e;"
                        + " FOM %.3f s, ROM %.4f s (%d iterations)%n",
                what,
                r.model().modeCount(),
                r.rule().size(),
                r.totalPoints(),
                c.maxDisplacementError(),
                c.lastStepError(),
                c.plasticStrainError(),
                c.errorAtLargestPlasticStrain(),
                c.maxIndicator(),
                c.fullSeconds(),
                c.counts().seconds(),
                c.counts().iterations());
    }

    /**
     * A blade that stays elastic comes back to zero stress when unloaded, so the internal force's
     * scale vanishes with the residual: the step still converges (against the first residual), and
     * with no plastic strain in the training the model has no p basis and an indicator of 0.
     */
    @Test
    void anElasticBladeUnloadsToZeroStress() {
        StructuralReduction.Training run = StructuralReduction.simulate(BladeFlight.run(blade(SIZE, 500, 300)));
        StructuralReduction.Result r =
                StructuralReduction.reduce(List.of(run), options(1e-6, 1e-6), ProgressListener.NONE, new PhaseTimer());
        Trajectory t = Trajectory.of(r.model(), run.run().schedule());
        assertThat(r.model().plasticStrainBasis()).isNull();
        assertThat(t.indicator()).containsOnly(0.0);
        double[] last = t.a().get(t.a().size() - 1);
        double[] loaded = t.a().get(2);
        assertThat(VectorArray.euclideanNorm(last, 0, last.length))
                .isLessThan(1e-10 * VectorArray.euclideanNorm(loaded, 0, loaded.length));
    }

    @Test
    void insideTheTrainingRangeTheCubatureModelIsWithinOnePercent() {
        StructuralReduction.Result r =
                StructuralReduction.reduce(grid, options(1e-4, 1e-4), ProgressListener.NONE, new PhaseTimer());
        ReducedRunComparison c = compare(r.model(), blade(SIZE, 1150, 960));
        print("grid -> (1150 rad/s, 960 C)", r, c);
        assertThat(c.maxDisplacementError()).isLessThan(1e-2);
        assertThat(c.plasticStrainError()).isLessThan(1e-2);
        assertThat(c.errorAtLargestPlasticStrain()).isLessThan(1e-2);
    }

    /**
     * The indicator is a relative misfit, blind to the size of p: a run loaded just to its yield
     * stress ends with p of round-off size (1e-65 on the creep bar), whose misfit would read as a
     * large error. Below {@link ReducedStructuralModel#PLASTIC_STRAIN_FLOOR} p is no plasticity: the
     * same states with p scaled down to 1e-20 have the indicator 0, not the same misfit.
     */
    @Test
    void roundOffPlasticStrainIsNoPlasticity() {
        StructuralReduction.Result r =
                StructuralReduction.reduce(grid, options(1e-4, 1e-2), ProgressListener.NONE, new PhaseTimer());
        ReducedStructuralModel model = r.model();
        Trajectory t = Trajectory.of(model, BladeFlight.schedule(blade(SIZE, 1150, 1000)));
        double[] last = t.states().get(t.states().size() - 1).clone();
        double misfit = model.indicator(last);
        assertThat(misfit).isPositive();
        int stride = model.parts().force().stateStride();
        int offset = model.parts().pOffset();
        double scale = 1e-20 / model.plasticStrainAtPointsMax(last);
        for (int q = 0; q * stride < last.length; q++) {
            last[q * stride + offset] *= scale;
        }
        assertThat(model.plasticStrainAtPointsMax(last))
                .isCloseTo(1e-20, org.assertj.core.data.Percentage.withPercentage(1e-8));
        assertThat(model.indicator(last)).isZero();
    }

    /**
     * The cubature perturbs the POD-Galerkin model (the law at every point with its full weight) by
     * its integration error: the two reduced trajectories in the same modes, at a parameter value
     * not trained on, differ by less than ten times the tolerance (measured: 9.9e-5, 4.9e-5 and 8.0e-5
     * at 1e-2, 1e-3 and 1e-4: on this coarse blade the rule reaches a floor, its error on states it
     * was not trained on, from 1e-3 on); the Galerkin model's law runs at every point.
     */
    @Test
    void theCubatureModelFollowsThePodGalerkinModelToItsTolerance() {
        StructuralReduction.Options base = options(1e-4, 1e-4);
        StructuralReduction.Result galerkin =
                StructuralReduction.reduce(grid, base.withoutCubature(), ProgressListener.NONE, new PhaseTimer());
        RunSchedule schedule = BladeFlight.schedule(blade(SIZE, 1150, 960));
        Trajectory reference = Trajectory.of(galerkin.model(), schedule);
        int points = grid.get(0).run().solid().numPoints();
        assertThat(galerkin.model().points()).hasSize(points);
        assertThat(reference.counts().constitutiveEvaluations())
                .isEqualTo((long) points * reference.counts().iterations());
        for (double tol : new double[] {1e-2, 1e-3, 1e-4}) {
            StructuralReduction.Result r =
                    StructuralReduction.reduce(grid, options(1e-4, tol), ProgressListener.NONE, new PhaseTimer());
            Trajectory t = Trajectory.of(r.model(), schedule);
            double largest = 0;
            double worst = 0;
            for (int k = 0; k < t.a().size(); k++) {
                double[] u = galerkin.model().displacement(reference.a().get(k));
                largest = Math.max(largest, VectorArray.euclideanNorm(u, 0, u.length));
                double[] d = difference(u, r.model().displacement(t.a().get(k)));
                worst = Math.max(worst, VectorArray.euclideanNorm(d, 0, d.length));
            }
            double gap = worst / largest;
            System.out.printf(
                    "cubature %.0e: %d of %d points, rule error %.1e, largest gap to the POD-Galerkin model %.2e%n",
                    tol, r.rule().size(), points, r.rule().relativeError(), gap);
            assertThat(r.model().modeCount()).isEqualTo(galerkin.model().modeCount());
            assertThat(gap).isLessThan(10 * tol);
        }
    }

    /**
     * Trained on peaks of 850 and 925 C only, the model's error at 1000 C is several times its error
     * inside the range, and the indicator says so: it grows with the error.
     */
    @Test
    void outsideTheTrainingRangeTheIndicatorGrowsWithTheError() {
        List<StructuralReduction.Training> cooler = new ArrayList<>();
        for (int k = 0; k < grid.size(); k++) {
            if (k % 3 != 2) { // peaks 850 and 925 of each speed
                cooler.add(grid.get(k));
            }
        }
        StructuralReduction.Result r =
                StructuralReduction.reduce(cooler, options(1e-4, 1e-4), ProgressListener.NONE, new PhaseTimer());
        ReducedRunComparison inside = compare(r.model(), blade(SIZE, 1150, 890));
        ReducedRunComparison outside = compare(r.model(), blade(SIZE, 1150, 1000));
        print("850-925 C -> 890 C", r, inside);
        print("850-925 C -> 1000 C", r, outside);
        assertThat(outside.plasticStrainError()).isGreaterThan(3 * inside.plasticStrainError());
        assertThat(outside.maxDisplacementError()).isGreaterThan(3 * inside.maxDisplacementError());
        assertThat(outside.maxIndicator()).isGreaterThan(2 * inside.maxIndicator());
    }

    /**
     * Trained below 1000 C, the model run at 1000 C adaptively: the steps whose indicator exceeds the
     * tolerance are recomputed by the high-fidelity solver and enrich the model; a few such steps bring
     * the displacement and plastic strain errors well below the plain model's.
     */
    @Test
    void theAdaptiveRunRepairsTheModelOutsideItsRange() {
        List<StructuralReduction.Training> cooler = new ArrayList<>();
        for (int k = 0; k < grid.size(); k++) {
            if (k % 3 != 2) {
                cooler.add(grid.get(k));
            }
        }
        StructuralReduction.Result r =
                StructuralReduction.reduce(cooler, options(1e-4, 1e-4), ProgressListener.NONE, new PhaseTimer());
        BladeFlight.Options hot = blade(SIZE, 1150, 1000);
        ReducedRunComparison plain = compare(r.model(), hot);
        AdaptiveStructuralRun.Result adaptive = AdaptiveStructuralRun.run(
                r.model(),
                BladeFlight.run(hot),
                new AdaptiveStructuralRun.Options(
                        0.02, 10, EmpiricalCubature.Options.of(EmpiricalCubature.Algorithm.NONNEGATIVE_OMP, 1e-6)));
        // against the full run: u per step of the largest u, p at the last step (replayed from the truth)
        ReducedRunComparison c = ReducedRunComparison.of(adaptive, 0, BladeFlight.run(hot));
        System.out.printf(
                "adaptive at 1000 C: %d high-fidelity steps of %d, %d modes at the end; u error %.2e (plain %.2e),"
                        + " p error at the last step %.2e (plain %.2e)%n",
                adaptive.enrichments(),
                adaptive.steps().size(),
                adaptive.model().modeCount(),
                c.maxDisplacementError(),
                plain.maxDisplacementError(),
                c.plasticStrainError(),
                plain.plasticStrainError());
        for (AdaptiveStructuralRun.Step step : adaptive.steps()) {
            if (step.enriched()) { // a recomputed step is the high-fidelity one
                assertThat(c.displacementErrors()[step.index()]).isLessThan(1e-12);
            }
        }
        assertThat(adaptive.enrichments()).isBetween(1, 5);
        assertThat(c.maxDisplacementError()).isLessThan(plain.maxDisplacementError() / 2);
        assertThat(c.plasticStrainError()).isLessThan(plain.plasticStrainError() / 2);
    }

    /**
     * On two meshes, the model runs the same trajectory, bit for bit, when every array of the mesh's
     * size in it (the modes V, the Gappy-POD bases over all points) is replaced by one of the
     * selected points' size: the online step reads none of them. The law runs at the selected points
     * only.
     */
    @Test
    void theOnlineStepTouchesNothingOfTheMeshSize() {
        double[] sizes = {0.35, 0.5};
        int[] dims = new int[2];
        for (int m = 0; m < 2; m++) {
            StructuralReduction.Training run =
                    StructuralReduction.simulate(BladeFlight.run(blade(sizes[m], 1100, 950)));
            StructuralReduction.Result r = StructuralReduction.reduce(
                    List.of(run), options(1e-4, 1e-4), ProgressListener.NONE, new PhaseTimer());
            ReducedStructuralModel model = r.model();
            ReducedStructuralModel.Parts parts = model.parts();
            int selected = model.points().length;
            ReducedStructuralModel pointsOnly = new ReducedStructuralModel(
                    new ReducedStructuralModel.Parts(
                            parts.force(),
                            parts.regions(),
                            parts.forcePatterns(),
                            parts.baseTemperature(),
                            parts.temperatureShapes(),
                            VectorArray.zeros(1, model.modeCount()),
                            atSamples(parts.plasticStrain()),
                            atSamples(parts.stress()),
                            parts.pOffset()),
                    model.options());
            Trajectory full = Trajectory.of(model, run.run().schedule());
            Trajectory small = Trajectory.of(pointsOnly, run.run().schedule());
            for (int k = 0; k < full.a().size(); k++) {
                assertThat(small.a().get(k)).containsExactly(full.a().get(k));
                assertThat(small.indicator().get(k)).isEqualTo(full.indicator().get(k));
            }
            dims[m] = run.run().solid().dim();
            assertThat(full.counts().constitutiveEvaluations())
                    .isEqualTo((long) selected * full.counts().iterations());
            System.out.printf(
                    "mesh of %d dofs, %d points: %d modes, %d points run the law (%d by the cubature);"
                            + " %d doubles read per step, %.1f law updates per step%n",
                    dims[m],
                    r.totalPoints(),
                    model.modeCount(),
                    selected,
                    r.rule().size(),
                    model.onlineDoubles(),
                    (double) full.counts().constitutiveEvaluations()
                            / full.counts().steps());
        }
        assertThat(dims[1]).isGreaterThan(2 * dims[0]);
    }

    /** The same Gappy-POD with its basis cut to the sampled rows (samples renumbered 0, 1, ...). */
    private static ReducedStructuralModel.DualBasis atSamples(ReducedStructuralModel.DualBasis b) {
        if (b == null) {
            return null;
        }
        int[] samples = b.gappy().samples();
        VectorArray full = b.gappy().basis();
        VectorArray cut = VectorArray.zeros(samples.length, full.count());
        for (int j = 0; j < full.count(); j++) {
            for (int i = 0; i < samples.length; i++) {
                cut.set(i, j, full.get(samples[i], j));
            }
        }
        return new ReducedStructuralModel.DualBasis(
                GappyPod.prepare(
                        cut, java.util.stream.IntStream.range(0, samples.length).toArray()),
                b.components(),
                b.singularValues());
    }
}

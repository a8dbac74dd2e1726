package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.algorithms.Pod;
import org.jrom.fem.problems.BladeFlight;
import org.jrom.hyperreduction.EmpiricalCubature;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.linalg.VectorArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dual stage split over subdomains against what the whole solid gives, computed here without
 * the subdomains' code: the stress and p snapshots replayed on every point (their POD by an SVD of
 * all of them: the TSQR's singular values to 1e-10 and its modes' span), G normalized as on one JVM
 * (the merged rule integrates it to the cubature's tolerance, measured against G w from all
 * points, and reports that error); the model reduced through the subdomains answers a run between
 * its two training runs as the one-JVM model does (the same modes, errors within a factor 2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubdomainReductionTest {
    private static BladeFlight.Options blade(double omega, double peak) {
        return new BladeFlight.Options(0.35, 1, 1, omega, peak, 0.5, 200);
    }

    private final List<StructuralReduction.Training> runs = new ArrayList<>();

    @BeforeAll
    void training() {
        runs.add(StructuralReduction.simulate(BladeFlight.run(blade(1000, 850))));
        runs.add(StructuralReduction.simulate(BladeFlight.run(blade(1200, 1000))));
    }

    private static StructuralReduction.Options options() {
        return new StructuralReduction.Options(
                1e-4,
                Integer.MAX_VALUE,
                EmpiricalCubature.Options.of(EmpiricalCubature.Algorithm.NONNEGATIVE_OMP, 1e-4),
                1e-4,
                new ReducedStructuralModel.Options(1e-10, 25, 8));
    }

    /** Every point's state after every step of every run, from the whole solid's replay. */
    private List<double[]> states() {
        List<double[]> states = new ArrayList<>();
        for (StructuralReduction.Training t : runs) {
            SmallStrainSolid s = t.run().solid();
            java.util.Arrays.fill(s.startState(), 0);
            StateReplay.replay(
                    s,
                    t.displacements().toArray(double[][]::new),
                    t.run().times(),
                    t.run().loads(),
                    (step, time, state) -> states.add(state.clone()));
        }
        return states;
    }

    @Test
    void theSubdomainsGiveTheWholeSolidsBasesAndARuleWithinTheTolerance() {
        StructuralReduction.Options options = options();
        SmallStrainSolid solid = runs.get(0).run().solid();
        int points = solid.numPoints();
        int stride = solid.stateStride();
        int pOffset = StructuralReduction.pOffset(solid.law());
        List<double[]> states = states();
        // the modes the reduction uses: the displacement POD does not depend on the subdomains
        StructuralReduction.Result whole =
                StructuralReduction.reduce(runs, options, ProgressListener.NONE, new PhaseTimer());
        VectorArray modes = VectorArray.empty(solid.dim()); // V e_i
        for (int i = 0; i < whole.model().modeCount(); i++) {
            double[] e = new double[whole.model().modeCount()];
            e[i] = 1;
            modes.append(VectorArray.of(whole.model().displacement(e)));
        }
        int[] bounds = SubdomainReduction.partition(solid, 5);
        assertThat(bounds).hasSize(6);
        StructuralReduction.Duals split =
                SubdomainReduction.onThisJvm(5).compute(runs, modes, options, ProgressListener.NONE, new PhaseTimer());

        // the stress and p bases against the SVD of every snapshot
        VectorArray sigma = VectorArray.empty(points * Mandel.SIZE);
        VectorArray p = VectorArray.empty(points);
        for (double[] state : states) {
            double[] s = new double[points * Mandel.SIZE];
            double[] q = new double[points];
            ReducedStructuralModel.dualFields(state, stride, pOffset, s, q);
            sigma.append(VectorArray.of(s));
            p.append(VectorArray.of(q));
        }
        checkBasis("stress", sigma, split.stressModes(), split.stressSingularValues());
        checkBasis("p", p, split.plasticModes(), split.plasticSingularValues());

        // G normalized as the whole solid's reduction does it, and the merged rule against G w
        ReducedIntegrand integrand = new ReducedIntegrand(solid, modes);
        int n = modes.count();
        VectorArray g = VectorArray.zeros(points, states.size() * n);
        int k = 0;
        for (StructuralReduction.Training t : runs) {
            double largest = 0;
            for (int step = 0; step < t.displacements().size(); step++, k++) {
                largest = Math.max(
                        largest,
                        integrand.normalizedRows(
                                states.get(k), "state", g, k * n, StructuralReduction.ROUND_OFF * largest));
            }
        }
        double[] exact = g.inner(VectorArray.of(solid.pointWeights())).data();
        double[] residual = exact.clone();
        EmpiricalCubature.Rule rule = split.rule();
        for (int j = 0; j < rule.size(); j++) {
            for (int r = 0; r < g.count(); r++) {
                residual[r] -= rule.weights()[j] * g.get(rule.points()[j], r);
            }
        }
        double error = VectorArray.euclideanNorm(residual, 0, residual.length)
                / VectorArray.euclideanNorm(exact, 0, exact.length);
        System.out.printf(
                "5 subdomains: %d points (error %.2e), the whole solid's cubature %d (%.2e), of %d%n",
                rule.size(), error, whole.rule().size(), whole.rule().relativeError(), points);
        assertThat(error).isLessThanOrEqualTo(1e-4);
        assertThat(rule.relativeError()).isCloseTo(error, within(1e-10));
    }

    /** The TSQR's singular values against the SVD's to 1e-10 of the largest, and the same span. */
    private static void checkBasis(String what, VectorArray snapshots, VectorArray modes, double[] singularValues) {
        TruncatedSvd svd = Pod.compute(snapshots, null, Pod.Options.tolerance(1e-4));
        double[] expected = svd.singularValues();
        for (int j = 0; j < Math.min(expected.length, singularValues.length); j++) {
            assertThat(singularValues[j]).as(what + " sigma_" + j).isCloseTo(expected[j], within(1e-10 * expected[0]));
        }
        assertThat(modes.count()).as(what + " modes").isEqualTo(svd.modeCount());
        // each mode of one in the span of the other's (to 1e-6: the truncated spectrum is well separated at the cut)
        VectorArray reference = svd.modes();
        double worst = 0;
        for (int j = 0; j < modes.count(); j++) {
            double[] v = modes.vector(j);
            double[] c = reference.inner(VectorArray.of(v)).data();
            double[] projection = reference.lincomb(c);
            double d = 0;
            for (int i = 0; i < v.length; i++) {
                d += (v[i] - projection[i]) * (v[i] - projection[i]);
            }
            worst = Math.max(worst, Math.sqrt(d));
        }
        System.out.printf("%s: %d modes, leading modes outside the SVD's span by %.1e%n", what, modes.count(), worst);
        assertThat(worst).as(what + " span").isLessThan(1e-6);
    }

    @Test
    void theSubdomainsStrainGramBlocksSumToTheWholeSolids() {
        int points = runs.get(0).run().solid().numPoints();
        double[] whole = SubdomainReduction.strainGram(runs, 0, points);
        int[] bounds = SubdomainReduction.partition(runs.get(0).run().solid(), 5);
        List<double[]> blocks = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.length; i++) {
            blocks.add(SubdomainReduction.strainGram(runs, bounds[i], bounds[i + 1] - bounds[i]));
        }
        double[] sum = SubdomainReduction.summed(blocks).data();
        double largest = java.util.Arrays.stream(whole).map(Math::abs).max().orElseThrow();
        for (int k = 0; k < whole.length; k++) {
            assertThat(Math.abs(sum[k] - whole[k])).isLessThan(1e-12 * largest);
        }
        // the diagonal is each snapshot's squared strain norm sum_q w_q |B_q u|^2, computed apart here
        int n = (int) Math.round(Math.sqrt(whole.length));
        SmallStrainSolid solid = runs.get(0).run().solid();
        double[] w = solid.pointWeights();
        double[] e = new double[points * Mandel.SIZE];
        int k = 0;
        for (StructuralReduction.Training t : runs) {
            for (double[] u : t.displacements()) {
                solid.strains(u, e);
                double squared = 0;
                for (int q = 0; q < points; q++) {
                    for (int r = 0; r < Mandel.SIZE; r++) {
                        squared += w[q] * e[q * Mandel.SIZE + r] * e[q * Mandel.SIZE + r];
                    }
                }
                assertThat(whole[k * n + k]).as("snapshot %d", k).isCloseTo(squared, within(1e-12 * largest));
                k++;
            }
        }
        assertThat(k).isEqualTo(n);
        assertThat(whole[n * n - 1]).isPositive();
    }

    @Test
    void theModelThroughTheSubdomainsAnswersAsTheWholeSolidsModel() {
        StructuralReduction.Result whole =
                StructuralReduction.reduce(runs, options(), ProgressListener.NONE, new PhaseTimer());
        StructuralReduction.Result split = StructuralReduction.reduce(
                runs, options(), SubdomainReduction.onThisJvm(4), ProgressListener.NONE, new PhaseTimer());
        BladeFlight.Options between = blade(1100, 925);
        ReducedRunComparison a =
                ReducedRunComparison.of(whole.model(), BladeFlight.run(between), BladeFlight.schedule(between));
        ReducedRunComparison b =
                ReducedRunComparison.of(split.model(), BladeFlight.run(between), BladeFlight.schedule(between));
        System.out.printf(
                "(1100 rad/s, 925 C): the whole solid's model %d points, u error %.2e, p error %.2e; through 4"
                        + " subdomains %d points, u error %.2e, p error %.2e%n",
                whole.model().points().length,
                a.maxDisplacementError(),
                a.plasticStrainError(),
                split.model().points().length,
                b.maxDisplacementError(),
                b.plasticStrainError());
        assertThat(split.model().modeCount()).isEqualTo(whole.model().modeCount());
        // the displacement POD from the subdomains' blocks of the strain Gram matrix (no snapshot's
        // strains held whole) against the one from all strains: the same singular values, to the
        // method of snapshots' accuracy (eps sigma_1^2 / sigma_k), and the same error bound
        double[] s1 = whole.podSingularValues();
        double[] s2 = split.podSingularValues();
        assertThat(Math.min(s1.length, s2.length)).isGreaterThan(s1.length - 2);
        for (int k = 0; k < Math.min(s1.length, s2.length); k++) {
            assertThat(Math.abs(s1[k] - s2[k])).as("sigma_%d", k).isLessThan(1e-8 * s1[0]);
        }
        assertThat(split.podErrorBound()).isCloseTo(whole.podErrorBound(), within(1e-8));
        // two corner runs only: p is within a few % for both; the cubature's difference costs little
        assertThat(b.maxDisplacementError()).isLessThan(1e-2).isLessThan(2 * a.maxDisplacementError());
        assertThat(b.plasticStrainError()).isLessThan(1.5 * a.plasticStrainError());
    }
}

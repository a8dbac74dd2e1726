package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The consistent tangent of every law against central finite differences of its stress (step 1e-8
 * on strains of order 1e-3: truncation and round-off both near 1e-9 relative), in elastic and
 * plastic increments from virgin states and from states reached by non-proportional strain paths;
 * and its symmetry: exact for elasticity and for J2 with {@code D = 0}, broken by Armstrong-Frederick
 * recovery under non-proportional loading (the term {@code q x N} of {@link J2Plasticity}).
 */
class ConsistentTangentTest {
    static final double T = 300;
    static final double H = 1e-8;

    record Case(String label, ConstitutiveLaw law, double dt) {
        @Override
        public String toString() {
            return label;
        }
    }

    static List<Arguments> laws() {
        return List.of(
                Arguments.of(new Case("linear elasticity", new LinearElasticity(Materials.elastic()), 0)),
                Arguments.of(new Case("J2 perfect", Materials.plastic(250, 0, 0, 0), 0)),
                Arguments.of(
                        new Case("J2 linear isotropic + linear kinematic", Materials.plastic(250, 8000, 30_000, 0), 0)),
                Arguments.of(
                        new Case("J2 isotropic + Armstrong-Frederick", Materials.plastic(250, 8000, 50_000, 250), 0)),
                Arguments.of(new Case(
                        "J2 Norton + isotropic + Armstrong-Frederick",
                        Materials.viscoplastic(100, 8000, 50_000, 250, 200, 5),
                        0.1)));
    }

    /** A strain of Mandel norm {@code size} in a random direction. */
    static double[] randomStrain(Random random, double size) {
        double[] e = new double[Mandel.SIZE];
        double norm = 0;
        for (int k = 0; k < Mandel.SIZE; k++) {
            e[k] = random.nextGaussian();
            norm += e[k] * e[k];
        }
        for (int k = 0; k < Mandel.SIZE; k++) {
            e[k] *= size / Math.sqrt(norm);
        }
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laws")
    void tangentMatchesCentralDifferencesAndIsSymmetricWhereTheLawSaysSo(Case c) {
        Random random = new Random(18);
        ConstitutiveLaw law = c.law();
        double worst = 0;
        double worstAsymmetry = 0;
        int plasticSteps = 0;
        for (int path = 0; path < 6; path++) {
            // a non-proportional history: three random strain increments of size 4e-3, then one more
            MaterialPoint point = new MaterialPoint(law);
            double[] eps = new double[Mandel.SIZE];
            for (int k = 0; k < (path == 0 ? 0 : 3); k++) {
                double[] de = randomStrain(random, 4e-3);
                for (int i = 0; i < Mandel.SIZE; i++) {
                    eps[i] += de[i];
                }
                point.step(c.dt(), T, eps.clone(), new boolean[Mandel.SIZE]);
            }
            // path 0: a small elastic step from the virgin state; odd paths: a small step back (elastic
            // unloading for the plastic laws); even paths: a large step on (plastic)
            double[] de = randomStrain(random, path == 0 ? 1e-4 : path % 2 == 1 ? 1e-4 : 3e-3);
            for (int i = 0; i < Mandel.SIZE; i++) {
                eps[i] += path % 2 == 1 ? -1e-3 * point.strain[i] / norm(point.strain) : de[i];
            }
            double[] tangent = new double[36];
            double[] end = new double[law.layout().size()];
            law.integrate(eps, c.dt(), T, point.start, 0, end, 0, tangent);
            boolean plastic =
                    law.layout().size() > Mandel.SIZE && end[law.layout().offset("p")] > point.get("p", 0);
            plasticSteps += plastic ? 1 : 0;
            double[] fd = new double[36];
            double[] plus = new double[law.layout().size()];
            double[] minus = new double[law.layout().size()];
            double[] scratch = new double[36];
            for (int j = 0; j < Mandel.SIZE; j++) {
                double[] e = eps.clone();
                e[j] = eps[j] + H;
                law.integrate(e, c.dt(), T, point.start, 0, plus, 0, scratch);
                e[j] = eps[j] - H;
                law.integrate(e, c.dt(), T, point.start, 0, minus, 0, scratch);
                for (int i = 0; i < Mandel.SIZE; i++) {
                    fd[i * 6 + j] = (plus[i] - minus[i]) / (2 * H);
                }
            }
            double max = 0;
            double diff = 0;
            double skew = 0;
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    max = Math.max(max, Math.abs(tangent[i * 6 + j]));
                    diff = Math.max(diff, Math.abs(tangent[i * 6 + j] - fd[i * 6 + j]));
                    skew = Math.max(skew, Math.abs(tangent[i * 6 + j] - tangent[j * 6 + i]));
                }
            }
            worst = Math.max(worst, diff / max);
            worstAsymmetry = Math.max(worstAsymmetry, skew / max);
        }
        System.out.printf(
                Locale.ROOT,
                "tangent of %s: %d of 6 steps plastic, worst relative difference to central"
                        + " differences %.2e, worst asymmetry max|D - D^T| / max|D| %.2e%n",
                c,
                plasticSteps,
                worst,
                worstAsymmetry);
        assertThat(worst).isLessThan(1e-6);
        if (law.hasSymmetricTangent()) {
            assertThat(worstAsymmetry).isLessThan(1e-13);
        } else {
            assertThat(worstAsymmetry).isGreaterThan(1e-4);
        }
        if (law.layout().size() > Mandel.SIZE) {
            assertThat(plasticSteps).isBetween(2, 4);
        }
    }

    static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}

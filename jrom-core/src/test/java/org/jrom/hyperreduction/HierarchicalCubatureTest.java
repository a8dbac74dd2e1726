package org.jrom.hyperreduction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jrom.hyperreduction.EmpiricalCubature.Algorithm;
import org.jrom.hyperreduction.EmpiricalCubature.Options;
import org.jrom.hyperreduction.EmpiricalCubature.Rule;
import org.jrom.linalg.VectorArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cubature per subdomain, merged: on smooth integrands over scattered points split into
 * blocks, the merged rule integrates every row of G to the tolerance, measured here against G w
 * computed from all points, and its reported error is that measurement; the merge keeps fewer points
 * than the union of the local rules; integrands whose subdomain integrals cancel (an odd function
 * on a symmetric domain) still meet the tolerance, the local rules taking the smaller share {@link
 * HierarchicalCubature#localTolerance} gives them.
 */
class HierarchicalCubatureTest {
    /** Rows: {@code x^a y^b} (and times {@code x - 1/2} when {@code odd}) at n points of [0, 1]^2 with positive weights. */
    private static VectorArray integrands(double[][] x, int degree, boolean odd) {
        List<double[]> rows = new ArrayList<>();
        for (int a = 0; a <= degree; a++) {
            for (int b = 0; a + b <= degree; b++) {
                double[] r = new double[x.length];
                for (int j = 0; j < x.length; j++) {
                    r[j] = Math.pow(x[j][0], a) * Math.pow(x[j][1], b) * (odd ? x[j][0] - 0.5 : 1);
                }
                rows.add(r);
            }
        }
        VectorArray g = VectorArray.empty(x.length);
        rows.forEach(r -> g.append(VectorArray.of(r)));
        return g;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theMergedRuleIntegratesEveryRowToTheTolerance(boolean odd) {
        Random random = new Random(20261206);
        int n = 2000;
        double[][] x = new double[n][];
        double[] w = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = new double[] {random.nextDouble(), random.nextDouble()};
            w[j] = (0.5 + random.nextDouble()) / n;
        }
        // sorted by x so that the blocks are strips of the square: subdomains
        Integer[] order = new Integer[n];
        Arrays.setAll(order, j -> j);
        Arrays.sort(order, (i, j) -> Double.compare(x[i][0], x[j][0]));
        double[][] xs = new double[n][];
        double[] ws = new double[n];
        for (int j = 0; j < n; j++) {
            xs[j] = x[order[j]];
            ws[j] = w[order[j]];
        }
        VectorArray g = integrands(xs, 6, odd);
        int m = g.count();
        double[] exact = g.inner(VectorArray.of(ws)).data();
        double tolerance = 1e-6;
        Options options = Options.of(Algorithm.NONNEGATIVE_OMP, tolerance);

        int blocks = 4;
        double[][] integrals = new double[blocks][];
        double[] norms = new double[blocks];
        for (int i = 0; i < blocks; i++) {
            VectorArray gi = block(g, i * n / blocks, (i + 1) * n / blocks);
            integrals[i] = gi.inner(VectorArray.of(Arrays.copyOfRange(ws, i * n / blocks, (i + 1) * n / blocks)))
                    .data();
            norms[i] = VectorArray.euclideanNorm(integrals[i], 0, m);
        }
        double local = HierarchicalCubature.localTolerance(tolerance, exact, norms);
        double sum = Arrays.stream(norms).sum();
        double whole = VectorArray.euclideanNorm(exact, 0, m);
        System.out.printf("odd %s: ||b|| %.3e, sum ||b_i|| %.3e, local tolerance %.3e%n", odd, whole, sum, local);
        assertThat(local).isCloseTo(0.5 * tolerance * whole / sum, org.assertj.core.api.Assertions.within(1e-20));
        if (odd) {
            assertThat(local).isLessThan(0.3 * tolerance); // the subdomains' integrals cancel: half the share
        }
        List<HierarchicalCubature.Local> rules = new ArrayList<>();
        int union = 0;
        for (int i = 0; i < blocks; i++) {
            int from = i * n / blocks;
            int to = (i + 1) * n / blocks;
            HierarchicalCubature.Local l = HierarchicalCubature.local(
                    block(g, from, to), Arrays.copyOfRange(ws, from, to), from, local, options);
            assertThat(Arrays.stream(l.points()).allMatch(p -> p >= from && p < to))
                    .isTrue();
            rules.add(l);
            union += l.points().length;
        }
        Rule merged = HierarchicalCubature.merge(rules, exact, tolerance, options);

        // the error measured against all points' G w, independently of the rule's own figure
        double[] residual = exact.clone();
        double[] data = g.data();
        for (int k = 0; k < merged.size(); k++) {
            assertThat(merged.weights()[k]).isPositive();
            for (int r = 0; r < m; r++) {
                residual[r] -= merged.weights()[k] * data[r * n + merged.points()[k]];
            }
        }
        double error = VectorArray.euclideanNorm(residual, 0, m) / whole;
        Rule single = EmpiricalCubature.select(g, ws, options);
        System.out.printf(
                "%d rows: union of 4 local rules %d points, merged %d (error %.2e), one cubature of all points %d"
                        + " (%.2e)%n",
                m, union, merged.size(), error, single.size(), single.relativeError());
        assertThat(error).isLessThanOrEqualTo(tolerance);
        assertThat(merged.relativeError()).isCloseTo(error, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(merged.size()).isLessThan(union).isLessThanOrEqualTo(m);
        assertThat(Arrays.stream(merged.points()).distinct().count()).isEqualTo(merged.size());
    }

    /** The rows of G restricted to the points {@code from .. to - 1}. */
    private static VectorArray block(VectorArray g, int from, int to) {
        VectorArray b = VectorArray.empty(to - from);
        for (int r = 0; r < g.count(); r++) {
            b.append(VectorArray.of(Arrays.copyOfRange(g.vector(r), from, to)));
        }
        return b;
    }
}

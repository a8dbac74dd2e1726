package org.jrom.hyperreduction;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jrom.JromException;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.VectorArray;

/**
 * The empirical cubature of integrands split over subdomains (blocks of the points), merged: each
 * subdomain selects a rule for its own rows of G, the union of these rules is a rule of the whole
 * domain, and one more cubature on the union, with the union's weights as its full rule, cuts it
 * to the points the integrands need (the reduced integration per subdomain of Casenave, Akkari,
 * Bordeu, Rey, Ryckelynck, IJNME 2020; the error budget split in two as the HAPOD of Himpe,
 * Leibner, Rave 2018 splits its energy).
 *
 * <p>The bound. With {@code b = sum_i b_i} the exact integrals, {@code b_i = G_i w_i} a subdomain's,
 * and local rules with {@code ||G_{S_i} w_{S_i} - b_i|| <= t ||b_i||} where {@code t = tol_1 ||b|| /
 * sum_i ||b_i||} ({@link #localTolerance}), the union's integrals {@code b_C} satisfy {@code ||b_C
 * - b|| <= sum_i t ||b_i|| = tol_1 ||b||}; a merged rule with {@code ||G_S w_S - b_C|| <= tol_2
 * ||b_C|| <= tol_2 (1 + tol_1) ||b||} then has {@code ||G_S w_S - b|| <= (tol_1 + tol_2 (1 +
 * tol_1)) ||b|| = tol ||b||} for {@code tol_1 = omega tol}, {@code tol_2 = (1 - omega) tol / (1 +
 * omega tol)}. Where a greedy stops short of its tolerance (a point limit, the rank) the bound does
 * not follow; the merged rule's error against the exact b is measured either way ({@link
 * Rule#relativeError()}).
 */
public final class HierarchicalCubature {
    private HierarchicalCubature() {}

    /** The share of the tolerance the local rules spend: {@code tol_1 = omega tol}. */
    public static final double OMEGA = 0.5;

    /**
     * The relative tolerance t of every subdomain's rule: {@code omega tol ||b|| / sum_i ||b_i||}
     * (at most {@code omega tol}; smaller where the subdomains' integrals cancel).
     *
     * @param exact b, the exact integrals of the whole domain
     * @param subdomainNorms {@code ||b_i||} of each subdomain
     */
    public static double localTolerance(double tolerance, double[] exact, double[] subdomainNorms) {
        double sum = 0;
        for (double s : subdomainNorms) {
            sum += s;
        }
        double b = VectorArray.euclideanNorm(exact, 0, exact.length);
        return sum == 0 ? OMEGA * tolerance : OMEGA * tolerance * b / sum;
    }

    /** The merge's relative tolerance {@code tol_2 = (1 - omega) tol / (1 + omega tol)}. */
    public static double mergeTolerance(double tolerance) {
        return (1 - OMEGA) * tolerance / (1 + OMEGA * tolerance);
    }

    /**
     * A subdomain's rule and what the merge needs of it.
     *
     * @param points the selected points, in the whole domain's numbering
     * @param weights their weights
     * @param columns G at these points: the m values of point k at {@code k m}
     * @param stopReason why its greedy stopped
     */
    public record Local(int[] points, double[] weights, double[] columns, EmpiricalCubature.StopReason stopReason)
            implements Serializable {}

    /**
     * A subdomain's rule: the cubature of its rows of G (vectors over its points, which are {@code
     * first .. first + n - 1} of the whole domain) with its full weights, to the relative tolerance t.
     */
    public static Local local(
            VectorArray rows, double[] fullWeights, int first, double tolerance, EmpiricalCubature.Options options) {
        EmpiricalCubature.Rule rule = EmpiricalCubature.select(rows, fullWeights, withTolerance(options, tolerance));
        int[] at = rule.points();
        int m = rows.count();
        int n = rows.dim();
        double[] g = rows.data();
        double[] columns = new double[at.length * m];
        int[] global = new int[at.length];
        for (int k = 0; k < at.length; k++) {
            global[k] = first + at[k];
            for (int r = 0; r < m; r++) {
                columns[k * m + r] = g[r * n + at[k]];
            }
        }
        return new Local(global, rule.weights(), columns, rule.stopReason());
    }

    /**
     * The union of the subdomains' rules cut by one more cubature (its full rule: the union's points
     * and weights) to {@link #mergeTolerance}, its error measured against the exact integrals.
     *
     * @param exact b, the exact integrals of the whole domain (m values)
     * @return the rule in the whole domain's numbering; {@code relativeError} is {@code ||G_S w_S -
     *     b|| / ||b||}, {@code iterations} the merge's, {@code stopReason} the first local rule's that
     *     stopped short of its tolerance, else the merge's
     */
    public static EmpiricalCubature.Rule merge(
            List<Local> locals, double[] exact, double tolerance, EmpiricalCubature.Options options) {
        int m = exact.length;
        List<int[]> points = new ArrayList<>();
        int size = 0;
        for (Local l : locals) {
            DimensionMismatchException.check(
                    "G's values at a subdomain's points", l.points().length * m, l.columns().length);
            points.add(l.points());
            size += l.points().length;
        }
        if (size == 0) {
            double norm = VectorArray.euclideanNorm(exact, 0, exact.length);
            return new EmpiricalCubature.Rule(
                    new int[0], new double[0], norm == 0 ? 0 : 1, 0, EmpiricalCubature.StopReason.TOLERANCE_REACHED);
        }
        int[] union = new int[size];
        double[] weights = new double[size];
        VectorArray g = VectorArray.zeros(size, m); // the union's rows of G: vectors over its points
        double[] data = g.data();
        int c = 0;
        for (Local l : locals) {
            for (int k = 0; k < l.points().length; k++, c++) {
                union[c] = l.points()[k];
                weights[c] = l.weights()[k];
                for (int r = 0; r < m; r++) {
                    data[r * size + c] = l.columns()[k * m + r];
                }
            }
        }
        if (Arrays.stream(union).distinct().count() != size) {
            throw new JromException("the subdomains' rules share points: the subdomains must not overlap");
        }
        EmpiricalCubature.Rule merged =
                EmpiricalCubature.select(g, weights, withTolerance(options, mergeTolerance(tolerance)));
        int[] at = merged.points();
        double[] w = merged.weights();
        int[] global = new int[at.length];
        double[] residual = exact.clone();
        for (int k = 0; k < at.length; k++) {
            global[k] = union[at[k]];
            for (int r = 0; r < m; r++) {
                residual[r] -= w[k] * data[r * size + at[k]];
            }
        }
        double norm = VectorArray.euclideanNorm(exact, 0, exact.length);
        double error = norm == 0 ? 0 : VectorArray.euclideanNorm(residual, 0, m) / norm;
        EmpiricalCubature.StopReason reason = locals.stream()
                .map(Local::stopReason)
                .filter(r -> r != EmpiricalCubature.StopReason.TOLERANCE_REACHED)
                .findFirst()
                .orElse(merged.stopReason());
        return new EmpiricalCubature.Rule(global, w, error, merged.iterations(), reason);
    }

    private static EmpiricalCubature.Options withTolerance(EmpiricalCubature.Options o, double tolerance) {
        return new EmpiricalCubature.Options(
                o.algorithm(), tolerance, o.maxPoints(), o.maxIterations(), Math.min(o.basisTolerance(), tolerance));
    }
}

package org.jrom.algorithms;

import java.util.Arrays;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;

/**
 * A small dense linear program {@code min c^T x} subject to {@code A x >= b} and {@code lo <= x <=
 * hi} (bounds may be infinite; a {@code <=} row is a {@code >=} row negated), solved by the
 * two-phase bounded-variable primal simplex method on a dense tableau (Dantzig 1955, "Upper bounds,
 * secondary constraints, and block triangularity in linear programming"; Chvatal 1983, "Linear
 * Programming", ch. 8) with Bland's smallest-index rule for entering and leaving variables, which
 * rules out cycling on degenerate vertices (Bland 1977, Math. Oper. Res. 2). Meant for the tens of
 * variables and constraints of the successive constraint method; the cost per pivot is {@code m (n
 * + 2m)}.
 *
 * <p>Phase 1 minimizes the sum of artificial variables on the rows the starting point violates; a
 * positive minimum means the program is infeasible. Rows are scaled to unit max-norm first, so the
 * tolerances are relative. Besides the optimum the solution carries the optimal multipliers {@code
 * pi >= 0} of the rows, and {@link #dualBound} turns any {@code pi >= 0} into a lower bound of the
 * optimal value by weak duality, which round-off in the simplex cannot make invalid.
 */
public final class LinearProgram {
    /** Reduced costs and pivots below this (after row scaling) count as zero. */
    private static final double TOLERANCE = 1e-11;

    /** Phase 1 infeasibility above this (relative to the scaled right-hand side) means infeasible. */
    private static final double FEASIBILITY_TOLERANCE = 1e-9;

    private final double[] c;
    private final DenseMatrix a;
    private final double[] b;
    private final double[] lower;
    private final double[] upper;

    private LinearProgram(double[] c, DenseMatrix a, double[] b, double[] lower, double[] upper) {
        this.c = c;
        this.a = a;
        this.b = b;
        this.lower = lower;
        this.upper = upper;
    }

    /**
     * The program {@code min c^T x, A x >= b, lower <= x <= upper} (inputs copied; infinite bounds
     * allowed, NaN not).
     */
    public static LinearProgram minimize(double[] c, DenseMatrix a, double[] b, double[] lower, double[] upper) {
        int n = c.length;
        DimensionMismatchException.check("columns of the constraint matrix (one per variable)", n, a.cols());
        DimensionMismatchException.check("right-hand side entries (one per constraint row)", a.rows(), b.length);
        DimensionMismatchException.check("lower bounds (one per variable)", n, lower.length);
        DimensionMismatchException.check("upper bounds (one per variable)", n, upper.length);
        for (int j = 0; j < n; j++) {
            if (!Double.isFinite(c[j])) {
                throw new JromException("objective coefficient " + j + " is " + c[j] + ", expected a finite number");
            }
            if (Double.isNaN(lower[j])
                    || Double.isNaN(upper[j])
                    || lower[j] > upper[j]
                    || lower[j] == Double.POSITIVE_INFINITY
                    || upper[j] == Double.NEGATIVE_INFINITY) {
                throw new JromException("bounds of variable " + j + " must satisfy lower <= upper, found [" + lower[j]
                        + ", " + upper[j] + "]");
            }
        }
        for (int i = 0; i < b.length; i++) {
            if (!Double.isFinite(b[i])) {
                throw new JromException("right-hand side " + i + " is " + b[i] + ", expected a finite number");
            }
        }
        if (!a.isFinite()) {
            throw new JromException("the constraint matrix has non-finite entries");
        }
        return new LinearProgram(c.clone(), a.copy(), b.clone(), lower.clone(), upper.clone());
    }

    /**
     * An optimal vertex.
     *
     * @param x the optimal point
     * @param objective {@code c^T x}
     * @param multipliers the optimal multipliers of the rows ({@code c = A^T pi + } bound terms,
     *     {@code pi >= 0} up to round-off)
     * @param iterations simplex iterations (pivots and bound flips) of both phases
     */
    public record Solution(double[] x, double objective, double[] multipliers, int iterations) {}

    /** Number of variables. */
    public int variables() {
        return c.length;
    }

    /** Number of constraint rows. */
    public int constraints() {
        return b.length;
    }

    /**
     * The weak-duality lower bound {@code pi^T b + sum_j min_{lo_j <= x_j <= hi_j} (c - A^T
     * pi)_j x_j} of the optimal value, valid for every {@code pi >= 0} (negative entries are
     * treated as 0) and equal to the optimum for the optimal multipliers; {@code -infinity} when a
     * reduced cost pushes towards an infinite bound.
     */
    public double dualBound(double[] multipliers) {
        DimensionMismatchException.check("multipliers (one per constraint row)", b.length, multipliers.length);
        double bound = 0;
        double[] r = c.clone();
        for (int i = 0; i < b.length; i++) {
            double p = Math.max(0.0, multipliers[i]);
            if (p == 0.0) {
                continue;
            }
            bound += p * b[i];
            for (int j = 0; j < r.length; j++) {
                r[j] -= p * a.get(i, j);
            }
        }
        for (int j = 0; j < r.length; j++) {
            if (r[j] > 0) {
                bound += r[j] * lower[j];
            } else if (r[j] < 0) {
                bound += r[j] * upper[j];
            }
        }
        return Double.isNaN(bound) ? Double.NEGATIVE_INFINITY : bound;
    }

    /**
     * Solves the program.
     *
     * @throws LinearProgramException if it is infeasible or unbounded
     */
    public Solution solve() {
        return new Tableau().run();
    }

    /**
     * The simplex state. Variables: {@code 0..n-1} structural, {@code n..n+m-1} surplus {@code s_i
     * >= 0} of the scaled rows {@code rho_i A_i x - s_i + t_i = rho_i b_i}, {@code n+m..n+2m-1}
     * artificial {@code t_i}. The tableau holds {@code B^{-1} [rho A, -I, I]}.
     */
    private final class Tableau {
        final int n = c.length;
        final int m = b.length;
        final int total = n + 2 * m;
        final double[][] t = new double[m][total];
        final double[] beta = new double[m]; // values of the basic variables
        final int[] basis = new int[m];
        final boolean[] basic = new boolean[total];
        final double[] value = new double[total]; // values of the nonbasic variables
        final double[] lo = new double[total];
        final double[] hi = new double[total];
        final double[] rho = new double[m];
        final double[] reduced = new double[total];
        int iterations;

        Tableau() {
            for (int j = 0; j < n; j++) {
                lo[j] = lower[j];
                hi[j] = upper[j];
                // Nonbasic structural variables start at a finite bound, free ones at 0.
                value[j] = Double.isFinite(lo[j]) ? lo[j] : Double.isFinite(hi[j]) ? hi[j] : 0.0;
            }
            for (int i = 0; i < m; i++) {
                double scale = 0;
                for (int j = 0; j < n; j++) {
                    scale = Math.max(scale, Math.abs(a.get(i, j)));
                }
                rho[i] = scale > 0 ? 1.0 / scale : 1.0;
                double ax = 0;
                double[] row = t[i];
                for (int j = 0; j < n; j++) {
                    row[j] = rho[i] * a.get(i, j);
                    ax += row[j] * value[j];
                }
                row[n + i] = -1.0;
                row[n + m + i] = 1.0;
                lo[n + i] = 0.0;
                hi[n + i] = Double.POSITIVE_INFINITY;
                lo[n + m + i] = 0.0;
                double residual = rho[i] * b[i] - ax;
                if (residual <= 0) { // satisfied: the surplus is basic, the artificial fixed at 0
                    for (int j = 0; j < total; j++) {
                        row[j] = -row[j];
                    }
                    basis[i] = n + i;
                    beta[i] = -residual;
                    hi[n + m + i] = 0.0;
                } else { // violated: the artificial carries the violation
                    basis[i] = n + m + i;
                    beta[i] = residual;
                    hi[n + m + i] = Double.POSITIVE_INFINITY;
                }
                basic[basis[i]] = true;
            }
        }

        Solution run() {
            int limit = 50 * (total + 10);
            double[] phase1 = new double[total];
            boolean needed = false;
            for (int i = 0; i < m; i++) {
                if (basis[i] >= n + m) {
                    phase1[basis[i]] = 1.0;
                    needed = true;
                }
            }
            if (needed) {
                iterate(phase1, limit, true);
                double infeasibility = 0;
                double scale = 1;
                for (int i = 0; i < m; i++) {
                    scale = Math.max(scale, Math.abs(rho[i] * b[i]));
                    if (basis[i] >= n + m) {
                        infeasibility += beta[i];
                    }
                }
                if (infeasibility > FEASIBILITY_TOLERANCE * scale) {
                    throw new LinearProgramException(
                            LinearProgramException.Reason.INFEASIBLE,
                            "the linear program is infeasible: no point satisfies all " + m
                                    + " constraints within the variable bounds (the smallest total violation of"
                                    + " the scaled rows is " + infeasibility + ")");
                }
                // Artificial variables are fixed at 0 from now on; basic ones leave at degenerate pivots.
                for (int i = 0; i < m; i++) {
                    hi[n + m + i] = 0.0;
                    value[n + m + i] = 0.0;
                    if (basis[i] >= n + m) {
                        beta[i] = 0.0;
                    }
                }
            }
            double[] phase2 = new double[total];
            System.arraycopy(c, 0, phase2, 0, n);
            iterate(phase2, limit, false);
            double[] x = new double[n];
            for (int j = 0; j < n; j++) {
                x[j] = value[j];
            }
            for (int i = 0; i < m; i++) {
                if (basis[i] < n) {
                    x[basis[i]] = beta[i];
                }
            }
            double objective = 0;
            for (int j = 0; j < n; j++) {
                objective += c[j] * x[j];
            }
            // The reduced cost of surplus s_i is pi_i of the scaled row; undo the scaling.
            double[] pi = new double[m];
            for (int i = 0; i < m; i++) {
                pi[i] = reduced[n + i] * rho[i];
            }
            return new Solution(x, objective, pi, iterations);
        }

        /** Primal simplex iterations for the given costs until optimal. */
        void iterate(double[] cost, int limit, boolean phase1) {
            double cmax = 0;
            for (double v : cost) {
                cmax = Math.max(cmax, Math.abs(v));
            }
            double tolD = TOLERANCE * Math.max(1.0, cmax);
            // Reduced costs d = cost - cost_B^T B^{-1} [A -I I].
            System.arraycopy(cost, 0, reduced, 0, total);
            for (int i = 0; i < m; i++) {
                double cb = cost[basis[i]];
                if (cb != 0) {
                    for (int j = 0; j < total; j++) {
                        reduced[j] -= cb * t[i][j];
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                reduced[basis[i]] = 0.0;
            }
            while (true) {
                // Bland: the smallest index whose move improves the objective.
                int enter = -1;
                double dir = 0;
                for (int j = 0; j < total && enter < 0; j++) {
                    if (basic[j] || lo[j] == hi[j]) {
                        continue;
                    }
                    if (reduced[j] < -tolD && value[j] < hi[j]) {
                        enter = j;
                        dir = 1;
                    } else if (reduced[j] > tolD && value[j] > lo[j]) {
                        enter = j;
                        dir = -1;
                    }
                }
                if (enter < 0) {
                    return;
                }
                if (++iterations > limit) {
                    throw new LinearProgramException(
                            LinearProgramException.Reason.ITERATION_LIMIT,
                            "the simplex method did not finish within " + limit + " iterations on a program with " + n
                                    + " variables and " + m + " constraints");
                }
                // Ratio test: the entering variable moves by step * dir, basic i by -step * dir * t_i,enter.
                double step = hi[enter] - lo[enter]; // a bound flip
                int leave = -1;
                for (int i = 0; i < m; i++) {
                    double rate = dir * t[i][enter];
                    int v = basis[i];
                    double limitI;
                    if (rate > TOLERANCE && lo[v] > Double.NEGATIVE_INFINITY) {
                        limitI = Math.max(0.0, (beta[i] - lo[v]) / rate);
                    } else if (rate < -TOLERANCE && hi[v] < Double.POSITIVE_INFINITY) {
                        limitI = Math.max(0.0, (hi[v] - beta[i]) / -rate);
                    } else {
                        continue;
                    }
                    boolean better;
                    if (leave < 0) {
                        better = limitI < step; // against a bound flip or no limit yet
                    } else { // ties between rows go to the smallest variable index (Bland)
                        double tie = 1e-12 * (1 + step);
                        better = limitI < step - tie || (limitI <= step + tie && v < basis[leave]);
                    }
                    if (better) {
                        step = limitI;
                        leave = i;
                    }
                }
                if (step == Double.POSITIVE_INFINITY) {
                    if (phase1) {
                        throw new IllegalStateException("phase 1 of the simplex method cannot be unbounded");
                    }
                    throw new LinearProgramException(
                            LinearProgramException.Reason.UNBOUNDED,
                            "the linear program is unbounded: the objective decreases without limit as variable "
                                    + (enter < n ? Integer.toString(enter) : "(surplus of row " + (enter - n) + ")")
                                    + (dir > 0 ? " increases" : " decreases"));
                }
                value[enter] += dir * step;
                for (int i = 0; i < m; i++) {
                    beta[i] -= dir * step * t[i][enter];
                }
                if (leave < 0) {
                    value[enter] = dir > 0 ? hi[enter] : lo[enter]; // exact bound after a flip
                    continue;
                }
                int out = basis[leave];
                value[out] = dir * t[leave][enter] > 0 ? lo[out] : hi[out];
                beta[leave] = value[enter];
                pivot(leave, enter);
                basic[out] = false;
                basic[enter] = true;
                basis[leave] = enter;
            }
        }

        private void pivot(int r, int col) {
            double[] pr = t[r];
            double p = pr[col];
            for (int j = 0; j < total; j++) {
                pr[j] /= p;
            }
            pr[col] = 1.0;
            for (int i = 0; i < m; i++) {
                if (i == r) {
                    continue;
                }
                double f = t[i][col];
                if (f != 0) {
                    double[] ti = t[i];
                    for (int j = 0; j < total; j++) {
                        ti[j] -= f * pr[j];
                    }
                    ti[col] = 0.0;
                }
            }
            double d = reduced[col];
            if (d != 0) {
                for (int j = 0; j < total; j++) {
                    reduced[j] -= d * pr[j];
                }
                reduced[col] = 0.0;
            }
        }
    }

    @Override
    public String toString() {
        return "LinearProgram(" + c.length + " variables, " + b.length + " constraints, c=" + Arrays.toString(c) + ")";
    }
}

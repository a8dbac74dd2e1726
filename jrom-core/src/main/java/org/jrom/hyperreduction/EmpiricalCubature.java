package org.jrom.hyperreduction;

import java.util.Arrays;
import org.jrom.JromException;
import org.jrom.algorithms.Pod;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.NonFiniteValueException;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.linalg.VectorArray;

/**
 * Empirical cubature: from the integrands G (m x n, row i = quantity i at the n quadrature points,
 * e.g. a reduced internal force component of one training snapshot) and the full weights w, a few
 * points S and positive weights {@code w_hat} with {@code ||G_S w_hat - b|| <= tol ||b||}, {@code b
 * = G w}. One SVD of {@code G^T}, O(mn min(m, n)), then greedy steps, each one {@code U^T r},
 * O(rn), and a least-squares solve on the points kept; by Caratheodory's theorem a nonnegative
 * rule with at most rank(G) points exists.
 */
public final class EmpiricalCubature {
    private EmpiricalCubature() {}

    /** How points and weights are chosen. */
    public enum Algorithm {
        /**
         * Hernandez, Caicedo, Ferrer (CMAME 313, 2017), algorithm 1: select the point whose column
         * of {@code U^T} is most positively correlated with the residual, solve {@code U_S^T w_S =
         * U^T w} by least squares and drop the points whose weight is not positive, re-solving
         * until all are.
         */
        HERNANDEZ_CAICEDO_FERRER,
        /**
         * Nonnegative orthogonal matching pursuit (Casenave, Akkari, Math. Comput. Appl. 24(2):41,
         * 2019, algorithm 2): select the column of {@code U^T} most positively correlated with the
         * residual, re-solve all weights by {@link NonnegativeLeastSquares} on the selected points,
         * drop the zero weights. The residual decreases at every step; as w itself is a nonnegative
         * solution, it reaches any tolerance with at most rank(G) points.
         */
        NONNEGATIVE_OMP
    }

    /** Why the greedy stopped. */
    public enum StopReason {
        /** {@code ||G_S w_hat - b|| <= tol ||b||}. */
        TOLERANCE_REACHED,
        /** No point left is positively correlated with the residual. */
        NO_POSITIVE_CORRELATION,
        /**
         * As many points as the basis of the row space has vectors (Hernandez et al. only): its
         * integrals are matched, what remains is the SVD's truncation.
         */
        RANK_REACHED,
        /** {@code maxPoints} points are selected. */
        POINT_LIMIT,
        /** {@code maxIterations} greedy steps are done. */
        ITERATION_LIMIT
    }

    /**
     * Settings.
     *
     * @param algorithm how points and weights are chosen
     * @param tolerance the relative integration error to reach, {@code ||G_S w_hat - b|| / ||b||}
     * @param maxPoints the most points in the rule
     * @param maxIterations the most greedy steps (a step adds one point, and may drop some)
     * @param basisTolerance the first truncation of the row-space basis: the fewest singular vectors
     *     of {@code G^T} that keep G to this relative Frobenius error (enlarged when short)
     */
    public record Options(
            Algorithm algorithm, double tolerance, int maxPoints, int maxIterations, double basisTolerance)
            implements java.io.Serializable {
        public Options {
            if (algorithm == null
                    || !(tolerance >= 0 && tolerance < Double.POSITIVE_INFINITY)
                    || maxPoints < 1
                    || maxIterations < 1
                    || !(basisTolerance >= 0 && basisTolerance < Double.POSITIVE_INFINITY)) {
                throw new JromException("empirical cubature needs an algorithm, a finite tolerance >= 0,"
                        + " maxPoints >= 1, maxIterations >= 1 and a finite basisTolerance >= 0, found " + algorithm
                        + ", " + tolerance + ", " + maxPoints + ", " + maxIterations + ", " + basisTolerance);
            }
        }

        /** The tolerance, no point limit, 10,000 steps, the basis first truncated at the tolerance. */
        public static Options of(Algorithm algorithm, double tolerance) {
            return new Options(algorithm, tolerance, Integer.MAX_VALUE, 10_000, tolerance);
        }
    }

    /**
     * A reduced quadrature rule.
     *
     * @param points the selected quadrature points, indices of the columns of G, in selection order
     * @param weights their weights, all positive
     * @param relativeError {@code ||G_S w_hat - b|| / ||b||} (0 when {@code b = 0})
     * @param iterations greedy steps done
     * @param stopReason why the greedy stopped
     */
    public record Rule(int[] points, double[] weights, double relativeError, int iterations, StopReason stopReason) {
        public Rule {
            points = points.clone();
            weights = weights.clone();
        }

        @Override
        public int[] points() {
            return points.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        /** Number of points. */
        public int size() {
            return points.length;
        }

        /** {@code sum_k w_hat_k f[points_k]} for a function given at all n quadrature points. */
        public double integrate(double[] f) {
            double s = 0;
            for (int k = 0; k < points.length; k++) {
                s += weights[k] * f[points[k]];
            }
            return s;
        }

        /** {@code G_S w_hat}: the reduced rule's integral of every row of the integrands. */
        public double[] integrate(DenseMatrix integrands) {
            double[] y = new double[integrands.rows()];
            integrands.selectColumns(points).apply(weights, 0, y, 0);
            return y;
        }
    }

    /**
     * Selects a reduced rule for the integrands G (m x n) whose exact integrals are {@code b = G w}:
     * {@link #select(VectorArray, double[], Options)} on the rows of G.
     *
     * @param fullWeights w, the n weights of the full rule, nonnegative
     */
    public static Rule select(DenseMatrix integrands, double[] fullWeights, Options options) {
        return select(
                VectorArray.wrap(
                        integrands.cols(),
                        integrands.rows(),
                        integrands.transpose().data()),
                fullWeights,
                options);
    }

    /**
     * Selects a reduced rule for the integrands G whose exact integrals are {@code b = G w}, G given
     * by its m rows, each a vector over the n points ({@code G^T}; the greedy keeps G and the basis
     * of its row space, and the SVD that gives the basis makes transient copies of G's size). Both
     * algorithms run on the orthonormal basis U of the row space of G (left singular vectors of
     * {@code G^T}, by a QR and the SVD of R, accurate below {@code sqrt(eps)} where the method of
     * snapshots is not), which keeps their least-squares problems well conditioned: {@code U_S^T x =
     * U^T w}.
     * The basis starts truncated at {@code basisTolerance}; when the points reach its size and
     * {@code ||G_S w_hat - b|| > tol ||b||}, it takes in the next singular vectors and the greedy
     * goes on.
     *
     * @param integrands the rows of G, vectors of dimension n
     * @param fullWeights w, the n weights of the full rule, nonnegative
     */
    public static Rule select(VectorArray integrands, double[] fullWeights, Options options) {
        int n = integrands.dim();
        DimensionMismatchException.check("number of full quadrature weights", n, fullWeights.length);
        integrands.requireFinite("integrands given to empirical cubature");
        NonFiniteValueException.requireFinite("full quadrature weights", fullWeights);
        for (int j = 0; j < n; j++) {
            if (fullWeights[j] < 0) {
                throw new JromException(
                        "full quadrature weights must be >= 0, found " + fullWeights[j] + " at point " + j);
            }
        }
        double[] exact = integrands.inner(VectorArray.of(fullWeights)).data();
        if (VectorArray.euclideanNorm(exact, 0, exact.length) == 0) {
            return new Rule(new int[0], new double[0], 0.0, 0, StopReason.TOLERANCE_REACHED);
        }
        return new Greedy(integrands, fullWeights, exact, options).run();
    }

    /** The greedy state: the points and weights kept, and the basis vectors in use. */
    private static final class Greedy {
        /** U: the orthonormal basis of G's row space, n x R, leading singular vectors first. */
        private final VectorArray basis;

        private final double[] projectedWeights;
        private final double[] singularValues;
        private final VectorArray integrands;
        private final double[] exact;
        private final Options o;
        private final boolean[] selected;
        private final boolean[] rejected;
        private double basisTolerance;
        /** The basis vectors in use, the first r of U. */
        private int r;

        private double[] rhs;
        private double[] columnNorms;
        private int[] points = new int[0];
        private double[] weights = new double[0];
        private double[] residual;

        Greedy(VectorArray integrands, double[] fullWeights, double[] exact, Options o) {
            this.integrands = integrands;
            this.exact = exact;
            this.o = o;
            TruncatedSvd rowSpace = Pod.compute(integrands, null, Pod.Options.tolerance(0.0));
            basis = rowSpace.modes(); // U, n x numerical rank
            projectedWeights = basis.inner(VectorArray.of(fullWeights)).data(); // U^T w
            singularValues = rowSpace.singularValues();
            selected = new boolean[basis.dim()];
            rejected = new boolean[basis.dim()];
            basisTolerance = o.basisTolerance();
            int first = TruncatedSvd.Truncation.relativeError(basisTolerance).modeCount(singularValues);
            useBasis(Math.min(basis.count(), Math.max(1, first)));
        }

        /** {@code U_r^T} at these points, r x |points|. */
        private DenseMatrix system(int[] at) {
            int n = basis.dim();
            double[] u = basis.data();
            DenseMatrix m = DenseMatrix.zeros(r, at.length);
            for (int j = 0; j < at.length; j++) {
                for (int k = 0; k < r; k++) {
                    m.set(k, j, u[k * n + at[j]]);
                }
            }
            return m;
        }

        /** Uses the first r basis vectors: {@code U_r^T x = U_r^T w}. */
        private void useBasis(int count) {
            r = count;
            int n = basis.dim();
            double[] u = basis.data();
            rhs = Arrays.copyOf(projectedWeights, r);
            columnNorms = new double[n];
            for (int k = 0; k < r; k++) {
                for (int j = 0; j < n; j++) {
                    columnNorms[j] += u[k * n + j] * u[k * n + j];
                }
            }
            for (int j = 0; j < n; j++) {
                columnNorms[j] = Math.sqrt(columnNorms[j]);
            }
            residual = NonnegativeLeastSquares.residual(system(points), weights, rhs);
            Arrays.fill(rejected, false); // the residual changed: every point may be tried again
        }

        /** Enlarges the basis to the next truncation that adds vectors; false if it is complete. */
        private boolean enlargeBasis() {
            if (r >= basis.count()) {
                return false;
            }
            int next = r;
            while (next <= r && basisTolerance > 0) {
                basisTolerance /= 10;
                next = TruncatedSvd.Truncation.relativeError(basisTolerance).modeCount(singularValues);
            }
            useBasis(Math.min(basis.count(), Math.max(r + 1, next)));
            return true;
        }

        Rule run() {
            double exactNorm = VectorArray.euclideanNorm(exact, 0, exact.length);
            double error = 1.0;
            int iterations = 0;
            StopReason reason;
            while (true) {
                if (error <= o.tolerance()) {
                    reason = StopReason.TOLERANCE_REACHED;
                    break;
                }
                if (points.length >= o.maxPoints()) {
                    reason = StopReason.POINT_LIMIT;
                    break;
                }
                if (iterations >= o.maxIterations()) {
                    reason = StopReason.ITERATION_LIMIT;
                    break;
                }
                if (points.length >= r && !enlargeBasis()) {
                    reason = StopReason.RANK_REACHED;
                    break;
                }
                int best = mostCorrelatedPoint();
                if (best < 0) {
                    if (enlargeBasis()) {
                        continue;
                    }
                    reason = StopReason.NO_POSITIVE_CORRELATION;
                    break;
                }
                iterations++;
                int[] candidates = Arrays.copyOf(points, points.length + 1);
                candidates[points.length] = best;
                double[] w;
                if (o.algorithm() == Algorithm.NONNEGATIVE_OMP) {
                    DenseMatrix columns = system(candidates);
                    boolean[] support = new boolean[candidates.length];
                    Arrays.fill(support, true); // the previous rule's points and the new one: a warm start
                    w = NonnegativeLeastSquares.solve(
                                    columns,
                                    rhs,
                                    NonnegativeLeastSquares.Options.defaults(columns.rows(), columns.cols()),
                                    support)
                            .x();
                } else {
                    w = positiveLeastSquares(candidates);
                }
                int kept = 0;
                for (int k = 0; k < candidates.length; k++) {
                    if (w[k] > 0) {
                        candidates[kept] = candidates[k];
                        w[kept++] = w[k];
                    }
                }
                int[] next = Arrays.copyOf(candidates, kept);
                if (Arrays.equals(next, points)) {
                    // The new point was dropped at once: it would be picked again. Skip it until the
                    // rule changes.
                    rejected[best] = true;
                    continue;
                }
                Arrays.fill(rejected, false);
                Arrays.fill(selected, false);
                for (int p : next) {
                    selected[p] = true;
                }
                points = next;
                weights = Arrays.copyOf(w, kept);
                residual = NonnegativeLeastSquares.residual(system(points), weights, rhs);
                error = integrationError() / exactNorm;
            }
            return new Rule(points, weights, error, iterations, reason);
        }

        /** {@code ||G_S w_hat - b||}, on G itself. */
        private double integrationError() {
            int n = integrands.dim();
            double[] g = integrands.data();
            double sum = 0;
            for (int i = 0; i < exact.length; i++) {
                double y = -exact[i];
                for (int k = 0; k < points.length; k++) {
                    y += weights[k] * g[i * n + points[k]];
                }
                sum += y * y;
            }
            return Math.sqrt(sum);
        }

        /** The point not kept whose normalized column is most positively correlated with the residual, or -1. */
        private int mostCorrelatedPoint() {
            double[] correlation =
                    VectorArray.wrap(basis.dim(), r, basis.data()).lincomb(residual);
            int best = -1;
            double bestScore = 0;
            for (int j = 0; j < correlation.length; j++) {
                if (!selected[j] && !rejected[j] && columnNorms[j] > 0) {
                    double score = correlation[j] / columnNorms[j];
                    if (score > bestScore) {
                        best = j;
                        bestScore = score;
                    }
                }
            }
            return best;
        }

        /**
         * Least-squares weights {@code min ||U_S^T x - rhs||} on the candidate points, re-solved
         * without the points whose weight is not positive until all are (Hernandez et al.'s repair);
         * zero for the points dropped.
         */
        private double[] positiveLeastSquares(int[] candidates) {
            double[] result = new double[candidates.length];
            int[] active = candidates.clone();
            int[] position = new int[candidates.length];
            for (int k = 0; k < position.length; k++) {
                position[k] = k;
            }
            while (active.length > 0) {
                double[] x = system(active).qr().solveLeastSquares(rhs);
                int kept = 0;
                for (int k = 0; k < active.length; k++) {
                    if (x[k] > 0) {
                        active[kept] = active[k];
                        position[kept++] = position[k];
                    }
                }
                if (kept == active.length) {
                    for (int k = 0; k < kept; k++) {
                        result[position[k]] = x[k];
                    }
                    break;
                }
                active = Arrays.copyOf(active, kept);
            }
            return result;
        }
    }
}

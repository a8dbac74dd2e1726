package org.jrom.algorithms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.LinearMap;
import org.jrom.linalg.NotPositiveDefiniteException;
import org.jrom.linalg.Parallel;
import org.jrom.linalg.PencilEigen;
import org.jrom.linalg.SparseCholesky;
import org.jrom.models.CoercivityBound;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.operators.Operator;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;

/**
 * The successive constraint method (Huynh, Rozza, Sen, Patera 2007, C. R. Math. 345; Rozza, Huynh,
 * Patera 2008, sec. 6) for the coercivity constant {@code alpha(mu) = min_v sum_q theta_q(mu) v^T
 * A_q v / v^T X v} of an affine symmetric operator. With {@code y_q(v) = v^T A_q v / v^T X v},
 * {@code alpha(mu) = min_{y in Y} theta(mu)^T y} over the set Y of all such vectors, which SCM
 * encloses:
 *
 * <ul>
 *   <li>lower bound: the linear program {@code min theta(mu)^T y} over the box {@code B = prod_q
 *       [sigma_q^-, sigma_q^+]} of the terms' Rayleigh-quotient ranges, subject to {@code
 *       theta(mu_k)^T y >= alpha(mu_k)} for the {@code M_alpha} selected parameters {@code mu_k}
 *       nearest to mu (distance in parameter coordinates scaled by the parameter space's ranges);
 *   <li>upper bound: {@code min_k theta(mu)^T y(v_k)} over the eigenvectors {@code v_k} of the
 *       selected parameters.
 * </ul>
 *
 * Offline, a greedy over a training set adds the parameter with the largest relative gap {@code
 * (alpha_UB - alpha_LB) / alpha_UB} until it is below a tolerance. The lower bound is rigorous: the
 * box ends and the {@code alpha(mu_k)} are certified by Cholesky factorizations of {@code A - s X}
 * (Sylvester's law of inertia, see {@link PencilEigen}) a relative {@value #SAFETY_MARGIN} outside
 * the Lanczos estimates, and the LP's value is taken from its multipliers by weak duality ({@link
 * LinearProgram#dualBound}), so round-off in the simplex can only lower it. The {@code M_+}
 * positivity constraints of the original paper are not used.
 *
 * <p>Immutable; {@link #lowerBound} and {@link #upperBound} may be called from many threads.
 */
public final class ScmBound implements CoercivityBound {
    static final String KIND = "scm";

    /**
     * Relative distance between the Lanczos estimates and the certified values: box ends are moved
     * out by this times the term's spectral radius, {@code alpha(mu_k)} down by this times itself.
     */
    public static final double SAFETY_MARGIN = 1e-6;

    /**
     * Settings of the SCM greedy.
     *
     * @param tolerance stop when the largest relative gap {@code (alpha_UB - alpha_LB) / alpha_UB}
     *     over the training set is at most this (0.75 in the paper; smaller is sharper)
     * @param maxPoints the most parameters to select
     * @param mAlpha the number of selected parameters nearest to mu whose constraints enter the
     *     lower-bound LP ({@link Integer#MAX_VALUE}: all of them)
     * @param seed seed of the Lanczos starting vectors
     */
    public record Options(double tolerance, int maxPoints, int mAlpha, long seed) {
        public Options {
            if (!(tolerance >= 0) || maxPoints < 1 || mAlpha < 1) {
                throw new JromException("SCM needs tolerance >= 0, maxPoints >= 1 and mAlpha >= 1, found " + tolerance
                        + ", " + maxPoints + ", " + mAlpha);
            }
        }

        /** Tolerance 0.5, at most 50 points, every selected point in the LP, seed 1. */
        public static Options defaults() {
            return new Options(0.5, 50, Integer.MAX_VALUE, 1);
        }
    }

    private final ParameterFunctional[] thetas;
    private final double[] boxLower;
    private final double[] boxUpper;
    private final double[][] points; // selected parameters, flattened
    private final double[][] pointThetas; // theta(mu_k)
    private final double[] alphas; // certified lower bounds of alpha(mu_k)
    private final double[][] ys; // y(v_k)
    private final double[] parameterScale; // 1 / range of each flattened component
    private final int mAlpha;
    private final double[] greedyMaxGaps;
    private final String stopReason;

    private ScmBound(
            ParameterFunctional[] thetas,
            double[] boxLower,
            double[] boxUpper,
            double[][] points,
            double[][] pointThetas,
            double[] alphas,
            double[][] ys,
            double[] parameterScale,
            int mAlpha,
            double[] greedyMaxGaps,
            String stopReason) {
        this.thetas = thetas;
        this.boxLower = boxLower;
        this.boxUpper = boxUpper;
        this.points = points;
        this.pointThetas = pointThetas;
        this.alphas = alphas;
        this.ys = ys;
        this.parameterScale = parameterScale;
        this.mAlpha = mAlpha;
        this.greedyMaxGaps = greedyMaxGaps;
        this.stopReason = stopReason;
    }

    /**
     * Runs the SCM offline stage: the bounding box, then the greedy over {@code training}, starting
     * from its first parameter.
     *
     * @param a the affine operator; its terms must be matrices (symmetric, or their symmetric part
     *     is used)
     * @param product the inner product X (an SPD matrix)
     * @param space the parameter space, whose ranges scale the nearest-neighbour distance
     */
    public static ScmBound build(
            LincombOperator a,
            MatrixOperator product,
            ParameterSpace space,
            List<Parameter> training,
            Options options,
            ProgressListener progress) {
        if (training.isEmpty()) {
            throw new JromException("SCM needs a non-empty training set");
        }
        ParameterFunctional[] thetas = a.coefficients().toArray(ParameterFunctional[]::new);
        int nq = thetas.length;
        CsrMatrix x = sparse(product.matrix(), "the inner product");
        CsrMatrix[] terms = new CsrMatrix[nq];
        for (int q = 0; q < nq; q++) {
            Operator t = a.terms().get(q);
            if (t.isParametric()) {
                throw new JromException("SCM needs parameter-independent affine terms; term " + q + " depends on mu");
            }
            CsrMatrix m = sparse(t.assemble(null).matrix(), "affine term " + q);
            // v^T A v only sees the symmetric part.
            terms[q] = m.symmetricPart();
        }
        SparseCholesky xFactor;
        try {
            xFactor = SparseCholesky.factor(x);
        } catch (NotPositiveDefiniteException e) {
            throw new JromException("SCM needs a symmetric positive definite inner product X: " + e.getMessage());
        }
        double[] scale = new double[space.type().dimension()];
        for (int i = 0; i < scale.length; i++) {
            double range = space.upper(i) - space.lower(i);
            scale[i] = range > 0 ? 1 / range : 1.0;
        }
        PencilEigen.Options eigen = new PencilEigen.Options(300, 1e-10, options.seed());
        progress.start("successive constraint method", options.maxPoints());
        try {
            // The box: Lanczos estimates of each term's extreme Rayleigh quotients, certified outward.
            double[] lower = new double[nq];
            double[] upper = new double[nq];
            for (int q = 0; q < nq; q++) {
                PencilEigen.Ritz ritz = PencilEigen.extremes(terms[q], x, xFactor, eigen);
                double radius = Math.max(Math.abs(ritz.smallest()), Math.abs(ritz.largest()));
                double margin = SAFETY_MARGIN * (radius > 0 ? radius : 1.0);
                lower[q] = PencilEigen.certifiedLowerBound(terms[q], x, ritz.smallest(), margin);
                upper[q] = PencilEigen.certifiedUpperBound(terms[q], x, ritz.largest(), margin);
            }
            List<double[]> points = new ArrayList<>();
            List<double[]> pointThetas = new ArrayList<>();
            List<Double> alphas = new ArrayList<>();
            List<double[]> ys = new ArrayList<>();
            List<Double> gaps = new ArrayList<>();
            boolean[] chosen = new boolean[training.size()];
            int next = 0;
            String reason;
            ScmBound last;
            while (true) {
                Parameter mu = training.get(next);
                chosen[next] = true;
                double[] theta = evaluate(thetas, mu);
                CsrMatrix amu = CsrMatrix.linearCombination(theta, terms);
                PencilEigen.Eigenpair pair;
                try {
                    pair = PencilEigen.smallest(amu, x, eigen);
                } catch (NotPositiveDefiniteException e) {
                    throw new JromException("A(mu) is not positive definite at mu = " + mu
                            + ", so the problem is not coercive there: " + e.getMessage());
                }
                double[] v = pair.vector();
                double vxv = dot(v, x.apply(v));
                double[] y = new double[nq];
                for (int q = 0; q < nq; q++) {
                    y[q] = dot(v, terms[q].apply(v)) / vxv;
                }
                points.add(mu.toArray());
                pointThetas.add(theta);
                alphas.add(PencilEigen.certifiedLowerBound(amu, x, pair.value(), SAFETY_MARGIN * pair.value()));
                ys.add(y);
                ScmBound bound = new ScmBound(
                        thetas,
                        lower,
                        upper,
                        points.toArray(double[][]::new),
                        pointThetas.toArray(double[][]::new),
                        alphas.stream().mapToDouble(Double::doubleValue).toArray(),
                        ys.toArray(double[][]::new),
                        scale,
                        options.mAlpha(),
                        new double[0],
                        "");
                last = bound;
                double[] gap = new double[training.size()];
                Parallel.forRange(training.size(), 4 * Parallel.threads(), (from, to) -> {
                    for (int i = from; i < to; i++) {
                        Parameter p = training.get(i);
                        double ub = bound.upperBound(p);
                        gap[i] = (ub - bound.rawLowerBound(p)) / ub;
                    }
                });
                int arg = WeakGreedy.indexOfLargest(gap);
                gaps.add(gap[arg]);
                progress.progress(points.size(), String.format("K=%d max relative gap %.3e", points.size(), gap[arg]));
                if (gap[arg] <= options.tolerance()) {
                    reason = "relative gap " + gap[arg] + " <= tolerance " + options.tolerance();
                    break;
                }
                if (points.size() >= options.maxPoints()) {
                    reason = "maximum of " + options.maxPoints() + " points reached (relative gap " + gap[arg] + ")";
                    break;
                }
                if (chosen[arg]) {
                    reason = "the largest gap " + gap[arg] + " is at a selected parameter (round-off level)";
                    break;
                }
                next = arg;
            }
            // The last bound of the loop, with the greedy's history.
            return new ScmBound(
                    last.thetas,
                    last.boxLower,
                    last.boxUpper,
                    last.points,
                    last.pointThetas,
                    last.alphas,
                    last.ys,
                    last.parameterScale,
                    last.mAlpha,
                    gaps.stream().mapToDouble(Double::doubleValue).toArray(),
                    reason);
        } finally {
            progress.finish();
        }
    }

    static ScmBound fromArrays(Map<String, DenseMatrix> arrays, List<ParameterFunctional> thetas) {
        int nq = thetas.size();
        DenseMatrix lo = CoercivityBound.require(arrays, KIND, "box_lower");
        DenseMatrix hi = CoercivityBound.require(arrays, KIND, "box_upper");
        DenseMatrix pts = CoercivityBound.require(arrays, KIND, "points");
        DenseMatrix th = CoercivityBound.require(arrays, KIND, "point_thetas");
        DenseMatrix al = CoercivityBound.require(arrays, KIND, "alpha");
        DenseMatrix y = CoercivityBound.require(arrays, KIND, "y");
        DenseMatrix sc = CoercivityBound.require(arrays, KIND, "parameter_scale");
        DenseMatrix ma = CoercivityBound.require(arrays, KIND, "m_alpha");
        int k = pts.rows();
        requireShape("box_lower", lo, nq, 1);
        requireShape("box_upper", hi, nq, 1);
        requireShape("point_thetas", th, k, nq);
        requireShape("alpha", al, k, 1);
        requireShape("y", y, k, nq);
        requireShape("parameter_scale", sc, pts.cols(), 1);
        requireShape("m_alpha", ma, 1, 1);
        if (k < 1) {
            throw new JromException("scm bound has no selected parameters");
        }
        return new ScmBound(
                thetas.toArray(ParameterFunctional[]::new),
                lo.column(0),
                hi.column(0),
                rows(pts),
                rows(th),
                al.column(0),
                rows(y),
                sc.column(0),
                (int) ma.get(0, 0),
                new double[0],
                "rebuilt from arrays");
    }

    private static void requireShape(String name, DenseMatrix m, int rows, int cols) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new JromException("scm bound array '" + name + "' must be " + rows + "x" + cols + ", found "
                    + m.rows() + "x" + m.cols());
        }
    }

    private static double[][] rows(DenseMatrix m) {
        double[][] r = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                r[i][j] = m.get(i, j);
            }
        }
        return r;
    }

    private static CsrMatrix sparse(LinearMap m, String what) {
        if (m instanceof CsrMatrix c) {
            return c;
        }
        if (m instanceof DenseMatrix d) {
            return CsrMatrix.fromDense(d);
        }
        throw new JromException("SCM needs " + what + " as a sparse or dense matrix, found "
                + m.getClass().getSimpleName());
    }

    private static double[] evaluate(ParameterFunctional[] thetas, Parameter mu) {
        double[] t = new double[thetas.length];
        for (int q = 0; q < t.length; q++) {
            t[q] = thetas[q].evaluate(mu);
        }
        return t;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    /**
     * {@code alpha_LB(mu) > 0}.
     *
     * @throws JromException if the LP bound is not positive at mu (the sample does not cover it)
     */
    @Override
    public double lowerBound(Parameter mu) {
        double lb = rawLowerBound(mu);
        if (!(lb > 0)) {
            throw new JromException("the SCM coercivity lower bound at " + mu + " is " + lb
                    + ", not positive: its " + points.length + " points do not cover this parameter; rebuild"
                    + " with a training set that covers it, a smaller tolerance or more points");
        }
        return lb;
    }

    /** The LP lower bound at mu, which may be zero or negative where the sample is too coarse. */
    double rawLowerBound(Parameter mu) {
        double[] theta = evaluate(thetas, mu);
        int[] rows = nearest(mu.toArray());
        DenseMatrix g = DenseMatrix.zeros(rows.length, theta.length);
        double[] h = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int q = 0; q < theta.length; q++) {
                g.set(i, q, pointThetas[rows[i]][q]);
            }
            h[i] = alphas[rows[i]];
        }
        LinearProgram lp = LinearProgram.minimize(theta, g, h, boxLower, boxUpper);
        return lp.dualBound(lp.solve().multipliers());
    }

    /** {@code alpha_UB(mu) = min_k theta(mu)^T y(v_k) >= alpha(mu)}: Rayleigh quotients of the stored eigenvectors. */
    public double upperBound(Parameter mu) {
        double[] theta = evaluate(thetas, mu);
        double ub = Double.POSITIVE_INFINITY;
        for (double[] y : ys) {
            ub = Math.min(ub, dot(theta, y));
        }
        return ub;
    }

    /** Indices of the {@code M_alpha} selected parameters nearest to mu, all of them in order if there are no more. */
    private int[] nearest(double[] mu) {
        int k = points.length;
        if (k <= mAlpha) {
            return IntStream.range(0, k).toArray();
        }
        if (mu.length != parameterScale.length) {
            throw new JromException("SCM bound built for " + parameterScale.length + "-component parameters was given "
                    + mu.length + " components");
        }
        double[] d = new double[k];
        for (int i = 0; i < k; i++) {
            double s = 0;
            for (int j = 0; j < mu.length; j++) {
                double t = (mu[j] - points[i][j]) * parameterScale[j];
                s += t * t;
            }
            d[i] = s;
        }
        return IntStream.range(0, k)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> d[i]).thenComparingInt(i -> i))
                .limit(mAlpha)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** Number of selected parameters. */
    public int size() {
        return points.length;
    }

    /** The largest relative gap over the training set after each greedy step (empty when rebuilt from arrays). */
    public double[] greedyMaxGaps() {
        return greedyMaxGaps.clone();
    }

    /** Why the greedy stopped. */
    public String stopReason() {
        return stopReason;
    }

    @Override
    public String describe() {
        return "scm with " + points.length + " points (M_alpha = "
                + (mAlpha == Integer.MAX_VALUE ? "all" : Integer.toString(mAlpha)) + ")";
    }

    @Override
    public ScmBound withCoefficients(List<ParameterFunctional> thetas) {
        return fromArrays(arrays(), thetas);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, DenseMatrix> arrays() {
        Map<String, DenseMatrix> m = new LinkedHashMap<>();
        m.put("box_lower", DenseMatrix.wrap(boxLower.length, 1, boxLower.clone()));
        m.put("box_upper", DenseMatrix.wrap(boxUpper.length, 1, boxUpper.clone()));
        m.put("points", DenseMatrix.ofRows(points));
        m.put("point_thetas", DenseMatrix.ofRows(pointThetas));
        m.put("alpha", DenseMatrix.wrap(alphas.length, 1, alphas.clone()));
        m.put("y", DenseMatrix.ofRows(ys));
        m.put("parameter_scale", DenseMatrix.wrap(parameterScale.length, 1, parameterScale.clone()));
        m.put("m_alpha", DenseMatrix.ofRows(new double[] {mAlpha}));
        return m;
    }

    @Override
    public String toString() {
        return describe() + " box " + Arrays.toString(boxLower) + " .. " + Arrays.toString(boxUpper);
    }
}

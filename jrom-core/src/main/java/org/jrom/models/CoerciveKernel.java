package org.jrom.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jrom.linalg.CholeskyDecomposition;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.LuDecomposition;
import org.jrom.linalg.RoundOff;
import org.jrom.linalg.VectorArray;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;

/**
 * The online kernel a {@link ReducedModel} compiles into: the reduced operator terms packed for a
 * Cholesky factorization in place, a per-thread workspace, the residual evaluation and the
 * round-off floor (docs/estimators.md), so that a query allocates nothing proportional to the
 * high-fidelity size and as little as possible at all (like a prepared geometry in JTS). Parameters
 * reach it checked; it is immutable and shared between threads.
 */
final class CoerciveKernel {
    /** Parameters per block of {@link #solveBatch}: the residual norms of a block are one matrix product. */
    static final int BLOCK = 64;

    private final List<ParameterFunctional> operatorCoefficients;
    private final List<DenseMatrix> operatorTerms;
    private final List<ParameterFunctional> rhsCoefficients;
    private final List<double[]> rhsTerms;
    private final ReducedModel.ResidualEvaluator residual;
    private final CoercivityBound coercivity;
    private final double truthAccuracy;
    private final double complianceAccuracy; // NaN: not measured
    private final int n;
    private final boolean symmetric; // every reduced operator term symmetric to round-off
    private final double[][] packedTerms; // symmetric: [term][lower triangle packed by columns]
    private final ThreadLocal<Workspace> workspace; // the scratch of one query, per thread
    private final ReducedModel.ReducedOutput[] outputArray; // the outputs in the model's order
    private final String[] outputNameArray;
    private final double[] crossNorms; // ||H||_F of each primal-dual output, 0 for the others
    private final double[] operatorNorms; // ||A_q,N||_F, for the floor of a compliant output
    private final double[] rhsNorms; // ||f_p,N||_2, likewise
    private final boolean compliantOutputs; // any: then each query bounds its reduced solve's defect

    /** Compiles a reduced model's data (checked by the model) into the kernel. */
    CoerciveKernel(
            List<ParameterFunctional> operatorCoefficients,
            List<DenseMatrix> operatorTerms,
            List<ParameterFunctional> rhsCoefficients,
            List<double[]> rhsTerms,
            Map<String, ReducedModel.ReducedOutput> outputs,
            ReducedModel.ResidualEvaluator residual,
            CoercivityBound coercivity,
            double truthAccuracy,
            double complianceAccuracy) {
        this.operatorCoefficients = operatorCoefficients;
        this.operatorTerms = operatorTerms;
        this.rhsCoefficients = rhsCoefficients;
        this.rhsTerms = rhsTerms;
        this.residual = residual;
        this.coercivity = coercivity;
        this.truthAccuracy = truthAccuracy;
        this.complianceAccuracy = complianceAccuracy;
        this.n = operatorTerms.get(0).rows();
        this.symmetric = operatorTerms.stream().allMatch(CoerciveKernel::isSymmetric);
        this.packedTerms = symmetric
                ? operatorTerms.stream().map(CoerciveKernel::packedLower).toArray(double[][]::new)
                : null;
        int terms = rhsTerms.size() + operatorTerms.size() * n;
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(symmetric ? n : 0, terms));
        this.outputArray = outputs.values().toArray(ReducedModel.ReducedOutput[]::new);
        this.outputNameArray = outputs.keySet().toArray(String[]::new);
        this.crossNorms = new double[outputArray.length];
        for (int o = 0; o < outputArray.length; o++) {
            crossNorms[o] = outputArray[o].dual() == null
                    ? 0
                    : frobenius(outputArray[o].dual().cross().data());
        }
        this.operatorNorms =
                operatorTerms.stream().mapToDouble(a -> frobenius(a.data())).toArray();
        this.rhsNorms = rhsTerms.stream().mapToDouble(CoerciveKernel::frobenius).toArray();
        this.compliantOutputs = outputs.values().stream().anyMatch(ReducedModel.ReducedOutput::compliant);
    }

    /** The residual coefficients at mu (see {@link ReducedModel#residualCoefficients}). */
    double[] residualCoefficients(Parameter mu) {
        double[] gamma = new double[rhsTerms.size() + operatorTerms.size() * n];
        solveInto(mu, gamma, new double[1]);
        return gamma;
    }

    /**
     * Scratch of one query, one per thread, reused from query to query. For a symmetric model
     * {@code A_N(mu)} is summed on the packed lower triangle, then copied into one array per column,
     * on which the Cholesky factorization runs in place (separate arrays, so that its inner loops
     * vectorize): allocating the n x n columns afresh took longer than summing the terms (measured
     * 1.7 us against 1.0 us at N = 50, Q = 9). The residual coefficients of a single query live here
     * too (a batch keeps its own).
     */
    private static final class Workspace {
        final double[] packed;
        final double[][] columns;
        final double[] gamma;
        final double[] defect = new double[1];

        Workspace(int n, int terms) {
            packed = new double[n * (n + 1) / 2];
            columns = new double[n][n];
            gamma = new double[terms];
        }
    }

    /** The lower triangle of a column-major square matrix, packed by columns (rows i >= j of column j). */
    private static double[] packedLower(DenseMatrix a) {
        int m = a.rows();
        double[] d = a.data();
        double[] packed = new double[m * (m + 1) / 2];
        for (int j = 0, at = 0; j < m; at += m - j, j++) {
            System.arraycopy(d, j + j * m, packed, at, m - j);
        }
        return packed;
    }

    /** Symmetric up to the round-off of the projection {@code V^T A_q V}. */
    private static boolean isSymmetric(DenseMatrix a) {
        int m = a.rows();
        double[] d = a.data();
        double max = 0;
        for (double v : d) {
            max = Math.max(max, Math.abs(v));
        }
        double tol = 1e-12 * max;
        for (int j = 0; j < m; j++) {
            for (int i = j + 1; i < m; i++) {
                if (Math.abs(d[i + j * m] - d[j + i * m]) > tol) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double frobenius(double[] a) {
        return VectorArray.euclideanNorm(a, 0, a.length);
    }

    ReducedSolution solve(Parameter mu) {
        Workspace w = workspace.get();
        double[] gamma = w.gamma; // overwritten by solveInto, read before this returns
        double[] u = solveInto(mu, gamma, w.defect);
        double computed = residual.norm(gamma);
        double rnorm = residual.upperBound(computed, gamma, 0);
        double alpha = coercivity.lowerBound(mu);
        double exact = rnorm / alpha;
        double reducedNorm = VectorArray.euclideanNorm(u, 0, n);
        double bound = againstTruth(exact, reducedNorm);
        NonFiniteAnswerException.requireFinite(mu, "the error bound", bound);
        Map<String, Double> s = new LinkedHashMap<>();
        Map<String, Double> sBound = new LinkedHashMap<>();
        for (int o = 0; o < outputArray.length; o++) {
            ReducedModel.ReducedOutput out = outputArray[o];
            String name = outputNameArray[o];
            ReducedSolution dual =
                    out.dual() != null ? out.dual().dual().kernel().solve(mu) : null;
            double value = outputValue(out, u, gamma, dual);
            double error = outputBound(out, rnorm, dual == null ? 0 : dual.residualNorm(), alpha)
                    + outputRoundOff(o, u, gamma, dual, w.defect[0])
                    + truthTerm(out, bound, exact, reducedNorm);
            NonFiniteAnswerException.requireFiniteOutput(mu, name, value, error, true);
            s.put(name, value);
            sBound.put(name, error);
        }
        return new ReducedSolution(u, rnorm, alpha, bound, s, sBound, bound - computed / alpha);
    }

    /**
     * The bound against the high-fidelity solution as computed, from the bound against the exact
     * discrete solution: a computed solution is within {@code eps_h ||u_h||_X} of the exact one, with
     * {@code eps_h} the measured {@link Certificate#truthAccuracy()}, so {@code ||u_h - V u_N||_X <=
     * (exact + eps_h ||u_N||) / (1 - eps_h)} (docs/estimators.md).
     */
    private double againstTruth(double exact, double reducedNorm) {
        double eps = truthAccuracy;
        return eps == 0 ? exact : (exact + eps * reducedNorm) / (1 - eps);
    }

    /**
     * How far an output of a computed high-fidelity solution can be from the exact one: {@code
     * ||l||_{X'} (Delta - Delta_0)}, the state's measured accuracy carried to the output; for a
     * compliant output at most {@code eta_c (||u_N|| + Delta)^2} as well, with {@code eta_c} the
     * measured {@link Certificate#complianceAccuracy()} (docs/estimators.md).
     */
    private double truthTerm(ReducedModel.ReducedOutput out, double bound, double exact, double reducedNorm) {
        double viaState = out.dualNorm() * (bound - exact);
        if (!out.compliant() || Double.isNaN(complianceAccuracy)) {
            return viaState;
        }
        double u = reducedNorm + bound;
        return Math.min(viaState, complianceAccuracy * u * u);
    }

    /**
     * The round-off of one output beyond its residual bound: the evaluation {@code l^T u_N} (and the
     * primal-dual correction), and for a compliant output the defect of the reduced solve, which the
     * identity {@code s - s_N = ||e||_A^2} assumes to be zero (docs/estimators.md).
     */
    private double outputRoundOff(int o, double[] u, double[] gamma, ReducedSolution dual, double defect) {
        ReducedModel.ReducedOutput out = outputArray[o];
        double[] l = out.functional();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(l[i] * u[i]);
        }
        double r = RoundOff.gamma(n + 1) * sum;
        if (dual != null) {
            double psi = VectorArray.euclideanNorm(dual.coefficients(), 0, dual.coefficients().length);
            double g = VectorArray.euclideanNorm(gamma, 0, gamma.length);
            r += RoundOff.gamma(dual.coefficients().length + gamma.length + 1) * psi * crossNorms[o] * g;
        }
        return out.compliant() ? r + defect : r;
    }

    /** {@code l^T u_N}, corrected by the primal residual at the dual solution for a primal-dual output. */
    private static double outputValue(ReducedModel.ReducedOutput o, double[] u, double[] gamma, ReducedSolution dual) {
        double v = 0;
        for (int i = 0; i < u.length; i++) {
            v += o.functional()[i] * u[i];
        }
        return dual == null ? v : v - correction(o.dual(), dual.coefficients(), gamma);
    }

    /**
     * The output bound: primal-dual {@code ||r|| ||r_dual|| / alpha_LB}; compliant {@code |s - s_N| =
     * ||e||_A^2 <= ||r||^2 / alpha_LB}; otherwise {@code ||l||_{X'} ||e||_X <= ||l||_{X'} ||r|| /
     * alpha_LB}.
     */
    private static double outputBound(ReducedModel.ReducedOutput o, double rnorm, double dualRnorm, double alpha) {
        if (o.dual() != null) {
            return rnorm * dualRnorm / alpha;
        }
        return o.compliant() ? rnorm * rnorm / alpha : o.dualNorm() * (rnorm / alpha);
    }

    /** The primal residual at the dual solution, {@code psi^T H gamma}. */
    private static double correction(ReducedModel.DualCorrection c, double[] psi, double[] gamma) {
        double[] h = c.cross().data();
        int m = psi.length;
        double sum = 0;
        for (int k = 0; k < gamma.length; k++) {
            double g = gamma[k];
            if (g != 0) {
                double dot = 0;
                int col = k * m;
                for (int i = 0; i < m; i++) {
                    dot += h[col + i] * psi[i];
                }
                sum += dot * g;
            }
        }
        return sum;
    }

    /**
     * The certified answers at many parameters, the same numbers as {@link #solve} to round-off, for
     * throughput (batch queries, Monte Carlo): blocks of parameters run in parallel, and within a
     * block the residual norms are one BLAS-3 product where the evaluation has one (ORTHONORMAL).
     * Keeps no reduced coefficients: memory is a few numbers per parameter.
     */
    ReducedModel.BatchSolution solveBatch(List<Parameter> mus) {
        int count = mus.size();
        int d = rhsTerms.size() + operatorTerms.size() * n;
        int outs = outputArray.length;
        double[][] s = new double[outs][count];
        double[][] sBound = new double[outs][count];
        double[] bounds = new double[count];
        double[] rnorms = new double[count];
        int blocks = (count + BLOCK - 1) / BLOCK;
        // the first non-finite answer in the order of mus, whichever block meets it first
        AtomicReference<NonFiniteAnswerException> failure = new AtomicReference<>();
        java.util.stream.IntStream.range(0, blocks).parallel().forEach(b -> {
            int from = b * BLOCK;
            int size = Math.min(BLOCK, count - from);
            double[] gammas = new double[d * size];
            double[] gamma = new double[d];
            double[] defect = new double[1];
            double[] alpha = new double[size];
            double[] reducedNorms = new double[size];
            double[][] dualNorms = new double[outs][size];
            double[][] roundOff = new double[outs][size];
            boolean[] failed = new boolean[size];
            for (int j = 0; j < size; j++) {
                Parameter mu = mus.get(from + j);
                try {
                    double[] u = solveInto(mu, gamma, defect);
                    System.arraycopy(gamma, 0, gammas, j * d, d);
                    alpha[j] = coercivity.lowerBound(mu);
                    reducedNorms[j] = VectorArray.euclideanNorm(u, 0, n);
                    for (int o = 0; o < outs; o++) {
                        ReducedModel.ReducedOutput out = outputArray[o];
                        ReducedSolution dual =
                                out.dual() != null ? out.dual().dual().kernel().solve(mu) : null;
                        s[o][from + j] = outputValue(out, u, gamma, dual);
                        dualNorms[o][j] = dual == null ? 0 : dual.residualNorm();
                        roundOff[o][j] = outputRoundOff(o, u, gamma, dual, defect[0]);
                    }
                } catch (NonFiniteAnswerException e) {
                    failure.accumulateAndGet(e.at(from + j), NonFiniteAnswerException::earlier);
                    failed[j] = true;
                }
            }
            double[] r = new double[size];
            residual.norms(gammas, size, r);
            for (int j = 0; j < size; j++) {
                int k = from + j;
                rnorms[k] = residual.upperBound(r[j], gammas, j * d);
                double exact = rnorms[k] / alpha[j];
                bounds[k] = againstTruth(exact, reducedNorms[j]);
                for (int o = 0; o < outs; o++) {
                    ReducedModel.ReducedOutput out = outputArray[o];
                    sBound[o][k] = outputBound(out, rnorms[k], dualNorms[o][j], alpha[j])
                            + roundOff[o][j]
                            + truthTerm(out, bounds[k], exact, reducedNorms[j]);
                }
                if (!failed[j]) {
                    try {
                        checkAnswer(mus.get(k), outputNameArray, s, sBound, bounds, k);
                    } catch (NonFiniteAnswerException e) {
                        failure.accumulateAndGet(e.at(k), NonFiniteAnswerException::earlier);
                    }
                }
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        Map<String, double[]> sm = new LinkedHashMap<>();
        Map<String, double[]> bm = new LinkedHashMap<>();
        for (int o = 0; o < outs; o++) {
            sm.put(outputNameArray[o], s[o]);
            bm.put(outputNameArray[o], sBound[o]);
        }
        return new ReducedModel.BatchSolution(sm, bm, bounds, rnorms);
    }

    /** Throws unless the k-th answer of a batch is finite, as {@link #solve} checks its own. */
    private static void checkAnswer(
            Parameter mu, String[] names, double[][] s, double[][] sBound, double[] bounds, int k) {
        NonFiniteAnswerException.requireFinite(mu, "the error bound", bounds[k]);
        for (int o = 0; o < names.length; o++) {
            NonFiniteAnswerException.requireFiniteOutput(mu, names[o], s[o][k], sBound[o][k], true);
        }
    }

    /**
     * Solves the reduced system at mu, fills gamma and returns the reduced coefficients; when the
     * model has a compliant output, {@code defect[0]} receives a bound on {@code |u_N^T (f_N - A_N
     * u_N)|}, the reduced solve's departure from Galerkin orthogonality (else 0).
     */
    private double[] solveInto(Parameter mu, double[] gamma, double[] defect) {
        int q = operatorTerms.size();
        int p = rhsTerms.size();
        double[] theta = new double[q];
        // A coefficient with a pole or outside its domain at mu: named here, rather than found as a
        // NaN solution. A few comparisons per query.
        for (int k = 0; k < q; k++) {
            ParameterFunctional c = operatorCoefficients.get(k);
            theta[k] = c.evaluate(mu);
            NonFiniteAnswerException.requireFiniteCoefficient(mu, "the operator", k, c, theta[k]);
        }
        double[] f = new double[n];
        for (int k = 0; k < p; k++) {
            ParameterFunctional c = rhsCoefficients.get(k);
            double phi = c.evaluate(mu);
            NonFiniteAnswerException.requireFiniteCoefficient(mu, "the right-hand side", k, c, phi);
            gamma[k] = phi;
            double[] t = rhsTerms.get(k);
            for (int i = 0; i < n; i++) {
                f[i] += phi * t[i];
            }
        }
        double[] u = f;
        double trace = Double.NaN; // of the matrix Cholesky factored; NaN when LU solved
        double[] lu = null; // a copy of A_N(mu) when LU solves and the defect is wanted
        // Symmetric terms: Cholesky, half the flops of LU, on the lower triangle only. It fails only
        // for an A_N(mu) that is not positive definite (a parameter outside the coercive range); LU
        // then solves it afresh.
        if (symmetric) {
            u = f.clone();
            Workspace w = workspace.get();
            double[][] lower = assembleLower(theta, w);
            if (compliantOutputs) {
                trace = packedTrace(w.packed);
            }
            if (!CholeskyDecomposition.solveInPlace(lower, u)) {
                u = f.clone();
                trace = Double.NaN;
                double[] a = assemble(theta);
                lu = compliantOutputs ? a.clone() : null;
                LuDecomposition.solveInPlace(a, n, u);
            }
        } else {
            u = f.clone();
            double[] a = assemble(theta);
            lu = compliantOutputs ? a.clone() : null;
            LuDecomposition.solveInPlace(a, n, u);
        }
        NonFiniteAnswerException.requireFinite(mu, "the reduced solution", u);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < q; k++) {
                gamma[p + i * q + k] = -theta[k] * u[i];
            }
        }
        defect[0] = compliantOutputs ? galerkinDefect(theta, gamma, u, f, trace, lu) : 0;
        return u;
    }

    /** The sum of the diagonal of a packed lower triangle. */
    private double packedTrace(double[] packed) {
        double t = 0;
        for (int j = 0, at = 0; j < n; at += n - j, j++) {
            t += packed[at];
        }
        return t;
    }

    /**
     * A bound on {@code |u^T (f_N(mu) - A_N(mu) u)|} for the computed u, with {@code A_N(mu)} and
     * {@code f_N(mu)} the exact sums of the stored terms (docs/estimators.md, "Compliant outputs"):
     * the assembly's rounding, {@code gamma_Q sum_q |theta_q| ||A_q||_F ||u||^2 + gamma_P sum_p
     * |phi_p| ||f_p|| ||u||}, plus the solve's: after Cholesky, {@code (A + E) u = f} with {@code |E|
     * <= gamma_{3N+1} |R^T| |R|} and {@code ||R||_F^2 <= trace(A) / (1 - gamma_{N+1})} (Higham 2002,
     * Theorems 10.3 and 10.4); after LU, the computed residual plus its own rounding.
     */
    private double galerkinDefect(double[] theta, double[] gamma, double[] u, double[] f, double trace, double[] a) {
        double uu = 0;
        for (double x : u) {
            uu += x * x;
        }
        double unorm = Math.sqrt(uu);
        double op = 0;
        for (int k = 0; k < theta.length; k++) {
            op += Math.abs(theta[k]) * operatorNorms[k];
        }
        double rhs = 0;
        for (int k = 0; k < rhsNorms.length; k++) {
            rhs += Math.abs(gamma[k]) * rhsNorms[k];
        }
        double assembly = RoundOff.gamma(theta.length) * op * uu + RoundOff.gamma(rhsNorms.length) * rhs * unorm;
        if (!Double.isNaN(trace)) {
            double g = RoundOff.gamma(3L * n + 1) / (1 - RoundOff.gamma(n + 1L));
            return assembly + g * Math.abs(trace) * uu * (1 + RoundOff.gamma(n + 3L));
        }
        // u^T (f - A u) as computed, and the rounding of that computation
        double computed = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            double r = f[i];
            double abs = Math.abs(f[i]);
            for (int j = 0; j < n; j++) {
                r -= a[i + j * n] * u[j];
                abs += Math.abs(a[i + j * n] * u[j]);
            }
            computed += u[i] * r;
            scale += Math.abs(u[i]) * abs;
        }
        return assembly + Math.abs(computed) + RoundOff.gamma(2L * n + 2) * scale;
    }

    /**
     * The lower triangle of {@code A_N(mu) = sum_q theta_q A_q,N} in the workspace's columns (rows
     * {@code i >= j}). The sum runs on the packed triangle, one long contiguous loop per four terms, so
     * each entry is loaded and stored once per four terms; then each column is copied out.
     */
    private double[][] assembleLower(double[] theta, Workspace w) {
        double[] a = w.packed;
        int len = a.length;
        double[] p0 = packedTerms[0];
        double t0 = theta[0];
        for (int e = 0; e < len; e++) {
            a[e] = p0[e] * t0;
        }
        int q = theta.length;
        int k = 1;
        for (; k + 4 <= q; k += 4) {
            double s0 = theta[k];
            double s1 = theta[k + 1];
            double s2 = theta[k + 2];
            double s3 = theta[k + 3];
            double[] c0 = packedTerms[k];
            double[] c1 = packedTerms[k + 1];
            double[] c2 = packedTerms[k + 2];
            double[] c3 = packedTerms[k + 3];
            for (int e = 0; e < len; e++) {
                a[e] += (c0[e] * s0 + c1[e] * s1) + (c2[e] * s2 + c3[e] * s3);
            }
        }
        for (; k < q; k++) {
            double tk = theta[k];
            double[] c = packedTerms[k];
            for (int e = 0; e < len; e++) {
                a[e] += c[e] * tk;
            }
        }
        double[][] columns = w.columns;
        for (int j = 0, at = 0; j < n; at += n - j, j++) {
            System.arraycopy(a, at, columns[j], j, n - j);
        }
        return columns;
    }

    /** {@code A_N(mu) = sum_q theta_q A_q,N}, column-major n x n. */
    private double[] assemble(double[] theta) {
        double[] ad = new double[n * n];
        for (int k = 0; k < theta.length; k++) {
            double tk = theta[k];
            double[] t = operatorTerms.get(k).data();
            for (int i = 0; i < ad.length; i++) {
                ad[i] += tk * t[i];
            }
        }
        return ad;
    }
}

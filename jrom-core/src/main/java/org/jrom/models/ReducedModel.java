package org.jrom.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jrom.algorithms.CoercivityBound;
import org.jrom.linalg.CholeskyDecomposition;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.LuDecomposition;
import org.jrom.linalg.RoundOff;
import org.jrom.linalg.VectorArray;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;

/**
 * A certified reduced model: prepared once offline, then answers {@link #solve} with work and
 * memory independent of the high-fidelity size. Immutable (like a prepared geometry in JTS).
 *
 * <p>Online, for {@code A_N(mu) = sum_q theta_q(mu) A_q,N} and {@code f_N(mu) = sum_p phi_p(mu)
 * f_p,N}: solve the N x N system, then evaluate the residual dual norm from {@code gamma(mu) =
 * (phi_1..phi_P, -theta_q u_N,i ...)} with the chosen evaluation, and divide by the coercivity
 * lower bound. Every bound carries a round-off floor: the rounding of the online evaluation, bounded
 * a priori, and the measured accuracy of the high-fidelity solutions ({@link
 * Certificate#truthAccuracy()}); docs/estimators.md derives it. What the bounds rest on is the
 * model's {@link Certificate}.
 */
public final class ReducedModel implements OnlineModel {
    /**
     * The online evaluation of the residual dual norm from the residual coefficients gamma. It is
     * fully described by its kind and its named arrays, from which it can be rebuilt (the model file
     * stores exactly these).
     */
    public interface ResidualEvaluator {
        /** {@code ||r_N(mu)||_{X'}} from {@code gamma(mu)}. */
        double norm(double[] gamma);

        /** Number of residual terms, the length of gamma. */
        int termCount();

        /**
         * An upper bound on the exact dual norm of the residual that the offline data represent at
         * {@code gammas[offset ..]}, given the norm this evaluation computed there: the computed norm
         * plus the round-off of the evaluation, from standard backward-error analysis
         * (docs/estimators.md, "The round-off floor").
         */
        double upperBound(double computed, double[] gammas, int offset);

        /** The name of the evaluation (GRAM, ORTHONORMAL, ...). */
        String kind();

        /** Its offline data by name (copies). */
        Map<String, DenseMatrix> arrays();

        /**
         * The norms of {@code count} residuals at once, {@code gammas} column-major {@code termCount
         * x count} (left as it is); evaluations with a matrix-product form override this
         * with one BLAS-3 call.
         */
        default void norms(double[] gammas, int count, double[] out) {
            int d = termCount();
            double[] g = new double[d];
            for (int j = 0; j < count; j++) {
                System.arraycopy(gammas, j * d, g, 0, d);
                out[j] = norm(g);
            }
        }
    }

    /**
     * Certified answers at many parameters (see {@link #solveBatch}).
     *
     * @param outputs the reduced outputs by name, one value per parameter
     * @param outputBounds their certified bounds
     * @param errorBounds the error bounds {@code ||u - u_N||_X <= errorBounds[k]}
     * @param residualNorms the residual dual norms
     */
    public record BatchSolution(
            Map<String, double[]> outputs,
            Map<String, double[]> outputBounds,
            double[] errorBounds,
            double[] residualNorms) {}

    /** Parameters per block of {@link #solveBatch}: the residual norms of a block are one matrix product. */
    static final int BLOCK = 64;

    /**
     * A linear output on the reduced space, with what its error bound needs.
     *
     * @param functional {@code V^T l}
     * @param compliant whether {@code l = f} for a symmetric operator: bound {@code ||r||^2 / alpha}
     * @param dualNorm {@code ||l||_{X'}}: bound {@code ||l||_{X'} Delta} when neither compliant nor
     *     primal-dual
     * @param dual the primal-dual correction, or null
     */
    public record ReducedOutput(double[] functional, boolean compliant, double dualNorm, DualCorrection dual) {
        /** An output without primal-dual correction. */
        public ReducedOutput(double[] functional, boolean compliant, double dualNorm) {
            this(functional, compliant, dualNorm, null);
        }
    }

    /**
     * The primal-dual correction of a non-compliant output {@code s = l^T u} (Pierce and Giles 2000;
     * Rozza, Huynh, Patera 2008, sec. 4.3): the reduced dual problem {@code A(mu)^T psi = -l} on its
     * own basis W, and the cross terms that evaluate the primal residual at the dual solution,
     * {@code r(W psi_N) = psi_N^T H gamma(mu)} with {@code H = W^T [f_p, A_q v_i]} in the order of
     * the residual terms. Then {@code s_N = l^T V u_N - r(W psi_N)} and {@code |s - s_N| <= ||r||_{X'}
     * ||r_dual||_{X'} / alpha_LB}.
     *
     * @param dual the reduced dual model (same coefficients and coercivity bound)
     * @param cross H, dual basis size x primal residual terms
     */
    public record DualCorrection(ReducedModel dual, DenseMatrix cross) {
        public DualCorrection {
            DimensionMismatchException.check("rows of the primal-dual cross terms", dual.dim(), cross.rows());
        }
    }

    private final ParameterSpace parameterSpace;
    private final List<ParameterFunctional> operatorCoefficients;
    private final List<DenseMatrix> operatorTerms;
    private final List<ParameterFunctional> rhsCoefficients;
    private final List<double[]> rhsTerms;
    private final Map<String, ReducedOutput> outputs;
    private final ResidualEvaluator residual;
    private final CoercivityBound coercivity;
    private final VectorArray basis; // may be null: not every model carries its basis
    private final int n;
    private final boolean symmetric; // every reduced operator term symmetric to round-off
    private final double[][] packedTerms; // symmetric: [term][lower triangle packed by columns]
    private final ThreadLocal<Workspace> workspace; // the scratch of one query, per thread
    private final Certificate certificate;
    private final ReducedOutput[] outputArray; // the outputs in the order of outputNames()
    private final String[] outputNameArray;
    private final double[] crossNorms; // ||H||_F of each primal-dual output, 0 for the others
    private final double[] operatorNorms; // ||A_q,N||_F, for the floor of a compliant output
    private final double[] rhsNorms; // ||f_p,N||_2, likewise
    private final boolean compliantOutputs; // any: then each query bounds its reduced solve's defect

    /**
     * Assembles a reduced model from its offline data, not validated yet (the reductor does this;
     * {@link #withCertificate} adds the validation).
     */
    public ReducedModel(
            ParameterSpace parameterSpace,
            List<ParameterFunctional> operatorCoefficients,
            List<DenseMatrix> operatorTerms,
            List<ParameterFunctional> rhsCoefficients,
            List<double[]> rhsTerms,
            Map<String, ReducedOutput> outputs,
            ResidualEvaluator residual,
            CoercivityBound coercivity,
            VectorArray basis) {
        this(
                parameterSpace,
                operatorCoefficients,
                operatorTerms,
                rhsCoefficients,
                rhsTerms,
                outputs,
                residual,
                coercivity,
                basis,
                Certificate.unvalidated(!coercivity.givenByModeller(), coercivity.describe()));
    }

    /** Assembles a reduced model from its offline data and its certificate (the model reader does this). */
    public ReducedModel(
            ParameterSpace parameterSpace,
            List<ParameterFunctional> operatorCoefficients,
            List<DenseMatrix> operatorTerms,
            List<ParameterFunctional> rhsCoefficients,
            List<double[]> rhsTerms,
            Map<String, ReducedOutput> outputs,
            ResidualEvaluator residual,
            CoercivityBound coercivity,
            VectorArray basis,
            Certificate certificate) {
        DimensionMismatchException.check("operator coefficients", operatorTerms.size(), operatorCoefficients.size());
        DimensionMismatchException.check("right-hand side coefficients", rhsTerms.size(), rhsCoefficients.size());
        this.n = operatorTerms.get(0).rows();
        for (DenseMatrix a : operatorTerms) {
            DimensionMismatchException.check("reduced operator rows", n, a.rows());
            DimensionMismatchException.check("reduced operator columns", n, a.cols());
        }
        for (double[] f : rhsTerms) {
            DimensionMismatchException.check("reduced right-hand side length", n, f.length);
        }
        outputs.forEach((name, o) -> {
            DimensionMismatchException.check("reduced output '" + name + "' length", n, o.functional().length);
            if (o.dual() != null) {
                DimensionMismatchException.check(
                        "columns of the primal-dual cross terms of '" + name + "'",
                        rhsTerms.size() + operatorTerms.size() * n,
                        o.dual().cross().cols());
            }
        });
        if (basis != null) {
            DimensionMismatchException.check("basis size", n, basis.count());
        }
        this.parameterSpace = parameterSpace;
        this.operatorCoefficients = List.copyOf(operatorCoefficients);
        this.operatorTerms = List.copyOf(operatorTerms);
        this.rhsCoefficients = List.copyOf(rhsCoefficients);
        this.rhsTerms = List.copyOf(rhsTerms);
        // insertion order kept: the order of outputNames(), of batch columns and Monte Carlo tables
        this.outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        this.residual = residual;
        this.coercivity = coercivity;
        this.basis = basis;
        this.symmetric = this.operatorTerms.stream().allMatch(ReducedModel::isSymmetric);
        this.packedTerms = symmetric
                ? this.operatorTerms.stream().map(ReducedModel::packedLower).toArray(double[][]::new)
                : null;
        int terms = this.rhsTerms.size() + this.operatorTerms.size() * n;
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(symmetric ? n : 0, terms));
        this.certificate = certificate;
        this.outputArray = this.outputs.values().toArray(ReducedOutput[]::new);
        this.outputNameArray = this.outputs.keySet().toArray(String[]::new);
        this.crossNorms = new double[outputArray.length];
        for (int o = 0; o < outputArray.length; o++) {
            crossNorms[o] = outputArray[o].dual() == null
                    ? 0
                    : frobenius(outputArray[o].dual().cross().data());
        }
        this.operatorNorms = this.operatorTerms.stream()
                .mapToDouble(a -> frobenius(a.data()))
                .toArray();
        this.rhsNorms =
                this.rhsTerms.stream().mapToDouble(ReducedModel::frobenius).toArray();
        this.compliantOutputs = this.outputs.values().stream().anyMatch(ReducedOutput::compliant);
    }

    private static double frobenius(double[] a) {
        return VectorArray.euclideanNorm(a, 0, a.length);
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

    /** The reduced dimension N. */
    public int dim() {
        return n;
    }

    public ParameterSpace parameterSpace() {
        return parameterSpace;
    }

    /** The residual evaluation in use. */
    public ResidualEvaluator residualEvaluator() {
        return residual;
    }

    public CoercivityBound coercivityBound() {
        return coercivity;
    }

    /** Reduced operator terms {@code V^T A_q V}. */
    public List<DenseMatrix> operatorTerms() {
        return operatorTerms;
    }

    /** Reduced right-hand side terms {@code V^T f_p}. */
    public List<double[]> rhsTerms() {
        return rhsTerms;
    }

    public List<ParameterFunctional> operatorCoefficients() {
        return operatorCoefficients;
    }

    public List<ParameterFunctional> rhsCoefficients() {
        return rhsCoefficients;
    }

    /** Reduced outputs by name. */
    public Map<String, ReducedOutput> outputs() {
        return outputs;
    }

    /** The reduced basis, when the model carries it (needed by {@link #reconstruct}). */
    public Optional<VectorArray> basis() {
        return Optional.ofNullable(basis);
    }

    @Override
    public List<String> outputNames() {
        return List.copyOf(outputs.keySet());
    }

    /** What the bounds rest on: the coercivity bound's provenance, the validation, the truth accuracy. */
    public Certificate certificate() {
        return certificate;
    }

    @Override
    public ErrorFigures errorFigures() {
        return certificate.errorFigures();
    }

    /** The same reduced model with another certificate (after its validation). */
    public ReducedModel withCertificate(Certificate c) {
        return new ReducedModel(
                parameterSpace,
                operatorCoefficients,
                operatorTerms,
                rhsCoefficients,
                rhsTerms,
                outputs,
                residual,
                coercivity,
                basis,
                c);
    }

    @Override
    public OnlineSolution answer(Parameter mu) {
        return online(solve(mu));
    }

    @Override
    public OnlineSolution answerExtrapolated(Parameter mu) {
        return online(solveExtrapolated(mu));
    }

    private static OnlineSolution online(ReducedSolution s) {
        return new OnlineSolution(
                s.coefficients(), s.outputs(), s.outputBounds(), s.errorBound(), s.relativeErrorBound());
    }

    @Override
    public OnlineBatch answerBatch(List<Parameter> mus) {
        BatchSolution b = solveBatch(mus);
        return new OnlineBatch(b.outputs(), b.outputBounds(), b.errorBounds());
    }

    /** The certified reduced solution at mu (mu is checked against the parameter space). */
    public ReducedSolution solve(Parameter mu) {
        parameterSpace.validate(mu);
        return solveAt(mu);
    }

    /**
     * The reduced solution at a parameter of the right type that may lie outside the parameter space
     * (extrapolation). The error bound is then only as trustworthy as the coercivity lower bound at
     * mu: min-theta stays rigorous while every theta_q(mu) is positive, an SCM bound was only
     * certified inside the space.
     */
    public ReducedSolution solveExtrapolated(Parameter mu) {
        if (!mu.type().equals(parameterSpace.type())) {
            parameterSpace.validate(mu); // names the type mismatch
        }
        return solveAt(mu);
    }

    private ReducedSolution solveAt(Parameter mu) {
        Workspace w = workspace.get();
        double[] gamma = w.gamma; // overwritten by solveInto, read before this returns
        double[] u = solveInto(mu, gamma, w.defect);
        double computed = residual.norm(gamma);
        double rnorm = residual.upperBound(computed, gamma, 0);
        double alpha = coercivity.lowerBound(mu);
        double exact = rnorm / alpha;
        double bound = againstTruth(exact, VectorArray.euclideanNorm(u, 0, n));
        NonFiniteAnswerException.requireFinite(mu, "the error bound", bound);
        Map<String, Double> s = new LinkedHashMap<>();
        Map<String, Double> sBound = new LinkedHashMap<>();
        for (int o = 0; o < outputArray.length; o++) {
            ReducedOutput out = outputArray[o];
            String name = outputNameArray[o];
            ReducedSolution dual = out.dual() != null ? out.dual().dual().solveAt(mu) : null;
            double value = outputValue(out, u, gamma, dual);
            double error = outputBound(out, rnorm, dual == null ? 0 : dual.residualNorm(), alpha)
                    + outputRoundOff(o, u, gamma, dual, w.defect[0])
                    + out.dualNorm() * (bound - exact);
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
        double eps = certificate.truthAccuracy();
        return eps == 0 ? exact : (exact + eps * reducedNorm) / (1 - eps);
    }

    /**
     * The round-off of one output beyond its residual bound: the evaluation {@code l^T u_N} (and the
     * primal-dual correction), and for a compliant output the defect of the reduced solve, which the
     * identity {@code s - s_N = ||e||_A^2} assumes to be zero (docs/estimators.md).
     */
    private double outputRoundOff(int o, double[] u, double[] gamma, ReducedSolution dual, double defect) {
        ReducedOutput out = outputArray[o];
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
    private static double outputValue(ReducedOutput o, double[] u, double[] gamma, ReducedSolution dual) {
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
    private static double outputBound(ReducedOutput o, double rnorm, double dualRnorm, double alpha) {
        if (o.dual() != null) {
            return rnorm * dualRnorm / alpha;
        }
        return o.compliant() ? rnorm * rnorm / alpha : o.dualNorm() * (rnorm / alpha);
    }

    /** The primal residual at the dual solution, {@code psi^T H gamma}. */
    private static double correction(DualCorrection c, double[] psi, double[] gamma) {
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
    public BatchSolution solveBatch(List<Parameter> mus) {
        for (Parameter mu : mus) {
            parameterSpace.validate(mu);
        }
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
                        ReducedOutput out = outputArray[o];
                        ReducedSolution dual =
                                out.dual() != null ? out.dual().dual().solveAt(mu) : null;
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
                    ReducedOutput out = outputArray[o];
                    sBound[o][k] = outputBound(out, rnorms[k], dualNorms[o][j], alpha[j])
                            + roundOff[o][j]
                            + out.dualNorm() * (bounds[k] - exact);
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
        return new BatchSolution(sm, bm, bounds, rnorms);
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
     * The residual coefficients {@code gamma(mu) = (phi_1..phi_P, -theta_q u_N,i ...)} of the reduced
     * solution at mu, in the order of the residual terms (right-hand side terms first, then for each
     * basis vector i its Q operator images): what every residual-norm evaluation combines.
     */
    public double[] residualCoefficients(Parameter mu) {
        parameterSpace.validate(mu);
        double[] gamma = new double[rhsTerms.size() + operatorTerms.size() * n];
        solveInto(mu, gamma, new double[1]);
        return gamma;
    }

    /** The same reduced model with another residual-norm evaluation (the reductor builds EIM data this way). */
    public ReducedModel withResidualEvaluator(ResidualEvaluator evaluator) {
        return new ReducedModel(
                parameterSpace,
                operatorCoefficients,
                operatorTerms,
                rhsCoefficients,
                rhsTerms,
                outputs,
                evaluator,
                coercivity,
                basis,
                certificate);
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

    /** The high-fidelity field {@code V u_N} of reduced coefficients; needs the basis. */
    public double[] reconstruct(double[] coefficients) {
        if (basis == null) {
            throw new IllegalStateException(
                    "this reduced model does not carry its basis; it cannot reconstruct fields");
        }
        return basis.lincomb(coefficients);
    }
}

package org.jrom.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.VectorArray;
import org.jrom.operators.ExpressionEntries;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixEntries;
import org.jrom.operators.MatrixOperator;
import org.jrom.operators.Operator;
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

        /**
         * True when {@link #upperBound} is proven; false for an approximation of the norm without a
         * bound on its error (PRODUCT_EIM), whose models then give estimates.
         */
        default boolean rigorous() {
            return true;
        }

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
            double[] residualNorms)
            implements OnlineBatch {
        @Override
        public Map<String, double[]> outputErrors() {
            return outputBounds;
        }

        @Override
        public double[] errors() {
            return errorBounds;
        }
    }

    /** Parameters per block of {@link #solveBatch}: the residual norms of a block are one matrix product. */
    static final int BLOCK = CoerciveKernel.BLOCK;

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
    private final Certificate certificate;
    private final EntryCoefficients entryCoefficients; // null: the coefficients are functions of mu
    private final StationaryModel projected; // the Galerkin problem over the dense terms, not copied
    private final CoerciveKernel kernel; // what queries run on

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
                certificate,
                null);
    }

    /**
     * The operator coefficients of a model whose operator interpolates a non-affine one from a
     * solver's matrices (the nonintrusive matrix EIM): they come from the entries of {@code A(mu)}
     * at the magic entries {@code (rows[m], cols[m])}, which only the solver knows at a new mu,
     * unless the manifest gave them as expressions of the parameters.
     *
     * @param rows the rows of the magic entries
     * @param cols their columns
     * @param coefficients the operator coefficients reading their entries from a source
     * @param describe one line for reports, e.g. {@code nonintrusive EIM of 60 exported matrices, M = 11}
     * @param arrays what rebuilds the coefficients, by name, for the model file (opaque here)
     * @param expressions the magic entries as functions of mu, one per entry, or null: the solver gives them
     * @param rhs the right-hand side's coefficients from entries of {@code f(mu)}, or null: they are
     *     functions of mu
     */
    public record EntryCoefficients(
            int[] rows,
            int[] cols,
            Function<MatrixEntries, List<ParameterFunctional>> coefficients,
            String describe,
            Map<String, DenseMatrix> arrays,
            List<ParameterFunctional> expressions,
            RhsEntries rhs) {
        public EntryCoefficients {
            DimensionMismatchException.check("magic entry columns (one per row)", rows.length, cols.length);
            rows = rows.clone();
            cols = cols.clone();
            arrays = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
            if (expressions != null) {
                DimensionMismatchException.check(
                        "magic entry expressions (one per entry)", rows.length, expressions.size());
                expressions = List.copyOf(expressions);
                if (rhs != null) {
                    throw new IllegalArgumentException(
                            "entry expressions give A(mu)'s entries only; a right-hand side from f(mu)'s entries"
                                    + " would still need the solver online");
                }
            }
        }

        /** Coefficients whose entries the solver gives at each parameter, or expressions give. */
        public EntryCoefficients(
                int[] rows,
                int[] cols,
                Function<MatrixEntries, List<ParameterFunctional>> coefficients,
                String describe,
                Map<String, DenseMatrix> arrays,
                List<ParameterFunctional> expressions) {
            this(rows, cols, coefficients, describe, arrays, expressions, null);
        }

        /** Coefficients whose entries the solver gives at each parameter. */
        public EntryCoefficients(
                int[] rows,
                int[] cols,
                Function<MatrixEntries, List<ParameterFunctional>> coefficients,
                String describe,
                Map<String, DenseMatrix> arrays) {
            this(rows, cols, coefficients, describe, arrays, null, null);
        }

        /** The operator's part alone: what a dual model, whose right-hand side is an output's, keeps. */
        EntryCoefficients operatorOnly() {
            return rhs == null ? this : new EntryCoefficients(rows, cols, coefficients, describe, arrays, expressions);
        }

        /** Every entry the model reads: the operator's {@code A[i][j]}, then the right-hand side's {@code f[i]}. */
        int[][] allEntries() {
            if (rhs == null) {
                return new int[][] {rows.clone(), cols.clone()};
            }
            int q = rows.length;
            int p = rhs.rows().length;
            int[] r = java.util.Arrays.copyOf(rows, q + p);
            int[] c = java.util.Arrays.copyOf(cols, q + p);
            System.arraycopy(rhs.rows(), 0, r, q, p);
            java.util.Arrays.fill(c, q, q + p, MatrixEntries.RHS);
            return new int[][] {r, c};
        }
    }

    /**
     * The right-hand side coefficients of a model whose {@code f(mu)} interpolates a solver's sampled
     * vectors (the vector EIM): they come from the entries {@code f(mu)_i} at {@code rows}, read from
     * the source's right-hand side column ({@link MatrixEntries#RHS}).
     *
     * @param rows the magic entries of f
     * @param coefficients the right-hand side coefficients reading their entries from a source
     * @param describe one line for reports
     * @param arrays what rebuilds the coefficients, by name, for the model file (opaque here)
     */
    public record RhsEntries(
            int[] rows,
            Function<MatrixEntries, List<ParameterFunctional>> coefficients,
            String describe,
            Map<String, DenseMatrix> arrays) {
        public RhsEntries {
            rows = rows.clone();
            arrays = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
        }
    }

    private ReducedModel(
            ParameterSpace parameterSpace,
            List<ParameterFunctional> operatorCoefficients,
            List<DenseMatrix> operatorTerms,
            List<ParameterFunctional> rhsCoefficients,
            List<double[]> rhsTerms,
            Map<String, ReducedOutput> outputs,
            ResidualEvaluator residual,
            CoercivityBound coercivity,
            VectorArray basis,
            Certificate certificate,
            EntryCoefficients entryCoefficients) {
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
        this.certificate = certificate;
        this.entryCoefficients = entryCoefficients;
        if (entryCoefficients != null) {
            DimensionMismatchException.check(
                    "operator coefficients from the entries", operatorTerms.size(), entryCoefficients.rows().length);
            if (entryCoefficients.rhs() != null) {
                DimensionMismatchException.check(
                        "right-hand side coefficients from the entries",
                        rhsTerms.size(),
                        entryCoefficients.rhs().rows().length);
            }
        }
        this.projected = projectedModel();
        this.kernel = new CoerciveKernel(
                this.operatorCoefficients,
                this.operatorTerms,
                this.rhsCoefficients,
                this.rhsTerms,
                this.outputs,
                residual,
                coercivity,
                certificate.truthAccuracy(),
                certificate.complianceAccuracy());
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
        if (entryCoefficients != null) {
            // the bound is against the interpolated operator; the interpolation's own error is not in it
            return new ErrorFigures(
                    ErrorFigures.Standing.ESTIMATE,
                    entryCoefficients.rhs() == null
                            ? "the bounds hold against the interpolated operator (" + entryCoefficients.describe()
                                    + "), not the solver's own A(mu): with the interpolation's error left out they"
                                    + " are estimates; "
                                    + certificate.errorFigures().restsOn()
                            : "the bounds hold against the interpolated operator (" + entryCoefficients.describe()
                                    + ") and right-hand side ("
                                    + entryCoefficients.rhs().describe()
                                    + "), not the solver's own A(mu) and f(mu): with the interpolations' errors"
                                    + " left out they are estimates; "
                                    + certificate.errorFigures().restsOn());
        }
        String approximate = approximateEvaluation();
        if (approximate != null) {
            return new ErrorFigures(
                    ErrorFigures.Standing.ESTIMATE,
                    "a residual norm is the " + approximate + " approximation, not an upper bound: the"
                            + " figures are estimates; "
                            + certificate.errorFigures().restsOn());
        }
        return certificate.errorFigures();
    }

    /** The kind of the primal or a dual residual evaluation that is not a proven bound, or null. */
    private String approximateEvaluation() {
        if (!residual.rigorous()) {
            return residual.kind();
        }
        return outputs.values().stream()
                .filter(o -> o.dual() != null)
                .map(o -> o.dual().dual().approximateEvaluation())
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /**
     * The same model without its basis (and its dual models without theirs): every answer but {@link
     * #reconstruct}, at the size of the reduced data alone (what a cluster's executors get).
     */
    public ReducedModel withoutBasis() {
        return copy(withDuals(ReducedModel::withoutBasis), residual, null, certificate);
    }

    /** The same reduced model with another certificate (after its validation). */
    public ReducedModel withCertificate(Certificate c) {
        return with(residual, c);
    }

    /** This model's data with another residual evaluation and certificate. */
    private ReducedModel with(ResidualEvaluator evaluator, Certificate c) {
        return copy(outputs, evaluator, basis, c);
    }

    /** This model's operator, right-hand side and coefficients with these outputs, evaluation, basis and certificate. */
    private ReducedModel copy(
            Map<String, ReducedOutput> outputs, ResidualEvaluator evaluator, VectorArray basis, Certificate c) {
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
                c,
                entryCoefficients);
    }

    /**
     * The same model, marked as one whose operator coefficients come from the entries of {@code
     * A(mu)} ({@link #withEntries} rebinds them), its dual models too; bound at once when the entries
     * are given as expressions. Its error figures are then estimates: they bound the error against the
     * interpolated operator, not the interpolation's own.
     */
    public ReducedModel withEntryCoefficients(EntryCoefficients e) {
        ReducedModel model = marked(e);
        // entries given as expressions: bound once, here (withEntries binds the duals too), and the
        // model answers any parameter itself
        return e.expressions() == null
                ? model
                : model.withEntries(ExpressionEntries.of(e.rows(), e.cols(), e.expressions()));
    }

    /** This model and its dual models marked with the entry coefficients, not bound to any entries. */
    private ReducedModel marked(EntryCoefficients e) {
        Map<String, ReducedOutput> marked = withDuals(dual -> dual.marked(e.operatorOnly()));
        return new ReducedModel(
                parameterSpace,
                operatorCoefficients,
                operatorTerms,
                rhsCoefficients,
                rhsTerms,
                marked,
                residual,
                coercivity,
                basis,
                certificate,
                e);
    }

    @Override
    public int[][] requiredEntries() {
        return entryCoefficients == null || entryCoefficients.expressions() != null
                ? new int[2][0]
                : entryCoefficients.allEntries();
    }

    /**
     * This model answering with the entries of {@code A(mu)} (and {@code f(mu)}) from {@code
     * source}: the operator coefficients, those of the dual models and of the coercivity bound
     * rebound to it, and the right-hand side's when they come from entries too; this model itself
     * when its coefficients are functions of mu.
     */
    @Override
    public ReducedModel withEntries(MatrixEntries source) {
        if (entryCoefficients == null) {
            return this;
        }
        List<ParameterFunctional> thetas = entryCoefficients.coefficients().apply(source);
        List<ParameterFunctional> phis = entryCoefficients.rhs() == null
                ? rhsCoefficients
                : entryCoefficients.rhs().coefficients().apply(source);
        Map<String, ReducedOutput> rebound = withDuals(dual -> dual.withEntries(source));
        return new ReducedModel(
                parameterSpace,
                thetas,
                operatorTerms,
                phis,
                rhsTerms,
                rebound,
                residual,
                coercivity.withCoefficients(thetas),
                basis,
                certificate,
                entryCoefficients);
    }

    /** The outputs, each primal-dual one's dual model replaced by {@code f} of it. */
    private Map<String, ReducedOutput> withDuals(java.util.function.UnaryOperator<ReducedModel> f) {
        Map<String, ReducedOutput> out = new LinkedHashMap<>();
        outputs.forEach((name, o) -> out.put(
                name,
                o.dual() == null
                        ? o
                        : new ReducedOutput(
                                o.functional(),
                                o.compliant(),
                                o.dualNorm(),
                                new DualCorrection(
                                        f.apply(o.dual().dual()), o.dual().cross()))));
        return out;
    }

    /** How the operator coefficients come from the entries of A(mu), if they do. */
    public Optional<EntryCoefficients> entryCoefficients() {
        return Optional.ofNullable(entryCoefficients);
    }

    /** The reduced solution at mu with its bounds (mu is checked against the parameter space). */
    @Override
    public ReducedSolution solve(Parameter mu) {
        parameterSpace.validate(mu);
        return kernel.solve(mu);
    }

    /**
     * The reduced solution at a parameter of the right type that may lie outside the parameter space
     * (extrapolation). The error bound is then only as trustworthy as the coercivity lower bound at
     * mu: min-theta stays rigorous while every theta_q(mu) is positive, an SCM bound was only
     * certified inside the space.
     */
    @Override
    public ReducedSolution solveExtrapolated(Parameter mu) {
        if (!mu.type().equals(parameterSpace.type())) {
            parameterSpace.validate(mu); // names the type mismatch
        }
        return kernel.solve(mu);
    }

    /**
     * The certified answers at many parameters, the same numbers as {@link #solve} to round-off, for
     * throughput (batch queries, Monte Carlo): blocks of parameters run in parallel, and within a
     * block the residual norms are one BLAS-3 product where the evaluation has one (ORTHONORMAL).
     * Keeps no reduced coefficients: memory is a few numbers per parameter.
     */
    @Override
    public BatchSolution solveBatch(List<Parameter> mus) {
        for (Parameter mu : mus) {
            parameterSpace.validate(mu);
        }
        return kernel.solveBatch(mus);
    }

    /**
     * The residual coefficients {@code gamma(mu) = (phi_1..phi_P, -theta_q u_N,i ...)} of the reduced
     * solution at mu, in the order of the residual terms (right-hand side terms first, then for each
     * basis vector i its Q operator images): what every residual-norm evaluation combines.
     */
    public double[] residualCoefficients(Parameter mu) {
        parameterSpace.validate(mu);
        return kernel.residualCoefficients(mu);
    }

    /** The same reduced model with another residual-norm evaluation (the reductor builds EIM data this way). */
    public ReducedModel withResidualEvaluator(ResidualEvaluator evaluator) {
        return with(evaluator, certificate);
    }

    /**
     * The reduced problem as a model like the high-fidelity one: {@code A_N(mu) u_N = f_N(mu)} with
     * {@code A_N = sum_q theta_q A_q,N} a {@link LincombOperator} of the dense reduced terms, its
     * outputs {@code l_N^T u_N}. Its {@link StationaryModel#solve} is the Galerkin solution by a dense
     * LU (for studies and tests); queries run on the compiled kernel, which gives the same solution
     * to round-off, with the bounds.
     */
    public StationaryModel projected() {
        return projected;
    }

    /** The kernel queries run on (the dual models' kernels are called by their primal's). */
    CoerciveKernel kernel() {
        return kernel;
    }

    private StationaryModel projectedModel() {
        List<Operator> a =
                operatorTerms.stream().map(m -> (Operator) MatrixOperator.of(m)).toList();
        List<Operator> f = rhsTerms.stream()
                .map(v -> (Operator) MatrixOperator.of(DenseMatrix.wrap(n, 1, v)))
                .toList();
        StationaryModel.Builder b = StationaryModel.builder(
                parameterSpace, new LincombOperator(a, operatorCoefficients), new LincombOperator(f, rhsCoefficients));
        outputs.forEach((name, o) -> b.output(name, MatrixOperator.of(DenseMatrix.wrap(1, n, o.functional()))));
        return b.build();
    }

    @Override
    public double[] rhsCoefficientValues(Parameter mu) {
        double[] phi = new double[rhsCoefficients.size()];
        for (int p = 0; p < phi.length; p++) {
            phi[p] = rhsCoefficients.get(p).evaluate(mu);
        }
        return phi;
    }

    /** The high-fidelity field {@code V u_N} of reduced coefficients; needs the basis. */
    public double[] reconstruct(double[] coefficients) {
        if (basis == null) {
            throw new IllegalStateException(
                    "this reduced model does not carry its basis; it cannot reconstruct fields");
        }
        return basis.lincomb(coefficients);
    }

    /** {@code reduced-basis}: the affine terms, the outputs, the estimator and what the bounds rest on. */
    @Override
    public ModelDescription describe() {
        List<ModelDescription.Row> rows = new ArrayList<>();
        rows.add(new ModelDescription.Row("operator terms", Integer.toString(operatorTerms.size())));
        if (entryCoefficients != null) {
            rows.add(new ModelDescription.Row("operator", entryCoefficients.describe()));
            if (entryCoefficients.rhs() != null) {
                rows.add(new ModelDescription.Row(
                        "right-hand side", entryCoefficients.rhs().describe()));
            }
            int[][] entries = entryCoefficients.allEntries();
            rows.add(new ModelDescription.Row(
                    entryCoefficients.expressions() == null
                            ? "entries needed (--entries)"
                            : "entries, from their expressions (no --entries)",
                    MatrixEntries.names(entries[0], entries[1])));
        }
        rows.add(new ModelDescription.Row("right-hand side terms", Integer.toString(rhsTerms.size())));
        outputs.forEach((name, o) -> rows.add(new ModelDescription.Row(
                "output " + name,
                o.compliant()
                        ? "compliant"
                        : o.dual() != null
                                ? "primal-dual (dual basis of "
                                        + o.dual().dual().dim() + ", "
                                        + o.dual().dual().residualEvaluator().kind() + ")"
                                : "non-compliant (dual norm " + ModelDescription.sci(o.dualNorm()) + ")")));
        rows.add(new ModelDescription.Row(
                "error estimator", residual.kind() + " (" + residual.termCount() + " residual terms)"));
        rows.add(new ModelDescription.Row(
                "coercivity bound",
                coercivity.describe()
                        + (certificate.coercivityProven()
                                ? " (proven by jrom)"
                                : coercivity.describe().contains("given by the modeller")
                                        ? "" // a given bound's description says so already
                                        : " (given by the modeller)")));
        // the validation is in the "error figures" row and the provenance note of the same name
        if (certificate.truthAccuracy() > 0) {
            rows.add(new ModelDescription.Row(
                    "truth accuracy",
                    ModelDescription.sci(certificate.truthAccuracy())
                            + " (measured relative accuracy of the high-fidelity solutions, in the round-off floor)"));
        }
        rows.add(new ModelDescription.Row("carries its basis", basis != null ? "yes" : "no"));
        return new ModelDescription("reduced-basis", rows);
    }
}

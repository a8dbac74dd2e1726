package org.jrom.reductors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrom.JromException;
import org.jrom.PhaseTimer;
import org.jrom.algorithms.WeakGreedySurrogate;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.GramSchmidt;
import org.jrom.linalg.VectorArray;
import org.jrom.models.CoercivityBound;
import org.jrom.models.ReducedModel;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.operators.Operator;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;

/**
 * Reduced basis reductor for coercive affine problems (Prud'homme et al. 2002; Rozza, Huynh,
 * Patera 2008): Galerkin projection of every affine term onto an X-orthonormal basis, with the
 * offline/online decomposition of the residual dual norm behind the a posteriori bound {@code
 * ||u - u_N||_X <= ||r_N||_{X'} / alpha_LB}. The basis grows by {@link #extendBasis} (all offline
 * data are extended, never recomputed), and {@link #reduce(int)} gives the reduced model of any
 * size up to the basis size.
 *
 * <p>Not thread-safe while the basis is extended; the reduced models it produces are immutable.
 */
public final class CoerciveRbReductor {
    /** Relative size below which a new basis vector is treated as round-off and dropped. */
    public static final double BASIS_DROP_TOLERANCE = 1e-14;

    private final StationaryModel fom;
    private final MatrixOperator product;
    private final CoercivityBound coercivity;
    private final ResidualNormEvaluation evaluation;
    private final boolean carryBasis;
    private final List<Operator> aTerms = new ArrayList<>();
    private final List<ParameterFunctional> thetas = new ArrayList<>();
    private final List<double[]> fTerms = new ArrayList<>();
    private final List<ParameterFunctional> phis = new ArrayList<>();
    private final Map<String, double[]> outputFunctionals = new LinkedHashMap<>();
    private final Map<String, Double> outputDualNorms = new LinkedHashMap<>();
    private final Set<String> compliant;
    private final Map<String, CoerciveRbReductor> duals = new LinkedHashMap<>();
    private final Map<String, DualCross> dualCross = new LinkedHashMap<>();
    private final ResidualNorm residual;
    private final VectorArray basis;
    private DenseMatrix[] reducedOperators;
    private double[][] reducedRhs;
    private final Map<String, double[]> reducedOutputs = new LinkedHashMap<>();
    private final PhaseTimer timer = new PhaseTimer();

    private CoerciveRbReductor(Builder b) {
        this.fom = b.fom;
        this.product = b.product;
        this.coercivity = b.coercivity;
        this.evaluation = b.evaluation;
        this.carryBasis = b.carryBasis;
        this.compliant = Set.copyOf(b.compliant);
        int dim = fom.dim();
        DimensionMismatchException.check("size of the inner product", dim, product.rangeDim());
        decompose(fom.operator(), aTerms, thetas);
        boolean symmetric = aTerms.stream().allMatch(t -> asymmetry(t) <= 1e-12);
        boolean exactlySymmetric = aTerms.stream().allMatch(t -> asymmetry(t) == 0);
        if (!symmetric && !compliant.isEmpty()) {
            throw new JromException("output '" + compliant.iterator().next() + "' cannot be compliant: the operator"
                    + " is not symmetric, so ||r||^2 / alpha does not bound its error; certify it as primal-dual");
        }
        List<Operator> rhsOps = new ArrayList<>();
        decompose(fom.rhs(), rhsOps, phis);
        VectorArray one = VectorArray.of(new double[] {1.0});
        VectorArray rhsVectors = VectorArray.empty(dim);
        for (Operator f : rhsOps) {
            rhsVectors.append(f.apply(one, null));
        }
        for (int p = 0; p < rhsOps.size(); p++) {
            fTerms.add(rhsVectors.vector(p));
        }
        for (String name : compliant) {
            if (!fom.outputs().containsKey(name)) {
                throw new JromException("compliant output '" + name + "' is not an output of the model; it has "
                        + fom.outputs().keySet());
            }
        }
        fom.outputs().forEach((name, l) -> {
            if (l.isParametric()) {
                throw new JromException("output '" + name
                        + "' depends on the parameter; only fixed output functionals are" + " supported");
            }
            if (!l.hasAdjoint()) {
                throw new JromException("output '" + name + "' must be a matrix functional (its transpose is needed)");
            }
            double[] vector = l.applyAdjoint(one, null).vector(0);
            outputFunctionals.put(name, vector);
            double[] riesz = product.applyInverse(VectorArray.of(vector), null).vector(0);
            double s = 0;
            for (int i = 0; i < dim; i++) {
                s += vector[i] * riesz[i];
            }
            outputDualNorms.put(name, Math.sqrt(Math.max(0, s)));
        });
        this.basis = VectorArray.empty(dim);
        this.reducedOperators = new DenseMatrix[aTerms.size()];
        for (int q = 0; q < aTerms.size(); q++) {
            reducedOperators[q] = DenseMatrix.zeros(0, 0);
        }
        this.reducedRhs = new double[fTerms.size()][0];
        outputFunctionals.keySet().forEach(name -> reducedOutputs.put(name, new double[0]));
        this.residual = ResidualNorm.create(evaluation);
        residual.extend(rhsVectors, product.applyInverse(rhsVectors, null), product.matrix());
        for (String name : b.primalDual) {
            if (!outputFunctionals.containsKey(name)) {
                throw new JromException("primal-dual output '" + name + "' is not an output of the model; it has "
                        + outputFunctionals.keySet());
            }
            if (compliant.contains(name)) {
                throw new JromException("output '" + name + "' is marked both compliant and primal-dual");
            }
            double[] minusL = outputFunctionals.get(name).clone();
            for (int i = 0; i < minusL.length; i++) {
                minusL[i] = -minusL[i];
            }
            StationaryModel dualFom = StationaryModel.builder(
                            fom.parameterSpace(),
                            // A^T itself unless exactly symmetric: the dual bound assumes the exact adjoint
                            exactlySymmetric ? fom.operator() : transposed(aTerms, thetas),
                            new LincombOperator(
                                    List.of(MatrixOperator.of(DenseMatrix.wrap(dim, 1, minusL))),
                                    List.of(ParameterFunctional.constant(1.0))))
                    .build();
            duals.put(
                    name,
                    CoerciveRbReductor.builder(dualFom)
                            .product(product)
                            .coercivityBound(coercivity)
                            .residualNorm(evaluation)
                            .carryBasis(false)
                            .build());
        }
    }

    /**
     * The largest {@code |a_ij - a_ji|} of an affine term relative to its largest entry (0 for an
     * exactly symmetric one); infinite for a term that is not a square matrix. A term within 1e-12
     * counts as symmetric for compliance (what build --from accepts).
     */
    private static double asymmetry(Operator term) {
        if (!(term instanceof MatrixOperator m) || m.sourceDim() != m.rangeDim()) {
            return Double.POSITIVE_INFINITY;
        }
        CsrMatrix c = m.matrix() instanceof CsrMatrix sparse
                ? sparse
                : m.matrix() instanceof DenseMatrix dense ? CsrMatrix.fromDense(dense) : null;
        if (c == null) {
            return Double.POSITIVE_INFINITY;
        }
        double a = c.asymmetry();
        return a == 0 ? 0 : a / c.normMax();
    }

    /** {@code A(mu)^T = sum_q theta_q(mu) A_q^T} (the coercivity constant of A^T is that of A). */
    private static Operator transposed(List<Operator> terms, List<ParameterFunctional> coefficients) {
        List<Operator> transposed = new ArrayList<>();
        for (int q = 0; q < terms.size(); q++) {
            if (!(terms.get(q) instanceof MatrixOperator m) || !(m.matrix() instanceof CsrMatrix c)) {
                throw new JromException("a primal-dual output of a non-symmetric operator needs sparse matrix terms;"
                        + " affine term " + q + " is " + terms.get(q).getClass().getSimpleName());
            }
            transposed.add(MatrixOperator.of(c.transpose()));
        }
        return new LincombOperator(transposed, coefficients);
    }

    /** The dual reductor of a primal-dual output: grow its basis with its own greedy. */
    public CoerciveRbReductor dual(String output) {
        CoerciveRbReductor d = duals.get(output);
        if (d == null) {
            throw new JromException(
                    "output '" + output + "' is not primal-dual; primal-dual outputs: " + duals.keySet());
        }
        return d;
    }

    /**
     * The cross terms of one primal-dual output for the current dual basis W: {@code W^T f_p} and
     * {@code Z_q = A_q^T W}, from which {@code W^T A_q V} is one inner product per basis size.
     */
    private record DualCross(int dualSize, DenseMatrix rhs, VectorArray[] adjointImages) {}

    private DualCross dualCross(String name) {
        CoerciveRbReductor d = duals.get(name);
        DualCross c = dualCross.get(name);
        if (c == null || c.dualSize() != d.basisSize()) {
            VectorArray w = d.basis();
            DenseMatrix rhs = DenseMatrix.zeros(w.count(), fTerms.size());
            for (int p = 0; p < fTerms.size(); p++) {
                double[] col = w.inner(VectorArray.of(fTerms.get(p))).data();
                for (int i = 0; i < col.length; i++) {
                    rhs.set(i, p, col[i]);
                }
            }
            VectorArray[] z = new VectorArray[aTerms.size()];
            for (int q = 0; q < z.length; q++) {
                z[q] = aTerms.get(q).applyAdjoint(w, null);
            }
            c = new DualCross(w.count(), rhs, z);
            dualCross.put(name, c);
        }
        return c;
    }

    /** {@code H = W^T [f_p, A_q v_i]} in the order of the residual terms, for n primal vectors. */
    private DenseMatrix crossTerms(String name, int n) {
        DualCross c = dualCross(name);
        int m = c.dualSize();
        int p = fTerms.size();
        int q = aTerms.size();
        DenseMatrix h = DenseMatrix.zeros(m, p + q * n);
        for (int k = 0; k < p; k++) {
            for (int i = 0; i < m; i++) {
                h.set(i, k, c.rhs().get(i, k));
            }
        }
        VectorArray v = basis.slice(0, n);
        for (int t = 0; t < q; t++) {
            DenseMatrix wav = c.adjointImages()[t].inner(v); // m x n: (A_t^T W)^T V = W^T A_t V
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    h.set(i, p + j * q + t, wav.get(i, j));
                }
            }
        }
        return h;
    }

    /** Splits an operator into parameter-independent terms and their coefficients. */
    private static void decompose(Operator op, List<Operator> terms, List<ParameterFunctional> coefficients) {
        if (op instanceof LincombOperator lin) {
            for (int q = 0; q < lin.terms().size(); q++) {
                Operator t = lin.terms().get(q);
                if (t.isParametric()) {
                    throw new JromException(
                            "affine term " + q + " depends on the parameter itself; flatten the decomposition");
                }
                terms.add(t);
                coefficients.add(lin.coefficients().get(q));
            }
        } else if (!op.isParametric()) {
            terms.add(op);
            coefficients.add(ParameterFunctional.constant(1.0));
        } else {
            throw new JromException("the reduced basis method needs an affine operator (LincombOperator), found "
                    + op.getClass().getSimpleName());
        }
    }

    /** Starts a reductor for a model. */
    public static Builder builder(StationaryModel fom) {
        return new Builder(fom);
    }

    /** Settings of a {@link CoerciveRbReductor}. */
    public static final class Builder {
        private final StationaryModel fom;
        private MatrixOperator product;
        private CoercivityBound coercivity;
        private ResidualNormEvaluation evaluation = ResidualNormEvaluation.ORTHONORMAL;
        private boolean carryBasis = true;
        private final Set<String> compliant = new LinkedHashSet<>();
        private final Set<String> primalDual = new LinkedHashSet<>();

        private Builder(StationaryModel fom) {
            this.fom = fom;
        }

        /** The inner product X of the error bound (an SPD matrix operator), e.g. the energy product. */
        public Builder product(MatrixOperator x) {
            this.product = x;
            return this;
        }

        /** The coercivity lower bound in the product X. */
        public Builder coercivityBound(CoercivityBound bound) {
            this.coercivity = bound;
            return this;
        }

        /** How the residual dual norm is evaluated online (default ORTHONORMAL). */
        public Builder residualNorm(ResidualNormEvaluation kind) {
            this.evaluation = kind;
            return this;
        }

        /**
         * Marks an output as compliant (its functional equals the right-hand side and the operator is
         * symmetric), which earns it the squared bound {@code ||r||^2 / alpha_LB}.
         */
        public Builder compliantOutput(String name) {
            compliant.add(name);
            return this;
        }

        /**
         * Certifies a non-compliant output with a primal-dual reduced basis: a dual reductor for
         * {@code A(mu)^T psi = -l} (see {@link #dual(String)}, grow its basis with its own greedy),
         * whose solution corrects the output; the bound becomes {@code ||r|| ||r_dual|| / alpha_LB},
         * which decays like the square of the primal and dual errors.
         */
        public Builder primalDualOutput(String name) {
            primalDual.add(name);
            return this;
        }

        /** Whether reduced models keep the basis for {@code reconstruct} (default true). */
        public Builder carryBasis(boolean carry) {
            this.carryBasis = carry;
            return this;
        }

        public CoerciveRbReductor build() {
            if (product == null) {
                throw new JromException("the reductor needs an inner product: call product(...)");
            }
            if (coercivity == null) {
                throw new JromException("the reductor needs a coercivity lower bound: call coercivityBound(...)");
            }
            return new CoerciveRbReductor(this);
        }
    }

    /**
     * Wall time per offline phase so far: snapshots (high-fidelity solves in the greedy),
     * orthonormalization, projection, estimator offline data, training-set sweeps.
     */
    public PhaseTimer timings() {
        return timer;
    }

    /** The current basis size. */
    public int basisSize() {
        return basis.count();
    }

    /** The X-orthonormal reduced basis (a copy). */
    public VectorArray basis() {
        return basis.copy();
    }

    public StationaryModel fom() {
        return fom;
    }

    /** The inner product X of the error bound. */
    public MatrixOperator productOperator() {
        return product;
    }

    public ResidualNormEvaluation residualNormEvaluation() {
        return evaluation;
    }

    /**
     * Adds snapshots to the basis: they are X-orthonormalized against it with re-orthogonalization
     * (vectors whose new part is below {@value #BASIS_DROP_TOLERANCE} of their norm are dropped),
     * and every offline quantity is extended by the new vectors only.
     *
     * @return the number of basis vectors added
     */
    public int extendBasis(VectorArray snapshots) {
        DimensionMismatchException.check("snapshot dimension", fom.dim(), snapshots.dim());
        snapshots.requireFinite("snapshots");
        int old = basis.count();
        VectorArray all = basis.copy();
        all.append(snapshots);
        GramSchmidt.Result gs = timer.time(
                "orthonormalization",
                () -> GramSchmidt.orthonormalize(
                        all,
                        product.matrix(),
                        GramSchmidt.Options.defaults().withOffset(old).withDropTolerance(BASIS_DROP_TOLERANCE)));
        VectorArray grown = gs.basis();
        int added = grown.count() - old;
        if (added == 0) {
            return 0;
        }
        VectorArray w = grown.slice(old, grown.count());
        int total = old + added;
        long projectionStart = System.nanoTime();
        // Projected operator terms: new columns V^T A_q W, new rows W^T A_q V_old = (A_q^T W)^T V_old.
        VectorArray residualTerms = VectorArray.zeros(fom.dim(), aTerms.size() * added);
        for (int q = 0; q < aTerms.size(); q++) {
            Operator aq = aTerms.get(q);
            VectorArray aw = aq.apply(w, null);
            for (int k = 0; k < added; k++) {
                System.arraycopy(
                        aw.data(), k * fom.dim(), residualTerms.data(), (k * aTerms.size() + q) * fom.dim(), fom.dim());
            }
            DenseMatrix grownA = DenseMatrix.zeros(total, total);
            DenseMatrix oldA = reducedOperators[q];
            for (int j = 0; j < old; j++) {
                for (int i = 0; i < old; i++) {
                    grownA.set(i, j, oldA.get(i, j));
                }
            }
            DenseMatrix newCols = grown.inner(aw); // total x added
            for (int k = 0; k < added; k++) {
                for (int i = 0; i < total; i++) {
                    grownA.set(i, old + k, newCols.get(i, k));
                }
            }
            if (old > 0) {
                if (!aq.hasAdjoint()) {
                    throw new JromException("affine term " + q + " has no transpose; it is needed to project it");
                }
                DenseMatrix newRows = aq.applyAdjoint(w, null).inner(basis); // added x old
                for (int k = 0; k < added; k++) {
                    for (int j = 0; j < old; j++) {
                        grownA.set(old + k, j, newRows.get(k, j));
                    }
                }
            }
            reducedOperators[q] = grownA;
        }
        for (int p = 0; p < fTerms.size(); p++) {
            double[] grownF = java.util.Arrays.copyOf(reducedRhs[p], total);
            double[] proj = w.inner(VectorArray.of(fTerms.get(p))).data();
            System.arraycopy(proj, 0, grownF, old, added);
            reducedRhs[p] = grownF;
        }
        outputFunctionals.forEach((name, l) -> {
            double[] grownL = java.util.Arrays.copyOf(reducedOutputs.get(name), total);
            System.arraycopy(w.inner(VectorArray.of(l)).data(), 0, grownL, old, added);
            reducedOutputs.put(name, grownL);
        });
        timer.add("projection", System.nanoTime() - projectionStart);
        timer.run(
                "estimator offline data",
                () -> residual.extend(residualTerms, product.applyInverse(residualTerms, null), product.matrix()));
        basis.append(w);
        return added;
    }

    /** The reduced model with the whole current basis. */
    public ReducedModel reduce() {
        return reduce(basisSize());
    }

    /**
     * The reduced model with the first n basis vectors ({@code 0 <= n <= basisSize()}), cut from the
     * offline data without recomputation; only the EIM residual evaluations build their data for n
     * (an EIM over the residual coefficients, or their products, at a seeded parameter sample; no
     * high-fidelity solve).
     */
    public ReducedModel reduce(int n) {
        return reduce(n, true);
    }

    /** The reduced model; without the primal-dual corrections for the greedy's own sweeps. */
    private ReducedModel reduce(int n, boolean withDuals) {
        if (n < 0 || n > basisSize()) {
            throw new IndexOutOfBoundsException("reduced size " + n + " outside [0, " + basisSize() + "]");
        }
        List<DenseMatrix> a = new ArrayList<>();
        for (DenseMatrix m : reducedOperators) {
            a.add(m.subMatrix(0, n, 0, n));
        }
        List<double[]> f = new ArrayList<>();
        for (double[] v : reducedRhs) {
            f.add(java.util.Arrays.copyOf(v, n));
        }
        Map<String, ReducedModel.ReducedOutput> outputs = new LinkedHashMap<>();
        reducedOutputs.forEach((name, l) -> outputs.put(
                name,
                new ReducedModel.ReducedOutput(
                        java.util.Arrays.copyOf(l, n),
                        compliant.contains(name),
                        outputDualNorms.get(name),
                        withDuals && duals.containsKey(name)
                                ? new ReducedModel.DualCorrection(
                                        duals.get(name).reduce(), crossTerms(name, n))
                                : null)));
        int terms = fTerms.size() + aTerms.size() * n;
        ReducedModel provisional = new ReducedModel(
                fom.parameterSpace(),
                thetas,
                a,
                phis,
                f,
                outputs,
                PENDING,
                coercivity,
                carryBasis ? basis.slice(0, n) : null);
        ReducedModel.ResidualEvaluator evaluator = residual.online(
                terms,
                n,
                count -> timer.time("estimator data per basis size", () -> {
                    List<Parameter> mus = Sampler.random(fom.parameterSpace(), count, EIM_SAMPLE_SEED);
                    double[] g = new double[terms * count];
                    java.util.stream.IntStream.range(0, count).parallel().forEach(k -> {
                        double[] gamma = provisional.residualCoefficients(mus.get(k));
                        System.arraycopy(gamma, 0, g, k * terms, terms);
                    });
                    return DenseMatrix.wrap(terms, count, g);
                }));
        return provisional.withResidualEvaluator(evaluator);
    }

    /** The seed of the parameter sample that data-driven residual evaluations (EIM) learn from. */
    static final long EIM_SAMPLE_SEED = 20_140_207L;

    /** Stands in for the residual evaluation while it is being built from the reduced model itself. */
    private static final ReducedModel.ResidualEvaluator PENDING = new ReducedModel.ResidualEvaluator() {
        @Override
        public double norm(double[] gamma) {
            throw new IllegalStateException("the residual evaluation is not built yet");
        }

        @Override
        public double upperBound(double computed, double[] gammas, int offset) {
            throw new IllegalStateException("the residual evaluation is not built yet");
        }

        @Override
        public int termCount() {
            return 0;
        }

        @Override
        public String kind() {
            return "PENDING";
        }

        @Override
        public Map<String, DenseMatrix> arrays() {
            return Map.of();
        }
    };

    /** {@code V u_N} for reduced coefficients of length {@code <= basisSize()}. */
    public double[] reconstruct(double[] coefficients) {
        if (coefficients.length > basisSize()) {
            throw new DimensionMismatchException("coefficient vector of length " + coefficients.length
                    + " for a basis of " + basisSize() + " vectors");
        }
        return basis.lincombOfFirst(coefficients);
    }

    /**
     * Where the weak greedy's work runs: the training-set sweep of the error bound over the current
     * reduced model, and the high-fidelity snapshot at the selected parameter. {@link
     * #greedySurrogate()} runs both in this JVM; a cluster runs them on its executors (the reduced
     * model sent to them once per step), with the same numbers.
     */
    public interface GreedyWork {
        /** {@link #relativeErrorBounds(ReducedModel, List)} of {@code rom} at every training parameter, in order. */
        double[] relativeErrorBounds(ReducedModel rom, List<Parameter> training);

        /** The high-fidelity solution at mu. */
        VectorArray snapshot(Parameter mu);
    }

    /**
     * The greedy's surrogate error at each parameter: the relative error bound {@code Delta_N(mu) /
     * ||u_N(mu)||_X} of {@code rom}, infinite for the empty basis; in parallel on this JVM's threads.
     */
    public static double[] relativeErrorBounds(ReducedModel rom, List<Parameter> parameters) {
        return parameters.parallelStream()
                .mapToDouble(mu -> rom.dim() == 0
                        ? Double.POSITIVE_INFINITY
                        : rom.solve(mu).relativeErrorBound())
                .toArray();
    }

    /**
     * The weak greedy surrogate of this reductor: the relative error bound {@code Delta_N(mu) /
     * ||u_N(mu)||_X} over the training set (in parallel), and extension by the high-fidelity
     * solution at the selected parameter.
     */
    public WeakGreedySurrogate greedySurrogate() {
        return greedySurrogate(new GreedyWork() {
            @Override
            public double[] relativeErrorBounds(ReducedModel rom, List<Parameter> training) {
                return CoerciveRbReductor.relativeErrorBounds(rom, training);
            }

            @Override
            public VectorArray snapshot(Parameter mu) {
                return fom.solve(mu);
            }
        });
    }

    /** {@link #greedySurrogate()} with its sweeps and snapshots done by {@code work}. */
    public WeakGreedySurrogate greedySurrogate(GreedyWork work) {
        return new WeakGreedySurrogate() {
            @Override
            public double[] estimate(List<Parameter> training) {
                return timer.time(
                        "training-set sweeps", () -> work.relativeErrorBounds(reduce(basisSize(), false), training));
            }

            @Override
            public int extend(Parameter mu) {
                VectorArray snapshot = timer.time("snapshots", () -> work.snapshot(mu));
                if (snapshot.dim() != fom.dim()) { // solved elsewhere (an executor) from another model
                    throw new JromException("the snapshot at " + mu + " has " + snapshot.dim() + " values, the model "
                            + fom.dim() + " unknowns");
                }
                return extendBasis(snapshot);
            }

            @Override
            public int basisSize() {
                return CoerciveRbReductor.this.basisSize();
            }
        };
    }
}

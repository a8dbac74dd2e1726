package org.jrom.regression;

import java.util.Arrays;
import java.util.Locale;
import org.jrom.linalg.NonFiniteValueException;
import org.jrom.parameters.ParameterSpace;

/**
 * Radial basis function interpolation {@code s(x) = sum_k w_k phi(eps |u(x) - u_k|) [+ a_0 + sum_i
 * a_i u_i(x)]} of vector data, in unit-box coordinates u, with the shape parameter eps chosen by
 * leave-one-out cross-validation in Rippa's closed form {@code e_k = c_k / (A^{-1})_kk} (Rippa 1999),
 * for a nonintrusive reduced model of POD coefficients (Guo and Hesthaven 2018).
 *
 * <p>Online cost of {@link #predict(double[], double[])}: {@code O(K (p + r))} flops for K centers,
 * p inputs and r outputs, in plain Java (no BLAS call, so predictions do not depend on the backend),
 * no allocation. Immutable and thread-safe. See docs/regression.md.
 */
public final class RbfInterpolant implements Regression {
    /** Kernel matrices whose condition number exceeds this are rejected during shape selection. */
    public static final double MAX_CONDITION = 1e12;

    /** The radial function phi, applied to {@code rho = eps r} (names as in SciPy's RBFInterpolator). */
    public enum Kernel {
        /** {@code exp(-rho^2)}, positive definite. */
        GAUSSIAN(true, false),
        /** {@code sqrt(1 + rho^2)}, conditionally negative definite of order 1: A is nonsingular, indefinite. */
        MULTIQUADRIC(false, false),
        /** {@code 1 / sqrt(1 + rho^2)}, positive definite. */
        INVERSE_MULTIQUADRIC(true, false),
        /** {@code r^2 log r} with a linear polynomial tail; no shape parameter. */
        THIN_PLATE_SPLINE(false, true),
        /** {@code r^3} with a linear polynomial tail; no shape parameter. */
        CUBIC(false, true);

        private final boolean positiveDefinite;
        private final boolean polyharmonic;

        Kernel(boolean positiveDefinite, boolean polyharmonic) {
            this.positiveDefinite = positiveDefinite;
            this.polyharmonic = polyharmonic;
        }

        /** True when the kernel matrix is symmetric positive definite for distinct centers. */
        public boolean isPositiveDefinite() {
            return positiveDefinite;
        }

        /** True for the kernels with a shape parameter; the polyharmonic ones are scale-free. */
        public boolean hasShapeParameter() {
            return !polyharmonic;
        }

        /** True when the interpolant carries a linear polynomial tail {@code a_0 + a^T u}. */
        public boolean hasLinearTail() {
            return polyharmonic;
        }

        /** phi(rho). */
        public double phi(double rho) {
            return switch (this) {
                case GAUSSIAN -> Math.exp(-rho * rho);
                case MULTIQUADRIC -> Math.sqrt(1 + rho * rho);
                case INVERSE_MULTIQUADRIC -> 1 / Math.sqrt(1 + rho * rho);
                case THIN_PLATE_SPLINE -> rho > 0 ? rho * rho * Math.log(rho) : 0.0;
                case CUBIC -> rho * rho * rho;
            };
        }
    }

    /**
     * How to fit.
     *
     * @param kernel the radial function
     * @param shape a fixed shape parameter eps > 0, or NaN to choose it by leave-one-out
     *     cross-validation (ignored by kernels without a shape parameter)
     * @param minShape the smallest eps scanned, or NaN for {@code 0.01 / h} (h the mean
     *     nearest-neighbour distance in the unit box)
     * @param maxShape the largest eps scanned, or NaN for {@code 10 / h}
     * @param gridPoints points of the coarse log-spaced scan before the golden-section refinement
     */
    public record Options(Kernel kernel, double shape, double minShape, double maxShape, int gridPoints) {
        public Options {
            if (kernel == null
                    || !(Double.isNaN(shape) || shape > 0)
                    || gridPoints < 3
                    || !(Double.isNaN(minShape) || minShape > 0)
                    || !(Double.isNaN(maxShape) || maxShape > 0)
                    || minShape >= maxShape) {
                throw new RegressionException("RBF options need a kernel, shape > 0 or NaN (choose by"
                        + " cross-validation), 0 < minShape < maxShape or NaN, and gridPoints >= 3; found "
                        + kernel + ", shape " + shape + ", range [" + minShape + ", " + maxShape + "], "
                        + gridPoints + " grid points");
            }
        }

        /** The shape parameter chosen by leave-one-out over the automatic range, 25 grid points. */
        public static Options crossValidated(Kernel kernel) {
            return new Options(kernel, Double.NaN, Double.NaN, Double.NaN, 25);
        }

        /** A fixed shape parameter. */
        public static Options fixedShape(Kernel kernel, double shape) {
            return new Options(kernel, shape, Double.NaN, Double.NaN, 25);
        }

        /** The same options, scanning eps over {@code [min, max]}. */
        public Options withShapeRange(double min, double max) {
            return new Options(kernel, shape, min, max, gridPoints);
        }
    }

    /**
     * Everything that defines a fitted interpolant, as plain arrays for a model file; {@link
     * #fromState(State)} rebuilds an interpolant whose predictions are bit-identical.
     *
     * @param kernel {@link Kernel#name()}
     * @param shape eps (1 for the polyharmonic kernels)
     * @param lower lower bounds of the scaling box (the parameter space), length p
     * @param upper upper bounds of the scaling box, length p
     * @param centers the training inputs, in parameter coordinates, K x p
     * @param weights the kernel coefficients w, K x r
     * @param polynomial the tail coefficients, (p + 1) x r (row 0: constant, row 1 + i: u_i), or 0 x r
     *     without a tail
     * @param looResiduals the leave-one-out residuals, K x r
     * @param conditionNumber the condition number of the interpolation matrix
     */
    public record State(
            String kernel,
            double shape,
            double[] lower,
            double[] upper,
            double[][] centers,
            double[][] weights,
            double[][] polynomial,
            double[][] looResiduals,
            double conditionNumber) {}

    private final Kernel kernel;
    private final double shape;
    private final UnitBox box;
    private final double[][] centers;
    private final int samples;
    private final int inputs;
    private final int outputs;
    private final double[] u; // K x p row-major, unit-box centers
    private final double[] weights; // K x r row-major
    private final double[] polynomial; // (p + 1) x r row-major, empty without a tail
    private final double[][] looResiduals;
    private final double conditionNumber;

    private RbfInterpolant(State s) {
        this.kernel = ModelArrays.constant(Kernel.class, s.kernel(), "RBF kernel");
        if (!(s.shape() > 0 && s.shape() < Double.POSITIVE_INFINITY)) {
            throw new RegressionException("RBF shape parameter must be finite and positive, found " + s.shape());
        }
        this.shape = s.shape();
        this.box = UnitBox.of(s.lower(), s.upper());
        this.centers = TrainingSet.copyInputs(box, s.centers(), "RBF center");
        this.samples = centers.length;
        this.inputs = box.dimension();
        this.outputs = s.weights().length == 0 ? 0 : s.weights()[0].length;
        if (samples < 1 || outputs < 1) {
            throw new RegressionException("an RBF interpolant needs at least one center and one output, found "
                    + samples + " centers and " + outputs + " outputs");
        }
        this.u = TrainingSet.scale(box, centers);
        this.weights = ModelArrays.flatten("RBF weights", s.weights(), samples, outputs);
        int tailRows = kernel.hasLinearTail() ? inputs + 1 : 0;
        this.polynomial = ModelArrays.flatten("RBF polynomial tail", s.polynomial(), tailRows, outputs);
        ModelArrays.flatten("RBF leave-one-out residuals", s.looResiduals(), samples, outputs);
        this.looResiduals = ModelArrays.deepCopy(s.looResiduals());
        this.conditionNumber = s.conditionNumber();
    }

    /**
     * Fits the interpolant to {@code y[k] = s(x[k])}, K >= 2 samples, inputs in {@code space}.
     *
     * @throws RegressionException for fewer than 2 samples, two equal inputs, fewer than p + 1
     *     samples with a polynomial tail, or no shape parameter in the scanned range whose kernel
     *     matrix has condition number at most {@link #MAX_CONDITION}
     */
    public static RbfInterpolant fit(ParameterSpace space, double[][] x, double[][] y, Options options) {
        TrainingSet t = TrainingSet.of(space, x, y);
        Kernel kernel = options.kernel();
        if (kernel.hasLinearTail() && t.samples < t.inputs + 1) {
            throw new RegressionException("the " + kernel + " kernel has a linear tail with " + (t.inputs + 1)
                    + " coefficients and needs at least that many samples, found " + t.samples);
        }
        double shape = !kernel.hasShapeParameter()
                ? 1.0
                : Double.isNaN(options.shape()) ? chooseShape(t, options) : options.shape();
        KernelSystem sys = system(t, kernel, shape, true);
        NonFiniteValueException.requireFinite(
                "RBF coefficients (the kernel matrix is numerically singular)", sys.coefficients());
        int n = sys.inverseDiagonal().length; // K, plus p + 1 with a tail
        double[][] c = ModelArrays.rowsOfColumnMajor(sys.coefficients(), n, t.outputs, 0, t.samples);
        double[][] tail = ModelArrays.rowsOfColumnMajor(sys.coefficients(), n, t.outputs, t.samples, n);
        double[][] loo = new double[t.samples][t.outputs];
        for (int k = 0; k < t.samples; k++) {
            for (int j = 0; j < t.outputs; j++) {
                loo[k][j] = c[k][j] / sys.inverseDiagonal()[k];
            }
        }
        return new RbfInterpolant(
                new State(kernel.name(), shape, space.lower(), space.upper(), t.x, c, tail, loo, sys.condition()));
    }

    /** Rebuilds a fitted interpolant from its {@link #state()}; the arrays are copied. */
    public static RbfInterpolant fromState(State state) {
        return new RbfInterpolant(state);
    }

    /** The arrays defining this interpolant (copies). */
    public State state() {
        int tailRows = polynomial.length / outputs;
        return new State(
                kernel.name(),
                shape,
                box.lower(),
                box.upper(),
                ModelArrays.deepCopy(centers),
                ModelArrays.rows(weights, samples, outputs),
                ModelArrays.rows(polynomial, tailRows, outputs),
                ModelArrays.deepCopy(looResiduals),
                conditionNumber);
    }

    @Override
    public int inputDimension() {
        return inputs;
    }

    @Override
    public int outputDimension() {
        return outputs;
    }

    @Override
    public String describe() {
        return "RBF " + kernel.name().toLowerCase(java.util.Locale.ROOT) + ", shape " + shape + " (leave-one-out)";
    }

    public Kernel kernel() {
        return kernel;
    }

    /** The shape parameter eps in unit-box coordinates (1 for kernels without one). */
    public double shape() {
        return shape;
    }

    /** The condition number of the interpolation matrix at the chosen shape (see {@link KernelSystem}). */
    public double conditionNumber() {
        return conditionNumber;
    }

    @Override
    public void predict(double[] x, double[] mean) {
        box.requireQuery(x, mean, outputs);
        int p = inputs;
        int r = outputs;
        Arrays.fill(mean, 0.0);
        if (polynomial.length > 0) {
            for (int j = 0; j < r; j++) {
                mean[j] = polynomial[j];
            }
            for (int i = 0; i < p; i++) {
                double ui = box.coordinate(i, x[i]);
                for (int j = 0; j < r; j++) {
                    mean[j] += polynomial[(1 + i) * r + j] * ui;
                }
            }
        }
        for (int k = 0; k < samples; k++) {
            double d2 = 0;
            for (int i = 0; i < p; i++) {
                double d = box.coordinate(i, x[i]) - u[k * p + i];
                d2 += d * d;
            }
            double f = kernel.phi(shape * Math.sqrt(d2));
            for (int j = 0; j < r; j++) {
                mean[j] += f * weights[k * r + j];
            }
        }
    }

    @Override
    public double[][] crossValidationResiduals() {
        return ModelArrays.deepCopy(looResiduals);
    }

    /**
     * The leave-one-out objective {@code sum_k sum_j e_kj^2} at shape eps, by Rippa's formula; +inf
     * when the kernel matrix has condition number above {@link #MAX_CONDITION}.
     */
    static double looObjective(TrainingSet t, Kernel kernel, double shape) {
        KernelSystem sys = system(t, kernel, shape, false);
        if (sys == null || !(sys.condition() <= MAX_CONDITION)) {
            return Double.POSITIVE_INFINITY;
        }
        int n = sys.inverseDiagonal().length;
        double sum = 0;
        for (int j = 0; j < t.outputs; j++) {
            for (int k = 0; k < t.samples; k++) {
                double e = sys.coefficients()[k + j * n] / sys.inverseDiagonal()[k];
                sum += e * e;
            }
        }
        return Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
    }

    /**
     * The shape parameter minimizing {@link #looObjective}: a log-spaced scan, then golden-section
     * search in log eps between the neighbours of the best grid point.
     */
    static double chooseShape(TrainingSet t, Options options) {
        double h = t.meanNearestNeighbourDistance();
        double lo = Math.log(Double.isNaN(options.minShape()) ? 0.01 / h : options.minShape());
        double hi = Math.log(Double.isNaN(options.maxShape()) ? 10.0 / h : options.maxShape());
        int n = options.gridPoints();
        double[] grid = new double[n];
        double[] f = new double[n];
        int best = 0;
        for (int g = 0; g < n; g++) {
            grid[g] = lo + (hi - lo) * g / (n - 1);
            f[g] = looObjective(t, options.kernel(), Math.exp(grid[g]));
            if (f[g] < f[best]) {
                best = g;
            }
        }
        if (f[best] == Double.POSITIVE_INFINITY) {
            throw new RegressionException(String.format(
                    Locale.ROOT,
                    "no RBF shape parameter in [%.3g, %.3g] gives a kernel matrix with condition number below %.0e;"
                            + " training inputs may be nearly coincident (mean nearest-neighbour distance %.3g in"
                            + " the unit box): widen the range with Options.withShapeRange or remove close samples",
                    Math.exp(lo),
                    Math.exp(hi),
                    MAX_CONDITION,
                    h));
        }
        // Golden-section search on [a, b] in log eps, to a width of 0.01 (1% in eps).
        double a = grid[Math.max(best - 1, 0)];
        double b = grid[Math.min(best + 1, n - 1)];
        double invPhi = (Math.sqrt(5) - 1) / 2;
        double c = b - invPhi * (b - a);
        double d = a + invPhi * (b - a);
        double fc = looObjective(t, options.kernel(), Math.exp(c));
        double fd = looObjective(t, options.kernel(), Math.exp(d));
        while (b - a > 0.01) {
            if (fc <= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - invPhi * (b - a);
                fc = looObjective(t, options.kernel(), Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + invPhi * (b - a);
                fd = looObjective(t, options.kernel(), Math.exp(d));
            }
        }
        double refined = fc <= fd ? c : d;
        return Math.min(fc, fd) < f[best] ? Math.exp(refined) : Math.exp(grid[best]);
    }

    /**
     * The interpolation system at shape eps: {@code A_ab = phi(eps |u_a - u_b|)}, bordered by the
     * tail block {@code [A P; P^T 0]} with {@code P_k = (1, u_k)} when the kernel has one.
     *
     * @param eigenFallback whether a positive definite kernel whose Cholesky factorization fails is
     *     solved by eigen-decomposition; if not, null is returned (its condition number is above 1e16)
     */
    static KernelSystem system(TrainingSet t, Kernel kernel, double shape, boolean eigenFallback) {
        int k = t.samples;
        int p = t.inputs;
        int n = kernel.hasLinearTail() ? k + p + 1 : k;
        double[] m = new double[n * n];
        for (int b = 0; b < k; b++) {
            for (int a = b; a < k; a++) {
                double v = kernel.phi(shape * Math.sqrt(t.squaredDistance(a, b)));
                m[a + b * n] = v;
                m[b + a * n] = v;
            }
        }
        if (kernel.hasLinearTail()) {
            for (int a = 0; a < k; a++) {
                for (int i = 0; i <= p; i++) {
                    double v = i == 0 ? 1.0 : t.u[a * p + i - 1];
                    m[a + (k + i) * n] = v;
                    m[k + i + a * n] = v;
                }
            }
        }
        double[] rhs = new double[n * t.outputs];
        for (int j = 0; j < t.outputs; j++) {
            System.arraycopy(t.y, j * k, rhs, j * n, k);
        }
        if (kernel.isPositiveDefinite() && !eigenFallback) {
            return KernelSystem.byCholesky(m, n, rhs, t.outputs);
        }
        return KernelSystem.solve(m, n, rhs, t.outputs, kernel.isPositiveDefinite());
    }
}

package org.jrom.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jrom.JromException;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.NonFiniteValueException;
import org.jrom.linalg.VectorArray;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixEntries;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.api.Test;

/**
 * The nonintrusive matrix EIM: exact at its selected matrices and magic entries, exactly Q terms for
 * a family with Q affine terms, decaying errors for a non-affine family, and clear refusals.
 */
class MatrixEimTest {
    static final ParameterSpace SPACE = ParameterSpace.box(ParameterType.of("mu", 2), 0.0, 1.0);

    /** A random sparse n x n matrix with about {@code perRow} entries per row (its own pattern). */
    static CsrMatrix randomSparse(int n, int perRow, long seed) {
        Random rnd = new Random(seed);
        int count = n * perRow;
        int[] r = new int[count];
        int[] c = new int[count];
        double[] v = new double[count];
        for (int k = 0; k < count; k++) {
            r[k] = k % n;
            c[k] = rnd.nextInt(n);
            v[k] = rnd.nextGaussian();
        }
        return CsrMatrix.fromTriplets(n, n, r, c, v, count);
    }

    /** Four terms on different patterns, with coefficients nonlinear in mu (unknown to the EIM). */
    static final CsrMatrix[] TERMS = {
        randomSparse(60, 3, 1), randomSparse(60, 3, 2), randomSparse(60, 2, 3), randomSparse(60, 4, 4)
    };

    static double[] thetas(Parameter mu) {
        double a = mu.get(0);
        double b = mu.get(1);
        return new double[] {1.0, Math.exp(a), Math.sin(3 * b) + 2, a * b * b};
    }

    static CsrMatrix affine(Parameter mu) {
        return CsrMatrix.linearCombination(thetas(mu), TERMS);
    }

    /** A non-affine family on one pattern: {@code A(mu)_ij = w_ij / (1 + (mu_0 x_i + mu_1 y_j) / 2)}. */
    static final CsrMatrix WEIGHTS = randomSparse(50, 4, 7);

    static CsrMatrix nonaffine(Parameter mu) {
        int[] ptr = WEIGHTS.rowPointers();
        int[] ci = WEIGHTS.columnIndices();
        double[] w = WEIGHTS.nonzeroValues();
        double[] v = new double[w.length];
        for (int i = 0; i < WEIGHTS.rows(); i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                double x = (double) i / WEIGHTS.rows();
                double y = (double) ci[p] / WEIGHTS.cols();
                v[p] = w[p] / (1 + 0.5 * (mu.get(0) * x + mu.get(1) * y));
            }
        }
        return CsrMatrix.of(WEIGHTS.rows(), WEIGHTS.cols(), ptr, ci, v);
    }

    static List<CsrMatrix> matrices(List<Parameter> mus, java.util.function.Function<Parameter, CsrMatrix> family) {
        List<CsrMatrix> out = new ArrayList<>();
        mus.forEach(mu -> out.add(family.apply(mu)));
        return out;
    }

    /** The source of a test family: the whole matrix assembled, the requested entries read. */
    static MatrixEntries entries(java.util.function.Function<Parameter, CsrMatrix> family) {
        return (mu, rows, cols) -> {
            CsrMatrix a = family.apply(mu);
            double[] v = new double[rows.length];
            for (int k = 0; k < v.length; k++) {
                v[k] = a.get(rows[k], cols[k]);
            }
            return v;
        };
    }

    static double relativeMaxError(CsrMatrix exact, CsrMatrix approx) {
        return approx.plus(-1.0, exact).normMax() / exact.normMax();
    }

    @Test
    void anAffineFamilyWithFourTermsGivesExactlyFourTermsAndReproducesTheMatrixToRoundOff() {
        List<Parameter> training = Sampler.random(SPACE, 30, 1);
        MatrixEim.Result eim = MatrixEim.ofMatrices(matrices(training, MatrixEimTest::affine), 20, 1e-10);
        assertThat(eim.size()).isEqualTo(4);
        assertThat(eim.maxErrors()[3]).isGreaterThan(1e-3);
        assertThat(eim.maxErrors()[4]).isLessThan(1e-13);
        LincombOperator op = eim.operator(entries(MatrixEimTest::affine));
        for (Parameter mu : Sampler.random(SPACE, 20, 2)) {
            CsrMatrix approx = (CsrMatrix) op.assemble(mu).matrix();
            assertThat(relativeMaxError(affine(mu), approx)).isLessThan(1e-13);
        }
    }

    @Test
    void restrictedEntriesAreTheOnlyMagicOnesAndStillInterpolate() {
        List<Parameter> training = Sampler.random(SPACE, 40, 3);
        List<CsrMatrix> samples = matrices(training, MatrixEimTest::nonaffine);
        // the candidates: the stored entries of every third row
        List<int[]> allowed = new java.util.ArrayList<>();
        int[] ptr = WEIGHTS.rowPointers();
        for (int i = 0; i < WEIGHTS.rows(); i += 3) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                allowed.add(new int[] {i, WEIGHTS.columnIndices()[p]});
            }
        }
        int[] rows = allowed.stream().mapToInt(e -> e[0]).toArray();
        int[] cols = allowed.stream().mapToInt(e -> e[1]).toArray();
        MatrixEim.Result eim = MatrixEim.ofMatrices(samples, 12, 0.0, rows, cols);
        assertThat(eim.size()).isEqualTo(12);
        for (int m = 0; m < eim.size(); m++) {
            assertThat(eim.magicRows()[m] % 3)
                    .as("magic entry %d in an allowed row", m)
                    .isZero();
        }
        // still an interpolation: exact at the selected matrices, and it converges
        for (int s = 0; s < eim.size(); s++) {
            CsrMatrix exact = eim.selectedMatrices().get(s);
            double[] beta = eim.coefficients(entriesOf(exact, eim));
            assertThat(relativeMaxError(exact, eim.interpolant(beta))).isLessThan(1e-10);
        }
        assertThat(eim.maxErrors()[12]).isLessThan(1e-3 * eim.maxErrors()[1]); // 12 terms: 3.2e-5 of 0.15
        assertThatThrownBy(() -> MatrixEim.ofMatrices(samples, 4, 0.0, new int[] {0}, new int[] {49}))
                .isInstanceOf(org.jrom.JromException.class)
                .hasMessageContaining("outside the sampled matrices' sparsity pattern");
    }

    private static double[] entriesOf(CsrMatrix a, MatrixEim.Result eim) {
        double[] v = new double[eim.size()];
        for (int m = 0; m < v.length; m++) {
            v[m] = a.get(eim.magicRows()[m], eim.magicCols()[m]);
        }
        return v;
    }

    @Test
    void theInterpolationIsExactAtTheSelectedMatricesAndAtTheMagicEntries() {
        List<Parameter> training = Sampler.random(SPACE, 40, 3);
        List<CsrMatrix> samples = matrices(training, MatrixEimTest::nonaffine);
        MatrixEim.Result eim = MatrixEim.ofMatrices(samples, 8, 0.0);
        int m = eim.size();
        assertThat(m).isEqualTo(8);
        assertThat(eim.selectedSamples()).doesNotHaveDuplicates();
        for (int s = 0; s < m; s++) {
            assertThat(eim.selectedMatrices().get(s)).isSameAs(samples.get(eim.selectedSamples()[s]));
            double[] beta = eim.coefficients(entriesAt(samples.get(eim.selectedSamples()[s]), eim));
            for (int l = 0; l < m; l++) {
                assertThat(Math.abs(beta[l] - (l == s ? 1 : 0)))
                        .as("beta_%d of selected matrix %d", l, s)
                        .isLessThan(1e-10);
            }
        }
        // At any parameter, the interpolant equals A(mu) at the magic entries.
        for (Parameter mu : Sampler.random(SPACE, 10, 4)) {
            CsrMatrix a = nonaffine(mu);
            CsrMatrix approx = eim.interpolant(eim.coefficients(entriesAt(a, eim)));
            for (int l = 0; l < m; l++) {
                double exact = a.get(eim.magicRows()[l], eim.magicCols()[l]);
                double value = approx.get(eim.magicRows()[l], eim.magicCols()[l]);
                assertThat(Math.abs(value - exact)).isLessThan(1e-12 * a.normMax());
            }
        }
    }

    static double[] entriesAt(CsrMatrix a, MatrixEim.Result eim) {
        return entries(mu -> a).values(null, eim.magicRows(), eim.magicCols());
    }

    @Test
    void newtonFormIsUnitLowerTriangularAndTheChangeOfBasisFactorsTheSelectedEntries() {
        MatrixEim.Result eim =
                MatrixEim.ofMatrices(matrices(Sampler.random(SPACE, 40, 5), MatrixEimTest::nonaffine), 10, 0.0);
        int m = eim.size();
        DenseMatrix b = eim.interpolationMatrix();
        DenseMatrix u = eim.changeOfBasis();
        DenseMatrix p = DenseMatrix.zeros(m, m);
        for (int l = 0; l < m; l++) {
            assertThat(b.get(l, l)).isEqualTo(1.0);
            for (int j = 0; j < m; j++) {
                p.set(l, j, eim.selectedMatrices().get(j).get(eim.magicRows()[l], eim.magicCols()[l]));
                if (j > l) {
                    assertThat(b.get(l, j)).isZero();
                } else if (j < l) {
                    assertThat(Math.abs(b.get(l, j))).isLessThanOrEqualTo(1.0);
                    assertThat(u.get(l, j)).isZero();
                }
            }
        }
        DenseMatrix residual = b.multiply(u).plus(-1.0, p);
        double scale = 0;
        for (double x : p.data()) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (double x : residual.data()) {
            assertThat(Math.abs(x)).isLessThan(1e-14 * scale);
        }
    }

    @Test
    void theErrorOfANonaffineFamilyDecaysAndTruncationIsTheShorterGreedy() {
        List<CsrMatrix> samples = matrices(Sampler.random(SPACE, 60, 6), MatrixEimTest::nonaffine);
        MatrixEim.Result eim = MatrixEim.ofMatrices(samples, 40, 1e-10);
        double[] e = eim.maxErrors();
        assertThat(eim.size()).isBetween(5, 39);
        assertThat(e[e.length - 1]).isLessThanOrEqualTo(1e-10);
        assertThat(e[e.length - 1]).isLessThan(1e-8 * e[1]);
        MatrixEim.Result short5 = MatrixEim.ofMatrices(samples, 5, 0.0);
        MatrixEim.Result cut5 = eim.truncate(5);
        assertThat(cut5.selectedSamples()).isEqualTo(short5.selectedSamples());
        assertThat(cut5.magicRows()).isEqualTo(short5.magicRows());
        assertThat(cut5.magicCols()).isEqualTo(short5.magicCols());
        assertThat(cut5.maxErrors()).isEqualTo(short5.maxErrors());
        // Over parameters outside the training set the error decays as well.
        List<Parameter> test = Sampler.random(SPACE, 20, 7);
        double first = maxTestError(eim.truncate(1), test);
        double last = maxTestError(eim, test);
        assertThat(last).isLessThan(1e-8 * first);
    }

    static double maxTestError(MatrixEim.Result eim, List<Parameter> test) {
        double max = 0;
        for (Parameter mu : test) {
            CsrMatrix a = nonaffine(mu);
            max = Math.max(max, relativeMaxError(a, eim.interpolant(eim.coefficients(entriesAt(a, eim)))));
        }
        return max;
    }

    @Test
    void theCoefficientFunctionalsShareOneEvaluationPerParameterAndAreThreadSafe() {
        MatrixEim.Result eim =
                MatrixEim.ofMatrices(matrices(Sampler.random(SPACE, 30, 8), MatrixEimTest::nonaffine), 6, 0.0);
        AtomicInteger calls = new AtomicInteger();
        MatrixEntries counted = (mu, rows, cols) -> {
            calls.incrementAndGet();
            return entries(MatrixEimTest::nonaffine).values(mu, rows, cols);
        };
        LincombOperator op = eim.operator(counted);
        Parameter mu = Sampler.random(SPACE, 1, 9).get(0);
        double[] theta = op.evaluateCoefficients(mu);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(theta).isEqualTo(eim.coefficients(entriesAt(nonaffine(mu), eim)));
        List<Parameter> many = Sampler.random(SPACE, 200, 10);
        double[][] sequential = new double[many.size()][];
        for (int k = 0; k < many.size(); k++) {
            sequential[k] = eim.coefficients(entriesAt(nonaffine(many.get(k)), eim));
        }
        double[][] parallel = new double[many.size()][];
        IntStream.range(0, many.size()).parallel().forEach(k -> parallel[k] = op.evaluateCoefficients(many.get(k)));
        assertThat(parallel).isDeepEqualTo(sequential);
    }

    @Test
    void theVectorEimInterpolatesAParametrizedRightHandSide() {
        int n = 80;
        VectorArray samples = VectorArray.empty(n);
        List<Parameter> training = Sampler.random(SPACE, 40, 11);
        training.forEach(mu -> samples.append(load(mu, n)));
        MatrixEim.Result eim = MatrixEim.ofVectors(samples, 30, 1e-11);
        assertThat(eim.magicCols()).containsOnly(0);
        assertThat(eim.maxErrors()[eim.size()]).isLessThanOrEqualTo(1e-11);
        MatrixEntries source = (mu, rows, cols) -> {
            double[] f = load(mu, n);
            double[] v = new double[rows.length];
            for (int k = 0; k < v.length; k++) {
                v[k] = f[rows[k]];
            }
            return v;
        };
        LincombOperator rhs = eim.operator(source);
        for (Parameter mu : Sampler.random(SPACE, 10, 12)) {
            double[] f = load(mu, n);
            double[] approx = rhs.apply(VectorArray.of(new double[] {1.0}), mu).vector(0);
            double scale = VectorArray.of(f).norms()[0];
            for (int i = 0; i < n; i++) {
                assertThat(Math.abs(approx[i] - f[i])).isLessThan(1e-9 * scale);
            }
        }
    }

    /** A bump {@code f_i = exp(-(x_i - c(mu))^2 / 0.1)} whose centre moves with mu. */
    static double[] load(Parameter mu, int n) {
        double[] f = new double[n];
        double c = 0.3 + 0.4 * mu.get(0);
        for (int i = 0; i < n; i++) {
            double x = (double) i / (n - 1);
            f[i] = (1 + mu.get(1)) * Math.exp(-(x - c) * (x - c) / 0.1);
        }
        return f;
    }

    @Test
    void badSamplesAreRefusedWithTheSampleNamed() {
        assertThatThrownBy(() -> MatrixEim.ofMatrices(List.of(), 3, 0.0))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("at least one sample");
        CsrMatrix a = randomSparse(5, 2, 1);
        CsrMatrix b = randomSparse(6, 2, 2);
        assertThatThrownBy(() -> MatrixEim.ofMatrices(List.of(a, a, b), 3, 0.0))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("sample 2 is 6x6")
                .hasMessageContaining("sample 0 is 5x5");
        CsrMatrix rect = CsrMatrix.fromDense(DenseMatrix.ofRows(new double[] {1, 2, 3}, new double[] {4, 5, 6}));
        assertThatThrownBy(() -> MatrixEim.ofMatrices(List.of(rect), 3, 0.0))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("square")
                .hasMessageContaining("sample 0 is 2x3");
        VectorArray nan = VectorArray.of(new double[] {1, 2}, new double[] {3, Double.NaN});
        assertThatThrownBy(() -> MatrixEim.ofVectors(nan, 3, 0.0))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("sample 1")
                .hasMessageContaining("entry 1");
        assertThatThrownBy(() -> MatrixEim.ofVectors(VectorArray.empty(4), 3, 0.0))
                .isInstanceOf(DimensionMismatchException.class);
        assertThatThrownBy(() -> MatrixEim.ofMatrices(List.of(a), -1, 0.0)).isInstanceOf(JromException.class);
        assertThatThrownBy(() -> MatrixEim.ofMatrices(List.of(a), 2, Double.NaN))
                .isInstanceOf(JromException.class);
        // A CsrMatrix cannot hold NaN: the exporter's reader refuses it with the entry named.
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(
                        2, 2, new int[] {0}, new int[] {1}, new double[] {Double.POSITIVE_INFINITY}, 1))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("(0, 1)");
    }

    @Test
    void aBadEntrySourceIsRefusedWithTheParameterAndEntryNamed() {
        MatrixEim.Result eim =
                MatrixEim.ofMatrices(matrices(Sampler.random(SPACE, 20, 13), MatrixEimTest::nonaffine), 4, 0.0);
        Parameter mu = Parameter.of(SPACE.type(), 0.5, 0.25);
        LincombOperator shortSource = eim.operator((m, rows, cols) -> new double[rows.length - 1]);
        assertThatThrownBy(() -> shortSource.evaluateCoefficients(mu))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("returned 3 values")
                .hasMessageContaining("4 magic entries");
        LincombOperator nanSource = eim.operator((m, rows, cols) -> {
            double[] v = new double[rows.length];
            v[2] = Double.NaN;
            return v;
        });
        assertThatThrownBy(() -> nanSource.evaluateCoefficients(mu))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("NaN")
                .hasMessageContaining("A[" + eim.magicRows()[2] + "][" + eim.magicCols()[2] + "]")
                .hasMessageContaining("magic entry 2");
        LincombOperator nullSource = eim.operator((m, rows, cols) -> null);
        assertThatThrownBy(() -> nullSource.evaluateCoefficients(mu)).isInstanceOf(DimensionMismatchException.class);
    }
}

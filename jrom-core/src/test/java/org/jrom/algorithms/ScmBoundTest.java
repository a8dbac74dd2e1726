package org.jrom.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.CoercivityBound;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.operators.Operator;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SCM on 1D P1 diffusion with three materials, {@code -(k u')' + c u} on (0, 1) with u(0) = 0:
 * {@code A(mu) = sum_i k_i K_i + c M}, {@code k_i in [0.1, 10]}, {@code c in [0, 1]}. Each K_i and M
 * is semidefinite (K_i vanishes outside material i, and M with c = 0 drops out), the inner product
 * is the H1 seminorm. The bounds are checked against dense LAPACK eigenvalues.
 */
class ScmBoundTest {
    static final int ELEMENTS = 60;
    static final ParameterType TYPE = ParameterType.of("k", 3, "c", 1);
    static final ParameterSpace SPACE =
            ParameterSpace.of(TYPE, new double[] {0.1, 0.1, 0.1, 0}, new double[] {10, 10, 10, 1});

    /** Element matrices {@code [[a, b], [b, a]]} of the elements in [first, last) on nodes 1..ELEMENTS. */
    static CsrMatrix assemble(int first, int last, double a, double b) {
        int n = ELEMENTS;
        int[] r = new int[4 * ELEMENTS];
        int[] c = new int[4 * ELEMENTS];
        double[] v = new double[4 * ELEMENTS];
        int t = 0;
        for (int e = first; e < last; e++) {
            int[] nodes = {e - 1, e}; // node e is x = e h; node 0 (x = 0) is eliminated
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    if (nodes[i] >= 0 && nodes[j] >= 0) {
                        r[t] = nodes[i];
                        c[t] = nodes[j];
                        v[t++] = i == j ? a : b;
                    }
                }
            }
        }
        return CsrMatrix.fromTriplets(n, n, r, c, v, t);
    }

    static LincombOperator operator() {
        double h = 1.0 / ELEMENTS;
        List<Operator> terms = new ArrayList<>();
        List<ParameterFunctional> thetas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            terms.add(MatrixOperator.of(assemble(i * ELEMENTS / 3, (i + 1) * ELEMENTS / 3, 1 / h, -1 / h)));
            thetas.add(ParameterFunctional.component(TYPE, "k", i));
        }
        terms.add(MatrixOperator.of(assemble(0, ELEMENTS, h / 3, h / 6)));
        thetas.add(ParameterFunctional.component(TYPE, "c", 0));
        return new LincombOperator(terms, thetas);
    }

    static MatrixOperator h1Seminorm() {
        double h = 1.0 / ELEMENTS;
        return MatrixOperator.of(assemble(0, ELEMENTS, 1 / h, -1 / h));
    }

    /** The smallest eigenvalue of {@code L^{-1} A(mu) L^{-T}}, {@code X = L L^T}, by LAPACK. */
    static double denseAlpha(LincombOperator a, MatrixOperator x, Parameter mu) {
        DenseMatrix xd = ((CsrMatrix) x.matrix()).toDense();
        var chol = xd.cholesky();
        DenseMatrix linv = chol.lower().transpose().multiply(chol.solve(DenseMatrix.identity(xd.rows())));
        DenseMatrix am = ((CsrMatrix) a.assemble(mu).matrix()).toDense();
        DenseMatrix c = linv.multiply(am).multiplyTranspose(linv);
        return c.plus(1.0, c.transpose()).scale(0.5).symmetricEigen().values()[0];
    }

    @ParameterizedTest(name = "tolerance {0}, M_alpha {1}")
    @CsvSource({"0.75, 2147483647", "0.3, 2147483647", "0.3, 4"})
    void boundsEncloseTheDenseCoercivityConstantAndSurviveTheRoundTrip(double tolerance, int mAlpha) {
        LincombOperator a = operator();
        MatrixOperator x = h1Seminorm();
        List<Parameter> training = Sampler.logUniform(
                ParameterSpace.of(TYPE, new double[] {0.1, 0.1, 0.1, 1e-3}, new double[] {10, 10, 10, 1}), 200, 5);
        ScmBound scm = ScmBound.build(
                a, x, SPACE, training, new ScmBound.Options(tolerance, 40, mAlpha, 7), ProgressListener.NONE);
        double[] gaps = scm.greedyMaxGaps();
        assertThat(gaps).hasSize(scm.size());
        assertThat(gaps[gaps.length - 1]).isLessThanOrEqualTo(tolerance);
        CoercivityBound rebuilt = CoercivityBounds.fromArrays("scm", scm.arrays(), a.coefficients());
        List<Parameter> test = new ArrayList<>(Sampler.random(SPACE, 20, 9));
        test.addAll(training.subList(0, 10));
        double worst = Double.POSITIVE_INFINITY;
        for (Parameter mu : test) {
            double alpha = denseAlpha(a, x, mu);
            double lb = scm.lowerBound(mu);
            assertThat(lb).as("alpha_LB at %s", mu).isPositive().isLessThanOrEqualTo(alpha);
            assertThat(scm.upperBound(mu)).as("alpha_UB at %s", mu).isGreaterThanOrEqualTo(alpha * (1 - 1e-12));
            assertThat(rebuilt.lowerBound(mu)).isEqualTo(lb);
            worst = Math.min(worst, lb / alpha);
        }
        assertThat(worst).isGreaterThan(0.1);
        // At a selected parameter the bounds close up to the safety margin.
        Parameter first = training.get(0);
        double alpha = denseAlpha(a, x, first);
        assertThat(scm.lowerBound(first)).isGreaterThan(alpha * (1 - 1e-5));
        assertThat(scm.upperBound(first)).isLessThan(alpha * (1 + 1e-8));
    }

    @org.junit.jupiter.api.Test
    void inconsistentArraysAndBadOptionsAreRejectedWithTheReason() {
        LincombOperator a = operator();
        ScmBound scm = ScmBound.build(
                a,
                h1Seminorm(),
                SPACE,
                Sampler.random(SPACE, 20, 1),
                new ScmBound.Options(0.9, 3, 8, 1),
                ProgressListener.NONE);
        var arrays = new java.util.HashMap<>(scm.arrays());
        arrays.put("y", DenseMatrix.zeros(scm.size(), 2));
        assertThatThrownBy(() -> CoercivityBounds.fromArrays("scm", arrays, a.coefficients()))
                .hasMessageContaining("'y' must be " + scm.size() + "x4");
        assertThatThrownBy(() -> new ScmBound.Options(0.5, 0, 4, 1)).isInstanceOf(JromException.class);
        assertThatThrownBy(() -> ScmBound.build(
                        a, h1Seminorm(), SPACE, List.of(), ScmBound.Options.defaults(), ProgressListener.NONE))
                .hasMessageContaining("non-empty training set");
    }
}

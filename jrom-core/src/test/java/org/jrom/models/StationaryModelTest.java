package org.jrom.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.VectorArray;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.operators.Operator;
import org.jrom.operators.ParameterFunctional;
import org.jrom.operators.RestrictedOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterException;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.testing.RodModel;
import org.junit.jupiter.api.Test;

/**
 * A 1D two-material diffusion problem {@code -(k u')' = 1} on (0, 1), u = 0 at both ends, k = mu_0
 * on the left half and mu_1 on the right half. P1 elements with exact load integration are nodally
 * exact in 1D, so the model must reproduce the analytic solution at the nodes to round-off.
 */
class StationaryModelTest {
    static final int ELEMENTS = 64; // even: the interface x = 1/2 is a node
    static final ParameterType TYPE = ParameterType.of("k", 2);
    static final ParameterSpace SPACE = ParameterSpace.box(TYPE, 0.1, 10);

    /** Stiffness of the elements in [first, last) on the interior nodes 1..ELEMENTS-1. */
    static CsrMatrix stiffness(int first, int last) {
        return RodModel.assemble(ELEMENTS, first, last, false);
    }

    static StationaryModel model() {
        int n = ELEMENTS - 1;
        double[] load = new double[n];
        java.util.Arrays.fill(load, 1.0 / ELEMENTS);
        Operator a = new LincombOperator(
                List.of(
                        MatrixOperator.of(stiffness(0, ELEMENTS / 2)),
                        MatrixOperator.of(stiffness(ELEMENTS / 2, ELEMENTS))),
                List.of(ParameterFunctional.component(TYPE, "k", 0), ParameterFunctional.component(TYPE, "k", 1)));
        MatrixOperator f = MatrixOperator.of(DenseMatrix.wrap(n, 1, load.clone()));
        MatrixOperator mean = MatrixOperator.of(DenseMatrix.wrap(1, n, load.clone()));
        return StationaryModel.builder(SPACE, a, f)
                .output("mean", mean)
                .product("h1", MatrixOperator.of(stiffness(0, ELEMENTS)))
                .build();
    }

    /** Analytic u(x): flux q = C - x, u(x) = int_0^x q / k, with C chosen so that u(1) = 0. */
    static double exact(double x, double k0, double k1) {
        // int_0^1 (C - t)/k(t) dt = 0  =>  C (1/(2k0) + 1/(2k1)) = (1/8)/k0 + (3/8)/k1
        double c = (0.125 / k0 + 0.375 / k1) / (0.5 / k0 + 0.5 / k1);
        if (x <= 0.5) {
            return (c * x - x * x / 2) / k0;
        }
        return (c * 0.5 - 0.125) / k0 + (c * (x - 0.5) - (x * x - 0.25) / 2) / k1;
    }

    @Test
    void solutionIsNodallyExact() {
        StationaryModel m = model();
        Parameter mu = Parameter.of(TYPE, 0.3, 7.0);
        VectorArray u = m.solve(mu);
        for (int i = 0; i < m.dim(); i++) {
            double x = (i + 1.0) / ELEMENTS;
            assertThat(u.get(i, 0)).isCloseTo(exact(x, 0.3, 7.0), within(1e-12));
        }
        double mean = m.output(mu).get("mean");
        double trapezoid = 0;
        for (int i = 0; i < m.dim(); i++) {
            trapezoid += u.get(i, 0) / ELEMENTS;
        }
        assertThat(mean).isCloseTo(trapezoid, within(1e-15));
    }

    @Test
    void affineOperatorAgreesWithItsAssemblyProjectionAndRestriction() {
        StationaryModel m = model();
        Operator a = m.operator();
        Parameter mu = Parameter.of(TYPE, 2.0, 0.5);
        Random rnd = new Random(3);
        VectorArray v = VectorArray.zeros(m.dim(), 3);
        VectorArray w = VectorArray.zeros(m.dim(), 2);
        for (int i = 0; i < v.data().length; i++) {
            v.data()[i] = rnd.nextGaussian();
        }
        for (int i = 0; i < w.data().length; i++) {
            w.data()[i] = rnd.nextGaussian();
        }
        VectorArray av = a.apply(v, mu);
        VectorArray assembled = a.assemble(mu).apply(v, mu);
        av.axpy(-1.0, assembled);
        assertThat(java.util.Arrays.stream(av.norms()).max().orElseThrow()).isLessThan(1e-12);
        DenseMatrix projected = a.project(w, v, mu);
        DenseMatrix dense =
                w.toMatrix().transposeMultiply(a.assemble(mu).apply(v, mu).toMatrix());
        assertThat(projected.minus(dense).normMax()).isLessThan(1e-11);
        // A(mu) A(mu)^{-1} f = f
        VectorArray f = m.rhs().apply(VectorArray.of(new double[] {1}), mu);
        VectorArray back = a.apply(a.applyInverse(f, mu), mu);
        back.axpy(-1.0, f);
        assertThat(back.norms()[0]).isLessThan(1e-12);

        MatrixOperator k0 = (MatrixOperator) ((LincombOperator) a).terms().get(0);
        RestrictedOperator r = k0.restricted(new int[] {5, 20}).orElseThrow();
        assertThat(r.sourceDofs()).containsExactly(4, 5, 6, 19, 20, 21);
        double[] u = v.vector(0);
        double[] local = new double[r.sourceDofs().length];
        for (int k = 0; k < local.length; k++) {
            local[k] = u[r.sourceDofs()[k]];
        }
        double[] full = ((CsrMatrix) k0.matrix()).apply(u);
        assertThat(r.apply(local, mu)).containsExactly(full[5], full[20]);
    }

    @Test
    void badModelsAndParametersAreRefused() {
        StationaryModel m = model();
        assertThatThrownBy(() -> m.solve(Parameter.of(TYPE, 0.05, 1)))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("k[0] = 0.05 is outside");
        assertThatThrownBy(
                        () -> StationaryModel.builder(SPACE, m.operator(), MatrixOperator.of(DenseMatrix.zeros(5, 1)))
                                .build())
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessage("range of the right-hand side: expected 63, found 5");
    }
}

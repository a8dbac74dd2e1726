package org.jrom.reductors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.DoubleFunction;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ErrorFigures;
import org.jrom.models.ReducedModel;
import org.jrom.testing.RodModel;
import org.junit.jupiter.api.Test;

/**
 * The product EIM evaluation (Casenave, Ern, Lelievre 2014) against the dual norm of the residual it
 * represents, computed directly: exact on a family whose coefficient products span a finite space,
 * and accurate where the classic Gram expansion cancels to nothing.
 */
class ProductEimResidualNormTest {
    private static final int DIM = 40;

    /** X: the tridiagonal 1-D stiffness plus mass, symmetric positive definite. */
    private static final CsrMatrix X = CsrMatrix.fromDense(tridiagonal());

    @Test
    void exactOnAFamilyOfFiniteProductRank() {
        // gamma(t) = a + t b + t^2 c in R^6: the 21 products gamma gamma^T are polynomials of degree 4 in t, rank 5.
        Random random = new Random(5);
        double[][] v = new double[3][6];
        for (double[] row : v) {
            for (int k = 0; k < row.length; k++) {
                row[k] = random.nextGaussian();
            }
        }
        DoubleFunction<double[]> gamma = t -> {
            double[] g = new double[6];
            for (int k = 0; k < 6; k++) {
                g[k] = v[0][k] + t * v[1][k] + t * t * v[2][k];
            }
            return g;
        };
        VectorArray rho = randomVectors(6, random);
        ReducedModel.ResidualEvaluator evaluator = evaluator(rho, gamma, 0);
        assertThat(evaluator.arrays().get(ProductEimResidualNorm.ENTRIES).rows())
                .as("EIM terms: the products' rank 5, and round-off pivots above the 1e-16 stopping rule")
                .isBetween(5, 10);
        for (int i = 0; i < 20; i++) {
            double t = -1 + 2 * random.nextDouble();
            double exact = rho.lincomb(DenseMatrix.wrap(6, 1, gamma.apply(t))).norms(X)[0];
            assertThat(evaluator.norm(gamma.apply(t)))
                    .as("at t = " + t)
                    .isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(1e-10));
        }
        assertThat(evaluator.rigorous()).isFalse();
        assertThat(evaluator.kind()).isEqualTo("PRODUCT_EIM");
    }

    @Test
    void accurateWhereTheGramExpansionCancels() {
        // rho_2 = -rho_1 + delta w: r(t) = (1 + t)(rho_1 + rho_2) + eps t w2 is 1e-10 of the terms.
        Random random = new Random(7);
        VectorArray base = randomVectors(3, random);
        double delta = 1e-10;
        double[] rho1 = base.vector(0);
        double[] rho2 = new double[DIM];
        double[] w = base.vector(1);
        for (int i = 0; i < DIM; i++) {
            rho2[i] = -rho1[i] + delta * w[i];
        }
        double[] w2 = base.vector(2);
        double[] rho3 = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            rho3[i] = delta * w2[i];
        }
        VectorArray rho = VectorArray.of(rho1);
        rho.append(VectorArray.of(rho2));
        rho.append(VectorArray.of(rho3));
        DoubleFunction<double[]> gamma = t -> new double[] {1 + t, 1 + t, t};
        ReducedModel.ResidualEvaluator productEim = evaluator(rho, gamma, 0);
        DenseMatrix g = rho.inner(X.apply(rho));
        ReducedModel.ResidualEvaluator gram = GramResidualNorm.evaluator(g);
        double worstProduct = 0;
        double worstGram = 0;
        for (int i = 0; i < 20; i++) {
            double t = 0.05 * i;
            // rho_1 + rho_2 is exact in floating point (Sterbenz): the reference is accurate to a few eps
            double[] r = new double[DIM];
            for (int k = 0; k < DIM; k++) {
                r[k] = (1 + t) * (rho1[k] + rho2[k]) + t * rho3[k];
            }
            double exact = VectorArray.of(r).norms(X)[0];
            worstProduct = Math.max(worstProduct, Math.abs(productEim.norm(gamma.apply(t)) - exact) / exact);
            worstGram = Math.max(worstGram, Math.abs(gram.norm(gamma.apply(t)) - exact) / exact);
        }
        // the assembled residuals at the EIM's parameters carry eps ||rho_1|| / ||r|| ~ 1e-6
        assertThat(worstProduct).as("product EIM, relative").isLessThan(1e-4);
        assertThat(worstGram).as("GRAM, relative: cancelled").isGreaterThan(1e-2);
    }

    @Test
    void modelsWithItGiveEstimates() {
        ReducedModel rom =
                RodModel.reduced(new RodModel.Variant(ResidualNormEvaluation.PRODUCT_EIM, false, true, false));
        assertThat(rom.errorFigures().standing()).isEqualTo(ErrorFigures.Standing.ESTIMATE);
        assertThat(rom.errorFigures().restsOn())
                .contains("a residual norm is the PRODUCT_EIM approximation, not an upper bound");
        ReducedModel orthonormal =
                RodModel.reduced(new RodModel.Variant(ResidualNormEvaluation.ORTHONORMAL, false, true, false));
        assertThat(orthonormal.errorFigures().bounds()).isTrue();
    }

    /** The product EIM of the family over 60 seeded t in [-1, 1], for the first d terms and N basis vectors. */
    private static ReducedModel.ResidualEvaluator evaluator(
            VectorArray rho, DoubleFunction<double[]> gamma, int basisSize) {
        ProductEimResidualNorm norm = new ProductEimResidualNorm();
        norm.extend(rho, rho, X);
        int d = rho.count();
        return norm.online(d, basisSize, count -> {
            Random random = new Random(11);
            double[] g = new double[d * count];
            for (int j = 0; j < count; j++) {
                System.arraycopy(gamma.apply(-1 + 2 * random.nextDouble()), 0, g, j * d, d);
            }
            return DenseMatrix.wrap(d, count, g);
        });
    }

    private static VectorArray randomVectors(int count, Random random) {
        VectorArray v = VectorArray.empty(DIM);
        for (int j = 0; j < count; j++) {
            double[] x = new double[DIM];
            for (int i = 0; i < DIM; i++) {
                x[i] = random.nextGaussian();
            }
            v.append(VectorArray.of(x));
        }
        return v;
    }

    private static DenseMatrix tridiagonal() {
        DenseMatrix a = DenseMatrix.zeros(DIM, DIM);
        for (int i = 0; i < DIM; i++) {
            a.set(i, i, 2.0 + 1.0 / DIM);
            if (i > 0) {
                a.set(i, i - 1, -1.0);
                a.set(i - 1, i, -1.0);
            }
        }
        return a;
    }
}

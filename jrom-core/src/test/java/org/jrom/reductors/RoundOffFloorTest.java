package org.jrom.reductors;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrom.ProgressListener;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.algorithms.WeakGreedy;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.operators.Operator;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The round-off floor (docs/estimators.md) against the exact discrete solution: a 1-D
 * reaction-diffusion problem with two conductivities and a reaction coefficient, {@code (k0 K_left
 * + k1 K_right + c M) u = f}, whose tridiagonal system is solved exactly (60-digit decimal
 * arithmetic on the double-precision entries). The reduced basis is grown until its error is
 * round-off; at every basis size and test parameter the error bound must hold against the exact
 * solution, and so must the bounds of a compliant, a plain and a primal-dual output. Without the
 * floor, the compliant output's bound ({@code ||r||^2 / alpha}, about 1e-30) falls below its
 * round-off error (about 1e-17): the test checks that too, so it cannot pass vacuously.
 */
class RoundOffFloorTest {
    private static final int ELEMENTS = 64;
    private static final int N = ELEMENTS - 1; // interior nodes
    private static final double H = 1.0 / ELEMENTS;
    private static final MathContext EXACT = new MathContext(60);
    private static final ParameterType TYPE = ParameterType.of("k", 2, "c", 1);
    private static final ParameterSpace SPACE =
            ParameterSpace.of(TYPE, new double[] {0.1, 0.1, 0.1}, new double[] {1, 1, 10});

    /** Tridiagonal terms as diagonals {lower, diagonal, upper}, node i at x = (i + 1) h. */
    private static double[][] stiffness(int firstElement, int lastElement) {
        double[][] t = new double[3][N];
        for (int e = firstElement; e < lastElement; e++) {
            int a = e - 1;
            int b = e;
            if (a >= 0) {
                t[1][a] += 1 / H;
            }
            if (b < N) {
                t[1][b] += 1 / H;
            }
            if (a >= 0 && b < N) {
                t[2][a] -= 1 / H; // (a, b)
                t[0][b] -= 1 / H; // (b, a)
            }
        }
        return t;
    }

    private static double[][] mass() {
        double[][] t = new double[3][N];
        java.util.Arrays.fill(t[1], H);
        return t;
    }

    private static CsrMatrix csr(double[][] t) {
        int[] r = new int[3 * N];
        int[] c = new int[3 * N];
        double[] v = new double[3 * N];
        int k = 0;
        for (int i = 0; i < N; i++) {
            for (int d = 0; d < 3; d++) {
                int j = i + d - 1;
                if (j >= 0 && j < N && t[d][i] != 0) {
                    r[k] = i; // row i, column j: lower (i, i-1), upper (i, i+1)
                    c[k] = j;
                    v[k++] = t[d][i];
                }
            }
        }
        return CsrMatrix.fromTriplets(N, N, r, c, v, k);
    }

    private static final double[][][] TERMS = {stiffness(0, ELEMENTS / 2), stiffness(ELEMENTS / 2, ELEMENTS), mass()};
    private static final int POINT = N / 3;
    private static final int FLUX = 2 * N / 3;

    private static StationaryModel model() {
        List<Operator> terms = new ArrayList<>();
        for (double[][] t : TERMS) {
            terms.add(MatrixOperator.of(csr(t)));
        }
        Operator a = new LincombOperator(
                terms,
                List.of(
                        ParameterFunctional.component(TYPE, "k", 0),
                        ParameterFunctional.component(TYPE, "k", 1),
                        ParameterFunctional.component(TYPE, "c", 0)));
        double[] load = new double[N];
        java.util.Arrays.fill(load, H);
        return StationaryModel.builder(SPACE, a, MatrixOperator.of(DenseMatrix.wrap(N, 1, load.clone())))
                .output("mean", MatrixOperator.of(DenseMatrix.wrap(1, N, load.clone())))
                .output("point", MatrixOperator.of(DenseMatrix.wrap(1, N, unit(POINT))))
                .output("flux", MatrixOperator.of(DenseMatrix.wrap(1, N, unit(FLUX))))
                .build();
    }

    private static double[] unit(int i) {
        double[] e = new double[N];
        e[i] = 1;
        return e;
    }

    /** {@code sum_q theta_q T_q} as exact decimals, {lower, diagonal, upper}. */
    private static BigDecimal[][] exactMatrix(double[] theta) {
        BigDecimal[][] m = new BigDecimal[3][N];
        for (int d = 0; d < 3; d++) {
            for (int i = 0; i < N; i++) {
                BigDecimal s = BigDecimal.ZERO;
                for (int q = 0; q < TERMS.length; q++) {
                    s = s.add(new BigDecimal(theta[q]).multiply(new BigDecimal(TERMS[q][d][i])));
                }
                m[d][i] = s;
            }
        }
        return m;
    }

    /** The exact discrete solution (Thomas algorithm in 60 digits) of {@code A(mu) u = h 1}. */
    private static BigDecimal[] exactSolution(double[] theta) {
        BigDecimal[][] m = exactMatrix(theta);
        BigDecimal[] c = new BigDecimal[N];
        BigDecimal[] d = new BigDecimal[N];
        BigDecimal f = new BigDecimal(H);
        for (int i = 0; i < N; i++) {
            BigDecimal lower = i > 0 ? m[0][i] : BigDecimal.ZERO;
            BigDecimal denom = m[1][i].subtract(i > 0 ? lower.multiply(c[i - 1]) : BigDecimal.ZERO);
            c[i] = i < N - 1 ? m[2][i].divide(denom, EXACT) : BigDecimal.ZERO;
            d[i] = f.subtract(i > 0 ? lower.multiply(d[i - 1]) : BigDecimal.ZERO)
                    .divide(denom, EXACT);
        }
        BigDecimal[] u = new BigDecimal[N];
        for (int i = N - 1; i >= 0; i--) {
            u[i] = i == N - 1 ? d[i] : d[i].subtract(c[i].multiply(u[i + 1]));
        }
        return u;
    }

    /** {@code sqrt(e^T X e)} exactly (to 60 digits), X = the sum of the terms (A at mu = (1, 1, 1)). */
    private static double xNorm(BigDecimal[] e) {
        BigDecimal[][] x = exactMatrix(new double[] {1, 1, 1});
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < N; i++) {
            BigDecimal xe = x[1][i].multiply(e[i]);
            if (i > 0) {
                xe = xe.add(x[0][i].multiply(e[i - 1]));
            }
            if (i < N - 1) {
                xe = xe.add(x[2][i].multiply(e[i + 1]));
            }
            s = s.add(e[i].multiply(xe));
        }
        return s.max(BigDecimal.ZERO).sqrt(EXACT).doubleValue();
    }

    @ParameterizedTest
    @EnumSource(
            value = ResidualNormEvaluation.class,
            names = {"PRODUCT_EIM"},
            mode = EnumSource.Mode.EXCLUDE) // an estimate, not a bound (ProductEimResidualNormTest)
    void boundsHoldAgainstTheExactDiscreteSolutionDownToRoundOff(ResidualNormEvaluation evaluation) {
        StationaryModel fom = model();
        MatrixOperator x = MatrixOperator.of(csr(new double[][] {add(TERMS, 0), add(TERMS, 1), add(TERMS, 2)}));
        LincombOperator a = (LincombOperator) fom.operator();
        // A(1, 1, 1) = X: alpha(mu_ref) = 1 in the X norm
        MinThetaBound alpha = MinThetaBound.of(a, Parameter.of(TYPE, 1, 1, 1), 1.0);
        // one basis, grown by the ORTHONORMAL greedy (GRAM's own greedy stalls at sqrt(eps)), copied
        CoerciveRbReductor grower = reductor(fom, x, alpha, ResidualNormEvaluation.ORTHONORMAL);
        List<Parameter> training = Sampler.random(SPACE, 200, 1);
        WeakGreedy.Options options = new WeakGreedy.Options(0, 24);
        WeakGreedy.run(grower.greedySurrogate(), training, options, ProgressListener.NONE);
        WeakGreedy.run(grower.dual("flux").greedySurrogate(), training, options, ProgressListener.NONE);
        CoerciveRbReductor reductor = reductor(fom, x, alpha, evaluation);
        reductor.extendBasis(grower.basis());
        reductor.dual("flux").extendBasis(grower.dual("flux").basis());
        List<Parameter> test = Sampler.random(SPACE, 12, 2);
        int size = reductor.basisSize();
        double smallestRelativeError = Double.POSITIVE_INFINITY;
        int floorNeeded = 0;
        for (int n : new int[] {0, 4, 12, size}) {
            ReducedModel rom = reductor.reduce(n);
            for (Parameter mu : test) {
                double[] theta = {mu.get("k")[0], mu.get("k")[1], mu.get("c")[0]};
                BigDecimal[] u = exactSolution(theta);
                ReducedSolution s = rom.solve(mu);
                double[] un = n == 0 ? new double[N] : reductor.reconstruct(s.coefficients());
                BigDecimal[] e = new BigDecimal[N];
                for (int i = 0; i < N; i++) {
                    e[i] = u[i].subtract(new BigDecimal(un[i]));
                }
                double error = xNorm(e);
                String at = evaluation + ", N = " + n + ", mu = " + mu;
                assertThat(s.errorBound()).as("error bound, " + at).isGreaterThanOrEqualTo(error);
                smallestRelativeError = Math.min(smallestRelativeError, error / xNorm(u));

                BigDecimal mean = BigDecimal.ZERO;
                for (int i = 0; i < N; i++) {
                    mean = mean.add(new BigDecimal(H).multiply(u[i]));
                }
                Map<String, BigDecimal> exact = Map.of("mean", mean, "point", u[POINT], "flux", u[FLUX]);
                for (var o : exact.entrySet()) {
                    double outputError = o.getValue()
                            .subtract(new BigDecimal(s.outputs().get(o.getKey())))
                            .abs()
                            .doubleValue();
                    assertThat(s.outputBounds().get(o.getKey()))
                            .as("output " + o.getKey() + ", " + at)
                            .isGreaterThanOrEqualTo(outputError);
                }
                // the compliant bound without the floor: ||r||^2 / alpha with the computed norm
                double computedNorm = (s.errorBound() - s.floor()) * s.coercivityBound();
                double mean0 = computedNorm * computedNorm / s.coercivityBound();
                double meanError = mean.subtract(new BigDecimal(s.outputs().get("mean")))
                        .abs()
                        .doubleValue();
                if (mean0 < meanError) {
                    floorNeeded++;
                }
            }
        }
        assertThat(smallestRelativeError).as("the basis reached round-off").isLessThan(1e-11);
        if (evaluation != ResidualNormEvaluation.GRAM) { // GRAM's computed norm stagnates near sqrt(eps) anyway
            assertThat(floorNeeded)
                    .as("compliant bounds that only the floor lifts above the error")
                    .isPositive();
        }
    }

    private static CoerciveRbReductor reductor(
            StationaryModel fom, MatrixOperator x, MinThetaBound alpha, ResidualNormEvaluation evaluation) {
        return CoerciveRbReductor.builder(fom)
                .product(x)
                .coercivityBound(alpha)
                .residualNorm(evaluation)
                .compliantOutput("mean")
                .primalDualOutput("flux")
                .build();
    }

    /** Diagonal d of the sum of the terms. */
    private static double[] add(double[][][] terms, int d) {
        double[] s = new double[N];
        for (double[][] t : terms) {
            for (int i = 0; i < N; i++) {
                s[i] += t[d][i];
            }
        }
        return s;
    }
}

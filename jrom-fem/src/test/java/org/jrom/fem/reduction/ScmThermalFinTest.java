package org.jrom.fem.reduction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrom.ProgressListener;
import org.jrom.algorithms.CoercivityBounds;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.algorithms.ScmBound;
import org.jrom.algorithms.WeakGreedy;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.problems.ThermalFin;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.models.CoercivityBound;
import org.jrom.models.ReducedModel;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.jrom.reductors.ResidualNormEvaluation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The successive constraint method on the thermal fin (Rozza, Huynh, Patera 2008, sec. 6): its
 * lower and upper bounds enclose the coercivity constant computed by dense LAPACK, and a reduced
 * basis certified with it has a rigorous error bound at every test parameter.
 *
 * <p>Inner products: the energy product at {@code mu_ref = (k = 1, Bi = 0.1)}, the geometric
 * centre of the parameter box, for which min-theta is also valid ({@code alpha(mu_ref) = 1}) and the
 * two bounds can be compared; and the {@code h1} product (stiffness + mass), for which min-theta
 * has no reference constant and only SCM applies.
 */
class ScmThermalFinTest {
    static AffineDiscretization fin;
    static StationaryModel fom;
    static LincombOperator operator;
    static Parameter muRef;
    static List<Parameter> test;

    @BeforeAll
    static void setUp() {
        fin = ThermalFin.discretize(4);
        fom = fin.toModel();
        operator = (LincombOperator) fom.operator();
        muRef = Parameter.of(fom.parameterSpace().type(), 1, 1, 1, 1, 0.1);
        // Half log-uniform (small conductivities and Biot numbers, where alpha is smallest), half uniform.
        test = new ArrayList<>(Sampler.logUniform(fom.parameterSpace(), 25, 2));
        test.addAll(Sampler.random(fom.parameterSpace(), 25, 3));
    }

    static MatrixOperator product(String name) {
        return name.equals("energy")
                ? MatrixOperator.of(fin.operator(muRef))
                : (MatrixOperator) fom.products().get(name);
    }

    static List<Parameter> training() {
        List<Parameter> t = new ArrayList<>(Sampler.logUniform(fom.parameterSpace(), 250, 11));
        t.addAll(Sampler.random(fom.parameterSpace(), 150, 12));
        return t;
    }

    /** {@code alpha(mu)} for each test parameter: the smallest eigenvalue of {@code L^{-1} A(mu) L^{-T}}, {@code X = L L^T}. */
    static double[] trueAlphas(MatrixOperator product, List<Parameter> mus) {
        DenseMatrix x = ((CsrMatrix) product.matrix()).toDense();
        var chol = x.cholesky();
        // L^{-1} = L^T X^{-1}
        DenseMatrix linv = chol.lower().transpose().multiply(chol.solve(DenseMatrix.identity(x.rows())));
        List<DenseMatrix> projected = new ArrayList<>();
        for (CsrMatrix aq : fin.operatorTerms()) {
            projected.add(linv.multiply(aq.toDense()).multiplyTranspose(linv));
        }
        double[] alpha = new double[mus.size()];
        for (int k = 0; k < mus.size(); k++) {
            double[] theta = operator.evaluateCoefficients(mus.get(k));
            DenseMatrix c = DenseMatrix.zeros(x.rows(), x.rows());
            for (int q = 0; q < theta.length; q++) {
                c = c.plus(theta[q], projected.get(q));
            }
            c = c.plus(1.0, c.transpose()).scale(0.5);
            alpha[k] = c.symmetricEigen().values()[0];
        }
        return alpha;
    }

    /** The SCM bound for a product, built once per test class (tolerance 0.5, every point in the LP). */
    static ScmBound scm(String productName) {
        return SCM.computeIfAbsent(
                productName,
                name -> ScmBound.build(
                        operator,
                        product(name),
                        fom.parameterSpace(),
                        training(),
                        new ScmBound.Options(0.5, 60, Integer.MAX_VALUE, 1),
                        ProgressListener.NONE));
    }

    static final Map<String, ScmBound> SCM = new java.util.concurrent.ConcurrentHashMap<>();

    @ParameterizedTest(name = "X = {0}")
    @ValueSource(strings = {"energy", "h1"})
    void lowerAndUpperBoundsEncloseTheDenseCoercivityConstant(String productName) {
        MatrixOperator x = product(productName);
        ScmBound scm = scm(productName);
        double[] alpha = trueAlphas(x, test);
        double minRatio = Double.POSITIVE_INFINITY;
        double sumRatio = 0;
        double minThetaRatio = Double.POSITIVE_INFINITY;
        double sumMinTheta = 0;
        MinThetaBound minTheta = MinThetaBound.of(operator, muRef, 1.0);
        for (int k = 0; k < test.size(); k++) {
            Parameter mu = test.get(k);
            double lb = scm.lowerBound(mu);
            double ub = scm.upperBound(mu);
            assertThat(lb).as("alpha_LB at %s", mu).isPositive().isLessThanOrEqualTo(alpha[k]);
            // alpha_UB is a Rayleigh quotient: above alpha up to the round-off of the dense solve.
            assertThat(ub).as("alpha_UB at %s", mu).isGreaterThanOrEqualTo(alpha[k] * (1 - 1e-12));
            minRatio = Math.min(minRatio, lb / alpha[k]);
            sumRatio += lb / alpha[k];
            if (productName.equals("energy")) {
                // Every theta_q > 0 and every A_q is semidefinite: min-theta is valid too.
                double mt = minTheta.lowerBound(mu);
                assertThat(mt).isLessThanOrEqualTo(alpha[k] * (1 + 1e-12));
                minThetaRatio = Math.min(minThetaRatio, mt / alpha[k]);
                sumMinTheta += mt / alpha[k];
            }
        }
        System.out.printf(
                "SCM X=%s, n=%d: %d points (%s); alpha_LB/alpha min %.3f mean %.3f%s%n",
                productName,
                fom.dim(),
                scm.size(),
                scm.stopReason(),
                minRatio,
                sumRatio / test.size(),
                productName.equals("energy")
                        ? String.format(
                                "; min-theta/alpha min %.3f mean %.3f", minThetaRatio, sumMinTheta / test.size())
                        : "");
        // Test parameters lie off the training set, so their gap may exceed the tolerance 0.5 somewhat.
        assertThat(minRatio).isGreaterThan(0.3);
        assertThat(sumRatio / test.size()).isGreaterThan(0.75);
        assertThat(scm.greedyMaxGaps()[scm.size() - 1]).isLessThanOrEqualTo(0.5);
    }

    @Test
    void boxContainsTheRayleighQuotientRangesOfTheTerms() {
        // Energy product at mu_ref: theta_q(mu_ref) y_q sums to 1 for every v, each A_q is
        // semidefinite, so every box starts at (or just below) 0 and theta_q(mu_ref) sigma_q^+ <= 1.
        Map<String, DenseMatrix> arrays = scm("energy").arrays();
        double[] lower = arrays.get("box_lower").column(0);
        double[] upper = arrays.get("box_upper").column(0);
        double[] thetaRef = operator.evaluateCoefficients(muRef);
        for (int q = 0; q < lower.length; q++) {
            assertThat(lower[q]).as("sigma_%d^-", q).isLessThan(0.0).isGreaterThan(-1e-5 / thetaRef[q]);
            assertThat(upper[q] * thetaRef[q])
                    .as("theta_q(mu_ref) sigma_%d^+", q)
                    .isGreaterThan(0.5)
                    .isLessThan(1 + 1e-5);
            // Each stored y lies in the box.
            DenseMatrix y = arrays.get("y");
            for (int k = 0; k < y.rows(); k++) {
                assertThat(y.get(k, q)).isBetween(lower[q], upper[q]);
            }
        }
    }

    @Test
    void arraysRoundTripGivesBitIdenticalBounds() {
        ScmBound scm = scm("h1");
        CoercivityBound rebuilt = CoercivityBounds.fromArrays(scm.kind(), scm.arrays(), operator.coefficients());
        assertThat(rebuilt).isInstanceOf(ScmBound.class);
        assertThat(rebuilt.kind()).isEqualTo("scm");
        for (Parameter mu : test) {
            assertThat(rebuilt.lowerBound(mu)).isEqualTo(scm.lowerBound(mu));
            assertThat(((ScmBound) rebuilt).upperBound(mu)).isEqualTo(scm.upperBound(mu));
        }
        Map<String, DenseMatrix> again = rebuilt.arrays();
        scm.arrays()
                .forEach(
                        (name, m) -> assertThat(again.get(name).data()).as(name).containsExactly(m.data()));
    }

    @Test
    void concurrentEvaluationEqualsSerialEvaluation() {
        ScmBound scm = scm("energy");
        double[] serial = test.stream().mapToDouble(scm::lowerBound).toArray();
        for (int round = 0; round < 3; round++) {
            double[] parallel =
                    test.parallelStream().mapToDouble(scm::lowerBound).toArray();
            assertThat(parallel).containsExactly(serial);
        }
    }

    @Test
    void missingArrayIsNamed() {
        Map<String, DenseMatrix> arrays = new java.util.HashMap<>(scm("energy").arrays());
        arrays.remove("y");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CoercivityBounds.fromArrays("scm", arrays, operator.coefficients()))
                .hasMessageContaining("'y'");
    }

    /**
     * The acceptance test, "Thermal fin with SCM: a rigorous bound at every test parameter":
     * a reduced basis (ORTHONORMAL residual norms, greedy to 1e-6 or 20 vectors) certified with SCM
     * bounds the true X-norm error at every test parameter and every basis size; min-theta, valid
     * here too, is compared on the same basis.
     */
    @Test
    void reducedBasisWithScmIsRigorousAtEveryTestParameter() {
        MatrixOperator x = product("energy");
        CoerciveRbReductor withScm = reductor(x, scm("energy"));
        CoerciveRbReductor withMinTheta = reductor(x, MinThetaBound.of(operator, muRef, 1.0));
        WeakGreedy.Result greedy = WeakGreedy.run(
                withScm.greedySurrogate(),
                Sampler.logUniform(fom.parameterSpace(), 200, 21),
                new WeakGreedy.Options(1e-6, 20),
                ProgressListener.NONE);
        withMinTheta.extendBasis(withScm.basis());
        VectorArray truth = VectorArray.empty(fom.dim());
        for (Parameter mu : test) {
            truth.append(fom.solve(mu));
        }
        double[] minEff = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] maxEff = {0, 0};
        double[] sumEff = {0, 0};
        int count = 0;
        for (int n = 0; n <= withScm.basisSize(); n++) {
            ReducedModel scmRom = withScm.reduce(n);
            ReducedModel mtRom = withMinTheta.reduce(n);
            for (int k = 0; k < test.size(); k++) {
                Parameter mu = test.get(k);
                var s = scmRom.solve(mu);
                VectorArray e = VectorArray.of(truth.vector(k));
                e.axpy(-1.0, VectorArray.of(withScm.reconstruct(s.coefficients())));
                double trueError = e.norms(x.matrix())[0];
                double norm = VectorArray.of(truth.vector(k)).norms(x.matrix())[0];
                double[] estimates = {s.errorBound(), mtRom.solve(mu).errorBound()};
                // Rigorous up to the accuracy of the "true" error itself (high-fidelity solve ~1e-14).
                assertThat(estimates[0]).as("N=%d mu=%s", n, mu).isGreaterThanOrEqualTo(trueError - 1e-12 * norm);
                assertThat(estimates[1]).as("N=%d mu=%s", n, mu).isGreaterThanOrEqualTo(trueError - 1e-12 * norm);
                if (trueError > 1e-10 * norm) {
                    count++;
                    for (int b = 0; b < 2; b++) {
                        double eff = estimates[b] / trueError;
                        minEff[b] = Math.min(minEff[b], eff);
                        maxEff[b] = Math.max(maxEff[b], eff);
                        sumEff[b] += eff;
                    }
                }
            }
        }
        System.out.printf(
                "RB thermal fin n=%d, N=%d (%s, last max estimate %.2e): effectivity SCM %.2f..%.2f mean %.2f, min-theta %.2f..%.2f mean %.2f"
                        + " over %d (N, mu) pairs%n",
                fom.dim(),
                withScm.basisSize(),
                greedy.stopReason(),
                greedy.maxErrors()[greedy.maxErrors().length - 1],
                minEff[0],
                maxEff[0],
                sumEff[0] / count,
                minEff[1],
                maxEff[1],
                sumEff[1] / count,
                count);
        assertThat(withScm.basisSize()).isGreaterThanOrEqualTo(5);
        assertThat(minEff[0]).isGreaterThanOrEqualTo(1.0 - 1e-6);
    }

    private static CoerciveRbReductor reductor(MatrixOperator x, CoercivityBound bound) {
        return CoerciveRbReductor.builder(fom)
                .product(x)
                .coercivityBound(bound)
                .residualNorm(ResidualNormEvaluation.ORTHONORMAL)
                .compliantOutput("root_temperature")
                .build();
    }
}

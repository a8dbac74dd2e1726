package org.jrom.fem.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.Mesh;
import org.jrom.fem.P1Space;
import org.jrom.fem.StructuredMesh;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.PencilEigen;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.pipelines.CertifiedReduction;
import org.jrom.reductors.CoerciveRbReductor;
import org.jrom.reductors.ErrorBoundStudy;
import org.jrom.reductors.ResidualNormEvaluation;
import org.junit.jupiter.api.Test;

/**
 * The convection-diffusion thermal block against mathematics: the convection matrix is exactly
 * skew-symmetric (its convergence: {@code P1ConvergenceTest}), min-theta with the convection left out is below the true
 * coercivity constant, and the certified reduced basis (LU online, primal-dual output) has no
 * violation in validation, its bounds above errors measured against dense LU solves.
 */
class ConvectionDiffusionTest {
    @Test
    void theConvectionMatrixIsSkewSymmetricToTheLastBit() {
        Mesh square = StructuredMesh.unitSquare(9);
        CsrMatrix c2 = new P1Space(square).skewConvection(new P1Space(square).allCells(), new double[] {0.3, -1.7});
        assertThat(c2.isSkewSymmetric()).isTrue();
        assertThat(c2.normMax()).isGreaterThan(0.01);
        Mesh cube = StructuredMesh.unitCube(4);
        P1Space space = new P1Space(cube);
        assertThat(space.skewConvection(space.allCells(), new double[] {1, 2, -3})
                        .isSkewSymmetric())
                .isTrue();
        AffineDiscretization d = ConvectionDiffusion.discretize(2, 2, 5);
        assertThat(d.operatorTerms().subList(4, 6)).allMatch(CsrMatrix::isSkewSymmetric);
        assertThat(d.operatorTerms().subList(0, 4)).allMatch(a -> a.asymmetry() == 0);
    }

    @Test
    void minThetaIsBelowTheCoercivityConstantOfTheSymmetricPart() {
        AffineDiscretization d = ConvectionDiffusion.discretize(2, 2, 6);
        StationaryModel fom = d.toModel();
        MinThetaBound bound = minTheta(fom);
        assertThat(bound.describe()).contains("2 terms have no symmetric part");
        CsrMatrix x = d.products().get("h1_0_semi");
        for (Parameter mu : Sampler.random(fom.parameterSpace(), 5, 3)) {
            // alpha(mu) = inf v^T A v / v^T X v: the smallest eigenvalue of the symmetric part
            double alpha = PencilEigen.smallest(d.operator(mu).symmetricPart(), x, PencilEigen.Options.defaults())
                    .value();
            double lower = bound.lowerBound(mu);
            assertThat(lower).as("at %s", mu).isLessThanOrEqualTo(alpha * (1 + 1e-8));
            double[] kappa = mu.get("diffusion");
            double smallest = Math.min(Math.min(kappa[0], kappa[1]), Math.min(kappa[2], kappa[3]));
            assertThat(lower).isCloseTo(smallest, within(1e-15));
        }
    }

    @Test
    void scmOnTheSymmetricPartsBoundsTheCoercivityConstantFromBelow() {
        // SCM needs no sign of the coefficients: it sees the symmetric parts (the convection's is 0)
        AffineDiscretization d = ConvectionDiffusion.discretize(2, 1, 6);
        StationaryModel fom = d.toModel();
        CsrMatrix x = d.products().get("h1_0_semi");
        org.jrom.algorithms.ScmBound scm = org.jrom.algorithms.ScmBound.build(
                (LincombOperator) fom.operator(),
                MatrixOperator.of(x),
                fom.parameterSpace(),
                Sampler.random(fom.parameterSpace(), 40, 4),
                org.jrom.algorithms.ScmBound.Options.defaults(),
                ProgressListener.NONE);
        for (Parameter mu : Sampler.random(fom.parameterSpace(), 6, 5)) {
            double alpha = PencilEigen.smallest(d.operator(mu).symmetricPart(), x, PencilEigen.Options.defaults())
                    .value();
            assertThat(scm.lowerBound(mu)).as("at %s", mu).isPositive().isLessThanOrEqualTo(alpha * (1 + 1e-8));
            assertThat(scm.upperBound(mu)).as("at %s", mu).isGreaterThanOrEqualTo(alpha * (1 - 1e-6));
        }
    }

    @Test
    void aCompliantOutputOfTheNonSymmetricOperatorIsRefused() {
        StationaryModel fom = ConvectionDiffusion.discretize(1, 1, 4).toModel();
        assertThatThrownBy(() -> CoerciveRbReductor.builder(fom)
                        .product((MatrixOperator) fom.products().get("h1_0_semi"))
                        .coercivityBound(minTheta(fom))
                        .compliantOutput("mean")
                        .build())
                .isInstanceOf(JromException.class)
                .hasMessageContaining("not symmetric")
                .hasMessageContaining("primal-dual");
    }

    @Test
    void theCertifiedReductionHasNoViolationAndItsBoundsHoldAgainstDenseSolves() {
        AffineDiscretization d = ConvectionDiffusion.discretize(2, 1, 8);
        StationaryModel fom = d.toModel();
        CertifiedReduction.Problem problem = new CertifiedReduction.Problem(
                fom, (MatrixOperator) fom.products().get("h1_0_semi"), minTheta(fom), Set.of(), Set.of("mean"));
        CertifiedReduction.Result result = new CertifiedReduction(
                        problem, new CertifiedReduction.Options(1e-6, 60, ResidualNormEvaluation.ORTHONORMAL, 30, 2))
                .run(Sampler.random(fom.parameterSpace(), 200, 1), ProgressListener.NONE);
        assertThat(result.greedy().stopReason()).contains("tolerance");
        assertThat(result.violations()).isZero();
        for (ErrorBoundStudy.Row row : result.validation()) {
            assertThat(result.bound(row).minEffectivity())
                    .as("N=%d", row.basisSize())
                    .isGreaterThanOrEqualTo(1.0);
        }
        ReducedModel rom = result.model();
        CsrMatrix x = d.products().get("h1_0_semi");
        List<Parameter> test = Sampler.random(fom.parameterSpace(), 10, 7);
        for (ReducedModel model : List.of(rom)) {
            for (Parameter mu : test) {
                // an independent solve: dense LU with partial pivoting of the assembled A(mu)
                double[] u = d.operator(mu).toDense().lu().solve(d.rhs(mu));
                ReducedSolution s = model.solve(mu);
                double[] e = model.reconstruct(s.coefficients());
                for (int i = 0; i < e.length; i++) {
                    e[i] -= u[i];
                }
                double error = Math.sqrt(dot(e, x.apply(e)));
                assertThat(s.errorBound()).as("N=%d at %s", model.dim(), mu).isGreaterThanOrEqualTo(error);
                double mean = dot(d.outputs().get("mean"), u);
                double outputError = Math.abs(mean - s.outputs().get("mean"));
                assertThat(s.outputBounds().get("mean"))
                        .as("output, N=%d at %s", model.dim(), mu)
                        .isGreaterThanOrEqualTo(outputError);
            }
        }
    }

    private static MinThetaBound minTheta(StationaryModel fom) {
        double[] ones = new double[fom.parameterSpace().type().dimension()];
        java.util.Arrays.fill(ones, 1.0);
        return MinThetaBound.of(
                (LincombOperator) fom.operator(),
                Parameter.of(fom.parameterSpace().type(), ones),
                1.0);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

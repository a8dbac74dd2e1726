package org.jrom.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.models.CoercivityBound;
import org.jrom.models.ErrorFigures;
import org.jrom.models.ReducedSolution;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.reductors.ErrorBoundStudy;
import org.jrom.reductors.ResidualNormEvaluation;
import org.jrom.testing.RodModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The certified reduced-basis pipeline on the 1-D rod of {@link RodModel} (two conductivities and
 * a reaction, outputs certified primal-dual): with min-theta's proven coercivity bound the model
 * validates and its bounds hold at parameters it never saw, measured against high-fidelity solves
 * here. With a coercivity bound given as 100 times min-theta's it is 100 times too high at mu_ref
 * (where the constant is 1) and above the true constant everywhere (the true constant is at most the
 * largest ratio theta_q(mu) / theta_q(mu_ref), at most 100 times the smallest on this box): the
 * bounds fall below the true errors, and the certificate must say so.
 */
class CertifiedReductionTest {
    private static final CertifiedReduction.Options OPTIONS =
            new CertifiedReduction.Options(1e-6, 12, ResidualNormEvaluation.ORTHONORMAL, 12, 7);

    private static StationaryModel fom;
    private static MatrixOperator product;
    private static CertifiedReduction.Result result;
    private static PhaseTimer timer;

    @BeforeAll
    static void reduce() {
        fom = RodModel.fom(false);
        LincombOperator a = (LincombOperator) fom.operator();
        product = a.assemble(RodModel.REFERENCE);
        CertifiedReduction.Problem problem = new CertifiedReduction.Problem(
                fom, product, MinThetaBound.of(a, RodModel.REFERENCE, 1.0), Set.of(), Set.of("mean", "u(1/4)"));
        timer = new PhaseTimer();
        result =
                new CertifiedReduction(problem, OPTIONS).run(RodModel.parameters(60, 11), ProgressListener.NONE, timer);
    }

    @Test
    void theModelValidatesWithNoViolationAndEveryEffectivityAtLeastOne() {
        assertThat(result.basisSize()).isBetween(2, 12);
        assertThat(result.model().dim()).isEqualTo(result.basisSize());
        assertThat(result.lastRow().basisSize()).isEqualTo(result.basisSize());
        assertThat(result.validation()).hasSizeGreaterThan(2);
        for (ErrorBoundStudy.Row row : result.validation()) {
            ErrorBoundStudy.BoundStats b = result.bound(row);
            assertThat(b.violations())
                    .as("violations at N = %d", row.basisSize())
                    .isZero();
            assertThat(b.minEffectivity())
                    .as("effectivity at N = %d", row.basisSize())
                    .isGreaterThanOrEqualTo(1);
        }
        assertThat(result.violations()).isZero();
        var validation = result.model().certificate().validation().orElseThrow();
        assertThat(validation.violations()).isZero();
        assertThat(validation.testParameters()).isEqualTo(12);
        assertThat(validation.seed()).isEqualTo(7);
        assertThat(validation.basisSizes()).isEqualTo(result.validation().size());
        assertThat(result.model().certificate().truthAccuracy())
                .isEqualTo(result.lastRow().maxTruthAccuracy())
                .isPositive();
        assertThat(result.model().errorFigures().standing()).isEqualTo(ErrorFigures.Standing.CERTIFIED);
        assertThat(timer.seconds()).containsKeys("greedy", "dual greedy", "validation");
        assertThat(result.dualsCutShort()).isEmpty();
    }

    @Test
    void itsBoundsHoldAgainstHighFidelitySolvesAtParametersItNeverSaw() {
        for (Parameter mu : RodModel.parameters(25, 99)) {
            VectorArray u = fom.solve(mu);
            ReducedSolution s = result.model().solve(mu);
            VectorArray error = u.copy();
            error.axpy(-1.0, VectorArray.of(result.reconstruct(s.coefficients())));
            double trueError = error.norms(product.matrix())[0];
            assertThat(s.errorBound()).as("state bound at %s", mu).isGreaterThanOrEqualTo(trueError);
            assertThat(trueError).as("the basis is not exact at %s", mu).isPositive();
            Map<String, Double> outputs = fom.output(u, mu);
            for (String name : List.of("mean", "u(1/4)")) {
                double outputError = Math.abs(outputs.get(name) - s.outputs().get(name));
                assertThat(s.outputBounds().get(name))
                        .as("output %s at %s", name, mu)
                        .isGreaterThanOrEqualTo(outputError);
            }
        }
    }

    @Test
    void theTestSolutionsAndSingularValuesAreThoseOfTheTestSet() {
        assertThat(result.testSet()).hasSize(12);
        Parameter mu = result.testSet().get(3);
        assertThat(result.truthSolution(3)).containsExactly(fom.solve(mu).vector(0));
        double[] sigma = result.testSingularValues();
        assertThat(sigma).hasSize(12);
        // sum sigma_k^2 = sum_k ||u_k||_X^2 (the POD keeps every mode of the 12 test solutions)
        double energy = 0;
        for (double x : result.truth().norms(product.matrix())) {
            energy += x * x;
        }
        double sum = 0;
        for (double x : sigma) {
            sum += x * x;
        }
        assertThat(sum).isCloseTo(energy, org.assertj.core.data.Percentage.withPercentage(1e-8));
    }

    @Test
    void aCoercivityBoundGivenOneHundredTimesTooHighYieldsViolationsAndEstimates() {
        LincombOperator a = (LincombOperator) fom.operator();
        MinThetaBound proven = MinThetaBound.of(a, RodModel.REFERENCE, 1.0);
        CoercivityBound tooHigh = new CoercivityBound() {
            @Override
            public double lowerBound(Parameter mu) {
                return 100 * proven.lowerBound(mu);
            }

            @Override
            public String describe() {
                return "100 alpha_min-theta(mu) (given by the modeller, not proven by jrom)";
            }

            @Override
            public boolean givenByModeller() {
                return true;
            }

            @Override
            public String kind() {
                return "expression";
            }

            @Override
            public Map<String, DenseMatrix> arrays() {
                return Map.of();
            }
        };
        CertifiedReduction.Problem wrong = new CertifiedReduction.Problem(fom, product, tooHigh, Set.of(), Set.of());
        CertifiedReduction.Result r =
                new CertifiedReduction(wrong, OPTIONS).run(RodModel.parameters(60, 11), ProgressListener.NONE);
        assertThat(r.violations()).isPositive();
        assertThat(r.model().certificate().validation().orElseThrow().violations())
                .isEqualTo(r.violations());
        assertThat(r.model().certificate().certified()).isFalse();
        assertThat(r.model().errorFigures().standing()).isEqualTo(ErrorFigures.Standing.ESTIMATE);
    }
}

package org.jrom.fem.reduction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jrom.algorithms.EimCoefficients;
import org.jrom.algorithms.MatrixEim;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.problems.BumpConductivity;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.PencilEigen;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixEntries;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The nonintrusive matrix EIM (Casenave, Ern, Lelievre) on a Gaussian conductivity bump ({@link
 * BumpConductivity}, 3,969 unknowns): only the matrices {@code A(mu_k)} at 100 training parameters
 * and, online, M entries of {@code A(mu)} are used. The interpolation is exact where it must be, its
 * error decays on unseen parameters, an exactly affine family is recognised as such, and a reduced
 * basis built on the EIM operator is within 10x of the EIM tolerance of the exact non-affine model.
 */
class NonintrusiveEimTest {
    /** Relative max-entry tolerance of the EIM over the training matrices. */
    static final double EIM_TOLERANCE = 1e-6;

    static NonintrusiveEimStudy study;
    static MatrixEim.Result eim;

    @BeforeAll
    static void setUp() {
        study = new NonintrusiveEimStudy(32, 100, 40, EIM_TOLERANCE, 50);
        eim = study.eim;
    }

    @Test
    void theRestrictedAssemblyGivesTheEntriesOfTheExportedMatrix() {
        MatrixEntries source = study.problem.entries();
        for (int k = 0; k < 5; k++) {
            CsrMatrix a = study.testMatrices.get(k);
            double[] v = source.values(study.test.get(k), eim.magicRows(), eim.magicCols());
            for (int l = 0; l < eim.size(); l++) {
                double exact = a.get(eim.magicRows()[l], eim.magicCols()[l]);
                assertThat(Math.abs(v[l] - exact)).isLessThanOrEqualTo(1e-14 * a.normMax());
            }
        }
    }

    @Test
    void theInterpolationIsExactAtTheSelectedMatricesAndAtTheMagicEntries() {
        EimCoefficients beta = eim.coefficients(study.problem.entries());
        int m = eim.size();
        for (int s = 0; s < m; s++) {
            Parameter mu = study.training.get(eim.selectedSamples()[s]);
            double[] b = beta.evaluate(mu);
            for (int l = 0; l < m; l++) {
                assertThat(Math.abs(b[l] - (l == s ? 1 : 0)))
                        .as("beta_%d at selected parameter %d", l, s)
                        .isLessThan(1e-9);
            }
            CsrMatrix a = study.samples.get(eim.selectedSamples()[s]);
            assertThat(eim.interpolant(b).plus(-1.0, a).normMax()).isLessThan(1e-12 * a.normMax());
        }
        for (int k = 0; k < 10; k++) {
            CsrMatrix a = study.testMatrices.get(k);
            CsrMatrix approx = eim.interpolant(beta.evaluate(study.test.get(k)));
            for (int l = 0; l < m; l++) {
                int i = eim.magicRows()[l];
                int j = eim.magicCols()[l];
                assertThat(Math.abs(approx.get(i, j) - a.get(i, j))).isLessThan(1e-12 * a.normMax());
            }
        }
    }

    @Test
    void theEimErrorDecaysOverUnseenParametersAsTermsAreAdded() {
        int m = eim.size();
        assertThat(m).isBetween(6, 39);
        assertThat(eim.maxErrors()[m]).isLessThanOrEqualTo(EIM_TOLERANCE);
        double[] e = new double[m + 1];
        for (int k = 1; k <= m; k++) {
            e[k] = study.testError(k);
        }
        assertThat(e[m]).isLessThan(1e-5 * e[1]);
        assertThat(e[m]).isLessThan(10 * EIM_TOLERANCE);
        for (int k = 1; k + 2 <= m; k++) {
            assertThat(e[k + 2]).as("test error with %d terms vs %d", k + 2, k).isLessThan(e[k]);
        }
    }

    @Test
    void anExactlyAffineFamilyGivesExactlyItsFourTermsAndReproducesTheMatrixToRoundOff() {
        AffineDiscretization block = ThermalBlock.discretize(2, 2, 16);
        List<CsrMatrix> exported = new ArrayList<>();
        Sampler.random(block.parameterSpace(), 30, 4).forEach(mu -> exported.add(block.operator(mu)));
        MatrixEim.Result affine = MatrixEim.ofMatrices(exported, 20, 1e-10);
        assertThat(affine.size()).isEqualTo(4);
        assertThat(affine.maxErrors()[3]).isGreaterThan(1e-3);
        assertThat(affine.maxErrors()[4]).isLessThan(1e-13);
        LincombOperator op = affine.operator((mu, rows, cols) -> {
            CsrMatrix a = block.operator(mu);
            double[] v = new double[rows.length];
            for (int k = 0; k < v.length; k++) {
                v[k] = a.get(rows[k], cols[k]);
            }
            return v;
        });
        for (Parameter mu : Sampler.random(block.parameterSpace(), 20, 5)) {
            CsrMatrix a = block.operator(mu);
            CsrMatrix approx = (CsrMatrix) op.assemble(mu).matrix();
            assertThat(approx.plus(-1.0, a).normMax()).isLessThan(1e-13 * a.normMax());
        }
    }

    @Test
    void aReducedBasisOnTheEimOperatorIsWithinTenTimesTheEimToleranceOfTheExactModel() {
        double rbTolerance = EIM_TOLERANCE / 100;
        CoerciveRbReductor reductor = study.reducedBasis(eim.size(), rbTolerance, 80, 100);
        // The constant coercivity bound of the EIM operator, checked by Cholesky (Sylvester) at test points.
        LincombOperator op = (LincombOperator) reductor.fom().operator();
        for (int k = 0; k < 10; k++) {
            CsrMatrix a = (CsrMatrix) op.assemble(study.test.get(k)).matrix();
            assertThat(PencilEigen.isPositiveDefinite(a, study.problem.h1(), NonintrusiveEimStudy.ALPHA_LB))
                    .isTrue();
        }
        double[] max = NonintrusiveEimStudy.columnMaxima(study.romErrors(reductor));
        double maxTrue = max[0];
        double maxBound = max[1];
        // The reduction error (bounded against the EIM model) is a small part of the EIM tolerance, so
        // the true error against the exact model is that of the EIM: within 10x of its tolerance.
        assertThat(maxBound).isLessThan(0.2 * EIM_TOLERANCE);
        assertThat(maxTrue).isLessThanOrEqualTo(10 * EIM_TOLERANCE);
    }
}

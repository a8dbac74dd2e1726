package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import org.jrom.fem.ScalarField;
import org.jrom.fem.StructuredMesh;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Elastic convergence of the solid on a manufactured solution in the unit cube, clamped on its whole
 * boundary: {@code u = a s}, {@code s = sin(pi x) sin(pi y) sin(pi z)}, {@code a = (1, -1/2, 3/4)},
 * with the body force {@code f = -div sigma = -mu lap u - (lambda + mu) grad div u}. Expected
 * (Ciarlet 1978, th. 3.2.2 and the Aubin-Nitsche argument): P_k converges at order k + 1 in L2 and k
 * in the H1 seminorm. Orders are asserted on the last halving, the coarser meshes being
 * pre-asymptotic.
 */
class SolidConvergenceTest {
    private static final double[] A = {1, -0.5, 0.75};
    private static final double PI = Math.PI;

    /** sin(pi x_k), or its derivative over pi when {@code derivative}. */
    private static double factor(double[] x, int k, boolean derivative) {
        return derivative ? Math.cos(PI * x[k]) : Math.sin(PI * x[k]);
    }

    /** d^2 s / dx_i dx_j. */
    private static double hessian(double[] x, int i, int j) {
        double h = PI * PI;
        for (int k = 0; k < 3; k++) {
            h *= i == j ? (k == i ? -factor(x, k, false) : factor(x, k, false)) : factor(x, k, k == i || k == j);
        }
        return h;
    }

    private static double s(double[] x) {
        return factor(x, 0, false) * factor(x, 1, false) * factor(x, 2, false);
    }

    @ParameterizedTest
    @CsvSource({"1, 3, 24", "2, 3, 12"})
    void manufacturedSolutionConvergesAtTheOptimalOrders(int degree, int coarsest, int finest) {
        LinearElasticity law = new LinearElasticity(Materials.elastic());
        double mu = Materials.E / (2 * (1 + Materials.NU));
        double lambda = Materials.E * Materials.NU / ((1 + Materials.NU) * (1 - 2 * Materials.NU));
        ScalarField[] exact = new ScalarField[3];
        ScalarField[] force = new ScalarField[3];
        ScalarField[][] gradient = new ScalarField[3][3];
        for (int i = 0; i < 3; i++) {
            int c = i;
            exact[i] = x -> A[c] * s(x);
            force[i] = x -> {
                double graddiv = 0;
                for (int j = 0; j < 3; j++) {
                    graddiv += A[j] * hessian(x, c, j);
                }
                return 3 * PI * PI * mu * A[c] * s(x) - (lambda + mu) * graddiv;
            };
            for (int k = 0; k < 3; k++) {
                int along = k;
                gradient[i][k] = x -> {
                    double g = A[c] * PI;
                    for (int m = 0; m < 3; m++) {
                        g *= factor(x, m, m == along);
                    }
                    return g;
                };
            }
        }
        int meshes = Integer.numberOfTrailingZeros(finest / coarsest) + 1;
        double[] l2 = new double[meshes];
        double[] h1 = new double[meshes];
        for (int m = 0, n = coarsest; n <= finest; m++, n *= 2) {
            SmallStrainSolid solid = new SmallStrainSolid(StructuredMesh.unitCube(n), degree, law);
            double[] body = solid.bodyForce(force);
            int[] clamped = solid.boundaryDofs(
                    new int[] {0, 1, 2}, StructuredMesh.BOX_SIDES.keySet().toArray(String[]::new));
            QuasiStaticNewton newton = new QuasiStaticNewton(solid, clamped, QuasiStaticNewton.Options.defaults());
            double[] u = new double[solid.dim()];
            newton.step(u, 0, 1, SmallStrainSolidTest.loading(body, new double[solid.dim()], Materials.T_REF));
            l2[m] = solid.l2Error(u, exact);
            h1[m] = solid.h1SemiError(u, gradient);
            String orders = m == 0
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            ", orders %.3f, %.3f",
                            Math.log(l2[m - 1] / l2[m]) / Math.log(2),
                            Math.log(h1[m - 1] / h1[m]) / Math.log(2));
            System.out.printf(
                    Locale.ROOT,
                    "solid P%d, %d^3 cubes, %d dofs: L2 error %.4e, H1 seminorm error %.4e%s%n",
                    degree,
                    n,
                    solid.dim(),
                    l2[m],
                    h1[m],
                    orders);
        }
        int last = meshes - 1;
        assertThat(Math.log(l2[last - 1] / l2[last]) / Math.log(2)).isCloseTo(degree + 1, within(0.1));
        assertThat(Math.log(h1[last - 1] / h1[last]) / Math.log(2)).isCloseTo(degree, within(0.1));
    }
}

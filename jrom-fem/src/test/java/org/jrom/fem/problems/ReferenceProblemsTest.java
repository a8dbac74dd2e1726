package org.jrom.fem.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.Mesh;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.SparseCholesky;
import org.jrom.parameters.Parameter;
import org.junit.jupiter.api.Test;

class ReferenceProblemsTest {
    /** u(mu) by a sparse Cholesky solve. */
    static double[] solve(AffineDiscretization p, double[] mu) {
        Parameter m = Parameter.of(p.parameterSpace().type(), mu);
        return SparseCholesky.factor(p.operator(m)).solve(p.rhs(m));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * int u for -Laplace u = 1, u = 0 on the boundary of the unit square or cube, from the Fourier
     * series: (4/pi^2)^d... = sum over odd modes of (4^d / (pi^2d prod m_i^2)) / (pi^2 sum m_i^2) * ...
     */
    static double meanOfTorsionFunction(int dimension) {
        // u = sum_m c_m prod sin(m_i pi x_i), c_m = (4/pi)^d / (prod m_i) / (pi^2 |m|^2);
        // int prod sin(m_i pi x_i) = (2/pi)^d / prod m_i for odd m_i.
        double s = 0;
        int max = dimension == 2 ? 2001 : 401;
        for (int a = 1; a <= max; a += 2) {
            for (int b = 1; b <= max; b += 2) {
                if (dimension == 2) {
                    s += 1.0 / ((double) a * a * b * b * (a * a + b * b));
                } else {
                    for (int c = 1; c <= max; c += 2) {
                        s += 1.0 / ((double) a * a * b * b * c * c * (a * a + b * b + c * c));
                    }
                }
            }
        }
        return Math.pow(8 / (Math.PI * Math.PI), dimension) * s / (Math.PI * Math.PI);
    }

    @Test
    void thermalBlockMeanTemperatureConvergesToTheSeriesValueWithOrderTwo() {
        double exact = meanOfTorsionFunction(2);
        assertThat(exact).isCloseTo(0.0351442, within(1e-6)); // torsional rigidity of the square / 4
        int[] cells = {2, 4, 8, 16, 32}; // 4^2 .. 64^2 grid squares
        double[] errors = new double[cells.length];
        for (int k = 0; k < cells.length; k++) {
            AffineDiscretization p = ThermalBlock.discretize(2, 2, cells[k]);
            double[] mu = {1, 1, 1, 1};
            errors[k] = Math.abs(dot(p.outputs().get("mean"), solve(p, mu)) - exact);
        }
        for (int k = 2; k < cells.length; k++) {
            assertThat(Math.log(errors[k - 1] / errors[k]) / Math.log(2))
                    .as("order at %d cells per block", cells[k])
                    .isCloseTo(2.0, within(0.1));
        }
    }

    @Test
    void thermalBlockIsAffineSymmetricPositiveDefiniteAndScalesWithTheConductivity() {
        AffineDiscretization p = ThermalBlock.discretize(3, 3, 3);
        assertThat(p.operatorTerms()).hasSize(9);
        double[] ones = new double[9];
        Arrays.fill(ones, 1.0);
        assertThat(p.operator(Parameter.of(p.parameterSpace().type(), ones))
                        .plus(-1.0, p.products().get("h1_0_semi"))
                        .normMax())
                .isLessThan(1e-13);
        Random rnd = new Random(42);
        double[] mu = rnd.doubles(9, ThermalBlock.MU_MIN, ThermalBlock.MU_MAX).toArray();
        CsrMatrix a = p.operator(Parameter.of(p.parameterSpace().type(), mu));
        assertThat(a.asymmetry()).isZero();
        double[] u = solve(p, mu);
        double[] mu3 = Arrays.stream(mu).map(m -> 3 * m).toArray();
        double[] u3 = solve(p, mu3);
        for (int i = 0; i < u.length; i++) {
            assertThat(u3[i]).isCloseTo(u[i] / 3, within(1e-14));
        }
    }

    @Test
    void thermalBlock3dMeanTemperatureConvergesToTheSeriesValue() {
        double exact = meanOfTorsionFunction(3);
        int[] cells = {1, 2, 4, 8, 16}; // 2^3 .. 32^3 grid cubes
        double[] errors = new double[cells.length];
        for (int k = 0; k < cells.length; k++) {
            AffineDiscretization p = ThermalBlock.discretize3d(2, 2, 2, cells[k]);
            Mesh mesh = p.space().mesh();
            double volume = 0;
            for (int c = 0; c < mesh.numCells(); c++) {
                volume += mesh.cellMeasure(c);
            }
            assertThat(volume).isCloseTo(1.0, within(1e-11));
            double[] mu = new double[8];
            Arrays.fill(mu, 1.0);
            errors[k] = Math.abs(dot(p.outputs().get("mean"), solve(p, mu)) - exact);
        }
        // Orders 1.33, 1.76, 1.92, 1.98: pre-asymptotic on the coarse meshes (u is singular along the
        // edges of the cube), order 2 on the last two refinements.
        for (int k = 1; k < cells.length; k++) {
            assertThat(errors[k]).as("error at %d cells per block", cells[k]).isLessThan(errors[k - 1] / 2.5);
        }
        for (int k = 3; k < cells.length; k++) {
            assertThat(Math.log(errors[k - 1] / errors[k]) / Math.log(2))
                    .as("order at %d cells per block", cells[k])
                    .isCloseTo(2.0, within(0.1));
        }
    }

    @Test
    void thermalFinHasTheRightGeometryAndConservesHeat() {
        AffineDiscretization p = ThermalFin.discretize(8);
        Mesh mesh = p.space().mesh();
        double area = 0;
        double[] areas = new double[5];
        for (int c = 0; c < mesh.numCells(); c++) {
            area += mesh.cellMeasure(c);
            areas[mesh.cellMarker(c)] += mesh.cellMeasure(c);
        }
        assertThat(area).isCloseTo(4 + 8 * 2.5 * 0.25, within(1e-12));
        assertThat(areas[0]).isCloseTo(4.0, within(1e-12));
        for (int i = 1; i <= 4; i++) {
            assertThat(areas[i]).isCloseTo(2 * 2.5 * 0.25, within(1e-12));
        }
        assertThat(mesh.facetsWithMarkers(mesh.boundaryMarker("root"))).hasSize(8);
        // Heat in through the root (unit flux on a unit length) leaves by convection:
        // int_exposed Bi u = 1, exactly at the discrete level since constants are in the kernel of K.
        double[] mu = {0.4, 2.0, 7.5, 0.1, 0.15};
        double[] u = solve(p, mu);
        CsrMatrix robin = p.operatorTerms().get(5);
        double[] one = new double[u.length];
        Arrays.fill(one, 1.0);
        assertThat(mu[4] * dot(one, robin.apply(u))).isCloseTo(1.0, within(1e-10));
        assertThat(dot(p.outputs().get("root_temperature"), u)).isPositive();
    }
}

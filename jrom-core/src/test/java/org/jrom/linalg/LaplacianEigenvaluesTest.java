package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaplacianEigenvaluesTest {
    /**
     * The 5-point Dirichlet Laplacian on an n x n interior grid is the Kronecker sum T (x) I + I (x) T
     * of the 1D operator T = tridiag(-1, 2, -1) / h^2, whose eigenvalues are (4/h^2) sin^2(j pi h / 2).
     */
    static double[] analyticEigenvalues(int n) {
        double h = 1.0 / (n + 1);
        double[] lambda = new double[n * n];
        for (int j = 1; j <= n; j++) {
            for (int k = 1; k <= n; k++) {
                double sj = Math.sin(j * Math.PI * h / 2);
                double sk = Math.sin(k * Math.PI * h / 2);
                lambda[(j - 1) * n + (k - 1)] = 4 / (h * h) * (sj * sj + sk * sk);
            }
        }
        Arrays.sort(lambda);
        return lambda;
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 3, 7, 15, 18, 20})
    void everyEigenvalueMatchesTheAnalyticFormula(int n) {
        DenseMatrix a = Poisson2d.laplacian(n).toDense();
        assertThat(a.asymmetry()).isZero();

        double[] computed = a.symmetricEigen().values();
        double[] expected = analyticEigenvalues(n);

        assertThat(computed).hasSize(n * n);
        for (int i = 0; i < computed.length; i++) {
            assertThat(Math.abs(computed[i] - expected[i]))
                    .as("eigenvalue %d of %d", i, computed.length)
                    .isLessThanOrEqualTo(1e-10 * expected[i]);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {5, 16})
    void eigenvectorsAreTheDiscreteSineModes(int n) {
        // The smallest eigenvalue is simple, with eigenvector sin(pi x) sin(pi y) at the grid nodes.
        double h = 1.0 / (n + 1);
        SymmetricEigen eig = Poisson2d.laplacian(n).toDense().symmetricEigen();
        double[] v = eig.vectors().column(0);
        double[] mode = new double[n * n];
        for (int iy = 0; iy < n; iy++) {
            for (int ix = 0; ix < n; ix++) {
                mode[ix + n * iy] = Math.sin(Math.PI * (ix + 1) * h) * Math.sin(Math.PI * (iy + 1) * h);
            }
        }
        double cos =
                VectorArray.dot(v, 0, mode, 0, v.length) / Math.sqrt(VectorArray.dot(mode, 0, mode, 0, mode.length));
        assertThat(Math.abs(cos)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }
}

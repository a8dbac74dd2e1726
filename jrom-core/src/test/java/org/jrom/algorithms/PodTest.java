package org.jrom.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.linalg.VectorArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * POD on the snapshots {@code u(x; mu) = 1 / (1 + mu x)} with a lumped L2 product: the modes are
 * X-orthonormal, and the projection error of the snapshot set equals the discarded singular values
 * (Schmidt, Eckart-Young): {@code ||V - P_N V||_F^2 = sum_{i>N} sigma_i^2}.
 */
class PodTest {
    static final int DOFS = 400;
    static final int SNAPSHOTS = 60;

    static VectorArray snapshots() {
        VectorArray v = VectorArray.zeros(DOFS, SNAPSHOTS);
        for (int j = 0; j < SNAPSHOTS; j++) {
            double mu = 10.0 * j / (SNAPSHOTS - 1);
            for (int i = 0; i < DOFS; i++) {
                double x = (double) i / (DOFS - 1);
                v.set(i, j, 1 / (1 + mu * x));
            }
        }
        return v;
    }

    static CsrMatrix lumpedMass() {
        double[] d = new double[DOFS];
        java.util.Arrays.fill(d, 1.0 / (DOFS - 1));
        d[0] /= 2;
        d[DOFS - 1] /= 2;
        return CsrMatrix.fromDense(DenseMatrix.diagonal(d));
    }

    @ParameterizedTest
    @EnumSource(Pod.Method.class)
    void projectionErrorEqualsTheDiscardedSingularValues(Pod.Method method) {
        VectorArray v = snapshots();
        CsrMatrix m = lumpedMass();
        boolean accurate = method == Pod.Method.QR_SVD;
        double tol = accurate ? 1e-9 : 1e-4; // the snapshot route is limited to about sqrt(eps)
        TruncatedSvd pod = Pod.compute(v, m, new Pod.Options(Integer.MAX_VALUE, tol, method));
        VectorArray modes = pod.modes();
        int n = modes.count();
        // Snapshot modes lose orthogonality like eps (sigma_1 / sigma_N)^2; the QR route does not.
        double[] s = pod.singularValues();
        double expectedLoss = accurate ? 1e-13 : 1000 * 2.2e-16 * Math.pow(s[0] / s[n - 1], 2);
        assertThat(modes.gram(m).minus(DenseMatrix.identity(n)).normMax()).isLessThan(expectedLoss);
        // P_N V = Phi (Phi^T M V)
        VectorArray projected = modes.lincomb(modes.inner(v, m));
        VectorArray error = v.copy();
        error.axpy(-1.0, projected);
        double err2 = 0;
        for (double e : error.norms(m)) {
            err2 += e * e;
        }
        double[] sigma = pod.singularValues();
        double tail = 0;
        double total = 0;
        for (int i = 0; i < sigma.length; i++) {
            total += sigma[i] * sigma[i];
            if (i >= n) {
                tail += sigma[i] * sigma[i];
            }
        }
        assertThat(Math.sqrt(err2)).isCloseTo(Math.sqrt(tail), within(1e-9 * Math.sqrt(total)));
        assertThat(Math.sqrt(tail / total)).isLessThanOrEqualTo(tol);
        // The spectrum of this analytic family decays exponentially: few modes suffice.
        assertThat(n).isBetween(5, 25);
    }
}

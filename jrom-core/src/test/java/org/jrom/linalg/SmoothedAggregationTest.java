package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SmoothedAggregationTest {
    private static int iterations(CsrMatrix a, Preconditioner m, double[] b) {
        ConjugateGradient.Result r = ConjugateGradient.builder(a)
                .preconditioner(m)
                .relativeTolerance(1e-8)
                .maxIterations(1000)
                .build()
                .solve(b, new double[a.rows()]);
        assertThat(r.converged()).isTrue();
        double[] res = a.apply(r.x());
        double rr = 0;
        double bb = 0;
        for (int i = 0; i < b.length; i++) {
            rr += (res[i] - b[i]) * (res[i] - b[i]);
            bb += b[i] * b[i];
        }
        assertThat(Math.sqrt(rr / bb)).isLessThanOrEqualTo(1e-8);
        return r.iterations();
    }

    private static double[] ones(int n) {
        double[] b = new double[n];
        Arrays.fill(b, 1.0);
        return b;
    }

    @Test
    void poissonConvergesInAlmostMeshIndependentIterations() {
        int[] counts = new int[3];
        int[] sizes = {64, 128, 256};
        for (int s = 0; s < sizes.length; s++) {
            int n = sizes[s];
            CsrMatrix a = GridLaplacian.poisson2d(n, n);
            SmoothedAggregation amg =
                    SmoothedAggregation.builder(a).coarseSize(200).build();
            counts[s] = iterations(a, amg, ones(a.rows()));
            int jacobi = iterations(a, JacobiPreconditioner.of(a), ones(a.rows()));
            System.out.printf(
                    "AMG on the 5-point Poisson %d^2: %d levels, operator complexity %.3f, CG iterations %d (Jacobi %d)%n",
                    n, amg.levels(), amg.operatorComplexity(), counts[s], jacobi);
            assertThat(amg.levels()).isGreaterThan(2);
            assertThat(counts[s]).isLessThan(jacobi / 5);
        }
        // Jacobi-CG iterations double with each refinement; AMG's grow far slower.
        assertThat(counts[2]).isLessThanOrEqualTo(2 * counts[0]);
        assertThat(counts[2]).isLessThan(40);
    }

    @Test
    void poisson3dWithTheConstantNearNullspace() {
        CsrMatrix a = GridLaplacian.poisson3d(30, 30, 30);
        SmoothedAggregation amg = SmoothedAggregation.builder(a).coarseSize(300).build();
        int its = iterations(a, amg, ones(a.rows()));
        System.out.printf("AMG on the 7-point Poisson 30^3: %d levels, CG iterations %d%n", amg.levels(), its);
        assertThat(its).isLessThan(20);
    }

    /** {@code M^{-1}} as a dense matrix, column by column, is symmetric and positive definite. */
    @Test
    void theCycleIsSymmetricPositiveDefinite() {
        CsrMatrix a = GridLaplacian.poisson2d(20, 20);
        SmoothedAggregation amg = SmoothedAggregation.builder(a).coarseSize(20).build();
        assertThat(amg.levels()).isGreaterThan(2);
        int n = a.rows();
        DenseMatrix m = DenseMatrix.zeros(n, n);
        double[] e = new double[n];
        double[] z = new double[n];
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            amg.apply(e, z);
            e[j] = 0;
            for (int i = 0; i < n; i++) {
                m.set(i, j, z[i]);
            }
        }
        double asym = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                asym = Math.max(asym, Math.abs(m.get(i, j) - m.get(j, i)));
                max = Math.max(max, Math.abs(m.get(i, j)));
            }
        }
        double[] eig = SymmetricEigen.of(m).values();
        double lo = Arrays.stream(eig).min().orElseThrow();
        double hi = Arrays.stream(eig).max().orElseThrow();
        System.out.printf(
                "AMG cycle on Poisson 20^2: asymmetry %.2e of %.2e, eigenvalues of M^-1 in [%.3e, %.3e]%n",
                asym, max, lo, hi);
        assertThat(asym).isLessThanOrEqualTo(1e-12 * max);
        assertThat(lo).isGreaterThan(0);
    }

    @Test
    void sparseProductIsTheDenseProduct() {
        CsrMatrix a = RandomTriplets.random(37, 23, 0.2, 0.1, 0, 5).toCsr();
        CsrMatrix b = RandomTriplets.random(23, 41, 0.2, 0.1, 0, 6).toCsr();
        CsrMatrix c = SmoothedAggregation.multiply(a, b);
        DenseMatrix expected = a.toDense().multiply(b.toDense());
        for (int i = 0; i < 37; i++) {
            for (int j = 0; j < 41; j++) {
                assertThat(c.get(i, j)).isCloseTo(expected.get(i, j), org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    @Test
    void rejectsABadBlockSizeAndANonPositiveDiagonal() {
        CsrMatrix a = GridLaplacian.poisson2d(5, 5);
        assertThatThrownBy(() -> SmoothedAggregation.builder(a).blockSize(2))
                .isInstanceOf(IllegalArgumentException.class);
        CsrMatrix neg = a.scale(-1);
        assertThatThrownBy(() -> SmoothedAggregation.builder(neg).coarseSize(4).build())
                .isInstanceOf(NotPositiveDefiniteException.class)
                .hasMessageContaining("diagonal entry 0");
    }
}

package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConjugateGradientTest {
    enum Kind {
        NONE(a -> Preconditioner.identity(a.rows())),
        JACOBI(JacobiPreconditioner::of),
        IC0(IncompleteCholesky::of),
        IC0_SHIFTED(IncompleteCholesky::withDiagonalShift);

        final Function<CsrMatrix, Preconditioner> make;

        Kind(Function<CsrMatrix, Preconditioner> make) {
            this.make = make;
        }
    }

    static double[] randomVector(int n, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }

    static double norm(double[] x) {
        return Math.sqrt(VectorArray.dot(x, 0, x, 0, x.length));
    }

    static double[] minus(double[] x, double[] y) {
        double[] d = x.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] -= y[i];
        }
        return d;
    }

    static int iterations(CsrMatrix a, Preconditioner p, double[] b) {
        ConjugateGradient cg = ConjugateGradient.builder(a)
                .preconditioner(p)
                .relativeTolerance(1e-8)
                .build();
        ConjugateGradient.Result r = cg.solve(b, new double[b.length]);
        assertThat(r.converged()).isTrue();
        return r.iterations();
    }

    /** A B^T B + I: SPD, not diagonally dominant, so IC(0) may break down. */
    static CsrMatrix sparseGram(int n, long seed) {
        CsrMatrix b =
                RandomTriplets.random(n, n, Math.min(1.0, 3.0 / n), 0, 0, seed).toCsr();
        DenseMatrix g = b.toDense().transposeMultiply(b.toDense()).plus(1.0, DenseMatrix.identity(n));
        return CsrMatrix.fromDense(g);
    }

    static Stream<Arguments> randomSystems() {
        List<Arguments> cases = new ArrayList<>();
        int[] sizes = {1, 2, 3, 5, 8, 17, 40, 100, 250};
        long seed = 11;
        for (int n : sizes) {
            for (double density : new double[] {0.02, 0.1, 0.5}) {
                for (Kind kind : new Kind[] {Kind.NONE, Kind.JACOBI, Kind.IC0}) {
                    cases.add(Arguments.of("dominant", n, density, kind, seed++));
                }
            }
            cases.add(Arguments.of("gram", n, 0.0, Kind.NONE, seed++));
            cases.add(Arguments.of("gram", n, 0.0, Kind.JACOBI, seed++));
            cases.add(Arguments.of("gram", n, 0.0, Kind.IC0_SHIFTED, seed++));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} n={1} density={2} {3} seed={4}")
    @MethodSource("randomSystems")
    void agreesWithDenseCholesky(String family, int n, double density, Kind kind, long seed) {
        CsrMatrix a = family.equals("gram") ? sparseGram(n, seed) : RandomTriplets.randomSpd(n, density, seed);
        double[] b = randomVector(n, seed + 100);
        double[] expected = a.toDense().cholesky().solve(b);

        ConjugateGradient cg = ConjugateGradient.builder(a)
                .preconditioner(kind.make.apply(a))
                .relativeTolerance(1e-13)
                .build();
        double[] x = cg.solve(b);

        assertThat(norm(minus(x, expected))).isLessThanOrEqualTo(1e-8 * norm(expected));
        assertThat(norm(minus(b, a.apply(x)))).isLessThanOrEqualTo(1e-13 * norm(b));
    }

    @Test
    void residualHistoryStartsWithTheInitialResidualAndEndsBelowTheTarget() {
        CsrMatrix a = Poisson2d.laplacian(12);
        double[] b = randomVector(a.rows(), 1);
        double[] x0 = randomVector(a.rows(), 2);
        ConjugateGradient cg = ConjugateGradient.builder(a)
                .preconditioner(IncompleteCholesky.of(a))
                .relativeTolerance(1e-9)
                .build();

        ConjugateGradient.Result r = cg.solve(b, x0);

        double[] h = r.residualHistory();
        assertThat(r.converged()).isTrue();
        assertThat(h).hasSize(r.iterations() + 1);
        assertThat(h[0]).isCloseTo(norm(minus(b, a.apply(x0))), org.assertj.core.data.Percentage.withPercentage(1e-10));
        assertThat(h[h.length - 1]).isLessThanOrEqualTo(1e-9 * norm(b));
        assertThat(h[h.length - 2]).isGreaterThan(1e-9 * norm(b));
        assertThat(norm(minus(b, a.apply(r.x())))).isLessThanOrEqualTo(1e-9 * norm(b));
    }

    @Test
    void startingAtTheSolutionTakesNoIteration() {
        CsrMatrix a = Poisson2d.laplacian(6);
        double[] x = randomVector(a.rows(), 3);
        double[] b = a.apply(x);
        ConjugateGradient cg = ConjugateGradient.builder(a).build();

        ConjugateGradient.Result r = cg.solve(b, x);

        assertThat(r.iterations()).isZero();
        assertThat(r.residualHistory()).hasSize(1);
        assertThat(cg.solve(new double[a.rows()])).containsOnly(0.0);
    }

    @Test
    void absoluteToleranceGovernsWhenLarger() {
        CsrMatrix a = Poisson2d.laplacian(10);
        double[] b = randomVector(a.rows(), 4);
        double abs = 1e-3 * norm(b);
        ConjugateGradient.Result r = ConjugateGradient.builder(a)
                .relativeTolerance(1e-12)
                .absoluteTolerance(abs)
                .build()
                .solve(b, new double[a.rows()]);
        double[] h = r.residualHistory();
        assertThat(h[h.length - 1]).isLessThanOrEqualTo(abs);
        assertThat(h[h.length - 2]).isGreaterThan(abs);
    }

    @Test
    void terminatesInAsManyStepsAsTheMatrixHasDistinctEigenvalues() {
        // A = Q diag(1, 2, 5 repeated) Q^T: the Krylov space has dimension 3, so CG is exact after 3 steps.
        int n = 60;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = new double[] {1, 2, 5}[i % 3];
        }
        DenseMatrix q = DenseMatrixTest.random(n, n, 5).qr().q();
        DenseMatrix a = q.multiply(DenseMatrix.diagonal(d)).multiplyTranspose(q);
        DenseMatrix sym = a.plus(1.0, a.transpose()).scale(0.5);
        double[] b = randomVector(n, 6);

        ConjugateGradient.Result r =
                ConjugateGradient.builder(sym).relativeTolerance(1e-10).build().solve(b, new double[n]);

        assertThat(r.iterations()).isEqualTo(3);
    }

    @Test
    void energyNormOfTheErrorDecreasesMonotonically() {
        // CG minimizes ||x - x_k||_A over x0 + K_k(A, r0); the Krylov spaces are nested.
        CsrMatrix a = RandomTriplets.randomSpd(80, 0.1, 7);
        double[] b = randomVector(80, 8);
        double[] exact = a.toDense().cholesky().solve(b);
        double previous = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= 12; k++) {
            ConjugateGradient.Result r = ConjugateGradient.builder(a)
                    .preconditioner(JacobiPreconditioner.of(a))
                    .relativeTolerance(1e-15)
                    .maxIterations(k)
                    .build()
                    .solve(b, new double[80]);
            double[] e = minus(exact, r.x());
            double energy = Math.sqrt(VectorArray.dot(e, 0, a.apply(e), 0, 80));
            assertThat(energy).isLessThan(previous);
            previous = energy;
        }
    }

    @Test
    void preconditionersReduceIterationsOnPoisson() {
        int n = 64;
        CsrMatrix a = Poisson2d.laplacian(n);
        double[] b = randomVector(n * n, 9);
        int none = iterations(a, Preconditioner.identity(n * n), b);
        int jacobi = iterations(a, JacobiPreconditioner.of(a), b);
        int ic0 = iterations(a, IncompleteCholesky.of(a), b);

        // The diagonal of the Poisson matrix is constant: Jacobi only rescales, same iterates.
        assertThat(jacobi).isBetween(none - 1, none + 1);
        assertThat(ic0).isLessThan(none * 6 / 10);

        // D A D with a wildly varying diagonal scaling D: unpreconditioned CG suffers, Jacobi undoes it.
        double[] scaling = new double[n * n];
        Random rnd = new Random(10);
        for (int i = 0; i < scaling.length; i++) {
            scaling[i] = Math.pow(10, 2 * rnd.nextDouble());
        }
        CsrMatrix dad = scaleSymmetrically(a, scaling);
        int noneScaled = iterations(dad, Preconditioner.identity(n * n), b);
        int jacobiScaled = iterations(dad, JacobiPreconditioner.of(dad), b);
        int ic0Scaled = iterations(dad, IncompleteCholesky.of(dad), b);
        assertThat(jacobiScaled).isLessThan(noneScaled / 2);
        assertThat(ic0Scaled).isLessThan(jacobiScaled);
    }

    static CsrMatrix scaleSymmetrically(CsrMatrix a, double[] d) {
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] v = a.nonzeroValues();
        for (int i = 0; i < a.rows(); i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                v[p] *= d[i] * d[col[p]];
            }
        }
        return CsrMatrix.of(a.rows(), a.cols(), ptr, col, v);
    }

    @Test
    void iterationCountGrowsLikeOneOverH() {
        // cond(A) ~ h^-2, so CG needs O(sqrt(cond)) = O(h^-1) iterations; IC(0) keeps the order.
        int[] none = new int[2];
        int[] ic0 = new int[2];
        int[] sizes = {31, 63};
        for (int s = 0; s < 2; s++) {
            CsrMatrix a = Poisson2d.laplacian(sizes[s]);
            double[] b = new double[a.rows()];
            java.util.Arrays.fill(b, 1.0);
            none[s] = iterations(a, Preconditioner.identity(a.rows()), b);
            ic0[s] = iterations(a, IncompleteCholesky.of(a), b);
        }
        assertThat((double) none[1] / none[0]).isBetween(1.6, 2.5);
        assertThat((double) ic0[1] / ic0[0]).isBetween(1.6, 2.5);
    }

    @Test
    void nonConvergenceThrowsWithTheResidualHistory() {
        CsrMatrix a = Poisson2d.laplacian(20);
        double[] b = randomVector(a.rows(), 12);
        ConjugateGradient cg = ConjugateGradient.builder(a).maxIterations(7).build();

        ConvergenceException e = catchThrowableOfType(ConvergenceException.class, () -> cg.solve(b));
        assertThat(e).as("ConvergenceException thrown").isNotNull();

        assertThat(e.residualHistory()).hasSize(8);
        assertThat(e.iterations()).isEqualTo(7);
        assertThat(e.residualHistory()[0]).isEqualTo(norm(b));
        assertThat(e).hasMessageContaining("did not converge in 7 iterations");
        ConjugateGradient.Result r = cg.solve(b, new double[a.rows()]);
        assertThat(r.converged()).isFalse();
        assertThat(r.residualHistory()).containsExactly(e.residualHistory());
    }

    @Test
    void aToleranceBelowRoundOffIsNotReportedAsConverged() {
        // The recursively updated residual keeps falling far below what b - A x can reach in
        // floating point; only the true-residual check stops CG from claiming 1e-20.
        CsrMatrix a = Poisson2d.laplacian(16);
        double[] b = randomVector(a.rows(), 13);
        ConjugateGradient cg = ConjugateGradient.builder(a)
                .relativeTolerance(1e-20)
                .maxIterations(400)
                .build();
        ConvergenceException e = catchThrowableOfType(ConvergenceException.class, () -> cg.solve(b));
        assertThat(e).as("ConvergenceException thrown").isNotNull();
        assertThat(e.residualHistory()).hasSize(401);
    }

    @Test
    void indefiniteOperatorsAreDetected() {
        CsrMatrix a = Poisson2d.laplacian(10);
        double h = 1.0 / 11;
        double lambdaMin = 8 / (h * h) * Math.pow(Math.sin(Math.PI * h / 2), 2);
        // A - sigma I with sigma between the two smallest eigenvalues: one negative eigenvalue.
        CsrMatrix shifted = a.plus(-1.5 * lambdaMin, CsrMatrix.identity(a.rows()));
        double[] b = randomVector(a.rows(), 14);
        assertThatThrownBy(() -> ConjugateGradient.builder(shifted).build().solve(b))
                .isInstanceOf(NotPositiveDefiniteException.class)
                .hasMessageContaining("p^T A p");

        CsrMatrix negative = a.scale(-1);
        assertThatThrownBy(() -> ConjugateGradient.builder(negative).build().solve(b))
                .isInstanceOf(NotPositiveDefiniteException.class)
                .hasMessageContaining("search direction 1 ")
                .hasMessageContaining("not positive definite");
    }

    @Test
    void preconditionersRejectNonPositiveDiagonalsNamingTheRow() {
        CsrMatrix a = CsrMatrix.fromDense(
                DenseMatrix.ofRows(new double[] {2, -1, 0}, new double[] {-1, 2, -1}, new double[] {0, -1, -3}));
        assertThatThrownBy(() -> JacobiPreconditioner.of(a))
                .isInstanceOf(NotPositiveDefiniteException.class)
                .hasMessageContaining("(2, 2)")
                .satisfies(e ->
                        assertThat(((NotPositiveDefiniteException) e).pivot()).isEqualTo(2));
        assertThatThrownBy(() -> IncompleteCholesky.of(a))
                .isInstanceOf(NotPositiveDefiniteException.class)
                .satisfies(e ->
                        assertThat(((NotPositiveDefiniteException) e).pivot()).isEqualTo(2));
        CsrMatrix missing = CsrMatrix.fromDense(DenseMatrix.ofRows(new double[] {1, 1}, new double[] {1, 0}));
        assertThatThrownBy(() -> JacobiPreconditioner.of(missing)).hasMessageContaining("(1, 1)");
        assertThatThrownBy(() -> IncompleteCholesky.withDiagonalShift(missing)).hasMessageContaining("(1, 1)");
    }

    @Test
    void incompleteCholeskyOfATridiagonalMatrixIsItsExactCholesky() {
        // The Cholesky factor of a tridiagonal matrix is bidiagonal: no fill-in, so IC(0) = Cholesky.
        int n = 50;
        Random rnd = new Random(15);
        int[] ri = new int[3 * n];
        int[] ci = new int[3 * n];
        double[] v = new double[3 * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            ri[k] = i;
            ci[k] = i;
            v[k++] = 2.5 + rnd.nextDouble();
            if (i > 0) {
                double off = -1 + 0.5 * rnd.nextDouble();
                ri[k] = i;
                ci[k] = i - 1;
                v[k++] = off;
                ri[k] = i - 1;
                ci[k] = i;
                v[k++] = off;
            }
        }
        CsrMatrix a = CsrMatrix.fromTriplets(n, n, ri, ci, v, k);
        IncompleteCholesky ic = IncompleteCholesky.of(a);

        DenseMatrix exact = a.toDense().cholesky().lower();
        assertThat(ic.lower().toDense().minus(exact).normMax()).isLessThan(1e-14);
        assertThat(ic.shift()).isZero();

        double[] b = randomVector(n, 16);
        ConjugateGradient.Result r = ConjugateGradient.builder(a)
                .preconditioner(ic)
                .relativeTolerance(1e-12)
                .build()
                .solve(b, new double[n]);
        assertThat(r.iterations()).isEqualTo(1);
    }

    static Stream<Arguments> patterns() {
        return Stream.of(
                Arguments.of("poisson 9x9", Poisson2d.laplacian(9)),
                Arguments.of("random n=30 density 0.3", RandomTriplets.randomSpd(30, 0.3, 22)),
                Arguments.of("random n=60 density 0.1", RandomTriplets.randomSpd(60, 0.1, 23)),
                Arguments.of("random n=12 dense", RandomTriplets.randomSpd(12, 1.0, 24)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void incompleteCholeskyFactorMatchesAOnItsPattern(String name, CsrMatrix a) {
        // IC(0) defining property: (L L^T)_ij = a_ij for every (i, j) in the pattern of A, L on the lower pattern.
        DenseMatrix l = IncompleteCholesky.of(a).lower().toDense();
        DenseMatrix llt = l.multiplyTranspose(l);
        DenseMatrix dense = a.toDense();
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                if (dense.get(i, j) != 0) {
                    assertThat(llt.get(i, j)).isCloseTo(dense.get(i, j), org.assertj.core.data.Offset.offset(1e-10));
                }
                if (j > i) {
                    assertThat(l.get(i, j)).isZero();
                }
                if (dense.get(i, j) == 0) {
                    assertThat(l.get(i, j)).isZero();
                }
            }
        }
    }

    @Test
    void incompleteCholeskyBreakdownNamesTheRowAndTheShiftedRetryWorks() {
        // Kershaw (1978): symmetric positive definite (eigenvalues 3 -+ 2 sqrt 2), yet IC(0) meets pivot -5 at row 3.
        CsrMatrix a = CsrMatrix.fromDense(DenseMatrix.ofRows(
                new double[] {3, -2, 0, 2}, new double[] {-2, 3, -2, 0}, new double[] {0, -2, 3, -2}, new double[] {
                    2, 0, -2, 3
                }));
        NotPositiveDefiniteException e =
                catchThrowableOfType(NotPositiveDefiniteException.class, () -> IncompleteCholesky.of(a));
        assertThat(e).as("NotPositiveDefiniteException thrown").isNotNull();
        assertThat(e.pivot()).isEqualTo(3);
        assertThat(e.value()).isCloseTo(-5.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(e).hasMessageContaining("row 3");

        IncompleteCholesky shifted = IncompleteCholesky.withDiagonalShift(a);
        assertThat(shifted.shift()).isGreaterThan(0);
        double[] b = {1, 2, 3, 4};
        double[] x = ConjugateGradient.builder(a)
                .preconditioner(shifted)
                .relativeTolerance(1e-12)
                .build()
                .solve(b);
        assertThat(norm(minus(x, a.toDense().cholesky().solve(b)))).isLessThan(1e-10);
    }

    @Test
    void nonFiniteInputsAndOutputsAreReported() {
        CsrMatrix a = Poisson2d.laplacian(4);
        ConjugateGradient cg = ConjugateGradient.builder(a).build();
        double[] b = randomVector(16, 17);
        b[5] = Double.NaN;
        assertThatThrownBy(() -> cg.solve(b))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("right-hand side")
                .hasMessageContaining("entry 5");

        LinearMap broken = new LinearMap() {
            @Override
            public int rows() {
                return 16;
            }

            @Override
            public int cols() {
                return 16;
            }

            @Override
            public void apply(double[] x, int xOffset, double[] y, int yOffset) {
                a.apply(x, xOffset, y, yOffset);
                y[yOffset + 9] = Double.POSITIVE_INFINITY * x[xOffset + 9];
            }
        };
        double[] ones = new double[16];
        java.util.Arrays.fill(ones, 1.0);
        assertThatThrownBy(() -> ConjugateGradient.builder(broken).build().solve(ones))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("operator output")
                .hasMessageContaining("entry 9");

        Preconditioner nan = (r, z) -> java.util.Arrays.fill(z, Double.NaN);
        assertThatThrownBy(() ->
                        ConjugateGradient.builder(a).preconditioner(nan).build().solve(ones))
                .isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("preconditioner output");
    }

    @Test
    void badSetupsAreRejected() {
        CsrMatrix a = Poisson2d.laplacian(3);
        assertThatThrownBy(() -> ConjugateGradient.builder(a).build().solve(new double[8]))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("expected 9, found 8");
        assertThatThrownBy(() -> ConjugateGradient.builder(CsrMatrix.fromDense(DenseMatrix.zeros(3, 4))))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("3x4");
        CsrMatrix unsymmetric =
                a.plus(1.0, CsrMatrix.fromTriplets(9, 9, new int[] {0}, new int[] {1}, new double[] {1}, 1));
        assertThatThrownBy(() -> ConjugateGradient.builder(unsymmetric).build())
                .isInstanceOf(org.jrom.JromException.class)
                .hasMessageContaining("symmetric");
        assertThatThrownBy(() -> ConjugateGradient.builder(a).relativeTolerance(-1))
                .hasMessageContaining("relative tolerance");
        Preconditioner negative = (r, z) -> {
            for (int i = 0; i < r.length; i++) {
                z[i] = -r[i];
            }
        };
        assertThatThrownBy(() -> ConjugateGradient.builder(a)
                        .preconditioner(negative)
                        .build()
                        .solve(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(NotPositiveDefiniteException.class)
                .hasMessageContaining("preconditioner");
    }

    @Test
    void solvesEveryVectorOfABlock() {
        CsrMatrix a = RandomTriplets.randomSpd(30, 0.2, 18);
        VectorArray b = VectorArray.of(randomVector(30, 19), randomVector(30, 20), randomVector(30, 21));
        VectorArray x = ConjugateGradient.builder(a)
                .preconditioner(IncompleteCholesky.of(a))
                .relativeTolerance(1e-12)
                .build()
                .solve(b);
        DenseMatrix expected = a.toDense().cholesky().solve(b.toMatrix());
        assertThat(x.toMatrix().minus(expected).normMax()).isLessThan(1e-9 * expected.normMax());
    }
}

package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FillReducingOrderingTest {
    static int[] natural(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    static Stream<Arguments> graphs() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("empty", CsrMatrix.identity(0)));
        cases.add(Arguments.of("one vertex", CsrMatrix.identity(1)));
        cases.add(Arguments.of("diagonal 500", CsrMatrix.identity(500)));
        cases.add(Arguments.of("path", GridLaplacian.poisson2d(1, 700)));
        cases.add(Arguments.of("grid 37x23", GridLaplacian.poisson2d(37, 23)));
        cases.add(Arguments.of("grid 9x8x7", GridLaplacian.poisson3d(9, 8, 7)));
        cases.add(Arguments.of("dense 150", CsrMatrix.fromDense(DenseMatrixTest.randomSpd(150, 2))));
        cases.add(Arguments.of("star 400", star(400)));
        long seed = 11;
        for (SparseCholeskyTest.Pattern p : SparseCholeskyTest.Pattern.values()) {
            for (int n : new int[] {50, 400}) {
                cases.add(Arguments.of(p + " " + n, SparseCholeskyTest.randomSpd(n, 2, p, seed++)));
            }
        }
        return cases.stream();
    }

    /** Vertex 0 joined to all others. */
    static CsrMatrix star(int n) {
        int[] r = new int[3 * n];
        int[] c = new int[3 * n];
        double[] v = new double[3 * n];
        int t = 0;
        for (int i = 0; i < n; i++) {
            r[t] = i;
            c[t] = i;
            v[t++] = n;
            if (i > 0) {
                r[t] = i;
                c[t] = 0;
                v[t++] = -1;
                r[t] = 0;
                c[t] = i;
                v[t++] = -1;
            }
        }
        return CsrMatrix.fromTriplets(n, n, r, c, v, t);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void theOrderingIsAPermutationAndNeverFillsMoreThanTheDenseFactor(String name, CsrMatrix a) {
        int[] perm = FillReducingOrdering.nestedDissection(a);
        int n = a.rows();
        assertThat(perm).hasSize(n);
        boolean[] seen = new boolean[n];
        for (int p : perm) {
            assertThat(p).isBetween(0, n - 1);
            assertThat(seen[p]).as("index %d repeated", p).isFalse();
            seen[p] = true;
        }
        assertThat(FillReducingOrdering.nestedDissection(a)).isEqualTo(perm); // deterministic
        long nnz = SparseCholesky.analyze(a, perm).nnzFactor();
        assertThat(nnz).isBetween((long) n, (long) n * (n + 1) / 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void minimumDegreesFillAndFlopsAreThoseOfTheSymbolicAnalysis(String name, CsrMatrix a) {
        // The AMD's counts come from its new elements; the analysis's from the elimination tree and
        // row subtrees (Gilbert, Ng, Peyton): two computations of the same factor's columns.
        ApproximateMinimumDegree amd = ApproximateMinimumDegree.of(FillReducingOrdering.Graph.of(a));
        int n = a.rows();
        int[] perm = amd.order();
        assertThat(FillReducingOrdering.inverse(perm, n)).hasSize(n); // a permutation
        assertThat(FillReducingOrdering.approximateMinimumDegree(a)).isEqualTo(perm); // deterministic
        CholeskySymbolic analysis = SparseCholesky.analyze(a, perm);
        // dense rows (the star's centre, the arrow's last row, every row of the dense matrix) are
        // ordered last and left out of the counts
        assertThat(amd.countsExact())
                .isEqualTo(!name.startsWith("star") && !name.startsWith("ARROW") && !name.startsWith("dense"));
        if (amd.countsExact()) {
            assertThat(amd.nnzFactor()).isEqualTo(analysis.nnzFactor());
            assertThat(amd.flops()).isEqualTo(analysis.flops());
        }
        // the default ordering is one of the two
        int[] chosen = FillReducingOrdering.compute(a);
        assertThat(chosen).satisfiesAnyOf(c -> assertThat(c).isEqualTo(perm), c -> assertThat(c)
                .isEqualTo(FillReducingOrdering.nestedDissection(a)));
    }

    @Test
    void aDenseRowInAnUnsymmetricPatternIsCountedThroughTheSymmetricPart() {
        // row 0 full, column 0 empty below the diagonal: the dense row makes AMD's own counts
        // partial, so the default counts the symmetric part's factor before choosing
        int n = 200;
        int[] r = new int[2 * n];
        int[] c = new int[2 * n];
        double[] v = new double[2 * n];
        int t = 0;
        for (int i = 0; i < n; i++) {
            r[t] = i;
            c[t] = i;
            v[t++] = 4;
            if (i > 0) {
                r[t] = 0;
                c[t] = i;
                v[t++] = -1;
            }
        }
        CsrMatrix arrow = CsrMatrix.fromTriplets(n, n, r, c, v, t);
        ApproximateMinimumDegree amd = ApproximateMinimumDegree.of(FillReducingOrdering.Graph.of(arrow));
        assertThat(amd.countsExact()).isFalse();
        int[] perm = FillReducingOrdering.compute(arrow);
        assertThat(perm).isEqualTo(amd.order());
        assertThat(perm[n - 1]).isZero(); // the dense row last: no fill
    }

    @Test
    void minimumDegreeOrdersAStarsCentreLastAndAGridWithLittleFill() {
        CsrMatrix a = star(400); // the centre is a dense row: ordered last, no fill at all
        int[] perm = FillReducingOrdering.approximateMinimumDegree(a);
        assertThat(perm[399]).isZero();
        assertThat(SparseCholesky.analyze(a, perm).nnzFactor()).isEqualTo(2 * 400 - 1);
        // 60 x 60 grid: within 1.5x of nested dissection's fill, a third of the banded one
        CsrMatrix grid = GridLaplacian.poisson2d(60, 60);
        long amd = SparseCholesky.analyze(grid, FillReducingOrdering.approximateMinimumDegree(grid))
                .nnzFactor();
        long dissected = SparseCholesky.analyze(grid, FillReducingOrdering.nestedDissection(grid))
                .nnzFactor();
        long banded = SparseCholesky.analyze(grid, natural(grid.rows())).nnzFactor();
        assertThat(amd).isLessThan(dissected * 3 / 2);
        assertThat(amd * 3).isLessThan(banded);
        // a tree (a path) is ordered without fill: nnz(L) = n + edges
        CsrMatrix path = GridLaplacian.poisson2d(1, 700);
        assertThat(SparseCholesky.analyze(path, FillReducingOrdering.approximateMinimumDegree(path))
                        .nnzFactor())
                .isEqualTo(700 + 699);
    }

    @Test
    void aStarIsOrderedWithItsCentreLast() {
        // eliminating the centre first fills the whole matrix; last, it fills nothing
        CsrMatrix a = star(400);
        assertThat(SparseCholesky.analyze(a).nnzFactor()).isEqualTo(2 * 400 - 1);
        assertThat(SparseCholesky.analyze(a, natural(400)).nnzFactor()).isEqualTo(400L * 401 / 2);
    }

    @Test
    void nestedDissectionCutsTheFillOfA60x60GridMoreThanThreefold() {
        CsrMatrix a = GridLaplacian.poisson2d(60, 60);
        long natural = SparseCholesky.analyze(a, natural(a.rows())).nnzFactor();
        long dissected = SparseCholesky.analyze(a, FillReducingOrdering.nestedDissection(a))
                .nnzFactor();
        // banded natural order: every column of L has about 60 entries
        assertThat(natural).isBetween(60L * 3600 - 60 * 60, 61L * 3600);
        assertThat(dissected * 3).isLessThan(natural);
        CsrMatrix cube = GridLaplacian.poisson3d(14, 14, 14);
        long naturalCube = SparseCholesky.analyze(cube, natural(cube.rows())).nnzFactor();
        assertThat(SparseCholesky.analyze(cube, FillReducingOrdering.nestedDissection(cube))
                                .nnzFactor()
                        * 3)
                .isLessThan(naturalCube);
    }

    @Test
    void fillOnSquareGridsGrowsLikeNLogNNotLikeTheBandwidth() {
        // k x k grid: banded fill ~ k^3 grows 8x when k doubles; nested dissection's ~ k^2 log k about 4.7x
        CsrMatrix smallGrid = GridLaplacian.poisson2d(64, 64);
        CsrMatrix largeGrid = GridLaplacian.poisson2d(128, 128);
        long small = SparseCholesky.analyze(smallGrid, FillReducingOrdering.nestedDissection(smallGrid))
                .nnzFactor();
        long large = SparseCholesky.analyze(largeGrid, FillReducingOrdering.nestedDissection(largeGrid))
                .nnzFactor();
        assertThat((double) large / small).isBetween(4.0, 6.0);
        // and the constant is that of a good ordering: George's bound is 31/4 n log2 n
        assertThat((double) large).isLessThan(31.0 / 4 * 128 * 128 * Math.log(128 * 128) / Math.log(2));
    }

    @Test
    void aNonSquareMatrixIsRefused() {
        CsrMatrix rect = CsrMatrix.fromDense(DenseMatrix.zeros(2, 3));
        assertThatThrownBy(() -> FillReducingOrdering.compute(rect))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("2x3");
    }

    @Test
    void anUnsymmetricPatternIsOrderedThroughItsSymmetricPart() {
        CsrMatrix lower = CsrMatrix.fromDense(
                DenseMatrix.ofRows(new double[] {2, 0, 0}, new double[] {1, 2, 0}, new double[] {0, 1, 2}));
        int[] perm = FillReducingOrdering.compute(lower);
        assertThat(perm).containsExactlyInAnyOrder(0, 1, 2);
    }
}

package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiPredicate;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.testing.Python;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Matrix Market files written by SciPy's {@code scipy.io.mmwrite} with 17 significant digits (SciPy's
 * default of 16 does not round-trip doubles, for SciPy either), plain and gzipped, read bit for bit:
 * the committed files of make_fixtures.py against the formula that wrote them, and in the interop
 * tests (Debian {@code python3-scipy}; they fail, not skip, without it) files the installed SciPy
 * writes now, random ones compared with what {@code scipy.io.mmread} reads back (saved as {@code .npy}).
 */
class MatrixMarketScipyTest {
    private static final String SCRIPT = String.join(
            "\n",
            "import sys, gzip, shutil, numpy as np, scipy.io, scipy.sparse as sp",
            "d = sys.argv[1]",
            "rng = np.random.default_rng(11)",
            "a = sp.random(300, 200, density=0.05, random_state=rng, format='coo')",
            "a.data = rng.standard_normal(a.nnz) * 10.0 ** rng.integers(-12, 12, a.nnz)",
            "s = sp.random(250, 250, density=0.03, random_state=rng, format='csr')",
            "s = (s + s.T).tocoo()",
            "k = sp.random(120, 120, density=0.05, random_state=rng, format='csr')",
            "k = (k - k.T).tocoo()",
            "v = rng.standard_normal((40, 1))",
            "dense = rng.standard_normal((7, 5))",
            // SciPy 1.12 and later detect symmetry only below 100 rows: name it
            "for name, m, sym in [('general', a, 'general'), ('symmetric', s, 'symmetric'),",
            "                     ('skew', k, 'skew-symmetric'),",
            "                     ('vector', v, 'general'), ('dense', dense, 'general')]:",
            "    scipy.io.mmwrite(d + '/' + name + '.mtx', m, precision=17, symmetry=sym)",
            "    back = scipy.io.mmread(d + '/' + name + '.mtx')",
            "    back = back.toarray() if sp.issparse(back) else back",
            "    assert np.array_equal(back, m.toarray() if sp.issparse(m) else m)",
            "    np.save(d + '/' + name + '.npy', back)",
            "    with open(d + '/' + name + '.mtx', 'rb') as f, gzip.open(d + '/' + name + '.mtx.gz', 'wb') as g:",
            "        shutil.copyfileobj(f, g)",
            "print(open(d + '/symmetric.mtx').readline().strip())",
            "print(open(d + '/skew.mtx').readline().strip())",
            "print(open(d + '/dense.mtx').readline().strip())");

    @TempDir
    Path dir;

    /**
     * Entry (i, j) of the matrices of make_fixtures.py: {@code (-1)^(i+j) (31 i + 17 j + 1) / 7 * 2^e},
     * {@code e = (5 i + 3 j) mod 61 - 30}; a division and a power of two, so exact in both languages.
     */
    static double value(int i, int j) {
        int e = (5 * i + 3 * j) % 61 - 30;
        return ((i + j) % 2 == 0 ? 1 : -1) * Math.scalb((31 * i + 17 * j + 1) / 7.0, e);
    }

    /** The n x m matrix of {@link #value} where {@code keep(i, j)}, else zero; a square one symmetric. */
    static DenseMatrix matrix(int n, int m, BiPredicate<Integer, Integer> keep) {
        DenseMatrix a = DenseMatrix.zeros(n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                if (keep.test(i, j)) {
                    a.set(i, j, n == m ? value(Math.min(i, j), Math.max(i, j)) : value(i, j));
                }
            }
        }
        return a;
    }

    /** Checks the files of make_fixtures.py (section mtx) in {@code d} against {@link #value}. */
    static void assertReadsWhatScipyWrites(Path d) throws IOException {
        DenseMatrix general = matrix(30, 20, (i, j) -> (7 * i + 3 * j) % 11 == 0);
        DenseMatrix symmetric = matrix(25, 25, (i, j) -> i.equals(j) || (i + j) % 5 == 0);
        DenseMatrix vector = matrix(10, 1, (i, j) -> true);
        DenseMatrix dense = matrix(7, 5, (i, j) -> true);
        assertThat(firstLine(d.resolve("general.mtx"))).isEqualTo("%%MatrixMarket matrix coordinate real general");
        assertThat(firstLine(d.resolve("symmetric.mtx"))).isEqualTo("%%MatrixMarket matrix coordinate real symmetric");
        assertThat(firstLine(d.resolve("vector.mtx"))).isEqualTo("%%MatrixMarket matrix array real general");
        assertThat(firstLine(d.resolve("dense.mtx"))).isEqualTo("%%MatrixMarket matrix array real general");
        for (String suffix : new String[] {".mtx", ".mtx.gz"}) {
            assertThat(MatrixMarket.readSparse(d.resolve("general" + suffix))
                            .toDense()
                            .data())
                    .as("general" + suffix)
                    .isEqualTo(general.data());
            assertThat(MatrixMarket.readSquare(d.resolve("symmetric" + suffix))
                            .toDense()
                            .data())
                    .as("symmetric" + suffix)
                    .isEqualTo(symmetric.data());
            assertThat(MatrixMarket.readVector(d.resolve("vector" + suffix)))
                    .as("vector" + suffix)
                    .isEqualTo(vector.data());
            assertThat(MatrixMarket.readDense(d.resolve("dense" + suffix)).data())
                    .as("dense" + suffix)
                    .isEqualTo(dense.data());
        }
    }

    private static String firstLine(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.findFirst().orElse("");
        }
    }

    @Test
    void readsTheFilesScipyWrotePlainAndGzipped() throws IOException {
        assertReadsWhatScipyWrites(NumpyFixtures.committed("mtx"));
    }

    @Test
    @Tag("interop")
    void readsWhatScipyWritesPlainAndGzipped() throws IOException {
        assertReadsWhatScipyWrites(NumpyFixtures.written(dir, "mtx"));
        String out = Python.run(SCRIPT, dir.toString());
        assertThat(out).contains("%%MatrixMarket matrix coordinate real symmetric");
        assertThat(out).contains("%%MatrixMarket matrix coordinate real skew-symmetric");
        assertThat(out).contains("%%MatrixMarket matrix array real general");
        for (String suffix : new String[] {".mtx", ".mtx.gz"}) {
            for (String name : new String[] {"general", "symmetric", "skew"}) {
                CsrMatrix a = MatrixMarket.readSparse(dir.resolve(name + suffix));
                DenseMatrix expected = Npy.read(dir.resolve(name + ".npy")).matrix();
                assertThat(a.toDense().data()).as(name + suffix).isEqualTo(expected.data());
            }
            assertThat(MatrixMarket.readSquare(dir.resolve("symmetric" + suffix))
                            .asymmetry())
                    .isZero();
            assertThat(MatrixMarket.readSquare(dir.resolve("skew" + suffix)).isSkewSymmetric())
                    .isTrue();
            assertThat(MatrixMarket.readVector(dir.resolve("vector" + suffix)))
                    .isEqualTo(Npy.read(dir.resolve("vector.npy")).matrix().data());
            assertThat(MatrixMarket.readDense(dir.resolve("dense" + suffix)).data())
                    .isEqualTo(Npy.read(dir.resolve("dense.npy")).matrix().data());
        }
    }
}

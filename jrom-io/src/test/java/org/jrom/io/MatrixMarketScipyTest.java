package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Matrix Market files written by SciPy's {@code scipy.io.mmwrite} (Debian {@code python3-scipy};
 * these tests fail, not skip, without it) with 17 significant digits, read back and compared bit for
 * bit with what {@code scipy.io.mmread} reads from the same files (saved next to them as {@code .npy}).
 * SciPy's default of 16 digits does not round-trip doubles, for SciPy either.
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
            "v = rng.standard_normal((40, 1))",
            "dense = rng.standard_normal((7, 5))",
            "for name, m in [('general', a), ('symmetric', s), ('vector', v), ('dense', dense)]:",
            "    scipy.io.mmwrite(d + '/' + name + '.mtx', m, precision=17)",
            "    back = scipy.io.mmread(d + '/' + name + '.mtx')",
            "    back = back.toarray() if sp.issparse(back) else back",
            "    assert np.array_equal(back, m.toarray() if sp.issparse(m) else m)",
            "    np.save(d + '/' + name + '.npy', back)",
            "    with open(d + '/' + name + '.mtx', 'rb') as f, gzip.open(d + '/' + name + '.mtx.gz', 'wb') as g:",
            "        shutil.copyfileobj(f, g)",
            "print(open(d + '/symmetric.mtx').readline().strip())",
            "print(open(d + '/dense.mtx').readline().strip())");

    @TempDir
    Path dir;

    @Test
    void readsWhatScipyWritesPlainAndGzipped() {
        String out = Python.run(SCRIPT, dir.toString());
        assertThat(out).contains("%%MatrixMarket matrix coordinate real symmetric");
        assertThat(out).contains("%%MatrixMarket matrix array real general");
        for (String suffix : new String[] {".mtx", ".mtx.gz"}) {
            for (String name : new String[] {"general", "symmetric"}) {
                CsrMatrix a = MatrixMarket.readSparse(dir.resolve(name + suffix));
                DenseMatrix expected = Npy.read(dir.resolve(name + ".npy")).matrix();
                assertThat(a.toDense().data()).as(name + suffix).isEqualTo(expected.data());
            }
            assertThat(MatrixMarket.readSquare(dir.resolve("symmetric" + suffix))
                            .asymmetry())
                    .isZero();
            assertThat(MatrixMarket.readVector(dir.resolve("vector" + suffix)))
                    .isEqualTo(Npy.read(dir.resolve("vector.npy")).matrix().data());
            assertThat(MatrixMarket.readDense(dir.resolve("dense" + suffix)).data())
                    .isEqualTo(Npy.read(dir.resolve("dense.npy")).matrix().data());
        }
    }
}

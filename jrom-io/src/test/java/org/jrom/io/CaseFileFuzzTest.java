package org.jrom.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.testing.FuzzProperty;

/**
 * The case file from hostile JSON bytes, written to case.json beside a small valid mesh (cube.msh:
 * 8 nodes, boundaries bottom, top, sides) and temperature fields on it (theta.npy: one value per
 * node; T.npy: 2 x 8) that the seeds name, so that the fuzzer reaches past the file references into
 * the instantiation (docs/reliability.md); corpus in CaseFileFuzzTestInputs/read. A box may have at
 * most {@value #MAX_CELLS} cells here: the limit of a real read ({@link CaseFile#MAX_BOX_CELLS})
 * lets a small file ask for a large mesh by design, which the fuzz profile's 256 MiB heap would
 * report; the limit itself is tested in {@code CaseFileTest}.
 */
class CaseFileFuzzTest {
    private static final int MAX_CELLS = 64;

    static {
        try (InputStream in = CaseFileFuzzTest.class.getResourceAsStream("case/cube.msh")) {
            FuzzProperty.file("cube.msh", in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double[] theta = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7};
        FuzzProperty.file("theta.npy", Npy.encode(Npy.Array.vector(theta), false));
        double[] cold = new double[8];
        double[] hot = new double[8];
        java.util.Arrays.fill(cold, 20);
        java.util.Arrays.fill(hot, 600);
        FuzzProperty.file("T.npy", Npy.encode(Npy.Array.of(DenseMatrix.ofRows(cold, hot)), false));
    }

    @FuzzTest
    void read(byte[] data) {
        FuzzProperty.check(() -> CaseFile.read(FuzzProperty.file("case.json", data), false, MAX_CELLS));
    }
}

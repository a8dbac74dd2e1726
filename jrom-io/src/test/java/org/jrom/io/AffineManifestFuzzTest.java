package org.jrom.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.jrom.testing.FuzzProperty;

/**
 * The affine manifest from hostile JSON bytes, written to manifest.json beside a small valid
 * problem (A0.mtx, A1.mtx: 2 x 2; F.mtx: a vector of 2; train.npy: 2 parameters of size 2) that
 * the seeds name, so that the fuzzer reaches past the file references (docs/reliability.md);
 * corpus in AffineManifestFuzzTestInputs/read.
 */
class AffineManifestFuzzTest {
    private static final String A0 = "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 2\n1 2 -1\n2 2 1\n";
    private static final String A1 = "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 1\n2 2 3\n";
    private static final String F = "%%MatrixMarket matrix array real general\n2 1\n1\n0.5\n";

    static {
        FuzzProperty.file("A0.mtx", A0.getBytes(StandardCharsets.US_ASCII));
        FuzzProperty.file("A1.mtx", A1.getBytes(StandardCharsets.US_ASCII));
        FuzzProperty.file("F.mtx", F.getBytes(StandardCharsets.US_ASCII));
        FuzzProperty.file(
                "train.npy",
                Npy.encode(
                        Npy.Array.of(org.jrom.linalg.DenseMatrix.ofRows(new double[] {1, 2}, new double[] {3, 4})),
                        false));
    }

    @FuzzTest
    void read(byte[] data) {
        FuzzProperty.check(() -> AffineManifest.read(FuzzProperty.file("manifest.json", data)));
    }
}

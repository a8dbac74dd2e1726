package org.jrom.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jrom.testing.FuzzProperty;

/** NPY arrays from hostile bytes (docs/reliability.md); corpus in NpyFuzzTestInputs/decode. */
class NpyFuzzTest {
    @FuzzTest
    void decode(byte[] data) {
        FuzzProperty.check(() -> Npy.decode(data, "fuzz.npy"));
    }
}

package org.jrom.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jrom.testing.FuzzProperty;

/** NPZ archives (zip of .npy) from hostile bytes (docs/reliability.md); corpus in NpzFuzzTestInputs/read. */
class NpzFuzzTest {
    @FuzzTest
    void read(byte[] data) {
        FuzzProperty.check(() -> Npz.read(FuzzProperty.file("fuzz.npz", data)));
    }
}

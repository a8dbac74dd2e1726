package org.jrom.fem.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jrom.testing.FuzzProperty;

/** ParaView collections (.pvd) from hostile bytes (docs/reliability.md); corpus in PvdReaderFuzzTestInputs/read. */
class PvdReaderFuzzTest {
    @FuzzTest
    void read(byte[] data) {
        FuzzProperty.check(() -> PvdReader.read(FuzzProperty.file("fuzz.pvd", data)));
    }
}

package org.jrom.fem.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jrom.testing.FuzzProperty;

/** VTK .vtu files (ASCII, base64, appended raw, zlib) from hostile bytes (docs/reliability.md); corpus in VtuReaderFuzzTestInputs/read. */
class VtuReaderFuzzTest {
    @FuzzTest
    void read(byte[] data) {
        FuzzProperty.check(() -> VtuReader.read(FuzzProperty.file("fuzz.vtu", data)));
    }
}

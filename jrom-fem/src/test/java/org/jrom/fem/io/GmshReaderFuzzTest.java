package org.jrom.fem.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jrom.testing.FuzzProperty;

/** Gmsh .msh 4.1 files, text and binary, from hostile bytes (docs/reliability.md); corpus in GmshReaderFuzzTestInputs/read. */
class GmshReaderFuzzTest {
    @FuzzTest
    void read(byte[] data) {
        FuzzProperty.check(() -> GmshReader.read(FuzzProperty.file("fuzz.msh", data)));
    }
}

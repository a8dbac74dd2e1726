package org.jrom.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jrom.testing.FuzzProperty;

/** CSV parameter tables from hostile bytes (docs/reliability.md); corpus in ParameterTableFuzzTestInputs/read. */
class ParameterTableFuzzTest {
    @FuzzTest
    void read(byte[] data) {
        FuzzProperty.check(() -> ParameterTable.read(FuzzProperty.file("fuzz.csv", data)));
    }
}

package org.jrom.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jrom.testing.FuzzProperty;

/**
 * The .jrom model file from hostile bytes, read as {@code jrom info} and {@code jrom query
 * --reconstruct} read it (docs/reliability.md); corpus in ModelFileFuzzTestInputs/load.
 */
class ModelFileFuzzTest {
    @FuzzTest
    void load(byte[] data) {
        FuzzProperty.check(() -> ModelFile.load(FuzzProperty.file("fuzz.jrom", data)));
    }
}

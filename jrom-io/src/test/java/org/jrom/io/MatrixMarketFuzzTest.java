package org.jrom.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.jrom.testing.FuzzProperty;

/**
 * Matrix Market files from hostile bytes, read as a sparse matrix, a dense matrix and a vector
 * (docs/reliability.md). {@link #read} takes the file as it is (gzip too: recognized by its magic
 * bytes); {@link #readGzipped} compresses the input first, so that the text parser is fuzzed behind
 * a well-formed gzip stream. Corpora in MatrixMarketFuzzTestInputs/read and /readGzipped.
 */
class MatrixMarketFuzzTest {
    @FuzzTest
    void read(byte[] data) {
        readAll(FuzzProperty.file("fuzz.mtx", data));
    }

    @FuzzTest
    void readGzipped(byte[] data) {
        readAll(FuzzProperty.file("fuzz.mtx.gz", gzip(data)));
    }

    private static void readAll(Path file) {
        FuzzProperty.check(() -> MatrixMarket.readSparse(file));
        FuzzProperty.check(() -> MatrixMarket.readDense(file));
        FuzzProperty.check(() -> MatrixMarket.readVector(file));
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

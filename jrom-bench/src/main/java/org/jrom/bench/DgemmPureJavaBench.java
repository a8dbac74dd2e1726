package org.jrom.bench;

import org.jrom.linalg.LinalgBackend;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The DGEMM of {@link DgemmBench} in a JVM forced onto the pure-Java backend ({@code
 * -Djrom.blas=java}), i.e. jrom's blocked Java kernel, to compare with the native path.
 */
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx6g", "-Djrom.blas=java"})
public class DgemmPureJavaBench extends DgemmBench {
    @Setup
    public void requirePureJava() {
        if (LinalgBackend.isNative()) {
            throw new IllegalStateException("expected the pure-Java backend, found " + LinalgBackend.describe());
        }
    }
}

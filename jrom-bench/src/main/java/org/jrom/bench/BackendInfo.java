package org.jrom.bench;

import org.jrom.linalg.LinalgBackend;
import org.jrom.linalg.Parallel;

/** Prints the machine facts a benchmark table needs: JVM, processors, jrom threads, BLAS backend. */
public final class BackendInfo {
    private BackendInfo() {}

    public static void main(String[] args) {
        System.out.println("Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
                + Runtime.getRuntime().availableProcessors() + " processors, jrom threads " + Parallel.threads());
        System.out.println(LinalgBackend.describe());
    }
}

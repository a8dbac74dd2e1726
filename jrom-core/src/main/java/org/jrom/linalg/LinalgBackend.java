package org.jrom.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The dense BLAS/LAPACK implementation in use: the system OpenBLAS through JNI when it can be
 * loaded (Debian {@code libopenblas0-pthread}), the pure-Java netlib port otherwise. Both give the
 * same results up to round-off; the native one is 10-30x faster on large matrices.
 *
 * <p>Setting the system property {@code jrom.blas=java} forces the pure-Java implementation.
 */
public final class LinalgBackend {
    // netlib announces its choice at INFO on stderr; jrom reports it through describe() instead.
    private static final Logger NETLIB_LOGGER = quietNetlibLogger();
    private static final boolean FORCE_JAVA = "java".equalsIgnoreCase(System.getProperty("jrom.blas"));
    private static final BLAS BLAS_INSTANCE = FORCE_JAVA ? JavaBLAS.getInstance() : BLAS.getInstance();
    private static final LAPACK LAPACK_INSTANCE = FORCE_JAVA ? JavaLAPACK.getInstance() : LAPACK.getInstance();

    private LinalgBackend() {}

    private static Logger quietNetlibLogger() {
        Logger logger = Logger.getLogger("dev.ludovic.netlib");
        logger.setLevel(Level.WARNING);
        return logger;
    }

    /** The logger whose level keeps netlib quiet (held so that the setting is not collected). */
    static Logger netlibLogger() {
        return NETLIB_LOGGER;
    }

    /** The BLAS in use. */
    public static BLAS blas() {
        return BLAS_INSTANCE;
    }

    /** The LAPACK in use. */
    public static LAPACK lapack() {
        return LAPACK_INSTANCE;
    }

    /** The pure-Java BLAS, whatever the live backend is (for cross-checks). */
    public static BLAS javaBlas() {
        return JavaBLAS.getInstance();
    }

    /** The pure-Java LAPACK, whatever the live backend is (for cross-checks). */
    public static LAPACK javaLapack() {
        return JavaLAPACK.getInstance();
    }

    /** True when BLAS calls go to a native library (OpenBLAS). */
    public static boolean isNative() {
        return BLAS_INSTANCE instanceof NativeBLAS;
    }

    /** True when LAPACK calls go to a native library. */
    public static boolean isNativeLapack() {
        return LAPACK_INSTANCE instanceof NativeLAPACK;
    }

    /** One line for humans: which implementation answers BLAS and LAPACK calls. */
    public static String describe() {
        String blas = isNative()
                ? "native (" + BLAS_INSTANCE.getClass().getSimpleName() + ", system libblas.so.3)"
                : "pure Java (" + BLAS_INSTANCE.getClass().getSimpleName() + ")";
        String lapack = isNativeLapack()
                ? "native (" + LAPACK_INSTANCE.getClass().getSimpleName() + ", system liblapack.so.3)"
                : "pure Java (" + LAPACK_INSTANCE.getClass().getSimpleName() + ")";
        return "BLAS " + blas + "; LAPACK " + lapack;
    }
}

package org.jrom.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The dense BLAS/LAPACK implementation in use: OpenBLAS through netlib's JNI binding (the system's
 * library, else the one bundled in the jar; see {@link OpenBlas}), the pure-Java netlib port when
 * neither loads. Both give the same results up to round-off; the native one is 10-30x faster on
 * large matrices.
 *
 * <p>Setting the system property {@code jrom.blas=java} forces the pure-Java implementation.
 */
public final class LinalgBackend {
    // netlib announces its choice at INFO on stderr; jrom reports it through describe() instead.
    private static final Logger NETLIB_LOGGER = quietNetlibLogger();
    private static final boolean FORCE_JAVA = "java".equalsIgnoreCase(System.getProperty("jrom.blas"));

    private LinalgBackend() {}

    // Each library is loaded on its first use (holder classes): an online query calls BLAS only,
    // and loading the native LAPACK as well cost it ~17 ms of its start-up.
    private static final class BlasHolder {
        // With no library found, netlib is not asked: its JNI glue would print a failed dlopen.
        static final BLAS INSTANCE =
                FORCE_JAVA || OpenBlas.location().isEmpty() ? JavaBLAS.getInstance() : started(BLAS.getInstance());
    }

    private static final class LapackHolder {
        static final LAPACK INSTANCE =
                FORCE_JAVA || OpenBlas.location().isEmpty() ? JavaLAPACK.getInstance() : started(LAPACK.getInstance());
    }

    /** The library, loaded: if native, jrom's threading policy starts (one thread; OpenBlas.widen). */
    private static <T> T started(T library) {
        if (library instanceof NativeBLAS || library instanceof NativeLAPACK) {
            OpenBlas.startPolicy();
        }
        return library;
    }

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
        return BlasHolder.INSTANCE;
    }

    /** The LAPACK in use. */
    public static LAPACK lapack() {
        return LapackHolder.INSTANCE;
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
        return blas() instanceof NativeBLAS;
    }

    /** True when LAPACK calls go to a native library. */
    public static boolean isNativeLapack() {
        return lapack() instanceof NativeLAPACK;
    }

    /** One line for humans: the native library if one answers, then {@link #implementations()}. */
    public static String describe() {
        return library().map(l -> l + "; ").orElse("") + implementations();
    }

    /** Which implementation answers BLAS and which LAPACK calls, e.g. {@code BLAS native (JNIBLAS); ...}. */
    public static String implementations() {
        String blas =
                (isNative() ? "native" : "pure Java") + " (" + blas().getClass().getSimpleName() + ")";
        String lapack = (isNativeLapack() ? "native" : "pure Java") + " ("
                + lapack().getClass().getSimpleName() + ")";
        return "BLAS " + blas + "; LAPACK " + lapack;
    }

    /**
     * The native library answering BLAS calls, its version, origin, core type and thread count, e.g.
     * {@code OpenBLAS 0.3.31 (bundled, /home/u/.cache/jrom/openblas-0.3.31-1.5.13/libopenblas.so.0),
     * core Haswell, 2 threads}; empty on the pure-Java port.
     */
    public static Optional<String> library() {
        if (!isNative()) {
            return Optional.empty();
        }
        return OpenBlas.location().map(l -> {
            String config = OpenBlas.config();
            String version = config.startsWith("OpenBLAS ") ? config.split(" ")[1] : "(version unknown)";
            return String.format(
                    Locale.ROOT,
                    "OpenBLAS %s (%s, %s), core %s, %d threads",
                    version,
                    l.source().name().toLowerCase(Locale.ROOT),
                    l.file(),
                    OpenBlas.coreName(),
                    OpenBlas.threads());
        });
    }
}

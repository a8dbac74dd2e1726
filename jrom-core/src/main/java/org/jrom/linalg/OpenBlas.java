package org.jrom.linalg;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The one OpenBLAS library of the process: where it is, and its controls ({@code
 * openblas_set_num_threads}, {@code openblas_get_config}).
 *
 * <p>Order: a library named through netlib's own properties ({@code
 * dev.ludovic.netlib.blas.nativeLibPath} or {@code nativeLib}); else a system OpenBLAS ({@code libopenblas.so.0} in
 * {@code LD_LIBRARY_PATH} or the usual library folders, Debian {@code libopenblas0-pthread}); else
 * the OpenBLAS bundled in the {@code org.bytedeco:openblas} {@code linux-x86_64} jar, extracted
 * once into a cache folder; else none (pure Java). netlib's BLAS and LAPACK bindings are both
 * pointed at the chosen file, and the controls open the same file: {@code dlopen} of one file
 * returns one handle, so there is one OpenBLAS, one thread pool and one thread count in the process.
 *
 * <p>The system property {@code jrom.blas} overrides the order: {@code java} (no native library),
 * {@code system} or {@code bundled}.
 */
public final class OpenBlas {
    /** Where the library came from. */
    public enum Source {
        /** Named by the user through netlib's {@code nativeLibPath} property. */
        USER,
        /** Installed on the system. */
        SYSTEM,
        /** Extracted from the jar that bundles it. */
        BUNDLED
    }

    /** The library file and where it came from. */
    public record Location(Path file, Source source) {}

    static final String SONAME = "libopenblas.so.0";
    private static final String BLAS_PATH = "dev.ludovic.netlib.blas.nativeLibPath";
    private static final String BLAS_NAME = "dev.ludovic.netlib.blas.nativeLib";
    private static final String LAPACK_PATH = "dev.ludovic.netlib.lapack.nativeLibPath";
    private static final String RESOURCE_DIR = "org/bytedeco/openblas/linux-x86_64/";
    // libopenblas.so.0 finds libgfortran beside it (RUNPATH $ORIGIN), and libgfortran its own two.
    private static final List<String> BUNDLED_FILES =
            List.of(SONAME, "libgfortran.so.5", "libquadmath.so.0", "libgcc_s.so.1");
    private static final String BUNDLE_PROPERTIES = "META-INF/maven/org.bytedeco/openblas/pom.properties";
    private static final List<String> SYSTEM_DIRS = List.of(
            "/usr/lib/x86_64-linux-gnu",
            "/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
            "/usr/local/lib",
            "/opt/OpenBLAS/lib");

    private static final Optional<Location> LOCATION = locate();

    private OpenBlas() {}

    /**
     * The OpenBLAS the process uses, with netlib's properties set to it; empty when BLAS runs on
     * the pure-Java port. The search runs once, before netlib loads anything.
     */
    public static Optional<Location> location() {
        return LOCATION;
    }

    private static Optional<Location> locate() {
        String mode = System.getProperty("jrom.blas", "auto").toLowerCase(Locale.ROOT);
        if (mode.equals("java")) {
            return Optional.empty();
        }
        for (String property : List.of(BLAS_PATH, BLAS_NAME)) {
            String given = System.getProperty(property);
            if (given != null && !given.isBlank()) {
                return Optional.of(new Location(Path.of(given), Source.USER));
            }
        }
        Optional<Location> found = Optional.empty();
        if (!mode.equals("bundled")) {
            found = systemLibrary(System.getenv("LD_LIBRARY_PATH")).map(f -> new Location(f, Source.SYSTEM));
        }
        if (found.isEmpty() && !mode.equals("system")) {
            found = extractBundled(cacheRoot()).map(f -> new Location(f, Source.BUNDLED));
        }
        found.ifPresent(l -> {
            System.setProperty(BLAS_PATH, l.file().toString());
            if (System.getProperty(LAPACK_PATH) == null) {
                System.setProperty(LAPACK_PATH, l.file().toString());
            }
        });
        return found;
    }

    /** The first {@code libopenblas.so.0} in the library path, then in the usual folders. */
    static Optional<Path> systemLibrary(String ldLibraryPath) {
        List<String> dirs = new ArrayList<>();
        if (ldLibraryPath != null) {
            for (String d : ldLibraryPath.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(SYSTEM_DIRS);
        for (String d : dirs) {
            Path f = Path.of(d, SONAME);
            if (Files.isRegularFile(f) && Files.isReadable(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Extracts the bundled library and its runtime libraries into {@code cacheRoot/openblas-VERSION}
     * (or a private temporary folder when that is not writable). Each file is written under a name of its own and renamed
     * into place, and a marker written last says the folder is whole, so concurrent first runs
     * never load a half-written library. Empty when the jar is not on the class path or not for
     * this platform.
     */
    static Optional<Path> extractBundled(Path cacheRoot) {
        if (!isLinuxX8664() || resource(RESOURCE_DIR + SONAME) == null) {
            return Optional.empty();
        }
        String version = bundleVersion();
        try {
            Path dir = cacheRoot.resolve("openblas-" + version);
            try {
                return Optional.of(extractInto(dir));
            } catch (IOException e) {
                Path tmp = Files.createTempDirectory("jrom-openblas-");
                tmp.toFile().deleteOnExit();
                return Optional.of(extractInto(tmp));
            }
        } catch (IOException e) {
            return Optional.empty(); // pure Java then: slower, same results
        }
    }

    private static Path extractInto(Path dir) throws IOException {
        Path marker = dir.resolve(".complete");
        if (!isWhole(dir, marker)) {
            Files.createDirectories(dir);
            StringBuilder sizes = new StringBuilder();
            for (String name : BUNDLED_FILES) {
                Path tmp = Files.createTempFile(dir, name + ".", ".tmp");
                try (InputStream in = resource(RESOURCE_DIR + name)) {
                    if (in == null) {
                        throw new IOException("the bundle lacks " + name);
                    }
                    long size = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    moveIntoPlace(tmp, dir.resolve(name));
                    sizes.append(name).append(' ').append(size).append('\n');
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            Path tmp = Files.createTempFile(dir, ".complete.", ".tmp");
            Files.writeString(tmp, sizes);
            moveIntoPlace(tmp, marker);
        }
        return dir.resolve(SONAME);
    }

    /** True when the marker lists every file with the size it has (a file deleted or cut short: no). */
    private static boolean isWhole(Path dir, Path marker) {
        try {
            if (!Files.isRegularFile(marker)) {
                return false;
            }
            List<String> lines = Files.readAllLines(marker);
            if (lines.size() != BUNDLED_FILES.size()) {
                return false;
            }
            for (String line : lines) {
                String[] f = line.split(" ");
                Path file = dir.resolve(f[0]);
                if (f.length != 2 || !BUNDLED_FILES.contains(f[0]) || Files.size(file) != Long.parseLong(f[1])) {
                    return false;
                }
            }
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        String override = System.getProperty("jrom.cache");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jrom");
    }

    private static boolean isLinuxX8664() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    private static InputStream resource(String name) {
        return OpenBlas.class.getClassLoader().getResourceAsStream(name);
    }

    /** The bundle's Maven version (e.g. {@code 0.3.31-1.5.13}), which names its cache folder. */
    static String bundleVersion() {
        try (InputStream in = resource(BUNDLE_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "unknown";
    }

    // The controls are looked up on first use only: an online query never needs them, and JNA's
    // own start-up would cost it a few tens of milliseconds.
    private static final class Controls {
        static final NativeLibrary LIBRARY = LOCATION.map(
                        l -> NativeLibrary.getInstance(l.file().toString()))
                .orElse(null);

        static Function function(String name) {
            return LIBRARY == null ? null : LIBRARY.getFunction(name);
        }
    }

    /** True when a native OpenBLAS is in use and answers its control functions. */
    public static boolean isLoaded() {
        return LOCATION.isPresent() && LinalgBackend.isNative();
    }

    /** The number of threads OpenBLAS runs its calls on (1 for the pure-Java port). */
    public static int threads() {
        return isLoaded() ? Controls.function("openblas_get_num_threads").invokeInt(new Object[0]) : 1;
    }

    /**
     * Sets the number of threads of every later OpenBLAS call in the process (the pool is shared:
     * the setting is process-wide, not per Java thread), and turns jrom's threading policy ({@link
     * #wide}) off: the caller decides from now on (a Spark executor's one thread per task). No
     * effect on the pure-Java port.
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("OpenBLAS threads must be at least 1, got " + threads);
        }
        // isLoaded() may wait for the library's loading, whose policy start takes this class's lock:
        // asked before the lock, never under it
        boolean loaded = isLoaded();
        synchronized (OpenBlas.class) {
            policy = false;
            if (loaded) {
                setNativeThreads(threads);
            }
        }
    }

    /** openblas_set_num_threads; only once the library is known loaded (see {@link #setThreads}). */
    private static void setNativeThreads(int threads) {
        Controls.function("openblas_set_num_threads").invokeVoid(new Object[] {threads});
    }

    // ------------------------------------------------------------ the threading policy

    /**
     * The smallest call, in flops, that runs on every core: about 50 ms of one core's DGEMM here,
     * so that the workers' spin after it (OpenBLAS's threads busy-wait for work, about 0.1 s) costs
     * less than the call saves.
     */
    static final double WIDE_FLOPS = 2e9;

    /**
     * The smallest front of a sparse factorization, in flops, that runs on every core when jrom's
     * own workers are not running it (the caller is not a fork-join worker: one factorization, not
     * one of a parallel sweep's): about 1 ms of one core. The fronts come one after another, so
     * OpenBLAS's workers wait for the next rather than spin beside other work; with them all on one
     * thread the factorizations of SparseCholeskyBench's Laplacians ran about 1.3x slower (one noisy
     * measurement), with this rule at parity with OpenBLAS's default.
     */
    static final double FRONT_FLOPS = 5e7;

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static boolean policy = policyWanted(); // guarded by OpenBlas.class
    private static int wideCalls; // guarded by OpenBlas.class

    /**
     * jrom's BLAS threading policy (docs/linalg.md, "Threads"): OpenBLAS runs every call on one
     * thread, and jrom's own parallelism (training sweeps, batches, assembly, test solves) is the
     * only one, so that no OpenBLAS worker spins beside it (measured: the thermal-block demo spent
     * 11 s of its 36 s of CPU in the kernel with OpenBLAS's default threads, for no gain in wall
     * time); a call of at least {@link #WIDE_FLOPS} flops ({@link #wide}), and a sparse
     * factorization's front of at least {@link #FRONT_FLOPS} outside jrom's parallel workers
     * ({@link #front}), runs on every core. On
     * unless the user fixed the threads: {@code OPENBLAS_NUM_THREADS} or {@code OMP_NUM_THREADS} in
     * the environment, or the system property {@code jrom.blas.threads=N} (N threads for every
     * call); {@code jrom.blas.threads=auto} turns it on whatever the environment says. The setting is
     * process-wide: while a wide call runs, other threads' calls may use every core too.
     */
    private static boolean policyWanted() {
        String p = System.getProperty("jrom.blas.threads");
        if (p != null) {
            return p.equals("auto");
        }
        return System.getenv("OPENBLAS_NUM_THREADS") == null && System.getenv("OMP_NUM_THREADS") == null;
    }

    /** The threads {@code jrom.blas.threads=N} fixes, or 0 (none given, or {@code auto}). */
    private static int fixedThreads() {
        String p = System.getProperty("jrom.blas.threads");
        if (p == null || p.equals("auto")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(p.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-Djrom.blas.threads expects auto or a whole number >= 1, found " + p);
    }

    /**
     * At the native library's load (from the loader, before {@link #isLoaded} can answer): one
     * thread, where the policy is on and OpenBLAS started with more.
     */
    static void startPolicy() {
        int fixed = fixedThreads();
        synchronized (OpenBlas.class) {
            if (!LOCATION.isPresent()) {
                return;
            }
            if (policy) {
                setNativeThreads(1);
            } else if (fixed > 0) {
                setNativeThreads(fixed);
            }
        }
    }

    /**
     * Runs {@code call}, a BLAS or LAPACK call of {@code flops} floating-point operations: on every
     * core when the policy is on and the call is large, else as it is. Wide calls at once share the
     * setting; the last to end returns OpenBLAS to one thread.
     */
    public static void wide(double flops, Runnable call) {
        Runnable end = widen(flops);
        try {
            call.run();
        } finally {
            end.run();
        }
    }

    /**
     * The dense kernels of one front of a sparse factorization, {@code flops} in all, returning its
     * status (a failed pivot, or -1): as {@link #wide(double, Runnable)}, and on every core from
     * {@link #FRONT_FLOPS} on when the factorization runs {@code alone}: its caller is not one of
     * jrom's parallel workers ({@link #alone}, decided on the caller's thread, before any hand-off
     * to a thread of a larger stack).
     */
    public static int front(double flops, boolean alone, java.util.function.IntSupplier call) {
        Runnable end = widen(alone && flops >= FRONT_FLOPS ? Math.max(flops, WIDE_FLOPS) : flops);
        try {
            return call.getAsInt();
        } finally {
            end.run();
        }
    }

    /** Whether the policy is on (for tests and reports). */
    static synchronized boolean policyOn() {
        return policy;
    }

    /** Turns the policy on (OpenBLAS to one thread now) or off, for tests. */
    static void usePolicy(boolean on) {
        boolean loaded = isLoaded(); // before the lock: see setThreads
        synchronized (OpenBlas.class) {
            policy = on;
            if (on && loaded) {
                setNativeThreads(1);
            }
        }
    }

    private static final Runnable NARROW = () -> {};

    /** Whether the calling thread is none of jrom's parallel workers (fork-join): a factorization alone. */
    public static boolean alone() {
        return !java.util.concurrent.ForkJoinTask.inForkJoinPool();
    }

    /** Starts a call of {@code flops}: every core if it is wide; returns what ends it. */
    private static Runnable widen(double flops) {
        if (flops < WIDE_FLOPS || CORES < 2 || !isLoaded()) {
            return NARROW;
        }
        synchronized (OpenBlas.class) {
            if (!policy) {
                return NARROW;
            }
            if (wideCalls++ == 0) {
                setNativeThreads(CORES);
            }
        }
        return () -> {
            synchronized (OpenBlas.class) {
                if (--wideCalls == 0 && policy) {
                    setNativeThreads(1);
                }
            }
        };
    }

    /** OpenBLAS's build description, e.g. {@code OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64}. */
    public static String config() {
        return isLoaded() ? Controls.function("openblas_get_config").invokeString(new Object[0], false) : "";
    }

    /** The kernel set OpenBLAS chose for this processor, e.g. {@code Haswell} or {@code SkylakeX}. */
    public static String coreName() {
        return isLoaded() ? Controls.function("openblas_get_corename").invokeString(new Object[0], false) : "";
    }
}

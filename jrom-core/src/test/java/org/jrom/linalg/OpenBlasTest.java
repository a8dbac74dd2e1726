package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenBLAS the process loads: found on the system or extracted from the bundle, one copy in the
 * process whatever loads it (netlib's BLAS, its LAPACK, the thread controls), and its thread count
 * settable. Runs once in the default configuration (the system library where one is installed, the
 * bundled one otherwise) and once with {@code jrom.blas=bundled}.
 */
class OpenBlasTest {
    @TempDir
    Path dir;

    @Test
    void theLibraryPathComesBeforeTheUsualFolders() throws IOException {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        Files.writeString(second.resolve(OpenBlas.SONAME), "stand-in");
        Files.writeString(first.resolve(OpenBlas.SONAME), "stand-in");
        String path = dir.resolve("missing") + "::" + first + ":" + second;
        assertThat(OpenBlas.systemLibrary(path)).contains(first.resolve(OpenBlas.SONAME));
    }

    @Test
    void aFolderWithoutTheLibraryIsPassedOver() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThat(OpenBlas.systemLibrary(empty.toString()).map(Path::getParent))
                .isNotEqualTo(java.util.Optional.of(empty));
    }

    @Test
    void concurrentExtractionsLeaveWholeFiles() throws Exception {
        assumeThat(bundled("libopenblas.so.0"))
                .as("the bundle is on the class path")
                .isNotNull();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Path>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(pool.submit(
                    (Callable<Path>) () -> OpenBlas.extractBundled(dir).orElseThrow()));
        }
        Set<Path> libraries = new TreeSet<>();
        for (Future<Path> f : runs) {
            libraries.add(f.get());
        }
        pool.shutdown();
        assertThat(libraries).hasSize(1);
        Path lib = libraries.iterator().next();
        assertThat(lib).startsWith(dir.resolve("openblas-" + OpenBlas.bundleVersion()));
        for (String name : List.of("libopenblas.so.0", "libgfortran.so.5", "libquadmath.so.0", "libgcc_s.so.1")) {
            try (InputStream in = bundled(name)) {
                assertThat(Files.readAllBytes(lib.resolveSibling(name)))
                        .as(name)
                        .isEqualTo(in.readAllBytes());
            }
        }
        try (var files = Files.list(lib.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary file is left behind")
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aLibraryCutShortInTheCacheIsExtractedAgain() throws Exception {
        assumeThat(bundled("libopenblas.so.0"))
                .as("the bundle is on the class path")
                .isNotNull();
        Path lib = OpenBlas.extractBundled(dir).orElseThrow();
        Path gfortran = lib.resolveSibling("libgfortran.so.5");
        long size = Files.size(gfortran);
        Files.write(gfortran, new byte[100]); // a disk that filled up, a user's stray edit
        assertThat(OpenBlas.extractBundled(dir)).contains(lib);
        assertThat(Files.size(gfortran)).isEqualTo(size);
    }

    /**
     * jrom's threading policy: OpenBLAS on one thread for every call, every core inside a call of
     * at least WIDE_FLOPS flops, nested and overlapping wide calls sharing the setting, and back to
     * one thread after the last; setThreads (an executor's choice) turns the policy off.
     */
    @Test
    void smallCallsRunOnOneThreadAndLargeOnesOnEveryCore() {
        assumeThat(OpenBlas.location()).as("a native OpenBLAS was found").isPresent();
        int cores = Runtime.getRuntime().availableProcessors();
        assumeThat(cores).as("a machine of several cores").isGreaterThan(1);
        LinalgBackend.blas();
        boolean before = OpenBlas.policyOn();
        try {
            OpenBlas.usePolicy(true);
            assertThat(OpenBlas.threads()).isEqualTo(1);
            int[] seen = new int[4];
            OpenBlas.wide(OpenBlas.WIDE_FLOPS / 2, () -> seen[0] = OpenBlas.threads());
            OpenBlas.wide(OpenBlas.WIDE_FLOPS, () -> {
                seen[1] = OpenBlas.threads();
                OpenBlas.wide(OpenBlas.WIDE_FLOPS, () -> seen[2] = OpenBlas.threads());
                seen[3] = OpenBlas.threads(); // the inner call ended, the outer one still runs wide
            });
            assertThat(seen).containsExactly(1, cores, cores, cores);
            assertThat(OpenBlas.threads()).isEqualTo(1);
            // a sparse front of medium size is wide on this thread, narrow on one of jrom's workers
            seen[3] = OpenBlas.front(OpenBlas.FRONT_FLOPS, OpenBlas.alone(), () -> seen[0] = OpenBlas.threads());
            assertThat(seen[3]).isEqualTo(seen[0]);
            java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(1);
            try {
                pool.submit(() -> OpenBlas.front(
                                OpenBlas.FRONT_FLOPS, OpenBlas.alone(), () -> seen[1] = OpenBlas.threads()))
                        .get();
                pool.submit(() -> OpenBlas.front(
                                OpenBlas.WIDE_FLOPS, OpenBlas.alone(), () -> seen[2] = OpenBlas.threads()))
                        .get();
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new AssertionError(e);
            } finally {
                pool.shutdown();
            }
            assertThat(new int[] {seen[0], seen[1], seen[2]}).containsExactly(cores, 1, cores);
            // an exception inside a wide call still ends it
            assertThatThrownBy(() -> OpenBlas.wide(OpenBlas.WIDE_FLOPS, () -> {
                        throw new IllegalStateException("inside");
                    }))
                    .hasMessage("inside");
            assertThat(OpenBlas.threads()).isEqualTo(1);
            // a large product through jrom's DGEMM gives the numbers of the one-thread product
            DenseMatrix a = DenseMatrix.wrap(
                    1300, 1300, new java.util.Random(3).doubles(1300 * 1300).toArray());
            DenseMatrix wide = a.multiply(a);
            OpenBlas.usePolicy(false);
            DenseMatrix narrow = a.multiply(a);
            assertThat(wide.plus(-1.0, narrow).normMax()).isLessThanOrEqualTo(1e-12 * narrow.normMax());
            OpenBlas.usePolicy(true);
            OpenBlas.setThreads(1); // the caller decides from now on
            OpenBlas.wide(OpenBlas.WIDE_FLOPS, () -> seen[0] = OpenBlas.threads());
            assertThat(seen[0]).isEqualTo(1);
        } finally {
            OpenBlas.usePolicy(before);
        }
    }

    @Test
    void oneOpenBlasServesBlasLapackAndTheControls() throws IOException {
        assumeThat(OpenBlas.location()).as("a native OpenBLAS was found").isPresent();
        LinalgBackend.blas();
        LinalgBackend.lapack();
        assertThat(LinalgBackend.isNative()).isTrue();
        assertThat(LinalgBackend.isNativeLapack()).isTrue();
        int before = OpenBlas.threads();
        boolean policy = OpenBlas.policyOn();
        try {
            OpenBlas.setThreads(1);
            assertThat(OpenBlas.threads()).isEqualTo(1);
            // Mapped once: netlib's two bindings and JNA's lookup of the controls share one copy.
            Set<String> mapped = new TreeSet<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                String[] fields = line.trim().split("\\s+");
                String file = fields[fields.length - 1];
                // the real file's name: Debian's libopenblas.so.0 is a link to libopenblasp-r0.3.21.so
                String name = Path.of(file).getFileName().toString().toLowerCase(Locale.ROOT);
                if (file.startsWith("/") && name.contains("openblas") && name.contains(".so")) {
                    mapped.add(file);
                }
            }
            assertThat(mapped).hasSize(1);
            assertThat(Path.of(mapped.iterator().next()).toRealPath())
                    .isEqualTo(OpenBlas.location().orElseThrow().file().toRealPath());
        } finally {
            OpenBlas.setThreads(before);
            OpenBlas.usePolicy(policy); // setThreads turned it off for the tests after this one
        }
        assertThat(OpenBlas.config()).startsWith("OpenBLAS 0.");
        assertThat(OpenBlas.coreName()).isNotBlank();
        assertThat(LinalgBackend.library()).hasValueSatisfying(l -> assertThat(l)
                .startsWith("OpenBLAS 0.")
                .contains(OpenBlas.location().orElseThrow().source().name().toLowerCase(Locale.ROOT)));
    }

    @Test
    void theChosenSourceFollowsTheProperty() {
        String mode = System.getProperty("jrom.blas", "auto");
        switch (mode) {
            case "java" -> assertThat(OpenBlas.location()).isEmpty();
            case "bundled" ->
                assertThat(OpenBlas.location())
                        .hasValueSatisfying(l -> assertThat(l.source()).isEqualTo(OpenBlas.Source.BUNDLED));
            default -> {
                if (OpenBlas.systemLibrary(System.getenv("LD_LIBRARY_PATH")).isPresent()) {
                    assertThat(OpenBlas.location())
                            .hasValueSatisfying(l -> assertThat(l.source()).isEqualTo(OpenBlas.Source.SYSTEM));
                }
            }
        }
    }

    private static InputStream bundled(String name) {
        return OpenBlasTest.class.getClassLoader().getResourceAsStream("org/bytedeco/openblas/linux-x86_64/" + name);
    }
}

package org.jrom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jrom.fem.Mesh;
import org.jrom.fem.P1Space;
import org.jrom.fem.io.GmshReader;
import org.jrom.io.MatrixMarket;
import org.jrom.linalg.CsrMatrix;

/**
 * Matrices of a real unstructured mesh for the sparse solvers' benchmarks: P1 stiffness plus mass
 * ({@code K + M}, symmetric positive definite) on a plate with two holes ({@code plate.geo}),
 * meshed by Gmsh's Frontal-Delaunay at a mesh size giving about 20,000 or 80,000 nodes. The mesh
 * and the matrix are kept in the temporary directory ({@code jrom-bench-NAME.msh}, {@code .mtx}),
 * where {@code baseline.py} reads the same matrix for SciPy and CHOLMOD. Needs {@code gmsh} on the
 * path the first time (Debian: {@code apt-get install gmsh}).
 */
final class PlateMatrices {
    private PlateMatrices() {}

    /** The mesh size of each matrix, by name. */
    static double meshSize(String name) {
        return switch (name) {
            case "plate2d-20k" -> 0.00985;
            case "plate2d-80k" -> 0.0049;
            default -> throw new IllegalArgumentException("unknown plate matrix " + name);
        };
    }

    /** {@code K + M} of the named plate mesh, meshed and written (mesh and Matrix Market) when missing. */
    static CsrMatrix matrix(String name) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Path mtx = dir.resolve("jrom-bench-" + name + ".mtx");
        if (Files.isRegularFile(mtx)) {
            return MatrixMarket.readSparse(mtx);
        }
        Path msh = dir.resolve("jrom-bench-" + name + ".msh");
        if (!Files.isRegularFile(msh)) {
            mesh(meshSize(name), msh);
        }
        Mesh mesh = GmshReader.read(msh);
        P1Space space = new P1Space(mesh);
        int[] cells = space.allCells();
        CsrMatrix a = CsrMatrix.linearCombination(new double[] {1, 1}, space.stiffness(cells), space.mass(cells));
        MatrixMarket.write(mtx, a); // atomic: a run reading it meanwhile sees none or all of it
        return a;
    }

    private static void mesh(double size, Path msh) throws IOException {
        Path geo = Files.createTempFile("jrom-bench-plate", ".geo");
        try (InputStream in = PlateMatrices.class.getResourceAsStream("plate.geo")) {
            Files.copy(in, geo, StandardCopyOption.REPLACE_EXISTING);
        }
        Path partial = Path.of(msh + ".part");
        List<String> command = List.of(
                "gmsh",
                "-2",
                "-format",
                "msh41",
                "-clmax",
                Double.toString(size),
                geo.toString(),
                "-o",
                partial.toString());
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            Files.deleteIfExists(geo);
            throw new IOException("the plate matrices need gmsh on the path (Debian: apt-get install gmsh): " + e, e);
        }
        try {
            boolean ended = p.waitFor(10, TimeUnit.MINUTES);
            if (!ended) {
                p.destroyForcibly();
            }
            if (!ended || p.exitValue() != 0) {
                Files.deleteIfExists(partial);
                throw new IOException("gmsh " + (ended ? "failed (exit " + p.exitValue() + ")" : "took over 10 minutes")
                        + ": " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while meshing", e);
        } finally {
            Files.deleteIfExists(geo);
        }
        Files.move(partial, msh, StandardCopyOption.ATOMIC_MOVE);
    }
}

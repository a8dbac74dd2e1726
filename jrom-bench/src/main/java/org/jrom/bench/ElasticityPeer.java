package org.jrom.bench;

import static org.jrom.fem.mechanics.MaterialParameter.constant;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jrom.fem.DirichletConstraint;
import org.jrom.fem.ElasticitySpace;
import org.jrom.fem.IsotropicMaterial;
import org.jrom.fem.Mesh;
import org.jrom.fem.ScalarField;
import org.jrom.fem.StructuredMesh;
import org.jrom.fem.mechanics.LinearElasticity;
import org.jrom.fem.mechanics.MaterialParameters;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.io.Npy;
import org.jrom.linalg.CholeskySymbolic;
import org.jrom.linalg.ConjugateGradient;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.IncompleteCholesky;
import org.jrom.linalg.Parallel;
import org.jrom.linalg.Preconditioner;
import org.jrom.linalg.SmoothedAggregation;
import org.jrom.linalg.SparseCholesky;

/**
 * The 3D linear-elastic benchmark against DOLFINx (not a JMH benchmark: one process per phase, so
 * that an outside timer sees each phase's CPU time and peak memory; {@code dolfinx_elasticity.py}
 * is its peer). The problem: the unit cube of {@code n^3} cubes, six Kuhn tetrahedra each
 * ({@link StructuredMesh#unitCube}), vector P1 or P2, {@link LinearElasticity} with E = 200,000
 * and nu = 0.3, clamped at x = 0, body force (0, 0, -1).
 *
 * <pre>
 * java -Xmx16g -cp jrom-bench/target/benchmarks.jar org.jrom.bench.ElasticityPeer \
 *     --degree 2 --cubes 22 --phases assemble,direct [--repeat 3] [--mesh-dir /tmp/m] [--legacy]
 * </pre>
 *
 * <p>Phases: {@code assemble} (the tangent of {@link SmallStrainSolid}: {@code integrate} at u = 0
 * and {@code tangent(false)}; with {@code --legacy} and P1 also {@link ElasticitySpace#operator}),
 * {@code direct} ({@link SparseCholesky}: analysis, factorization, one solve), {@code iterative}
 * (CG from 0 to a relative residual of 1e-8, preconditioned by IC(0) or, with {@code --pc jacobi},
 * by Jacobi, with {@code --pc amg} by {@link SmoothedAggregation} with the rigid-body modes). Every phase is timed {@code --repeat} times (the first is JIT warm-up) and prints wall
 * and process CPU seconds; the solves print the compliance {@code f . u} and {@code ||u||} for
 * the comparison with DOLFINx. {@code --mesh-dir} writes the mesh as {@code coords-n.npy}
 * (nodes x 3) and {@code cells-n.npy} (cells x 4, as doubles) for the peer to read.
 */
public final class ElasticityPeer {
    static final double E = 200_000;
    static final double NU = 0.3;
    static final double FORCE = -1;
    static final double TOLERANCE = 1e-8;

    private ElasticityPeer() {}

    public static void main(String[] args) throws Exception {
        int degree = 2;
        int cubes = 10;
        int repeat = 2;
        boolean legacy = false;
        String pc = "ic0";
        Path meshDir = null;
        Set<String> phases = new HashSet<>(Set.of("assemble"));
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--degree" -> degree = Integer.parseInt(args[++a]);
                case "--cubes" -> cubes = Integer.parseInt(args[++a]);
                case "--repeat" -> repeat = Integer.parseInt(args[++a]);
                case "--phases" -> phases = new HashSet<>(Arrays.asList(args[++a].split(",")));
                case "--mesh-dir" -> meshDir = Path.of(args[++a]);
                case "--pc" -> pc = args[++a];
                case "--legacy" -> legacy = true;
                default ->
                    throw new IllegalArgumentException("unknown option " + args[a] + "; expected --degree 1|2"
                            + " --cubes N --phases assemble,direct,iterative [--repeat R] [--mesh-dir DIR]"
                            + " [--pc ic0|jacobi|amg] [--legacy]");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "jrom: %d threads, max heap %.0f MiB%n",
                Parallel.threads(),
                Runtime.getRuntime().maxMemory() / 1048576.0);
        int n = cubes;
        Mesh mesh = time("mesh", () -> StructuredMesh.unitCube(n));
        if (meshDir != null) {
            writeMesh(mesh, meshDir, cubes);
        }
        LinearElasticity law = new LinearElasticity(MaterialParameters.of(
                constant("E", E), constant("nu", NU), constant("alpha", 0), constant("T_ref", 0)));
        int p = degree;
        SmallStrainSolid solid = time("setup (dof map, sparsity)", () -> new SmallStrainSolid(mesh, p, law));
        System.out.printf(
                Locale.ROOT,
                "P%d, %d^3 cubes, %d cells, %d unknowns (%d clamped)%n",
                degree,
                cubes,
                mesh.numCells(),
                solid.dim(),
                solid.boundaryDofs(new int[] {0, 1, 2}, "left").length);
        double[] zero = new double[solid.dim()];
        CsrMatrix k = null;
        int rounds = phases.contains("assemble") ? repeat : 1;
        for (int r = 0; r < rounds; r++) {
            long w0 = System.nanoTime();
            long c0 = cpu();
            time("integrate", () -> {
                solid.integrate(zero, 0, 0);
                return null;
            });
            k = time("tangent", () -> solid.tangent(false));
            report("assembly (integrate + tangent)", w0, c0);
        }
        System.out.printf(Locale.ROOT, "nnz(K) %d%n", k.nnz());
        if (legacy && degree == 1 && phases.contains("assemble")) {
            ElasticitySpace space = new ElasticitySpace(mesh);
            int[] all = space.allCells();
            IsotropicMaterial material = IsotropicMaterial.fromYoungPoisson(E, NU);
            CsrMatrix old = null;
            for (int r = 0; r < repeat; r++) {
                old = time("assembly ElasticitySpace.operator", () -> space.operator(all, material));
            }
            System.out.printf(
                    Locale.ROOT,
                    "ElasticitySpace vs SmallStrainSolid: max |diff| %.3e of %.3e%n",
                    CsrMatrix.linearCombination(new double[] {1, -1}, old, k).normMax(),
                    k.normMax());
        }
        if (!phases.contains("direct") && !phases.contains("iterative")) {
            return;
        }
        ScalarField zeroField = x -> 0;
        ScalarField down = x -> FORCE;
        double[] body = solid.bodyForce(new ScalarField[] {zeroField, zeroField, down});
        int[] clamped = solid.boundaryDofs(new int[] {0, 1, 2}, "left");
        DirichletConstraint dirichlet = new DirichletConstraint(solid.dim(), clamped);
        CsrMatrix full = k;
        CsrMatrix kf = time("boundary conditions (restrict)", () -> dirichlet.restrict(full));
        double[] f = dirichlet.restrict(body);
        System.out.printf(Locale.ROOT, "free unknowns %d, nnz(K_FF) %d%n", kf.rows(), kf.nnz());
        if (phases.contains("direct")) {
            for (int r = 0; r < repeat; r++) {
                long w0 = System.nanoTime();
                long c0 = cpu();
                CholeskySymbolic symbolic = time("cholesky analyze", () -> SparseCholesky.analyze(kf));
                SparseCholesky chol = time("cholesky factor", () -> symbolic.factor(kf));
                double[] u = time("cholesky solve", () -> chol.solve(f));
                report("direct (analyze + factor + solve)", w0, c0);
                System.out.printf(
                        Locale.ROOT,
                        "nnz(L) %d, flops %.3e, supernodes %d%n",
                        symbolic.nnzFactor(),
                        symbolic.flops(),
                        symbolic.supernodes());
                solution("direct", kf, f, u);
            }
        }
        if (phases.contains("iterative")) {
            String which = pc;
            for (int r = 0; r < repeat; r++) {
                long w0 = System.nanoTime();
                long c0 = cpu();
                Preconditioner m = time("preconditioner " + which, () -> switch (which) {
                    case "jacobi" -> org.jrom.linalg.JacobiPreconditioner.of(kf);
                    case "amg" -> {
                        SmoothedAggregation amg = SmoothedAggregation.builder(kf)
                                .blockSize(3)
                                .nearNullspace(Arrays.stream(solid.rigidBodyModes())
                                        .map(dirichlet::restrict)
                                        .toArray(double[][]::new))
                                .build();
                        StringBuilder sizes = new StringBuilder();
                        for (int l = 0; l < amg.levels(); l++) {
                            sizes.append(l == 0 ? "" : ", ").append(amg.levelSize(l));
                        }
                        System.out.printf(
                                Locale.ROOT,
                                "AMG levels %d (%s), operator complexity %.3f%n",
                                amg.levels(),
                                sizes,
                                amg.operatorComplexity());
                        yield amg;
                    }
                    case "ic0" -> {
                        IncompleteCholesky ic = IncompleteCholesky.withDiagonalShift(kf);
                        System.out.printf(Locale.ROOT, "IC(0) diagonal shift %g%n", ic.shift());
                        yield ic;
                    }
                    default -> throw new IllegalArgumentException("unknown preconditioner " + which);
                });
                ConjugateGradient cg = ConjugateGradient.builder(kf)
                        .preconditioner(m)
                        .relativeTolerance(TOLERANCE)
                        .maxIterations(20_000)
                        .build();
                ConjugateGradient.Result res = time("cg", () -> cg.solve(f, new double[kf.rows()]));
                report("iterative (preconditioner + cg)", w0, c0);
                System.out.printf(Locale.ROOT, "cg iterations %d, converged %b%n", res.iterations(), res.converged());
                solution("iterative", kf, f, res.x());
            }
        }
    }

    private static void solution(String what, CsrMatrix a, double[] f, double[] u) {
        double[] r = a.apply(u);
        double rr = 0;
        double ff = 0;
        double fu = 0;
        double uu = 0;
        for (int i = 0; i < u.length; i++) {
            rr += (r[i] - f[i]) * (r[i] - f[i]);
            ff += f[i] * f[i];
            fu += f[i] * u[i];
            uu += u[i] * u[i];
        }
        System.out.printf(
                Locale.ROOT,
                "%s: compliance f.u %.12e, ||u|| %.12e, relative residual %.3e%n",
                what,
                fu,
                Math.sqrt(uu),
                Math.sqrt(rr / ff));
    }

    private static void writeMesh(Mesh mesh, Path dir, int cubes) throws Exception {
        Files.createDirectories(dir);
        int nodes = mesh.numNodes();
        double[] x = new double[3 * nodes];
        for (int i = 0; i < nodes; i++) {
            for (int d = 0; d < 3; d++) {
                x[d * nodes + i] = mesh.coordinate(i, d);
            }
        }
        int cells = mesh.numCells();
        double[] c = new double[4 * cells];
        IntStream.range(0, cells).forEach(e -> {
            for (int v = 0; v < 4; v++) {
                c[v * cells + e] = mesh.cellNode(e, v);
            }
        });
        Npy.write(dir.resolve("coords-" + cubes + ".npy"), Npy.Array.of(DenseMatrix.wrap(nodes, 3, x)));
        Npy.write(dir.resolve("cells-" + cubes + ".npy"), Npy.Array.of(DenseMatrix.wrap(cells, 4, c)));
        System.out.println("mesh written to " + dir);
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void report(String what, long wall0, long cpu0) {
        System.out.printf(
                Locale.ROOT,
                "%-40s wall %8.3f s  cpu %8.3f s%n",
                what,
                (System.nanoTime() - wall0) * 1e-9,
                (cpu() - cpu0) * 1e-9);
    }

    private static <T> T time(String what, Supplier<T> body) {
        long w0 = System.nanoTime();
        long c0 = cpu();
        T t = body.get();
        report(what, w0, c0);
        return t;
    }
}

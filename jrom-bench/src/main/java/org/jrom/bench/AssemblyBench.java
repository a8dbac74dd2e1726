package org.jrom.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.Mesh;
import org.jrom.fem.P1Space;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.linalg.ConjugateGradient;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.IncompleteCholesky;
import org.jrom.parameters.Parameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Finite-element assembly of every affine term of the 3D thermal block (2x2x2 blocks, P1 on
 * tetrahedra) against one solve of the same system: {@code cellsPerBlock = 50} gives a 100^3 grid
 * of cubes, 970,299 unknowns and 6,000,000 tetrahedra. At that size the solve is preconditioned
 * CG with IC(0) to a relative residual of 1e-8 (a sparse Cholesky of a 3D problem this large
 * would not fit in memory). Goal: assembling all terms costs less than 30% of one solve.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx16g"})
public class AssemblyBench {
    @Param({"50"})
    public int cellsPerBlock;

    private Mesh mesh;
    private CsrMatrix operator;
    private double[] rhs;

    @Setup
    public void setUp() {
        mesh = ThermalBlock.mesh3d(2, 2, 2, cellsPerBlock);
        AffineDiscretization d = ThermalBlock.discretize3d(2, 2, 2, cellsPerBlock);
        double[] mu = new double[8];
        Arrays.fill(mu, 0.5);
        mu[3] = 0.1;
        Parameter p = Parameter.of(d.parameterSpace().type(), mu);
        operator = d.operator(p);
        rhs = d.rhs(p);
        System.out.printf("%n[setup] %d cells, %d unknowns, nnz(A) %d%n", mesh.numCells(), d.dim(), operator.nnz());
    }

    /** The stiffness of every block (one affine term each), the load and the mass product. */
    @Benchmark
    public Object assembleAllTerms() {
        P1Space space = new P1Space(mesh);
        CsrMatrix[] terms = new CsrMatrix[8];
        for (int b = 0; b < 8; b++) {
            terms[b] = space.stiffness(mesh.cellsWithMarker(b));
        }
        return new Object[] {terms, space.load(space.allCells(), 1.0), space.mass(space.allCells())};
    }

    /** One solve: IC(0) setup and preconditioned CG to 1e-8. */
    @Benchmark
    public double[] solve() {
        return ConjugateGradient.builder(operator)
                .preconditioner(IncompleteCholesky.of(operator))
                .relativeTolerance(1e-8)
                .maxIterations(5000)
                .build()
                .solve(rhs);
    }
}

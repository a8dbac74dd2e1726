package org.jrom.bench;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jrom.ProgressListener;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.algorithms.WeakGreedy;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.linalg.CholeskySymbolic;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.SparseCholesky;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.jrom.reductors.ResidualNormEvaluation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One certified online query of the 3x3 thermal block (9 affine terms): reduced solve, error bound
 * (ORTHONORMAL or GRAM residual evaluation) and output, with N = 50; and the high-fidelity solve
 * at the same parameter (sparse Cholesky reusing the symbolic analysis, the fastest full solve
 * jrom has) for the speedup. {@code cellsPerBlock = 167} gives a 501 x 501 grid, 250,000
 * unknowns. Run with {@code -prof gc} to see that the query allocates a few kilobytes whatever the
 * high-fidelity size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx8g")
public class OnlineQueryBench {
    @Param({"167"})
    public int cellsPerBlock;

    @Param({"ORTHONORMAL"})
    public String evaluation;

    @Param({"50"})
    public int basisSize;

    private ReducedModel rom;
    private AffineDiscretization fem;
    private CholeskySymbolic symbolic;
    private List<Parameter> queries;
    private int next;
    private double[][] gammas;

    @Setup(Level.Trial)
    public void build() {
        fem = ThermalBlock.discretize(3, 3, cellsPerBlock);
        StationaryModel fom = fem.toModel();
        double[] ones = new double[9];
        Arrays.fill(ones, 1.0);
        Parameter ref = Parameter.of(fom.parameterSpace().type(), ones);
        CoerciveRbReductor reductor = CoerciveRbReductor.builder(fom)
                .product((MatrixOperator) fom.products().get("h1_0_semi"))
                .coercivityBound(MinThetaBound.of((LincombOperator) fom.operator(), ref, 1.0))
                .residualNorm(ResidualNormEvaluation.valueOf(evaluation))
                .compliantOutput("mean")
                .carryBasis(false)
                .build();
        List<Parameter> training = Sampler.random(fom.parameterSpace(), 200, 1);
        WeakGreedy.run(
                reductor.greedySurrogate(), training, new WeakGreedy.Options(0.0, basisSize), ProgressListener.NONE);
        rom = reductor.reduce(basisSize);
        queries = Sampler.random(fom.parameterSpace(), 1024, 2);
        gammas = new double[queries.size()][];
        for (int k = 0; k < gammas.length; k++) {
            gammas[k] = rom.residualCoefficients(queries.get(k));
        }
        symbolic = SparseCholesky.analyze(fem.operator(queries.get(0)));
        System.out.printf(
                "%n[setup] %d unknowns, N = %d, timings %s%n",
                fom.dim(), rom.dim(), reductor.timings().seconds());
    }

    private Parameter nextQuery() {
        next = (next + 1) & 1023;
        return queries.get(next);
    }

    @Benchmark
    public ReducedSolution certifiedQuery() {
        return rom.solve(nextQuery());
    }

    /**
     * 1024 certified queries through {@code solveBatch} (blocks of 64 in parallel, residual norms
     * as one BLAS-3 product per block): divide by 1024 for the time per query.
     */
    @Benchmark
    @OperationsPerInvocation(1024)
    public ReducedModel.BatchSolution batchQuery() {
        return rom.solveBatch(queries);
    }

    /** The reduced solve alone: assembly of A_N(mu), the dense solve and the residual coefficients. */
    @Benchmark
    public double[] reducedSolve() {
        return rom.residualCoefficients(nextQuery());
    }

    /** The residual dual norm alone, from precomputed residual coefficients. */
    @Benchmark
    public double residualNorm() {
        next = (next + 1) & 1023;
        return rom.residualEvaluator().norm(gammas[next]);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Measurement(iterations = 5, time = 2)
    public double[] highFidelitySolve() {
        Parameter mu = nextQuery();
        CsrMatrix a = fem.operator(mu);
        return symbolic.factor(a).solve(fem.rhs(mu));
    }
}

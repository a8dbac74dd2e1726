package org.jrom.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jrom.io.ModelFile;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Certified queries of a saved model, as the online commands run them: a JVM that has only read
 * the {@code .jrom} file (no high-fidelity model, no offline phase in its past). {@link
 * OnlineQueryBench} builds its model in the same JVM; the online code then runs measurably slower
 * (about 1.3x at 250,000 unknowns), a state of that JVM rather than of the online work, which does
 * not depend on the high-fidelity size. Give the model with {@code -p model=PATH.jrom}, e.g. one
 * written by {@code ./jrom demo thermal-block --out D}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SavedModelQueryBench {
    /** The model file to query (required). */
    @Param({""})
    public String model;

    private ReducedModel rom;
    private List<Parameter> queries;
    private int next;

    @Setup
    public void load() {
        if (model.isEmpty()) {
            throw new IllegalArgumentException("give the model file: -p model=PATH.jrom");
        }
        rom = ModelFile.read(Path.of(model));
        queries = Sampler.random(rom.parameterSpace(), 1024, 2);
        System.out.printf(
                "%n[setup] %s: N = %d, %d affine terms%n",
                model, rom.dim(), rom.operatorTerms().size());
    }

    @Benchmark
    public ReducedSolution certifiedQuery() {
        next = (next + 1) & 1023;
        return rom.solve(queries.get(next));
    }

    /** 1024 certified queries through {@code solveBatch}: the time per query. */
    @Benchmark
    @OperationsPerInvocation(1024)
    public ReducedModel.BatchSolution batchQuery() {
        return rom.solveBatch(queries);
    }
}

package org.jrom.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.jrom.JromException;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.io.ParameterTable;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.models.ModelRecipe;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the Spark route, each one line: a master nobody answers at (at once, not after
 * Spark's minute of retries, and nothing written), and executors that built another model than the
 * rest (a partition's snapshots, or a greedy's snapshot, of the wrong length).
 */
class SparkBadInputTest {
    @TempDir
    Path tmp;

    @Test
    void aMasterNobodyAnswersAtIsOneLineAndWritesNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }
        List<Parameter> mus = Sampler.random(SparkSnapshotBuildTest.SPACE, 8, 3);
        Path snapshots = SparkSnapshotBuildTest.writeSnapshots(tmp.resolve("s.npy"), mus);
        Path params = tmp.resolve("p.csv");
        ParameterTable.write(params, mus);
        Path out = tmp.resolve("model");
        long start = System.nanoTime();
        SparkSnapshotBuildTest.Run r = SparkSnapshotBuildTest.jrom(
                "build",
                "--snapshots",
                snapshots.toString(),
                "--params",
                params.toString(),
                "--spark",
                "spark://127.0.0.1:" + port,
                "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err())
                .startsWith("jrom: --spark spark://127.0.0.1:" + port + ": no Spark master answers at 127.0.0.1:" + port
                        + " (");
        assertThat(out).doesNotExist();
        assertThat((System.nanoTime() - start) / 1e9)
                .as("seconds, not Spark's minute")
                .isLessThan(30);
    }

    /** The thermal block, one cell finer on partition 1: that executor's mesh file differs. */
    record FinerOnPartitionOne(int resolution) implements ModelRecipe {
        @Override
        public StationaryModel model() {
            int finer = TaskContext.get() != null && TaskContext.get().partitionId() == 1 ? 1 : 0;
            return ThermalBlock.discretize(2, 2, resolution + finer).toModel();
        }

        @Override
        public String describe() {
            return "a thermal block, finer on partition 1";
        }
    }

    @Test
    void aPartitionWhoseSnapshotsHaveTheWrongLengthIsOneLine() {
        var sc = LocalSpark.context();
        StationaryModel fom = ThermalBlock.discretize(2, 2, 4).toModel();
        List<double[]> values = Sampler.random(fom.parameterSpace(), 9, 5).stream()
                .map(Parameter::toArray)
                .toList();
        JavaRDD<ColumnBlock> columns = DistributedSnapshots.solve(sc, new FinerOnPartitionOne(4), values, 3);
        int finer = ThermalBlock.discretize(2, 2, 5).toModel().dim();
        String expected = "snapshots 3 to 5 have " + finer + " values each, the snapshot matrix " + fom.dim() + " rows";
        assertThatThrownBy(() -> DistributedPod.tsqr(
                        DistributedSnapshots.toRowBlocks(columns, fom.dim(), values.size(), 2),
                        TruncatedSvd.Truncation.none()))
                .isInstanceOf(JromException.class)
                .hasMessage("--spark: the TSQR POD failed on an executor: " + expected);
        assertThatThrownBy(() -> DistributedPod.hapod(columns, fom.dim(), 1e-6, 0.5, 2))
                .isInstanceOf(JromException.class)
                .hasMessage("--spark: the HAPOD's leaves failed on an executor: " + expected);
        columns.unpersist(false);
    }

    @Test
    void aGreedySnapshotOfTheWrongLengthIsOneLine() {
        StationaryModel fom = ThermalBlock.discretize(2, 2, 4).toModel();
        double[] ones = new double[4];
        Arrays.fill(ones, 1.0);
        CoerciveRbReductor reductor = CoerciveRbReductor.builder(fom)
                .product((MatrixOperator) fom.products().get("h1_0_semi"))
                .coercivityBound(MinThetaBound.of(
                        (LincombOperator) fom.operator(),
                        Parameter.of(fom.parameterSpace().type(), ones),
                        1.0))
                .build();
        DistributedGreedyWork work =
                new DistributedGreedyWork(LocalSpark.context(), new ThermalBlockRecipe(2, 2, 5), 2);
        Parameter mu = Parameter.of(fom.parameterSpace().type(), ones);
        try {
            assertThatThrownBy(() -> reductor.greedySurrogate(work).extend(mu))
                    .isInstanceOf(JromException.class)
                    .hasMessage("the snapshot at " + mu + " has "
                            + new ThermalBlockRecipe(2, 2, 5).model().dim() + " values, the model " + fom.dim()
                            + " unknowns");
            assertThat(reductor.basisSize()).isZero();
        } finally {
            work.release();
        }
    }
}

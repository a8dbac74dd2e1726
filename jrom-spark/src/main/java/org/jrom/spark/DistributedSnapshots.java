package org.jrom.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.jrom.JromException;
import org.jrom.models.ModelRecipe;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;
import scala.Tuple2;

/**
 * High-fidelity snapshots computed across executors: the parameters are split into contiguous
 * partitions, each executor builds the model once per partition ({@link ModelRecipe}) and solves
 * its parameters, so the snapshots come out as column blocks. A distributed POD by TSQR or the Gram
 * matrix needs row blocks (a partition of the unknowns): {@link #toRowBlocks} moves them there by one
 * shuffle of the whole snapshot matrix, each column block sending each row block its rows.
 */
public final class DistributedSnapshots {
    private DistributedSnapshots() {}

    /**
     * The snapshots at {@code parameters} (one value vector each, in the model's parameter order),
     * in {@code partitions} column blocks, persisted (they are read more than once downstream).
     */
    public static JavaRDD<ColumnBlock> solve(
            JavaSparkContext sc, ModelRecipe source, List<double[]> parameters, int partitions) {
        if (parameters.isEmpty() || partitions < 1) {
            throw new JromException("distributed snapshots need parameters and at least one partition, found "
                    + parameters.size() + " and " + partitions);
        }
        Broadcast<double[][]> values = sc.broadcast(parameters.toArray(double[][]::new));
        List<Integer> indices = IntStream.range(0, parameters.size()).boxed().toList();
        JavaRDD<ColumnBlock> columns = sc.parallelize(indices, Math.min(partitions, parameters.size()))
                .mapPartitions(it -> solvePartition(source, values.value(), it));
        columns.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        return columns;
    }

    private static Iterator<ColumnBlock> solvePartition(ModelRecipe source, double[][] values, Iterator<Integer> it) {
        List<Integer> mine = new ArrayList<>();
        it.forEachRemaining(mine::add);
        if (mine.isEmpty()) {
            return List.<ColumnBlock>of().iterator();
        }
        ExecutorBlas.oneThread();
        StationaryModel model = source.model();
        int dim = model.dim();
        double[] data = new double[dim * mine.size()];
        for (int k = 0; k < mine.size(); k++) {
            if (mine.get(k) != mine.get(0) + k) {
                throw new JromException("a partition's parameters are not contiguous: " + mine);
            }
            Parameter mu = Parameter.of(model.parameterSpace().type(), values[mine.get(k)]);
            System.arraycopy(model.solve(mu).vector(0), 0, data, k * dim, dim);
        }
        return List.of(new ColumnBlock(mine.get(0), dim, mine.size(), data)).iterator();
    }

    /**
     * The same snapshots as {@code rowBlocks} row blocks of about equal size (a shuffle of the whole
     * matrix): what {@link DistributedPod} reads.
     *
     * @param dim the snapshot dimension
     * @param columnCount the number of snapshots
     */
    public static JavaRDD<RowBlock> toRowBlocks(JavaRDD<ColumnBlock> columns, int dim, int columnCount, int rowBlocks) {
        if (rowBlocks < 1 || rowBlocks > dim) {
            throw new JromException("row blocks must be between 1 and the dimension " + dim + ", found " + rowBlocks);
        }
        return columns.flatMapToPair(c -> pieces(checked(c, dim), rowBlocks).iterator())
                .groupByKey(rowBlocks)
                .map(group -> assemble(group._1(), group._2(), dim, columnCount, rowBlocks));
    }

    /**
     * {@code c}, after checking that its snapshots have {@code dim} values (a partition whose
     * executor built another model: a mesh file that differs there).
     */
    static ColumnBlock checked(ColumnBlock c, int dim) {
        if (c.dim() != dim) {
            throw new JromException("snapshots " + c.firstColumn() + " to " + (c.firstColumn() + c.count() - 1)
                    + " have " + c.dim() + " values each, the snapshot matrix " + dim + " rows");
        }
        return c;
    }

    /** The first row of row block r of {@code count} over {@code dim} rows. */
    static int start(int r, int dim, int count) {
        return (int) ((long) r * dim / count);
    }

    private static List<Tuple2<Integer, ColumnBlock>> pieces(ColumnBlock c, int rowBlocks) {
        List<Tuple2<Integer, ColumnBlock>> out = new ArrayList<>(rowBlocks);
        for (int r = 0; r < rowBlocks; r++) {
            int from = start(r, c.dim(), rowBlocks);
            int rows = start(r + 1, c.dim(), rowBlocks) - from;
            double[] d = new double[rows * c.count()];
            for (int j = 0; j < c.count(); j++) {
                System.arraycopy(c.data(), j * c.dim() + from, d, j * rows, rows);
            }
            out.add(new Tuple2<>(r, new ColumnBlock(c.firstColumn(), rows, c.count(), d)));
        }
        return out;
    }

    private static RowBlock assemble(int r, Iterable<ColumnBlock> pieces, int dim, int columnCount, int rowBlocks) {
        int from = start(r, dim, rowBlocks);
        int rows = start(r + 1, dim, rowBlocks) - from;
        double[] d = new double[rows * columnCount];
        int seen = 0;
        for (ColumnBlock p : pieces) {
            System.arraycopy(p.data(), 0, d, p.firstColumn() * rows, p.data().length);
            seen += p.count();
        }
        if (seen != columnCount) {
            throw new JromException("row block " + r + " received " + seen + " of " + columnCount + " columns");
        }
        return new RowBlock(from, rows, columnCount, d);
    }
}

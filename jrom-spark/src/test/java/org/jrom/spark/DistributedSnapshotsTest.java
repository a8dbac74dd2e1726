package org.jrom.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.jrom.algorithms.Pod;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.linalg.VectorArray;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.api.Test;

/**
 * Snapshots of the thermal block solved on the executors of local[2] are the single-machine solves,
 * bit for bit, and their POD after the shuffle to row blocks is the single-machine POD.
 */
class DistributedSnapshotsTest {
    @Test
    void distributedSnapshotsAndTheirPodAreTheSingleMachineOnes() {
        ThermalBlockRecipe source = new ThermalBlockRecipe(2, 2, 8);
        StationaryModel fom = source.model();
        List<Parameter> mus = Sampler.random(fom.parameterSpace(), 30, 4);
        List<double[]> values = mus.stream().map(Parameter::toArray).toList();
        JavaRDD<ColumnBlock> columns = DistributedSnapshots.solve(LocalSpark.context(), source, values, 4);
        assertThat(columns.getNumPartitions()).isEqualTo(4);
        VectorArray reference = VectorArray.empty(fom.dim());
        for (Parameter mu : mus) {
            reference.append(fom.solve(mu));
        }
        double[] gathered = new double[fom.dim() * mus.size()];
        for (ColumnBlock c : columns.collect()) {
            System.arraycopy(c.data(), 0, gathered, c.firstColumn() * fom.dim(), c.data().length);
        }
        for (int j = 0; j < mus.size(); j++) {
            double[] r = reference.vector(j);
            for (int i = 0; i < fom.dim(); i++) {
                assertThat(gathered[j * fom.dim() + i]).isEqualTo(r[i]);
            }
        }
        JavaRDD<RowBlock> rows = DistributedSnapshots.toRowBlocks(columns, fom.dim(), mus.size(), 5);
        assertThat(rows.count()).isEqualTo(5);
        DistributedPod.Result pod = DistributedPod.tsqr(rows, TruncatedSvd.Truncation.relativeError(1e-8));
        TruncatedSvd single = Pod.compute(reference, null, Pod.Options.tolerance(1e-8));
        assertThat(pod.modeCount()).isEqualTo(single.modeCount());
        VectorArray modes = pod.collectModes(fom.dim());
        for (int k = 0; k < pod.modeCount(); k++) {
            double[] u = modes.vector(k);
            double[] v = single.modes().vector(k);
            double sign = Math.signum(VectorArray.of(u).inner(VectorArray.of(v)).get(0, 0));
            for (int i = 0; i < u.length; i++) {
                assertThat(Math.abs(u[i] - sign * v[i])).as("mode %d", k).isLessThan(1e-10);
            }
        }
    }
}

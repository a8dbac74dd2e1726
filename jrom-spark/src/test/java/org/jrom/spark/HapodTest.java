package org.jrom.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.jrom.algorithms.Pod;
import org.jrom.linalg.VectorArray;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.api.Test;

/**
 * The distributed HAPOD on thermal-block snapshots computed in column blocks: its error bound holds
 * against the projection error measured on the gathered snapshots, and it keeps at least the modes
 * of the batch POD at the same tolerance (Eckart-Young), not many more.
 */
class HapodTest {
    @Test
    void theHapodBoundHoldsAndTheRankIsNearTheBatchPods() {
        ThermalBlockRecipe source = new ThermalBlockRecipe(3, 3, 5);
        StationaryModel fom = source.model();
        List<Parameter> mus = Sampler.random(fom.parameterSpace(), 80, 6);
        JavaRDD<ColumnBlock> columns = DistributedSnapshots.solve(
                LocalSpark.context(),
                source,
                mus.stream().map(Parameter::toArray).toList(),
                4);
        VectorArray snapshots = VectorArray.empty(fom.dim());
        for (Parameter mu : mus) {
            snapshots.append(fom.solve(mu));
        }
        double energy = 0;
        for (double n : snapshots.norms()) {
            energy += n * n;
        }
        for (double tol : new double[] {1e-2, 1e-4, 1e-6}) {
            DistributedPod.Hapod hapod = DistributedPod.hapod(columns, fom.dim(), tol, 0.5, 3);
            assertThat(hapod.energy()).isCloseTo(energy, org.assertj.core.data.Percentage.withPercentage(1e-10));
            VectorArray modes = hapod.pod().collectModes(fom.dim());
            // sum_j ||s_j - U U^T s_j||^2, measured
            VectorArray residual = snapshots.copy();
            residual.axpy(-1.0, modes.lincomb(modes.inner(snapshots)));
            double measured = 0;
            for (double n : residual.norms()) {
                measured += n * n;
            }
            assertThat(measured)
                    .as("tol %.0e: measured <= bound", tol)
                    .isLessThanOrEqualTo(hapod.discardedBound() * (1 + 1e-8) + 1e-28 * energy);
            assertThat(hapod.discardedBound()).isLessThanOrEqualTo(tol * tol * energy * (1 + 1e-12));
            int batch = Pod.compute(snapshots, null, Pod.Options.tolerance(tol)).modeCount();
            assertThat(hapod.pod().modeCount()).as("tol %.0e", tol).isBetween(batch, batch + 3);
            System.out.printf(
                    "HAPOD tol %.0e: %d modes (batch POD %d), discarded energy measured %.3e <= bound %.3e <= tol^2 E"
                            + " %.3e%n",
                    tol, hapod.pod().modeCount(), batch, measured, hapod.discardedBound(), tol * tol * energy);
        }
    }
}

package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.fem.mechanics.HyperReducedForce;
import org.jrom.fem.mechanics.ReducedStructuralModel;
import org.jrom.fem.mechanics.StructuralReduction;
import org.jrom.fem.problems.BladeFlight;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nonintrusive path: the displacements of the high-fidelity runs written as an external solver
 * would (one float64 NPY per time step) and read back give the same reduced model, bit for bit, as
 * the displacements kept in memory; only the displacements come from the files, the dual quantities
 * are recomputed from them.
 */
class NonintrusiveStructuralReductionTest {
    @TempDir
    Path tmp;

    private static final BladeFlight.Options[] RUNS = {
        new BladeFlight.Options(0.35, 1, 1, 1000, 850, 1, 200), new BladeFlight.Options(0.35, 1, 1, 1200, 1000, 1, 200)
    };

    @Test
    void snapshotsFromFilesGiveTheSameModelBitForBit() throws Exception {
        List<StructuralReduction.Training> inMemory = new ArrayList<>();
        List<StructuralReduction.Training> fromFiles = new ArrayList<>();
        for (int r = 0; r < RUNS.length; r++) {
            StructuralReduction.Training run = StructuralReduction.simulate(BladeFlight.run(RUNS[r]));
            inMemory.add(run);
            Path dir = Files.createDirectories(tmp.resolve("run_" + r));
            for (int k = 0; k < run.displacements().size(); k++) {
                Npy.write(
                        dir.resolve(String.format("u_%04d.npy", k)),
                        Npy.Array.vector(run.displacements().get(k)));
            }
            List<double[]> read = new ArrayList<>();
            try (SnapshotSource s = SnapshotSource.directory(dir, "*.npy")) {
                while (s.hasNext()) {
                    read.add(s.next());
                }
            }
            // the solver's side: only the run's definition (mesh, loads, times), not its states
            fromFiles.add(new StructuralReduction.Training(BladeFlight.run(RUNS[r]), read));
        }
        ReducedStructuralModel a = StructuralReduction.reduce(
                        inMemory, StructuralReduction.Options.defaults(), ProgressListener.NONE, new PhaseTimer())
                .model();
        ReducedStructuralModel b = StructuralReduction.reduce(
                        fromFiles, StructuralReduction.Options.defaults(), ProgressListener.NONE, new PhaseTimer())
                .model();
        HyperReducedForce fa = a.parts().force();
        HyperReducedForce fb = b.parts().force();
        assertThat(fb.points()).containsExactly(fa.points());
        assertThat(fb.weights()).containsExactly(fa.weights());
        assertThat(fb.strainModes()).containsExactly(fa.strainModes());
        assertThat(b.parts().modes().data()).containsExactly(a.parts().modes().data());
        double[][] last = new double[2][];
        a.run(BladeFlight.schedule(RUNS[1]), s -> last[0] = s.coefficients());
        b.run(BladeFlight.schedule(RUNS[1]), s -> last[1] = s.coefficients());
        assertThat(last[1]).containsExactly(last[0]);
    }
}

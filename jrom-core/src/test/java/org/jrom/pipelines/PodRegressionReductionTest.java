package org.jrom.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.linalg.VectorArray;
import org.jrom.models.OnlineSolution;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.regression.PodRegressionModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The POD-regression pipeline on a closed-form family of rank 3, {@code u(mu)(x) = sin(pi x) + mu
 * sin(2 pi x) + mu^2 sin(3 pi x)} on the interior nodes {@code x_i = i / (n + 1)} of (0, 1), where
 * the discrete sines are orthogonal with {@code ||sin(k pi x)||^2 = (n + 1) / 2}: the POD must find
 * exactly 3 modes and the snapshots' energy {@code (n + 1) / 2 sum_k (1 + mu_k^2 + mu_k^4)}, and at
 * parameters between the snapshots the model must reproduce the family (field and mean) within
 * its own leave-one-out estimates.
 */
class PodRegressionReductionTest {
    private static final int N = 200;
    private static final ParameterType TYPE = ParameterType.of("mu", 1);
    private static final ParameterSpace SPACE = ParameterSpace.of(TYPE, new double[] {0}, new double[] {1});

    private static double[] field(double mu) {
        double[] u = new double[N];
        for (int i = 0; i < N; i++) {
            double x = (i + 1.0) / (N + 1);
            u[i] = Math.sin(Math.PI * x) + mu * Math.sin(2 * Math.PI * x) + mu * mu * Math.sin(3 * Math.PI * x);
        }
        return u;
    }

    private static double mean(double[] u) {
        double s = 0;
        for (double x : u) {
            s += x / N;
        }
        return s;
    }

    /** The snapshots held in memory, one pass per {@link Snapshots} object. */
    private static final class InMemory implements Snapshots {
        private final VectorArray columns;
        private int position;

        InMemory(VectorArray columns) {
            this.columns = columns;
        }

        @Override
        public int dim() {
            return columns.dim();
        }

        @Override
        public int count() {
            return columns.count();
        }

        @Override
        public int position() {
            return position;
        }

        @Override
        public double[] next() {
            return columns.vector(position++);
        }

        @Override
        public VectorArray next(int max) {
            int to = Math.min(count(), position + max);
            VectorArray block = columns.slice(position, to);
            position = to;
            return block;
        }

        @Override
        public void close() {}
    }

    @ParameterizedTest
    @EnumSource(PodRegressionReduction.Method.class)
    void reproducesAClosedFormFamilyWithinItsLeaveOneOutEstimates(PodRegressionReduction.Method method) {
        int k = 15;
        List<Parameter> mus = new ArrayList<>();
        VectorArray snapshots = VectorArray.empty(N);
        double energy = 0;
        for (int j = 0; j < k; j++) {
            double mu = j / (k - 1.0);
            mus.add(Parameter.of(TYPE, mu));
            snapshots.append(field(mu));
            energy += (N + 1) / 2.0 * (1 + mu * mu + mu * mu * mu * mu);
        }
        double[] meanFunctional = new double[N];
        java.util.Arrays.fill(meanFunctional, 1.0 / N);
        AtomicInteger passes = new AtomicInteger();
        PhaseTimer timer = new PhaseTimer();
        PodRegressionReduction.Result result = new PodRegressionReduction(
                        new PodRegressionReduction.Options(1e-9, 10, method, true))
                .run(
                        () -> {
                            passes.incrementAndGet();
                            return new InMemory(snapshots);
                        },
                        mus,
                        SPACE,
                        Map.of("mean", meanFunctional),
                        ProgressListener.NONE,
                        timer);

        assertThat(passes.get()).isEqualTo(2);
        assertThat(timer.seconds()).containsOnlyKeys("POD (pass 1)", "coefficients (pass 2)", "regression");
        PodRegressionModel model = result.model();
        assertThat(model.dim()).isEqualTo(3);
        assertThat(result.snapshotCount()).isEqualTo(k);
        assertThat(result.dim()).isEqualTo(N);
        double sum = 0;
        for (double s : result.singularValues()) {
            sum += s * s;
        }
        assertThat(sum).isCloseTo(energy, within(1e-10 * energy));
        assertThat(result.rmsNorm()).isCloseTo(Math.sqrt(energy / k), within(1e-10 * Math.sqrt(energy / k)));
        assertThat(result.relativeTruncationBound()).isLessThan(1e-7);

        // between the snapshots: the RMS of the true errors against the leave-one-out RMS estimates
        int m = 40;
        double fieldSquares = 0;
        double meanSquares = 0;
        for (int j = 0; j < m; j++) {
            double mu = (j + 0.5) / m;
            double[] u = field(mu);
            OnlineSolution s = model.solve(Parameter.of(TYPE, mu));
            double[] reconstructed = model.reconstruct(s.coefficients());
            for (int i = 0; i < N; i++) {
                fieldSquares += (u[i] - reconstructed[i]) * (u[i] - reconstructed[i]) / m;
            }
            double e = mean(u) - s.outputs().get("mean");
            meanSquares += e * e / m;
        }
        assertThat(Math.sqrt(fieldSquares)).isPositive().isLessThanOrEqualTo(model.fieldErrorEstimate());
        assertThat(Math.sqrt(meanSquares))
                .isLessThanOrEqualTo(model.outputCrossValidationErrors().get("mean"));
        assertThat(result.relativeFieldErrorEstimate())
                .isEqualTo(model.fieldErrorEstimate() / result.rmsNorm())
                .isLessThan(0.1);
    }
}

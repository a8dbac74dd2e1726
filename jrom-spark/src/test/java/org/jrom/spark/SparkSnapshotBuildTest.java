package org.jrom.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.jrom.cli.JromCommand;
import org.jrom.io.ModelFile;
import org.jrom.io.Npy;
import org.jrom.io.ParameterTable;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.models.OnlineModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.parameters.Sampler;
import org.jrom.regression.PodRegressionModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's {@code jrom build --snapshots ... --spark local[2]}: the plugin found by
 * {@code ServiceLoader}, the POD (HAPOD) on local[2], and the model it writes against the build
 * on this JVM's threads. The snapshots are a family of exact rank 6 ({@code u(x; mu) = sum_k
 * a_k(mu) phi_k(x)}, 4,000 values, 48 parameters), so that both PODs at tolerance 1e-10 span the
 * same 6-dimensional space to round-off whatever their streaming or tree.
 */
class SparkSnapshotBuildTest {
    static final ParameterSpace SPACE = ParameterSpace.box(ParameterType.of("a", 1, "b", 1), 0.0, 1.0);
    static final int N = 4000;

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run jrom(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = JromCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code u(x; mu) = sum_k a_k(mu) phi_k(x)}: six smooth modes with coefficients not affine in mu. */
    static double[] snapshot(Parameter mu) {
        double a = mu.get(0);
        double b = mu.get(1);
        double[] coefficients = {1, Math.exp(-a), Math.sin(3 * b), a * b, 1 / (1 + a + b), Math.cos(2 * a - b)};
        double[] u = new double[N];
        for (int i = 0; i < N; i++) {
            double x = (double) i / (N - 1);
            for (int k = 0; k < coefficients.length; k++) {
                u[i] += coefficients[k] * Math.sin((k + 1) * Math.PI * x) * Math.exp(-k * x);
            }
        }
        return u;
    }

    /** The snapshots at mus as the columns of an NPY file. */
    static Path writeSnapshots(Path file, List<Parameter> mus) {
        DenseMatrix s = DenseMatrix.zeros(N, mus.size());
        for (int j = 0; j < mus.size(); j++) {
            double[] u = snapshot(mus.get(j));
            for (int i = 0; i < N; i++) {
                s.set(i, j, u[i]);
            }
        }
        Npy.write(file, Npy.Array.of(s));
        return file;
    }

    @Test
    void theBuildWithItsPodOnSparkWritesTheModelOfTheBuildOnThisJvm() throws IOException {
        List<Parameter> mus = Sampler.random(SPACE, 48, 5);
        Path npy = writeSnapshots(tmp.resolve("snapshots.npy"), mus);
        Path params = tmp.resolve("params.csv");
        ParameterTable.write(params, mus);
        String[] common = {"build", "--snapshots", npy.toString(), "--params", params.toString(), "--pod-tol", "1e-10"};
        Run here = jrom(concat(common, "--out", tmp.resolve("here").toString()));
        assertThat(here.code()).as(here.err()).isZero();
        Run spark = jrom(concat(
                common, "--spark", "local[2]", "--out", tmp.resolve("spark").toString()));
        assertThat(spark.code()).as(spark.err()).isZero();
        assertThat(spark.out())
                .contains("Apache Spark 4.")
                .contains("on local[2]")
                .contains("HAPOD")
                .contains("executor driver");
        assertThat(Files.readString(tmp.resolve("spark/summary.json"))).contains("pod_backend");
        assertSameSpan(tmp.resolve("here/model.jrom"), tmp.resolve("spark/model.jrom"), mus);
    }

    /**
     * The backend's POD with the mode limit below the snapshots' rank (3 of 6), in two waves of
     * blocks: the bound it returns is above the projection error measured on the snapshots, and the
     * modes are orthonormal; a tolerance that keeps everything returns all 6 with a round-off bound.
     */
    @Test
    void theBackendsPodBoundHoldsWhenTheModeLimitCutsIt() throws IOException {
        List<Parameter> mus = Sampler.random(SPACE, 48, 9);
        Path npy = writeSnapshots(tmp.resolve("cut.npy"), mus);
        LocalSpark.context(); // the tests' context: the backend runs on it, and leaves it running
        try (org.jrom.pipelines.OfflineBackend backend = org.jrom.pipelines.OfflineBackend.open("spark", "local[2]");
                org.jrom.io.SnapshotSource source =
                        org.jrom.io.SnapshotSource.npy(npy, org.jrom.io.SnapshotSource.Layout.COLUMNS)) {
            var cut = backend.pod(source, 1e-12, 3, new org.jrom.ProgressListener() {});
            assertThat(cut.modeCount()).isEqualTo(3);
            VectorArray v = cut.modes();
            double projected = 0;
            double energy = 0;
            for (int j = 0; j < mus.size(); j++) {
                double[] u = snapshot(mus.get(j));
                double[] p = v.lincomb(v.inner(VectorArray.of(u)).data());
                for (int i = 0; i < N; i++) {
                    projected += (u[i] - p[i]) * (u[i] - p[i]);
                    energy += u[i] * u[i];
                }
            }
            // the bound is the discarded energy itself here (the leaves kept everything): equal up to
            // the rounding of the measurement's sums
            assertThat(Math.sqrt(projected / energy))
                    .isPositive()
                    .isLessThanOrEqualTo(cut.relativeErrorBound() * (1 + 1e-10));
            assertThat(cut.relativeErrorBound()).isLessThan(1.01 * Math.sqrt(projected / energy) + 1e-12);
            DenseMatrix gram = v.inner(v);
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    assertThat(Math.abs(gram.get(a, b) - (a == b ? 1 : 0))).isLessThan(1e-12);
                }
            }
        }
        try (org.jrom.pipelines.OfflineBackend backend = org.jrom.pipelines.OfflineBackend.open("spark", "local[2]");
                org.jrom.io.SnapshotSource source =
                        org.jrom.io.SnapshotSource.npy(npy, org.jrom.io.SnapshotSource.Layout.COLUMNS)) {
            var all = backend.pod(source, 1e-10, 100, new org.jrom.ProgressListener() {});
            assertThat(all.modeCount()).isEqualTo(6);
            assertThat(all.relativeErrorBound()).isLessThan(1e-10);
        }
        assertThat(LocalSpark.context().sc().isStopped())
                .as("the application's context is left running")
                .isFalse();
    }

    /**
     * The two models span the same 6 modes (every mode of one in the other's span to 1e-10) and give
     * the same outputs to 1e-10, at the snapshots' parameters and at new ones.
     */
    static void assertSameSpan(Path here, Path there, List<Parameter> mus) {
        PodRegressionModel a = (PodRegressionModel) ModelFile.readOnline(here);
        PodRegressionModel b = (PodRegressionModel) ModelFile.readOnline(there);
        assertThat(b.dim()).isEqualTo(a.dim()).isEqualTo(6);
        // the same space: every mode of one lies in the span of the other's to 1e-10
        VectorArray va = a.basis().orElseThrow();
        VectorArray vb = b.basis().orElseThrow();
        for (int k = 0; k < vb.count(); k++) {
            double[] v = vb.vector(k);
            double[] c = va.inner(VectorArray.of(v)).data();
            double[] p = va.lincomb(c);
            double residual = 0;
            for (int i = 0; i < N; i++) {
                residual = Math.max(residual, Math.abs(v[i] - p[i]));
            }
            assertThat(residual).as("mode %d outside the other build's span", k).isLessThan(1e-10);
        }
        // and the same answers: the outputs at the snapshots' parameters (interpolated) and at new ones
        Random random = new Random(11);
        for (int q = 0; q < 20; q++) {
            Parameter mu = q < 10
                    ? mus.get(random.nextInt(mus.size()))
                    : Sampler.random(a.parameterSpace(), 1, 100 + q).get(0);
            double sa = a.solve(mu).outputs().get("mean");
            double sb = b.solve(mu).outputs().get("mean");
            assertThat(Math.abs(sa - sb)).as("output at %s", mu).isLessThan(1e-10 * Math.max(1, Math.abs(sa)));
        }
        OnlineModel either = b;
        assertThat(either.outputNames()).containsExactly("mean");
    }

    static String[] concat(String[] head, String... tail) {
        String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}

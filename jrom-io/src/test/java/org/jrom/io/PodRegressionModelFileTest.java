package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.algorithms.IncrementalPod;
import org.jrom.linalg.VectorArray;
import org.jrom.models.OnlineModel;
import org.jrom.models.OnlineSolution;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.parameters.Sampler;
import org.jrom.regression.GaussianProcess;
import org.jrom.regression.PodRegressionModel;
import org.jrom.regression.RbfInterpolant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A POD-regression model (RBF and Gaussian process) written to a {@code .jrom} file and read back
 * answers bit for bit as before, and its predictions and error estimates mean what they say on a
 * smooth two-parameter field family.
 */
class PodRegressionModelFileTest {
    private static final int N = 120;
    private static final ParameterSpace SPACE =
            ParameterSpace.of(ParameterType.of("a", 1, "b", 1), new double[] {0.5, 1}, new double[] {2, 3});

    @TempDir
    Path dir;

    /** u(x; a, b) = exp(-a x) sin(b x) + a b x^2 on a grid of (0, 1). */
    private static double[] field(Parameter mu) {
        double a = mu.get(0);
        double b = mu.get(1);
        double[] u = new double[N];
        for (int i = 0; i < N; i++) {
            double x = (i + 0.5) / N;
            u[i] = Math.exp(-a * x) * Math.sin(b * x) + a * b * x * x;
        }
        return u;
    }

    private static PodRegressionModel build(List<Parameter> train, PodRegressionModel.Fit fit) {
        IncrementalPod pod =
                IncrementalPod.builder(N).relativeTolerance(1e-9).chunkSize(8).build();
        for (Parameter mu : train) {
            pod.add(field(mu));
        }
        IncrementalPod.Result r = pod.result();
        VectorArray v = r.modes();
        double[] mean = new double[N];
        java.util.Arrays.fill(mean, 1.0 / N);
        double[] reducedMean = v.inner(VectorArray.of(mean)).data(); // V^T l
        double[][] c = new double[train.size()][];
        double[] truth = new double[train.size()];
        double proj = 0;
        for (int k = 0; k < train.size(); k++) {
            double[] u = field(train.get(k));
            c[k] = v.inner(VectorArray.of(u)).data();
            double[] p = v.lincomb(c[k]);
            for (int i = 0; i < N; i++) {
                proj += (u[i] - p[i]) * (u[i] - p[i]);
                truth[k] += mean[i] * u[i];
            }
        }
        return PodRegressionModel.fit(
                SPACE,
                train,
                c,
                v,
                Map.of("mean", reducedMean),
                Map.of("mean", truth),
                Math.sqrt(proj / train.size()),
                fit);
    }

    private static final PodRegressionModel.Fit RBF = (space, x, y) ->
            RbfInterpolant.fit(space, x, y, RbfInterpolant.Options.crossValidated(RbfInterpolant.Kernel.GAUSSIAN));
    private static final PodRegressionModel.Fit GP = (space, x, y) -> GaussianProcess.fit(
            space, x, y, GaussianProcess.Options.defaults(GaussianProcess.Kernel.SQUARED_EXPONENTIAL));

    @Test
    void aRegressionModelFileAnswersBitForBitAsTheModelWritten() {
        List<Parameter> train = Sampler.latinHypercube(SPACE, 40, 3);
        for (PodRegressionModel.Fit fit : List.of(RBF, GP)) {
            PodRegressionModel model = build(train, fit);
            Path file = dir.resolve("model.jrom");
            ModelFile.write(model, file, Provenance.current().withNote("test", "regression"));
            ModelFile.Contents back = ModelFile.load(file);
            assertThat(back.online()).isInstanceOf(PodRegressionModel.class);
            assertThat(back.online().certified()).isFalse();
            assertThat(back.provenance().notes()).containsEntry("test", "regression");
            for (Parameter mu : Sampler.random(SPACE, 25, 9)) {
                OnlineSolution a = model.solve(mu);
                OnlineSolution b = back.online().solve(mu);
                assertThat(b.coefficients()).containsExactly(a.coefficients());
                assertThat(b.outputs()).isEqualTo(a.outputs());
                assertThat(b.outputErrors()).isEqualTo(a.outputErrors());
                assertThat(b.error()).isEqualTo(a.error());
            }
            assertThatThrownBy(back::model)
                    .hasMessageContaining("this is a pod-regression model, not a reduced-basis model");
        }
    }

    @Test
    void predictionsFollowTheFieldAndTheCrossValidatedEstimateIsOfTheRightSize() {
        List<Parameter> train = Sampler.latinHypercube(SPACE, 60, 5);
        for (PodRegressionModel.Fit fit : List.of(RBF, GP)) {
            PodRegressionModel model = build(train, fit);
            double maxError = 0;
            double maxOutputError = 0;
            double estimate = 0;
            for (Parameter mu : Sampler.random(SPACE, 40, 21)) {
                OnlineSolution s = model.solve(mu);
                double[] u = field(mu);
                double[] p = model.reconstruct(s.coefficients());
                double e = 0;
                double mean = 0;
                for (int i = 0; i < N; i++) {
                    e += (u[i] - p[i]) * (u[i] - p[i]);
                    mean += u[i] / N;
                }
                maxError = Math.max(maxError, Math.sqrt(e));
                estimate = Math.max(estimate, s.error());
                maxOutputError = Math.max(maxOutputError, Math.abs(s.outputs().get("mean") - mean));
            }
            // a smooth family (|u| ~ 20): small errors, and the estimate within two orders of the truth
            assertThat(maxError).isLessThan(1e-1);
            assertThat(maxOutputError).isLessThan(1e-2);
            assertThat(estimate).isBetween(maxError / 100, maxError * 100);
        }
    }

    @Test
    void aDamagedRegressionSectionIsAClearError() throws Exception {
        PodRegressionModel model = build(Sampler.latinHypercube(SPACE, 20, 3), RBF);
        Path file = dir.resolve("model.jrom");
        ModelFile.write(model, file, Provenance.current());
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Npz.Entry e : Npz.readEntries(file)) {
            entries.put(e.name(), e.bytes());
        }
        String manifest = new String(entries.get("manifest.json"), java.nio.charset.StandardCharsets.UTF_8);
        record Case(String from, String to, String message) {}
        for (Case c : List.of(
                new Case(
                        "\"kind\" : \"rbf\"",
                        "\"kind\" : \"kriging\"",
                        "'regression.kind': unknown regression 'kriging'"),
                new Case(
                        "\"model\" : \"pod-regression\"",
                        "\"model\" : \"neural\"",
                        "'model': unknown model kind 'neural'; known: reduced-basis, pod-regression"),
                new Case("\"field_cv\"", "\"field_cvx\"", "'errors.field_cv'"))) {
            assertThat(manifest).contains(c.from);
            List<Npz.Entry> changed = new ArrayList<>();
            entries.forEach((name, bytes) -> changed.add(new Npz.Entry(
                    name,
                    name.equals("manifest.json")
                            ? manifest.replace(c.from, c.to).getBytes(java.nio.charset.StandardCharsets.UTF_8)
                            : bytes)));
            Path bad = dir.resolve("bad.jrom");
            AtomicFile.write(bad, out -> Npz.writeEntries(out, changed, false));
            assertThatThrownBy(() -> ModelFile.load(bad))
                    .isInstanceOf(FileFormatException.class)
                    .hasMessageContaining(c.message);
        }
        assertThat(Files.size(file)).isPositive();
    }

    /** The model, saying it is of another kind. */
    private static OnlineModel claiming(String kind, OnlineModel real) {
        return (OnlineModel) java.lang.reflect.Proxy.newProxyInstance(
                OnlineModel.class.getClassLoader(),
                new Class<?>[] {OnlineModel.class},
                (proxy, method, args) -> method.getName().equals("kind") ? kind : method.invoke(real, args));
    }

    @Test
    void aKindNoCodecIsRegisteredForIsOneClearErrorOnWriting() {
        OnlineModel neural = claiming("neural", build(Sampler.latinHypercube(SPACE, 20, 3), RBF));
        Path file = dir.resolve("neural.jrom");
        assertThatThrownBy(() -> ModelFile.write(neural, file, Provenance.current()))
                .isInstanceOf(JromException.class)
                .hasMessage("cannot write a model of kind 'neural': no codec for it; known: reduced-basis,"
                        + " pod-regression, hyper-reduced-mechanics");
        assertThat(file).doesNotExist();
    }

    @Test
    void aModelThatClaimsAnotherKindIsNotWrittenAsThatKind() {
        OnlineModel impostor = claiming("reduced-basis", build(Sampler.latinHypercube(SPACE, 20, 3), RBF));
        assertThatThrownBy(() -> ModelFile.write(impostor, dir.resolve("x.jrom"), Provenance.current()))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("a reduced-basis model is a ReducedModel, found a");
    }

    @Test
    void aStateThatFailsWithoutAMessageIsStillExplained() {
        // the reader quoted getCause().getMessage(): "null", or a NullPointerException of its own
        assertThat(RegressionCodec.reason(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(RegressionCodec.reason(new IllegalArgumentException(" "))).isEqualTo("IllegalArgumentException");
        assertThat(RegressionCodec.reason(null)).isEqualTo("no reason given");
        assertThat(RegressionCodec.reason(new IllegalArgumentException("weights: expected 3 rows, found 2")))
                .isEqualTo("weights: expected 3 rows, found 2");
    }
}

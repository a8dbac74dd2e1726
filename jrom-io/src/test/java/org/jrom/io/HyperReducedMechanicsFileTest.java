package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrom.PhaseTimer;
import org.jrom.ProgressListener;
import org.jrom.fem.mechanics.HyperReducedMechanicsModel;
import org.jrom.fem.mechanics.IndicatorCalibration;
import org.jrom.fem.mechanics.StructuralReduction;
import org.jrom.fem.problems.BladeFlight;
import org.jrom.models.OnlineModel;
import org.jrom.models.OnlineSolution;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code hyper-reduced-mechanics} kind through a model file: read back (in full, and for
 * queries without the mesh-sized arrays), the model answers bit for bit as the model written, at a
 * parameter inside its space; a hostile file (a negative weight, a point index outside the solid, a
 * time step that would not fit in memory, endless step cuts, p where the law has none, sizes past
 * an array's, Gappy-POD samples out of the points' order, a family the reader does not know) is a
 * one-line FileFormatException naming the entry or field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HyperReducedMechanicsFileTest {
    @TempDir
    Path tmp;

    private HyperReducedMechanicsModel model;

    @BeforeAll
    void build() {
        List<StructuralReduction.Training> runs = new ArrayList<>();
        for (double omega : new double[] {1000, 1200}) {
            for (double peak : new double[] {850, 1000}) {
                runs.add(StructuralReduction.simulate(
                        BladeFlight.run(new BladeFlight.Options(0.35, 1, 1, omega, peak, 1, 200))));
            }
        }
        StructuralReduction.Result r = StructuralReduction.reduce(
                runs, StructuralReduction.Options.defaults(), ProgressListener.NONE, new PhaseTimer());
        ParameterSpace space = ParameterSpace.of(
                ParameterType.of("omega", 1, "peak_temperature", 1),
                Map.of("omega", new double[] {1000, 1200}, "peak_temperature", new double[] {850, 1000}));
        model = new HyperReducedMechanicsModel(r.model(), BladeFlight.family(0.35, 1, 1, 200, 1), space);
    }

    private Parameter at(double omega, double peak) {
        return Parameter.of(model.parameterSpace().type(), omega, peak);
    }

    @Test
    void aModelReadBackAnswersBitForBit() {
        Path file = tmp.resolve("blade.jrom");
        ModelFile.write(model, file, Provenance.current());
        Parameter mu = at(1150, 960);
        OnlineSolution expected = model.solve(mu);
        for (OnlineModel read : List.of(
                ModelFile.readOnline(file), ModelFile.loadForQueries(file).online())) {
            assertThat(read.kind()).isEqualTo("hyper-reduced-mechanics");
            OnlineSolution s = read.solve(mu);
            assertThat(s.coefficients()).containsExactly(expected.coefficients());
            assertThat(s.outputs()).isEqualTo(expected.outputs());
            assertThat(s.error()).isEqualTo(expected.error());
        }
        assertThat(expected.outputs().get("p_max")).isGreaterThan(0);
        assertThat(expected.outputs().get("indicator")).isGreaterThan(0).isLessThan(0.5);
    }

    @Test
    void aCalibrationTravelsWithTheModelAndSizesItsErrorFigures() {
        IndicatorCalibration u = new IndicatorCalibration(-1.5, 0.8, 0.9, 0.2, 5);
        IndicatorCalibration p = new IndicatorCalibration(-0.5, 1.2, Double.NaN, Double.NaN, 4);
        HyperReducedMechanicsModel calibrated = model.withCalibration(new HyperReducedMechanicsModel.Calibration(u, p));
        Path file = tmp.resolve("calibrated.jrom");
        ModelFile.write(calibrated, file, Provenance.current());
        HyperReducedMechanicsModel read =
                (HyperReducedMechanicsModel) ModelFile.load(file).online();
        assertThat(read.calibration().displacement()).isEqualTo(u);
        assertThat(read.calibration().plasticStrainAtMax().slope()).isEqualTo(1.2);
        assertThat(read.calibration().plasticStrainAtMax().correlation()).isNaN();
        Parameter mu = at(1150, 960);
        OnlineSolution plain = model.solve(mu);
        OnlineSolution s = read.solve(mu);
        double eta = s.outputs().get("indicator");
        // p_max's error figure: the calibrated error of p at its largest, 10^(a + b log10 eta), times p_max
        assertThat(s.outputErrors().get("p_max"))
                .isCloseTo(
                        Math.pow(10, -0.5 + 1.2 * Math.log10(eta)) * s.outputs().get("p_max"),
                        org.assertj.core.data.Percentage.withPercentage(1e-10));
        // the error: the calibrated displacement error, of the run's largest displacement (the fit's scale)
        assertThat(s.error() / largestDisplacement(read, mu))
                .isCloseTo(
                        Math.pow(10, -1.5 + 0.8 * Math.log10(eta)),
                        org.assertj.core.data.Percentage.withPercentage(1e-10));
        assertThat(s.coefficients()).containsExactly(plain.coefficients());
        assertThat(read.errorFigures().restsOn()).contains("p_max's is the error of p at its largest calibrated on 4");
    }

    /** The largest |a| over the trajectory at mu: |V a| with V orthonormal, the calibration's scale. */
    private static double largestDisplacement(HyperReducedMechanicsModel m, Parameter mu) {
        double[] largest = {0};
        m.model().run(m.schedule(mu), step -> {
            double[] a = step.coefficients();
            largest[0] = Math.max(largest[0], org.jrom.linalg.VectorArray.euclideanNorm(a, 0, a.length));
        });
        return largest[0];
    }

    /** An array entry with other values (checksums fixed: only the values are at fault). */
    private static java.util.function.Consumer<Map<String, byte[]>> values(String name, double... v) {
        return entries -> entries.put(name + ".npy", Npy.encode(Npy.Array.vector(v), false));
    }

    private Path variant(
            String name,
            java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> manifest,
            java.util.function.Consumer<Map<String, byte[]>> edit)
            throws Exception {
        Path valid = tmp.resolve("valid.jrom");
        if (!Files.exists(valid)) {
            ModelFile.write(model, valid, Provenance.current());
        }
        return ModelFileRejectionTest.variant(valid, tmp.resolve(name + ".jrom"), manifest, edit, true);
    }

    private static void assertRefused(Path file, String... fragments) {
        assertThatThrownBy(() -> ModelFile.load(file))
                .isInstanceOf(FileFormatException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n");
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
        assertThatThrownBy(() -> ModelFile.readOnline(file)).isInstanceOf(FileFormatException.class);
    }

    @Test
    void hostileFilesAreOneLineErrors() throws Exception {
        int points = model.model().points().length;
        double[] weights = model.model().parts().force().weights();
        weights[0] = -1;
        assertRefused(variant("negative-weight", m -> {}, values("weights", weights)), "weights", "expected a weight");
        double[] outside =
                java.util.Arrays.stream(model.model().points()).asDoubleStream().toArray();
        outside[1] = 1e9;
        assertRefused(variant("point-outside", m -> {}, values("points", outside)), "points", "from 0 to");
        // a step so small that the schedule would not fit in memory
        assertRefused(
                variant(
                        "tiny-step",
                        m -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                                        m.get("loading").get("settings"))
                                .put("max_step", 1e-9),
                        e -> {}),
                "loading's family",
                "more than 1000000 steps");
        assertRefused(
                variant(
                        "endless-cuts",
                        m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("newton")).put("max_cuts", 5000),
                        e -> {}),
                "Newton settings",
                "maxCuts from 0 to 50");
        assertRefused(
                variant(
                        "p-offset",
                        m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("dimensions")).put("p_offset", -1),
                        e -> {}),
                "dual.plastic_strain");
        assertRefused(
                variant(
                        "huge",
                        m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("dimensions"))
                                .put("modes", 2_000_000_000)
                                .put("full", 2_000_000_000),
                        e -> {}),
                "dimensions");
        // the Gappy-POD samples must be the model's points, in their order
        double[] samples =
                java.util.Arrays.stream(model.model().points()).asDoubleStream().toArray();
        double swap = samples[0];
        samples[0] = samples[1];
        samples[1] = swap;
        assertRefused(
                variant("samples-order", m -> {}, values("plastic_strain_samples", samples)),
                "plastic_strain_samples",
                "the model's point 0");
        assertThat(points).isGreaterThan(1);
        // a calibration from fewer than 3 runs, or with a correlation outside [-1, 1]
        assertRefused(
                variant(
                        "calibration",
                        m -> m.putObject("calibration")
                                .putObject("displacement")
                                .put("intercept", 0)
                                .put("slope", 1)
                                .put("correlation", 3)
                                .put("leave_one_out", 0.1)
                                .put("runs", 2),
                        e -> {}),
                "calibration.displacement",
                "at least 3 runs");
        // a fit whose error falls as the indicator grows is no calibration: a build never stores one
        assertRefused(
                variant(
                        "falling",
                        m -> m.putObject("calibration")
                                .putObject("displacement")
                                .put("intercept", -2)
                                .put("slope", -0.7)
                                .put("correlation", -0.8)
                                .put("leave_one_out", 0.3)
                                .put("runs", 6),
                        e -> {}),
                "calibration.displacement",
                "a slope in (0, 50]");
    }

    @Test
    void aFileWhoseArraysDoNotCheckOutIsRefused() throws IOException {
        Path file = tmp.resolve("good.jrom");
        ModelFile.write(model, file, Provenance.current());
        Map<String, Npz.Entry> entries = new java.util.LinkedHashMap<>();
        for (Npz.Entry e : Npz.readEntries(file)) {
            entries.put(e.name(), e);
        }
        assertThat(entries).containsKeys("points.npy", "weights.npy", "strain_modes.npy", "manifest.json");
        String manifest = new String(entries.get("manifest.json").bytes(), java.nio.charset.StandardCharsets.UTF_8);
        Path unknown = tmp.resolve("unknown-family.jrom");
        try (var out = Files.newOutputStream(unknown)) {
            Npz.writeEntries(
                    out, replace(entries, "manifest.json", manifest.replace("\"blade-flight\"", "\"rotor\"")), false);
        }
        assertThatThrownBy(() -> ModelFile.readOnline(unknown))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("unknown schedule family 'rotor'");
        Files.delete(unknown);
    }

    private static List<Npz.Entry> replace(Map<String, Npz.Entry> entries, String name, String text) {
        List<Npz.Entry> out = new ArrayList<>();
        for (Npz.Entry e : entries.values()) {
            out.add(
                    e.name().equals(name)
                            ? new Npz.Entry(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            : e);
        }
        return out;
    }
}

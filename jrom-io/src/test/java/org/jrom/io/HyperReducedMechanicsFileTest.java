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
 * parameter inside its space; a file whose arrays do not check out (a negative weight, a point index
 * outside the solid, a family the reader does not know) is refused with a message naming the entry
 * or field.
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
        model = new HyperReducedMechanicsModel(r.model(), BladeFlight.family(1, 200, 1), space);
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

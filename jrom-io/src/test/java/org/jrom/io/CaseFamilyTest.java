package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrom.fem.mechanics.RunSchedule;
import org.jrom.fem.mechanics.StructuralRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A case as a family of schedules: the schedule without the mesh drives the run's own patterns (the
 * same times, the same amplitudes in the same order), the patterns do not depend on the parameters
 * (the total external force is the closed form at two parameter values), a case rebuilt from what a
 * model file embeds gives the same schedules and runs, and a centrifugal axis that moves with a
 * varying parameter is refused.
 */
class CaseFamilyTest {
    @TempDir
    Path dir;

    private static final double RHO = 2;

    /**
     * The box [0, 2] x [0, 1] x [0, 1]: a traction on the right face (area 1), gravity and a rotation
     * about the axis through (0, 0, -10) along x, a temperature of one shape.
     */
    private Path writeCase() throws Exception {
        double[] theta = new double[3 * 2 * 2]; // the box's nodes: 3 x 2 x 2 for 2 x 1 x 1 cells
        for (int n = 0; n < theta.length; n++) {
            theta[n] = n % 3;
        }
        Npy.write(dir.resolve("theta.npy"), Npy.Array.vector(theta));
        Path file = dir.resolve("case.json");
        Files.writeString(
                file,
                """
                {"format": "jrom-case/1.0",
                 "parameters": {"load": 10, "g": 9, "w": 3, "T0": 100},
                 "mesh": {"box": {"lower": [0, 0, 0], "upper": [2, 1, 1], "cells": [2, 1, 1]}},
                 "elements": {"degree": 1},
                 "material": {"law": "j2-plasticity", "density": %s,
                              "parameters": {"E": "1000 * load", "nu": 0.3, "alpha": 1e-5, "T_ref": 20,
                                             "sigma_y": 50, "H": 100, "C": 0, "D": 0}},
                 "histories": {"ramp": {"times": [0, "load / 10", 2], "values": [0, 1, 1]},
                               "spin": {"times": [0, 0.5, 1], "values": [0, 1, 0.5]}},
                 "boundary_conditions": [{"boundary": "left", "type": "clamp"}],
                 "loads": [{"type": "traction", "boundary": "right", "value": ["2 * load", 0, "load"],
                            "history": "ramp"},
                           {"type": "body_force", "acceleration": [0, 0, "-g"]},
                           {"type": "centrifugal", "axis_point": [0, 0, -10], "axis_direction": [1, 0, 0],
                            "omega": "w", "history": "spin"}],
                 "temperature": {"reference": "T0", "shape": "theta.npy", "amplitude": 50, "history": "spin"},
                 "time": {"end": 1, "max_step": 0.3}}
                """
                        .formatted(RHO));
        return file;
    }

    /** The total force on the box along each axis at time t. */
    private static double[] totalForce(StructuralRun run, double t) {
        double[] f = run.loads().externalForce(t);
        double[] total = new double[3];
        for (int i = 0; i < f.length; i++) {
            total[i % 3] += f[i];
        }
        return total;
    }

    @Test
    void theScheduleDrivesTheRunsPatternsAndThePatternsDoNotMoveWithTheParameters() throws Exception {
        CaseFile c = CaseFile.read(writeCase());
        for (Map<String, Double> mu : List.of(
                Map.of("load", 10.0, "g", 9.0, "w", 3.0, "T0", 100.0),
                Map.of("load", 8.0, "g", 4.0, "w", 5.0, "T0", 300.0))) {
            StructuralRun run = c.instantiate(mu);
            RunSchedule s = c.schedule(mu);
            assertThat(s.times()).containsExactly(run.times());
            // traction x and z, gravity z, the rotation: one amplitude per pattern
            assertThat(s.forceAmplitudes()).hasSize(4);
            assertThat(run.loads().forcePatterns()).hasSize(4);
            double load = mu.get("load");
            double omega = mu.get("w");
            for (double t : new double[] {0.1, 0.5, 0.75, 1}) {
                for (int k = 0; k < 4; k++) {
                    assertThat(s.forceAmplitudes().get(k).applyAsDouble(t))
                            .isEqualTo(run.loads().forceAmplitudes().get(k).applyAsDouble(t));
                }
                double ramp = Math.min(1, t / (load / 10));
                double spin = t <= 0.5 ? 2 * t : 1 - (t - 0.5);
                double[] f = totalForce(run, t);
                // traction times the face's area 1; gravity rho g V; rotation rho w^2 h^2 V r_perp's mean (0, 0.5,
                // 10.5)
                double w2 = omega * omega * spin * spin;
                assertThat(f[0]).isCloseTo(2 * load * ramp, within(1e-10 * load));
                assertThat(f[1]).isCloseTo(RHO * w2 * 2 * 0.5, within(1e-10 * RHO * w2 * 20));
                assertThat(f[2])
                        .isCloseTo(
                                load * ramp - RHO * mu.get("g") * 2 + RHO * w2 * 2 * 10.5,
                                within(1e-9 * (load + 1000)));
                // the temperature: T0 + 50 spin(t) theta at every node
                double[] nodal = run.loads().nodalTemperature(t);
                for (int n = 0; n < nodal.length; n++) {
                    assertThat(nodal[n]).isCloseTo(mu.get("T0") + 50 * spin * (n % 3), within(1e-10));
                }
                for (int k = 0; k < 2; k++) {
                    assertThat(s.temperatureAmplitudes().get(k).value(t))
                            .isEqualTo(run.loads()
                                    .temperatureField()
                                    .amplitudes()[k]
                                    .value(t));
                }
            }
        }
    }

    @Test
    void aCaseRebuiltFromItsEmbeddingGivesTheSameSchedulesAndRuns() throws Exception {
        CaseFile c = CaseFile.read(writeCase());
        CaseFile.Embedding e = c.embedding();
        assertThat(e.arrays()).containsOnlyKeys("theta.npy");
        assertThat(e.mesh()).isNull(); // a box: the JSON describes it
        RunSchedule b = c.schedule(Map.of("load", 8.0, "w", 5.0, "g", 9.0, "T0", 100.0));
        StructuralRun y = c.instantiate(Map.of("load", 8.0, "w", 5.0, "g", 9.0, "T0", 100.0));
        Files.delete(dir.resolve("theta.npy")); // the embedding needs no file
        CaseFile rebuilt = CaseFile.embedded(dir.resolve("model.jrom"), e);
        CaseFamily family = CaseFamily.of(rebuilt, Map.of("g", 9.0, "T0", 100.0));
        assertThat(family.parameters()).containsExactly("load", "w");
        assertThat(family.settings()).containsExactly(Map.entry("g", 9.0), Map.entry("T0", 100.0));
        Map<String, Double> mu = Map.of("load", 8.0, "w", 5.0);
        RunSchedule a = family.at(mu);
        assertThat(a.times()).containsExactly(b.times());
        StructuralRun x = family.run(mu);
        assertThat(x.loads().externalForce(0.7)).containsExactly(y.loads().externalForce(0.7));
        assertThat(x.loads().nodalTemperature(0.7)).containsExactly(y.loads().nodalTemperature(0.7));
        assertThat(x.solid().dim()).isEqualTo(y.solid().dim());
    }

    @Test
    void anAxisThatMovesWithAVaryingParameterIsRefused() throws Exception {
        Path file = writeCase();
        Files.writeString(file, Files.readString(file).replace("[0, 0, -10]", "[0, 0, \"-10 * w\"]"));
        CaseFile c = CaseFile.read(file);
        assertThatThrownBy(() -> CaseFamily.of(c, Map.of("load", 10.0, "g", 9.0, "T0", 100.0)))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("loads[2].axis_point[2]")
                .hasMessageContaining("depends on w");
        // held fixed, it is one field
        assertThat(CaseFamily.of(c, Map.of("w", 3.0, "T0", 100.0)).parameters()).containsExactly("load", "g");
        c.requireFixedFieldsIndependentOf(Set.of("load", "g", "T0", "ww")); // a name that contains w is not w
    }
}

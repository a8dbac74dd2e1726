package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.fem.Mesh;
import org.jrom.fem.mechanics.QuasiStaticNewton;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.parameters.ParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code jrom-case/1.0} case file: a bar on a box mesh read, instantiated and run, against the
 * uniaxial solutions of elasticity and of Norton creep; parameters that scale the load; and the
 * one-line errors of bad cases, each naming the field.
 */
class CaseFileTest {
    private static final double L = 4;
    private static final double E = 200_000;
    private static final double NU = 0.3;

    @TempDir
    Path dir;

    /**
     * A bar {@code [0, L] x [0, 1] x [0, 1]} with symmetry conditions on the three faces through the
     * origin and a traction on its right end; {@code material} and {@code time} complete it.
     */
    private static String bar(int degree, String traction, String material, String time, String parameters) {
        return """
                {
                  "format": "jrom-case/1.0",
                  %s
                  "mesh": {"box": {"lower": [0, 0, 0], "upper": [%s, 1, 1], "cells": [3, 1, 1]}},
                  "elements": {"degree": %d},
                  "material": %s,
                  "boundary_conditions": [
                    {"boundary": "left", "type": "symmetry", "normal": "x"},
                    {"boundary": "front", "type": "symmetry", "normal": "y"},
                    {"boundary": "bottom", "type": "symmetry", "normal": "z"}],
                  "loads": [{"type": "traction", "boundary": ["right"], "value": [%s, 0, 0]}],
                  "time": %s,
                  "solver": {"tolerance": 1e-12, "max_iterations": 10, "max_cuts": 4, "tangent": "every_iteration"},
                  "output": {"every": 2, "vtu": false, "snapshots": true}
                }
                """
                .formatted(parameters, L, degree, material, traction, time);
    }

    private static final String ELASTIC =
            "{\"law\": \"linear-elasticity\", \"parameters\": {\"E\": 200000, \"nu\": 0.3, \"alpha\": 1.2e-5, \"T_ref\": 20}}";

    private Path write(String json) throws IOException {
        Path p = dir.resolve("case.json");
        Files.writeString(p, json, StandardCharsets.UTF_8);
        return p;
    }

    /** The largest displacement component i over the nodes with x = L, and its smallest. */
    private static double[] tip(StructuralRun run, double[] u, int i) {
        Mesh mesh = run.solid().mesh();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int n = 0; n < mesh.numNodes(); n++) {
            if (mesh.coordinate(n, 0) == L) {
                double v = u[run.solid().dof(n, i)];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return new double[] {lo, hi};
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void anElasticBarUnderATractionStretchesByFLOverEA(int degree) throws IOException {
        double s = 150;
        CaseFile c = CaseFile.read(write(bar(degree, "150", ELASTIC, "{\"times\": [0, 1]}", "")));
        assertThat(c.degree()).isEqualTo(degree);
        assertThat(c.parameters()).isEmpty();
        assertThat(c.output()).isEqualTo(new CaseFile.Output(2, false, true));
        assertThat(c.mesh().numCells()).isEqualTo(3 * 6);
        assertThat(c.description())
                .isEqualTo("structural case case.json (linear-elasticity, P" + degree + ", 18 tetrahedra, 1 steps)");
        StructuralRun run = c.instantiate(Map.of());
        double[] u = run.run((step, solid, newton) -> {});
        // the same bar with Newton's corrections by CG and smoothed aggregation: the same answer
        CaseFile iterative = CaseFile.read(write(bar(degree, "150", ELASTIC, "{\"times\": [0, 1]}", "")
                .replace("\"tangent\": \"every_iteration\"", "\"linear_solver\": \"cg_amg\"")));
        StructuralRun cg = iterative.instantiate(Map.of());
        assertThat(cg.options().solver()).isEqualTo(QuasiStaticNewton.LinearSolver.CG_AMG);
        double[] v = cg.run((step, solid, newton) -> {});
        for (int i = 0; i < u.length; i++) {
            assertThat(Math.abs(v[i] - u[i])).isLessThan(1e-10 * s * L / E);
        }
        // u_x = s x / E, u_y = -nu s y / E: linear, so P1 and P2 are exact; the tip is x = L
        double[] ux = tip(run, u, 0);
        double expected = s * L / E;
        System.out.printf(
                "elastic bar, P%d: tip u_x in [%.15e, %.15e], F L / (E A) %.15e%n", degree, ux[0], ux[1], expected);
        assertThat(Math.abs(ux[0] - expected)).isLessThan(1e-12 * expected);
        assertThat(Math.abs(ux[1] - expected)).isLessThan(1e-12 * expected);
        Mesh mesh = run.solid().mesh();
        for (int n = 0; n < mesh.numNodes(); n++) {
            double uy = u[run.solid().dof(n, 1)];
            assertThat(Math.abs(uy + NU * s * mesh.coordinate(n, 1) / E)).isLessThan(1e-12 * expected);
        }
    }

    @Test
    void aNortonBarCreepsBySigmaOverKToTheNPerUnitTime() throws IOException {
        // j2-viscoplasticity with sigma_y = H = C = D = 0: d eps_vp / dt = (sigma / K)^n at the constant
        // uniaxial stress sigma of the traction; eps(t) = sigma / E + (sigma / K)^n t
        String material =
                """
                {"law": "j2-viscoplasticity", "parameters": {"E": 200000, "nu": 0.3, "alpha": 0, "T_ref": 20,
                 "sigma_y": 0, "H": 0, "C": 0, "D": 0, "K": {"temperatures": [0, 1000], "values": [1000, 1000]},
                 "n": 3}}""";
        double s = 100;
        double k = 1000;
        double n = 3;
        double end = 20;
        CaseFile c = CaseFile.read(write(
                bar(1, "\"sigma\"", material, "{\"end\": 20, \"max_step\": 5}", "\"parameters\": {\"sigma\": 100},")));
        StructuralRun run = c.instantiate(Map.of());
        assertThat(run.times()).containsExactly(0, 5, 10, 15, 20);
        double[] u = run.run((step, solid, newton) -> {});
        double expected = L * (s / E + Math.pow(s / k, n) * end);
        double[] ux = tip(run, u, 0);
        System.out.printf("Norton bar: tip u_x %.15e, L (sigma/E + (sigma/K)^n t) %.15e%n", ux[1], expected);
        assertThat(Math.abs(ux[0] - expected)).isLessThan(1e-9 * expected);
        assertThat(Math.abs(ux[1] - expected)).isLessThan(1e-9 * expected);
    }

    @Test
    void aParameterOfTheLoadScalesTheElasticDisplacement() throws IOException {
        CaseFile c = CaseFile.read(
                write(bar(2, "\"2 * load\"", ELASTIC, "{\"times\": [0, 1]}", "\"parameters\": {\"load\": 50},")));
        assertThat(c.parameters()).containsExactly(Map.entry("load", 50.0));
        StructuralRun at50 = c.instantiate(Map.of());
        StructuralRun at100 = c.instantiate(Map.of("load", 100.0));
        assertThat(at100.solid()).isNotSameAs(at50.solid());
        double[] u50 = at50.run((step, solid, newton) -> {});
        double[] u100 = at100.run((step, solid, newton) -> {});
        double tip50 = tip(at50, u50, 0)[1];
        assertThat(tip50).isCloseTo(100 * L / E, org.assertj.core.data.Offset.offset(1e-12 * L));
        for (int i = 0; i < u50.length; i++) {
            assertThat(Math.abs(u100[i] - 2 * u50[i])).isLessThan(1e-12 * tip50);
        }
        assertThatThrownBy(() -> c.instantiate(Map.of("lod", 1.0)))
                .isInstanceOf(ParameterException.class)
                .hasMessage(dir.resolve("case.json") + ": parameter 'lod' is not declared; the case declares load");
        assertThatThrownBy(() -> c.instantiate(Map.of("load", Double.NaN)))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("parameter load is NaN");
    }

    @Test
    void theCreepBarExampleRunsInAFewStepsToItsNortonStrain() {
        // examples/mechanics/creep-bar: sigma = load once the ramp is up (1 s), backward Euler over the
        // first step sees it already, so eps(100) = sigma/E + ((sigma - sigma_y)/K)^n 100 exactly
        CaseFile c = CaseFile.read(Path.of("../examples/mechanics/creep-bar/case.json"));
        assertThat(c.parameters()).containsExactly(Map.entry("load", 120.0), Map.entry("K_scale", 1.0));
        StructuralRun run = c.instantiate(Map.of());
        assertThat(run.solid().dim()).isLessThan(3000);
        assertThat(run.times()).hasSizeLessThan(50);
        double[] u = run.run((step, solid, newton) -> {});
        double length = 10;
        double expected = length * (120 / E + Math.pow(20 / 150.0, 5) * 100);
        double tip = 0;
        Mesh mesh = run.solid().mesh();
        for (int n = 0; n < mesh.numNodes(); n++) {
            if (mesh.coordinate(n, 0) == length) {
                tip = Math.max(tip, u[run.solid().dof(n, 0)]);
            }
        }
        System.out.printf(
                "creep-bar example: %d unknowns, %d steps, tip u_x %.12e, expected %.12e%n",
                run.solid().dim(), run.times().length - 1, tip, expected);
        assertThat(Math.abs(tip - expected)).isLessThan(1e-8 * expected);
    }

    @Test
    void instancesRunInParallelAsTheyRunAlone() throws IOException {
        CaseFile c = CaseFile.read(
                write(bar(1, "\"load\"", ELASTIC, "{\"times\": [0, 1]}", "\"parameters\": {\"load\": 50},")));
        double[] loads = {10, 20, 30, 40, 50, 60};
        double[][] alone = new double[loads.length][];
        for (int k = 0; k < loads.length; k++) {
            alone[k] = c.instantiate(Map.of("load", loads[k])).run((step, solid, newton) -> {});
        }
        double[][] together = java.util.stream.IntStream.range(0, loads.length)
                .parallel()
                .mapToObj(k -> c.instantiate(Map.of("load", loads[k])).run((step, solid, newton) -> {}))
                .toArray(double[][]::new);
        for (int k = 0; k < loads.length; k++) {
            assertThat(together[k]).containsExactly(alone[k]);
        }
    }

    private String error(String json) throws IOException {
        Path p = write(json);
        try {
            CaseFile.read(p);
        } catch (FileFormatException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return e.getMessage().substring((p + ": ").length());
        }
        throw new AssertionError("read without an error");
    }

    @Test
    void anUnknownLawIsRefusedListingTheLaws() throws IOException {
        assertThat(error(
                        bar(1, "1", "{\"law\": \"neo-hooke\", \"parameters\": {\"E\": 1}}", "{\"times\": [0, 1]}", "")))
                .isEqualTo("material.law: unknown law 'neo-hooke'; the laws are linear-elasticity, j2-plasticity,"
                        + " j2-viscoplasticity");
    }

    @Test
    void aNegativeYoungsModulusIsRefusedNamingTheParameter() throws IOException {
        assertThat(error(bar(1, "1", ELASTIC.replace("200000", "-2e5"), "{\"times\": [0, 1]}", "")))
                .isEqualTo("material.parameters.E: expected E > 0, found -200000.0");
        // in a table, the entry; from an expression, the parameter values too
        assertThat(error(bar(
                        1,
                        "1",
                        ELASTIC.replace("200000", "{\"temperatures\": [0, 500], \"values\": [2e5, \"-E0\"]}"),
                        "{\"times\": [0, 1]}",
                        "\"parameters\": {\"E0\": 1e5},")))
                .isEqualTo("material.parameters.E.values[1]: expected E > 0, found -100000.0");
        // at other values than the defaults, instantiate names them
        Path p = write(bar(
                1,
                "1",
                ELASTIC.replace("200000", "{\"temperatures\": [0, 500], \"values\": [2e5, \"E0\"]}"),
                "{\"times\": [0, 1]}",
                "\"parameters\": {\"E0\": 1e5, \"s\": 2},"));
        CaseFile c = CaseFile.read(p);
        assertThatThrownBy(() -> c.instantiate(Map.of("E0", -1.0)))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(p + ": material.parameters.E.values[1]: expected E > 0, found -1.0 at E0=-1.0, s=2.0");
    }

    @Test
    void aBoundaryThatIsNotInTheMeshIsRefusedListingTheMeshsBoundaries() throws IOException {
        String json = bar(1, "1", ELASTIC, "{\"times\": [0, 1]}", "").replace("[\"right\"]", "[\"right\", \"tip\"]");
        assertThat(error(json))
                .isEqualTo("loads[0].boundary[1]: the mesh has no boundary 'tip'; its boundaries are left, right,"
                        + " front, back, bottom, top");
    }

    @Test
    void aLoadHistoryWhoseTimesDoNotIncreaseIsRefusedNamingThePoint() throws IOException {
        String json = bar(
                1,
                "1",
                ELASTIC,
                "{\"end\": 100, \"max_step\": 10}",
                "\"histories\": {\"ramp\": {\"times\": [0, 1, 1, 100], \"values\": [0, 1, 1, 1]}},");
        assertThat(error(json)).isEqualTo("histories.ramp.times[2]: times must increase, found 1.0 after 1.0");
    }

    @Test
    void aMeshFileWithoutTheNamedBoundaryIsRefused() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("case/cube.msh")) {
            Files.write(dir.resolve("cube.msh"), in.readAllBytes());
        }
        String json =
                """
                {"format": "jrom-case/1.0",
                 "mesh": {"file": "cube.msh"},
                 "material": %s,
                 "boundary_conditions": [{"boundary": "left", "type": "clamp"}],
                 "time": {"times": [0, 1]}}
                """
                        .formatted(ELASTIC);
        assertThat(error(json))
                .isEqualTo("boundary_conditions[0].boundary: the mesh has no boundary 'left'; its boundaries are"
                        + " bottom, top, sides");
        CaseFile c = CaseFile.read(write(json.replace("\"left\"", "\"bottom\"")));
        assertThat(c.mesh().boundaries()).containsOnlyKeys("bottom", "top", "sides");
        assertThat(c.degree()).isEqualTo(2);
        assertThat(c.output()).isEqualTo(new CaseFile.Output(1, true, true));
    }

    /** One material per region: on the box (one region, "solid"), a one-entry list is the single material. */
    @Test
    void materialsByRegionNameTheirFields() throws IOException {
        String single = bar(1, "150", ELASTIC, "{\"times\": [0, 1]}", "");
        String listed = single.replace(
                "\"material\": " + ELASTIC,
                "\"materials\": [" + ELASTIC.replace("{\"law\"", "{\"regions\": [\"solid\"], \"law\"") + "]");
        double[] a = CaseFile.read(write(single)).instantiate(Map.of()).run((step, solid, newton) -> {});
        double[] b = CaseFile.read(write(listed)).instantiate(Map.of()).run((step, solid, newton) -> {});
        assertThat(b).containsExactly(a);
        assertThat(error(listed.replace("[\"solid\"]", "[\"core\"]")))
                .isEqualTo("materials[0].regions[0]: the mesh has no subdomain 'core'; its subdomains are solid");
        assertThat(error(listed.replace("[\"solid\"]", "[\"solid\", \"solid\"]")))
                .isEqualTo("materials[0].regions[1]: subdomain solid is in another material already");
        assertThat(error(listed.replace("\"E\": 200000", "\"E\": -1")))
                .isEqualTo("materials[0].parameters.E: expected E > 0, found -1.0");
        assertThat(error(single.replace("\"material\": ", "\"materials\": [" + ELASTIC + "], \"material\": ")))
                .startsWith("material: expected either \"material\" (one for the whole mesh) or \"materials\"");
    }

    @Test
    void otherMistakesNameTheField() throws IOException {
        String good = bar(1, "1", ELASTIC, "{\"times\": [0, 1]}", "");
        assertThat(error(good.replace("\"elements\"", "\"element\"")))
                .startsWith("element: unknown field; known: format,");
        assertThat(error(good.replace("\"tangent\": \"every_iteration\"", "\"tangent\": \"sometimes\"")))
                .isEqualTo(
                        "solver.tangent: unknown tangent update 'sometimes'; the tangent updates are every_iteration,"
                                + " when_slow");
        assertThat(error(good.replace("\"tangent\": \"every_iteration\"", "\"linear_solver\": \"lu\"")))
                .isEqualTo("solver.linear_solver: unknown linear solver 'lu'; the linear solvers are cholesky, cg_amg");
        assertThat(error(good.replace("\"degree\": 1", "\"degree\": 3")))
                .isEqualTo("elements.degree: expected 1 or 2, found 3");
        assertThat(error(good.replace("\"normal\": \"x\"", "\"normal\": \"w\"")))
                .isEqualTo("boundary_conditions[0].normal: expected \"x\", \"y\" or \"z\", found 'w'");
        assertThat(error(good.replace("\"cells\": [3, 1, 1]", "\"cells\": [100000, 100000, 100000]")))
                .isEqualTo("mesh.box.cells: expected at most 20000000 cells in all (each is six tetrahedra), found"
                        + " 1000000000000000");
        assertThat(error(good.replace("\"value\": [1, 0, 0]", "\"value\": [\"1 +\", 0, 0]")))
                .isEqualTo(
                        "loads[0].value[0]: expression '1 +': position 4: expected a number, a name or '(', found the end");
        assertThat(error(good.replace("\"value\": [1, 0, 0]", "\"value\": [\"1/0\", 0, 0]")))
                .isEqualTo("loads[0].value[0]: '1/0' is Infinity");
        assertThat(error(good.replace("{\"times\": [0, 1]}", "{\"end\": 1e9, \"max_step\": 1e-3}")))
                .isEqualTo("time.max_step: the run from 0.0 to 1.0E9 would take more than 1000000 steps of 0.001");
        assertThat(error(good.replace(
                        "\"loads\": [", "\"loads\": [{\"type\": \"body_force\", \"acceleration\": [0, 0, -9810]},")))
                .isEqualTo("material.density: missing: loads[0] needs the density");
        assertThat(
                        error(
                                good.replace("{\"times\": [0, 1]}", "{\"times\": [0, 2]}")
                                        .replace(
                                                "\"loads\": [{",
                                                "\"histories\": {\"h\": {\"times\": [0, 1], \"values\": [0, 1]}}, \"loads\": [{\"history\": \"h\", ")))
                .isEqualTo("histories.h: covers [0.0, 1.0], but the run goes from 0.0 to 2.0");
        assertThat(error(good.replace("\"cells\"", "\"file\": \"../x.msh\", \"cells\"")))
                .startsWith("mesh.box.file: unknown field");
        assertThat(error(good.replace(
                        "\"box\": {\"lower\": [0, 0, 0], \"upper\": [4.0, 1, 1], \"cells\": [3, 1, 1]}",
                        "\"file\": \"../x.msh\"")))
                .startsWith("mesh.file: '../x.msh' resolves outside the case file's folder");
        assertThat(error(good.replace("\"elements\"", "\"ele\\nments\"")))
                .startsWith("ele\\x0aments: unknown field; known: format,");
        assertThat(error(good.replace(
                        "\"loads\": [",
                        "\"temperature\": {\"uniform\": 1e300, \"history\": \"h\"},"
                                + " \"histories\": {\"h\": {\"times\": [0, 1], \"values\": [1e10, 1]}}, \"loads\": [")))
                .isEqualTo("temperature: the value times its history: point 0: expected finite numbers, found (0.0,"
                        + " Infinity)");
        assertThat(error(good.replace("jrom-case/1.0", "jrom-affine/1")))
                .isEqualTo("format: not a jrom case file: expected 'jrom-case/1.0', found 'jrom-affine/1'");
        assertThatThrownBy(() -> CaseFile.read(write(good.replace("jrom-case/1.0", "jrom-case/2.0"))))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageEndingWith("format jrom-case/2.0 is not supported: this jrom reads jrom-case/1.0");
    }
}

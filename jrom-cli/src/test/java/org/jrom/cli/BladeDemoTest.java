package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.fem.Mesh;
import org.jrom.fem.io.VtuData;
import org.jrom.fem.io.VtuReader;
import org.jrom.fem.problems.BladeFlight;
import org.jrom.fem.problems.TurbineBlade;
import org.jrom.io.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom demo blade} end to end on a coarse P1 blade through one flight cycle: every promised
 * file is there and readable with the shapes it should have, the material points' weights sum to
 * the blade's volume, and the clamp's reaction balances the centrifugal load at take-off,
 * {@code R = -rho omega^2 int (0, y, z + R_hub) dV}, computed here from the mesh alone.
 */
class BladeDemoTest {
    private static final double SIZE = 0.35;
    private static final double OMEGA = 1000;

    @TempDir
    static Path tmp;

    static Path dir;
    static Run demo;

    @BeforeAll
    static void runDemo() {
        dir = tmp.resolve("blade");
        demo = JromCommandTest.run(
                "demo",
                "blade",
                "--size",
                Double.toString(SIZE),
                "--degree",
                "1",
                "--cycles",
                "1",
                "--omega",
                Double.toString(OMEGA),
                "--out",
                dir.toString());
    }

    @Test
    void writesTheSeriesTheSnapshotsAndTheHistory() throws IOException {
        assertThat(demo.code()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("j2-viscoplasticity").contains("open results.pvd in ParaView");
        Mesh mesh = TurbineBlade.mesh(
                TurbineBlade.Geometry.standard(),
                TurbineBlade.Resolution.standard().scaled(SIZE));
        int dim = 3 * mesh.numNodes();
        List<String> history = Files.readAllLines(dir.resolve("history.csv"));
        int steps = history.size() - 2; // header and the initial equilibrium
        String pvd = Files.readString(dir.resolve("results.pvd"));
        assertThat(pvd.split("<DataSet", -1)).hasSize(steps + 2);

        VtuData last = VtuReader.read(dir.resolve(String.format("vtu/step_%05d.vtu", steps)));
        assertThat(last.mesh().numNodes()).isEqualTo(mesh.numNodes());
        assertThat(last.pointData().keySet())
                .containsExactlyInAnyOrder("displacement", "temperature", "von_mises", "p");

        Npy.Array u = Npy.read(dir.resolve("snapshots/displacement.npy"));
        assertThat(u.shape()).containsExactly(steps + 1, dim);
        Npy.Array q = Npy.read(dir.resolve("snapshots/quadrature.npy"));
        int points = q.shape()[0];
        assertThat(points).isEqualTo(mesh.numCells()); // P1: one point per cell
        assertThat(Npy.read(dir.resolve("snapshots/state.npy")).shape()).containsExactly(steps + 1, points * 19);
        double volume = 0;
        for (int c = 0; c < mesh.numCells(); c++) {
            volume += mesh.cellMeasure(c);
        }
        double weights = 0;
        for (int k = 0; k < points; k++) {
            weights += q.matrix().get(k, 3); // columns x, y, z, w
        }
        assertThat(weights / volume - 1).isLessThan(1e-12);
    }

    @Test
    void theClampBalancesTheCentrifugalLoadAtTakeOff() throws IOException {
        assertThat(demo.code()).as(demo.err()).isZero();
        Mesh mesh = TurbineBlade.mesh(
                TurbineBlade.Geometry.standard(),
                TurbineBlade.Resolution.standard().scaled(SIZE));
        double hub = TurbineBlade.Geometry.standard().hubRadius();
        double[] moment = new double[3]; // int (0, y, z + R) dV, exact by centroids for linear integrands
        for (int c = 0; c < mesh.numCells(); c++) {
            double y = 0;
            double z = 0;
            for (int k = 0; k < 4; k++) {
                y += mesh.coordinate(mesh.cellNode(c, k), 1) / 4;
                z += mesh.coordinate(mesh.cellNode(c, k), 2) / 4;
            }
            moment[1] += mesh.cellMeasure(c) * y;
            moment[2] += mesh.cellMeasure(c) * (z + hub);
        }
        List<String> history = Files.readAllLines(dir.resolve("history.csv"));
        List<String> header = Arrays.asList(history.get(0).split(","));
        String[] takeOff = history.stream()
                .skip(1)
                .map(l -> l.split(","))
                .filter(r -> Double.parseDouble(r[1]) == BladeFlight.CYCLE[1])
                .findFirst()
                .orElseThrow();
        double scale = BladeFlight.DENSITY * OMEGA * OMEGA;
        double ry = Double.parseDouble(takeOff[header.indexOf("reaction_root_bottom_y")]);
        double rz = Double.parseDouble(takeOff[header.indexOf("reaction_root_bottom_z")]);
        System.out.printf(
                "blade at take-off: reaction z %.6e N against -rho omega^2 int (z + R) dV = %.6e N%n",
                rz, -scale * moment[2]);
        assertThat(Math.abs(rz / (-scale * moment[2]) - 1)).isLessThan(1e-6);
        assertThat(Math.abs(ry + scale * moment[1])).isLessThan(1e-6 * Math.abs(rz));
    }

    @Test
    void badBladeOptionsAreOneLineAndWriteNothing() {
        Path out = tmp.resolve("refused");
        Run r = JromCommandTest.run("demo", "blade", "--cycles", "0", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines())
                .singleElement()
                .asString()
                .startsWith("jrom: --cycles must be from 1 to 1000, found 0");
        assertThat(out).doesNotExist();
        Run s = JromCommandTest.run("demo", "thermal-block", "--cycles", "2", "--out", out.toString());
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).contains("apply to the blade only");
        assertThat(out).doesNotExist();
    }
}

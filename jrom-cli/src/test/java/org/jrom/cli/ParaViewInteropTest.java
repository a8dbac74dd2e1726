package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.io.Npy;
import org.jrom.testing.Python;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ParaView reads what {@code jrom simulate} writes: {@code pvpython} (Debian {@code paraview})
 * loads {@code results.pvd}, and the last step's fields it sees are the ones jrom computed: the
 * displacement equals the last row of {@code snapshots/displacement.npy} at the vertices, and the
 * creep bar's uniform cumulated plastic strain is Norton's {@code 100 (20 / 150)^5}. Interop
 * profile: fails, does not skip, without ParaView.
 */
@Tag("interop")
class ParaViewInteropTest {
    static final String PVPYTHON = System.getProperty("jrom.pvpython", "/usr/bin/pvpython");

    @TempDir
    Path tmp;

    @Test
    void paraViewLoadsTheSeriesAndSeesTheLastStep() throws IOException {
        Path out = tmp.resolve("creep");
        Run r = JromCommandTest.run("simulate", SimulateCommandTest.EXAMPLE.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String script;
        try (InputStream in = ParaViewInteropTest.class.getResourceAsStream("read_pvd.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> lines = Python.runWith(
                        PVPYTHON, script, out.resolve("results.pvd").toString())
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
        Npy.Array u = Npy.read(out.resolve("snapshots/displacement.npy"));
        int steps = u.shape()[0];
        assertThat(lines.get(0)).isEqualTo("steps " + steps + " last 100.0");
        assertThat(lines.get(1)).isEqualTo("points 99 cells 240");
        Map<String, double[]> fields = new HashMap<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] t = line.split(" ");
            fields.put(
                    t[0],
                    Arrays.stream(t, 2, t.length)
                            .mapToDouble(Double::parseDouble)
                            .toArray());
        }
        assertThat(fields).containsOnlyKeys("displacement", "temperature", "von_mises", "p");
        double[] seen = fields.get("displacement");
        assertThat(seen).hasSize(3 * 99);
        for (int i = 0; i < seen.length; i++) {
            assertThat(seen[i]).isEqualTo(u.matrix().get(steps - 1, i)); // the vertices' dofs come first
        }
        double creep = 100 * Math.pow(20.0 / 150, 5);
        for (double p : fields.get("p")) {
            assertThat(p).isCloseTo(creep, within(1e-9 * creep));
        }
        for (double s : fields.get("von_mises")) {
            assertThat(s).isCloseTo(120, within(1e-8));
        }
    }
}

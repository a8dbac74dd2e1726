package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom simulate} on the README's example, the Norton creep bar: 120 MPa reached in one step
 * and held, sigma_y 100, K 150, n 5. Backward Euler is exact at constant stress, so the creep strain
 * after 100 s is {@code 100 (20 / 150)^5} to round-off, and the end of the bar on the symmetry
 * axis moves by {@code L (sigma / E + eps_vp)}. Parametrized runs, and bad cases and options: one
 * line, exit 2, nothing written.
 */
class SimulateCommandTest {
    static final Path EXAMPLE = Path.of("..", "examples", "mechanics", "creep-bar", "case.json");

    @TempDir
    Path tmp;

    @Test
    void theCreepBarEndsWhereNortonSays() throws IOException {
        Path out = tmp.resolve("creep");
        Run r = JromCommandTest.run("simulate", EXAMPLE.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("jrom simulate creep-bar").contains("open results.pvd in ParaView");
        Npy.Array u = Npy.read(out.resolve("snapshots/displacement.npy"));
        int last = u.shape()[0] - 1;
        // node (i, j, k) = (10, 0, 0) of the 10 x 2 x 2 box is node 10: on the x axis, the bar's end
        double ux = u.matrix().get(last, 3 * 10);
        double creep = 100 * Math.pow(20.0 / 150, 5);
        double exact = 10 * (120.0 / 200_000 + creep);
        System.out.printf("creep bar: end displacement %.15e, Norton %.15e%n", ux, exact);
        assertThat(Math.abs(ux / exact - 1)).isLessThan(1e-9);
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("format").asText()).isEqualTo("jrom-simulation/1");
        assertThat(summary.get("max_p").asDouble() / creep - 1).isLessThan(1e-9);
        assertThat(summary.get("steps").asInt()).isEqualTo(last);
        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        assertThat(history).hasSize(last + 2);
        for (String f : List.of(
                "results.pvd",
                "load-displacement.png",
                "plastic-strain.png",
                "snapshots/state.npy",
                "snapshots/quadrature.npy",
                "snapshots/times.npy",
                "snapshots/p.npy")) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        try (var files = Files.list(out.resolve("snapshots"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void aParameterStudyWritesOneFolderPerRunAndAnIndex() throws IOException {
        Path out = tmp.resolve("study");
        Run r = JromCommandTest.run(
                "simulate", EXAMPLE.toString(), "--param", "load=110,130", "--jobs", "2", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> index = Files.readAllLines(out.resolve("runs.csv"));
        assertThat(index).hasSize(3);
        assertThat(index.get(0)).startsWith("run,load,K_scale,status,steps,");
        assertThat(index.get(1)).startsWith("0,110.0,1.0,converged,");
        assertThat(index.get(2)).startsWith("1,130.0,1.0,converged,");
        for (String run : List.of("run_000", "run_001")) {
            assertThat(out.resolve(run).resolve("snapshots/displacement.npy")).isRegularFile();
        }
        // creep strain at 130 MPa over 100 s: 100 (30 / 150)^5
        JsonNode second =
                new ObjectMapper().readTree(out.resolve("run_001/summary.json").toFile());
        assertThat(second.get("max_p").asDouble() / (100 * Math.pow(30.0 / 150, 5)) - 1)
                .isLessThan(1e-9);
    }

    @Test
    void aTableOfParametersIsOneRunPerLine() throws IOException {
        Path table = tmp.resolve("runs.csv");
        Files.writeString(table, "K_scale,load\n2,130\n");
        Path out = tmp.resolve("table-study");
        Run r = JromCommandTest.run(
                "simulate", EXAMPLE.toString(), "--params", table.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> index = Files.readAllLines(out.resolve("runs.csv"));
        assertThat(index).hasSize(2);
        assertThat(index.get(1)).startsWith("0,130.0,2.0,converged,");
        // K doubled: 100 (30 / 300)^5
        JsonNode run =
                new ObjectMapper().readTree(out.resolve("run_000/summary.json").toFile());
        assertThat(run.get("max_p").asDouble() / (100 * Math.pow(30.0 / 300, 5)) - 1)
                .isLessThan(1e-9);
        Files.writeString(table, "omega\n1\n");
        Run bad = JromCommandTest.run(
                "simulate",
                EXAMPLE.toString(),
                "--params",
                table.toString(),
                "--out",
                tmp.resolve("no").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().lines())
                .singleElement()
                .asString()
                .contains("column 'omega': the case declares only load, K_scale");
        assertThat(tmp.resolve("no")).doesNotExist();
    }

    /**
     * A perfectly plastic bar (sigma_y 100) pulled by a traction of 130 has no equilibrium: that run
     * fails after every step cut, is marked in runs.csv and in a warning, and the other one is kept.
     */
    @Test
    void aStudyKeepsTheRunsThatConvergeAndMarksTheOneThatDoesNot() throws IOException {
        Path plastic = tmp.resolve("plastic.json");
        Files.writeString(
                plastic,
                Files.readString(EXAMPLE)
                        .replace("j2-viscoplasticity", "j2-plasticity")
                        .replaceAll(",\\s*\"K\": \\{[^}]*\\},\\s*\"n\": 5", "")
                        .replace("\"max_cuts\": 8", "\"max_cuts\": 2"));
        Path out = tmp.resolve("plastic-study");
        Run r = JromCommandTest.run("simulate", plastic.toString(), "--param", "load=90,130", "--out", out.toString());
        assertThat(r.code()).as("a study with a failed run exits with 1").isEqualTo(1);
        assertThat(r.err()).contains("warning: run 1 ({load=130.0, K_scale=1.0}) failed: Newton did not converge");
        List<String> index = Files.readAllLines(out.resolve("runs.csv"));
        assertThat(index.get(1)).startsWith("0,90.0,1.0,converged,");
        assertThat(index.get(2)).startsWith("1,130.0,1.0,failed,");
        assertThat(out.resolve("run_000/summary.json")).isRegularFile();

        // the same bar alone: one line, exit 2, and the folder it made is gone with its vtu/ and snapshots/
        Path alone = tmp.resolve("plastic-alone");
        Run one = JromCommandTest.run("simulate", plastic.toString(), "--param", "load=130", "--out", alone.toString());
        assertThat(one.code()).isEqualTo(1);
        Path single = tmp.resolve("plastic-single");
        Files.writeString(plastic, Files.readString(plastic).replace("\"load\": 120", "\"load\": 130"));
        Run failed = JromCommandTest.run("simulate", plastic.toString(), "--out", single.toString());
        assertThat(failed.code()).isEqualTo(2);
        assertThat(failed.err().lines()).singleElement().asString().startsWith("jrom: Newton did not converge");
        assertThat(single).doesNotExist();
    }

    @Test
    void noOutputReplacesAnInput() throws IOException {
        Path out = tmp.resolve("in-place");
        Files.createDirectories(out);
        Path table = out.resolve("runs.csv");
        Files.writeString(table, "load\n100\n");
        Run r = JromCommandTest.run(
                "simulate", EXAMPLE.toString(), "--params", table.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("it is an input of this command");
        assertThat(Files.readString(table)).isEqualTo("load\n100\n");
    }

    @Test
    void badCasesAndOptionsAreOneLineAndWriteNothing() throws IOException {
        Path out = tmp.resolve("refused");
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, Files.readString(EXAMPLE).replace("j2-viscoplasticity", "j2-visco"));
        Run law = JromCommandTest.run("simulate", bad.toString(), "--out", out.toString());
        assertThat(law.code()).isEqualTo(2);
        assertThat(law.err().lines())
                .singleElement()
                .asString()
                .contains("material.law")
                .contains("j2-visco");
        Run name = JromCommandTest.run("simulate", EXAMPLE.toString(), "--param", "omega=1,2", "--out", out.toString());
        assertThat(name.code()).isEqualTo(2);
        assertThat(name.err().lines())
                .singleElement()
                .asString()
                .contains("--param 'omega': the case declares only load, K_scale");
        Run value = JromCommandTest.run("simulate", EXAMPLE.toString(), "--param", "load=1,x", "--out", out.toString());
        assertThat(value.code()).isEqualTo(2);
        assertThat(value.err().lines()).singleElement().asString().startsWith("jrom: --param load: ");
        Run negative =
                JromCommandTest.run("simulate", EXAMPLE.toString(), "--param", "K_scale=1,-1", "--out", out.toString());
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err().lines()).singleElement().asString().contains("K");
        // --spark: a study only, not with --jobs, and without the jrom-spark plugin one line
        Run single = JromCommandTest.run("simulate", EXAMPLE.toString(), "--spark", "--out", out.toString());
        assertThat(single.code()).isEqualTo(2);
        assertThat(single.err().lines()).singleElement().asString().contains("--spark runs a study's runs");
        Run jobs = JromCommandTest.run(
                "simulate",
                EXAMPLE.toString(),
                "--param",
                "load=1,2",
                "--spark",
                "--jobs",
                "2",
                "--out",
                out.toString());
        assertThat(jobs.code()).isEqualTo(2);
        assertThat(jobs.err().lines()).singleElement().asString().contains("--jobs sets the runs at a time");
        Run plugin = JromCommandTest.run(
                "simulate", EXAMPLE.toString(), "--param", "load=1,2", "--spark", "local[2]", "--out", out.toString());
        assertThat(plugin.code()).isEqualTo(2);
        assertThat(plugin.err().lines())
                .singleElement()
                .asString()
                .contains("--spark needs the jrom-spark module on the class path");
        // --spark just before the case file leaves it the case (the master only where it is a master URL)
        Run before = JromCommandTest.run(
                "simulate", "--spark", EXAMPLE.toString(), "--param", "load=1,2", "--out", out.toString());
        assertThat(before.code()).isEqualTo(2);
        assertThat(before.err().lines())
                .singleElement()
                .asString()
                .contains("--spark needs the jrom-spark module on the class path");
        assertThat(out).doesNotExist();
    }

    @Test
    void sparksMasterIsTheNextArgumentOnlyWhereItIsAMasterUrl() {
        for (String master : List.of("local", "local[2]", "local[*]", "local[2,3]", "spark://127.0.0.1:7077", "yarn")) {
            SimulateCommand c = new SimulateCommand();
            new picocli.CommandLine(c).parseArgs("--spark", master, "case.json");
            assertThat(c.spark).as(master).isEqualTo(master);
            assertThat(c.caseFile).isEqualTo(Path.of("case.json"));
        }
        SimulateCommand c = new SimulateCommand();
        new picocli.CommandLine(c).parseArgs("--spark", "case.json", "--param", "load=1,2");
        assertThat(c.spark).isEqualTo("local[*]");
        assertThat(c.caseFile).isEqualTo(Path.of("case.json"));
        c = new SimulateCommand();
        new picocli.CommandLine(c).parseArgs("case.json", "--spark");
        assertThat(c.spark).isEqualTo("local[*]");
        c = new SimulateCommand();
        new picocli.CommandLine(c).parseArgs("case.json");
        assertThat(c.spark).isNull();
        // an attached value is the master as given (Spark then says what it cannot parse)
        c = new SimulateCommand();
        new picocli.CommandLine(c).parseArgs("--spark=spark://h:7077", "case.json");
        assertThat(c.spark).isEqualTo("spark://h:7077");
        c = new SimulateCommand();
        new picocli.CommandLine(c).parseArgs("--spark=typo", "case.json");
        assertThat(c.spark).isEqualTo("typo");
        assertThat(c.caseFile).isEqualTo(Path.of("case.json"));
    }
}

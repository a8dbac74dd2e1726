package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.io.VtuData;
import org.jrom.fem.io.VtuReader;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.io.AffineManifest;
import org.jrom.io.ModelFile;
import org.jrom.models.ReducedModel;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom demo}, {@code query} and {@code info} end to end on a small thermal block: every file
 * the demo promises is there and readable, the saved model answers queries whose bounds hold against
 * an independent high-fidelity solve, and bad input is one line with exit code 2.
 */
class DemoCommandTest {
    static final String[] SMALL = {
        "--blocks",
        "2x2",
        "--resolution",
        "8",
        "--max-basis",
        "10",
        "--tol",
        "1e-10",
        "--training",
        "40",
        "--test",
        "8",
        "--uq-samples",
        "400"
    };

    @TempDir
    static Path tmp;

    static Path dir;
    static Run demo;

    @BeforeAll
    static void runDemo() {
        dir = tmp.resolve("tb");
        demo = run("demo", "thermal-block", dir);
    }

    static Run run(String command, String problem, Path out, String... extra) {
        String[] args = Stream.of(new String[] {command, problem}, SMALL, extra, new String[] {"--out", out.toString()})
                .flatMap(Stream::of)
                .toArray(String[]::new);
        return JromCommandTest.run(args);
    }

    @Test
    void demoWritesEveryPromisedFile() throws IOException {
        assertThat(demo.code()).as(demo.err()).isZero();
        JsonNode summary = ReductionRunOutput.assertComplete(dir, true);
        assertThat(demo.err()).doesNotContain("warning");
        assertThat(demo.out())
                .contains("max true error (test)")
                .contains("speedup:")
                .contains("bound below the true error 0 times");
        assertThat(summary.get("problem").asText()).isEqualTo("thermal-block");
        assertThat(summary.get("unknowns").asInt())
                .isEqualTo(ThermalBlock.discretize(2, 2, 8).dim());
        assertThat(summary.get("certified").asBoolean()).isTrue();
        assertThat(summary.at("/validation/test_parameters").asInt()).isEqualTo(8);
        assertThat(summary.at("/monte_carlo/samples").asInt()).isEqualTo(400);
    }

    @Test
    void aGreedyCutShortByMaxBasisSaysSoInOneLineAndTheOneThatReachesTheToleranceDoesNot() throws IOException {
        // SMALL asks for 1e-10 with at most 10 basis functions: the estimate is far from the tolerance
        JsonNode cut = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(cut.get("stop_reason").asText()).isEqualTo("max_basis");
        assertThat(demo.out().lines().filter(l -> l.contains("raise --max-basis")))
                .singleElement()
                .asString()
                .startsWith("note: the greedy stopped at --max-basis 10 with its error estimate ")
                .contains("still above --tol 1.00e-10");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("raise --max-basis");

        Path reached = tmp.resolve("tb-reached");
        List<String> args = new java.util.ArrayList<>(List.of("demo", "thermal-block"));
        args.addAll(List.of(SMALL));
        args.set(args.indexOf("--tol") + 1, "0.3");
        args.addAll(List.of("--out", reached.toString()));
        Run r = JromCommandTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode summary = ReductionRunOutput.assertComplete(reached, true);
        assertThat(summary.get("stop_reason").asText()).isEqualTo("tolerance_reached");
        assertThat(summary.get("basis_size").asInt()).isLessThan(10);
        assertThat(r.out()).doesNotContain("raise --max-basis");
        assertThat(Files.readString(reached.resolve("report.md"))).doesNotContain("raise --max-basis");
    }

    @Test
    void fieldsMatchTheMeshAndTheErrorIsTheDifference() {
        VtuData vtu = VtuReader.read(dir.resolve("solutions.vtu"));
        AffineDiscretization fem = ThermalBlock.discretize(2, 2, 8);
        assertThat(vtu.mesh().numNodes()).isEqualTo(fem.space().mesh().numNodes());
        for (int k = 1; k <= 3; k++) {
            double[] fom = vtu.pointArray("temperature_fom_" + k).values();
            double[] rom = vtu.pointArray("temperature_rom_" + k).values();
            double[] err = vtu.pointArray("temperature_error_" + k).values();
            assertThat(fom).hasSize(fem.space().mesh().numNodes());
            for (int i = 0; i < fom.length; i++) {
                assertThat(err[i]).isCloseTo(fom[i] - rom[i], org.assertj.core.api.Assertions.within(1e-15));
            }
        }
    }

    @Test
    void theSavedModelAnswersWithBoundsThatHoldAgainstTheHighFidelitySolve() throws IOException {
        Path model = dir.resolve("model.jrom");
        ReducedModel rom = ModelFile.read(model);
        StationaryModel fom = ThermalBlock.discretize(2, 2, 8).toModel();
        String mu = "diffusion=0.1,0.7,0.35,1";
        Run r = JromCommandTest.run("query", model.toString(), "--mu", mu, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        Parameter p = Parameter.parse(rom.parameterSpace().type(), mu);
        double truth = fom.output(p).get("mean");
        double s = json.at("/outputs/mean").asDouble();
        double bound = json.at("/output_bounds/mean").asDouble();
        assertThat(s).isEqualTo(rom.solve(p).outputs().get("mean"));
        assertThat(Math.abs(truth - s)).isLessThanOrEqualTo(bound);
        assertThat(json.at("/basis_size").asInt()).isEqualTo(rom.dim());
        assertThat(json.at("/mu/diffusion").size()).isEqualTo(4);
        assertThat(json.at("/error_bound").asDouble()).isPositive();
        assertThat(json.at("/time_us").asDouble()).isPositive();

        Run text = JromCommandTest.run("query", model.toString(), "--mu", mu);
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("mean").contains("error bound");
    }

    @Test
    void queryReconstructsTheReducedFieldOfTheDemo() throws IOException {
        // Parameter 2 of solutions.vtu (a test parameter), answered again from the model file alone.
        String line = Files.readAllLines(dir.resolve("solutions.txt")).get(2);
        assertThat(line).startsWith("2: ");
        Path vtu = tmp.resolve("reconstructed.vtu");
        Run r = JromCommandTest.run(
                "query",
                dir.resolve("model.jrom").toString(),
                "--mu",
                line.substring(3),
                "--reconstruct",
                vtu.toString());
        assertThat(r.code()).as(r.err()).isZero();
        double[] again = VtuReader.read(vtu).pointArray("u_rom").values();
        double[] demo = VtuReader.read(dir.resolve("solutions.vtu"))
                .pointArray("temperature_rom_2")
                .values();
        assertThat(again).hasSameSizeAs(demo);
        for (int i = 0; i < demo.length; i++) {
            assertThat(again[i]).isCloseTo(demo[i], org.assertj.core.api.Assertions.within(1e-14));
        }
    }

    @Test
    void reconstructionNeedsTheBasisAndTheMesh() {
        Path model = tmp.resolve("no-mesh.jrom");
        ModelFile.write(ModelFile.read(dir.resolve("model.jrom")), model, org.jrom.io.Provenance.current());
        Run r = JromCommandTest.run(
                "query",
                model.toString(),
                "--mu",
                "diffusion=1,1,1,1",
                "--reconstruct",
                tmp.resolve("x.vtu").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("carries no mesh");
        assertThat(tmp.resolve("x.vtu")).doesNotExist();
    }

    @Test
    void infoShowsTheManifest() {
        Run r = JromCommandTest.run("info", dir.resolve("model.jrom").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("(?m)^parameters +diffusion\\[4\\] in \\[0.1, 1.0\\]$")
                .containsPattern("(?m)^error estimator +ORTHONORMAL")
                .containsPattern("(?m)^training set +40 parameters, seed 1$")
                .contains("checksums");
    }

    @Test
    void theSameSeedGivesTheSameModelFile() throws IOException {
        Path again = tmp.resolve("tb-again");
        Run r = run("demo", "thermal-block", again);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(again.resolve("model.jrom")))
                .isEqualTo(Files.readAllBytes(dir.resolve("model.jrom")));
    }

    @Test
    void badQueriesAreOneReadableLineAndExitCodeTwo() throws IOException {
        String model = dir.resolve("model.jrom").toString();
        Path corrupt = tmp.resolve("corrupt.jrom");
        byte[] bytes = Files.readAllBytes(dir.resolve("model.jrom"));
        // a byte of an array queries read: the basis and mesh in the middle are not read by queries
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        bytes[text.indexOf("operator_0.npy") + "operator_0.npy".length() + 200] ^= 0x5a;
        Files.write(corrupt, bytes);
        Map<String, String[]> cases = Map.of(
                "missing component", new String[] {"query", model, "--mu", "other=1"},
                "wrong count", new String[] {"query", model, "--mu", "diffusion=0.5,0.5"},
                "out of range", new String[] {"query", model, "--mu", "diffusion=0.5,0.5,0.5,5"},
                "not a number", new String[] {"query", model, "--mu", "diffusion=0.5,x,0.5,0.5"},
                "extra component", new String[] {"query", model, "--mu", "diffusion=0.5,0.5,0.5,0.5", "--mu", "k=1"},
                "missing file",
                        new String[] {"query", tmp.resolve("none.jrom").toString(), "--mu", "diffusion=1,1,1,1"},
                "corrupt file", new String[] {"query", corrupt.toString(), "--mu", "diffusion=1,1,1,1"},
                "no --mu", new String[] {"query", model});
        cases.forEach((what, args) -> {
            Run r = JromCommandTest.run(args);
            assertThat(r.code()).as(what).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(what + ": " + r.err()).hasSize(1);
            assertThat(r.err()).as(what).startsWith("jrom: ").doesNotContain("\tat ");
        });
    }

    @Test
    void extrapolationIsRefusedUnlessAllowedAndThenWarns() {
        String model = dir.resolve("model.jrom").toString();
        Run refused = JromCommandTest.run("query", model, "--mu", "diffusion=0.05,0.5,0.5,0.5");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("diffusion[0] = 0.05 is outside the parameter space");
        Run allowed =
                JromCommandTest.run("query", model, "--mu", "diffusion=0.05,0.5,0.5,0.5", "--allow-extrapolation");
        assertThat(allowed.code()).isZero();
        assertThat(allowed.err())
                .startsWith("jrom: warning: ")
                .contains("outside the parameter space")
                .contains("coercivity lower bound");
        assertThat(allowed.out()).contains("error bound");
    }

    @Test
    void anUnwritableOutputDirectoryFailsBeforeAnyWork() throws IOException {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a directory");
        Run r = run("demo", "thermal-block", file.resolve("out"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("jrom: cannot write to the output directory");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownProblemsAndBadOptionsAreOneLine() {
        for (String[] args : List.of(
                new String[] {"demo", "heat-sink"},
                new String[] {"demo", "thermal-block", "--blocks", "3"},
                new String[] {"demo", "thermal-fin", "--blocks", "2x2"},
                new String[] {"demo", "thermal-block", "--estimator", "FOO"},
                new String[] {"demo", "elasticity", "--blocks", "0"})) {
            Run r = JromCommandTest.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        }
    }

    @Test
    void badBlocksLeaveNoOutputDirectory() {
        Path out = tmp.resolve("bad-blocks");
        Run r = JromCommandTest.run("demo", "thermal-block", "--blocks", "3", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("jrom: --blocks expects BxB");
        assertThat(out).doesNotExist();
    }

    @Test
    void theExportedFinCarriesTheScmSettingsTheDemoCertifiesWith() {
        // the export wrote ScmBound.Options.defaults() (50 points), not the demo's own settings
        Path out = tmp.resolve("fin-export");
        Run r = JromCommandTest.run(
                "demo", "thermal-fin", "--resolution", "4", "--training", "30", "--export", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        AffineManifest m = AffineManifest.read(out.resolve("manifest.json"));
        assertThat(m.coercivity()).isInstanceOf(AffineManifest.Coercivity.Scm.class);
        assertThat(((AffineManifest.Coercivity.Scm) m.coercivity()).options()).isEqualTo(DemoProblem.SCM_OPTIONS);
    }

    @Test
    void theFinAndTheCantileverRunToo() {
        for (String problem : List.of("thermal-fin", "elasticity")) {
            Path out = tmp.resolve(problem);
            String[] args = {
                "demo",
                problem,
                "--resolution",
                problem.equals("thermal-fin") ? "4" : "2",
                "--max-basis",
                "6",
                "--training",
                "30",
                "--test",
                "5",
                "--uq-samples",
                "200",
                "--out",
                out.toString()
            };
            Run r = JromCommandTest.run(args);
            assertThat(r.code()).as(problem + ": " + r.err()).isZero();
            assertThat(r.out()).as(problem).contains("bound below the true error 0 times");
            assertThat(out.resolve("model.jrom")).isRegularFile();
            assertThat(out.resolve("solutions.vtu")).isRegularFile();
        }
    }
}

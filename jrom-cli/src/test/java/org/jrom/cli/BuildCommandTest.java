package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.fem.io.VtuReader;
import org.jrom.io.AffineManifest;
import org.jrom.io.ModelFile;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom build --from manifest.json} end to end: the thermal block exported by {@code jrom demo
 * --export} as an external solver would (Matrix Market files and a manifest) reduces to the same
 * model as the demo itself, bit for bit in its answers, with bounds that hold against high-fidelity
 * solves of the exported system; bad manifests are one line, exit code 2, nothing written.
 */
class BuildCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Path exported;
    static Path built;
    static Run build;

    @BeforeAll
    static void exportAndBuild() {
        exported = tmp.resolve("tb-export");
        Run export = JromCommandTest.run(
                "demo", "thermal-block", "--blocks", "2x2", "--resolution", "8", "--export", exported.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("jrom build --from");
        built = tmp.resolve("tb-built");
        build = run("build", "--from", exported.resolve("manifest.json").toString(), "--out", built.toString());
    }

    static Run run(String... args) {
        // the demo's small settings without --blocks 2x2 --resolution 8, which the manifest fixes
        String[] reduction = java.util.Arrays.copyOfRange(DemoCommandTest.SMALL, 4, DemoCommandTest.SMALL.length);
        String[] all = Stream.of(args, reduction).flatMap(Stream::of).toArray(String[]::new);
        return JromCommandTest.run(all);
    }

    @Test
    void theBuildWritesTheModelPlotsAndReport() throws IOException {
        assertThat(build.code()).as(build.err()).isZero();
        // the export names the mesh and the free dofs (the Dirichlet nodes are eliminated)
        JsonNode summary = ReductionRunOutput.assertComplete(built, true);
        assertThat(summary.get("problem").asText()).isEqualTo("tb-export");
        assertThat(summary.get("title").asText()).isEqualTo("jrom build manifest.json");
        assertThat(VtuReader.read(built.resolve("solutions.vtu")).mesh().numNodes())
                .isEqualTo(VtuReader.read(exported.resolve("mesh.vtu")).mesh().numNodes());
        assertThat(build.out())
                .contains("validation on 8 test parameters: bound below the true error 0 times")
                .contains("Monte Carlo of mean");
        assertThat(Files.readString(built.resolve("report.md"))).contains("# jrom build manifest.json");
    }

    @Test
    void theBuiltModelAnswersLikeTheDemoModelOfTheSameProblem() {
        Path demoDir = tmp.resolve("tb-demo");
        Run demo = DemoCommandTest.run("demo", "thermal-block", demoDir);
        assertThat(demo.code()).as(demo.err()).isZero();
        ReducedModel fromDemo = ModelFile.read(demoDir.resolve("model.jrom"));
        ReducedModel fromBuild = ModelFile.read(built.resolve("model.jrom"));
        assertThat(fromBuild.dim()).isEqualTo(fromDemo.dim());
        for (Parameter mu : Sampler.random(fromDemo.parameterSpace(), 20, 7)) {
            ReducedSolution a = fromDemo.solve(mu);
            ReducedSolution b = fromBuild.solve(mu);
            assertThat(b.coefficients()).containsExactly(a.coefficients());
            assertThat(b.errorBound()).isEqualTo(a.errorBound());
            assertThat(b.outputs()).isEqualTo(a.outputs());
        }
        // the reconstruction from the built model's mesh layout is the demo's field, node by node
        String mu = "diffusion=0.2,0.9,0.5,0.3";
        Path fromDemoVtu = tmp.resolve("demo.vtu");
        Path fromBuildVtu = tmp.resolve("build.vtu");
        Run q1 = JromCommandTest.run(
                "query", demoDir.resolve("model.jrom").toString(), "--mu", mu, "--reconstruct", fromDemoVtu.toString());
        Run q2 = JromCommandTest.run(
                "query", built.resolve("model.jrom").toString(), "--mu", mu, "--reconstruct", fromBuildVtu.toString());
        assertThat(q1.code()).as(q1.err()).isZero();
        assertThat(q2.code()).as(q2.err()).isZero();
        assertThat(q1.err()).doesNotContain("note:"); // min-theta: a bound jrom derives itself
        double[] f1 = VtuReader.read(fromDemoVtu).pointArray("u_rom").values();
        double[] f2 = VtuReader.read(fromBuildVtu).pointArray("u_rom").values();
        assertThat(f2).containsExactly(f1);
    }

    @Test
    void theExampleSnapshotsSolveTheExportedSystemAndTheExampleTablesRun() throws IOException {
        StationaryModel fom =
                AffineManifest.read(exported.resolve("manifest.json")).model();
        org.jrom.io.ParameterTable params = org.jrom.io.ParameterTable.read(
                exported.resolve("snapshot-params.csv"), fom.parameterSpace().type());
        org.jrom.linalg.DenseMatrix u =
                org.jrom.io.Npy.read(exported.resolve("snapshots.npy")).matrix();
        assertThat(u.rows()).isEqualTo(fom.dim());
        assertThat(u.cols()).isEqualTo(params.size()).isEqualTo(DemoCommand.EXAMPLE_SNAPSHOTS);
        for (int j : new int[] {0, params.size() - 1}) {
            double[] truth = fom.solve(params.parameter(j)).vector(0);
            for (int i = 0; i < truth.length; i++) {
                assertThat(u.get(i, j)).isEqualTo(truth[i]);
            }
            assertThat(fom.parameterSpace().contains(params.parameter(j))).isTrue();
        }
        Path results = tmp.resolve("example-results.csv");
        Run batch = JromCommandTest.run(
                "batch",
                built.resolve("model.jrom").toString(),
                "--params",
                exported.resolve("queries.csv").toString(),
                "--out",
                results.toString());
        assertThat(batch.code()).as(batch.err()).isZero();
        assertThat(batch.err()).contains(DemoCommand.EXAMPLE_QUERIES + " rows");
        assertThat(Files.readAllLines(results)).hasSize(1 + DemoCommand.EXAMPLE_QUERIES);
        Run snapshots = JromCommandTest.run(
                "build",
                "--snapshots",
                exported.resolve("snapshots.npy").toString(),
                "--params",
                exported.resolve("snapshot-params.csv").toString(),
                "--out",
                tmp.resolve("example-snapshots").toString());
        assertThat(snapshots.code()).as(snapshots.err()).isZero();
    }

    @Test
    void outputBoundsHoldAgainstSolvesOfTheExportedSystem() {
        StationaryModel fom =
                AffineManifest.read(exported.resolve("manifest.json")).model();
        ReducedModel rom = ModelFile.read(built.resolve("model.jrom"));
        for (Parameter mu : Sampler.random(rom.parameterSpace(), 10, 11)) {
            VectorArray u = fom.solve(mu);
            double truth = fom.output(u, mu).get("mean");
            ReducedSolution s = rom.solve(mu);
            assertThat(Math.abs(truth - s.outputs().get("mean")))
                    .as("at %s", mu)
                    .isLessThanOrEqualTo(s.outputBounds().get("mean") * (1 + 1e-9) + 1e-15);
        }
    }

    @Test
    void aGivenLowerBoundAndAPrimalDualOutputCertifyToo() throws IOException {
        // the exported problem with a coercivity bound written as an expression (exact here: X = A(1))
        // and a non-compliant output, the mean over the first block, certified by a dual basis
        String good = Files.readString(exported.resolve("manifest.json"));
        String changed = good.replaceAll(
                        "\"coercivity\" : \\{[^}]*\\{[^}]*\\}\\s*\\}",
                        "\"coercivity\" : {\"lower_bound\" : \"min(diffusion[0], diffusion[1], diffusion[2],"
                                + " diffusion[3])\"}")
                .replace(
                        "\"method\" : \"compliant\"\n  } ]",
                        "\"method\" : \"compliant\"\n  }, {\"name\": \"block0\", \"vector\": \"L.mtx\", \"method\":"
                                + " \"primal-dual\"} ]");
        assertThat(changed).contains("lower_bound").contains("primal-dual");
        Path dir = tmp.resolve("tb-pd");
        Files.createDirectories(dir);
        for (String f : List.of("A0.mtx", "A1.mtx", "A2.mtx", "A3.mtx", "F0.mtx", "X.mtx", "mesh.vtu", "dofs.npy")) {
            Files.copy(exported.resolve(f), dir.resolve(f));
        }
        StationaryModel exportedFom =
                AffineManifest.read(exported.resolve("manifest.json")).model();
        double[] l = new double[exportedFom.dim()];
        for (int i = 0; i < l.length; i += 3) {
            l[i] = 1.0 / l.length;
        }
        org.jrom.io.MatrixMarket.writeVector(dir.resolve("L.mtx"), l);
        Files.writeString(dir.resolve("manifest.json"), changed);
        Path out = tmp.resolve("tb-pd-out");
        Run r = run("build", "--from", dir.resolve("manifest.json").toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("alpha_LB(mu) = min(")
                .contains("not proven")
                .contains("bound below the true error 0 times")
                .contains(", reduced query")
                .doesNotContainPattern("(?<!not )certified");
        assertThat(ReductionRunOutput.warnings(r.err())).isEmpty();
        AffineManifest m = AffineManifest.read(dir.resolve("manifest.json"));
        ReducedModel rom = ModelFile.read(out.resolve("model.jrom"));
        assertThat(rom.outputs().get("block0").dual()).isNotNull();
        for (Parameter mu : Sampler.random(rom.parameterSpace(), 8, 5)) {
            VectorArray u = m.model().solve(mu);
            ReducedSolution s = rom.solve(mu);
            double truth = m.model().output(u, mu).get("block0");
            assertThat(Math.abs(truth - s.outputs().get("block0")))
                    .isLessThanOrEqualTo(s.outputBounds().get("block0") * (1 + 1e-9) + 1e-15);
        }
        // the online commands say on what the bounds rest, once, on stderr
        String model = out.resolve("model.jrom").toString();
        Path params = tmp.resolve("pd-params.csv");
        Files.writeString(params, "diffusion[0],diffusion[1],diffusion[2],diffusion[3]\n0.2,0.9,0.5,0.3\n");
        for (Run online : List.of(
                JromCommandTest.run("query", model, "--mu", "diffusion=0.2,0.9,0.5,0.3"),
                JromCommandTest.run(
                        "batch",
                        model,
                        "--params",
                        params.toString(),
                        "--out",
                        tmp.resolve("pd.csv").toString()),
                JromCommandTest.run(
                        "uq",
                        model,
                        "--samples",
                        "100",
                        "--out",
                        tmp.resolve("pd-uq").toString()))) {
            assertThat(online.code()).as(online.err()).isZero();
            assertThat(online.err().lines().filter(line -> line.startsWith("jrom: note:")))
                    .as(online.err())
                    .containsExactly("jrom: note: the bounds rest on the coercivity lower bound"
                            + " alpha_LB(mu) = min(diffusion[0], diffusion[1], diffusion[2], diffusion[3])"
                            + " (given by the modeller, not proven by jrom); validation passed");
            assertThat(online.out()).doesNotContainPattern("(?<!not )certified");
        }
        Run info = JromCommandTest.run("info", model);
        assertThat(info.out())
                .contains("bound (not certified): the bounds rest on the coercivity lower bound")
                .contains("(given by the modeller, not proven by jrom)")
                .contains("bound below the true error 0 times")
                .doesNotContainPattern("(?<!not )certified");
    }

    /** A copy of the exported problem with its manifest edited. */
    private static Path exportedWith(String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        for (String f : List.of("A0.mtx", "A1.mtx", "A2.mtx", "A3.mtx", "F0.mtx", "X.mtx", "mesh.vtu", "dofs.npy")) {
            Files.copy(exported.resolve(f), dir.resolve(f));
        }
        String good = Files.readString(exported.resolve("manifest.json"));
        Files.writeString(dir.resolve("manifest.json"), edit.apply(good));
        return dir.resolve("manifest.json");
    }

    @Test
    void aGivenLowerBoundThatTheValidationContradictsIsNotCalledCertified() throws IOException {
        // 100 x the exact bound: every error bound is 100 times too small, below the true error
        Path manifest = exportedWith(
                "tb-too-high",
                good -> good.replaceAll(
                        "\"coercivity\" : \\{[^}]*\\{[^}]*\\}\\s*\\}",
                        "\"coercivity\" : {\"lower_bound\" : \"100 * min(diffusion[0], diffusion[1], diffusion[2],"
                                + " diffusion[3])\"}"));
        assertThat(Files.readString(manifest)).contains("100 * min(");
        Path out = tmp.resolve("tb-too-high-out");
        Run r = run("build", "--from", manifest.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .doesNotContain("bound below the true error 0 times")
                .doesNotContainPattern("(?<!not )certified");
        assertThat(ReductionRunOutput.warnings(r.err()))
                .singleElement()
                .asString()
                .contains("the error bound fell below the true error")
                .contains("not certified")
                .contains("given coercivity lower bound");
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("**Warning:** the error bound fell below the true error");
        assertThat(report).doesNotContainPattern("(?<!not )certified");
        JsonNode summary = ReductionRunOutput.assertSummary(out);
        assertThat(summary.get("certified").asBoolean()).isFalse();
        assertThat(summary.at("/validation/violations").asInt()).isPositive();
        // 100 x too small: the largest bound falls short of the largest error
        assertThat(summary.at("/validation/max_bound").asDouble())
                .isLessThan(summary.at("/validation/max_true_error").asDouble());
        assertThat(ModelFile.load(out.resolve("model.jrom"))
                        .provenance()
                        .notes()
                        .get("validation"))
                .startsWith("bound below the true error ")
                .doesNotContain(" 0 times");
        // the model file carries the verdict: no online command calls its bounds certified
        String model = out.resolve("model.jrom").toString();
        Path params = tmp.resolve("too-high-params.csv");
        Files.writeString(params, "diffusion[0],diffusion[1],diffusion[2],diffusion[3]\n0.2,0.9,0.5,0.3\n");
        Path csv = tmp.resolve("too-high.csv");
        Run query = JromCommandTest.run("query", model, "--mu", "diffusion=0.2,0.9,0.5,0.3");
        Run json = JromCommandTest.run("query", model, "--mu", "diffusion=0.2,0.9,0.5,0.3", "--json");
        Run batch = JromCommandTest.run("batch", model, "--params", params.toString(), "--out", csv.toString());
        Run uq = JromCommandTest.run(
                "uq",
                model,
                "--samples",
                "100",
                "--out",
                tmp.resolve("too-high-uq").toString());
        Run info = JromCommandTest.run("info", model);
        for (Run online : List.of(query, json, batch, uq, info)) {
            assertThat(online.code()).as(online.err()).isZero();
            assertThat(online.out() + online.err()).doesNotContainPattern("(?<!not )(?<!\")certified");
        }
        for (Run online : List.of(query, batch, uq)) {
            assertThat(online.err().lines().filter(line -> line.startsWith("jrom: note:")))
                    .singleElement()
                    .asString()
                    .contains("the validation found the bound below the true error")
                    .contains("so the bounds are estimates")
                    .contains("(given by the modeller, not proven by jrom)");
        }
        assertThat(query.out()).contains("error estimate (not certified)").contains("error estimate  ||u - u_N||");
        assertThat(JSON.readTree(json.out()).get("certified").asBoolean(true)).isFalse();
        assertThat(JSON.readTree(json.out()).has("error_estimate")).isTrue();
        assertThat(Files.readAllLines(csv).get(0)).endsWith(",mean,mean_error_estimate,error_estimate");
        assertThat(uq.out()).contains("estimated interval").contains("estimated queries");
        assertThat(info.out()).contains("error estimate (not certified): the validation found the bound below");
    }

    @Test
    void aBadDofMapNamesItsFileAndLeavesNoOutputDirectory() throws IOException {
        // the output directory was made before the mesh layout was built: a bad map left it behind, empty;
        // and the errors named the mesh, not the dof map
        double[] dofs = org.jrom.io.Npy.read(exported.resolve("dofs.npy"))
                .matrix()
                .data()
                .clone();
        record Case(String name, double[] map, String message) {}
        double[] beyond = dofs.clone();
        beyond[beyond.length - 1] = 1e6;
        double[] decreasing = dofs.clone();
        decreasing[1] = dofs[0];
        decreasing[0] = dofs[1];
        for (Case c : List.of(
                new Case("beyond", beyond, "maps to dof 1000000, which is beyond the "),
                new Case("decreasing", decreasing, "the dof map must list increasing dofs"))) {
            Path manifest = exportedWith("tb-dofs-" + c.name, java.util.function.UnaryOperator.identity());
            Path map = manifest.resolveSibling("dofs.npy");
            org.jrom.io.Npy.write(map, org.jrom.io.Npy.Array.vector(c.map));
            Path out = tmp.resolve("tb-dofs-out-" + c.name);
            Run r = run("build", "--from", manifest.toString(), "--out", out.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("jrom: " + map + ": ").contains(c.message);
            assertThat(out).as("nothing written for " + c.name).doesNotExist();
        }
    }

    @Test
    void optionsOfTheOtherKindOfBuildAreRefusedNotIgnored() throws IOException {
        String manifest = exported.resolve("manifest.json").toString();
        Path npy = tmp.resolve("snapshots.npy");
        org.jrom.io.Npy.write(npy, org.jrom.io.Npy.Array.of(org.jrom.linalg.DenseMatrix.zeros(4, 3)));
        record Case(String[] args, String message) {}
        for (Case c : List.of(
                new Case(
                        new String[] {"--from", manifest, "--layout", "rows"},
                        "--layout does not apply to a build from a manifest"),
                new Case(new String[] {"--from", manifest, "--method", "gp"}, "--method does not apply"),
                new Case(new String[] {"--from", manifest, "--no-basis"}, "--no-basis does not apply"),
                new Case(
                        new String[] {"--snapshots", npy.toString(), "--params", "p.csv", "--training", "10"},
                        "--training does not apply to a build from snapshots"),
                new Case(
                        new String[] {"--snapshots", npy.toString(), "--params", "p.csv", "--tol", "1e-3"},
                        "--tol does not apply"),
                new Case(
                        new String[] {"--snapshots", npy.toString(), "--params", "p.csv", "--estimator", "GRAM"},
                        "--estimator does not apply"),
                new Case(
                        new String[] {"--snapshots", npy.toString(), "--params", "p.csv", "--glob", "*.csv"},
                        "--glob does not apply to a single snapshot file (" + npy
                                + "); it is an option of a directory of per-snapshot files"),
                new Case(
                        new String[] {"--snapshots", npy.toString(), "--params", "p.csv", "--vtu-array", "T"},
                        "--vtu-array does not apply to a single snapshot file"))) {
            Path out = tmp.resolve("other-mode-" + Integer.toHexString(c.message.hashCode()));
            String[] args = java.util.stream.Stream.of(
                            new String[] {"build"}, c.args, new String[] {"--out", out.toString()})
                    .flatMap(java.util.stream.Stream::of)
                    .toArray(String[]::new);
            Run r = JromCommandTest.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("jrom: ").contains(c.message);
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void badManifestsAreOneLineExitTwoAndWriteNothing() throws IOException {
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        for (String f : List.of("A0.mtx", "A1.mtx", "A2.mtx", "A3.mtx", "F0.mtx", "X.mtx")) {
            Files.copy(exported.resolve(f), bad.resolve(f));
        }
        String good = Files.readString(exported.resolve("manifest.json"));
        record Case(String from, String to, String message) {}
        for (Case c : List.of(
                new Case("\"diffusion[3]\"", "\"diffusion[3] * kappa\"", "operator[3].coefficient"),
                new Case("\"A2.mtx\"", "\"A9.mtx\"", "operator[2].matrix: no such file"),
                new Case("\"jrom-affine/1\"", "\"jrom-affine/7\"", "jrom-affine/7 is not supported"))) {
            assertThat(good).contains(c.from);
            Path manifest = bad.resolve("manifest.json");
            Files.writeString(manifest, good.replace(c.from, c.to));
            Path out = tmp.resolve("bad-out-" + c.message.hashCode());
            Run r = run("build", "--from", manifest.toString(), "--out", out.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("jrom: ").contains(c.message).doesNotContain("\tat ");
            assertThat(out).as("nothing written for " + c.to).doesNotExist();
        }
        Files.writeString(bad.resolve("A1.mtx"), "%%MatrixMarket matrix coordinate real symmetric\n3 3 1\n1 2 1.0\n");
        Files.writeString(bad.resolve("manifest.json"), good);
        Run r = run(
                "build",
                "--from",
                bad.resolve("manifest.json").toString(),
                "--out",
                tmp.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("A1.mtx:3").contains("above the diagonal");
        Run missing = run("build", "--from", tmp.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip().lines()).hasSize(1);
        assertThat(missing.err()).contains("nope.json");
    }
}

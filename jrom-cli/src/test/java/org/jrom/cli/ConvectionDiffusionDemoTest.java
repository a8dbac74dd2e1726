package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.fem.problems.ConvectionDiffusion;
import org.jrom.io.AffineManifest;
import org.jrom.io.ModelFile;
import org.jrom.models.ReducedModel;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The non-symmetric path end to end: {@code jrom demo convection-diffusion} certifies with zero
 * violations, its saved model answers with output bounds that hold against a high-fidelity solve
 * (sparse LU) at a parameter it was not trained on, its export rebuilds through {@code build --from}
 * to a model that answers the same, and a compliant output of a non-symmetric manifest is one line.
 */
class ConvectionDiffusionDemoTest {
    static final String[] SMALL = {
        "--resolution", "8", "--training", "60", "--test", "10", "--uq-samples", "200", "--max-basis", "40"
    };

    @TempDir
    static Path tmp;

    static Run demo;
    static Run export;

    @BeforeAll
    static void demoAndExport() {
        demo = JromCommandTest.run(concat(
                new String[] {
                    "demo", "convection-diffusion", "--out", tmp.resolve("demo").toString()
                },
                SMALL));
        export = JromCommandTest.run(concat(
                new String[] {
                    "demo",
                    "convection-diffusion",
                    "--export",
                    tmp.resolve("export").toString()
                },
                SMALL));
    }

    static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void theDemoCertifiesWithoutViolationAndItsModelsBoundsHold() throws IOException {
        assertThat(demo.code()).as(demo.err()).isZero();
        assertThat(demo.out())
                .contains("bound below the true error 0 times")
                .contains("2 terms have no symmetric part");
        Path model = tmp.resolve("demo/model.jrom");
        ReducedModel rom = ModelFile.read(model);
        assertThat(rom.coercivityBound().describe()).contains("skew-symmetric");
        StationaryModel fom = ConvectionDiffusion.discretize(1, 1, 8).toModel();
        String mu = "diffusion=0.137;velocity=-0.83,0.41";
        Parameter p = Parameter.parse(rom.parameterSpace().type(), mu);
        // alpha_LB = min_i mu_i: the convection terms do not enter, whatever the velocity's sign
        assertThat(rom.coercivityBound().lowerBound(p)).isEqualTo(0.137);
        Run r = JromCommandTest.run("query", model.toString(), "--mu", mu, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        double truth = fom.output(p).get("mean");
        double s = json.at("/outputs/mean").asDouble();
        assertThat(Math.abs(truth - s))
                .isLessThanOrEqualTo(json.at("/output_bounds/mean").asDouble());
        assertThat(Math.abs(truth - s)).isLessThan(1e-6 * Math.abs(truth));
    }

    @Test
    void aFileFlaggingATermWithASymmetricPartIsRefused() {
        assertThat(demo.code()).as(demo.err()).isZero();
        Path model = tmp.resolve("demo/model.jrom");
        // [0, 1, 1] as written: the diffusion term enters, the two convection terms do not
        for (double[] flags : new double[][] {{1, 1, 1}, {1, 0, 1}}) {
            Path file = SmallModel.withArray(
                    model,
                    tmp.resolve("flags-" + (int) flags[1] + ".jrom"),
                    "coercivity_skew_terms",
                    org.jrom.linalg.DenseMatrix.wrap(3, 1, flags));
            Run r = JromCommandTest.run("query", file.toString(), "--mu", "diffusion=0.5;velocity=0.1,0.2");
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err())
                    .contains(flags[1] == 1 ? "needs a term with a symmetric part" : "flagged skew-symmetric");
        }
    }

    @Test
    void theExportRebuildsToAModelThatAnswersTheSame() throws IOException {
        assertThat(export.code()).as(export.err()).isZero();
        Path manifest = tmp.resolve("export/manifest.json");
        AffineManifest m = AffineManifest.read(manifest);
        assertThat(m.nonSymmetricTerms()).containsExactly(1, 2);
        assertThat(m.outputs()).containsEntry("mean", AffineManifest.OutputMethod.PRIMAL_DUAL);
        Path built = tmp.resolve("built");
        Run build = JromCommandTest.run(concat(
                new String[] {"build", "--from", manifest.toString(), "--out", built.toString()},
                new String[] {"--training", "60", "--test", "10", "--uq-samples", "200", "--max-basis", "40"}));
        assertThat(build.code()).as(build.err()).isZero();
        assertThat(build.out())
                .contains("operator: not symmetric (terms [1, 2])")
                .contains("bound below the true error 0 times");
        ReducedModel fromDemo = ModelFile.read(tmp.resolve("demo/model.jrom"));
        ReducedModel fromManifest = ModelFile.read(built.resolve("model.jrom"));
        assertThat(fromManifest.dim()).isEqualTo(fromDemo.dim());
        Parameter p = Parameter.parse(fromDemo.parameterSpace().type(), "diffusion=0.5;velocity=0.9,-0.2");
        double a = fromDemo.solve(p).outputs().get("mean");
        double b = fromManifest.solve(p).outputs().get("mean");
        assertThat(Math.abs(a - b)).isLessThan(1e-10 * Math.abs(a));
    }

    @Test
    void aCompliantOutputOfANonSymmetricOperatorIsOneLine() throws IOException {
        assertThat(export.code()).as(export.err()).isZero();
        Path manifest = tmp.resolve("export/manifest.json");
        String text = Files.readString(manifest)
                .replace("\"L_mean.mtx\"", "\"F0.mtx\"")
                .replace("\"primal-dual\"", "\"compliant\"");
        Path edited = tmp.resolve("export/compliant.json");
        Files.writeString(edited, text);
        Run r = JromCommandTest.run(
                "build", "--from", edited.toString(), "--out", tmp.resolve("no").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err())
                .contains("a compliant output needs a symmetric operator")
                .contains("primal-dual");
        assertThat(tmp.resolve("no")).doesNotExist();
    }
}

package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrom.cli.JromCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input that used to give wrong answers with exit 0 or a stack trace: each is refused with
 * exit 2, one line on stderr, and no output file.
 */
class HostileAnswersTest {
    @TempDir
    Path tmp;

    /** The small thermal block with its first operator coefficient replaced by {@code coefficient}. */
    private Path blockWith(String coefficient, String name) {
        return SmallModel.withManifest(
                SmallModel.thermalBlock(),
                tmp.resolve(name),
                m -> m.replaceFirst(
                        Pattern.quote("\"coefficient\" : \"diffusion[0]\""),
                        Matcher.quoteReplacement("\"coefficient\" : \"" + coefficient + "\"")));
    }

    /** A model with a pole at diffusion[1] = 0.5. */
    private Path pole() {
        return blockWith("1 / abs(diffusion[1] - 0.5)", "pole.jrom");
    }

    /** Exit 2 and exactly one line on stderr, {@code jrom: ...} with no exception class name in it. */
    static String refused(Run r) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("jrom: ").doesNotContain("Exception").doesNotContain("Error:");
        return r.err().strip();
    }

    private static final String POLE =
            "at diffusion=0.3,0.5,0.3,0.3: coefficient 1 of the operator" + " (1.0 / abs(diffusion[1] - 0.5)) is inf";

    @Test
    void queryRefusesAPoleOfACoefficient() {
        Path model = pole();
        assertThat(JromCommandTest.run("query", model.toString(), "--mu", "diffusion=0.3,0.4,0.3,0.3")
                        .code())
                .isZero();
        assertThat(refused(JromCommandTest.run("query", model.toString(), "--mu", "diffusion=0.3,0.5,0.3,0.3")))
                .isEqualTo("jrom: " + POLE);
        Run json = JromCommandTest.run("query", model.toString(), "--mu", "diffusion=0.3,0.5,0.3,0.3", "--json");
        assertThat(refused(json)).isEqualTo("jrom: " + POLE);
        assertThat(json.out()).isEmpty();
    }

    @Test
    void batchStopsAtTheFirstRowAtAPoleAndWritesNothing() throws IOException {
        Path params = tmp.resolve("params.csv");
        Files.writeString(
                params,
                "diffusion[0],diffusion[1],diffusion[2],diffusion[3]\n0.3,0.4,0.3,0.3\n0.3,0.5,0.3,0.3\n"
                        + "0.3,0.5,0.3,0.3\n");
        Path out = tmp.resolve("results.csv");
        Run r = JromCommandTest.run(
                "batch", pole().toString(), "--params", params.toString(), "--out", out.toString(), "--threads", "2");
        assertThat(refused(r)).isEqualTo("jrom: " + params + ":3: " + POLE);
        assertThat(out).doesNotExist();
    }

    @Test
    void uqStopsAtTheFirstDrawWithANonFiniteCoefficientAndWritesNothing() {
        // NaN for diffusion[1] < 0.55: about half the draws
        Path model = blockWith("sqrt(diffusion[1] - 0.55)", "sqrt.jrom");
        Path out = tmp.resolve("uq");
        Run r = JromCommandTest.run("uq", model.toString(), "--samples", "300", "--out", out.toString());
        assertThat(refused(r))
                .matches("jrom: Monte Carlo draw [0-9]+ of 300: at diffusion=[0-9.,E-]+: coefficient 1 of the"
                        + " operator \\(sqrt\\(diffusion\\[1\\] - 0.55\\)\\) is NaN");
        assertThat(SmallModel.files(out)).isEmpty();
    }
}

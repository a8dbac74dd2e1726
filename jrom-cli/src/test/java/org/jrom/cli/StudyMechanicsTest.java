package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jrom.cli.JromCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom study mechanics --quick}: the verification cases on smaller meshes (the limit load on
 * 4 x 8 cells only, the manufactured solution to 16^3 and 8^3 cubes) pass, and the run leaves one
 * PNG per plot and summary.json with the same verdicts as the printed table.
 */
class StudyMechanicsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theQuickStudyPassesEveryCheckAndWritesItsPlots() throws IOException {
        Path out = tmp.resolve("mechanics");
        Run r = JromCommandTest.run("study", "mechanics", "--quick", "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(SmallModel.files(out))
                .containsExactly(
                        "convergence.png",
                        "creep.png",
                        "cylinder-limit-load.png",
                        "cylinder-plateau.png",
                        "lame.png",
                        "relaxation-order.png",
                        "relaxation.png",
                        "summary.json");
        for (String png : List.of("convergence.png", "creep.png", "cylinder-limit-load.png", "lame.png")) {
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertThat(image.getWidth()).as(png).isEqualTo(900);
            assertThat(image.getHeight()).as(png).isEqualTo(560);
        }
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("format").asText()).isEqualTo("jrom-study-mechanics/1");
        assertThat(summary.get("passed").asBoolean()).isTrue();
        List<String> cases = new ArrayList<>();
        for (JsonNode check : summary.get("checks")) {
            cases.add(check.get("case").asText());
            assertThat(check.get("verdict").asText()).as(check.toString()).isEqualTo("pass");
        }
        assertThat(cases)
                .hasSize(9)
                .anyMatch(c -> c.startsWith("Norton creep P1"))
                .anyMatch(c -> c.startsWith("Norton creep P2"))
                .anyMatch(c -> c.startsWith("Norton relaxation"))
                .anyMatch(c -> c.startsWith("Lame cylinder"))
                .anyMatch(c -> c.startsWith("limit load P2, 4 x 8 cells"))
                .anyMatch(c -> c.startsWith("manufactured P2, H1 seminorm"));
        JsonNode creep = summary.get("checks").get(0);
        assertThat(creep.get("relative_error").asDouble()).isLessThan(1e-10);
        assertThat(creep.get("exact").asDouble()).isCloseTo(Math.pow(300.0 / 500, 5), within(1e-16));
        // the table: a row per check, each with its verdict
        List<String> rows = r.out()
                .lines()
                .filter(l -> l.endsWith(")") && l.contains(" pass ("))
                .toList();
        assertThat(rows).hasSize(9);
        assertThat(r.out()).contains("9 checks, 0 failed").doesNotContain("FAIL");
    }
}

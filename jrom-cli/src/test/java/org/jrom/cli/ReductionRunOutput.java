package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * What a certified reduction ({@link ReductionRun}: {@code jrom demo}, {@code jrom build --from})
 * promises to leave in its output directory: the model, the report in both forms, every plot as a
 * readable PNG that the page shows, the fields when the problem has a mesh, no temporary files.
 */
final class ReductionRunOutput {
    static final List<String> PLOTS =
            List.of("convergence.png", "effectivity.png", "singular-values.png", "histogram.png");

    private ReductionRunOutput() {}

    /**
     * The warning lines of a run's stderr, less the greedy's stop at --max-basis: the small test
     * settings (DemoCommandTest.SMALL: --tol 1e-10, --max-basis 10) ask for it to fix the basis size.
     */
    static List<String> warnings(String err) {
        return err.lines()
                .filter(l -> l.startsWith("jrom: warning: "))
                .filter(l -> !l.matches("jrom: warning: the (dual )?greedy .*stopped at --max-basis .*"))
                .toList();
    }

    static void assertComplete(Path dir, boolean withFields) throws IOException {
        for (String f : List.of("model.jrom", "report.md", "index.html")) {
            assertThat(dir.resolve(f)).as(f).isRegularFile();
        }
        String html = Files.readString(dir.resolve("index.html"));
        for (String png : PLOTS) {
            assertThat(dir.resolve(png)).as(png).isRegularFile();
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).as(png).isEqualTo(900);
            assertThat(html).contains("<img src=\"" + png + "\"");
        }
        if (withFields) {
            assertThat(dir.resolve("solutions.vtu")).isRegularFile();
        } else {
            assertThat(dir.resolve("solutions.vtu")).doesNotExist();
        }
        assertThat(Files.readString(dir.resolve("report.md")))
                .contains("## Greedy convergence and validation", "## Speedup", "## Timings", "## Monte Carlo");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}

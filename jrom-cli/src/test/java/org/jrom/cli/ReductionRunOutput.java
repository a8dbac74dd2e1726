package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jrom.io.ModelFile;
import org.jrom.models.OnlineModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;

/**
 * What a certified reduction ({@link ReductionRun}: {@code jrom demo}, {@code jrom build --from})
 * promises to leave in its output directory: the model, the report in both forms leading with the
 * result, every plot as a readable PNG that the page shows, the fields and their pictures when the
 * problem has a mesh, a {@code summary.json} whose figures agree with the model and the report, no
 * temporary files.
 */
final class ReductionRunOutput {
    static final List<String> PLOTS =
            List.of("convergence.png", "effectivity.png", "singular-values.png", "histogram.png");

    private ReductionRunOutput() {}

    /** The warning lines of a run's stderr. */
    static List<String> warnings(String err) {
        return err.lines().filter(l -> l.startsWith("jrom: warning: ")).toList();
    }

    /** Checks the directory and returns its {@code summary.json}. */
    static JsonNode assertComplete(Path dir, boolean withFields) throws IOException {
        for (String f : List.of("model.jrom", "report.md", "index.html", "summary.json")) {
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
        String report = Files.readString(dir.resolve("report.md"));
        if (withFields) {
            assertThat(dir.resolve("solutions.vtu")).isRegularFile();
            assertThat(html).contains("href=\"solutions.vtu\"");
            assertFieldPictures(dir, report, html);
        } else {
            assertThat(dir.resolve("solutions.vtu")).doesNotExist();
            assertThat(dir.resolve("fields-1.png")).doesNotExist();
        }
        assertThat(html).contains("href=\"model.jrom\"", "href=\"summary.json\"");
        assertThat(report)
                .contains("## Greedy convergence and validation", "## Speedup", "## Timings", "## Monte Carlo");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        return assertSummary(dir);
    }

    /**
     * Every field picture is an image the page shows, captioned with its parameter from
     * solutions.txt, in the order of solutions.vtu.
     */
    private static void assertFieldPictures(Path dir, String report, String html) throws IOException {
        assertThat(report).contains("## Fields");
        List<String> legend = Files.readAllLines(dir.resolve("solutions.txt"));
        OnlineModel model = ModelFile.readOnline(dir.resolve("model.jrom"));
        for (int k = 1; k < legend.size(); k++) {
            String png = "fields-" + k + ".png";
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(html).contains("<img src=\"" + png + "\"");
            Parameter mu =
                    Parameter.parse(model.parameterSpace().type(), legend.get(k).substring((k + ": ").length()));
            assertThat(report).contains("Parameter " + k + " of solutions.vtu").contains(ReductionRun.brief(mu));
        }
        assertThat(dir.resolve("fields-" + legend.size() + ".png")).doesNotExist();
    }

    /**
     * The figures of summary.json against the model, the report and each other: the meaning of every
     * key, not only its presence. Both kinds of build ({@code certified_reduced_basis}, {@code
     * pod_regression}) share the checks that apply to both.
     */
    static JsonNode assertSummary(Path dir) throws IOException {
        JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(s.get("format").asText()).isEqualTo("jrom-summary/1");
        OnlineModel model = ModelFile.readOnline(dir.resolve("model.jrom"));
        assertThat(s.get("basis_size").isInt()).isTrue();
        assertThat(s.get("basis_size").asInt()).isEqualTo(model.dim());
        assertThat(s.get("unknowns").asInt()).isPositive();
        assertParameters(s.get("parameters"), model.parameterSpace());

        // why the basis stopped, against the figures it stopped on
        int n = s.get("basis_size").asInt();
        int max = s.get("max_basis_size").asInt();
        double tol = s.get("tolerance").asDouble();
        double last = s.get("final_estimate").asDouble();
        String report = Files.readString(dir.resolve("report.md"));
        switch (s.get("stop_reason").asText()) {
            case "tolerance_reached" -> assertThat(last).isLessThanOrEqualTo(tol);
            case "max_basis" -> {
                assertThat(n).isEqualTo(max);
                assertThat(last).isGreaterThan(tol);
                assertThat(report).contains("raise --max-");
            }
            case "training_exhausted" -> {
                assertThat(n).isLessThan(max);
                assertThat(last).isGreaterThan(tol);
            }
            default -> throw new AssertionError("stop_reason " + s.get("stop_reason"));
        }
        assertThat(s.get("stop_detail").asText()).isNotBlank();

        // the offline phases ran one after the other inside the total
        JsonNode offline = s.get("offline_seconds");
        double phases = 0;
        for (var e : offline.properties()) {
            assertThat(e.getKey()).matches("[a-z0-9_]+");
            assertThat(e.getValue().isNumber()).as(e.getKey()).isTrue();
            assertThat(e.getValue().asDouble()).as(e.getKey()).isGreaterThanOrEqualTo(0);
            phases += e.getKey().equals("total") ? 0 : e.getValue().asDouble();
        }
        assertThat(offline.has("writing")).isTrue();
        assertThat(phases).isLessThanOrEqualTo(offline.get("total").asDouble() + 1e-6);

        assertThat(s.get("online_query_us").asDouble()).isPositive();
        assertThat(s.get("blas_backend").asText()).startsWith("BLAS ");
        // the library where BLAS is native, null on the pure-Java port
        assertThat(s.get("blas_library").isNull())
                .isEqualTo(s.get("blas_backend").asText().startsWith("BLAS pure Java"));
        assertThat(s.get("threads").asInt()).isPositive();

        // the files it lists are the directory's
        Set<String> listed = new TreeSet<>();
        s.get("files").forEach(f -> listed.add(f.asText()));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(listed);
        }

        // the report leads with the result, and says certified only when the summary does
        assertThat(report.indexOf("\n## ")).as("the summary first").isEqualTo(report.indexOf("\n## Summary\n"));
        JsonNode v = s.get("validation");
        boolean certified = s.get("certified").asBoolean();
        assertThat(s.get("certified").isBoolean()).isTrue();
        if (s.get("kind").asText().equals("pod_regression")) {
            assertThat(certified).isFalse();
            assertThat(report).contains("**Estimates, not certified.**").doesNotContainPattern("(?<!not )certified");
            return s;
        }
        assertThat(s.get("kind").asText()).isEqualTo("certified_reduced_basis");
        int violations = v.get("violations").asInt();
        String figures = s.get("error_figures").asText();
        assertThat(figures).isIn("certified", "bound", "estimate");
        assertThat(certified).isEqualTo(figures.equals("certified"));
        assertThat(figures.equals("estimate")).isEqualTo(violations > 0);
        assertThat(v.get("violations_at_basis_size").asInt()).isBetween(0, violations);
        assertThat(v.get("basis_size").asInt()).isEqualTo(n);
        double error = v.get("max_true_error").asDouble();
        double bound = v.get("max_bound").asDouble();
        double accuracy = v.get("truth_accuracy").asDouble();
        JsonNode eff = v.get("effectivity");
        assertThat(eff.get("min").asDouble())
                .isLessThanOrEqualTo(eff.get("mean").asDouble())
                .isPositive();
        assertThat(eff.get("mean").asDouble())
                .isLessThanOrEqualTo(eff.get("max").asDouble());
        if (violations == 0) {
            // no bound below its true error (the floor included, no allowance), so neither is the largest
            assertThat(bound).isGreaterThanOrEqualTo(error);
            assertThat(v.get("max_floor").asDouble()).isPositive().isLessThan(Math.max(1e-8, 1e3 * accuracy));
            assertThat(report)
                    .contains(certified ? "**Certified.**" : "**Bounds, not certified.**")
                    .contains("Violations count bounds below the true error, with no allowance: 0.");
            if (!certified) {
                assertThat(report).doesNotContainPattern("(?<!not )certified");
            }
        } else {
            assertThat(report)
                    .contains("**Estimates, not certified: " + violations + " violations.**")
                    .doesNotContainPattern("(?<!not )certified");
        }
        // the last row of the report's convergence table is the summary's validation
        String row = report.lines()
                .filter(l -> l.startsWith("| " + n + " | "))
                .reduce((a, b) -> b)
                .orElseThrow();
        String[] cells = row.substring(2, row.length() - 2).split(" \\| ");
        assertThat(cells[2]).isEqualTo(TextTable.sci(error));
        assertThat(cells[3]).isEqualTo(TextTable.sci(bound));
        assertThat(cells[4]).isEqualTo(TextTable.sci(v.get("max_floor").asDouble()));
        assertThat(cells[5]).isEqualTo(TextTable.fix(eff.get("min").asDouble()));
        assertThat(cells[7]).isEqualTo(TextTable.fix(eff.get("max").asDouble()));
        assertThat(cells[8]).isEqualTo(v.get("violations_at_basis_size").asText());
        // and summary.json has every row, violations adding up
        JsonNode rows = v.get("rows");
        assertThat(rows.size()).isEqualTo(v.get("basis_sizes").asInt());
        JsonNode lastRow = rows.get(rows.size() - 1);
        assertThat(lastRow.get("basis_size").asInt()).isEqualTo(n);
        assertThat(lastRow.get("max_floor").asDouble())
                .isEqualTo(v.get("max_floor").asDouble());
        int sum = 0;
        for (JsonNode r : rows) {
            sum += r.get("violations").asInt();
            if (r.get("violations").asInt() == 0 && r.get("max_true_error").asDouble() > 0) {
                assertThat(r.get("min_effectivity").asDouble()).isGreaterThanOrEqualTo(1.0);
            }
        }
        assertThat(sum).isEqualTo(violations);

        assertThat(s.get("speedup").asDouble())
                .isCloseTo(
                        s.get("high_fidelity_solve_us").asDouble()
                                / s.get("online_query_us").asDouble(),
                        within(1e-9 * s.get("speedup").asDouble()));
        JsonNode mc = s.get("monte_carlo");
        assertThat(mc.get("queries_per_second").asDouble())
                .isCloseTo(mc.get("samples").asDouble() / mc.get("seconds").asDouble(), within(1e-6));
        assertThat(mc.get("seconds").asDouble())
                .isEqualTo(offline.get("monte_carlo").asDouble());
        assertThat(mc.get("mean").asDouble())
                .isBetween(mc.get("mean_lower").asDouble(), mc.get("mean_upper").asDouble());
        assertThat(model.outputNames()).contains(mc.get("output").asText());
        return s;
    }

    /** Names, sizes and bounds of the parameters, in the model's order. */
    private static void assertParameters(JsonNode parameters, ParameterSpace space) {
        ParameterType type = space.type();
        List<String> names = new ArrayList<>();
        parameters.forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).containsExactlyElementsOf(type.names());
        for (JsonNode p : parameters) {
            String name = p.get("name").asText();
            assertThat(p.get("size").asInt()).isEqualTo(type.size(name));
            for (int i = 0; i < type.size(name); i++) {
                assertThat(p.get("lower").get(i).asDouble()).isEqualTo(space.lower(type.offset(name) + i));
                assertThat(p.get("upper").get(i).asDouble()).isEqualTo(space.upper(type.offset(name) + i));
            }
        }
    }
}

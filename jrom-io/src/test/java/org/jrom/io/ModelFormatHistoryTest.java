package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jrom.models.OnlineModel;
import org.jrom.models.OnlineSolution;
import org.jrom.parameters.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model file jrom has written stays readable: one committed file per format version and kind,
 * each written by the last commit that wrote that version, with the answer that commit's {@code
 * jrom query --json} gave (src/test/resources/org/jrom/io/formats/make-models.sh says which commit
 * and command made each). Reading one checks everything {@link ModelFile#load} checks; the outputs
 * must be the old ones, and the error figures no lower than the old ones (format 2.1's round-off
 * floor may only raise a bound), so an old reduced-basis model never claims more than it did.
 */
class ModelFormatHistoryTest {
    private static final Path FORMATS = Path.of("src/test/resources/org/jrom/io/formats");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("1.0-thermal-block", "jrom-model/1.0", "reduced-basis"), // ORTHONORMAL as r
                Arguments.of("1.1-primal-dual", "jrom-model/1.1", "reduced-basis"), // attachments, a dual section
                Arguments.of("1.2-thermal-block", "jrom-model/1.2", "reduced-basis"), // the model field
                Arguments.of("1.2-rbf", "jrom-model/1.2", "pod-regression"),
                Arguments.of("2.0-thermal-block", "jrom-model/2.0", "reduced-basis"), // ORTHONORMAL as w, sigma
                Arguments.of("2.0-gp", "jrom-model/2.0", "pod-regression"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void anOldFileReadsBackAndAnswersAsTheJromThatWroteIt(String name, String format, String kind) throws Exception {
        Path file = FORMATS.resolve(name + ".jrom");
        JsonNode old = JSON.readTree(Files.readString(FORMATS.resolve(name + ".query.json")));

        for (ModelFile.Contents c : new ModelFile.Contents[] {ModelFile.load(file), ModelFile.loadForQueries(file)}) {
            assertThat(c.format()).isEqualTo(format);
            OnlineModel model = c.online();
            assertThat(model.kind()).isEqualTo(kind);
            assertThat(model.describe().kind()).isEqualTo(kind);
            assertThat(model.dim()).isEqualTo(old.get("basis_size").intValue());

            Map<String, double[]> mu = new LinkedHashMap<>();
            old.get("mu")
                    .properties()
                    .forEach(e -> mu.put(
                            e.getKey(),
                            e.getValue().isArray()
                                    ? JSON.convertValue(e.getValue(), double[].class)
                                    : new double[] {e.getValue().doubleValue()}));
            OnlineSolution answer =
                    model.solve(Parameter.of(model.parameterSpace().type(), mu));

            JsonNode outputs = old.get("outputs");
            assertThat(answer.outputs().keySet()).containsExactlyInAnyOrderElementsOf(outputs::fieldNames);
            boolean certifiedBefore = old.has("output_bounds");
            JsonNode oldErrors = certifiedBefore ? old.get("output_bounds") : old.get("output_errors");
            outputs.properties().forEach(e -> {
                double s = e.getValue().doubleValue();
                assertThat(answer.outputs().get(e.getKey()))
                        .as("output %s", e.getKey())
                        .isCloseTo(s, within(1e-12 * Math.abs(s)));
                double before = oldErrors.get(e.getKey()).doubleValue();
                assertThat(answer.outputErrors().get(e.getKey()))
                        .as("error of output %s", e.getKey())
                        .isGreaterThanOrEqualTo(before * (1 - 1e-9));
            });
            double error = (certifiedBefore ? old.get("error_bound") : old.get("error_estimate")).doubleValue();
            assertThat(answer.error()).isGreaterThanOrEqualTo(error * (1 - 1e-9));
            assertThat(answer.error()).isLessThanOrEqualTo(error * (1 + 1e-6) + 1e-12);
        }
    }
}

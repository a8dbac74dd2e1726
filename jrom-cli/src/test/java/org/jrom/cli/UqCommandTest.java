package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jrom.algorithms.MonteCarlo;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.io.ModelFile;
import org.jrom.models.ReducedModel;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Distribution;
import org.jrom.parameters.Parameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom uq}: the statistics are those of {@code MonteCarlo} over the seeded samples of the
 * chosen distribution, their intervals hold the high-fidelity statistics, the files are written,
 * and bad input is one line, exit code 2, with nothing written.
 */
class UqCommandTest {
    @TempDir
    static Path tmp;

    static Path model;
    static ReducedModel rom;

    @BeforeAll
    static void buildModel() {
        model = SmallModel.thermalBlock();
        rom = ModelFile.read(model);
    }

    static Run uq(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("uq", model.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return JromCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void theStatisticsAreThoseOfTheSeededSamplesAndHoldTheHighFidelityOnes() throws IOException {
        StationaryModel fom = ThermalBlock.discretize(2, 2, 8).toModel();
        for (String dist : new String[] {"uniform", "normal", "lognormal"}) {
            Path out = tmp.resolve("uq-" + dist);
            Run r = uq(out, "--samples", "60", "--dist", dist, "--seed", "3", "--threads", "2");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out())
                    .contains("statistic", "reduced value", "certified interval", "half width")
                    .contains("standard deviation", "5% quantile", "99% quantile")
                    .containsPattern("throughput: 60 certified queries in [0-9.]+ s: [0-9,]+ queries/s, [0-9,]+ per"
                            + " core \\(2 threads\\)");
            assertThat(SmallModel.files(out)).containsExactly("histogram.png", "uq.csv", "uq.json");

            List<Parameter> samples = Distribution.of(
                            Distribution.Kind.of(dist), rom.parameterSpace(), Distribution.DEFAULT_SIGMA_FRACTION)
                    .sample(60, 3);
            MonteCarlo.Result expected = MonteCarlo.run(rom, "mean", samples, MonteCarlo.DEFAULT_LEVELS);
            JsonNode json = new ObjectMapper().readTree(out.resolve("uq.json").toFile());
            JsonNode mean = json.at("/outputs/mean/mean");
            assertThat(mean.get("value").asDouble()).isEqualTo(expected.mean().value());
            assertThat(mean.get("lower").asDouble()).isEqualTo(expected.mean().lower());
            assertThat(json.at("/outputs/mean/standard_deviation/upper").asDouble())
                    .isEqualTo(expected.standardDeviation().upper());
            assertThat(json.at("/outputs/mean/quantiles").size()).isEqualTo(7);
            assertThat(json.at("/distribution/kind").asText()).isEqualTo(dist);
            assertThat(json.at("/samples").asInt()).isEqualTo(60);
            assertThat(json.at("/throughput/queries_per_second").asDouble()).isPositive();

            // The certified intervals hold the statistics of the high-fidelity output on the same samples.
            double[] truth = samples.stream()
                    .mapToDouble(mu -> fom.output(mu).get("mean"))
                    .toArray();
            double truthMean = Arrays.stream(truth).average().orElseThrow();
            assertThat(truthMean)
                    .isBetween(mean.get("lower").asDouble(), mean.get("upper").asDouble());
            double[] sorted = truth.clone();
            Arrays.sort(sorted);
            for (JsonNode q : json.at("/outputs/mean/quantiles")) {
                double t = sorted[Math.max(0, (int) Math.ceil(q.get("level").asDouble() * 60) - 1)];
                assertThat(t)
                        .isBetween(q.get("lower").asDouble(), q.get("upper").asDouble());
            }

            List<String> csv = Files.readAllLines(out.resolve("uq.csv"));
            assertThat(csv.get(0)).isEqualTo("output,statistic,level,value,lower,upper,half_width");
            assertThat(csv).hasSize(1 + 2 + 7 + 1);
            assertThat(csv.get(1)).startsWith("mean,mean,," + expected.mean().value() + ",");
            BufferedImage png = ImageIO.read(out.resolve("histogram.png").toFile());
            assertThat(png.getWidth()).isEqualTo(900);
        }
    }

    @Test
    void theSeedFixesTheResultAndTheSigmaFractionChangesIt() throws IOException {
        Path a = tmp.resolve("seed-a");
        Path b = tmp.resolve("seed-b");
        Path c = tmp.resolve("seed-c");
        Path d = tmp.resolve("seed-d");
        assertThat(uq(a, "--samples", "40000", "--dist", "normal", "--seed", "5")
                        .code())
                .isZero();
        assertThat(uq(b, "--samples", "40000", "--dist", "normal", "--seed", "5", "--threads", "1")
                        .code())
                .isZero();
        assertThat(uq(c, "--samples", "40000", "--dist", "normal", "--seed", "6")
                        .code())
                .isZero();
        assertThat(uq(d, "--samples", "40000", "--dist", "normal", "--seed", "5", "--sigma-fraction", "0.1")
                        .code())
                .isZero();
        String csv = Files.readString(a.resolve("uq.csv"));
        assertThat(Files.readString(b.resolve("uq.csv"))).isEqualTo(csv);
        assertThat(Files.readString(c.resolve("uq.csv"))).isNotEqualTo(csv);
        JsonNode wide = new ObjectMapper().readTree(a.resolve("uq.json").toFile());
        JsonNode narrow = new ObjectMapper().readTree(d.resolve("uq.json").toFile());
        assertThat(narrow.at("/outputs/mean/standard_deviation/value").asDouble())
                .isLessThan(
                        0.6 * wide.at("/outputs/mean/standard_deviation/value").asDouble());
        assertThat(narrow.at("/distribution/sigma_fraction").asDouble()).isEqualTo(0.1);
    }

    @Test
    void badInputIsOneLineExitCodeTwoAndNothingWritten() throws IOException {
        Path zeroLow = SmallModel.withManifest(
                model,
                tmp.resolve("zero-low.jrom"),
                m -> m.replaceFirst("\"lower\" *: *\\[ *0\\.1, *0\\.1,", "\"lower\" : [ 0.1, 0.0,"));
        assertThat(ModelFile.read(zeroLow).parameterSpace().lower(1)).isZero();
        Path readOnly = Files.writeString(tmp.resolve("a-file"), "not a directory");
        Map<String, String[]> cases = new LinkedHashMap<>();
        // name -> {expected start of the message, args...}
        cases.put("lognormal with a zero lower bound", new String[] {
            "the log-normal distribution needs positive ranges; diffusion[1] is in [0.0, 1.0]",
            "uq",
            zeroLow.toString(),
            "--dist",
            "lognormal"
        });
        cases.put("unknown distribution", new String[] {
            "unknown distribution 'beta'; expected uniform, normal or lognormal",
            "uq",
            model.toString(),
            "--dist",
            "beta"
        });
        cases.put("unknown output", new String[] {
            "the model has no output 'flux'; it has mean", "uq", model.toString(), "--output", "flux"
        });
        cases.put("no samples", new String[] {
            "--samples must be from 1 to 2147483647, found 0", "uq", model.toString(), "--samples", "0"
        });
        cases.put(
                "not a count",
                new String[] {"Invalid value for option '--samples'", "uq", model.toString(), "--samples", "1e4"});
        cases.put("zero sigma", new String[] {
            "--sigma-fraction must be in (0, 10], found 0.0",
            "uq",
            model.toString(),
            "--dist",
            "normal",
            "--sigma-fraction",
            "0"
        });
        cases.put("huge sigma", new String[] {
            "--sigma-fraction must be in (0, 10], found 11.0",
            "uq",
            model.toString(),
            "--dist",
            "lognormal",
            "--sigma-fraction",
            "11"
        });
        cases.put("too many samples for the memory", new String[] {
            "2,000,000,000 samples of 1 output need about", "uq", model.toString(), "--samples", "2000000000"
        });
        cases.put(
                "missing model",
                new String[] {"cannot read", "uq", tmp.resolve("none.jrom").toString()});
        cases.put(
                "bad --threads",
                new String[] {"--threads must be from 1 to 1024", "uq", model.toString(), "--threads", "0"});
        int k = 0;
        for (var c : cases.entrySet()) {
            Path out = tmp.resolve("bad-" + k++);
            String[] v = c.getValue();
            List<String> args = new ArrayList<>(Arrays.asList(v).subList(1, v.length));
            args.addAll(List.of("--out", out.toString()));
            Run r = JromCommandTest.run(args.toArray(String[]::new));
            String what = c.getKey() + ": " + r.err();
            assertThat(r.code()).as(what).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(what).hasSize(1);
            assertThat(r.err()).as(what).startsWith("jrom: " + v[0]).doesNotContain("\tat ");
            assertThat(r.out()).as(what).isEmpty();
            assertThat(out).as(what).doesNotExist();
        }
        Run r = uq(readOnly.resolve("out"), "--samples", "10");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("jrom: cannot write to the output directory");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void aModelWithAScalarParameterAndRangesOverDecades() throws IOException {
        Path fin = SmallModel.thermalFin();
        Path out = tmp.resolve("fin");
        Run r = JromCommandTest.run(
                "uq",
                fin.toString(),
                "--samples",
                "300",
                "--out",
                out.toString(),
                "--dist",
                "lognormal",
                "--output",
                "root_temperature");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(SmallModel.files(out)).containsExactly("histogram.png", "uq.csv", "uq.json");
        assertThat(r.out())
                .contains("truncated log-normal per component")
                .contains("k[4] in [0.1, 10.0], Bi in [0.01, 1.0]");
    }
}

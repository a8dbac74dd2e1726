package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.io.ModelFile;
import org.jrom.models.ReducedModel;
import org.jrom.models.ReducedSolution;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom batch}: every row answered exactly as {@code ReducedModel.solve} answers it, in input
 * order across chunks and threads; bad input is one line naming the file and the line, exit code 2,
 * and no result file.
 */
class BatchCommandTest {
    static final String HEADER = "diffusion[0],diffusion[1],diffusion[2],diffusion[3]";

    @TempDir
    static Path tmp;

    static Path model;
    static ReducedModel rom;

    @BeforeAll
    static void buildModel() {
        model = SmallModel.thermalBlock();
        rom = ModelFile.read(model);
    }

    static Run batch(Path params, Path out, String... extra) {
        List<String> args = new ArrayList<>(
                List.of("batch", model.toString(), "--params", params.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return JromCommandTest.run(args.toArray(String[]::new));
    }

    static Path csv(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void answersEveryRowInOrderAsTheModelDoes() throws IOException {
        List<Parameter> mus = Sampler.random(rom.parameterSpace(), 23, 11);
        // Columns in another order, a comment, blank lines, spaces and CRLF line ends.
        StringBuilder text =
                new StringBuilder("# four conductivities\r\ndiffusion[3], diffusion[1],diffusion[0],diffusion[2]\r\n");
        for (int k = 0; k < mus.size(); k++) {
            double[] v = mus.get(k).toArray();
            text.append(String.format(Locale.ROOT, "%s, %s,%s,%s\r\n", v[3], v[1], v[0], v[2]));
            if (k == 5) {
                text.append("\r\n");
            }
        }
        Path in = csv("params.csv", text.toString());
        for (String threads : new String[] {"1", "2"}) {
            Path out = tmp.resolve("results-" + threads + ".csv");
            Run r = batch(in, out, "--chunk", "4", "--threads", threads);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEmpty();
            assertThat(r.err())
                    .containsPattern("batch: 23 rows in [0-9.]+ s, [0-9,]+ certified queries/s \\(" + threads
                            + " threads?, [0-9,]+ per thread\\); wrote ");
            List<String> lines = Files.readAllLines(out);
            assertThat(lines).hasSize(24);
            assertThat(lines.get(0)).isEqualTo(HEADER + ",mean,mean_bound,error_bound");
            for (int k = 0; k < mus.size(); k++) {
                String[] cells = lines.get(k + 1).split(",");
                assertThat(cells).hasSize(7);
                ReducedSolution s = rom.solve(mus.get(k));
                for (int i = 0; i < 4; i++) {
                    assertThat(Double.parseDouble(cells[i]))
                            .isEqualTo(mus.get(k).get(i));
                }
                assertThat(Double.parseDouble(cells[4])).isEqualTo(s.outputs().get("mean"));
                assertThat(Double.parseDouble(cells[5]))
                        .isEqualTo(s.outputBounds().get("mean"));
                assertThat(Double.parseDouble(cells[6])).isEqualTo(s.errorBound());
            }
        }
        assertThat(Files.readString(tmp.resolve("results-1.csv")))
                .isEqualTo(Files.readString(tmp.resolve("results-2.csv")));
    }

    @Test
    void aScalarParameterIsNamedBareAndAHeaderOnlyFileGivesAHeaderOnlyResult() throws IOException {
        Path fin = SmallModel.thermalFin();
        Path in = csv("fin.csv", "Bi,k[0],k[1],k[2],k[3]\n0.1,1,2,3,4\n0.5,0.2,5,1,9\n");
        Path out = tmp.resolve("fin-results.csv");
        Run r = JromCommandTest.run("batch", fin.toString(), "--params", in.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).startsWith("k[0],k[1],k[2],k[3],Bi,");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("1.0,2.0,3.0,4.0,0.1,");

        Path empty = csv("header-only.csv", HEADER + "\n");
        Path emptyOut = tmp.resolve("header-only-results.csv");
        Run e = batch(empty, emptyOut);
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(Files.readAllLines(emptyOut)).containsExactly(HEADER + ",mean,mean_bound,error_bound");
    }

    @Test
    void extrapolationIsRefusedWithTheLineUnlessAllowedAndThenWarnsOnceWithTheCount() throws IOException {
        Path in = csv("wide.csv", HEADER + "\n0.5,0.5,0.5,0.5\n0.05,0.5,0.5,0.5\n0.5,0.5,0.5,0.5\n0.5,2,0.5,0.5\n");
        Path out = tmp.resolve("wide-results.csv");
        Run refused = batch(in, out);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip().lines()).hasSize(1);
        assertThat(refused.err())
                .startsWith("jrom: " + in + ":3: diffusion[0] = 0.05 is outside the parameter space [0.1, 1.0]");
        assertThat(out).doesNotExist();

        Run allowed = batch(in, out, "--allow-extrapolation");
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(allowed.err().lines().filter(l -> l.contains("warning")))
                .containsExactly("jrom: warning: 2 of 4 rows lie outside the parameter space (diffusion[4] in [0.1,"
                        + " 1.0]); outside it the error bounds are only as good as the coercivity lower bound there");
        assertThat(Files.readAllLines(out)).hasSize(5);
    }

    @Test
    void badInputIsOneLineWithTheFileAndLineExitCodeTwoAndNoResultFile() throws IOException {
        String row = "0.5,0.5,0.5,0.5\n";
        Map<String, String[]> cases = new LinkedHashMap<>();
        // name -> {file content, expected message after "jrom: FILE"}
        cases.put("too few values", new String[] {HEADER + "\n" + row + "0.5,0.5,0.5\n", ":3: expected 4 values"});
        cases.put(
                "too many values",
                new String[] {HEADER + "\n" + row + row + "0.5,0.5,0.5,0.5,1\n", ":4: expected 4 values"});
        cases.put(
                "not a number",
                new String[] {HEADER + "\n0.5,0.5,abc,0.5\n", ":2: diffusion[2] = 'abc' is not a number"});
        cases.put(
                "hex", new String[] {HEADER + "\n0.5,0.5,0x1p-1,0.5\n", ":2: diffusion[2] = '0x1p-1' is not a number"});
        cases.put("empty value", new String[] {HEADER + "\n0.5,,0.5,0.5\n", ":2: diffusion[1] is empty"});
        cases.put("NaN", new String[] {
            HEADER + "\n" + row + "0.5,0.5,0.5,NaN\n", ":3: diffusion[3] = NaN, expected a finite number"
        });
        cases.put("Inf", new String[] {
            HEADER + "\n-Infinity,0.5,0.5,0.5\n", ":2: diffusion[0] = -Infinity, expected a finite number"
        });
        cases.put("overflow", new String[] {HEADER + "\n1e999,0.5,0.5,0.5\n", ":2: diffusion[0] = 1e999 overflows"});
        cases.put("out of range", new String[] {
            HEADER + "\n" + row + row + row + "0.5,0.5,1.5,0.5\n",
            ":5: diffusion[2] = 1.5 is outside the parameter space [0.1, 1.0]"
        });
        cases.put("unknown column", new String[] {
            "diffusion[0],diffusion[1],diffusion[2],kappa\n" + row,
            ":1: unknown column 'kappa'; the model's parameter components are diffusion[0]..diffusion[3]"
        });
        cases.put("missing column", new String[] {
            "diffusion[0],diffusion[2]\n0.5,0.5\n",
            ":1: missing columns diffusion[1], diffusion[3]; expected diffusion[0]..diffusion[3]"
        });
        cases.put("duplicate column", new String[] {
            "diffusion[0],diffusion[1],diffusion[2],diffusion[1]\n" + row,
            ":1: column 'diffusion[1]' appears twice (columns 2 and 4)"
        });
        cases.put("bare vector name", new String[] {
            "diffusion\n0.5\n",
            ":1: column 'diffusion' names a parameter of 4 components; name them one by one: diffusion[0]..diffusion[3]"
        });
        cases.put("unnamed column", new String[] {"diffusion[0],,diffusion[1]\n", ":1: column 2 has no name"});
        cases.put("empty file", new String[] {"\n\n", ": the file is empty; expected a header line"});
        // A bad row after the first chunk: earlier chunks were already written to the temporary file.
        cases.put("bad row in a later chunk", new String[] {
            HEADER + "\n" + row.repeat(20) + "0.5,x,0.5,0.5\n", ":22: diffusion[1] = 'x' is not a number"
        });
        int k = 0;
        for (var c : cases.entrySet()) {
            Path dir = Files.createDirectories(tmp.resolve("bad-" + k++));
            Path in = dir.resolve("params.csv");
            Files.writeString(in, c.getValue()[0]);
            Path out = dir.resolve("results.csv");
            Run r = batch(in, out, "--chunk", "8");
            String what = c.getKey() + ": " + r.err();
            assertThat(r.code()).as(what).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(what).hasSize(1);
            assertThat(r.err())
                    .as(what)
                    .startsWith("jrom: " + in + c.getValue()[1])
                    .doesNotContain("\tat ");
            assertThat(r.out()).as(what).isEmpty();
            assertThat(SmallModel.files(dir)).as(what).containsExactly("params.csv");
        }
    }

    @Test
    void aFailedRunKeepsThePreviousResultsAndMissingFilesAreOneLine() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("keep"));
        Path out = dir.resolve("results.csv");
        Files.writeString(out, "previous\n");
        Path in = csv("keep-bad.csv", HEADER + "\n0.5,0.5,0.5\n");
        Run r = batch(in, out);
        assertThat(r.code()).isEqualTo(2);
        assertThat(Files.readString(out)).isEqualTo("previous\n");
        assertThat(SmallModel.files(dir)).containsExactly("results.csv");

        Map<String, Run> cases = Map.of(
                "missing params", batch(tmp.resolve("none.csv"), tmp.resolve("x.csv")),
                "missing output directory", batch(in, tmp.resolve("no-such-dir").resolve("x.csv")),
                "missing model",
                        JromCommandTest.run(
                                "batch",
                                tmp.resolve("none.jrom").toString(),
                                "--params",
                                in.toString(),
                                "--out",
                                tmp.resolve("y.csv").toString()),
                "missing --params", JromCommandTest.run("batch", model.toString(), "--out", "z.csv"),
                "bad --threads", batch(in, tmp.resolve("t.csv"), "--threads", "0"));
        cases.forEach((what, run) -> {
            assertThat(run.code()).as(what).isEqualTo(2);
            assertThat(run.err().strip().lines()).as(what + ": " + run.err()).hasSize(1);
            assertThat(run.err()).as(what).startsWith("jrom: ");
        });
        assertThat(cases.get("missing params").err())
                .startsWith("jrom: cannot read " + tmp.resolve("none.csv") + ": no such file");
        assertThat(cases.get("missing output directory").err()).contains("does not exist");
        assertThat(tmp.resolve("x.csv")).doesNotExist();
        assertThat(tmp.resolve("y.csv")).doesNotExist();
    }
}

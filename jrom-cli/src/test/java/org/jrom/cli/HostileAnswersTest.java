package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrom.cli.JromCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

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
        assertThat(out).as("the directory the failed run made is removed").doesNotExist();
    }

    @Test
    void uqRefusesTwoBillionBinsAndAHundredThousandThreadsBeforeAnyWork() {
        Path out = tmp.resolve("uq");
        String model = SmallModel.thermalBlock().toString();
        assertThat(refused(JromCommandTest.run(
                        "uq", model, "--bins", "2000000000", "--samples", "100", "--out", out.toString())))
                .isEqualTo("jrom: --bins must be from 1 to 10000, found 2000000000 (see 'jrom uq --help')");
        assertThat(refused(JromCommandTest.run(
                        "uq", model, "--threads", "100000", "--samples", "100", "--out", out.toString())))
                .isEqualTo("jrom: --threads must be from 1 to 1024, found 100000 (see 'jrom uq --help')");
        assertThat(out).doesNotExist();
    }

    /** A numeric option of a command: the names that lead to the command, and the option. */
    private record NumericOption(List<String> command, OptionSpec option) {
        /** The command line with the least the parser needs (placeholders for required arguments) and this option. */
        String[] args(String value) {
            List<String> args = new ArrayList<>(command);
            CommandLine.Model.CommandSpec spec = option.command();
            for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
                for (int i = 0; i < p.arity().min(); i++) {
                    args.add("x");
                }
            }
            for (OptionSpec o : spec.options()) {
                if (o.required()) {
                    args.addAll(List.of(o.longestName(), "x"));
                }
            }
            args.addAll(List.of(option.longestName(), value));
            return args.toArray(String[]::new);
        }
    }

    /** Every int, long or double option of every command, subcommands included. */
    private static List<NumericOption> numericOptions() {
        List<NumericOption> found = new ArrayList<>();
        CommandLine root = JromCommand.commandLine(new JromCommand(), JromCommand.SUBCOMMANDS);
        collect(root, new ArrayList<>(), found);
        return found;
    }

    private static void collect(CommandLine cmd, List<String> path, List<NumericOption> found) {
        for (OptionSpec o : cmd.getCommandSpec().options()) {
            Class<?> t = o.type();
            if (t == int.class
                    || t == Integer.class
                    || t == long.class
                    || t == Long.class
                    || t == double.class
                    || t == Double.class) {
                found.add(new NumericOption(List.copyOf(path), o));
            }
        }
        cmd.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                collect(sub, p, found);
            }
        });
    }

    @Test
    void everyNumericOptionHasARangeThatItsHelpStatesAndItsDefaultKeeps() {
        List<NumericOption> options = numericOptions();
        assertThat(options).hasSizeGreaterThan(20);
        for (NumericOption n : options) {
            String what = String.join(" ", n.command()) + " " + n.option().longestName();
            OptionRange range = OptionRange.of(n.option().longestName())
                    .orElseThrow(() -> new AssertionError(what + " has no range in OptionRange"));
            assertThat(String.join(" ", n.option().description())).as(what).contains(range.help());
            if (n.option().defaultValue() != null) {
                assertThat(range.contains(Double.parseDouble(n.option().defaultValue())))
                        .as(what)
                        .isTrue();
            }
        }
    }

    /** Values just outside the range (refused) and just inside (accepted), as the option's type writes them. */
    private static List<List<String>> edges(OptionRange r, Class<?> type) {
        boolean whole = type != double.class && type != Double.class;
        long top = type == long.class || type == Long.class ? Long.MAX_VALUE : Integer.MAX_VALUE;
        List<String> outside = new ArrayList<>();
        List<String> inside = new ArrayList<>();
        if (whole) {
            long lo = r.min();
            long hi = r.max();
            inside.addAll(List.of(Long.toString(lo), Long.toString(hi)));
            if (lo > Long.MIN_VALUE) {
                outside.add(Long.toString(lo - 1));
            }
            if (hi < top) {
                outside.add(Long.toString(hi + 1));
            }
        } else {
            double lo = r.lower();
            double hi = r.upper();
            inside.add(Double.toString(r.lowerIncluded() ? lo : Math.nextUp(lo)));
            inside.add(Double.toString(r.upperIncluded() ? hi : Math.nextDown(hi)));
            outside.add(Double.toString(r.lowerIncluded() ? Math.nextDown(lo) : lo));
            outside.add(Double.toString(r.upperIncluded() ? Math.nextUp(hi) : hi));
            outside.add("NaN");
        }
        return List.of(outside, inside);
    }

    @Test
    void everyNumericOptionRefusesAValueJustOutsideItsRangeAndAcceptsOneJustInside() {
        for (NumericOption n : numericOptions()) {
            OptionRange range = OptionRange.of(n.option().longestName()).orElseThrow();
            List<List<String>> edges = edges(range, n.option().type());
            String command = "jrom " + String.join(" ", n.command());
            for (String v : edges.get(0)) {
                String what = command + " " + n.option().longestName() + " " + v;
                assertThat(refused(JromCommandTest.run(n.args(v))))
                        .as(what)
                        .startsWith("jrom: " + n.option().longestName() + " must be ")
                        .contains(range.help())
                        .endsWith(", found " + v + " (see '" + command + " --help')");
            }
            for (String v : edges.get(1)) {
                // parsed and checked only: the check is all that runs before a command's work
                CommandLine cmd = JromCommand.commandLine(new JromCommand(), JromCommand.SUBCOMMANDS);
                OptionRange.check(cmd.parseArgs(n.args(v)));
            }
        }
    }

    /** Stands for a command that exhausts the heap. */
    @CommandLine.Command(name = "hog")
    static final class Hog implements Runnable {
        @Override
        public void run() {
            JromCommand.activity = "filling the heap";
            throw new OutOfMemoryError("Java heap space");
        }
    }

    /** Stands for a library failing with a message of many lines (Spark's names its call sites). */
    @CommandLine.Command(name = "chatty")
    static final class Chatty implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("Cannot call methods on a stopped SparkContext.\nThis stopped"
                    + " SparkContext was created at:\n\norg.apache.spark.api.java.JavaSparkContext.<init>");
        }
    }

    @Test
    void aLibrarysMessageOfManyLinesIsItsFirstLine() {
        JromCommand root = new JromCommand();
        StringWriter err = new StringWriter();
        int code = JromCommand.run(
                root,
                JromCommand.commandLine(root, List.of(Chatty.class)),
                new String[] {"chatty"},
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).as(err.toString()).hasSize(1);
        assertThat(err.toString().strip())
                .isEqualTo("jrom: IllegalStateException: Cannot call methods on a stopped SparkContext. (run with"
                        + " --debug for details)");
    }

    @Test
    void runningOutOfMemoryIsOneLineNamingTheCommandAndTheWayOut() {
        JromCommand root = new JromCommand();
        StringWriter err = new StringWriter();
        int code = JromCommand.run(
                root,
                JromCommand.commandLine(root, List.of(Hog.class)),
                new String[] {"hog"},
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(refused(new Run(code, "", err.toString())))
                .isEqualTo("jrom: out of memory while running jrom hog (filling the heap); give the JVM more with"
                        + " JROM_JAVA_OPTS=-Xmx8g (run with --debug for details)");
    }
}

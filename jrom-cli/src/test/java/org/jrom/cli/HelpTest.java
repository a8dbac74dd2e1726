package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help of every command at 80 columns, as a new user reads it: one-sentence summaries in the
 * command list, no line wider than the terminal, and examples that are whole commands picocli
 * accepts, so that a copied example runs.
 */
class HelpTest {
    private static final int WIDTH = 80;

    /** The help of the root ("jrom") and of every command below it, by qualified name. */
    static Map<String, String> helpAt80Columns() {
        CommandLine root = JromCommand.commandLine(new JromCommand(), JromCommand.SUBCOMMANDS);
        // a fixed width, whatever terminal runs the tests
        root.setUsageHelpAutoWidth(false);
        root.setUsageHelpWidth(WIDTH);
        Map<String, String> help = new TreeMap<>();
        collect(root, help);
        return help;
    }

    private static void collect(CommandLine cmd, Map<String, String> help) {
        help.put(cmd.getCommandSpec().qualifiedName(), cmd.getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (CommandLine sub : cmd.getSubcommands().values()) {
            collect(sub, help);
        }
    }

    @Test
    void everyCommandHasHelp() {
        assertThat(helpAt80Columns())
                .containsKeys(
                        "jrom",
                        "jrom demo",
                        "jrom build",
                        "jrom query",
                        "jrom batch",
                        "jrom uq",
                        "jrom info",
                        "jrom study",
                        "jrom study estimators",
                        "jrom study mechanics",
                        "jrom study blade-rom",
                        "jrom study nonintrusive-eim",
                        "jrom study eim-variants",
                        "jrom run",
                        "jrom completion",
                        "jrom help");
    }

    @Test
    void theCommandListShowsOneSentenceOnOneLinePerCommand() {
        List<String> list = section(helpAt80Columns().get("jrom"), "Commands:");
        assertThat(list).hasSize(JromCommand.SUBCOMMANDS.size());
        for (String line : list) {
            // a wrapped summary continues on a line indented past the names
            assertThat(line).as("a command, not a continuation").matches("  [a-z]+ +\\S.*");
            String summary = line.strip().split(" {2,}", 2)[1];
            assertThat(summary).as(line).endsWith(".");
            assertThat(summary.substring(0, summary.length() - 1)).as(line).doesNotContain(". ", ": ");
        }
    }

    @Test
    void noHelpLineIsWiderThanTheTerminal() {
        helpAt80Columns().forEach((command, help) -> {
            for (String line : help.split("\\R")) {
                assertThat(line.length()).as(command + ": " + line).isLessThanOrEqualTo(WIDTH);
            }
        });
    }

    @Test
    void descriptionsBreakAtSpacesOnly() {
        // picocli's own wrapping split "report.md" after the dot at this width
        String build = helpAt80Columns().get("jrom build");
        assertThat(build).contains("report.md").doesNotContainPattern("\\.\\R[a-z]");
    }

    @Test
    void everyExampleIsACommandThatParses() {
        helpAt80Columns().forEach((command, help) -> {
            List<String> footer = section(help, "Examples:");
            footer.addAll(section(help, "Example:"));
            for (String line : footer) {
                // two columns spare: the examples are printed as written, never wrapped
                assertThat(line.length()).as(command + ": " + line).isLessThanOrEqualTo(WIDTH - 2);
            }
            List<String> examples = examples(footer);
            if (!List.of("jrom study", "jrom help").contains(command)) {
                assertThat(examples).as(command).isNotEmpty();
            }
            for (String example : examples) {
                List<List<String>> calls = invocations(example);
                assertThat(calls).as("no jrom command in: " + example).isNotEmpty();
                List<String> names = new ArrayList<>();
                for (List<String> args : calls) {
                    assertThatCode(() -> names.add(parse(args))).as(example).doesNotThrowAnyException();
                }
                if (!command.equals("jrom")) {
                    assertThat(names).as(example).contains(command);
                }
            }
        });
    }

    @Test
    void aBrokenExampleFailsToParse() {
        // the checks above can fail: a number wrapped into a word of its own, an unknown option
        assertThatCode(() -> parse(List.of("query", "m.jrom", "--mu", "diffusion=0.", "1,0.5")))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatCode(() -> parse(List.of("batch", "m.jrom", "--params", "p.csv", "--outt", "r.csv")))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThat(examples(List.of("  jrom query m.jrom \\", "      --mu a=1", "  jrom info")))
                .containsExactly("  jrom query m.jrom --mu a=1", "  jrom info");
    }

    /** The lines after {@code heading} up to the next blank line or the end. */
    private static List<String> section(String help, String heading) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String line : help.split("\\R")) {
            if (in && line.isBlank()) {
                break;
            }
            if (in) {
                lines.add(line);
            }
            in |= line.equals(heading);
        }
        return lines;
    }

    /** The footer's examples, a line ending in ' \' joined with the next one. */
    private static List<String> examples(List<String> footer) {
        List<String> examples = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : footer) {
            current.append(current.length() == 0 ? line : " " + line.strip());
            if (line.endsWith(" \\")) {
                current.setLength(current.length() - 2);
            } else {
                examples.add(current.toString());
                current.setLength(0);
            }
        }
        assertThat(current).as("a continuation without a next line").isEmpty();
        return examples;
    }

    /**
     * The arguments of each {@code jrom} call of a shell line: words up to a shell operator ({@code
     * &&}, {@code >}, {@code <(}, {@code )}, {@code #} ...), quotes removed.
     */
    private static List<List<String>> invocations(String example) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= example.length(); i++) {
            char c = i < example.length() ? example.charAt(i) : ' ';
            if (c == '\'') {
                int end = example.indexOf('\'', i + 1);
                assertThat(end).as("unbalanced quote in " + example).isPositive();
                word.append(example, i + 1, end);
                i = end;
            } else if (Character.isWhitespace(c) || "&|;<>()#".indexOf(c) >= 0) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                if (!Character.isWhitespace(c)) {
                    commands.add(words);
                    words = new ArrayList<>();
                }
                if (c == '#') {
                    break;
                }
            } else {
                word.append(c);
            }
        }
        commands.add(words);
        List<List<String>> jrom = new ArrayList<>();
        for (List<String> command : commands) {
            if (!command.isEmpty()
                    && (command.get(0).equals("jrom") || command.get(0).equals("./jrom"))) {
                jrom.add(command.subList(1, command.size()));
            }
        }
        return jrom;
    }

    /** Parses the arguments as jrom does (no file is opened) and returns the command they select. */
    private static String parse(List<String> args) {
        CommandLine root = JromCommand.commandLine(new JromCommand(), JromCommand.SUBCOMMANDS);
        CommandLine.ParseResult result = root.parseArgs(args.toArray(String[]::new));
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return result.commandSpec().qualifiedName();
    }
}

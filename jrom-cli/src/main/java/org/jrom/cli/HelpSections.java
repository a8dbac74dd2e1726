package org.jrom.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How jrom's help lays out a command's description and examples. Picocli wraps both with a line
 * break iterator, which also breaks after a '.' or a ',' inside a word: {@code report.md} became
 * {@code report.} and {@code md}, and an example's {@code diffusion=0.1,0.5} two broken halves.
 */
final class HelpSections {
    private HelpSections() {}

    /** Help as wide as the terminal, descriptions wrapped at spaces only, examples as written. */
    static void install(CommandLine cmd) {
        // both setters reach every subcommand added so far: call this after adding them
        cmd.setUsageHelpAutoWidth(true);
        Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(cmd.getHelpSectionMap());
        sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, HelpSections::description);
        sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, HelpSections::examples);
        cmd.setHelpSectionMap(sections);
    }

    /** Each description paragraph (an array element) wrapped at spaces to the help's width. */
    private static String description(CommandLine.Help help) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        // one line shorter than the terminal: a full line makes some terminals add an empty one
        int width = usage.width() - 1;
        StringBuilder sb = new StringBuilder();
        for (String paragraph : usage.description()) {
            for (String line : String.format(Locale.ROOT, paragraph).split("\\R", -1)) {
                sb.append(wrap(line, width));
            }
        }
        return sb.toString();
    }

    /**
     * The examples, one per footer line and never wrapped: each fits 78 columns, a longer one goes
     * on over the next lines after a shell continuation ' \'.
     */
    private static String examples(CommandLine.Help help) {
        StringBuilder sb = new StringBuilder();
        for (String line : help.commandSpec().usageMessage().footer()) {
            sb.append(String.format(Locale.ROOT, line)).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** {@code text} in lines of at most {@code width} columns, broken at spaces (a longer word stays whole). */
    static String wrap(String text, int width) {
        StringBuilder sb = new StringBuilder();
        int column = 0;
        for (String word : text.split(" +")) {
            if (column > 0 && column + 1 + word.length() > width) {
                sb.append(System.lineSeparator());
                column = 0;
            } else if (column > 0) {
                sb.append(' ');
                column++;
            }
            sb.append(word);
            column += word.length();
        }
        return sb.append(System.lineSeparator()).toString();
    }
}

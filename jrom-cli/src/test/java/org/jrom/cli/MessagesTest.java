package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jrom.JromException;
import org.jrom.cli.JromCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error messages and warnings that name what to do: the option, the value, the help to read. */
class MessagesTest {
    @TempDir
    static Path tmp;

    @Test
    void debugIsSuggestedOnlyWhenItWouldShowMore() throws IOException {
        // a jrom error without a cause: the message is all there is
        Run plain = JromCommandTest.run("study", "estimators", "--blocks", "3");
        assertThat(plain.code()).isEqualTo(2);
        assertThat(plain.err()).doesNotContain("--debug");
        // a cause behind the message: --debug prints it
        Path notAZip = Files.writeString(tmp.resolve("not-a-model.jrom"), "plain text");
        Run caused = JromCommandTest.run("info", notAZip.toString());
        assertThat(caused.code()).isEqualTo(2);
        assertThat(caused.err()).endsWith(" (run with --debug for details)" + System.lineSeparator());
        Run debug = JromCommandTest.run("info", notAZip.toString(), "--debug");
        assertThat(debug.err()).contains("\tat ").doesNotContain("run with --debug");

        assertThat(JromCommand.hasDetails(new JromException("bad input"))).isFalse();
        assertThat(JromCommand.hasDetails(new JromException("bad input", new IOException("disk"))))
                .isTrue();
        assertThat(JromCommand.hasDetails(new IllegalStateException("a bug"))).isTrue();
    }

    @Test
    void aCommandLineErrorPointsToTheHelpOfItsCommand() {
        assertThat(JromCommandTest.run("query", "model.jrom").err())
                .isEqualTo("jrom: Missing required option: '--mu=NAME=VALUES' (see 'jrom query --help')"
                        + System.lineSeparator());
        assertThat(JromCommandTest.run("study", "estimators", "--frobnicate").err())
                .endsWith(" (see 'jrom study estimators --help')" + System.lineSeparator());
        assertThat(JromCommandTest.run("frobnicate").err()).endsWith(" (see 'jrom --help')" + System.lineSeparator());
    }

    private static String out(String name) {
        return tmp.resolve(name).toString();
    }
}

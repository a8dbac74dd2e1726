package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jrom.JromException;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.io.Npy;
import org.jrom.linalg.DenseMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error messages and warnings that name what to do: the option, the value, the help to read. */
class MessagesTest {
    @TempDir
    static Path tmp;

    @Test
    void snapshotsOfTheTransposedShapeSuggestTheOtherLayout() throws IOException {
        Path params = Files.writeString(tmp.resolve("p.csv"), "a\n1\n2\n3\n");
        // numpy.stack of 3 snapshots of 5 values: shape (3, 5), read as columns by default
        Path stacked = tmp.resolve("stacked.npy");
        Npy.write(stacked, Npy.Array.of(DenseMatrix.zeros(3, 5)));
        Run r = JromCommandTest.run(
                "build", "--snapshots", stacked.toString(), "--params", params.toString(), "--out", out("stacked"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("jrom: " + params + ": 3 parameter rows, but " + stacked + " holds 5 snapshots; expected"
                        + " one row per snapshot, in the same order; " + stacked + " has 3 rows, as many as the"
                        + " parameter rows: give --layout rows if each row is a snapshot" + System.lineSeparator());

        // and the reverse: shape (5, 3) given as rows
        Path columns = tmp.resolve("columns.npy");
        Npy.write(columns, Npy.Array.of(DenseMatrix.zeros(5, 3)));
        Run rows = JromCommandTest.run(
                "build",
                "--snapshots",
                columns.toString(),
                "--params",
                params.toString(),
                "--layout",
                "rows",
                "--out",
                out("columns"));
        assertThat(rows.code()).isEqualTo(2);
        assertThat(rows.err())
                .contains(columns + " has 3 columns, as many as the parameter rows")
                .endsWith(": give --layout columns if each column is a snapshot" + System.lineSeparator());

        // counts that no layout explains: no suggestion
        Path other = tmp.resolve("other.npy");
        Npy.write(other, Npy.Array.of(DenseMatrix.zeros(4, 5)));
        Run none = JromCommandTest.run(
                "build", "--snapshots", other.toString(), "--params", params.toString(), "--out", out("other"));
        assertThat(none.err()).contains("holds 5 snapshots").doesNotContain("--layout");
    }

    @Test
    void queryOutsideTheSpaceNamesTheOptionAsBatchDoes() throws IOException {
        String model = SmallModel.thermalBlock().toString();
        Run query = JromCommandTest.run("query", model, "--mu", "diffusion=0.05,0.5,0.5,0.5");
        assertThat(query.code()).isEqualTo(2);
        assertThat(query.err())
                .isEqualTo("jrom: --mu: diffusion[0] = 0.05 is outside the parameter space [0.1, 1.0]"
                        + " (--allow-extrapolation answers it with a warning)" + System.lineSeparator());

        Path params = Files.writeString(
                tmp.resolve("wide.csv"), "diffusion[0],diffusion[1],diffusion[2],diffusion[3]\n0.05,0.5,0.5,0.5\n");
        Run batch =
                JromCommandTest.run("batch", model, "--params", params.toString(), "--out", out("wide-results.csv"));
        assertThat(batch.code()).isEqualTo(2);
        assertThat(batch.err())
                .isEqualTo("jrom: " + params + ":2: diffusion[0] = 0.05 is outside the parameter space [0.1, 1.0]"
                        + " (--allow-extrapolation answers it with a warning)" + System.lineSeparator());
    }

    @Test
    void aCommaBetweenTwoComponentsSuggestsTheSemicolon() {
        String model = SmallModel.thermalFin().toString();
        Run r = JromCommandTest.run("query", model, "--mu", "k=1,2,3,4,Bi=0.1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("jrom: --mu: parameter 'k': 'Bi=0.1' is not a number; components are separated by ';',"
                        + " not ',': did you mean --mu 'k=1,2,3,4;Bi=0.1'?" + System.lineSeparator());
        // the suggestion is the query that was meant
        assertThat(JromCommandTest.run("query", model, "--mu", "k=1,2,3,4;Bi=0.1")
                        .code())
                .isZero();
        // a wrong count is not a separator slip
        Run count = JromCommandTest.run("query", model, "--mu", "k=1,2,3", "--mu", "Bi=0.1");
        assertThat(count.err()).isEqualTo("jrom: --mu: parameter 'k' needs 4 values, found 3" + System.lineSeparator());
    }

    @Test
    void debugIsSuggestedOnlyWhenItWouldShowMore() throws IOException {
        // a jrom error without a cause: the message is all there is
        Run plain = JromCommandTest.run("study", "estimators", "--blocks", "3");
        assertThat(plain.code()).isEqualTo(2);
        assertThat(plain.err()).doesNotContain("--debug");
        // a cause behind the message (the JSON parser's error): --debug prints it
        Path malformed = tmp.resolve("malformed-manifest.jrom");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(malformed))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("manifest.json"));
            zip.write('{');
            zip.closeEntry();
        }
        Run caused = JromCommandTest.run("info", malformed.toString());
        assertThat(caused.code()).isEqualTo(2);
        assertThat(caused.err()).endsWith(" (run with --debug for details)" + System.lineSeparator());
        Run debug = JromCommandTest.run("info", malformed.toString(), "--debug");
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

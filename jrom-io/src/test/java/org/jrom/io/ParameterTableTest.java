package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jrom.linalg.DenseMatrix;
import org.jrom.parameters.ParameterType;
import org.jrom.testing.HostileInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameter tables: components named as ParameterType names them, in any column order; every bad table refused. */
class ParameterTableTest {
    @TempDir
    Path dir;

    private Path table(String text) throws Exception {
        Path p = dir.resolve("params.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void writtenTablesReadBackBitForBit() {
        ParameterType type = ParameterType.of("mu", 2, "k", 1);
        java.util.List<org.jrom.parameters.Parameter> rows = java.util.List.of(
                org.jrom.parameters.Parameter.of(type, 0.1, 1.0 / 3.0, -2.5e-300),
                org.jrom.parameters.Parameter.of(type, Math.PI, Double.MIN_VALUE, 7));
        Path p = dir.resolve("written.csv");
        ParameterTable.write(p, rows);
        ParameterTable t = ParameterTable.read(p, type);
        assertThat(t.columns()).containsExactly("mu[0]", "mu[1]", "k");
        assertThat(t.parameters()).isEqualTo(rows);
    }

    @Test
    void componentsAreNamedAsTheParameterTypeNamesThemInAnyColumnOrder() throws Exception {
        Path p = table("mu[1], k ,mu[0]\n0.5,2,0.25\n\n1e-3, 4, -0.0\n");
        ParameterTable t = ParameterTable.read(p);
        assertThat(t.type()).isEqualTo(ParameterType.of("mu", 2, "k", 1));
        assertThat(t.columns()).containsExactly("mu[1]", "k", "mu[0]");
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.parameter(0).get("mu")).containsExactly(0.25, 0.5);
        assertThat(t.parameter(0).get("k")).containsExactly(2);
        assertThat(t.parameter(1).toArray()).containsExactly(-0.0, 1e-3, 4);
        // against a declared type, whose order the values follow
        ParameterTable typed = ParameterTable.read(p, ParameterType.of("k", 1, "mu", 2));
        assertThat(typed.parameter(0).toArray()).containsExactly(2, 0.25, 0.5);
        assertThat(ParameterTable.read(table("mu[0]\n1\n2\n")).type()).isEqualTo(ParameterType.of("mu", 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "empty file      | \"\"                         | params.csv: empty parameter table: expected a header line naming the parameters",
                "header only     | mu[0],mu[1]\\n            | params.csv: the parameter table has a header but no rows: expected one row per snapshot",
                "duplicate name  | a,b,a\\n1,2,3\\n           | params.csv:1: column 3 'a' repeats column 1",
                "bad name        | a,mu 0\\n1,2\\n            | params.csv:1: column 2 'mu 0' is not a parameter component: expected name or name[index], e.g. mu[0]",
                "empty name      | a,\\n1,2\\n                | params.csv:1: column 2 '' is not a parameter component",
                "gap             | mu[0],mu[2]\\n1,2\\n       | params.csv:1: 'mu' has components up to mu[2] but no mu[1]",
                "whole and part  | mu,mu[1]\\n1,2\\n          | params.csv:1: 'mu' is named both whole and by component (columns 1 and 2)",
                "short row       | a,b\\n1,2\\n3\\n            | params.csv:3: expected 2 values (a, b), found 1",
                "long row        | a,b\\n1,2,3\\n             | params.csv:2: expected 2 values (a, b), found 3",
                "not a number    | a,b\\n1,x2\\n              | params.csv:2: column 2: 'x2' is not a number",
                "empty value     | a,b\\n1,\\n                | params.csv:2: column 2 is empty, expected a number",
                "NaN             | a,b\\nNaN,1\\n             | params.csv:2: column 1: NaN, expected a finite number",
                "infinite        | a,b\\n1,-Infinity\\n       | params.csv:2: column 2: -Infinity, expected a finite number",
                "overflow        | a\\n1e999\\n               | params.csv:2: column 1: 1e999 overflows, expected a finite number",
                "duplicate row   | a,b\\n1,2\\n3,4\\n1.0,2e0\\n | params.csv:4: the parameter a=1.0;b=2.0 repeats line 2; identical parameters make the interpolation of snapshots singular",
                "signed zero row | a\\n0\\n-0\\n               | params.csv:3: the parameter a=-0.0 repeats line 2",
            })
    void badTablesAreRefusedNamingTheLine(String fault, String text, String message) throws Exception {
        Path p = table(text.replace("\\n", "\n"));
        assertThatThrownBy(() -> ParameterTable.read(p))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(message.replace("params.csv", p.toString()));
    }

    @Test
    void aDeclaredTypeMustBeNamedExactly() throws Exception {
        Path p = table("mu[0],k\n1,2\n");
        assertThatThrownBy(() -> ParameterTable.read(p, ParameterType.of("mu", 2, "k", 1)))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(p
                        + ":1: the header names the components [mu, k]; the parameter type expects [mu[0], mu[1], k]");
    }

    @Test
    void snapshotCountMustMatchTheRowsNamingBothFiles() throws Exception {
        Path p = table("mu\n1\n2\n3\n");
        ParameterTable t = ParameterTable.read(p);
        Path snaps = dir.resolve("u.npy");
        Npy.write(snaps, Npy.Array.of(DenseMatrix.zeros(4, 2)));
        try (SnapshotSource s = SnapshotSource.npy(snaps, SnapshotSource.Layout.COLUMNS)) {
            assertThatThrownBy(() -> t.requireRowPerSnapshot(s))
                    .isInstanceOf(FileFormatException.class)
                    .hasMessage(p + ": 3 parameter rows, but " + snaps
                            + " holds 2 snapshots; expected one row per snapshot, in the same order");
        }
        try (SnapshotSource s = SnapshotSource.npy(snaps, SnapshotSource.Layout.ROWS)) {
            assertThatThrownBy(() -> t.requireRowPerSnapshot(s)).hasMessageContaining("holds 4 snapshots");
        }
        Npy.write(snaps, Npy.Array.of(DenseMatrix.zeros(5, 3)));
        try (SnapshotSource s = SnapshotSource.npy(snaps, SnapshotSource.Layout.COLUMNS)) {
            t.requireRowPerSnapshot(s);
        }
    }

    @Test
    void aTransposedMatrixOfSnapshotsNamesTheLayoutThatFits() throws Exception {
        ParameterTable t = ParameterTable.read(table("mu\n1\n2\n3\n"));
        Path snaps = dir.resolve("stacked.npy");
        Npy.write(snaps, Npy.Array.of(DenseMatrix.zeros(3, 5))); // numpy.stack of 3 snapshots
        try (SnapshotSource s = SnapshotSource.npy(snaps, SnapshotSource.Layout.COLUMNS)) {
            assertThatThrownBy(() -> t.requireRowPerSnapshot(s))
                    .isInstanceOfSatisfying(SnapshotCountException.class, e -> assertThat(e.matchingLayout())
                            .contains(SnapshotSource.Layout.ROWS))
                    .hasMessageEndingWith("holds 5 snapshots; expected one row per snapshot, in the same order; "
                            + snaps + " has 3 rows, as many as the parameter rows");
        }
        try (SnapshotSource s = SnapshotSource.npy(snaps, SnapshotSource.Layout.ROWS)) {
            t.requireRowPerSnapshot(s);
        }
        // a directory of snapshot files has no other layout
        Path each = Files.createDirectories(dir.resolve("each"));
        for (int j = 0; j < 2; j++) {
            Npy.write(each.resolve("u" + j + ".npy"), Npy.Array.vector(new double[3]));
        }
        try (SnapshotSource s = SnapshotSource.directory(each, "*.npy")) {
            assertThatThrownBy(() -> t.requireRowPerSnapshot(s))
                    .isInstanceOfSatisfying(SnapshotCountException.class, e -> assertThat(e.matchingLayout())
                            .isEmpty());
        }
    }

    @Test
    void aControlCharacterInACellIsRefusedNotDropped() throws Exception {
        Path p = table("a,b\n1,0.5\u0000\n");
        assertThatThrownBy(() -> ParameterTable.read(p))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(p + ":2:2: column 2 holds the control character \\x00 at character 4, expected text");
    }

    @Test
    void binaryJunkGivesOneShortPrintableLine() throws Exception {
        byte[] junk = new byte[200_000];
        new java.util.Random(1).nextBytes(junk);
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (junk[i] == '\n' || junk[i] == '\r' || junk[i] == ',' ? 'x' : junk[i] & 0x7f | 0x20);
        }
        junk[100] = 1; // one control byte
        Path p = Files.write(dir.resolve("junk.csv"), withRows(junk));
        assertThatThrownBy(() -> ParameterTable.read(p))
                .isInstanceOf(FileFormatException.class)
                .satisfies(e -> HostileInput.assertCleanMessage(e, p + ":1"));
        junk[100] = 'x';
        Path q = Files.write(dir.resolve("junk2.csv"), withRows(junk));
        assertThatThrownBy(() -> ParameterTable.read(q))
                .isInstanceOf(FileFormatException.class)
                .satisfies(e -> HostileInput.assertCleanMessage(e, q + ":1"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAsNotText() throws Exception {
        byte[] junk = new byte[200_000];
        new java.util.Random(2).nextBytes(junk); // invalid UTF-8 within the first few bytes
        Path p = Files.write(dir.resolve("binary.csv"), junk);
        assertThatThrownBy(() -> ParameterTable.read(p))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("not UTF-8 text")
                .satisfies(e -> HostileInput.assertCleanMessage(e, p + ":"));
    }

    /** The header {@code junk}, then a row, so that the header's columns are checked. */
    private static byte[] withRows(byte[] junk) {
        byte[] out = java.util.Arrays.copyOf(junk, junk.length + 3);
        out[junk.length] = '\n';
        out[junk.length + 1] = '1';
        out[junk.length + 2] = '\n';
        return out;
    }

    @Test
    void numbersFollowTheGrammarOfTheCommandLine() throws Exception {
        Path p = table("a\n0x1p-2\n");
        assertThatThrownBy(() -> ParameterTable.read(p)).hasMessage(p + ":2: column 1: '0x1p-2' is not a number");
        assertThatThrownBy(() -> ParameterTable.read(table("a\n1d\n"))).hasMessageEndingWith("'1d' is not a number");
    }
}

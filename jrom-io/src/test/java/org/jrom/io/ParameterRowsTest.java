package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one parameter-table reader: what {@code jrom batch} streams, {@link ParameterTable} reads alike. */
class ParameterRowsTest {
    static final ParameterType TYPE = ParameterType.of("mu", 2, "k", 1);

    @TempDir
    Path dir;

    @Test
    void batchAndTablesReadOneFileAlikeCommentsAndByteOrderMarkIncluded() throws Exception {
        Path p = Files.writeString(
                dir.resolve("p.csv"),
                "\uFEFF# two parameters\r\nk, mu[1],mu[0]\r\n\r\n2,0.5,0.25\r\n# done\r\n4,1e-3,-0\r\n");
        ParameterTable table = ParameterTable.read(p, TYPE);
        try (ParameterRows rows = ParameterRows.open(p, TYPE)) {
            assertThat(rows.columns()).containsExactly("k", "mu[1]", "mu[0]");
            assertThat(rows.headerLine()).isEqualTo(2);
            ParameterRows.Row first = rows.next();
            assertThat(first.line()).isEqualTo(4);
            assertThat(Parameter.of(TYPE, rows.values(first))).isEqualTo(table.parameter(0));
            ParameterRows.Row second = rows.next();
            assertThat(second.line()).isEqualTo(6);
            assertThat(Parameter.of(TYPE, rows.values(second))).isEqualTo(table.parameter(1));
            assertThat(rows.next()).isNull();
            assertThat(rows.bytesRead()).isEqualTo(Files.size(p));
        }
    }

    @Test
    void aRowIsParsedOnlyWhenAskedAndItsErrorsNameItsLine() throws Exception {
        Path p = Files.writeString(dir.resolve("p.csv"), "mu[0],mu[1],k\n1,2,3\n1,x,3\n1,2\n");
        try (ParameterRows rows = ParameterRows.open(p, TYPE)) {
            ParameterRows.Row ok = rows.next();
            ParameterRows.Row bad = rows.next();
            ParameterRows.Row shortRow = rows.next();
            assertThat(rows.values(ok)).containsExactly(1, 2, 3);
            assertThatThrownBy(() -> rows.values(bad)).hasMessage(p + ":3: mu[1] = 'x' is not a number");
            assertThatThrownBy(() -> rows.values(shortRow))
                    .hasMessage(p + ":4: expected 3 values (mu[0]..mu[1], k), found 2");
        }
    }

    @Test
    void aMissingFileIsOneLine() {
        Path p = dir.resolve("none.csv");
        assertThatThrownBy(() -> ParameterRows.open(p, TYPE))
                .isInstanceOf(FileAccessException.class)
                .hasMessage("cannot read " + p + ": no such file");
    }
}

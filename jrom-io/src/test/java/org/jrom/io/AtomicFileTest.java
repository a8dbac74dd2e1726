package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers replace a file whole or not at all, and leave no temporary file behind. */
class AtomicFileTest {
    @TempDir
    Path dir;

    List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("model.jrom");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFile.write(target, out -> {
                    out.write(new byte[100_000]); // half-written...
                    throw new IOException("disk full");
                }))
                .isInstanceOf(FileAccessException.class)
                .hasMessage("cannot write " + target + ": IOException (disk full)");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(listing()).containsExactly("model.jrom");

        assertThatThrownBy(() -> AtomicFile.write(target, out -> {
                    throw new IllegalStateException("a bug in the writer");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(listing()).containsExactly("model.jrom");
    }

    @Test
    void aSuccessfulWriteReplacesTheFile() throws IOException {
        Path target = dir.resolve("a.npy");
        Files.writeString(target, "old");
        AtomicFile.write(target, out -> out.write("new".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(listing()).containsExactly("a.npy");
    }

    @Test
    void aMissingDirectoryIsAnAccessError() {
        Path target = dir.resolve("no/such/dir/model.jrom");
        assertThatThrownBy(() -> AtomicFile.write(target, out -> out.write(1)))
                .isInstanceOf(FileAccessException.class)
                .hasMessageStartingWith("cannot write " + target + ": NoSuchFileException");
    }
}

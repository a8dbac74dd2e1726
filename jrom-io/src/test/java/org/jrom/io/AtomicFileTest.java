package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jrom.JromException;
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

    @Test
    void aFifoIsRefusedNotReplacedNorWrittenThrough() throws Exception {
        Path fifo = dir.resolve("out.csv");
        mkfifo(fifo);
        assertThatThrownBy(() -> AtomicFile.writeString(fifo, "answers"))
                .isInstanceOf(JromException.class)
                .hasMessage("cannot write " + fifo + ": it is a FIFO, not a regular file, and only regular files are"
                        + " written");
        assertThat(mode(fifo) & 0170000).as("still a FIFO").isEqualTo(0010000);
        assertThat(listing()).containsExactly("out.csv");
    }

    @Test
    void aDirectoryIsRefused() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("results"));
        assertThatThrownBy(() -> AtomicFile.writeString(sub, "x"))
                .isInstanceOf(JromException.class)
                .hasMessageContaining("it is a directory");
        assertThat(sub).isEmptyDirectory();
    }

    @Test
    void aSymbolicLinkIsWrittenThroughAndStaysALink() throws IOException {
        Path real = dir.resolve("real.csv");
        Files.writeString(real, "old");
        Path links = Files.createDirectory(dir.resolve("links"));
        Path link = Files.createSymbolicLink(links.resolve("out.csv"), Path.of("../real.csv"));
        Path chain = Files.createSymbolicLink(dir.resolve("chain.csv"), link);
        AtomicFile.writeString(chain, "new");
        assertThat(Files.readString(real)).isEqualTo("new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.isSymbolicLink(chain)).isTrue();
        assertThat(listing()).containsExactly("chain.csv", "links", "real.csv");

        // a dangling link gets its target created, as a shell's > would
        Path dangling = Files.createSymbolicLink(dir.resolve("later.csv"), Path.of("created.csv"));
        AtomicFile.writeString(dangling, "made");
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readString(dir.resolve("created.csv"))).isEqualTo("made");
    }

    @Test
    void aProtectedInputIsRefusedAlsoThroughALink() throws IOException {
        Path input = dir.resolve("params.csv");
        Files.writeString(input, "mu\n1\n");
        Path link = Files.createSymbolicLink(dir.resolve("alias.csv"), input);
        AtomicFile.protect(List.of(input), () -> {
            assertThatThrownBy(() -> AtomicFile.writeString(input, "x"))
                    .isInstanceOf(JromException.class)
                    .hasMessage("cannot write " + input + ": it is an input of this command; give another file");
            assertThatThrownBy(() -> AtomicFile.writeString(link, "x"))
                    .isInstanceOf(JromException.class)
                    .hasMessage("cannot write " + link + ": it is the same file as the input " + input
                            + " of this command; give another file");
            AtomicFile.writeString(dir.resolve("results.csv"), "fine");
        });
        assertThat(Files.readString(input)).isEqualTo("mu\n1\n");
        AtomicFile.writeString(link, "after"); // the protection ends with its scope
        assertThat(Files.readString(input)).isEqualTo("after");
    }

    @Test
    void staleTemporariesOfOurPatternAreSweptAndNothingElse() throws IOException {
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Path stale = Files.writeString(dir.resolve(".model.jrom.0123456789abcdef.tmp"), "left by a killed run");
        Files.setLastModifiedTime(stale, old);
        Path fresh = Files.writeString(dir.resolve(".model.jrom.fedcba9876543210.tmp"), "another run's, now");
        Path foreign = Files.writeString(dir.resolve(".notes.tmp"), "not ours");
        Files.setLastModifiedTime(foreign, old);
        Path outside = Files.createDirectory(dir.resolve("elsewhere")).resolve("keep.txt");
        Files.writeString(outside, "keep");
        Files.setLastModifiedTime(outside, old);
        Path link = Files.createSymbolicLink(dir.resolve(".x.00000000000000aa.tmp"), outside);

        AtomicFile.writeString(dir.resolve("model.jrom"), "new");

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(foreign).exists();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(outside)).isEqualTo("keep");
    }

    /** SIGTERM while writing: the shutdown hook removes the temporary, the target is never created. */
    @Test
    void aTerminatedWriterLeavesNoTemporary() throws Exception {
        Path target = dir.resolve("big.npy");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SlowWriter.class.getName(),
                        target.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("writing");
            assertThat(listing()).singleElement().asString().matches("\\.big\\.npy\\.[0-9a-f]{16}\\.tmp");
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isEqualTo(143);
        assertThat(listing()).isEmpty();
    }

    /** Writes a megabyte into a temporary, says so, and waits to be killed. */
    static final class SlowWriter {
        public static void main(String[] args) {
            AtomicFile.write(Path.of(args[0]), out -> {
                out.write(new byte[1 << 20]);
                out.flush();
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("not killed within a minute");
            });
        }
    }

    static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as("mkfifo")
                .isTrue();
    }

    static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }
}

package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jrom.JromException;
import org.jrom.cli.JromCommandTest.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs never replace what is not a regular file nor what the command reads, are written through
 * symbolic links, and failed or killed runs leave neither temporaries nor directories they made.
 */
class OutputSafetyTest {
    private static final String HEADER = "diffusion[0],diffusion[1],diffusion[2],diffusion[3]";

    @TempDir
    Path tmp;

    Path model;
    Path params;

    @BeforeEach
    void inputs() throws IOException {
        model = Files.copy(SmallModel.thermalBlock(), tmp.resolve("model.jrom"));
        params = Files.writeString(tmp.resolve("params.csv"), HEADER + "\n0.5,0.5,0.5,0.5\n0.2,0.3,0.4,0.9\n");
    }

    @Test
    void batchRefusesAFifoAndADirectoryAsOut() throws Exception {
        Path fifo = tmp.resolve("out.csv");
        ChildProcess.mkfifo(fifo);
        Map<String, String> before = listing(tmp);
        refused(
                JromCommandTest.run("batch", model.toString(), "--params", params.toString(), "--out", fifo.toString()),
                "jrom: cannot write " + fifo + ": it is a FIFO, not a regular file");
        refused(
                JromCommandTest.run("batch", model.toString(), "--params", params.toString(), "--out", tmp.toString()),
                "jrom: cannot write " + tmp + ": it is a directory");
        assertThat(listing(tmp)).isEqualTo(before);
    }

    @Test
    void batchRefusesItsInputsAsOut() throws IOException {
        Path alias = Files.createSymbolicLink(tmp.resolve("alias.csv"), params);
        Map<String, String> before = listing(tmp);
        for (Path out : List.of(model, params, alias)) {
            Run r = JromCommandTest.run(
                    "batch", model.toString(), "--params", params.toString(), "--out", out.toString());
            refused(r, "jrom: cannot write " + out + ": it is ");
            assertThat(r.err()).contains("input");
        }
        assertThat(listing(tmp)).isEqualTo(before);
    }

    @Test
    void queryRefusesToReconstructOntoItsModel() throws IOException {
        Map<String, String> before = listing(tmp);
        refused(
                JromCommandTest.run(
                        "query",
                        model.toString(),
                        "--mu",
                        "diffusion=0.5,0.5,0.5,0.5",
                        "--reconstruct",
                        model.toString()),
                "jrom: cannot write " + model + ": it is an input of this command");
        assertThat(listing(tmp)).isEqualTo(before);
    }

    @Test
    void aRefusedQueryDoesNotMakeTheReconstructionsFolder() throws IOException {
        Map<String, String> before = listing(tmp);
        Path field = tmp.resolve("new").resolve("deeper").resolve("u.vtu");
        Run r = JromCommandTest.run(
                "query", model.toString(), "--mu", "diffusion=0.5,0.5,0.5,7", "--reconstruct", field.toString());
        refused(r, "jrom: --mu: ");
        assertThat(listing(tmp)).isEqualTo(before);
        Run ok = JromCommandTest.run(
                "query", model.toString(), "--mu", "diffusion=0.5,0.5,0.5,0.5", "--reconstruct", field.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(field).isRegularFile();
    }

    @Test
    void batchWritesThroughASymbolicLink() throws IOException {
        Path real = Files.writeString(Files.createDirectory(tmp.resolve("kept")).resolve("real.csv"), "old\n");
        Path link = Files.createSymbolicLink(tmp.resolve("out.csv"), Path.of("kept", "real.csv"));
        Run r = JromCommandTest.run("batch", model.toString(), "--params", params.toString(), "--out", link.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).startsWith(HEADER + ",mean,");
        assertThat(SmallModel.files(tmp.resolve("kept"))).containsExactly("real.csv");
    }

    @Test
    void uqRefusesAFifoAmongItsOutputsBeforeItsMonteCarlo() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("uq"));
        ChildProcess.mkfifo(dir.resolve("uq.json"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Map<String, String> before = listing(tmp);
        refused(
                JromCommandTest.run("uq", model.toString(), "--samples", "100", "--out", dir.toString()),
                "jrom: cannot write " + dir.resolve("uq.json") + ": it is a FIFO");
        assertThat(listing(tmp)).isEqualTo(before);
    }

    @Test
    void aFailedDemoLeavesNoDirectory() throws IOException {
        Map<String, String> before = listing(tmp);
        Path out = tmp.resolve("new").resolve("fin");
        refused(
                JromCommandTest.run("demo", "thermal-fin", "--resolution", "6", "--out", out.toString()),
                "jrom: thermal fin needs a multiple of 4");
        assertThat(listing(tmp)).isEqualTo(before);
    }

    @Test
    void aFailedRunRemovesTheDirectoriesItMadeAndWhatItWroteThere() throws IOException {
        Path out = tmp.resolve("a").resolve("b");
        assertThatThrownBy(() -> OutputDirectory.write(out, () -> {
                    org.jrom.io.AtomicFile.writeString(out.resolve("model.jrom"), "half a run");
                    throw new JromException("the disk is full");
                }))
                .hasMessage("the disk is full");
        assertThat(tmp.resolve("a")).doesNotExist();

        // in a directory that was there: what is unchanged stays so, and a mixed one is marked
        Path old = Files.createDirectory(tmp.resolve("old"));
        Files.writeString(old.resolve("model.jrom"), "earlier run");
        Map<String, String> before = listing(old);
        assertThatThrownBy(() -> OutputDirectory.write(old, () -> {
                    throw new JromException("bad input");
                }))
                .hasMessage("bad input");
        assertThat(listing(old)).isEqualTo(before);
        assertThatThrownBy(() -> OutputDirectory.write(old, () -> {
                    org.jrom.io.AtomicFile.writeString(old.resolve("convergence.png"), "new");
                    throw new JromException("killed halfway");
                }))
                .hasMessage("killed halfway");
        assertThat(SmallModel.files(old)).containsExactly(OutputDirectory.INCOMPLETE, "convergence.png", "model.jrom");

        OutputDirectory.write(old, () -> {}); // a run that finishes removes the marker
        assertThat(SmallModel.files(old)).containsExactly("convergence.png", "model.jrom");
    }

    @Test
    void aStaleTemporaryIsSweptAtTheNextWrite() throws IOException {
        Path stale = Files.writeString(tmp.resolve(".results.csv.0123456789abcdef.tmp"), "killed run");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Path out = tmp.resolve("results.csv");
        Run r = JromCommandTest.run("batch", model.toString(), "--params", params.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(stale).doesNotExist();
    }

    /** SIGTERM while batch streams its rows: no temporary and no result file remain. */
    @Test
    void aTerminatedBatchLeavesNoTemporary() throws Exception {
        Path fifo = tmp.resolve("rows.csv");
        ChildProcess.mkfifo(fifo);
        Path out = tmp.resolve("results.csv");
        // read and write: opens without waiting for the reader, and keeps batch waiting for more rows
        try (FileChannel rows = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            rows.write(ByteBuffer.wrap((HEADER + "\n0.5,0.5,0.5,0.5\n").getBytes(StandardCharsets.UTF_8)));
            Process p = ChildProcess.jrom(
                            null, "batch", model.toString(), "--params", fifo.toString(), "--out", out.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("child.log").toFile())
                    .start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (temporaries().isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(temporaries())
                        .as(Files.readString(tmp.resolve("child.log")))
                        .hasSize(1);
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                p.destroyForcibly();
            }
            assertThat(p.exitValue()).isEqualTo(143);
        }
        assertThat(temporaries()).isEmpty();
        assertThat(out).doesNotExist();
    }

    /** SIGTERM while the demo builds its model: the directory it made is gone. */
    @Test
    void aTerminatedDemoLeavesNoDirectory() throws Exception {
        Path out = tmp.resolve("new").resolve("tb");
        Process p = ChildProcess.jrom(
                        null,
                        "demo",
                        "thermal-block", // the default 3x3 block: a minute of work
                        "--out",
                        out.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.notExists(out.resolve(OutputDirectory.INCOMPLETE))
                    && p.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(out.resolve(OutputDirectory.INCOMPLETE))
                    .as(Files.readString(tmp.resolve("child.log")))
                    .exists();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isEqualTo(143);
        assertThat(tmp.resolve("new")).doesNotExist();
    }

    private List<String> temporaries() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp"))
                    .toList();
        }
    }

    /** Exit 2, one line on stderr that starts with {@code start}, no stack trace, nothing on stdout. */
    private static void refused(Run r, String start) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith(start).doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(r.out()).isEmpty();
    }

    /**
     * Every entry under {@code dir} with its type, and for a file or link its size and modification
     * time (links not followed); not a directory's time, which a created and deleted probe moves.
     */
    private static Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String type =
                        a.isRegularFile() ? "file" : a.isDirectory() ? "dir" : a.isSymbolicLink() ? "link" : "other";
                entries.put(
                        dir.relativize(f).toString(),
                        a.isDirectory() ? type : type + " " + a.size() + " " + a.lastModifiedTime());
            }
        }
        return entries;
    }
}

package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.jrom.cli.JromCommandTest.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input files through the command line: a manifest naming files outside its folder, files
 * with content that must not be quoted, a gzip bomb, sizes the file cannot back, numbers in forms
 * only Java reads. Each is one line on stderr starting {@code jrom: }, exit code 2, nothing written.
 */
class HostileReaderInputTest {
    @TempDir
    static Path tmp;

    static Path exported;

    @BeforeAll
    static void export() {
        exported = tmp.resolve("export");
        Run r = JromCommandTest.run(
                "demo", "thermal-block", "--blocks", "2x2", "--resolution", "8", "--export", exported.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    /** A copy of the export in a fresh folder, its manifest rewritten by {@code edit}. */
    private static Path copy(String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> files = Files.list(exported)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, edit.apply(Files.readString(manifest)));
        return manifest;
    }

    private static Run build(Path manifest, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "build", "--from", manifest.toString(), "--training", "10", "--test", "2", "--uq-samples", "10"));
        args.addAll(List.of(more));
        args.addAll(List.of("--out", out.toString()));
        return JromCommandTest.run(args.toArray(String[]::new));
    }

    /** Exit code 2, one printable line {@code jrom: ...} on stderr, no stack trace, nothing written. */
    private static void assertRefused(int code, String err, Path out) {
        assertThat(code).as(err).isEqualTo(2);
        assertThat(err).startsWith("jrom: ").doesNotContain("Exception").endsWith(System.lineSeparator());
        assertThat(err.strip().lines()).hasSize(1);
        assertThat(err.strip().chars().allMatch(c -> c >= 0x20 && c < 0x7f))
                .as(err)
                .isTrue();
        assertThat(out).doesNotExist();
    }

    @Test
    void aManifestNamingAFileOutsideItsFolderIsRefusedUnlessAllowed() throws IOException {
        Path m = copy("outside", s -> s.replace("\"A1.mtx\"", "\"/etc/passwd\""));
        Path out = tmp.resolve("outside-out");
        Run r = build(m, out);
        assertRefused(r.code(), r.err(), out);
        assertThat(r.err())
                .isEqualTo("jrom: " + m + ": operator[1].matrix: '/etc/passwd' resolves outside the manifest's folder "
                        + m.getParent().toRealPath() + " (give --allow-outside-paths to allow it)"
                        + System.lineSeparator());

        // allowed, the file is read, but nothing of its content is quoted
        Run allowed = build(m, out, "--allow-outside-paths");
        assertRefused(allowed.code(), allowed.err(), out);
        assertThat(allowed.err())
                .isEqualTo("jrom: /etc/passwd:1: not a Matrix Market file: expected the banner '%%MatrixMarket matrix"
                        + " coordinate|array real|integer|pattern general|symmetric|skew-symmetric', found other content at byte 0"
                        + System.lineSeparator());

        // and a manifest whose files lie one folder up builds with the option
        Path sub = Files.createDirectories(m.getParent().resolve("sub"));
        Path up = Files.writeString(
                sub.resolve("manifest.json"),
                Files.readString(m)
                        .replace("\"/etc/passwd\"", "\"A1.mtx\"")
                        .replaceAll("\"([A-Za-z0-9_]+\\.(mtx|npy|vtu))\"", "\"../$1\""));
        Run ok = build(up, tmp.resolve("up-out"), "--allow-outside-paths");
        assertThat(ok.code()).as(ok.err()).isZero();
        Run refused = build(up, tmp.resolve("up-refused"));
        assertRefused(refused.code(), refused.err(), tmp.resolve("up-refused"));
    }

    @Test
    void aGzipBombFailsFastInASmallHeap() throws Exception {
        Path m = copy("bomb", s -> s);
        Path a0 = m.resolveSibling("A0.mtx");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(Files.readAllBytes(a0));
        }
        byte[] bytes = gz.toByteArray();
        bytes[bytes.length - 4] = (byte) 0xff; // ISIZE: 2^31 - 1 bytes
        bytes[bytes.length - 3] = (byte) 0xff;
        bytes[bytes.length - 2] = (byte) 0xff;
        bytes[bytes.length - 1] = (byte) 0x7f;
        Files.write(a0, bytes);
        Path out = tmp.resolve("bomb-out");
        Path err = tmp.resolve("bomb-err.txt");
        Process p = ChildProcess.jrom("256m", "build", "--from", m.toString(), "--out", out.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(err, StandardCharsets.UTF_8);
        assertRefused(p.exitValue(), text, out);
        assertThat(text).startsWith("jrom: " + a0 + ": corrupt gzip stream");
    }

    @Test
    void sizesTheFilesCannotBackAreRefused() throws IOException {
        Path m = copy("sizes", s -> s);
        Files.writeString(
                m.resolveSibling("A0.mtx"),
                "%%MatrixMarket matrix coordinate real symmetric\n2147483646 2147483646 1\n1 1 1.0\n");
        Path out = tmp.resolve("sizes-out");
        Run r = build(m, out);
        assertRefused(r.code(), r.err(), out);
        assertThat(r.err()).contains("A0.mtx:2: a 2147483646 x 2147483646 matrix in a file of 80 bytes");

        Path big = copy("parameter-size", s -> s.replace("\"size\" : 4", "\"size\" : 2147483647"));
        Run p = build(big, out);
        assertRefused(p.code(), p.err(), out);
        assertThat(p.err()).contains("parameters.diffusion.size: expected at most 10000 parameter components");
    }

    @Test
    void hexadecimalNumbersAndControlCharactersAreRefusedByQueryAndBatchAlike() throws IOException {
        Path model = SmallModel.thermalBlock();
        Run q = JromCommandTest.run("query", model.toString(), "--mu", "diffusion=0x1p-2,0.5,0.5,0.5");
        assertThat(q.code()).isEqualTo(2);
        assertThat(q.err())
                .isEqualTo("jrom: --mu: parameter 'diffusion': '0x1p-2' is not a number" + System.lineSeparator());

        Path params = Files.writeString(
                tmp.resolve("nul.csv"),
                "diffusion[0],diffusion[1],diffusion[2],diffusion[3]\n0.5,0.5\u0000,0.5,0.5\n",
                StandardCharsets.ISO_8859_1);
        Path out = tmp.resolve("nul-out.csv");
        Run b = JromCommandTest.run("batch", model.toString(), "--params", params.toString(), "--out", out.toString());
        assertRefused(b.code(), b.err(), out);
        assertThat(b.err())
                .isEqualTo(
                        "jrom: " + params + ":2: diffusion[1] = '0.5\\x00' is not a number" + System.lineSeparator());
    }
}

package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jrom.cli.JromCommandTest.Run;

/**
 * Small demo models shared by the CLI tests of one JVM, built once each into target/test-models:
 * the 2x2 thermal block ({@code diffusion[4]}, output {@code mean}) and the thermal fin ({@code
 * k[4], Bi}).
 */
final class SmallModel {
    private static final Path DIR = Path.of("target", "test-models").toAbsolutePath();
    private static Path block;
    private static Path fin;

    private SmallModel() {}

    /** The thermal block 2x2 of {@link DemoCommandTest#SMALL}. */
    static synchronized Path thermalBlock() {
        if (block == null) {
            block = build("thermal-block", DemoCommandTest.SMALL);
        }
        return block;
    }

    /** A small thermal fin: a vector parameter k[4] and a scalar one, Bi. */
    static synchronized Path thermalFin() {
        if (fin == null) {
            fin = build("thermal-fin", new String[] {
                "--resolution", "4", "--max-basis", "6", "--training", "30", "--test", "5", "--uq-samples", "200"
            });
        }
        return fin;
    }

    private static Path build(String problem, String[] options) {
        Path out = DIR.resolve(problem);
        String[] args = Stream.of(new String[] {"demo", problem}, options, new String[] {"--out", out.toString()})
                .flatMap(Stream::of)
                .toArray(String[]::new);
        Run r = JromCommandTest.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return out.resolve("model.jrom");
    }

    /** A copy of a model file with its manifest rewritten (the manifest carries no checksum of itself). */
    static Path withManifest(Path model, Path copy, UnaryOperator<String> edit) {
        return withEntries(
                model,
                copy,
                (name, bytes, out) -> out.write(
                        name.equals("manifest.json")
                                ? edit.apply(new String(bytes, StandardCharsets.UTF_8))
                                        .getBytes(StandardCharsets.UTF_8)
                                : bytes));
    }

    /**
     * A copy of a model file with the array {@code array} replaced by {@code value} and its digest in
     * the manifest updated to match: a file edited by someone who knew to recompute the checksum,
     * which only the reader's own checks of the array's meaning can refuse.
     */
    static Path withArray(Path model, Path copy, String array, org.jrom.linalg.DenseMatrix value) {
        byte[] edited = org.jrom.io.Npy.encode(org.jrom.io.Npy.Array.of(value), false);
        String[] hashes = new String[2];
        Path bytes = withEntries(model, copy.resolveSibling(copy.getFileName() + ".bytes"), (name, data, out) -> {
            if (name.equals(array + ".npy")) {
                hashes[0] = HostileModelFileTest.sha256(data);
                hashes[1] = HostileModelFileTest.sha256(edited);
                data = edited;
            }
            out.write(data);
        });
        if (hashes[0] == null) {
            throw new IllegalArgumentException(model + " has no array " + array);
        }
        // the new digest in this array's listing only: another array may have the same bytes
        return withManifest(
                bytes, copy, m -> m.replaceFirst("(\"" + array + "\"\\s*:\\s*\\{[^}]*)" + hashes[0], "$1" + hashes[1]));
    }

    /** Writes the content of one entry of a copy, given the original's. */
    interface EntryEdit {
        void write(String name, byte[] bytes, OutputStream out) throws IOException;
    }

    /** A copy of a model file, every entry deflated and written by {@code edit}. */
    static Path withEntries(Path model, Path copy, EntryEdit edit) {
        try (ZipFile in = new ZipFile(model.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                byte[] bytes = in.getInputStream(e).readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                edit.write(e.getName(), bytes, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /** The names of the files in a directory (none when it does not exist). */
    static java.util.List<String> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.jrom.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Snapshots stored one per item, each read whole when its turn comes: the files of a directory or
 * the 1-D entries of a {@code .npz}. The first item fixes the dimension.
 */
final class FileSnapshots extends BaseSnapshotSource {
    private final List<String> names;
    private final IntFunction<double[]> loader;
    private final Closeable resource;
    private double[] first;

    private FileSnapshots(
            String origin, List<String> names, IntFunction<double[]> loader, Closeable resource, double[] first) {
        super(origin, first.length, names.size());
        this.names = names;
        this.loader = loader;
        this.resource = resource;
        this.first = first;
    }

    private static FileSnapshots of(
            String origin, List<String> names, IntFunction<double[]> loader, Closeable resource) {
        return new FileSnapshots(origin, names, loader, resource, loaded(loader, 0, names));
    }

    private static double[] loaded(IntFunction<double[]> loader, int j, List<String> names) {
        double[] v = loader.apply(j);
        if (v == null) {
            throw new FileFormatException(names.get(j), "the reader returned no values");
        }
        return v;
    }

    static SnapshotSource directory(Path dir, String glob, Function<Path, double[]> reader) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Path> files;
        try (Stream<Path> all = Files.list(dir)) {
            files = all.filter(p -> matcher.matches(p.getFileName()) && Files.isRegularFile(p))
                    .sorted((a, b) -> NaturalOrder.compare(
                            a.getFileName().toString(), b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new FileAccessException("list the snapshot directory", dir, e);
        }
        if (files.isEmpty()) {
            throw new FileFormatException(dir.toString(), "no snapshot files match '" + glob + "'");
        }
        Function<Path, double[]> read = reader;
        if (read == null) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".npy") && !name.endsWith(".csv")) {
                    throw new FileFormatException(
                            p.toString(),
                            "no built-in reader for this file: expected .npy or .csv snapshots, or a reader"
                                    + " (VTU: VtuReader.readPointData in jrom-fem)");
                }
            }
            read = p -> p.getFileName().toString().endsWith(".npy") ? npyVector(p) : csvColumn(p);
        }
        Function<Path, double[]> r = read;
        List<String> names = files.stream().map(Path::toString).toList();
        return of(dir.toString(), names, j -> r.apply(files.get(j)), () -> {});
    }

    static SnapshotSource archive(Path file, ZipFile zip, List<ZipEntry> entries) {
        List<String> names = entries.stream()
                .map(z -> file + ": entry '" + z.getName() + "'")
                .toList();
        IntFunction<double[]> loader = j -> {
            ZipEntry z = entries.get(j);
            String where = names.get(j);
            byte[] bytes;
            try (InputStream in = zip.getInputStream(z)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new FileFormatException(where, "damaged ZIP entry: " + e, e);
            }
            Npz.checkCrc(where, bytes, z);
            return vector(Npy.decode(bytes, where), where);
        };
        return of(file.toString(), names, loader, zip);
    }

    /** The 1-D array of a {@code .npy} file. */
    static double[] npyVector(Path file) {
        return vector(Npy.read(file), file.toString());
    }

    private static double[] vector(Npy.Array a, String where) {
        if (!a.isVector()) {
            throw new FileFormatException(where, "expected a 1-D array (one snapshot), found shape " + a.shapeText());
        }
        return a.matrix().data();
    }

    /** The values of a CSV file with one value per line. */
    static double[] csvColumn(Path file) {
        double[] v = new double[16];
        int n = 0;
        try (Csv.Reader in = new Csv.Reader(file)) {
            for (Csv.Line line = in.next(); line != null; line = in.next()) {
                Csv.requireFields(file, line, 1, "one snapshot value per line");
                if (n == v.length) {
                    v = Arrays.copyOf(v, 2 * n);
                }
                v[n++] = Csv.number(file, line, 0);
            }
        }
        if (n == 0) {
            throw new FileFormatException(file.toString(), "no values, expected one snapshot value per line");
        }
        return Arrays.copyOf(v, n);
    }

    @Override
    void read(int from, int k, double[] out, int offset) {
        for (int j = from; j < from + k; j++) {
            double[] v = j == 0 && first != null ? first : loaded(loader, j, names);
            first = null;
            if (v.length != dim()) {
                throw new FileFormatException(
                        describe(j),
                        "expected a snapshot of " + dim() + " values (as " + describe(0) + "), found " + v.length);
            }
            System.arraycopy(v, 0, out, offset + (j - from) * dim(), dim());
        }
    }

    @Override
    public String describe(int index) {
        return names.get(index);
    }

    @Override
    public void close() {
        first = null;
        try {
            resource.close();
        } catch (IOException e) {
            throw new FileAccessException("close", Path.of(origin()), e);
        }
    }
}

package org.jrom.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The NumPy {@code .npz} archive: a ZIP of {@code .npy} entries, the array named {@code a} stored as
 * {@code a.npy} ({@code numpy.savez} stores, {@code numpy.savez_compressed} deflates). jrom writes
 * deterministic archives: entries in the given order, every time stamp 1980-01-01 00:00:02, so the
 * same arrays give the same bytes. Reading checks every entry twice over: its CRC-32, and that the
 * central directory and the local headers agree on names, sizes and content.
 */
public final class Npz {
    /**
     * The time stamp of every entry, in DOS time only. Not 1980-01-01 00:00:00: the JDK takes that as
     * "before 1980" and adds an extended-time field converted in the default time zone, which would
     * make the bytes depend on where the file is written.
     */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0, 2);

    private Npz() {}

    /** One archive entry: its name and raw bytes. */
    record Entry(String name, byte[] bytes) {}

    /** Reads every {@code .npy} entry of an archive, by array name (entry name without {@code .npy}), in file order. */
    public static Map<String, Npy.Array> read(Path file) {
        Map<String, Npy.Array> arrays = new LinkedHashMap<>();
        for (Entry e : readEntries(file)) {
            if (e.name().endsWith(".npy")) {
                String name = e.name().substring(0, e.name().length() - 4);
                arrays.put(name, Npy.decode(e.bytes(), file + ": entry '" + e.name() + "'"));
            }
        }
        return arrays;
    }

    /** Writes arrays as {@code name.npy} entries ({@code <f8}, C order), deflated or stored, atomically. */
    public static void write(Path file, Map<String, Npy.Array> arrays, boolean compressed) {
        List<Entry> entries = new ArrayList<>();
        arrays.forEach((name, a) -> entries.add(new Entry(name + ".npy", Npy.encode(a, false))));
        AtomicFile.write(file, out -> writeEntries(out, entries, compressed));
    }

    /** Writes a deterministic ZIP: fixed times, no comments, no extra fields, the given order. */
    static void writeEntries(OutputStream out, List<Entry> entries, boolean compressed) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        Set<String> names = new HashSet<>();
        for (Entry e : entries) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("entry '" + e.name() + "' given twice");
            }
            ZipEntry z = new ZipEntry(e.name());
            z.setTimeLocal(ENTRY_TIME);
            if (compressed) {
                z.setMethod(ZipEntry.DEFLATED);
            } else {
                // stored entries carry size and CRC in the local header: no data descriptor
                CRC32 crc = new CRC32();
                crc.update(e.bytes());
                z.setMethod(ZipEntry.STORED);
                z.setSize(e.bytes().length);
                z.setCompressedSize(e.bytes().length);
                z.setCrc(crc.getValue());
            }
            zip.putNextEntry(z);
            zip.write(e.bytes());
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /**
     * The entries of a ZIP file, in order, each verified: its CRC-32 against the central directory,
     * and the local headers (read as a stream) against the central directory (read by offset), so
     * that a damaged byte in either is found.
     */
    static List<Entry> readEntries(Path file) {
        List<Entry> entries = new ArrayList<>();
        List<ZipEntry> central = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Set<String> names = new HashSet<>();
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry z = all.nextElement();
                String where = file + ": entry '" + z.getName() + "'";
                if (!names.add(z.getName())) {
                    throw new FileFormatException(where, "appears twice in the archive");
                }
                if (z.getSize() > Integer.MAX_VALUE - 8) {
                    throw new FileFormatException(where, "is " + z.getSize() + " bytes; at most 2 GiB are supported");
                }
                // A ZIP bomb declares its true size or lies about it: refuse sizes past the inflation
                // rule before inflating, and read no byte past the declared size either way.
                long cap = MatrixMarket.inflationCap(z.getCompressedSize());
                if (z.getSize() < 0 || z.getSize() > cap) {
                    throw new FileFormatException(
                            where,
                            "expands from " + z.getCompressedSize() + " to " + z.getSize() + " bytes; accepted are "
                                    + (MatrixMarket.INFLATION_FREE >> 20) + " MiB, or " + MatrixMarket.MAX_INFLATION
                                    + " times the compressed size");
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(z)) {
                    bytes = in.readNBytes((int) z.getSize() + 1);
                }
                if (bytes.length != z.getSize()) {
                    throw new FileFormatException(
                            where, "the central directory says " + z.getSize() + " bytes, found " + bytes.length);
                }
                checkCrc(where, bytes, z);
                central.add(z);
                entries.add(new Entry(z.getName(), bytes));
            }
        } catch (FileSystemException e) {
            throw new FileAccessException("read", file, e); // missing, not readable
        } catch (IOException | IllegalArgumentException e) {
            // ZipException, EOFException, or an entry name that is not valid UTF-8
            throw new FileFormatException(file.toString(), "not a readable ZIP archive: " + e, e);
        }
        compareLocalHeaders(file, entries, central);
        return entries;
    }

    /** Throws unless the entry's bytes have the CRC-32 the archive records for it. */
    static void checkCrc(String where, byte[] bytes, ZipEntry z) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != z.getCrc()) {
            throw new FileFormatException(
                    where,
                    String.format(
                            "CRC-32 mismatch: the archive says %08x, the data gives %08x; the file is damaged",
                            z.getCrc(), crc.getValue()));
        }
    }

    /**
     * True when {@code in} holds exactly {@code expected}; compared chunk by chunk, so a local entry
     * that inflates past it costs no more memory than the chunk.
     */
    private static boolean sameBytes(InputStream in, byte[] expected) throws IOException {
        byte[] chunk = new byte[1 << 16];
        int at = 0;
        boolean same = true;
        for (int r = in.read(chunk); r >= 0; r = in.read(chunk)) {
            if (same && at + r <= expected.length) {
                same = Arrays.equals(chunk, 0, r, expected, at, at + r);
            } else {
                same = false; // keep reading: the stream's end checks its CRC
            }
            at += r;
            if (at > expected.length) {
                return false;
            }
        }
        return same && at == expected.length;
    }

    private static void compareLocalHeaders(Path file, List<Entry> entries, List<ZipEntry> central) {
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(file))) {
            int k = 0;
            for (ZipEntry z = zin.getNextEntry(); z != null; z = zin.getNextEntry(), k++) {
                if (k >= entries.size()) {
                    throw new FileFormatException(
                            file.toString(),
                            "local entry '" + z.getName()
                                    + "' is missing from the central directory; the file is damaged");
                }
                Entry e = entries.get(k);
                ZipEntry c = central.get(k);
                String where = file + ": entry '" + e.name() + "'";
                if (!z.getName().equals(e.name()) || z.getMethod() != c.getMethod()) {
                    throw new FileFormatException(
                            where,
                            "the local header (name '" + z.getName() + "', method "
                                    + z.getMethod() + ") disagrees with the central directory (method " + c.getMethod()
                                    + "); the file is damaged");
                }
                if (z.getTime() != c.getTime()) {
                    throw new FileFormatException(
                            where,
                            "the local header time " + z.getTimeLocal() + " disagrees with the central directory's "
                                    + c.getTimeLocal() + "; the file is damaged");
                }
                boolean same = sameBytes(zin, e.bytes()); // reading to the end checks the local CRC and sizes
                if (z.getSize() != c.getSize()
                        || z.getCompressedSize() != c.getCompressedSize()
                        || z.getCrc() != c.getCrc()) {
                    throw new FileFormatException(
                            where,
                            "the local header (size " + z.getSize() + ", compressed "
                                    + z.getCompressedSize() + ") disagrees with the central directory (size "
                                    + c.getSize()
                                    + ", compressed " + c.getCompressedSize() + "); the file is damaged");
                }
                if (!same) {
                    throw new FileFormatException(
                            where, "the local data disagrees with the central directory's; the file is damaged");
                }
            }
            if (k != entries.size()) {
                throw new FileFormatException(
                        file.toString(),
                        "the central directory lists " + entries.size() + " entries, the local headers " + k
                                + "; the file is damaged");
            }
        } catch (FileSystemException e) {
            throw new FileAccessException("read", file, e);
        } catch (IOException | IllegalArgumentException | DateTimeException e) {
            throw new FileFormatException(file.toString(), "damaged ZIP entry: " + e, e);
        }
    }
}

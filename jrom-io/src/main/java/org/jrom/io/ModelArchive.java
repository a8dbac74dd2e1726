package org.jrom.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The ZIP archive of a model file, read with every size bounded before anything is inflated: the
 * end record and central directory are parsed from the file itself, the local headers are walked
 * without reading the data and compared with the central directory, and an entry is only inflated
 * when asked for, with a limit the caller derives from the manifest, stopping at the first byte
 * past it. An archive's declared sizes are checked against that limit but never trusted alone.
 * ZIP64 archives (over 4 GiB or 65535 entries) are refused: jrom writes none that size.
 */
final class ModelArchive implements AutoCloseable {
    private static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int END = 0x06054b50;
    private static final int DESCRIPTOR = 0x08074b50;
    private static final int END_SIZE = 22;
    private static final long U32 = 0xFFFFFFFFL;

    /** One entry as the central directory gives it; {@code dataOffset} found by the local-header walk. */
    private record Entry(String name, byte[] rawName, int method, int dosTime, long crc, long compressed, long size) {}

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Long> dataOffsets = new LinkedHashMap<>();

    private ModelArchive(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens a model file: refuses what is not a regular, readable, complete ZIP before reading any entry. */
    static ModelArchive open(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new FileAccessException("read", file, e); // missing
        }
        if (attributes.isDirectory()) {
            throw new FileFormatException(file.toString(), "is a directory, not a model file");
        }
        // a FIFO or a device would block or never end: refused before it is opened
        if (!attributes.isRegularFile()) {
            throw new FileFormatException(
                    file.toString(),
                    "not a regular file (a pipe, socket or device); a model file must be a regular file");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new FileAccessException("read", file, e); // AccessDeniedException names the denial
        }
        ModelArchive archive = new ModelArchive(file, channel);
        try {
            archive.readDirectory();
            return archive;
        } catch (RuntimeException e) {
            archive.close();
            throw e;
        }
    }

    /** The entry names, in central-directory order. */
    Set<String> names() {
        return entries.keySet();
    }

    boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * The bytes of an entry, inflated at most up to {@code limit} bytes: an entry whose declared
     * size is larger is refused without inflating, and inflation stops at the first byte past the
     * limit whatever the archive declares. {@code why} says where the limit comes from ("its shape
     * (60) declares"). The CRC-32 and the declared size are checked.
     */
    byte[] read(String name, long limit, String why) {
        Entry e = entries.get(name);
        String where = file + ": entry '" + name + "'";
        if (e.size > limit) {
            throw new FileFormatException(
                    where, "the archive says it is " + e.size + " bytes, more than the " + limit + " bytes " + why);
        }
        byte[] bytes;
        Inflater inflater = new Inflater(true);
        try {
            // Bounded does not close the channel when the stream is closed
            InputStream data =
                    new Bounded(Channels.newInputStream(channel.position(dataOffsets.get(name))), e.compressed);
            if (e.method == 8) {
                data = new InflaterInputStream(data, inflater, 8192);
            }
            try (InputStream in = data) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            }
        } catch (IOException ex) {
            throw new FileFormatException(
                    where, "cannot inflate: " + ModelFile.printable(ex.getMessage()) + "; the file is damaged", ex);
        } finally {
            inflater.end();
        }
        if (bytes.length > limit) {
            throw new FileFormatException(where, "inflates past the " + limit + " bytes " + why);
        }
        if (bytes.length != e.size) {
            throw new FileFormatException(
                    where,
                    "the archive says " + e.size + " bytes, the data gives " + bytes.length + "; the file is damaged");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != e.crc) {
            throw new FileFormatException(
                    where,
                    String.format(
                            "CRC-32 mismatch: the archive says %08x, the data gives %08x; the file is damaged",
                            e.crc, crc.getValue()));
        }
        return bytes;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a channel opened for reading loses nothing
        }
    }

    // ---------------------------------------------------------------- the directory

    private void readDirectory() {
        long length = size();
        if (length == 0) {
            throw format("is empty, not a model file");
        }
        int signature = length >= 4 ? buffer(0, 4).getInt(0) : 0;
        if (signature != LOCAL && signature != END) {
            throw format("not a model file: not a ZIP archive (no ZIP signature at its start)");
        }
        long end = findEnd(length);
        ByteBuffer e = buffer(end, END_SIZE);
        long cdSize = e.getInt(12) & U32;
        long cdOffset = e.getInt(16) & U32;
        if (cdSize == U32 || cdOffset == U32 || (e.getShort(10) & 0xFFFF) == 0xFFFF) {
            throw format("ZIP64 archives are not supported (a model file is under 4 GiB and 65535 entries)");
        }
        if (cdOffset + cdSize != end) {
            throw format("the ZIP end record places the central directory at " + cdOffset + " (" + cdSize
                    + " bytes), which does not end at the end record (" + end + "); the file is damaged");
        }
        ByteBuffer cd = buffer(cdOffset, (int) cdSize);
        int at = 0;
        long local = 0;
        while (at < cdSize) {
            if (at + 46 > cdSize || cd.getInt(at) != CENTRAL) {
                throw format("damaged ZIP central directory at offset " + (cdOffset + at));
            }
            int flags = cd.getShort(at + 8) & 0xFFFF;
            int method = cd.getShort(at + 10) & 0xFFFF;
            int nameLength = cd.getShort(at + 28) & 0xFFFF;
            int next = at + 46 + nameLength + (cd.getShort(at + 30) & 0xFFFF) + (cd.getShort(at + 32) & 0xFFFF);
            if (next > cdSize) {
                throw format("damaged ZIP central directory at offset " + (cdOffset + at));
            }
            byte[] rawName = new byte[nameLength];
            cd.get(at + 46, rawName);
            String name = name(rawName);
            Entry entry = new Entry(
                    name,
                    rawName,
                    method,
                    cd.getInt(at + 12),
                    cd.getInt(at + 16) & U32,
                    cd.getInt(at + 20) & U32,
                    cd.getInt(at + 24) & U32);
            String where = file + ": entry '" + name + "'";
            if (entries.put(name, entry) != null) {
                throw new FileFormatException(where, "appears twice in the archive");
            }
            if (entry.compressed == U32 || entry.size == U32 || (cd.getInt(at + 42) & U32) == U32) {
                throw format("ZIP64 archives are not supported (a model file is under 4 GiB and 65535 entries)");
            }
            if ((flags & 1) != 0 || (method != 0 && method != 8)) {
                throw new FileFormatException(
                        where,
                        "compression method " + method + (((flags & 1) != 0) ? ", encrypted," : "")
                                + " is not supported; jrom reads stored and deflated entries");
            }
            if (method == 0 && entry.compressed != entry.size) {
                throw new FileFormatException(
                        where,
                        "a stored entry of " + entry.size + " bytes takes " + entry.compressed
                                + " in the archive; the file is damaged");
            }
            if ((cd.getInt(at + 42) & U32) != local) {
                throw new FileFormatException(
                        where,
                        "the central directory places its local header at " + (cd.getInt(at + 42) & U32)
                                + ", the entries before it end at " + local + "; the file is damaged");
            }
            local = walkLocal(entry, local, cdOffset, where);
            at = next;
        }
        if (local != cdOffset) {
            throw format("the local entries end at " + local + ", the central directory starts at " + cdOffset
                    + "; the file is damaged");
        }
    }

    /** The end record: the last one whose comment reaches exactly to the end of the file. */
    private long findEnd(long length) {
        int span = (int) Math.min(length, END_SIZE + 0xFFFF);
        ByteBuffer tail = buffer(length - span, span);
        for (int i = span - END_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == END && i + END_SIZE + (tail.getShort(i + 20) & 0xFFFF) == span) {
                return length - span + i;
            }
        }
        throw format("not a complete model file (truncated: no ZIP end record)");
    }

    /**
     * Checks the local header at {@code at} against the central directory's entry without reading
     * its data; returns where the next local header starts.
     */
    private long walkLocal(Entry c, long at, long limit, String where) {
        if (at + 30 > limit) {
            throw new FileFormatException(where, "its local header lies past the entries' end; the file is damaged");
        }
        ByteBuffer h = buffer(at, 30);
        int flags = h.getShort(6) & 0xFFFF;
        int nameLength = h.getShort(26) & 0xFFFF;
        long data = at + 30 + nameLength + (h.getShort(28) & 0xFFFF);
        boolean descriptor = (flags & 8) != 0;
        boolean agrees = h.getInt(0) == LOCAL
                && (h.getShort(8) & 0xFFFF) == c.method
                && h.getInt(10) == c.dosTime
                && (descriptor
                        || ((h.getInt(14) & U32) == c.crc
                                && (h.getInt(18) & U32) == c.compressed
                                && (h.getInt(22) & U32) == c.size))
                && data + c.compressed <= limit
                && Arrays.equals(buffer(at + 30, nameLength).array(), c.rawName);
        if (!agrees) {
            throw new FileFormatException(
                    where, "the local header disagrees with the central directory; the file is damaged");
        }
        dataOffsets.put(c.name, data);
        long next = data + c.compressed;
        if (descriptor) { // crc, sizes after the data, with or without a signature
            int skip = next + 4 <= limit && buffer(next, 4).getInt(0) == DESCRIPTOR ? 4 : 0;
            if (next + skip + 12 > limit) {
                throw new FileFormatException(where, "its data descriptor is missing; the file is damaged");
            }
            ByteBuffer d = buffer(next + skip, 12);
            if ((d.getInt(0) & U32) != c.crc || (d.getInt(4) & U32) != c.compressed || (d.getInt(8) & U32) != c.size) {
                throw new FileFormatException(
                        where, "the data descriptor disagrees with the central directory; the file is damaged");
            }
            next += skip + 12;
        }
        return next;
    }

    /** An entry name: UTF-8 without control characters (never echoed raw), else the file is refused. */
    private String name(byte[] raw) {
        String name;
        try {
            name = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw format("an entry name is not valid UTF-8; the file is damaged");
        }
        if (!name.equals(ModelFile.printable(name))) {
            throw format("entry name '" + ModelFile.printable(name) + "' has control characters; the file is damaged");
        }
        return name;
    }

    private long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new FileAccessException("read", file, e);
        }
    }

    /** {@code length} bytes at {@code offset}, little-endian; a file that ends earlier is truncated. */
    private ByteBuffer buffer(long offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (b.hasRemaining()) {
                if (channel.read(b, offset + b.position()) < 0) {
                    throw format("not a complete model file (truncated at " + (offset + b.position()) + " bytes)");
                }
            }
        } catch (IOException e) {
            throw new FileAccessException("read", file, e);
        }
        return b;
    }

    private FileFormatException format(String message) {
        return new FileFormatException(file.toString(), message);
    }

    /** The first {@code length} bytes of a stream: an entry's compressed data. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}

package org.jrom.fem.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;

/**
 * An independent encoder of .vtu files in the variants other writers produce (VTK, ParaView,
 * meshio): UInt32/UInt64 headers, either byte order, zlib blocks, header and data base64-encoded
 * together or apart, inline or appended raw/base64, any numeric type. Built on java.util.Base64 and
 * java.util.zip so that it shares no code with the reader under test.
 */
final class VtuTestFile {
    enum Format {
        ASCII,
        BINARY,
        APPENDED_RAW,
        APPENDED_BASE64
    }

    record Arr(String section, String name, String type, int components, double[] values) {}

    int headerSize = 8;
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    boolean zlib;
    int blockSize = 40; // small, so that arrays span several compressed blocks
    boolean separateHeader; // meshio style: base64(header) + base64(data)
    long announcedBytes = -1; // > 0: a hostile zlib header that announces this many bytes, in one block
    Format format = Format.BINARY;
    final List<Arr> arrays = new ArrayList<>();

    VtuTestFile add(String section, String name, String type, int components, double... values) {
        arrays.add(new Arr(section, name, type, components, values));
        return this;
    }

    /** Triangles or tetrahedra from node-major 3D points and cell connectivity. */
    static VtuTestFile simplices(double[] points, long[] connectivity, int perCell, String pointType, String idType) {
        int cells = connectivity.length / perCell;
        double[] offsets = new double[cells];
        double[] types = new double[cells];
        for (int c = 0; c < cells; c++) {
            offsets[c] = (c + 1) * perCell;
            types[c] = perCell == 3 ? 5 : 10;
        }
        return new VtuTestFile()
                .add("Points", "Points", pointType, 3, points)
                .add(
                        "Cells",
                        "connectivity",
                        idType,
                        1,
                        Arrays.stream(connectivity).asDoubleStream().toArray())
                .add("Cells", "offsets", idType, 1, offsets)
                .add("Cells", "types", "UInt8", 1, types);
    }

    private byte[] data(Arr a) {
        int size =
                switch (a.type()) {
                    case "UInt8", "Int8" -> 1;
                    case "Int16", "UInt16" -> 2;
                    case "Int32", "UInt32", "Float32" -> 4;
                    default -> 8;
                };
        ByteBuffer b = ByteBuffer.allocate(a.values().length * size).order(order);
        for (double v : a.values()) {
            switch (a.type()) {
                case "UInt8", "Int8" -> b.put((byte) v);
                case "Int16", "UInt16" -> b.putShort((short) v);
                case "Int32", "UInt32" -> b.putInt((int) v);
                case "Int64", "UInt64" -> b.putLong((long) v);
                case "Float32" -> b.putFloat((float) v);
                default -> b.putDouble(v);
            }
        }
        return b.array();
    }

    private byte[] ints(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * headerSize).order(order);
        for (long v : values) {
            if (headerSize == 4) {
                b.putInt((int) v);
            } else {
                b.putLong(v);
            }
        }
        return b.array();
    }

    /** {header, payload}: plain {byte count} + data, or zlib {blocks, size, last, sizes...} + blocks. */
    byte[][] block(Arr a) {
        byte[] raw = data(a);
        if (!zlib) {
            return new byte[][] {ints(raw.length), raw};
        }
        // a hostile header keeps the data in one block and announces its own size for it
        int size = announcedBytes > 0 ? raw.length : blockSize;
        int blocks = (raw.length + size - 1) / size;
        long[] header = new long[3 + blocks];
        header[0] = blocks;
        header[1] = announcedBytes > 0 ? announcedBytes : size;
        header[2] = announcedBytes > 0 ? 0 : raw.length % size;
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        for (int k = 0; k < blocks; k++) {
            Deflater d = new Deflater();
            d.setInput(raw, k * size, Math.min(size, raw.length - k * size));
            d.finish();
            byte[] buf = new byte[2 * size + 64];
            int n = d.deflate(buf);
            d.end();
            compressed.write(buf, 0, n);
            header[3 + k] = n;
        }
        return new byte[][] {ints(header), compressed.toByteArray()};
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private String encoded(Arr a) {
        byte[][] hb = block(a);
        return separateHeader || zlib ? b64(hb[0]) + b64(hb[1]) : b64(concat(hb[0], hb[1]));
    }

    byte[] build(int points, int cells) {
        StringBuilder x =
                new StringBuilder("<?xml version=\"1.0\"?>\n<VTKFile type=\"UnstructuredGrid\" version=\"1.0\"");
        x.append(" byte_order=\"")
                .append(order == ByteOrder.LITTLE_ENDIAN ? "LittleEndian" : "BigEndian")
                .append("\" header_type=\"")
                .append(headerSize == 4 ? "UInt32" : "UInt64")
                .append('"');
        if (zlib) {
            x.append(" compressor=\"vtkZLibDataCompressor\"");
        }
        x.append(">\n<UnstructuredGrid>\n<Piece NumberOfPoints=\"")
                .append(points)
                .append("\" NumberOfCells=\"")
                .append(cells)
                .append("\">\n");
        ByteArrayOutputStream appended = new ByteArrayOutputStream();
        for (String section : List.of("PointData", "CellData", "Points", "Cells")) {
            x.append('<').append(section).append(">\n");
            for (Arr a : arrays) {
                if (!a.section().equals(section)) {
                    continue;
                }
                x.append("<DataArray type=\"")
                        .append(a.type())
                        .append("\" Name=\"")
                        .append(a.name())
                        .append("\" NumberOfComponents=\"")
                        .append(a.components())
                        .append('"');
                switch (format) {
                    case ASCII -> {
                        x.append(" format=\"ascii\">\n");
                        for (double v : a.values()) {
                            x.append(a.type().startsWith("Float") ? Double.toString(v) : Long.toString((long) v))
                                    .append(' ');
                        }
                        x.append("\n</DataArray>\n");
                    }
                    case BINARY ->
                        x.append(" format=\"binary\">\n").append(encoded(a)).append("\n</DataArray>\n");
                    case APPENDED_RAW, APPENDED_BASE64 -> {
                        x.append(" format=\"appended\" offset=\"")
                                .append(appended.size())
                                .append("\"/>\n");
                        if (format == Format.APPENDED_RAW) {
                            byte[][] hb = block(a);
                            appended.writeBytes(hb[0]);
                            appended.writeBytes(hb[1]);
                        } else {
                            appended.writeBytes(encoded(a).getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                }
            }
            x.append("</").append(section).append(">\n");
        }
        x.append("</Piece>\n</UnstructuredGrid>\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (format == Format.APPENDED_RAW || format == Format.APPENDED_BASE64) {
            x.append("<AppendedData encoding=\"")
                    .append(format == Format.APPENDED_RAW ? "raw" : "base64")
                    .append("\">\n  _");
            out.writeBytes(x.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(appended.toByteArray());
            x.setLength(0);
            x.append("\n</AppendedData>\n");
        }
        x.append("</VTKFile>\n");
        out.writeBytes(x.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}

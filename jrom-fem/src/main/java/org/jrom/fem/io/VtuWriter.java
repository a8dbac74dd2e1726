package org.jrom.fem.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrom.fem.Mesh;
import org.jrom.linalg.DimensionMismatchException;

/**
 * Writes a mesh and fields on it as a VTK XML unstructured grid ({@code .vtu}, VTK file format
 * version 1.0, {@code header_type="UInt64"}, little endian) for ParaView: triangles as VTK_TRIANGLE
 * (5) with points at z = 0, tetrahedra as VTK_TETRA (10). The cell markers are always written as an
 * Int32 cell array {@code "subdomain"}; fields are Float64, connectivity and offsets Int64, cell
 * types UInt8.
 *
 * <pre>{@code
 * VtuWriter.of(mesh).pointField("u_rom", u).vectorField("displacement", 3, d).cellField("error", e).write(path);
 * }</pre>
 *
 * Field lengths are checked when a field is added, so a wrong field fails before any file is
 * touched. Any double is written as is, NaN and infinities included (they show up as such in
 * ParaView). The file is written to a temporary file next to the target and then moved over it,
 * so the target is either the old file or the complete new one.
 */
public final class VtuWriter {
    /** How the binary arrays are stored. */
    public enum Encoding {
        /** Inline {@code format="binary"}: base64 of the byte count and the data (VTK's default). */
        BASE64,
        /** {@code format="appended"} with a raw {@code <AppendedData encoding="raw">} section: 25% smaller. */
        APPENDED_RAW
    }

    /** Name of the Int32 cell array holding the subdomain markers. */
    public static final String SUBDOMAIN = "subdomain";

    private static final int VTK_TRIANGLE = 5;
    private static final int VTK_TETRA = 10;

    private final Mesh mesh;
    private final Map<String, VtuArray> pointFields = new LinkedHashMap<>();
    private final Map<String, VtuArray> cellFields = new LinkedHashMap<>();
    private Encoding encoding = Encoding.BASE64;

    private VtuWriter(Mesh mesh) {
        this.mesh = mesh;
    }

    /** A writer for the mesh with no fields yet. */
    public static VtuWriter of(Mesh mesh) {
        return new VtuWriter(mesh);
    }

    /** The binary encoding; {@link Encoding#BASE64} unless set. */
    public VtuWriter encoding(Encoding encoding) {
        this.encoding = encoding;
        return this;
    }

    /** A scalar field, one value per node (copied). */
    public VtuWriter pointField(String name, double[] values) {
        return vectorField(name, 1, values);
    }

    /**
     * A field of {@code components} values per node, node-major (node i at {@code [i*components,
     * (i+1)*components)}), e.g. a displacement with 2 or 3 components (copied). ParaView treats
     * only 3-component arrays as vectors for glyphs and warping.
     */
    public VtuWriter vectorField(String name, int components, double[] values) {
        add("point", pointFields, name, components, values, mesh.numNodes(), "nodes");
        return this;
    }

    /** A scalar field, one value per cell (copied). */
    public VtuWriter cellField(String name, double[] values) {
        return cellField(name, 1, values);
    }

    /** A field of {@code components} values per cell, cell-major (copied). */
    public VtuWriter cellField(String name, int components, double[] values) {
        if (SUBDOMAIN.equals(name)) {
            throw new VtuException("cell field name '" + SUBDOMAIN
                    + "' is reserved for the subdomain markers, which are always written; choose another name");
        }
        add("cell", cellFields, name, components, values, mesh.numCells(), "cells");
        return this;
    }

    private static void add(
            String kind,
            Map<String, VtuArray> fields,
            String name,
            int components,
            double[] values,
            int tuples,
            String tupleNoun) {
        if (name == null || name.isEmpty()) {
            throw new VtuException(kind + " field names must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < 0x20 || ch == 0xFFFE || ch == 0xFFFF) {
                throw new VtuException(kind + " field name '" + name + "' has control character U+"
                        + String.format("%04X", (int) ch) + " at index " + i + ", which XML cannot hold");
            }
        }
        if (fields.containsKey(name)) {
            throw new VtuException("two " + kind + " fields are named '" + name + "'; names must be distinct");
        }
        if (components < 1) {
            throw new VtuException(kind + " field '" + name + "': components must be at least 1, found " + components);
        }
        if ((long) tuples * components != values.length) {
            throw new DimensionMismatchException(kind + " field '" + name + "': expected " + (long) tuples * components
                    + " values (" + tuples + " " + tupleNoun + " x " + components + " component"
                    + (components == 1 ? "" : "s") + "), found " + values.length);
        }
        fields.put(name, new VtuArray(name, components, values.clone()));
    }

    /**
     * Writes the file atomically: to a temporary file in the target's directory, then moved over the
     * target. On failure the temporary file is removed and the target is left as it was.
     */
    public void write(Path path) {
        Path target = path.toAbsolutePath();
        Path temp = null;
        try {
            // not Files.createTempFile: its owner-only permissions would end up on the target
            temp = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toUnsignedString(
                            java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new VtuException("cannot write " + path + ": " + e, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // the write already failed; that error is the one to report
                }
            }
        }
    }

    /** One DataArray: its XML attributes and how to produce its little-endian bytes. */
    private record Array(String type, String name, int components, int count, int width, Body body) {
        long bytes() {
            return (long) count * width;
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(Sink sink) throws IOException;
    }

    private List<Array> pointArrays() {
        List<Array> arrays = new ArrayList<>();
        for (VtuArray f : pointFields.values()) {
            arrays.add(doubles(f));
        }
        return arrays;
    }

    private List<Array> cellArrays() {
        List<Array> arrays = new ArrayList<>();
        arrays.add(new Array("Int32", SUBDOMAIN, 1, mesh.numCells(), 4, s -> {
            for (int c = 0; c < mesh.numCells(); c++) {
                s.putInt(mesh.cellMarker(c));
            }
        }));
        for (VtuArray f : cellFields.values()) {
            arrays.add(doubles(f));
        }
        return arrays;
    }

    private static Array doubles(VtuArray f) {
        return new Array("Float64", f.name(), f.components(), f.values().length, 8, s -> {
            for (double v : f.values()) {
                s.putDouble(v);
            }
        });
    }

    private Array points() {
        int dim = mesh.dimension();
        return new Array("Float64", "Points", 3, 3 * mesh.numNodes(), 8, s -> {
            for (int i = 0; i < mesh.numNodes(); i++) {
                for (int d = 0; d < 3; d++) {
                    s.putDouble(d < dim ? mesh.coordinate(i, d) : 0.0);
                }
            }
        });
    }

    private List<Array> cellTopology() {
        int perCell = mesh.dimension() + 1;
        int cells = mesh.numCells();
        byte type = (byte) (mesh.dimension() == 2 ? VTK_TRIANGLE : VTK_TETRA);
        return List.of(
                new Array("Int64", "connectivity", 1, cells * perCell, 8, s -> {
                    for (int c = 0; c < cells; c++) {
                        for (int k = 0; k < perCell; k++) {
                            s.putLong(mesh.cellNode(c, k));
                        }
                    }
                }),
                new Array("Int64", "offsets", 1, cells, 8, s -> {
                    // offsets[c] = end of cell c in the connectivity
                    for (long c = 1; c <= cells; c++) {
                        s.putLong(c * perCell);
                    }
                }),
                new Array("UInt8", "types", 1, cells, 1, s -> {
                    for (int c = 0; c < cells; c++) {
                        s.putByte(type);
                    }
                }));
    }

    /** Writes the file's bytes to {@code out}, for a caller that places the file itself. */
    public void writeTo(OutputStream out) throws IOException {
        List<Array> pointData = pointArrays();
        List<Array> cellData = cellArrays();
        Array points = points();
        List<Array> topology = cellTopology();
        List<Array> order = new ArrayList<>(pointData);
        order.addAll(cellData);
        order.add(points);
        order.addAll(topology);
        // appended offsets: each block is an 8-byte UInt64 byte count followed by the data
        Map<Array, Long> offsets = new IdentityHashMap<>();
        long offset = 0;
        for (Array a : order) {
            offsets.put(a, offset);
            offset += 8 + a.bytes();
        }
        Sink sink = new Sink(out);
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\"?>\n")
                .append("<VTKFile type=\"UnstructuredGrid\" version=\"1.0\" byte_order=\"LittleEndian\"")
                .append(" header_type=\"UInt64\">\n")
                .append("  <UnstructuredGrid>\n")
                .append("    <Piece NumberOfPoints=\"")
                .append(mesh.numNodes())
                .append("\" NumberOfCells=\"")
                .append(mesh.numCells())
                .append("\">\n");
        sink.text(xml);
        section(sink, "PointData", pointData, offsets);
        section(sink, "CellData", cellData, offsets);
        section(sink, "Points", List.of(points), offsets);
        section(sink, "Cells", topology, offsets);
        xml.append("    </Piece>\n  </UnstructuredGrid>\n");
        if (encoding == Encoding.APPENDED_RAW) {
            xml.append("  <AppendedData encoding=\"raw\">\n   _");
            sink.text(xml);
            for (Array a : order) {
                sink.putLong(a.bytes());
                a.body().write(sink);
            }
            xml.append("\n  </AppendedData>\n");
        }
        xml.append("</VTKFile>\n");
        sink.text(xml);
        sink.flush();
    }

    private void section(Sink sink, String tag, List<Array> arrays, Map<Array, Long> offsets) throws IOException {
        StringBuilder xml = new StringBuilder();
        xml.append("      <").append(tag).append(">\n");
        for (Array a : arrays) {
            xml.append("        <DataArray type=\"").append(a.type()).append("\" Name=\"");
            escape(a.name(), xml);
            xml.append('"');
            if (a.components() != 1) {
                xml.append(" NumberOfComponents=\"").append(a.components()).append('"');
            }
            if (encoding == Encoding.APPENDED_RAW) {
                xml.append(" format=\"appended\" offset=\"")
                        .append(offsets.get(a))
                        .append("\"/>\n");
                continue;
            }
            xml.append(" format=\"binary\">\n          ");
            sink.text(xml);
            // one base64 stream over the byte count and the data, as VTK writes uncompressed arrays
            sink.beginBase64();
            sink.putLong(a.bytes());
            a.body().write(sink);
            sink.endBase64();
            xml.append("\n        </DataArray>\n");
        }
        xml.append("      </").append(tag).append(">\n");
        sink.text(xml);
    }

    private static void escape(String s, StringBuilder xml) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> xml.append("&amp;");
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                default -> xml.append(ch);
            }
        }
    }

    /** Little-endian binary output, either raw or through a base64 encoder, plus UTF-8 markup. */
    private static final class Sink {
        private final OutputStream file;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 15).order(ByteOrder.LITTLE_ENDIAN);
        private OutputStream target;

        Sink(OutputStream file) {
            this.file = file;
            this.target = file;
        }

        /** Writes and clears the markup. */
        void text(StringBuilder xml) throws IOException {
            flush();
            file.write(xml.toString().getBytes(StandardCharsets.UTF_8));
            xml.setLength(0);
        }

        void beginBase64() throws IOException {
            flush();
            // the encoder's close() writes the final padding; it must not close the file
            target = Base64.getEncoder().wrap(new FilterOutputStream(file) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            });
        }

        void endBase64() throws IOException {
            flush();
            target.close();
            target = file;
        }

        private void room(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        void putDouble(double v) throws IOException {
            room(8);
            buffer.putDouble(v);
        }

        void putLong(long v) throws IOException {
            room(8);
            buffer.putLong(v);
        }

        void putInt(int v) throws IOException {
            room(4);
            buffer.putInt(v);
        }

        void putByte(byte v) throws IOException {
            room(1);
            buffer.put(v);
        }

        void flush() throws IOException {
            target.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
    }
}

package org.jrom.fem.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jrom.Excerpt;
import org.jrom.fem.Mesh;
import org.jrom.fem.MeshException;
import org.jrom.linalg.NonFiniteValueException;

/**
 * Reads a VTK XML unstructured grid ({@code .vtu}) of triangles (VTK_TRIANGLE, points with constant
 * z) or tetrahedra (VTK_TETRA) into a {@link Mesh} and its named point-data and cell-data arrays,
 * e.g. snapshots exported from another solver through ParaView.
 *
 * <p>Accepted variants: data arrays in {@code ascii}, inline {@code binary} (base64) or {@code
 * appended} ({@code raw} or {@code base64}) format, optionally zlib-compressed
 * ({@code compressor="vtkZLibDataCompressor"}); UInt32 or UInt64 headers; either byte order; any
 * numeric type (Float32/Float64 data, Int32/Int64 connectivity, ...); attributes in any order; extra
 * whitespace, FieldData and information keys (ignored). Everything is checked against the piece:
 * array lengths against NumberOfPoints/NumberOfCells, offsets against the cell types, node indices
 * against the points; the errors name the file, the line, the array, what was expected and what
 * was found. The XML parser has DTDs and external entities disabled.
 *
 * <p>Memory is bounded by the file: every array is checked against the count the piece implies for
 * it before anything is allocated for its values, and a zlib header may announce at most {@value
 * #MAX_INFLATION} bytes per compressed byte it lists, the most zlib can inflate one byte to.
 *
 * <p>The mesh gets its cell markers from an integer cell array {@code "subdomain"} (0 if absent),
 * no marker names and no boundary facets (VTU carries neither). Inverted cells are reoriented by
 * swapping their nodes 1 and 2, so that the mesh is positively oriented; cell order and the data
 * arrays are unchanged.
 */
public final class VtuReader {
    private static final int VTK_TRIANGLE = 5;
    private static final int VTK_TETRA = 10;
    private static final byte[] APPENDED_TAG = "<AppendedData".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] APPENDED_END = "</AppendedData>".getBytes(StandardCharsets.US_ASCII);

    /**
     * The most bytes a zlib stream inflates to per byte of it: one length/distance pair stands for at
     * most 258 bytes and takes at least 2 bits (zlib's technical details, "Maximum Compression
     * Factor"). A compression header that announces more for the compressed bytes it lists cannot be
     * met by any stream, so it is refused before its buffer is allocated; no valid file is refused.
     */
    static final int MAX_INFLATION = 1032;

    private final String file;
    private final byte[] bytes;

    // from the XML
    private Map<String, String> vtkFile;
    private Map<String, String> piece;
    private int pieceLine;
    private int pieces;
    private final List<Spec> arrays = new ArrayList<>();
    private Map<String, String> appended;
    private int appendedLine;

    // resolved header
    private ByteOrder order;
    private int headerSize;
    private boolean compressed;
    private int appendedStart = -1;
    private int appendedEnd = -1;
    private byte[] appendedRaw; // the bytes between '_' and </AppendedData>

    private VtuReader(String file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    /** Reads the file; see the class comment for what is accepted and checked. */
    public static VtuData read(Path path) {
        return new VtuReader(path.toString(), bytes(path)).parse();
    }

    /** A VTK XML file's bytes (a .vtu, a .pvd), its absence or unreadability one line naming it. */
    static byte[] bytes(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new VtuException(path + ": no such file");
        } catch (IOException e) {
            throw new VtuException("cannot read " + path + ": " + e, e);
        }
    }

    /**
     * The values of the named point-data array of a file, tuple-major (a copy): one snapshot of an
     * external solver, the reader of {@code SnapshotSource.directory(dir, "*.vtu", f ->
     * VtuReader.readPointData(f, "u"))} in jrom-io.
     */
    public static double[] readPointData(Path path, String arrayName) {
        VtuData data = read(path);
        try {
            return data.pointArray(arrayName).values().clone();
        } catch (VtuException e) {
            throw new VtuException(path + ": " + e.getMessage(), e); // the array is missing: name the file
        }
    }

    /** A DataArray element: where it is, its attributes and its text (for inline formats). */
    private record Spec(String section, int index, Map<String, String> attributes, String text, int line) {
        String name() {
            return attributes.get("Name");
        }

        String describe() {
            return section + " array " + (name() != null ? "'" + name() + "'" : "#" + index);
        }
    }

    /** What the piece implies for an array: {@code values} values of {@code type} ({@code why}: from which counts). */
    private record Expected(VtuDataType type, long values, String why) {}

    /** Decoded values of one array, in the file's type. */
    private record Values(VtuDataType type, ByteBuffer data, int count) {
        double real(int i) {
            return type.realAt(data, i);
        }

        long integer(int i) {
            return type.integerAt(data, i);
        }
    }

    private VtuException error(int line, String message) {
        return new VtuException(file + (line > 0 ? ":" + line : "") + ": " + message);
    }

    private VtuException error(Spec s, String message) {
        return error(s.line(), s.describe() + ": " + message);
    }

    private VtuData parse() {
        splitAndParseXml();
        resolveHeader();
        if (piece == null) {
            throw error(0, "no <Piece> in <UnstructuredGrid>");
        }
        int points = count(piece, "NumberOfPoints");
        int cells = count(piece, "NumberOfCells");
        Spec pointSpec = null;
        Spec connectivity = null, offsets = null, types = null;
        Map<String, VtuArray> pointData = new LinkedHashMap<>();
        Map<String, VtuArray> cellData = new LinkedHashMap<>();
        for (Spec s : arrays) {
            switch (s.section()) {
                case "Points" -> pointSpec = pointSpec == null ? s : duplicate(s);
                case "Cells" -> {
                    String name = String.valueOf(s.name());
                    switch (name) {
                        case "connectivity" -> connectivity = connectivity == null ? s : duplicate(s);
                        case "offsets" -> offsets = offsets == null ? s : duplicate(s);
                        case "types" -> types = types == null ? s : duplicate(s);
                        default -> {} // faces/faceoffsets of polyhedra: the cell types reject those
                    }
                }
                case "PointData" -> field(s, points, "points", pointData);
                case "CellData" -> field(s, cells, "cells", cellData);
                default -> throw new IllegalStateException(s.section());
            }
        }
        if (pointSpec == null) {
            throw error(pieceLine, "the piece has no <Points> array");
        }
        requireCellArray(connectivity, "connectivity");
        requireCellArray(offsets, "offsets");
        requireCellArray(types, "types");
        if (cells == 0) {
            throw error(pieceLine, "the piece has no cells (NumberOfCells=\"0\")");
        }
        if (components(pointSpec) != 3) {
            throw error(
                    pointSpec, "points need 3 components, found NumberOfComponents=\"" + components(pointSpec) + "\"");
        }
        Values xyz = decode(pointSpec, 3L * points, points + " points x 3 coordinates");
        Values cellTypes = integers(decode(types, cells, cells + " cells"), types);
        Values cellEnds = integers(decode(offsets, cells, cells + " cells"), offsets);

        int type = (int) cellTypes.integer(0);
        for (int c = 0; c < cells; c++) {
            long t = cellTypes.integer(c);
            if (t != VTK_TRIANGLE && t != VTK_TETRA) {
                throw error(
                        types,
                        "cell " + c + " has VTK type " + t + typeName(t)
                                + "; only triangles (5) and tetrahedra (10) are supported");
            }
            if (t != type) {
                throw error(
                        types,
                        "cell " + c + " has VTK type " + t + typeName(t) + " but cell 0 has " + type + typeName(type)
                                + "; meshes mixing triangles and tetrahedra are not supported");
            }
        }
        int perCell = type == VTK_TRIANGLE ? 3 : 4;
        long previous = 0;
        for (int c = 0; c < cells; c++) {
            long end = cellEnds.integer(c);
            if (end - previous != perCell) {
                throw error(
                        offsets,
                        "cell " + c + " ends at offset " + end + " after " + previous + ", i.e. has " + (end - previous)
                                + " nodes; a " + (perCell == 3 ? "triangle" : "tetrahedron") + " has " + perCell);
            }
            previous = end;
        }
        Values nodes = integers(
                decode(connectivity, (long) cells * perCell, cells + " cells x " + perCell + " nodes"), connectivity);
        int[] cellNodes = new int[cells * perCell];
        for (int k = 0; k < cellNodes.length; k++) {
            long v = nodes.integer(k);
            if (v < 0 || v >= points) {
                throw error(
                        connectivity,
                        "cell " + k / perCell + ": node " + v + " out of range (the piece has " + points + " points)");
            }
            cellNodes[k] = (int) v;
        }

        int dim = perCell - 1;
        double[] coordinates = new double[points * dim];
        for (int i = 0; i < points; i++) {
            for (int d = 0; d < dim; d++) {
                coordinates[i * dim + d] = xyz.real(3 * i + d);
            }
            if (dim == 2 && Double.compare(xyz.real(3 * i + 2), xyz.real(2)) != 0) {
                throw error(
                        pointSpec,
                        "a triangle mesh must lie in a plane z = const: point " + i + " has z = " + xyz.real(3 * i + 2)
                                + ", point 0 has z = " + xyz.real(2));
            }
        }
        reorient(dim, coordinates, cellNodes);
        int[] markers = markers(cellData.get(VtuWriter.SUBDOMAIN), cells);
        Mesh mesh;
        try {
            mesh = Mesh.of(dim, coordinates, cellNodes, markers, new int[0], new int[0], Map.of(), Map.of());
        } catch (MeshException | NonFiniteValueException e) {
            throw new VtuException(file + ": " + e.getMessage(), e);
        }
        return new VtuData(mesh, pointData, cellData);
    }

    private void requireCellArray(Spec s, String name) {
        if (s == null) {
            throw error(pieceLine, "the piece has no <Cells> array '" + name + "'");
        }
    }

    private Spec duplicate(Spec s) {
        throw error(s, "appears twice in the piece");
    }

    private void field(Spec s, int tuples, String noun, Map<String, VtuArray> into) {
        if (s.name() == null) {
            throw error(s, "has no Name attribute");
        }
        if (into.containsKey(s.name())) {
            throw error(s, "a second " + s.section() + " array has this name; names must be distinct");
        }
        int components = components(s);
        Values v = decode(
                s,
                (long) tuples * components,
                tuples + " " + noun + " x " + components + " component" + (components == 1 ? "" : "s"));
        double[] values = new double[v.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.real(i);
        }
        into.put(s.name(), new VtuArray(s.name(), components, values));
    }

    private int[] markers(VtuArray subdomain, int cells) {
        int[] markers = new int[cells];
        if (subdomain == null) {
            return markers;
        }
        Spec s = arrays.stream()
                .filter(a -> a.section().equals("CellData") && VtuWriter.SUBDOMAIN.equals(a.name()))
                .findFirst()
                .orElseThrow();
        if (subdomain.components() != 1) {
            throw error(s, "subdomain markers need 1 component, found " + subdomain.components());
        }
        for (int c = 0; c < cells; c++) {
            double m = subdomain.values()[c];
            if (m != Math.rint(m) || Math.abs(m) > Integer.MAX_VALUE) {
                throw error(s, "cell " + c + " has marker " + m + ", not a 32-bit integer");
            }
            markers[c] = (int) m;
        }
        return markers;
    }

    /** Swaps nodes 1 and 2 of every cell with negative orientation (Jacobian determinant). */
    private static void reorient(int dim, double[] x, int[] cells) {
        int perCell = dim + 1;
        double[] e = new double[dim * dim];
        for (int c = 0; c < cells.length / perCell; c++) {
            int p0 = cells[c * perCell] * dim;
            for (int a = 0; a < dim; a++) {
                int pa = cells[c * perCell + a + 1] * dim;
                for (int d = 0; d < dim; d++) {
                    e[a * dim + d] = x[pa + d] - x[p0 + d];
                }
            }
            double det = dim == 2
                    ? e[0] * e[3] - e[1] * e[2]
                    : e[0] * (e[4] * e[8] - e[5] * e[7])
                            - e[1] * (e[3] * e[8] - e[5] * e[6])
                            + e[2] * (e[3] * e[7] - e[4] * e[6]);
            if (det < 0) {
                int t = cells[c * perCell + 1];
                cells[c * perCell + 1] = cells[c * perCell + 2];
                cells[c * perCell + 2] = t;
            }
        }
    }

    private static String typeName(long t) {
        String name =
                switch ((int) Math.max(Math.min(t, 100), -1)) {
                    case 1 -> "vertex";
                    case 3 -> "line";
                    case 5 -> "triangle";
                    case 7 -> "polygon";
                    case 9 -> "quad";
                    case 10 -> "tetra";
                    case 12 -> "hexahedron";
                    case 13 -> "wedge";
                    case 14 -> "pyramid";
                    case 21 -> "quadratic edge";
                    case 22 -> "quadratic triangle";
                    case 24 -> "quadratic tetra";
                    case 42 -> "polyhedron";
                    default -> null;
                };
        return name == null ? "" : " (" + name + ")";
    }

    private int count(Map<String, String> attributes, String name) {
        String v = attributes.get(name);
        if (v == null) {
            throw error(pieceLine, "<Piece> has no " + name + " attribute");
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(pieceLine, "<Piece> " + name + "=\"" + v + "\" is not a non-negative 32-bit integer");
    }

    private int components(Spec s) {
        String v = s.attributes().get("NumberOfComponents");
        if (v == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(s, "NumberOfComponents=\"" + v + "\" is not a positive integer");
    }

    private Values integers(Values v, Spec s) {
        if (!v.type().integer) {
            throw error(
                    s,
                    "must have an integer type, found type=\"" + s.attributes().get("type") + "\"");
        }
        return v;
    }

    // ---------------------------------------------------------------- XML structure

    private void splitAndParseXml() {
        int tag = indexOf(bytes, APPENDED_TAG, 0);
        if (tag < 0) {
            parseXml(bytes, bytes.length);
            return;
        }
        // the appended section is not XML (raw bytes): parse the markup up to its start tag, closed
        int gt = tag;
        while (gt < bytes.length && bytes[gt] != '>') {
            gt++;
        }
        if (gt == bytes.length) {
            throw error(lineAt(tag), "unterminated <AppendedData> tag");
        }
        boolean empty = bytes[gt - 1] == '/';
        byte[] close = (empty ? "</VTKFile>" : "</AppendedData></VTKFile>").getBytes(StandardCharsets.US_ASCII);
        byte[] xml = Arrays.copyOf(bytes, gt + 1 + close.length);
        System.arraycopy(close, 0, xml, gt + 1, close.length);
        parseXml(xml, xml.length);
        if (empty) {
            return;
        }
        int p = gt + 1;
        while (p < bytes.length && isSpace(bytes[p])) {
            p++;
        }
        if (p == bytes.length || bytes[p] != '_') {
            throw error(appendedLine, "the data in <AppendedData> must start with '_'");
        }
        appendedStart = p + 1;
        appendedEnd = lastIndexOf(bytes, APPENDED_END, appendedStart);
        if (appendedEnd < 0) {
            throw error(appendedLine, "no </AppendedData> after the appended data: the file is truncated");
        }
    }

    private void parseXml(byte[] xml, int length) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        List<String> stack = new ArrayList<>();
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(new ByteArrayInputStream(xml, 0, length));
            StringBuilder text = null;
            Map<String, String> attributes = null;
            int textDepth = -1;
            int line = 0;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String tag = r.getLocalName();
                    String parent = stack.isEmpty() ? null : stack.get(stack.size() - 1);
                    String grandparent = stack.size() < 2 ? null : stack.get(stack.size() - 2);
                    stack.add(tag);
                    int here = r.getLocation().getLineNumber();
                    if (parent == null) {
                        if (!tag.equals("VTKFile")) {
                            throw error(here, "the root element is <" + tag + ">, expected <VTKFile>");
                        }
                        vtkFile = attributes(r);
                    } else if (tag.equals("Piece") && parent.equals("UnstructuredGrid")) {
                        if (++pieces > 1) {
                            throw error(here, "a second <Piece>: only single-piece files are supported");
                        }
                        piece = attributes(r);
                        pieceLine = here;
                    } else if (tag.equals("AppendedData") && parent.equals("VTKFile")) {
                        appended = attributes(r);
                        appendedLine = here;
                    } else if (tag.equals("DataArray")
                            && "Piece".equals(grandparent)
                            && List.of("Points", "Cells", "PointData", "CellData")
                                    .contains(parent)) {
                        text = new StringBuilder();
                        attributes = attributes(r);
                        textDepth = stack.size();
                        line = here;
                    }
                } else if (event == XMLStreamConstants.CHARACTERS
                        || event == XMLStreamConstants.CDATA
                        || event == XMLStreamConstants.SPACE) {
                    if (text != null && stack.size() == textDepth) {
                        text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (text != null && stack.size() == textDepth) {
                        String section = stack.get(stack.size() - 2);
                        int index = (int) arrays.stream()
                                .filter(a -> a.section().equals(section))
                                .count();
                        arrays.add(new Spec(section, index, attributes, text.toString(), line));
                        text = null;
                    }
                    stack.remove(stack.size() - 1);
                }
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNumber() : 0;
            throw error(
                    line,
                    "malformed XML: "
                            + Excerpt.of(
                                    e.getMessage().replaceFirst("(?s)^ParseError at \\[.*?\\]\\s*Message: ", ""), 160));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    // nothing to release for an in-memory source
                }
            }
        }
    }

    private static Map<String, String> attributes(XMLStreamReader r) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < r.getAttributeCount(); i++) {
            a.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
        }
        return a;
    }

    private void resolveHeader() {
        String type = vtkFile.get("type");
        if (!"UnstructuredGrid".equals(type)) {
            throw error(1, "VTKFile type=\"" + type + "\", expected \"UnstructuredGrid\"");
        }
        String byteOrder = vtkFile.getOrDefault("byte_order", "LittleEndian");
        order = switch (byteOrder) {
            case "LittleEndian" -> ByteOrder.LITTLE_ENDIAN;
            case "BigEndian" -> ByteOrder.BIG_ENDIAN;
            default ->
                throw error(1, "VTKFile byte_order=\"" + byteOrder + "\", expected \"LittleEndian\" or \"BigEndian\"");
        };
        String header = vtkFile.getOrDefault("header_type", "UInt32");
        headerSize = switch (header) {
            case "UInt32" -> 4;
            case "UInt64" -> 8;
            default -> throw error(1, "VTKFile header_type=\"" + header + "\", expected \"UInt32\" or \"UInt64\"");
        };
        String compressor = vtkFile.get("compressor");
        compressed = compressor != null && !compressor.isBlank();
        if (compressed && !compressor.equals("vtkZLibDataCompressor")) {
            throw error(
                    1,
                    "compressor \"" + compressor
                            + "\" is not supported; save the file uncompressed or with zlib (vtkZLibDataCompressor)");
        }
    }

    // ---------------------------------------------------------------- data arrays

    /**
     * The values of an array, checked to be {@code expected} in number ({@code why} explains it) before
     * anything is allocated for them.
     */
    private Values decode(Spec s, long expected, String why) {
        VtuDataType type = VtuDataType.parse(s.attributes().get("type"));
        if (type == null) {
            throw error(
                    s,
                    "type=\"" + s.attributes().get("type") + "\" is not a numeric VTK type (Int8..UInt64, "
                            + "Float32, Float64)");
        }
        Expected want = new Expected(type, expected, why);
        String format = s.attributes().getOrDefault("format", "ascii");
        return switch (format) {
            case "ascii" -> ascii(s, want);
            case "binary" -> {
                byte[] b = base64(s.text(), 0, s.text().length(), s, "");
                yield values(type, block(s, b, 0, true, "decoded byte", want));
            }
            case "appended" -> appendedValues(s, want);
            default -> throw error(s, "format=\"" + format + "\", expected \"ascii\", \"binary\" or \"appended\"");
        };
    }

    /** Checks that {@code found} values are what the piece implies ({@code source} adds where they come from). */
    private void requireCount(Spec s, Expected want, long found, String source) {
        if (found != want.values()) {
            throw error(s, "expected " + want.values() + " values (" + want.why() + "), found " + found + source);
        }
    }

    /** Checks, before they are decoded, that {@code bytes} data bytes hold the values the piece implies. */
    private void requireBytes(Spec s, Expected want, long bytes, String source) {
        VtuDataType type = want.type();
        if (bytes % type.size != 0) {
            throw error(
                    s,
                    bytes + " data bytes are not a whole number of " + type.xmlName + " values (" + type.size
                            + " bytes each)");
        }
        requireCount(s, want, bytes / type.size, source);
    }

    private Values values(VtuDataType type, ByteBuffer data) {
        return new Values(type, data.slice().order(order), data.remaining() / type.size);
    }

    private Values ascii(Spec s, Expected want) {
        VtuDataType type = want.type();
        String text = s.text().strip();
        String[] tokens = text.isEmpty() ? new String[0] : text.split("\\s+");
        requireCount(s, want, tokens.length, "");
        ByteBuffer b = ByteBuffer.allocate(tokens.length * 8).order(order);
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            try {
                if (type.integer) {
                    long v = Long.parseLong(t);
                    long max = type.size == 8 ? Long.MAX_VALUE : (1L << (8 * type.size - (signed(type) ? 1 : 0))) - 1;
                    long min = signed(type) ? (type.size == 8 ? Long.MIN_VALUE : -max - 1) : 0;
                    if (v < min || v > max) {
                        throw error(s, "value " + i + " = " + t + " is out of the range of " + type.xmlName);
                    }
                    b.putLong(v);
                } else {
                    b.putDouble(parseReal(t));
                }
            } catch (NumberFormatException e) {
                throw error(s, "value " + i + " = '" + t + "' is not " + (type.integer ? "an integer" : "a number"));
            }
        }
        b.flip();
        return new Values(type.integer ? VtuDataType.INT64 : VtuDataType.FLOAT64, b, tokens.length);
    }

    private static boolean signed(VtuDataType t) {
        return t.xmlName.startsWith("Int");
    }

    /** Java's number syntax plus the spellings C++ streams and Python write for the special values. */
    private static double parseReal(String t) {
        return switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "nan", "+nan", "-nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (t.endsWith("f") || t.endsWith("F") || t.endsWith("d") || t.endsWith("D")) {
                    throw new NumberFormatException(t); // Java suffixes are not part of the format
                }
                yield Double.parseDouble(t);
            }
        };
    }

    private Values appendedValues(Spec s, Expected want) {
        if (appended == null || appendedStart < 0) {
            throw error(s, "format=\"appended\" but the file has no <AppendedData> section");
        }
        long offset = appendedOffset(s);
        String encoding = appended.getOrDefault("encoding", "base64");
        int length = appendedEnd - appendedStart;
        if (offset >= length) {
            throw error(s, "offset=\"" + offset + "\" is past the end of the " + length + " bytes of appended data");
        }
        if (encoding.equals("raw")) {
            if (appendedRaw == null) {
                appendedRaw = Arrays.copyOfRange(bytes, appendedStart, appendedEnd);
            }
            return values(want.type(), block(s, appendedRaw, (int) offset, false, "appended byte", want));
        }
        if (!encoding.equals("base64")) {
            throw error(appendedLine, "<AppendedData encoding=\"" + encoding + "\">, expected \"raw\" or \"base64\"");
        }
        // a base64 block runs to the next array's offset
        long end = length;
        for (Spec other : arrays) {
            if ("appended".equals(other.attributes().get("format"))) {
                long o = appendedOffset(other);
                if (o > offset && o < end) {
                    end = o;
                }
            }
        }
        String text =
                new String(bytes, appendedStart + (int) offset, (int) (end - offset), StandardCharsets.ISO_8859_1);
        byte[] b = base64(text, 0, text.length(), s, " of the appended data from offset " + offset);
        return values(want.type(), block(s, b, 0, false, "decoded byte", want));
    }

    private long appendedOffset(Spec s) {
        String o = s.attributes().get("offset");
        if (o == null) {
            throw error(s, "format=\"appended\" needs an offset attribute");
        }
        try {
            long v = Long.parseLong(o.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(s, "offset=\"" + o + "\" is not a non-negative integer");
    }

    /**
     * The data bytes of a binary block at {@code start}: a header of byte counts, then the data,
     * either plain (header: byte count) or zlib-compressed in blocks (header: number of blocks,
     * block size, size of the last block, compressed size of each block). The header is checked
     * against the bytes that follow and against {@code want} before anything is allocated: plain data
     * are a view of {@code b}; inflated data take at most {@value #MAX_INFLATION} times the compressed
     * bytes they come from.
     */
    private ByteBuffer block(Spec s, byte[] b, int start, boolean exact, String unit, Expected want) {
        if (!compressed) {
            long n = header(s, b, start, 0, unit);
            long data = start + (long) headerSize;
            if (data + n > b.length || (exact && data + n != b.length)) {
                throw error(
                        s,
                        "the header at " + unit + " " + start + " announces " + n + " data bytes but "
                                + (b.length - data) + " follow" + (exact ? "" : " in the file"));
            }
            requireBytes(s, want, n, "");
            return ByteBuffer.wrap(b, (int) data, (int) n);
        }
        long blocks = header(s, b, start, 0, unit);
        long blockSize = header(s, b, start, 1, unit);
        long lastSize = header(s, b, start, 2, unit);
        if (blocks > 0 && (blockSize == 0 || lastSize > blockSize)) {
            throw error(
                    s,
                    "compression header: block size " + blockSize + ", last block size " + lastSize
                            + " is inconsistent");
        }
        long total = blocks == 0 ? 0 : (blocks - 1) * blockSize + (lastSize == 0 ? blockSize : lastSize);
        long first = start + (3 + blocks) * headerSize; // the first compressed block
        long in = first;
        for (int k = 0; k < blocks; k++) { // ends at the end of b: header() refuses to read past it
            long size = header(s, b, start, 3 + k, unit);
            if (in + size > b.length) {
                throw error(
                        s,
                        "compressed block " + k + " at " + unit + " " + in + " has " + size + " bytes but only "
                                + (b.length - in) + " follow");
            }
            in += size;
        }
        if (exact && in != b.length) {
            throw error(s, (b.length - in) + " bytes follow the last compressed block");
        }
        if (total > MAX_INFLATION * (in - first)) {
            throw error(
                    s,
                    "the compression header announces " + total + " bytes for " + (in - first)
                            + " compressed bytes, more than zlib's maximum of " + MAX_INFLATION
                            + " per compressed byte");
        }
        requireBytes(s, want, total, " (the compression header announces " + total + " bytes)");
        if (total > Integer.MAX_VALUE - 16) {
            throw error(s, "compression header announces " + total + " bytes, more than one array can hold");
        }
        byte[] out = new byte[(int) total];
        in = first;
        int produced = 0;
        Inflater inflater = new Inflater();
        try {
            for (int k = 0; k < blocks; k++) {
                long size = header(s, b, start, 3 + k, unit);
                int inflated = k == blocks - 1 ? (int) (total - produced) : (int) blockSize;
                inflater.reset();
                inflater.setInput(b, (int) in, (int) size);
                int got = inflater.inflate(out, produced, inflated);
                if (got != inflated || !inflater.finished()) {
                    throw error(
                            s,
                            "compressed block " + k + " at " + unit + " " + in + " inflates to " + got + " bytes"
                                    + (inflater.finished() ? "" : " or more") + ", the header says " + inflated);
                }
                produced += got;
                in += size;
            }
        } catch (DataFormatException e) {
            throw error(s, "corrupt zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
        return ByteBuffer.wrap(out);
    }

    /** Header integer k of the block at {@code start}. */
    private long header(Spec s, byte[] b, int start, long k, String unit) {
        long p = start + k * headerSize;
        if (p + headerSize > b.length) {
            throw error(
                    s,
                    "truncated binary data: the " + (k == 0 ? "" : "compression ") + "header needs bytes up to " + unit
                            + " " + (p + headerSize) + ", there are " + b.length);
        }
        ByteBuffer h = ByteBuffer.wrap(b, (int) p, headerSize).order(order);
        long v = headerSize == 4 ? h.getInt() & 0xFFFF_FFFFL : h.getLong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw error(
                    s,
                    "header value " + Long.toUnsignedString(v) + " at " + unit + " " + p
                            + " is not a plausible byte count");
        }
        return v;
    }

    /**
     * Base64 decoded in groups of four characters, whitespace ignored; a group may end with padding
     * anywhere, because writers encode the header and the data either as one stream (VTK) or as two
     * (compressed data, meshio).
     */
    private byte[] base64(String text, int from, int to, Spec s, String where) {
        int significant = 0;
        for (int i = from; i < to; i++) {
            if (!isSpace(text.charAt(i))) {
                significant++;
            }
        }
        if (significant % 4 != 0) {
            throw error(
                    s,
                    "truncated or corrupt base64 data" + where + ": " + significant
                            + " characters, not a multiple of 4");
        }
        byte[] out = new byte[significant / 4 * 3];
        int o = 0;
        int[] q = new int[4];
        int k = 0;
        int seen = 0;
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            if (isSpace(ch)) {
                continue;
            }
            int v = base64Value(ch);
            if (v == -1) {
                throw error(
                        s,
                        "invalid base64 character '" + ch + "' (U+" + String.format("%04X", (int) ch)
                                + ") at character " + seen + where);
            }
            seen++;
            q[k++] = v;
            if (k < 4) {
                continue;
            }
            k = 0;
            if (q[0] < 0 || q[1] < 0 || (q[2] < 0 && q[3] >= 0)) {
                throw error(s, "misplaced base64 padding '=' in characters " + (seen - 4) + ".." + (seen - 1) + where);
            }
            out[o++] = (byte) (q[0] << 2 | q[1] >> 4);
            if (q[2] >= 0) {
                out[o++] = (byte) ((q[1] & 15) << 4 | q[2] >> 2);
                if (q[3] >= 0) {
                    out[o++] = (byte) ((q[2] & 3) << 6 | q[3]);
                }
            }
        }
        return o == out.length ? out : Arrays.copyOf(out, o);
    }

    /** 0..63 for the alphabet, -2 for the padding '=', -1 otherwise. */
    private static int base64Value(char ch) {
        if (ch >= 'A' && ch <= 'Z') {
            return ch - 'A';
        }
        if (ch >= 'a' && ch <= 'z') {
            return ch - 'a' + 26;
        }
        if (ch >= '0' && ch <= '9') {
            return ch - '0' + 52;
        }
        return switch (ch) {
            case '+' -> 62;
            case '/' -> 63;
            case '=' -> -2;
            default -> -1;
        };
    }

    private static boolean isSpace(int b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private int lineAt(int position) {
        int line = 1;
        for (int i = 0; i < position; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int indexOf(byte[] b, byte[] pattern, int from) {
        outer:
        for (int i = from; i + pattern.length <= b.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (b[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, byte[] pattern, int from) {
        outer:
        for (int i = b.length - pattern.length; i >= from; i--) {
            for (int j = 0; j < pattern.length; j++) {
                if (b[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

package org.jrom.fem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jrom.fem.Mesh;
import org.jrom.fem.StructuredMesh;
import org.jrom.linalg.DimensionMismatchException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class VtuWriterTest {
    @TempDir
    Path dir;

    static Mesh mesh(int dim) {
        return dim == 2
                ? StructuredMesh.rectangle(-1, 2, 0, 0.7, 5, 3, c -> c[0] < 0.5 ? 3 : -7, Map.of("a", 3, "b", -7))
                : StructuredMesh.box(
                        new double[] {0, -1, 0.1},
                        new double[] {1, 1, 0.4},
                        2,
                        3,
                        2,
                        c -> c[2] < 0.2 ? 1 : 2,
                        Map.of());
    }

    /** Seeded random values with the special doubles mixed in, to check bit-for-bit transport. */
    static double[] values(int n, long seed) {
        double[] special = {
            Double.NaN,
            -0.0,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Math.PI
        };
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i < special.length ? special[i] : random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
        }
        return v;
    }

    static Stream<Arguments> meshesAndEncodings() {
        return Stream.of(2, 3)
                .flatMap(d -> Arrays.stream(VtuWriter.Encoding.values()).map(e -> Arguments.of(d, e)));
    }

    static void assertBits(double[] actual, double[] expected) {
        assertThat(Arrays.stream(actual).mapToLong(Double::doubleToRawLongBits).toArray())
                .containsExactly(Arrays.stream(expected)
                        .mapToLong(Double::doubleToRawLongBits)
                        .toArray());
    }

    @ParameterizedTest
    @MethodSource("meshesAndEncodings")
    void writeThenReadGivesTheSameMeshAndFieldsBitForBit(int dim, VtuWriter.Encoding encoding) {
        Mesh mesh = mesh(dim);
        int n = mesh.numNodes();
        int m = mesh.numCells();
        double[] u = values(n, 1);
        double[] rom = values(n, 2);
        double[] displacement = values(dim * n, 3);
        double[] error = values(m, 4);
        double[] stress = values(3 * m, 5);
        Path path = dir.resolve("fields.vtu");
        VtuWriter.of(mesh)
                .encoding(encoding)
                .pointField("u_hf(mu=0.1,10)", u)
                .pointField("u_rom <&\"'>", rom)
                .vectorField("displacement", dim, displacement)
                .cellField("error", error)
                .cellField("stress", 3, stress)
                .write(path);

        VtuData read = VtuReader.read(path);
        Mesh back = read.mesh();
        assertThat(back.dimension()).isEqualTo(dim);
        assertBits(back.coordinates(), mesh.coordinates());
        assertThat(back.cells()).containsExactly(mesh.cells());
        for (int c = 0; c < m; c++) {
            assertThat(back.cellMarker(c)).isEqualTo(mesh.cellMarker(c));
        }
        assertThat(read.pointData().keySet()).containsExactly("u_hf(mu=0.1,10)", "u_rom <&\"'>", "displacement");
        assertThat(read.cellData().keySet()).containsExactly("subdomain", "error", "stress");
        assertBits(read.pointArray("u_hf(mu=0.1,10)").values(), u);
        assertBits(read.pointArray("u_rom <&\"'>").values(), rom);
        assertThat(read.pointArray("displacement").components()).isEqualTo(dim);
        assertBits(read.pointArray("displacement").values(), displacement);
        assertBits(read.cellArray("error").values(), error);
        assertThat(read.cellArray("stress").components()).isEqualTo(3);
        assertBits(read.cellArray("stress").values(), stress);
        assertThat(read.cellArray("subdomain").values())
                .containsExactly(java.util.stream.IntStream.range(0, m)
                        .mapToDouble(mesh::cellMarker)
                        .toArray());
        assertThat(dir.toFile().list()).containsExactly("fields.vtu");
    }

    /** The whole file through the JDK's DOM parser, which knows nothing of the reader. */
    static Document dom(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> list = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                list.add(e);
            }
        }
        return list;
    }

    static Element child(Element parent, String tag) {
        List<Element> list = children(parent, tag);
        assertThat(list).as("<%s> in <%s>", tag, parent.getTagName()).hasSize(1);
        return list.get(0);
    }

    /** The little-endian payload of an inline binary array: one base64 stream, UInt64 byte count first. */
    static ByteBuffer payload(Element dataArray) {
        byte[] b = Base64.getDecoder().decode(dataArray.getTextContent().strip());
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(buf.getLong(0)).as("byte count header").isEqualTo(b.length - 8);
        return buf.position(8).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @ParameterizedTest
    @MethodSource("org.jrom.fem.io.VtuWriterTest#dimensions")
    void base64FileHasTheStructureOfTheVtkSpecification(int dim) throws Exception {
        Mesh mesh = mesh(dim);
        Path path = dir.resolve("s.vtu");
        VtuWriter.of(mesh).pointField("u", values(mesh.numNodes(), 7)).write(path);
        Element root = dom(Files.readAllBytes(path)).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("VTKFile");
        assertThat(root.getAttribute("type")).isEqualTo("UnstructuredGrid");
        assertThat(root.getAttribute("version")).isEqualTo("1.0");
        assertThat(root.getAttribute("byte_order")).isEqualTo("LittleEndian");
        assertThat(root.getAttribute("header_type")).isEqualTo("UInt64");
        Element piece = child(child(root, "UnstructuredGrid"), "Piece");
        assertThat(piece.getAttribute("NumberOfPoints")).isEqualTo(Integer.toString(mesh.numNodes()));
        assertThat(piece.getAttribute("NumberOfCells")).isEqualTo(Integer.toString(mesh.numCells()));

        Element points = child(child(piece, "Points"), "DataArray");
        assertThat(points.getAttribute("type")).isEqualTo("Float64");
        assertThat(points.getAttribute("NumberOfComponents")).isEqualTo("3");
        assertThat(points.getAttribute("format")).isEqualTo("binary");
        ByteBuffer xyz = payload(points);
        assertThat(xyz.remaining()).isEqualTo(24 * mesh.numNodes());
        for (int i = 0; i < mesh.numNodes(); i++) {
            for (int d = 0; d < 3; d++) {
                assertThat(xyz.getDouble()).isEqualTo(d < dim ? mesh.coordinate(i, d) : 0.0);
            }
        }

        List<Element> cellArrays = children(child(piece, "Cells"), "DataArray");
        assertThat(cellArrays)
                .extracting(e -> e.getAttribute("Name"))
                .containsExactly("connectivity", "offsets", "types");
        assertThat(cellArrays).extracting(e -> e.getAttribute("type")).containsExactly("Int64", "Int64", "UInt8");
        ByteBuffer connectivity = payload(cellArrays.get(0));
        ByteBuffer offsets = payload(cellArrays.get(1));
        ByteBuffer types = payload(cellArrays.get(2));
        assertThat(offsets.remaining()).isEqualTo(8 * mesh.numCells());
        assertThat(types.remaining()).isEqualTo(mesh.numCells());
        for (int c = 0; c < mesh.numCells(); c++) {
            assertThat(offsets.getLong()).isEqualTo((long) (c + 1) * (dim + 1)); // 3,6,9,... or 4,8,12,...
            assertThat(types.get()).isEqualTo((byte) (dim == 2 ? 5 : 10));
            for (int k = 0; k <= dim; k++) {
                assertThat(connectivity.getLong()).isEqualTo(mesh.cellNode(c, k));
            }
        }

        Element u = child(child(piece, "PointData"), "DataArray");
        assertThat(u.getAttribute("Name")).isEqualTo("u");
        assertThat(u.getAttribute("type")).isEqualTo("Float64");
        assertThat(payload(u).remaining()).isEqualTo(8 * mesh.numNodes());
        Element subdomain = child(child(piece, "CellData"), "DataArray");
        assertThat(subdomain.getAttribute("Name")).isEqualTo("subdomain");
        assertThat(subdomain.getAttribute("type")).isEqualTo("Int32");
        ByteBuffer markers = payload(subdomain);
        for (int c = 0; c < mesh.numCells(); c++) {
            assertThat(markers.getInt()).isEqualTo(mesh.cellMarker(c));
        }
    }

    static Stream<Integer> dimensions() {
        return Stream.of(2, 3);
    }

    @ParameterizedTest
    @MethodSource("org.jrom.fem.io.VtuWriterTest#dimensions")
    void appendedRawBlocksFollowTheirOffsets(int dim) throws Exception {
        Mesh mesh = mesh(dim);
        Path path = dir.resolve("a.vtu");
        double[] u = values(mesh.numNodes(), 9);
        VtuWriter.of(mesh)
                .encoding(VtuWriter.Encoding.APPENDED_RAW)
                .pointField("u", u)
                .write(path);
        byte[] file = Files.readAllBytes(path);
        String text = new String(file, StandardCharsets.ISO_8859_1);
        int tag = text.indexOf("<AppendedData encoding=\"raw\">");
        int start = text.indexOf('_', tag) + 1;
        // the markup before the raw data, closed, is well-formed XML
        byte[] markup = (text.substring(0, text.indexOf('>', tag) + 1) + "</AppendedData></VTKFile>")
                .getBytes(StandardCharsets.ISO_8859_1);
        Element root = dom(markup).getDocumentElement();
        Element piece = child(child(root, "UnstructuredGrid"), "Piece");
        List<Element> all = new ArrayList<>();
        for (String section : List.of("PointData", "CellData", "Points", "Cells")) {
            all.addAll(children(child(piece, section), "DataArray"));
        }
        ByteBuffer data =
                ByteBuffer.wrap(file, start, file.length - start).slice().order(ByteOrder.LITTLE_ENDIAN);
        long expectedOffset = 0;
        for (Element a : all) {
            assertThat(a.getAttribute("format")).isEqualTo("appended");
            assertThat(Long.parseLong(a.getAttribute("offset"))).isEqualTo(expectedOffset);
            long bytes = data.getLong((int) expectedOffset);
            int width = a.getAttribute("type").equals("UInt8")
                    ? 1
                    : a.getAttribute("type").equals("Int32") ? 4 : 8;
            int components =
                    a.hasAttribute("NumberOfComponents") ? Integer.parseInt(a.getAttribute("NumberOfComponents")) : 1;
            long tuples =
                    switch (a.getAttribute("Name")) {
                        case "u", "Points" -> mesh.numNodes();
                        case "connectivity" -> (long) mesh.numCells() * (dim + 1);
                        default -> mesh.numCells();
                    };
            assertThat(bytes).as(a.getAttribute("Name")).isEqualTo(tuples * components * width);
            expectedOffset += 8 + bytes;
        }
        assertThat(data.getDouble(8 + 5 * 8)).isEqualTo(u[5]);
        assertThat(new String(
                        file,
                        start + (int) expectedOffset,
                        file.length - start - (int) expectedOffset,
                        StandardCharsets.ISO_8859_1))
                .isEqualTo("\n  </AppendedData>\n</VTKFile>\n");
    }

    @Test
    void fieldOfWrongLengthIsRejectedBeforeTheTargetIsTouched() throws Exception {
        Mesh mesh = mesh(2);
        Path target = dir.resolve("keep.vtu");
        Files.writeString(target, "previous contents");
        assertThatThrownBy(() -> VtuWriter.of(mesh)
                        .pointField("u", new double[mesh.numNodes()])
                        .vectorField("displacement", 2, new double[2 * mesh.numNodes() - 1])
                        .write(target))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("point field 'displacement'")
                .hasMessageContaining(
                        "expected " + 2 * mesh.numNodes() + " values (" + mesh.numNodes() + " nodes x 2 components)")
                .hasMessageContaining("found " + (2 * mesh.numNodes() - 1));
        assertThatThrownBy(() -> VtuWriter.of(mesh).cellField("error", new double[mesh.numNodes()]))
                .hasMessageContaining("cell field 'error': expected " + mesh.numCells() + " values (" + mesh.numCells()
                        + " cells x 1 component), found " + mesh.numNodes());
        assertThat(Files.readString(target)).isEqualTo("previous contents");
        assertThat(dir.toFile().list()).containsExactly("keep.vtu");
    }

    @Test
    void badNamesAreRejected() {
        Mesh mesh = mesh(2);
        double[] cells = new double[mesh.numCells()];
        assertThatThrownBy(() -> VtuWriter.of(mesh).cellField("subdomain", cells))
                .isInstanceOf(VtuException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> VtuWriter.of(mesh).cellField("e", cells).cellField("e", cells))
                .hasMessageContaining("two cell fields are named 'e'");
        assertThatThrownBy(() -> VtuWriter.of(mesh).cellField("a\u0001b", cells))
                .hasMessageContaining("control character U+0001");
        assertThatThrownBy(() -> VtuWriter.of(mesh).vectorField("v", 0, new double[0]))
                .hasMessageContaining("components must be at least 1, found 0");
    }

    @Test
    void overwritesAnExistingFileAndLeavesNoTemporaryFile() {
        Path target = dir.resolve("x.vtu");
        VtuWriter.of(mesh(2)).write(target);
        Mesh cube = mesh(3);
        VtuWriter.of(cube).write(target);
        assertThat(VtuReader.read(target).mesh().numCells()).isEqualTo(cube.numCells());
        assertThat(dir.toFile().list()).containsExactly("x.vtu");
    }

    @Test
    void writtenFileHasTheUsualPermissionsNotThoseOfATemporaryFile() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path target = dir.resolve("p.vtu");
        VtuWriter.of(mesh(2)).write(target);
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void failedMoveLeavesTheTargetAndNoTemporaryFile() throws Exception {
        // a non-empty directory cannot be replaced by a file: the write fails at the final move
        Path target = dir.resolve("busy.vtu");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x");
        assertThatThrownBy(() -> VtuWriter.of(mesh(2)).write(target))
                .isInstanceOf(VtuException.class)
                .hasMessageContaining("cannot write")
                .hasMessageContaining("busy.vtu");
        assertThat(dir.toFile().list()).containsExactly("busy.vtu");
        assertThat(Files.readString(target.resolve("inside"))).isEqualTo("x");
    }
}

package org.jrom.fem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jrom.fem.Mesh;
import org.jrom.testing.HostileInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VtuReaderTest {
    @TempDir
    Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(VtuReaderTest.class.getResource("/vtu/" + name).toURI());
    }

    Path file(String name, byte[] contents) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, contents);
        return p;
    }

    Path file(String name, String contents) throws Exception {
        return file(name, contents.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void handWrittenAsciiFileIsRead() throws Exception {
        VtuData data = VtuReader.read(resource("square-ascii.vtu"));
        Mesh mesh = data.mesh();
        assertThat(mesh.dimension()).isEqualTo(2);
        assertThat(mesh.coordinates()).containsExactly(0, 0, 1, 0, 1, 1, 0, 1, 0.5, 0.5);
        // cell 2 is clockwise in the file (2 4 3) and comes back reoriented
        assertThat(mesh.cells()).containsExactly(0, 1, 4, 1, 2, 4, 2, 3, 4, 3, 0, 4);
        assertThat(new int[] {mesh.cellMarker(0), mesh.cellMarker(1), mesh.cellMarker(2), mesh.cellMarker(3)})
                .containsExactly(1, 2, 1, 2);
        assertThat(mesh.cellMeasure(2)).isEqualTo(0.25);
        assertThat(data.pointData().keySet()).containsExactly("temperature", "velocity");
        assertThat(data.pointArray("temperature").values()).containsExactly(0.1, 0.2, 0.30000000000000004, -1.5e-3, 42);
        VtuArray velocity = data.pointArray("velocity");
        assertThat(velocity.components()).isEqualTo(3);
        assertThat(velocity.tuples()).isEqualTo(5);
        assertThat(velocity.value(3, 1)).isEqualTo(-1);
        assertThat(velocity.value(4, 0)).isNaN();
        assertThat(velocity.value(4, 1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(velocity.value(4, 2)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(data.cellData().keySet()).containsExactly("subdomain", "pressure");
        assertThat(data.cellArray("pressure").values()).containsExactly(0.5, 0.25, 0.125, 2);
        assertThatThrownBy(() -> data.pointArray("pressure"))
                .hasMessageContaining("no point-data array 'pressure'; the file has [temperature, velocity]");
    }

    @Test
    void pointDataOfASnapshotFileIsReadByNameAndAMissingArrayNamesTheFile() throws Exception {
        Path square = resource("square-ascii.vtu");
        assertThat(VtuReader.readPointData(square, "temperature"))
                .containsExactly(0.1, 0.2, 0.30000000000000004, -1.5e-3, 42);
        assertThat(VtuReader.readPointData(square, "velocity")).hasSize(15);
        assertThatThrownBy(() -> VtuReader.readPointData(square, "u"))
                .isInstanceOf(VtuException.class)
                .hasMessageEndingWith(
                        "square-ascii.vtu: no point-data array 'u'; the file has [temperature, velocity]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "vtk9-2d-binary-zlib.vtu",
                "vtk9-2d-appended-raw.vtu",
                "vtk9-3d-appended-base64-zlib.vtu",
                "vtk9-3d-bigendian-zlib.vtu",
                "vtk9-3d-ascii.vtu"
            })
    void vtkWrittenFilesAreRead(String name) throws Exception {
        // see resources/vtu/README.md: VTK 9.1 wrote these meshes and fields in several of its modes
        Mesh expected = VtuWriterTest.mesh(name.contains("-2d-") ? 2 : 3);
        VtuData data = VtuReader.read(resource(name));
        Mesh mesh = data.mesh();
        assertThat(mesh.dimension()).isEqualTo(expected.dimension());
        assertThat(mesh.coordinates()).containsExactly(expected.coordinates());
        assertThat(mesh.cells()).containsExactly(expected.cells());
        for (int c = 0; c < mesh.numCells(); c++) {
            assertThat(mesh.cellMarker(c)).isEqualTo(expected.cellMarker(c));
        }
        int n = mesh.numNodes();
        double[] u =
                IntStream.range(0, n).mapToDouble(i -> Math.sin(i) * 1e-3 + i).toArray();
        assertThat(data.pointArray("u_hf(mu=0.1)").values()).containsExactly(u);
        assertThat(data.pointArray("u32").values())
                .containsExactly(Arrays.stream(u).map(v -> (float) v).toArray());
        VtuArray displacement = data.pointArray("displacement");
        assertThat(displacement.components()).isEqualTo(mesh.dimension());
        assertThat(displacement.values())
                .containsExactly(IntStream.range(0, mesh.dimension() * n)
                        .mapToDouble(k -> 0.5 * k)
                        .toArray());
        double[] error = data.cellArray("error").values();
        assertThat(error[0]).isNaN();
        for (int c = 1; c < error.length; c++) {
            assertThat(error[c]).isEqualTo(1.0 / (c + 1));
        }
    }

    /** Two tetrahedra sharing a face, the second given in negative orientation. */
    static final double[] TET_POINTS = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1};

    static final long[] TET_CELLS = {0, 1, 2, 3, 1, 3, 2, 4};

    static Stream<Arguments> variants() {
        List<Arguments> list = new ArrayList<>();
        for (VtuTestFile.Format format : VtuTestFile.Format.values()) {
            for (int header : new int[] {4, 8}) {
                for (boolean zlib : new boolean[] {false, true}) {
                    if (format == VtuTestFile.Format.ASCII && (zlib || header == 4)) {
                        continue;
                    }
                    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                        list.add(Arguments.of(format, header, zlib, order, false));
                    }
                    if (!zlib && format != VtuTestFile.Format.ASCII) {
                        list.add(Arguments.of(format, header, false, ByteOrder.LITTLE_ENDIAN, true));
                    }
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} header {1} zlib {2} {3} separate header {4}")
    @MethodSource("variants")
    void variantsOtherWritersProduceAreRead(
            VtuTestFile.Format format, int header, boolean zlib, ByteOrder order, boolean separateHeader)
            throws Exception {
        Random random = new Random(header * 31L + (zlib ? 1 : 0) + format.ordinal() * 7L);
        double[] u = random.doubles(5).toArray();
        double[] velocity = random.doubles(15).toArray();
        float[] f = {1.5f, -2.25f, 3e-7f, 1e30f, 0.1f};
        double[] weights = new double[5];
        for (int i = 0; i < 5; i++) {
            weights[i] = f[i];
        }
        VtuTestFile t = VtuTestFile.simplices(TET_POINTS, TET_CELLS, 4, "Float32", "Int32")
                .add("PointData", "u", "Float64", 1, u)
                .add("PointData", "velocity", "Float64", 3, velocity)
                .add("PointData", "weight", "Float32", 1, weights)
                .add("PointData", "id", "UInt16", 1, 0, 1, 2, 65535, 7)
                .add("CellData", "subdomain", "Int64", 1, 4, -2);
        t.format = format;
        t.headerSize = header;
        t.zlib = zlib;
        t.order = order;
        t.separateHeader = separateHeader;
        VtuData data = VtuReader.read(file("v.vtu", t.build(5, 2)));
        Mesh mesh = data.mesh();
        assertThat(mesh.dimension()).isEqualTo(3);
        assertThat(mesh.coordinates()).containsExactly(TET_POINTS);
        assertThat(mesh.cells()).containsExactly(0, 1, 2, 3, 1, 2, 3, 4); // second cell reoriented
        assertThat(mesh.cellMarker(0)).isEqualTo(4);
        assertThat(mesh.cellMarker(1)).isEqualTo(-2);
        assertThat(data.pointArray("u").values()).containsExactly(u);
        assertThat(data.pointArray("velocity").values()).containsExactly(velocity);
        assertThat(data.pointArray("weight").values()).containsExactly(weights);
        assertThat(data.pointArray("id").values()).containsExactly(0, 1, 2, 65535, 7);
    }

    // ---------------------------------------------------------------- errors

    static VtuTestFile triangles(VtuTestFile.Format format) {
        VtuTestFile t = VtuTestFile.simplices(
                        new double[] {0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0},
                        new long[] {0, 1, 2, 1, 3, 2},
                        3,
                        "Float64",
                        "Int64")
                .add("PointData", "u", "Float64", 1, 1, 2, 3, 4);
        t.format = format;
        return t;
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nowhere.vtu");
        assertThatThrownBy(() -> VtuReader.read(missing))
                .isInstanceOf(VtuException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void truncatedBase64IsReported() throws Exception {
        String text = new String(triangles(VtuTestFile.Format.BINARY).build(4, 2), StandardCharsets.UTF_8);
        // cut one character from the end of the base64 text of "u"
        int start = text.indexOf(">", text.indexOf("Name=\"u\"")) + 2;
        int end = text.indexOf("\n</DataArray>", start);
        String cut = text.substring(0, end - 1) + text.substring(end);
        assertThatThrownBy(() -> VtuReader.read(file("t.vtu", cut)))
                .isInstanceOf(VtuException.class)
                .hasMessageMatching(".*t\\.vtu:\\d+: PointData array 'u': truncated or corrupt base64 data: \\d+ "
                        + "characters, not a multiple of 4");
        // cut four characters: whole groups, so the byte count no longer matches
        String cut4 = text.substring(0, end - 4) + text.substring(end);
        assertThatThrownBy(() -> VtuReader.read(file("t4.vtu", cut4)))
                .hasMessageContaining("PointData array 'u': the header at decoded byte 0 announces 32 data bytes but");
        String corrupt = text.substring(0, start + 3) + "*" + text.substring(start + 4);
        assertThatThrownBy(() -> VtuReader.read(file("c.vtu", corrupt)))
                .hasMessageContaining("PointData array 'u': invalid base64 character '*' (U+002A) at character 3");
    }

    @Test
    void truncatedAppendedDataIsReported() throws Exception {
        byte[] b = triangles(VtuTestFile.Format.APPENDED_RAW).build(4, 2);
        int cut = b.length - "\n</AppendedData>\n</VTKFile>\n".length() - 3;
        byte[] truncated = java.util.Arrays.copyOf(b, cut);
        assertThatThrownBy(() -> VtuReader.read(file("r.vtu", truncated)))
                .hasMessageContaining("no </AppendedData> after the appended data: the file is truncated");
        // keep the closing tags, drop the two bytes of the types: only the newline before the tag is left
        byte[] shortened = VtuTestFile.concat(
                java.util.Arrays.copyOf(b, cut + 1),
                "\n</AppendedData>\n</VTKFile>\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> VtuReader.read(file("s.vtu", shortened)))
                .hasMessageContaining("Cells array 'types': the header at appended byte")
                .hasMessageContaining("announces 2 data bytes but 1 follow in the file");
    }

    /** A compressed block's header can announce any size: nothing is allocated for more than its bytes can hold. */
    @Test
    void zlibHeaderOfTheFuzzerFindingIsRefusedBeforeAllocating() throws Exception {
        // 3.5 KB; the first array's header announces one block of 806093032 bytes for its 203 compressed
        // bytes, and the reader allocated them (an OutOfMemoryError under the fuzz profile's 256 MiB)
        Path crash = Path.of(VtuReaderTest.class
                .getResource("VtuReaderFuzzTestInputs/read/crash-f5c718a6b451b206c953db911245ef5dbd38f27d")
                .toURI());
        assertThatThrownBy(() -> VtuReader.read(crash))
                .isInstanceOf(VtuException.class)
                .hasMessage(crash + ":6: PointData array 'u_hf(mu=0.1)': the compression header announces 806093032"
                        + " bytes for 203 compressed bytes, more than zlib's maximum of 1032 per compressed byte")
                .satisfies(e -> HostileInput.assertCleanMessage(e, crash.toString()));
        assertThat(HostileInput.allocatedBy(() -> VtuReader.read(crash))).isLessThan(16L << 20);
    }

    static Stream<Arguments> binaryFormats() {
        return Stream.of(VtuTestFile.Format.BINARY, VtuTestFile.Format.APPENDED_RAW, VtuTestFile.Format.APPENDED_BASE64)
                .flatMap(format -> Stream.of(Arguments.of(format, 4), Arguments.of(format, 8)));
    }

    @ParameterizedTest(name = "{0} header {1}")
    @MethodSource("binaryFormats")
    void zlibHeaderIsCheckedAgainstTheCompressedBytesAndThePieceBeforeAllocating(VtuTestFile.Format format, int header)
            throws Exception {
        VtuTestFile bomb = triangles(format);
        bomb.zlib = true;
        bomb.headerSize = header;
        bomb.announcedBytes = 1_000_000_000; // "u" has 4 values, 32 bytes, in about 30 compressed bytes
        Path bombFile = file("bomb.vtu", bomb.build(4, 2));
        assertThatThrownBy(() -> VtuReader.read(bombFile))
                .isInstanceOf(VtuException.class)
                .hasMessageMatching(
                        ".*bomb\\.vtu:\\d+: PointData array 'u': the compression header announces "
                                + "1000000000 bytes for \\d\\d compressed bytes, more than zlib's maximum of 1032 per compressed byte")
                .satisfies(e -> HostileInput.assertCleanMessage(e, bombFile.toString()));
        assertThat(HostileInput.allocatedBy(() -> VtuReader.read(bombFile))).isLessThan(16L << 20);

        // as much as zlib could inflate the block to, but not what the piece's 4 points imply
        VtuTestFile inflated = triangles(format);
        inflated.zlib = true;
        inflated.headerSize = header;
        inflated.announcedBytes = 800;
        assertThatThrownBy(() -> VtuReader.read(file("inflated.vtu", inflated.build(4, 2))))
                .hasMessageContaining("PointData array 'u': expected 4 values (4 points x 1 component), found 100 "
                        + "(the compression header announces 800 bytes)");
    }

    @Test
    void arrayOfWrongLengthNamesTheArrayAndTheCounts() throws Exception {
        VtuTestFile t = triangles(VtuTestFile.Format.ASCII).add("CellData", "error", "Float64", 1, 0.5, 0.25, 0.125);
        assertThatThrownBy(() -> VtuReader.read(file("l.vtu", t.build(4, 2))))
                .isInstanceOf(VtuException.class)
                .hasMessageMatching(".*l\\.vtu:\\d+: CellData array 'error': expected 2 values \\(2 cells x 1 "
                        + "component\\), found 3");
        VtuTestFile binary = triangles(VtuTestFile.Format.BINARY);
        assertThatThrownBy(() -> VtuReader.read(file("p.vtu", binary.build(5, 2))))
                .hasMessageContaining("PointData array 'u': expected 5 values (5 points x 1 component), found 4");
    }

    @Test
    void unknownCellTypeIsReported() throws Exception {
        VtuTestFile t = new VtuTestFile()
                .add("Points", "Points", "Float64", 3, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0)
                .add("Cells", "connectivity", "Int64", 1, 0, 1, 2, 3)
                .add("Cells", "offsets", "Int64", 1, 4)
                .add("Cells", "types", "UInt8", 1, 9);
        assertThatThrownBy(() -> VtuReader.read(file("q.vtu", t.build(4, 1))))
                .hasMessageContaining("Cells array 'types': cell 0 has VTK type 9 (quad); only triangles (5) and "
                        + "tetrahedra (10) are supported");
    }

    @Test
    void inconsistentTopologyIsReported() throws Exception {
        VtuTestFile mixed = VtuTestFile.simplices(TET_POINTS, TET_CELLS, 4, "Float64", "Int64");
        mixed.arrays.set(3, new VtuTestFile.Arr("Cells", "types", "UInt8", 1, new double[] {10, 5}));
        assertThatThrownBy(() -> VtuReader.read(file("m.vtu", mixed.build(5, 2))))
                .hasMessageContaining("cell 1 has VTK type 5 (triangle) but cell 0 has 10 (tetra)");

        VtuTestFile offsets = VtuTestFile.simplices(TET_POINTS, TET_CELLS, 4, "Float64", "Int64");
        offsets.arrays.set(2, new VtuTestFile.Arr("Cells", "offsets", "Int64", 1, new double[] {4, 7}));
        assertThatThrownBy(() -> VtuReader.read(file("o.vtu", offsets.build(5, 2))))
                .hasMessageContaining("Cells array 'offsets': cell 1 ends at offset 7 after 4, i.e. has 3 nodes; a "
                        + "tetrahedron has 4");

        VtuTestFile range =
                VtuTestFile.simplices(TET_POINTS, new long[] {0, 1, 2, 3, 1, 3, 2, 5}, 4, "Float64", "Int64");
        assertThatThrownBy(() -> VtuReader.read(file("n.vtu", range.build(5, 2))))
                .hasMessageContaining(
                        "Cells array 'connectivity': cell 1: node 5 out of range (the piece has 5 points)");

        VtuTestFile floatIds = VtuTestFile.simplices(TET_POINTS, TET_CELLS, 4, "Float64", "Float64");
        assertThatThrownBy(() -> VtuReader.read(file("f.vtu", floatIds.build(5, 2))))
                .hasMessageContaining("Cells array 'offsets': must have an integer type, found type=\"Float64\"");

        VtuTestFile flat = VtuTestFile.simplices(
                new double[] {0, 0, 0, 1, 0, 0, 0, 1, 0.5}, new long[] {0, 1, 2}, 3, "Float64", "Int64");
        assertThatThrownBy(() -> VtuReader.read(file("z.vtu", flat.build(3, 1))))
                .hasMessageContaining("a triangle mesh must lie in a plane z = const: point 2 has z = 0.5");

        VtuTestFile degenerate = VtuTestFile.simplices(
                new double[] {0, 0, 0, 1, 0, 0, 2, 0, 0}, new long[] {0, 1, 2}, 3, "Float64", "Int64");
        assertThatThrownBy(() -> VtuReader.read(file("d.vtu", degenerate.build(3, 1))))
                .hasMessageContaining("d.vtu: cell 0 has zero area");
    }

    @Test
    void missingPiecesAndArraysAreReported() throws Exception {
        VtuTestFile noPoints = triangles(VtuTestFile.Format.BINARY);
        noPoints.arrays.remove(0);
        assertThatThrownBy(() -> VtuReader.read(file("np.vtu", noPoints.build(4, 2))))
                .hasMessageMatching(".*np\\.vtu:\\d+: the piece has no <Points> array");
        VtuTestFile noOffsets = triangles(VtuTestFile.Format.BINARY);
        noOffsets.arrays.remove(2);
        assertThatThrownBy(() -> VtuReader.read(file("no.vtu", noOffsets.build(4, 2))))
                .hasMessageContaining("the piece has no <Cells> array 'offsets'");
        assertThatThrownBy(() -> VtuReader.read(file("pd.vtu", "<VTKFile type=\"PolyData\"><PolyData/></VTKFile>")))
                .hasMessageContaining("pd.vtu:1: VTKFile type=\"PolyData\", expected \"UnstructuredGrid\"");
        assertThatThrownBy(() -> VtuReader.read(file("bad.vtu", "<VTKFile type=\"UnstructuredGrid\">\n<Piece>")))
                .hasMessageContaining("bad.vtu:2: malformed XML");
        String lz4 = new String(triangles(VtuTestFile.Format.BINARY).build(4, 2), StandardCharsets.UTF_8)
                .replace("header_type", "compressor=\"vtkLZ4DataCompressor\" header_type");
        assertThatThrownBy(() -> VtuReader.read(file("lz4.vtu", lz4)))
                .hasMessageContaining("compressor \"vtkLZ4DataCompressor\" is not supported");
    }

    @Test
    void externalEntitiesAreNotResolved() throws Exception {
        // a valid file but for the entity: resolving it would read the secret into an array name
        Path secret = file("secret.txt", "TOP-SECRET-CONTENT");
        String valid = new String(triangles(VtuTestFile.Format.ASCII).build(4, 2), StandardCharsets.UTF_8);
        String xxe = valid.replace(
                        "<VTKFile", "<!DOCTYPE VTKFile [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n<VTKFile")
                .replace("Name=\"u\"", "Name=\"u&xxe;\"");
        assertThat(VtuReader.read(file("valid.vtu", valid)).pointData()).containsKey("u");
        assertThatThrownBy(() -> VtuReader.read(file("xxe.vtu", xxe)))
                .isInstanceOf(VtuException.class)
                .hasMessageContaining("xxe.vtu:")
                .hasMessageContaining("malformed XML")
                .message()
                .doesNotContain("TOP-SECRET-CONTENT");
    }
}

package org.jrom.fem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.jrom.JromException;
import org.jrom.fem.Mesh;
import org.jrom.fem.MeshException;
import org.jrom.fem.P1Space;
import org.jrom.linalg.CsrMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Gmsh 4.1 reader on hand-written meshes (text), their binary encodings, and meshes written by
 * Gmsh 4.8.4 itself (an L-shape in text and binary, a cube in binary; the .geo files are next to
 * them): geometry, connectivity, markers and names against the files, measures against the
 * domains, and every malformed input against its message.
 */
class GmshReaderTest {
    static String text(String resource) {
        try (InputStream s = GmshReaderTest.class.getResourceAsStream("/gmsh/" + resource)) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String resource) {
        try (InputStream s = GmshReaderTest.class.getResourceAsStream("/gmsh/" + resource)) {
            return s.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Mesh read(byte[] content, String name) {
        return GmshReader.read(new ByteArrayInputStream(content), name);
    }

    @Test
    void aPhysicalTagPastTheIntegersIsAMeshFileException() { // fuzzer finding
        assertThatThrownBy(
                        () -> readText(edited("lshape.msh", "1 10 \"clamped\"", "1 10000000000000000000 \"clamped\"")))
                .isInstanceOf(MeshFileException.class)
                .hasMessageContaining(":6: physical name 1 of 4: dimension and tag must be whole numbers below 2^31");
    }

    static Mesh readText(String content) {
        return read(content.getBytes(StandardCharsets.UTF_8), "bad.msh");
    }

    /** The resource with one occurrence of {@code from} replaced; fails if it does not occur once. */
    static String edited(String resource, String from, String to) {
        String s = text(resource);
        assertThat(s.split(java.util.regex.Pattern.quote(from), -1))
                .as("'%s' occurs once", from)
                .hasSize(2);
        return s.replace(from, to);
    }

    static double[] point(Mesh mesh, int i) {
        return IntStream.range(0, mesh.dimension())
                .mapToDouble(d -> mesh.coordinate(i, d))
                .toArray();
    }

    static double totalMeasure(Mesh mesh) {
        return IntStream.range(0, mesh.numCells())
                .mapToDouble(mesh::cellMeasure)
                .sum();
    }

    static double measureWithMarker(Mesh mesh, int marker) {
        return Arrays.stream(mesh.cellsWithMarker(marker))
                .mapToDouble(mesh::cellMeasure)
                .sum();
    }

    /** Sorted node sets of the cell faces that belong to exactly one cell: the mesh boundary. */
    static Set<List<Integer>> boundaryFaces(Mesh mesh) {
        int d = mesh.dimension();
        Map<List<Integer>, Integer> count = new HashMap<>();
        for (int c = 0; c < mesh.numCells(); c++) {
            for (int skip = 0; skip <= d; skip++) {
                List<Integer> face = new ArrayList<>();
                for (int a = 0; a <= d; a++) {
                    if (a != skip) {
                        face.add(mesh.cellNode(c, a));
                    }
                }
                face.sort(null);
                count.merge(face, 1, Integer::sum);
            }
        }
        Set<List<Integer>> boundary = new java.util.HashSet<>();
        count.forEach((face, n) -> {
            if (n == 1) {
                boundary.add(face);
            }
        });
        return boundary;
    }

    static List<Integer> facet(Mesh mesh, int f) {
        List<Integer> nodes = new ArrayList<>();
        for (int k = 0; k < mesh.dimension(); k++) {
            nodes.add(mesh.facetNode(f, k));
        }
        nodes.sort(null);
        return nodes;
    }

    /** Length (2D) or area (3D) of the facets with a marker, from their node coordinates. */
    static double facetMeasure(Mesh mesh, int marker) {
        double sum = 0;
        for (int f : mesh.facetsWithMarkers(marker)) {
            double[] a = point(mesh, mesh.facetNode(f, 0));
            double[] b = point(mesh, mesh.facetNode(f, 1));
            if (mesh.dimension() == 2) {
                sum += Math.hypot(b[0] - a[0], b[1] - a[1]);
            } else {
                double[] c = point(mesh, mesh.facetNode(f, 2));
                double[] u = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
                double[] v = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
                sum += 0.5
                        * Math.sqrt(Math.pow(u[1] * v[2] - u[2] * v[1], 2)
                                + Math.pow(u[2] * v[0] - u[0] * v[2], 2)
                                + Math.pow(u[0] * v[1] - u[1] * v[0], 2));
            }
        }
        return sum;
    }

    static void assertSameMesh(Mesh actual, Mesh expected) {
        assertSameMesh(actual, expected, 0);
    }

    static void assertSameMesh(Mesh actual, Mesh expected, double coordinateTolerance) {
        assertThat(actual.dimension()).isEqualTo(expected.dimension());
        assertThat(actual.coordinates()).containsExactly(expected.coordinates(), within(coordinateTolerance));
        assertThat(actual.cells()).containsExactly(expected.cells());
        assertThat(IntStream.range(0, actual.numCells()).map(actual::cellMarker))
                .containsExactlyElementsOf(IntStream.range(0, expected.numCells())
                        .map(expected::cellMarker)
                        .boxed()
                        .toList());
        assertThat(actual.numFacets()).isEqualTo(expected.numFacets());
        for (int f = 0; f < expected.numFacets(); f++) {
            assertThat(actual.facetMarker(f)).isEqualTo(expected.facetMarker(f));
            for (int k = 0; k < expected.dimension(); k++) {
                assertThat(actual.facetNode(f, k)).isEqualTo(expected.facetNode(f, k));
            }
        }
        assertThat(actual.subdomains()).containsExactlyEntriesOf(expected.subdomains());
        assertThat(actual.boundaries()).containsExactlyEntriesOf(expected.boundaries());
    }

    // ------------------------------------------------------------------ hand-written meshes

    @Test
    void squareHasTheFileNodesCellsMarkersAndNames() {
        Mesh mesh = read(bytes("square.msh"), "square.msh");
        assertThat(mesh.dimension()).isEqualTo(2);
        assertThat(mesh.coordinates()).containsExactly(0, 0, 0.5, 0, 1, 0, 1, 1, 0.5, 1, 0, 1);
        // element 9 = (1, 5, 2) is clockwise in the file: two of its nodes are swapped
        assertThat(mesh.cells()).containsExactly(0, 1, 4, 0, 4, 5, 1, 2, 3, 1, 3, 4);
        assertThat(IntStream.range(0, 4).map(mesh::cellMarker)).containsExactly(11, 11, 12, 12);
        assertThat(mesh.subdomains()).containsExactlyEntriesOf(linked("left material", 11, "right", 12));
        // curve 3 is in groups 2 ("right") and 5 (unnamed): its edge is listed once per group
        assertThat(mesh.boundaries())
                .containsExactlyEntriesOf(linked("bottom", 1, "right", 2, "top", 3, "left", 4, "5", 5));
        assertThat(IntStream.range(0, mesh.numFacets()).map(mesh::facetMarker)).containsExactly(1, 1, 2, 5, 3, 3, 4);
        assertThat(mesh.boundaryNodes("bottom")).containsExactly(0, 1, 2);
        assertThat(mesh.boundaryNodes("right")).containsExactly(2, 3);
        assertThat(mesh.boundaryNodes("5")).containsExactly(2, 3);
        assertThat(mesh.boundaryNodes("top")).containsExactly(3, 4, 5);
        assertThat(mesh.boundaryNodes("left")).containsExactly(0, 5);
        for (int c = 0; c < 4; c++) {
            assertThat(mesh.cellMeasure(c)).isCloseTo(0.25, within(1e-15));
        }
        assertThat(measureWithMarker(mesh, mesh.subdomainMarker("left material")))
                .isEqualTo(0.5);
        // the facets (without the duplicate of the edge in two groups) are exactly the boundary
        assertThat(new TreeSet<>(IntStream.range(0, mesh.numFacets())
                        .mapToObj(f -> facet(mesh, f).toString())
                        .toList()))
                .containsExactlyElementsOf(new TreeSet<>(
                        boundaryFaces(mesh).stream().map(List::toString).toList()));
    }

    static Map<String, Integer> linked(Object... nameMarker) {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (int k = 0; k < nameMarker.length; k += 2) {
            m.put((String) nameMarker[k], (Integer) nameMarker[k + 1]);
        }
        return m;
    }

    @Test
    void sparseTagsMapToFileOrderAndUnusedNodesAreDropped() {
        // tags 1000000, 30, 20, 99 (parametric, unused), 7, 55 (unused); no physical groups at all;
        // $Periodic and $NodeData are skipped
        Mesh mesh = read(bytes("sparse.msh"), "sparse.msh");
        assertThat(mesh.numNodes()).isEqualTo(4);
        assertThat(mesh.coordinates()).containsExactly(0, 0, 1, 0, 1, 1, 0, 1);
        assertThat(mesh.cells()).containsExactly(0, 1, 2, 0, 2, 3);
        assertThat(mesh.subdomains()).containsExactlyEntriesOf(Map.of("domain", 0));
        assertThat(mesh.cellsWithMarker(0)).containsExactly(0, 1);
        assertThat(mesh.numFacets()).isZero(); // lines without physical group are not boundary parts
        assertThat(mesh.boundaries()).isEmpty();
        assertThat(totalMeasure(mesh)).isEqualTo(1.0);
    }

    @Test
    void tetrahedraOfTheCubeHaveVolumeOneAndTheirBoundaryIsNamed() {
        // the six Kuhn tetrahedra, three of them negatively oriented in the file; a second-order
        // line on curve 1 is below the facet dimension and ignored
        Mesh mesh = read(bytes("tets.msh"), "tets.msh");
        assertThat(mesh.dimension()).isEqualTo(3);
        assertThat(mesh.numNodes()).isEqualTo(8);
        for (int i = 0; i < 8; i++) {
            assertThat(point(mesh, i)).containsExactly(i % 2, (i / 2) % 2, i / 4);
        }
        assertThat(mesh.numCells()).isEqualTo(6);
        for (int c = 0; c < 6; c++) {
            assertThat(mesh.cellMeasure(c)).isCloseTo(1.0 / 6, within(1e-15));
            assertThat(mesh.cellMarker(c)).isEqualTo(7);
            assertThat(mesh.cellNode(c, 0)).isEqualTo(0); // all contain the diagonal 0 - 7
        }
        assertThat(totalMeasure(mesh)).isCloseTo(1.0, within(1e-15));
        assertThat(mesh.subdomains()).containsExactlyEntriesOf(Map.of("solid", 7));
        assertThat(mesh.boundaries()).containsExactlyEntriesOf(linked("bottom", 1, "top", 2, "sides", 3));
        assertThat(IntStream.range(0, mesh.numFacets())
                        .mapToObj(f -> facet(mesh, f))
                        .collect(java.util.stream.Collectors.toSet()))
                .isEqualTo(boundaryFaces(mesh));
        assertThat(mesh.boundaryNodes("bottom")).containsExactly(0, 1, 2, 3);
        assertThat(mesh.boundaryNodes("top")).containsExactly(4, 5, 6, 7);
        assertThat(mesh.boundaryNodes("sides")).hasSize(8);
        assertThat(facetMeasure(mesh, 3)).isCloseTo(4, within(1e-14));
    }

    // ------------------------------------------------------------------ binary = text

    @ParameterizedTest
    @ValueSource(strings = {"square.msh", "sparse.msh", "tets.msh", "lshape.msh"})
    void binaryEncodingsReadAsTheSameMesh(String resource) {
        Mesh fromText = read(bytes(resource), resource);
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            byte[] binary = MshBinaryEncoder.encode(text(resource), order);
            assertSameMesh(read(binary, resource + " (binary, " + order + ")"), fromText);
        }
    }

    @Test
    void encoderWritesWhatGmshWrites() {
        // pins the test encoder (and so the hand-made binary files) to Gmsh's own binary output
        // same layout (so same length); doubles may differ in the last bit since Gmsh's text has 16 digits
        byte[] encoded = MshBinaryEncoder.encode(text("lshape.msh"), ByteOrder.LITTLE_ENDIAN);
        byte[] gmsh = bytes("lshape-binary.msh");
        assertThat(encoded).hasSameSizeAs(gmsh);
        assertSameMesh(read(encoded, "encoded"), read(gmsh, "gmsh"), 1e-15);
    }

    // ------------------------------------------------------------------ meshes written by Gmsh

    @ParameterizedTest
    @ValueSource(strings = {"lshape.msh", "lshape-binary.msh"})
    void gmshLShapeHasTheAreaAndBoundaryOfTheGeometry(String resource) {
        Mesh mesh = read(bytes(resource), resource);
        assertThat(mesh.dimension()).isEqualTo(2);
        assertThat(mesh.subdomains()).containsExactlyEntriesOf(linked("bottom block", 1, "top block", 2));
        assertThat(mesh.boundaries()).containsExactlyEntriesOf(linked("clamped", 10, "free", 11));
        // [0,2]x[0,1] and [0,1]x[1,2]; the upper block's triangles are clockwise in the file
        assertThat(totalMeasure(mesh)).isCloseTo(3, within(1e-13));
        assertThat(measureWithMarker(mesh, 1)).isCloseTo(2, within(1e-13));
        assertThat(measureWithMarker(mesh, 2)).isCloseTo(1, within(1e-13));
        assertThat(facetMeasure(mesh, 10)).isCloseTo(2, within(1e-13));
        assertThat(facetMeasure(mesh, 11)).isCloseTo(6, within(1e-13));
        for (int i : mesh.boundaryNodes("clamped")) {
            assertThat(mesh.coordinate(i, 1)).isZero();
        }
        Set<List<Integer>> declared = new java.util.HashSet<>();
        for (int f = 0; f < mesh.numFacets(); f++) {
            declared.add(facet(mesh, f));
        }
        assertThat(declared).isEqualTo(boundaryFaces(mesh));
        // conforming and consistently numbered: P1 stiffness annihilates linear functions at
        // interior nodes, and 1^T M 1 is the area
        P1Space space = new P1Space(mesh);
        double[] linear = space.interpolate(x -> 2 * x[0] - 3 * x[1] + 1);
        double[] r = new double[space.dim()];
        CsrMatrix k = space.stiffness(space.allCells());
        k.apply(linear, 0, r, 0);
        Set<Integer> onBoundary = new java.util.HashSet<>();
        Arrays.stream(mesh.boundaryNodes("clamped", "free")).forEach(onBoundary::add);
        for (int i = 0; i < r.length; i++) {
            if (!onBoundary.contains(i)) {
                assertThat(r[i]).as("node %d", i).isCloseTo(0, within(1e-12));
            }
        }
        double[] ones = new double[space.dim()];
        Arrays.fill(ones, 1);
        double[] m1 = new double[space.dim()];
        space.mass(space.allCells()).apply(ones, 0, m1, 0);
        assertThat(Arrays.stream(m1).sum()).isCloseTo(3, within(1e-12));
    }

    @Test
    void gmshBinaryCubeHasVolumeOneAndItsFacesAreNamed() {
        Mesh mesh = read(bytes("cube-binary.msh"), "cube-binary.msh");
        assertThat(mesh.dimension()).isEqualTo(3);
        assertThat(mesh.subdomains()).containsExactlyEntriesOf(Map.of("solid", 5));
        assertThat(mesh.boundaries()).containsExactlyEntriesOf(linked("bottom", 1, "top", 2, "sides", 3));
        assertThat(totalMeasure(mesh)).isCloseTo(1, within(1e-13));
        assertThat(facetMeasure(mesh, 1)).isCloseTo(1, within(1e-13));
        assertThat(facetMeasure(mesh, 2)).isCloseTo(1, within(1e-13));
        assertThat(facetMeasure(mesh, 3)).isCloseTo(4, within(1e-13));
        for (int i : mesh.boundaryNodes("top")) {
            assertThat(mesh.coordinate(i, 2)).isEqualTo(1.0);
        }
        Set<List<Integer>> declared = new java.util.HashSet<>();
        for (int f = 0; f < mesh.numFacets(); f++) {
            declared.add(facet(mesh, f));
        }
        assertThat(declared).isEqualTo(boundaryFaces(mesh));
    }

    @Test
    void readsFromAPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("square.msh");
        Files.write(file, bytes("square.msh"));
        assertSameMesh(GmshReader.read(file), read(bytes("square.msh"), "square.msh"));
        assertThatThrownBy(() -> GmshReader.read(dir.resolve("missing.msh")))
                .isInstanceOf(MeshFileException.class)
                .hasMessageContaining("cannot read mesh file")
                .hasMessageContaining("missing.msh");
    }

    // ------------------------------------------------------------------ errors

    @ParameterizedTest
    @ValueSource(strings = {"2.2", "4.0", "4"})
    void otherVersionsAreRejected(String version) {
        assertThatThrownBy(() -> readText(edited("square.msh", "4.1 0 8", version + " 0 8")))
                .isInstanceOf(MeshFileException.class)
                .hasMessage("bad.msh:2: MSH version '" + version + "' is not supported, expected 4.1 (save with Gmsh"
                        + " option -format msh41, or Mesh.MshFileVersion = 4.1)");
    }

    @Test
    void notAMeshFileIsRejected() {
        assertThatThrownBy(() -> readText("solid cube\nfacet normal 0 0 1\n"))
                .hasMessage("bad.msh:1: expected $MeshFormat on the first line, found 'solid cube' (not a Gmsh .msh"
                        + " file?)");
        assertThatThrownBy(() -> readText("")).hasMessageContaining("file ends where $MeshFormat was expected");
    }

    @Test
    void truncatedAndUnterminatedSectionsAreReported() {
        String square = text("square.msh");
        // cut inside the node coordinates (after "1 1 0" of node 4)
        String cut = square.substring(0, square.indexOf("0.5 1 0\n"));
        assertThatThrownBy(() -> readText(cut))
                .hasMessage("bad.msh:46: file ends inside $Nodes where the coordinates of node 5 was expected"
                        + " (truncated file?)");
        assertThatThrownBy(() -> readText(edited("square.msh", "$EndElements\n", "")))
                .hasMessageContaining("file ends inside $Elements where $EndElements was expected");
        assertThatThrownBy(() -> readText(edited("square.msh", "$EndNodes\n", "")))
                .hasMessage("bad.msh:48: expected $EndNodes, found '$Elements' (the section holds more data than its"
                        + " header declares?)");
        assertThatThrownBy(() -> readText(edited("sparse.msh", "$EndNodeData\n", "")))
                .hasMessage("bad.msh:46: section $NodeData has no $EndNodeData (truncated file?)");
        assertThatThrownBy(
                        () -> readText(edited("square.msh", "$Nodes", "$Knots").replace("$EndNodes", "$EndKnots")))
                .hasMessage("bad.msh: no $Nodes section; expected one");
    }

    @Test
    void wrongCountsAreReported() {
        assertThatThrownBy(() -> readText(edited("square.msh", "2 6 1 6", "2 7 1 6")))
                .hasMessage("bad.msh:33: the $Nodes header declares 7 nodes, its 2 blocks hold 6");
        assertThatThrownBy(() -> readText(edited("square.msh", "2 6 1 6", "3 6 1 6")))
                .hasMessage("bad.msh:48: expected node block 3 of 3, found '$EndNodes' (the section holds fewer"
                        + " items than its header declares, or is truncated)");
        assertThatThrownBy(() -> readText(edited("square.msh", "2 6 1 6", "2 6 1 9")))
                .hasMessage("bad.msh:33: the $Nodes header declares node tags 1 to 9, the blocks hold tags 1 to 6");
        assertThatThrownBy(() -> readText(edited("square.msh", "10 12 1 12", "10 13 1 12")))
                .hasMessage("bad.msh:50: the $Elements header declares 13 elements, its 10 blocks hold 12");
        assertThatThrownBy(() -> readText(edited("square.msh", "9 1 5 2", "9 1 5")))
                .hasMessage("bad.msh:68: expected node 3 of 3 of element 9 after 3 values on this line, found end"
                        + " of line");
        assertThatThrownBy(() -> readText(edited("square.msh", "9 1 5 2", "9 1 5 2 3")))
                .hasMessage("bad.msh:68: unexpected '3' after 4 values on this line (wrong count, or a line joined"
                        + " with the next?)");
        assertThatThrownBy(() -> readText(edited("square.msh", "2 1 0 5", "2 1 0 9")))
                .hasMessage("bad.msh:37: node block 2 holds 9 nodes, but the header declares 6 nodes in all and 1"
                        + " came before");
        assertThatThrownBy(() -> readText(edited("square.msh", "10 12 1 12", "10 999999999999 1 12")))
                .hasMessageStartingWith("bad.msh:50: the header declares 999999999999 elements but only");
    }

    @Test
    void undefinedAndDuplicateNodesAreReported() {
        assertThatThrownBy(() -> readText(edited("square.msh", "12 2 4 5", "12 2 4 9")))
                .hasMessage("bad.msh:72: element 12 refers to node 9, which $Nodes does not define");
        // dense tag table
        assertThatThrownBy(() -> readText(edited("square.msh", "\n3\n4\n", "\n3\n3\n")))
                .hasMessage("bad.msh: node tag 3 is defined twice in $Nodes");
        // sorted tags (sparse)
        assertThatThrownBy(() -> readText(edited("sparse.msh", "\n55\n", "\n30\n")))
                .hasMessage("bad.msh: node tag 30 is defined twice in $Nodes");
    }

    @Test
    void nonFiniteAndMalformedNumbersAreReported() {
        assertThatThrownBy(() -> readText(edited("square.msh", "\n1 1 0\n", "\n1 NaN 0\n")))
                .hasMessage("bad.msh:45: node 4 has coordinate y = NaN; expected a finite number");
        assertThatThrownBy(() -> readText(edited("square.msh", "\n1 1 0\n", "\n1 1,5 0\n")))
                .hasMessage("bad.msh:45: expected coordinate y of node 4 (a number), found '1,5'");
        assertThatThrownBy(() -> readText(edited("square.msh", "2 6 1 6", "2 -6 1 6")))
                .hasMessage("bad.msh:33: expected the number of nodes (a non-negative integer), found -6");
        assertThatThrownBy(() -> readText(edited("square.msh", "\n1\n0 0 0\n", "\n0\n0 0 0\n")))
                .hasMessage("bad.msh:35: node tag 0; Gmsh node tags start at 1");
    }

    @Test
    void degenerateCellsNameTheirGmshElementTag() {
        // node 5 moved onto the segment from node 2 (0.5, 0) to node 4 (1, 1)
        assertThatThrownBy(() -> readText(edited("square.msh", "0.5 1 0\n", "0.75 0.5 0\n")))
                .hasMessage("bad.msh:72: triangle element 12 has zero area (nodes 2, 4, 5 are collinear)");
        assertThatThrownBy(() -> readText(edited("tets.msh", "1 1 1\n$EndNodes", "0.5 0.5 0\n$EndNodes")))
                .hasMessage("bad.msh:65: tetrahedron element 14 has zero volume (nodes 1, 2, 4, 8 are coplanar)");
    }

    @Test
    void unsupportedElementsOfTheMeshOrFacetDimensionAreRejected() {
        assertThatThrownBy(() -> readText(edited("square.msh", "2 2 2 2\n11 2 3 4\n12 2 4 5\n", "2 2 3 1\n11 2 3 4 5\n")
                        .replace("10 12 1 12", "10 11 1 11")))
                .hasMessage("bad.msh:70: element type 3 (4-node quadrangle) is not supported in a 2D mesh; expected"
                        + " 3-node triangles and 2-node lines (mesh with Mesh.ElementOrder = 1 and without"
                        + " recombination)");
        assertThatThrownBy(() -> readText(edited("square.msh", "1 1 1 1\n2 1 2\n", "1 1 8 1\n2 1 2 3\n")))
                .hasMessage("bad.msh:53: element type 8 (3-node second-order line) is not supported in a 2D mesh;"
                        + " expected 3-node triangles and 2-node lines (mesh with Mesh.ElementOrder = 1 and without"
                        + " recombination)");
        assertThatThrownBy(() -> readText(edited("square.msh", "1 1 1 1\n2 1 2\n", "1 1 99 1\n2 1 2\n")))
                .hasMessageStartingWith("bad.msh:53: unknown element type 99 in the block of curve 1;");
        assertThatThrownBy(() -> readText(edited("square.msh", "1 1 1 1\n2 1 2\n", "1 1 2 1\n2 1 2\n")))
                .hasMessage("bad.msh:53: element type 2 (3-node triangle) is 2-dimensional but its block's entity has"
                        + " dimension 1");
    }

    @Test
    void physicalGroupsMustGiveEachCellOneSubdomain() {
        assertThatThrownBy(() -> readText(edited("square.msh", "1 12 4 2 3 4 -7", "0 4 2 3 4 -7")))
                .hasMessage("bad.msh:71: surface 2 has no physical group while other surfaces have; expected each"
                        + " meshed surface in exactly one Physical Surface, which becomes its cells' subdomain marker");
        assertThatThrownBy(() -> readText(edited("square.msh", "1 12 4 2 3 4 -7", "2 12 11 4 2 3 4 -7")))
                .hasMessageStartingWith("bad.msh:71: surface 2 is in physical groups [12, 11];");
        assertThatThrownBy(() -> readText(edited("square.msh", "2 2 2 2\n", "2 3 2 2\n")))
                .hasMessage("bad.msh:71: element 11 lies on surface 3, which $Entities does not list");
        assertThatThrownBy(() -> readText(edited("square.msh", "1 3 \"top\"", "1 3 \"bottom\"")))
                .hasMessage("bad.msh: physical curves 1 and 3 are both named 'bottom'; expected distinct names");
        // a name the file does not have: the error lists the names it has
        Mesh mesh = read(bytes("square.msh"), "square.msh");
        assertThatThrownBy(() -> mesh.subdomainMarker("steel"))
                .isInstanceOf(MeshException.class)
                .hasMessage("unknown subdomain 'steel'; the mesh has [left material, right]");
        assertThatThrownBy(() -> mesh.boundaryMarker("inlet"))
                .hasMessage("unknown boundary part 'inlet'; the mesh has [bottom, right, top, left, 5]");
    }

    @Test
    void geometryErrorsAreReported() {
        assertThatThrownBy(() -> readText(edited("square.msh", "\n0 1 0\n$EndNodes", "\n0 1 0.1\n$EndNodes")))
                .hasMessage("bad.msh: a triangle mesh must lie in a plane z = const, found node 6 at z = 0.1 and node"
                        + " 1 at z = 0.0");
        assertThatThrownBy(() -> readText(edited("square.msh", "2 1 2\n", "2 1 4\n")))
                .hasMessage("bad.msh:54: line element 2 (nodes 1, 4) of curve 1 is not an edge of any triangle;"
                        + " expected boundary elements that match the cells");
        // only lines: Gmsh wrote no triangles because no Physical Surface was defined
        String linesOnly = edited("square.msh", "2 1 2 2\n9 1 5 2\n10 1 5 6\n2 2 2 2\n11 2 3 4\n12 2 4 5\n", "")
                .replace("10 12 1 12", "8 8 1 8");
        assertThatThrownBy(() -> readText(linesOnly))
                .hasMessageStartingWith("bad.msh: no triangles or tetrahedra, the highest element dimension is 1;");
    }

    @Test
    void binaryHeaderIsChecked() {
        byte[] good = MshBinaryEncoder.encode(text("square.msh"), ByteOrder.LITTLE_ENDIAN);
        String header = "$MeshFormat\n4.1 1 8\n";
        byte[] size4 = good.clone();
        size4[header.length() - 2] = '4';
        assertThatThrownBy(() -> read(size4, "b.msh"))
                .hasMessage("b.msh:2: binary data size '4' is not supported, expected 8 (size_t of a 64-bit Gmsh)");
        byte[] marker = good.clone();
        marker[header.length()] = 2;
        assertThatThrownBy(() -> read(marker, "b.msh"))
                .hasMessage("b.msh: byte offset 20: expected the endianness marker int 1, found 2");
        int nodes = indexOf(good, "$Nodes\n") + "$Nodes\n".length();
        byte[] count = good.clone();
        count[nodes + 8] = 7; // numNodes 6 -> 7
        assertThatThrownBy(() -> read(count, "b.msh"))
                .hasMessage(
                        "b.msh: byte offset " + nodes + ": the $Nodes header declares 7 nodes, its 2 blocks hold 6");
        // cut inside the coordinates of the last node
        int endNodes = indexOf(good, "\n$EndNodes");
        assertThatThrownBy(() -> read(Arrays.copyOf(good, endNodes - 4), "b.msh"))
                .hasMessage("b.msh: byte offset " + (endNodes - 8) + ": file ends inside $Nodes where coordinate z"
                        + " of node 6 was expected (truncated file?)");
        // a count that cannot fit in the file is reported before anything is allocated
        byte[] huge = good.clone();
        huge[nodes + 8 + 5] = 1; // numNodes 6 + 2^40
        assertThatThrownBy(() -> read(huge, "b.msh"))
                .hasMessageStartingWith("b.msh: byte offset " + (nodes + 8) + ": the header declares 1099511627782"
                        + " nodes but only");
    }

    static int indexOf(byte[] data, String s) {
        byte[] p = s.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + p.length <= data.length; i++) {
            for (int k = 0; k < p.length; k++) {
                if (data[i + k] != p[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(s + " not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"square.msh", "tets.msh", "sparse.msh"})
    void everyTruncationIsAMeshFileException(String resource) {
        for (byte[] whole :
                List.of(bytes(resource), MshBinaryEncoder.encode(text(resource), ByteOrder.LITTLE_ENDIAN))) {
            int end = indexOf(whole, "$EndElements") + "$EndElements".length();
            List<String> wrong = new ArrayList<>();
            for (int n = 0; n < end; n++) {
                try {
                    read(Arrays.copyOf(whole, n), "cut.msh");
                    wrong.add(n + " bytes: read without error");
                } catch (MeshFileException e) {
                    if (!e.getMessage().startsWith("cut.msh")) {
                        wrong.add(n + " bytes: " + e.getMessage());
                    }
                }
            }
            assertThat(wrong).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void corruptedBytesGiveAMeshOrAJromException(long seed) {
        // a corrupt file must be reported as such, never as an index or allocation failure
        Random random = new Random(seed);
        for (byte[] whole :
                List.of(bytes("tets.msh"), MshBinaryEncoder.encode(text("tets.msh"), ByteOrder.LITTLE_ENDIAN))) {
            for (int trial = 0; trial < 300; trial++) {
                byte[] corrupt = whole.clone();
                for (int k = 0; k < 1 + random.nextInt(3); k++) {
                    corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
                }
                try {
                    read(corrupt, "corrupt.msh");
                } catch (JromException e) {
                    assertThat(e.getMessage()).isNotBlank();
                }
            }
        }
    }

    @Test
    void aMeshTheUserDidNotNameIsNotQuoted(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path shadow = Files.writeString(dir.resolve("mesh.msh"), "root:SECRET\u0000:0:99999\n");
        assertThatThrownBy(() -> GmshReader.read(shadow, false))
                .isInstanceOf(MeshFileException.class)
                .hasMessage(shadow + ":1: expected $MeshFormat on the first line, found other text (not a Gmsh .msh"
                        + " file?)");
        assertThatThrownBy(() -> GmshReader.read(shadow))
                .hasMessage(shadow + ":1: expected $MeshFormat on the first line, found 'root:SECRET\\x00:0:99999'"
                        + " (not a Gmsh .msh file?)");
    }
}

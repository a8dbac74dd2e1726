package org.jrom.fem.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrom.fem.Mesh;

/**
 * Reader of Gmsh MSH 4.1 mesh files, text and binary, into a {@link Mesh} (C. Geuzaine, J.-F.
 * Remacle, "Gmsh: a 3-D finite element mesh generator with built-in pre- and post-processing
 * facilities", IJNME 79, 2009; format: Gmsh reference manual, "MSH file format", version 4.1).
 *
 * <p>What is read, and the conventions chosen:
 *
 * <ul>
 *   <li>Sections {@code $MeshFormat} (version 4.1 only; binary needs data size 8 and the
 *       endianness marker int 1, either byte order), {@code $PhysicalNames}, {@code $Entities}
 *       (physical groups of each entity), {@code $Nodes} (sparse, unordered tags allowed;
 *       parametric coordinates are skipped), {@code $Elements}. Other sections ({@code $Periodic},
 *       {@code $NodeData}, {@code $PartitionedEntities}, ...) are skipped.
 *   <li>The mesh dimension is the highest dimension with elements: 2 (3-node triangles) or 3
 *       (4-node tetrahedra). A 2D mesh must lie in a plane z = const; z is dropped.
 *   <li>Cells are the top-dimension elements; their subdomain marker is the physical tag of their
 *       entity, named from {@code $PhysicalNames}, or by the tag in decimal for an unnamed group.
 *       When no top-dimension entity has a physical group, every cell gets marker 0 named
 *       "domain". When some do, every top-dimension entity with elements must be in exactly one
 *       group: Gmsh saves only physical elements unless {@code Mesh.SaveAll} is set, and
 *       silently dropping or guessing a subdomain would change the problem.
 *   <li>Boundary facets are the elements of dimension top - 1 (2-node lines, 3-node triangles) on
 *       entities with physical groups; a facet on an entity in several groups is listed once per
 *       group. Facets must be faces of cells; interior ones (interfaces) are kept.
 *   <li>Elements of lower dimension (points, lines of a 3D mesh) are ignored, whatever their type.
 *       Other element types (quadrangles, second-order elements, ...) of the top or facet
 *       dimension are errors.
 *   <li>Negatively oriented cells are reoriented by swapping their last two nodes (Gmsh orients
 *       triangles by the normal of their surface); degenerate cells are errors naming the Gmsh
 *       element tag.
 *   <li>Nodes used by no cell are dropped; the others are numbered 0, 1, ... in file order.
 *   <li>Without {@code $Entities} there are no physical groups: one subdomain, no boundary parts.
 *   <li>The whole file is read into memory first (files up to 2 GB).
 * </ul>
 */
public final class GmshReader {
    private static final String[] ENTITY = {"point", "curve", "surface", "volume"};
    private static final Pattern PHYSICAL_NAME = Pattern.compile("(-?\\d+)\\s+(-?\\d+)\\s+\"(.*)\"");

    private final MshInput in;
    private final Map<GroupKey, String> physicalNames = new HashMap<>();
    private List<Map<Integer, int[]>> entityGroups; // per dimension: entity tag -> physical tags; null if no $Entities
    private long[] nodeTags = new long[0];
    private double[] nodeXyz = new double[0]; // 3 per node, file order
    private final Elements[] elements = new Elements[4]; // lines, triangles, tetrahedra by dimension
    private final List<SkippedBlock> skipped = new ArrayList<>();

    private record GroupKey(int dimension, int tag) {}

    /** A block of elements of a type jrom does not use, judged once the mesh dimension is known. */
    private record SkippedBlock(GmshElementType type, long location) {}

    private GmshReader(MshInput in) {
        this.in = in;
        elements[1] = new Elements(GmshElementType.of(GmshElementType.LINE));
        elements[2] = new Elements(GmshElementType.of(GmshElementType.TRIANGLE));
        elements[3] = new Elements(GmshElementType.of(GmshElementType.TETRAHEDRON));
    }

    /** Reads a {@code .msh} 4.1 file, text or binary. */
    public static Mesh read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MeshFileException("cannot read mesh file " + file + ": " + e, e);
        }
        return read(bytes, file.toString(), true);
    }

    /**
     * Reads a {@code .msh} 4.1 file; without {@code quote}, messages say what was expected and
     * where, but quote nothing of the file (one the user did not name, e.g. named by a manifest).
     */
    public static Mesh read(Path file, boolean quote) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MeshFileException("cannot read mesh file " + file + ": " + e, e);
        }
        return read(bytes, file.toString(), quote);
    }

    /**
     * Reads a {@code .msh} 4.1 stream, text or binary, to its end (the stream is not closed).
     *
     * @param name the name used in messages, e.g. the file or resource name
     */
    public static Mesh read(InputStream stream, String name) {
        byte[] bytes;
        try {
            bytes = stream.readAllBytes();
        } catch (IOException e) {
            throw new MeshFileException("cannot read mesh " + name + ": " + e, e);
        }
        return read(bytes, name, true);
    }

    private static Mesh read(byte[] bytes, String name, boolean quote) {
        GmshReader reader = new GmshReader(new MshInput(bytes, name, quote));
        reader.parse();
        return reader.toMesh();
    }

    // ---------------------------------------------------------------- sections

    private void parse() {
        String first = in.nextLine("$MeshFormat");
        if (!first.equals("$MeshFormat")) {
            throw in.errorAtLine(
                    "expected $MeshFormat on the first line, found " + in.quoted(first) + " (not a Gmsh .msh file?)");
        }
        in.enterSection("MeshFormat");
        readFormat();
        Set<String> seen = new HashSet<>();
        while (!in.atEnd()) {
            String header = in.nextLine("a section header");
            if (!header.startsWith("$") || header.startsWith("$End") || header.length() == 1) {
                throw in.errorAtLine("expected a section header such as $Nodes, found " + in.quoted(header));
            }
            String section = header.substring(1);
            in.enterSection(section);
            switch (section) {
                case "MeshFormat", "PhysicalNames", "Entities", "Nodes", "Elements" -> {
                    if (!seen.add(section)) {
                        throw in.errorAtLine("a second $" + section + " section; expected one");
                    }
                }
                default -> {}
            }
            switch (section) {
                case "MeshFormat" -> throw in.errorAtLine("a second $MeshFormat section; expected one");
                case "PhysicalNames" -> readPhysicalNames();
                case "Entities" -> readEntities();
                case "Nodes" -> readNodes();
                case "Elements" -> readElements();
                default -> in.skipSection();
            }
        }
        for (String required : List.of("Nodes", "Elements")) {
            if (!seen.contains(required)) {
                throw new MeshFileException(in.name() + ": no $" + required + " section; expected one");
            }
        }
    }

    private void readFormat() {
        String line = in.nextLine("the format line 'version file-type data-size'");
        String[] f = line.split("\\s+");
        if (f.length != 3) {
            throw in.errorAtLine("expected 'version file-type data-size' such as '4.1 0 8', found " + in.quoted(line));
        }
        if (!f[0].equals("4.1")) {
            throw in.errorAtLine("MSH version " + in.quoted(f[0]) + " is not supported, expected 4.1"
                    + " (save with Gmsh option -format msh41, or Mesh.MshFileVersion = 4.1)");
        }
        if (!f[1].equals("0") && !f[1].equals("1")) {
            throw in.errorAtLine("expected file type 0 (text) or 1 (binary), found " + in.quoted(f[1]));
        }
        if (f[1].equals("1")) {
            if (!f[2].equals("8")) {
                throw in.errorAtLine("binary data size " + in.quoted(f[2])
                        + " is not supported, expected 8 (size_t of a 64-bit Gmsh)");
            }
            in.setBinary(ByteOrder.LITTLE_ENDIAN);
            long markerAt = in.recordStart("the endianness marker (int 1)");
            int one = in.integer("the endianness marker (int 1)");
            if (Integer.reverseBytes(one) == 1) {
                in.setBinary(ByteOrder.BIG_ENDIAN);
            } else if (one != 1) {
                throw in.errorAt(markerAt, "expected the endianness marker int 1, found " + one);
            }
        } else if (!f[2].matches("\\d+")) {
            throw in.errorAtLine("expected a data size such as 8, found " + in.quoted(f[2]));
        }
        in.endSection();
    }

    private void readPhysicalNames() {
        String countLine = in.nextLine("the number of physical names");
        int n;
        try {
            n = Integer.parseInt(countLine);
        } catch (NumberFormatException e) {
            throw in.errorAtLine("expected the number of physical names, found " + in.quoted(countLine));
        }
        for (int i = 0; i < n; i++) {
            String line = in.nextLine("physical name " + (i + 1) + " of " + n);
            Matcher m = PHYSICAL_NAME.matcher(line);
            if (!m.matches()) {
                throw in.errorAtLine("expected physical name " + (i + 1) + " of " + n + " as 'dimension tag \"name\"', "
                        + "found " + in.quoted(line));
            }
            int dim;
            int tag;
            try {
                dim = Integer.parseInt(m.group(1));
                tag = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) { // the pattern admits digits of any length
                throw in.errorAtLine("physical name " + (i + 1) + " of " + n + ": dimension and tag must be whole"
                        + " numbers below 2^31, found " + in.quoted(m.group(1) + " " + m.group(2)));
            }
            if (dim < 0 || dim > 3) {
                throw in.errorAtLine(
                        "physical name " + in.quoted(m.group(3)) + " has dimension " + dim + ", expected 0 to 3");
            }
            if (physicalNames.put(new GroupKey(dim, tag), m.group(3)) != null) {
                throw in.errorAtLine("physical " + ENTITY[dim] + " " + tag + " is named twice");
            }
        }
        in.endSection();
    }

    private void readEntities() {
        long[] counts = new long[4];
        for (int d = 0; d < 4; d++) {
            counts[d] = in.size("the number of " + ENTITY[d] + " entities");
        }
        in.endRecord();
        entityGroups = new ArrayList<>();
        for (int d = 0; d < 4; d++) {
            Map<Integer, int[]> groups = new HashMap<>();
            int n = in.count(counts[d], 8, ENTITY[d] + " entities");
            for (int i = 0; i < n; i++) {
                int tag = in.integer(ENTITY[d] + " tag");
                for (int k = 0; k < (d == 0 ? 3 : 6); k++) {
                    in.real(d == 0 ? "point coordinate" : "bounding box coordinate of " + ENTITY[d] + " " + tag);
                }
                int np = in.count(in.size("the number of physical groups of " + ENTITY[d] + " " + tag), 2, "groups");
                int[] physical = new int[np];
                for (int k = 0; k < np; k++) {
                    physical[k] = in.integer("physical tag of " + ENTITY[d] + " " + tag);
                }
                if (d > 0) {
                    int nb = in.count(
                            in.size("the number of bounding entities of " + ENTITY[d] + " " + tag),
                            2,
                            "bounding entities");
                    for (int k = 0; k < nb; k++) {
                        in.integer("bounding entity of " + ENTITY[d] + " " + tag);
                    }
                }
                in.endRecord();
                if (groups.put(tag, physical) != null) {
                    throw in.error(ENTITY[d] + " " + tag + " is listed twice in $Entities");
                }
            }
            entityGroups.add(groups);
        }
        in.endSection();
    }

    private void readNodes() {
        long header = in.recordStart("the $Nodes header");
        long numBlocks = in.size("the number of entity blocks");
        int n = in.count(in.size("the number of nodes"), in.isBinary() ? 32 : 8, "nodes");
        long minTag = in.size("the smallest node tag");
        long maxTag = in.size("the largest node tag");
        in.endRecord();
        nodeTags = new long[n];
        nodeXyz = new double[3 * n];
        int filled = 0;
        for (long b = 0; b < numBlocks; b++) {
            long blockStart = in.recordStart("node block " + (b + 1) + " of " + numBlocks);
            int dim = in.integer("the entity dimension of a node block");
            in.integer("the entity tag of a node block");
            int parametric = in.integer("the parametric flag (0 or 1)");
            long inBlock = in.size("the number of nodes in the block");
            in.endRecord();
            if (dim < 0 || dim > 3 || (parametric != 0 && parametric != 1)) {
                throw in.errorAt(
                        blockStart,
                        "node block with entity dimension " + dim + " and parametric flag " + parametric
                                + "; expected a dimension 0 to 3 and a flag 0 or 1");
            }
            if (inBlock > n - filled) {
                throw in.errorAt(
                        blockStart,
                        "node block " + (b + 1) + " holds " + inBlock + " nodes, but the header" + " declares " + n
                                + " nodes in all and " + filled + " came before");
            }
            int count = (int) inBlock;
            for (int i = 0; i < count; i++) {
                long tag = in.size("a node tag");
                if (tag == 0) {
                    throw in.error("node tag 0; Gmsh node tags start at 1");
                }
                in.endRecord();
                nodeTags[filled + i] = tag;
            }
            int params = parametric == 1 ? dim : 0;
            for (int i = 0; i < count; i++) {
                long tag = nodeTags[filled + i];
                long where = in.recordStart("the coordinates of node " + tag);
                for (int k = 0; k < 3; k++) {
                    double x = in.real("coordinate " + "xyz".charAt(k) + " of node " + tag);
                    if (!Double.isFinite(x)) {
                        throw in.errorAt(
                                where,
                                "node " + tag + " has coordinate " + "xyz".charAt(k) + " = " + x
                                        + "; expected a finite number");
                    }
                    nodeXyz[3 * (filled + i) + k] = x;
                }
                for (int k = 0; k < params; k++) {
                    in.real("parametric coordinate of node " + tag);
                }
                in.endRecord();
            }
            filled += count;
        }
        if (filled != n) {
            throw in.errorAt(
                    header, "the $Nodes header declares " + n + " nodes, its " + numBlocks + " blocks hold " + filled);
        }
        if (n > 0) {
            long min = Arrays.stream(nodeTags).min().getAsLong();
            long max = Arrays.stream(nodeTags).max().getAsLong();
            if (min != minTag || max != maxTag) {
                throw in.errorAt(
                        header,
                        "the $Nodes header declares node tags " + minTag + " to " + maxTag + ", the blocks hold tags "
                                + min + " to " + max);
            }
        }
        in.endSection();
    }

    private void readElements() {
        long header = in.recordStart("the $Elements header");
        long numBlocks = in.size("the number of entity blocks");
        long numElements = in.count(in.size("the number of elements"), in.isBinary() ? 16 : 4, "elements");
        long minTag = in.size("the smallest element tag");
        long maxTag = in.size("the largest element tag");
        in.endRecord();
        long total = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long b = 0; b < numBlocks; b++) {
            long blockStart = in.recordStart("element block " + (b + 1) + " of " + numBlocks);
            int dim = in.integer("the entity dimension of an element block");
            int entity = in.integer("the entity tag of an element block");
            int typeNumber = in.integer("the element type of an element block");
            long inBlock = in.size("the number of elements in the block");
            GmshElementType type = GmshElementType.of(typeNumber);
            if (type == null) {
                throw in.errorAt(
                        blockStart,
                        "unknown element type " + typeNumber + " in the block of "
                                + (dim >= 0 && dim <= 3 ? ENTITY[dim] + " " : "entity ") + entity
                                + "; jrom uses types 1 (line), 2 (triangle), 4 (tetrahedron), 15 (point)");
            }
            if (type.dimension() != dim) {
                throw in.errorAt(
                        blockStart,
                        "element " + type + " is " + type.dimension() + "-dimensional but its"
                                + " block's entity has dimension " + dim);
            }
            if (inBlock > numElements - total) {
                throw in.errorAt(
                        blockStart,
                        "element block " + (b + 1) + " holds " + inBlock + " elements, but the" + " header declares "
                                + numElements + " in all and " + total + " came before");
            }
            int count = in.count(inBlock, (in.isBinary() ? 8 : 2) * (1 + type.nodes()), "elements");
            in.endRecord();
            Elements kept = type.isSimplex() ? elements[dim] : null;
            if (!type.isSimplex() && type.number() != GmshElementType.POINT && count > 0) {
                skipped.add(new SkippedBlock(type, blockStart));
            }
            long[] nodes = new long[type.nodes()];
            for (int i = 0; i < count; i++) {
                long where = in.recordStart("element " + (i + 1) + " of the block of " + ENTITY[dim] + " " + entity);
                long tag = in.size("an element tag");
                for (int k = 0; k < nodes.length; k++) {
                    nodes[k] = in.size("node " + (k + 1) + " of " + nodes.length + " of element " + tag);
                }
                in.endRecord();
                min = Math.min(min, tag);
                max = Math.max(max, tag);
                if (kept != null) {
                    kept.add(tag, entity, where, nodes);
                }
            }
            total += count;
        }
        if (total != numElements) {
            throw in.errorAt(
                    header,
                    "the $Elements header declares " + numElements + " elements, its " + numBlocks + " blocks hold "
                            + total);
        }
        if (total > 0 && (min != minTag || max != maxTag)) {
            throw in.errorAt(
                    header,
                    "the $Elements header declares element tags " + minTag + " to " + maxTag + ", the blocks hold tags "
                            + min + " to " + max);
        }
        in.endSection();
    }

    // ---------------------------------------------------------------- mesh

    private Mesh toMesh() {
        int top = 0;
        for (int d = 1; d <= 3; d++) {
            if (elements[d].size > 0) {
                top = d;
            }
        }
        for (SkippedBlock s : skipped) {
            top = Math.max(top, s.type().dimension());
        }
        if (top < 2) {
            throw new MeshFileException(in.name() + ": no triangles or tetrahedra, the highest element dimension is "
                    + top + "; expected a 2D or 3D mesh (Gmsh saves only elements of physical groups when there"
                    + " are any: is the Physical Surface or Physical Volume missing?)");
        }
        for (SkippedBlock s : skipped) {
            if (s.type().dimension() >= top - 1) {
                throw in.errorAt(
                        s.location(),
                        "element " + s.type() + " is not supported in a " + top + "D mesh;"
                                + " expected "
                                + (top == 2
                                        ? "3-node triangles and 2-node lines"
                                        : "4-node tetrahedra and 3-node triangles")
                                + " (mesh with Mesh.ElementOrder = 1 and without recombination)");
            }
        }
        Elements cellElements = elements[top];
        Elements facetElements = elements[top - 1];
        NodeNumbering numbering = new NodeNumbering(nodeTags, in.name());

        // nodes used by cells keep their file order
        int perCell = top + 1;
        int[] fileIndex = new int[cellElements.size * perCell];
        boolean[] used = new boolean[nodeTags.length];
        for (int k = 0; k < fileIndex.length; k++) {
            fileIndex[k] = nodeIndex(numbering, cellElements, k / perCell, cellElements.nodes[k]);
            used[fileIndex[k]] = true;
        }
        int[] meshIndex = new int[nodeTags.length];
        long[] meshNodeTags = new long[nodeTags.length];
        int numNodes = 0;
        for (int i = 0; i < nodeTags.length; i++) {
            meshIndex[i] = used[i] ? numNodes : -1;
            if (used[i]) {
                meshNodeTags[numNodes++] = nodeTags[i];
            }
        }
        double[] coordinates = new double[top * numNodes];
        for (int i = 0; i < nodeTags.length; i++) {
            if (used[i]) {
                System.arraycopy(nodeXyz, 3 * i, coordinates, top * meshIndex[i], top);
            }
        }
        if (top == 2) {
            checkPlanar(used);
        }
        int[] cells = new int[fileIndex.length];
        for (int k = 0; k < cells.length; k++) {
            cells[k] = meshIndex[fileIndex[k]];
        }
        orient(top, coordinates, cells, cellElements, meshNodeTags);

        // subdomains: the physical groups of the cells' entities, or one "domain" if there are none
        int[] cellMarkers = new int[cellElements.size];
        boolean grouped = !groupTags(top).isEmpty();
        Map<String, Integer> subdomains = grouped ? groupNames(top) : Map.of("domain", 0);
        if (grouped) {
            for (int c = 0; c < cellElements.size; c++) {
                int[] groups = groupsOf(top, cellElements, c);
                if (groups.length != 1) {
                    throw in.errorAt(
                            cellElements.locations[c],
                            ENTITY[top] + " " + cellElements.entities[c]
                                    + (groups.length == 0
                                            ? " has no physical group while other " + ENTITY[top] + "s have;"
                                            : " is in physical groups " + Arrays.toString(groups) + ";")
                                    + " expected each meshed " + ENTITY[top] + " in exactly one Physical "
                                    + capitalized(ENTITY[top]) + ", which becomes its cells' subdomain marker");
                }
                cellMarkers[c] = groups[0];
            }
        }

        // boundary parts: facets on entities with physical groups, once per group
        FacetCheck faces = new FacetCheck(cells, perCell, numNodes);
        int[] facetNodes = new int[top];
        int[] facetBuffer = new int[top * facetElements.size];
        int[] markerBuffer = new int[facetElements.size];
        int numFacets = 0;
        for (int f = 0; f < facetElements.size; f++) {
            int[] groups = groupsOf(top - 1, facetElements, f);
            if (groups.length == 0) {
                continue;
            }
            for (int k = 0; k < top; k++) {
                int i = nodeIndex(numbering, facetElements, f, facetElements.nodes[f * top + k]);
                facetNodes[k] = meshIndex[i];
            }
            if (!faces.isFaceOfACell(facetNodes)) {
                throw in.errorAt(
                        facetElements.locations[f],
                        (top == 2 ? "line" : "triangle") + " element "
                                + facetElements.tags[f] + " (nodes " + joined(facetElements.nodes, f * top, top)
                                + ") of "
                                + ENTITY[top - 1] + " " + facetElements.entities[f] + " is not "
                                + (top == 2 ? "an edge" : "a face")
                                + " of any " + (top == 2 ? "triangle" : "tetrahedron")
                                + "; expected boundary elements that match the cells");
            }
            for (int g : groups) {
                if (numFacets == markerBuffer.length) {
                    markerBuffer = Arrays.copyOf(markerBuffer, 2 * numFacets);
                    facetBuffer = Arrays.copyOf(facetBuffer, 2 * numFacets * top);
                }
                System.arraycopy(facetNodes, 0, facetBuffer, numFacets * top, top);
                markerBuffer[numFacets++] = g;
            }
        }
        return Mesh.of(
                top,
                coordinates,
                cells,
                cellMarkers,
                Arrays.copyOf(facetBuffer, numFacets * top),
                Arrays.copyOf(markerBuffer, numFacets),
                subdomains,
                groupNames(top - 1));
    }

    private int nodeIndex(NodeNumbering numbering, Elements list, int element, long tag) {
        int i = numbering.index(tag);
        if (i < 0) {
            throw in.errorAt(
                    list.locations[element],
                    "element " + list.tags[element] + " refers to node " + tag + ", which $Nodes does not define");
        }
        return i;
    }

    /** A 2D mesh must lie in a plane z = const (Gmsh writes z = 0 for planar geometries). */
    private void checkPlanar(boolean[] used) {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        int first = -1;
        for (int i = 0; i < used.length; i++) {
            if (used[i]) {
                first = first < 0 ? i : first;
                for (int d = 0; d < 3; d++) {
                    lo[d] = Math.min(lo[d], nodeXyz[3 * i + d]);
                    hi[d] = Math.max(hi[d], nodeXyz[3 * i + d]);
                }
            }
        }
        double diameter = Math.hypot(Math.hypot(hi[0] - lo[0], hi[1] - lo[1]), hi[2] - lo[2]);
        for (int i = 0; i < used.length; i++) {
            if (used[i] && Math.abs(nodeXyz[3 * i + 2] - nodeXyz[3 * first + 2]) > 1e-10 * diameter) {
                throw new MeshFileException(in.name() + ": a triangle mesh must lie in a plane z = const, found node "
                        + nodeTags[i] + " at z = " + nodeXyz[3 * i + 2] + " and node " + nodeTags[first] + " at z = "
                        + nodeXyz[3 * first + 2]);
            }
        }
    }

    /**
     * Swaps the last two nodes of negatively oriented cells; fails on degenerate ones with the same
     * test as {@link Mesh#of}: |det J| <= 1e-12 h^d, h the longest edge.
     */
    private void orient(int dim, double[] x, int[] cells, Elements list, long[] meshNodeTags) {
        int per = dim + 1;
        double[][] e = new double[dim][dim];
        for (int c = 0; c < list.size; c++) {
            int p0 = cells[c * per] * dim;
            double h = 0;
            for (int a = 0; a < dim; a++) {
                int pa = cells[c * per + a + 1] * dim;
                for (int d = 0; d < dim; d++) {
                    e[a][d] = x[pa + d] - x[p0 + d];
                }
            }
            for (int a = 0; a < per; a++) {
                for (int b = a + 1; b < per; b++) {
                    double s = 0;
                    for (int d = 0; d < dim; d++) {
                        double t = x[cells[c * per + a] * dim + d] - x[cells[c * per + b] * dim + d];
                        s += t * t;
                    }
                    h = Math.max(h, Math.sqrt(s));
                }
            }
            double det = dim == 2
                    ? e[0][0] * e[1][1] - e[1][0] * e[0][1]
                    : e[0][0] * (e[1][1] * e[2][2] - e[1][2] * e[2][1])
                            - e[0][1] * (e[1][0] * e[2][2] - e[1][2] * e[2][0])
                            + e[0][2] * (e[1][0] * e[2][1] - e[1][1] * e[2][0]);
            if (Math.abs(det) <= 1e-12 * Math.pow(h, dim)) {
                long[] tags = new long[per];
                for (int a = 0; a < per; a++) {
                    tags[a] = meshNodeTags[cells[c * per + a]];
                }
                throw in.errorAt(
                        list.locations[c],
                        (dim == 2 ? "triangle" : "tetrahedron") + " element "
                                + list.tags[c] + " has zero " + (dim == 2 ? "area" : "volume") + " (nodes "
                                + joined(tags, 0, per) + " are " + (dim == 2 ? "collinear" : "coplanar") + ")");
            }
            if (det < 0) {
                int t = cells[c * per + dim];
                cells[c * per + dim] = cells[c * per + dim - 1];
                cells[c * per + dim - 1] = t;
            }
        }
    }

    private int[] groupsOf(int dim, Elements list, int element) {
        if (entityGroups == null) {
            return new int[0];
        }
        int[] groups = entityGroups.get(dim).get(list.entities[element]);
        if (groups == null) {
            throw in.errorAt(
                    list.locations[element],
                    "element " + list.tags[element] + " lies on " + ENTITY[dim] + " " + list.entities[element]
                            + ", which $Entities does not list");
        }
        return groups;
    }

    /** The physical tags carried by entities of a dimension, ascending. */
    private TreeSet<Integer> groupTags(int dim) {
        TreeSet<Integer> tags = new TreeSet<>();
        if (entityGroups != null) {
            for (int[] groups : entityGroups.get(dim).values()) {
                for (int g : groups) {
                    tags.add(g);
                }
            }
        }
        return tags;
    }

    /** Names of the physical groups of a dimension: from $PhysicalNames, else the tag in decimal. */
    private Map<String, Integer> groupNames(int dim) {
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int tag : groupTags(dim)) {
            String name = physicalNames.getOrDefault(new GroupKey(dim, tag), Integer.toString(tag));
            Integer other = names.put(name, tag);
            if (other != null) {
                throw new MeshFileException(in.name() + ": physical " + ENTITY[dim] + "s " + other + " and " + tag
                        + " are both named " + in.quoted(name) + "; expected distinct names");
            }
        }
        return names;
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String joined(long[] values, int from, int count) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < count; k++) {
            b.append(k == 0 ? "" : ", ").append(values[from + k]);
        }
        return b.toString();
    }

    /** Elements of one simplex type as read: Gmsh node tags, element tags, entities, locations. */
    private static final class Elements {
        final int perElement;
        long[] nodes = new long[0];
        long[] tags = new long[0];
        int[] entities = new int[0];
        long[] locations = new long[0];
        int size;

        Elements(GmshElementType type) {
            this.perElement = type.nodes();
        }

        void add(long tag, int entity, long location, long[] elementNodes) {
            if (size == tags.length) {
                int capacity = Math.max(16, 2 * size);
                nodes = Arrays.copyOf(nodes, capacity * perElement);
                tags = Arrays.copyOf(tags, capacity);
                entities = Arrays.copyOf(entities, capacity);
                locations = Arrays.copyOf(locations, capacity);
            }
            System.arraycopy(elementNodes, 0, nodes, size * perElement, perElement);
            tags[size] = tag;
            entities[size] = entity;
            locations[size] = location;
            size++;
        }
    }

    /** Gmsh node tag to 0-based file index: a direct table for dense tags, binary search otherwise. */
    private static final class NodeNumbering {
        private final int[] table; // tag -> index + 1, or null when tags are too sparse
        private final long[] sortedTags;
        private final int[] sortedIndex;

        NodeNumbering(long[] tags, String name) {
            long max = Arrays.stream(tags).max().orElse(0);
            if (max <= 2L * tags.length + 1024) {
                table = new int[(int) max + 1];
                sortedTags = null;
                sortedIndex = null;
                for (int i = 0; i < tags.length; i++) {
                    if (table[(int) tags[i]] != 0) {
                        throw duplicate(name, tags[i]);
                    }
                    table[(int) tags[i]] = i + 1;
                }
            } else {
                table = null;
                Integer[] order = new Integer[tags.length];
                Arrays.setAll(order, i -> i);
                Arrays.sort(order, (a, b) -> Long.compare(tags[a], tags[b]));
                sortedTags = new long[tags.length];
                sortedIndex = new int[tags.length];
                for (int k = 0; k < tags.length; k++) {
                    sortedTags[k] = tags[order[k]];
                    sortedIndex[k] = order[k];
                    if (k > 0 && sortedTags[k] == sortedTags[k - 1]) {
                        throw duplicate(name, sortedTags[k]);
                    }
                }
            }
        }

        private static MeshFileException duplicate(String name, long tag) {
            return new MeshFileException(name + ": node tag " + tag + " is defined twice in $Nodes");
        }

        /** The file index of a node tag, or -1 if no node has it. */
        int index(long tag) {
            if (table != null) {
                return tag >= 0 && tag < table.length ? table[(int) tag] - 1 : -1;
            }
            int k = Arrays.binarySearch(sortedTags, tag);
            return k >= 0 ? sortedIndex[k] : -1;
        }
    }

    /** Whether a set of nodes is a face of some cell, through the cells around its first node. */
    private static final class FacetCheck {
        private final int[] cells;
        private final int per;
        private final int[] start; // cells around node i: around[start[i] .. start[i+1])
        private final int[] around;

        FacetCheck(int[] cells, int per, int numNodes) {
            this.cells = cells;
            this.per = per;
            start = new int[numNodes + 1];
            for (int node : cells) {
                start[node + 1]++;
            }
            for (int i = 0; i < numNodes; i++) {
                start[i + 1] += start[i];
            }
            around = new int[cells.length];
            int[] fill = Arrays.copyOf(start, numNodes);
            for (int k = 0; k < cells.length; k++) {
                around[fill[cells[k]]++] = k / per;
            }
        }

        /** Whether the face's nodes are distinct, used by cells, and all in one cell. */
        boolean isFaceOfACell(int[] face) {
            for (int k = 0; k < face.length; k++) {
                for (int l = 0; l < k; l++) {
                    if (face[k] < 0 || face[k] == face[l]) {
                        return false;
                    }
                }
            }
            if (face[0] < 0) {
                return false;
            }
            for (int j = start[face[0]]; j < start[face[0] + 1]; j++) {
                int c = around[j];
                boolean all = true;
                for (int k = 1; k < face.length && all; k++) {
                    all = contains(c, face[k]);
                }
                if (all) {
                    return true;
                }
            }
            return false;
        }

        private boolean contains(int c, int node) {
            for (int a = 0; a < per; a++) {
                if (cells[c * per + a] == node) {
                    return true;
                }
            }
            return false;
        }
    }
}

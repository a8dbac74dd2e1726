package org.jrom.fem;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jrom.linalg.NonFiniteValueException;

/**
 * A conforming simplicial mesh, triangles in 2D or tetrahedra in 3D, with integer markers on cells
 * (subdomains) and on boundary facets (edges in 2D, triangles in 3D), and names for the markers.
 * Immutable; every cell is positively oriented (its Jacobian determinant is positive).
 */
public final class Mesh {
    private final int dimension;
    private final double[] coordinates; // node-major: node i at [i*dim, (i+1)*dim)
    private final int[] cells; // dim+1 nodes per cell
    private final int[] cellMarkers;
    private final int[] facets; // dim nodes per boundary facet
    private final int[] facetMarkers;
    private final Map<String, Integer> subdomains;
    private final Map<String, Integer> boundaries;

    private Mesh(
            int dimension,
            double[] coordinates,
            int[] cells,
            int[] cellMarkers,
            int[] facets,
            int[] facetMarkers,
            Map<String, Integer> subdomains,
            Map<String, Integer> boundaries) {
        this.dimension = dimension;
        this.coordinates = coordinates;
        this.cells = cells;
        this.cellMarkers = cellMarkers;
        this.facets = facets;
        this.facetMarkers = facetMarkers;
        this.subdomains = subdomains;
        this.boundaries = boundaries;
    }

    /**
     * A validated mesh (arrays are copied). Checks sizes, finite coordinates, node indices in
     * range, and that no cell is degenerate or inverted.
     *
     * @param dimension 2 (triangles) or 3 (tetrahedra)
     * @param coordinates node-major coordinates, {@code dimension} per node
     * @param cells {@code dimension + 1} node indices per cell
     * @param cellMarkers one subdomain marker per cell
     * @param facets {@code dimension} node indices per boundary facet
     * @param facetMarkers one boundary marker per facet
     * @param subdomains names of cell markers
     * @param boundaries names of facet markers
     */
    public static Mesh of(
            int dimension,
            double[] coordinates,
            int[] cells,
            int[] cellMarkers,
            int[] facets,
            int[] facetMarkers,
            Map<String, Integer> subdomains,
            Map<String, Integer> boundaries) {
        if (dimension != 2 && dimension != 3) {
            throw new MeshException("mesh dimension must be 2 or 3, found " + dimension);
        }
        if (coordinates.length % dimension != 0) {
            throw new MeshException(coordinates.length + " coordinates do not make whole " + dimension + "D nodes");
        }
        NonFiniteValueException.requireFinite("node coordinates", coordinates);
        int nodes = coordinates.length / dimension;
        int perCell = dimension + 1;
        if (cells.length % perCell != 0 || cells.length / perCell != cellMarkers.length) {
            throw new MeshException("cell arrays disagree: " + cells.length + " node indices for " + cellMarkers.length
                    + " cells of " + perCell + " nodes");
        }
        if (facets.length % dimension != 0 || facets.length / dimension != facetMarkers.length) {
            throw new MeshException("facet arrays disagree: " + facets.length + " node indices for "
                    + facetMarkers.length + " facets of " + dimension + " nodes");
        }
        checkNodes("cell", cells, perCell, nodes);
        checkNodes("boundary facet", facets, dimension, nodes);
        Mesh mesh = new Mesh(
                dimension,
                coordinates.clone(),
                cells.clone(),
                cellMarkers.clone(),
                facets.clone(),
                facetMarkers.clone(),
                Collections.unmodifiableMap(new LinkedHashMap<>(subdomains)),
                Collections.unmodifiableMap(new LinkedHashMap<>(boundaries)));
        mesh.checkOrientation();
        return mesh;
    }

    private static void checkNodes(String what, int[] entities, int perEntity, int nodes) {
        for (int k = 0; k < entities.length; k++) {
            if (entities[k] < 0 || entities[k] >= nodes) {
                throw new MeshException(what + " " + (k / perEntity) + ": node " + entities[k]
                        + " out of range (the mesh has " + nodes + " nodes)");
            }
        }
    }

    private void checkOrientation() {
        int perCell = dimension + 1;
        for (int c = 0; c < numCells(); c++) {
            double det = jacobianDeterminant(c);
            double h = 0;
            for (int a = 0; a < perCell; a++) {
                for (int b = a + 1; b < perCell; b++) {
                    h = Math.max(h, distance(cells[c * perCell + a], cells[c * perCell + b]));
                }
            }
            String nodes = Arrays.toString(Arrays.copyOfRange(cells, c * perCell, (c + 1) * perCell));
            if (Math.abs(det) <= 1e-12 * Math.pow(h, dimension)) {
                throw new MeshException("cell " + c + " has zero " + (dimension == 2 ? "area" : "volume") + " (nodes "
                        + nodes + " are " + (dimension == 2 ? "collinear" : "coplanar") + ")");
            }
            if (det < 0) {
                throw new MeshException("cell " + c + " is inverted (nodes " + nodes + " are in negative orientation)");
            }
        }
    }

    private double distance(int i, int j) {
        double s = 0;
        for (int d = 0; d < dimension; d++) {
            double t = coordinates[i * dimension + d] - coordinates[j * dimension + d];
            s += t * t;
        }
        return Math.sqrt(s);
    }

    /** det of the affine map from the reference simplex to cell c (2 x area, 6 x volume). */
    double jacobianDeterminant(int c) {
        int perCell = dimension + 1;
        int p0 = cells[c * perCell] * dimension;
        double[] x = coordinates;
        if (dimension == 2) {
            int p1 = cells[c * perCell + 1] * dimension;
            int p2 = cells[c * perCell + 2] * dimension;
            return (x[p1] - x[p0]) * (x[p2 + 1] - x[p0 + 1]) - (x[p2] - x[p0]) * (x[p1 + 1] - x[p0 + 1]);
        }
        int p1 = cells[c * perCell + 1] * 3;
        int p2 = cells[c * perCell + 2] * 3;
        int p3 = cells[c * perCell + 3] * 3;
        double ax = x[p1] - x[p0], ay = x[p1 + 1] - x[p0 + 1], az = x[p1 + 2] - x[p0 + 2];
        double bx = x[p2] - x[p0], by = x[p2 + 1] - x[p0 + 1], bz = x[p2 + 2] - x[p0 + 2];
        double cx = x[p3] - x[p0], cy = x[p3 + 1] - x[p0 + 1], cz = x[p3 + 2] - x[p0 + 2];
        return ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
    }

    /** 2 for triangles, 3 for tetrahedra. */
    public int dimension() {
        return dimension;
    }

    public int numNodes() {
        return coordinates.length / dimension;
    }

    public int numCells() {
        return cellMarkers.length;
    }

    public int numFacets() {
        return facetMarkers.length;
    }

    /** Coordinate d of node i. */
    public double coordinate(int i, int d) {
        return coordinates[i * dimension + d];
    }

    /** Node k (0 <= k <= dimension) of cell c. */
    public int cellNode(int c, int k) {
        return cells[c * (dimension + 1) + k];
    }

    /** Node k (0 <= k < dimension) of boundary facet f. */
    public int facetNode(int f, int k) {
        return facets[f * dimension + k];
    }

    public int cellMarker(int c) {
        return cellMarkers[c];
    }

    public int facetMarker(int f) {
        return facetMarkers[f];
    }

    /** Area (2D) or volume (3D) of cell c. */
    public double cellMeasure(int c) {
        return jacobianDeterminant(c) / (dimension == 2 ? 2.0 : 6.0);
    }

    /** Node-major coordinates (a copy). */
    public double[] coordinates() {
        return coordinates.clone();
    }

    /** Cell-node connectivity, {@code dimension + 1} per cell (a copy). */
    public int[] cells() {
        return cells.clone();
    }

    /** Subdomain names and their cell markers. */
    public Map<String, Integer> subdomains() {
        return subdomains;
    }

    /** Boundary part names and their facet markers. */
    public Map<String, Integer> boundaries() {
        return boundaries;
    }

    /** Marker of a named subdomain; the error lists the known names. */
    public int subdomainMarker(String name) {
        Integer m = subdomains.get(name);
        if (m == null) {
            throw new MeshException("unknown subdomain '" + name + "'; the mesh has " + subdomains.keySet());
        }
        return m;
    }

    /** Marker of a named boundary part; the error lists the known names. */
    public int boundaryMarker(String name) {
        Integer m = boundaries.get(name);
        if (m == null) {
            throw new MeshException("unknown boundary part '" + name + "'; the mesh has " + boundaries.keySet());
        }
        return m;
    }

    /** Indices of the cells carrying a marker, ascending. */
    public int[] cellsWithMarker(int marker) {
        int count = 0;
        for (int m : cellMarkers) {
            if (m == marker) {
                count++;
            }
        }
        int[] out = new int[count];
        for (int c = 0, k = 0; k < count; c++) {
            if (cellMarkers[c] == marker) {
                out[k++] = c;
            }
        }
        return out;
    }

    /** Indices of the boundary facets carrying one of the markers, ascending. */
    public int[] facetsWithMarkers(int... markers) {
        return java.util.stream.IntStream.range(0, numFacets())
                .filter(f -> Arrays.stream(markers).anyMatch(m -> m == facetMarkers[f]))
                .toArray();
    }

    /** Sorted distinct nodes of the named boundary parts. */
    public int[] boundaryNodes(String... names) {
        int[] markers = Arrays.stream(names).mapToInt(this::boundaryMarker).toArray();
        return Arrays.stream(facetsWithMarkers(markers))
                .flatMap(f -> Arrays.stream(facets, f * dimension, (f + 1) * dimension))
                .distinct()
                .sorted()
                .toArray();
    }

    @Override
    public String toString() {
        return "Mesh " + dimension + "D: " + numNodes() + " nodes, " + numCells()
                + (dimension == 2 ? " triangles, " : " tetrahedra, ") + numFacets() + " boundary facets, subdomains "
                + subdomains.keySet() + ", boundaries " + boundaries.keySet();
    }
}

package org.jrom.fem;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured simplicial meshes of rectangles and boxes: each grid square is split into two
 * triangles, each grid cube into the six tetrahedra of its Kuhn (Freudenthal) triangulation, which
 * is conforming across cubes; {@link #grid} does the same for a box grid whose nodes are mapped
 * anywhere (a curved body of hexahedral topology). Cells get subdomain markers from a function of
 * their centroid; boundary facets are named by the side they lie on.
 */
public final class StructuredMesh {
    /** Assigns a subdomain marker to a cell from its centroid. */
    @FunctionalInterface
    public interface SubdomainMarker {
        int marker(double[] centroid);
    }

    /** Assigns a boundary marker to a boundary facet from its centroid. */
    @FunctionalInterface
    public interface BoundaryMarker {
        int marker(double[] centroid);
    }

    /** Assigns a boundary marker to a face of a structured grid from its place in the grid. */
    @FunctionalInterface
    public interface GridFaceMarker {
        /**
         * The marker of one boundary face of the grid.
         *
         * @param axis the grid axis normal to the face (0, 1, 2)
         * @param upper whether the face lies on the side of the last node along that axis
         * @param i grid index along axis 0 of the cube the face bounds
         * @param j grid index along axis 1 of that cube
         * @param k grid index along axis 2 of that cube
         */
        int marker(int axis, boolean upper, int i, int j, int k);
    }

    /** Boundary names of a rectangle, markers 1..4. */
    public static final Map<String, Integer> RECTANGLE_SIDES = sides("left", "right", "bottom", "top");

    /** Boundary names of a box, markers 1..6: x = min/max are left/right, y front/back, z bottom/top. */
    public static final Map<String, Integer> BOX_SIDES = sides("left", "right", "front", "back", "bottom", "top");

    private StructuredMesh() {}

    private static Map<String, Integer> sides(String... names) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], i + 1);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The unit square, {@code n x n} squares, one subdomain "domain" (marker 0). */
    public static Mesh unitSquare(int n) {
        return rectangle(0, 1, 0, 1, n, n, c -> 0, Map.of("domain", 0));
    }

    /**
     * The rectangle {@code [x0, x1] x [y0, y1]} cut into {@code nx x ny} squares of two triangles.
     */
    public static Mesh rectangle(
            double x0,
            double x1,
            double y0,
            double y1,
            int nx,
            int ny,
            SubdomainMarker marker,
            Map<String, Integer> subdomains) {
        if (nx < 1 || ny < 1 || !(x1 > x0) || !(y1 > y0)) {
            throw new MeshException("rectangle needs x1 > x0, y1 > y0 and at least one square per side, found [" + x0
                    + ", " + x1 + "] x [" + y0 + ", " + y1 + "] with " + nx + "x" + ny + " squares");
        }
        int nodesX = nx + 1;
        double[] coords = new double[2 * nodesX * (ny + 1)];
        for (int j = 0; j <= ny; j++) {
            for (int i = 0; i <= nx; i++) {
                int p = j * nodesX + i;
                coords[2 * p] = i == nx ? x1 : x0 + (x1 - x0) * i / nx;
                coords[2 * p + 1] = j == ny ? y1 : y0 + (y1 - y0) * j / ny;
            }
        }
        int[] cells = new int[6 * nx * ny];
        int[] markers = new int[2 * nx * ny];
        int c = 0;
        double[] centroid = new double[2];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int a = j * nodesX + i;
                int b = a + 1;
                int d = a + nodesX;
                int e = d + 1;
                int[][] tris = {{a, b, e}, {a, e, d}};
                for (int[] t : tris) {
                    System.arraycopy(t, 0, cells, 3 * c, 3);
                    centroid[0] = (coords[2 * t[0]] + coords[2 * t[1]] + coords[2 * t[2]]) / 3;
                    centroid[1] = (coords[2 * t[0] + 1] + coords[2 * t[1] + 1] + coords[2 * t[2] + 1]) / 3;
                    markers[c++] = marker.marker(centroid);
                }
            }
        }
        int[] facets = new int[4 * (nx + ny)];
        int[] facetMarkers = new int[2 * (nx + ny)];
        int f = 0;
        for (int j = 0; j < ny; j++) {
            f = facet(facets, facetMarkers, f, j * nodesX, (j + 1) * nodesX, 1); // left
            f = facet(facets, facetMarkers, f, j * nodesX + nx, (j + 1) * nodesX + nx, 2); // right
        }
        for (int i = 0; i < nx; i++) {
            f = facet(facets, facetMarkers, f, i, i + 1, 3); // bottom
            f = facet(facets, facetMarkers, f, ny * nodesX + i, ny * nodesX + i + 1, 4); // top
        }
        return Mesh.of(2, coords, cells, markers, facets, facetMarkers, subdomains, RECTANGLE_SIDES);
    }

    private static int facet(int[] facets, int[] markers, int f, int p, int q, int marker) {
        facets[2 * f] = p;
        facets[2 * f + 1] = q;
        markers[f] = marker;
        return f + 1;
    }

    /** The unit cube, {@code n x n x n} cubes of six tetrahedra, one subdomain "domain" (marker 0). */
    public static Mesh unitCube(int n) {
        return box(new double[] {0, 0, 0}, new double[] {1, 1, 1}, n, n, n, c -> 0, Map.of("domain", 0));
    }

    /**
     * The box {@code [lo, hi]} cut into {@code nx x ny x nz} cubes, each split into the six
     * tetrahedra around its main diagonal (Kuhn triangulation).
     */
    public static Mesh box(
            double[] lo, double[] hi, int nx, int ny, int nz, SubdomainMarker marker, Map<String, Integer> subdomains) {
        int[] n = {nx, ny, nz};
        for (int d = 0; d < 3; d++) {
            if (n[d] < 1 || !(hi[d] > lo[d])) {
                throw new MeshException("box needs hi > lo and at least one cube per side, found axis " + d + ": ["
                        + lo[d] + ", " + hi[d] + "] with " + n[d] + " cubes");
            }
        }
        int sx = nx + 1;
        int sxy = sx * (ny + 1);
        int nodes = sxy * (nz + 1);
        double[] coords = new double[3 * nodes];
        for (int k = 0; k <= nz; k++) {
            for (int j = 0; j <= ny; j++) {
                for (int i = 0; i <= nx; i++) {
                    int p = k * sxy + j * sx + i;
                    int[] idx = {i, j, k};
                    for (int d = 0; d < 3; d++) {
                        coords[3 * p + d] = idx[d] == n[d] ? hi[d] : lo[d] + (hi[d] - lo[d]) * idx[d] / n[d];
                    }
                }
            }
        }
        return grid(
                coords,
                nx,
                ny,
                nz,
                marker,
                subdomains,
                (axis, upper, i, j, k) -> 2 * axis + (upper ? 2 : 1),
                BOX_SIDES);
    }

    /**
     * A structured grid of {@code nx x ny x nz} hexahedra with nodes placed anywhere (a mapped box),
     * each hexahedron split into the six tetrahedra of the Kuhn triangulation of its grid cube, so
     * that neighbouring hexahedra conform. Node {@code (i, j, k)} is node {@code i + (nx + 1) (j +
     * (ny + 1) k)} of {@code coords} (node-major, 3 per node). Each tetrahedron is oriented
     * positively (two nodes are swapped where its determinant is negative), so the map from grid
     * indices to coordinates may reverse orientation, but it must not fold (a tetrahedron whose
     * orientation disagrees with the others' is refused). Cells get subdomain
     * markers from their centroids; the boundary faces of the grid, each split into two triangles
     * along the diagonal of the adjacent tetrahedra, get markers from {@code faceMarker}.
     */
    public static Mesh grid(
            double[] coords,
            int nx,
            int ny,
            int nz,
            SubdomainMarker marker,
            Map<String, Integer> subdomains,
            GridFaceMarker faceMarker,
            Map<String, Integer> boundaries) {
        int[] n = {nx, ny, nz};
        int sx = nx + 1;
        int sxy = sx * (ny + 1);
        if (nx < 1 || ny < 1 || nz < 1 || coords.length != 3L * sxy * (nz + 1)) {
            throw new MeshException("a grid of " + nx + "x" + ny + "x" + nz + " hexahedra needs at least one per axis"
                    + " and 3 coordinates for each of its (nx+1)(ny+1)(nz+1) nodes, found " + coords.length
                    + " coordinates");
        }
        // Kuhn triangulation: one tetrahedron per axis permutation, along the path 0 -> e_a -> e_a+e_b -> 1.
        // Its determinant is the permutation's parity times the map's Jacobian, whose sign must not change.
        int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        int[] parity = {1, -1, -1, 1, 1, -1};
        double sense = 0;
        int[] step = {1, sx, sxy};
        int cubes = nx * ny * nz;
        int[] cells = new int[24 * cubes];
        int[] markers = new int[6 * cubes];
        int c = 0;
        double[] centroid = new double[3];
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int base = k * sxy + j * sx + i;
                    for (int q = 0; q < perms.length; q++) {
                        int[] perm = perms[q];
                        int v0 = base;
                        int v1 = v0 + step[perm[0]];
                        int v2 = v1 + step[perm[1]];
                        int v3 = v2 + step[perm[2]];
                        int[] t = {v0, v1, v2, v3};
                        double det = orientation(coords, t);
                        double mapSense = Math.signum(det) * parity[q];
                        if (sense == 0) {
                            sense = mapSense;
                        } else if (mapSense == -sense) {
                            throw new MeshException("the grid's nodes fold over: the map from grid indices to"
                                    + " coordinates changes orientation in hexahedron (" + i + ", " + j + ", " + k
                                    + ")");
                        }
                        if (det < 0) {
                            int s = t[2];
                            t[2] = t[3];
                            t[3] = s;
                        }
                        System.arraycopy(t, 0, cells, 4 * c, 4);
                        for (int d = 0; d < 3; d++) {
                            centroid[d] = (coords[3 * t[0] + d]
                                            + coords[3 * t[1] + d]
                                            + coords[3 * t[2] + d]
                                            + coords[3 * t[3] + d])
                                    / 4;
                        }
                        markers[c++] = marker.marker(centroid);
                    }
                }
            }
        }
        // Boundary facets: faces of boundary cubes on each of the six sides, split along the same
        // diagonal as the adjacent tetrahedra (the face diagonal through the cube's lowest corner).
        int[] facetCount = {2 * ny * nz, 2 * ny * nz, 2 * nx * nz, 2 * nx * nz, 2 * nx * ny, 2 * nx * ny};
        int total = Arrays.stream(facetCount).sum();
        int[] facets = new int[3 * total];
        int[] facetMarkers = new int[total];
        int f = 0;
        for (int axis = 0; axis < 3; axis++) {
            int u = (axis + 1) % 3;
            int w = (axis + 2) % 3;
            for (int side = 0; side < 2; side++) {
                int fixed = side == 0 ? 0 : n[axis];
                for (int b = 0; b < n[w]; b++) {
                    for (int a = 0; a < n[u]; a++) {
                        int[] idx = new int[3];
                        idx[axis] = fixed;
                        idx[u] = a;
                        idx[w] = b;
                        int p00 = idx[0] + idx[1] * sx + idx[2] * sxy;
                        int p10 = p00 + step[u];
                        int p01 = p00 + step[w];
                        int p11 = p10 + step[w];
                        idx[axis] = side == 0 ? 0 : n[axis] - 1; // the cube behind the face
                        int part = faceMarker.marker(axis, side == 1, idx[0], idx[1], idx[2]);
                        f = triangle(facets, facetMarkers, f, p00, p10, p11, part);
                        f = triangle(facets, facetMarkers, f, p00, p11, p01, part);
                    }
                }
            }
        }
        return Mesh.of(3, coords, cells, markers, facets, facetMarkers, subdomains, boundaries);
    }

    private static int triangle(int[] facets, int[] markers, int f, int p, int q, int r, int marker) {
        facets[3 * f] = p;
        facets[3 * f + 1] = q;
        facets[3 * f + 2] = r;
        markers[f] = marker;
        return f + 1;
    }

    /**
     * The part of a background mesh made of the cells whose subdomain marker is not negative after
     * re-marking by {@code cellMarker} (a negative marker removes the cell): how shapes such as the
     * thermal fin are cut out of a structured grid. Unused nodes are dropped; the boundary facets
     * are recomputed as the facets that belong to exactly one kept cell, and marked from their
     * centroids by {@code boundaryMarker}.
     */
    public static Mesh carve(
            Mesh background,
            SubdomainMarker cellMarker,
            Map<String, Integer> subdomains,
            BoundaryMarker boundaryMarker,
            Map<String, Integer> boundaries) {
        int d = background.dimension();
        int k = d + 1;
        int[] oldCells = background.cells();
        int cellCount = background.numCells();
        int[] markers = new int[cellCount];
        double[] centroid = new double[d];
        int kept = 0;
        for (int c = 0; c < cellCount; c++) {
            Arrays.fill(centroid, 0.0);
            for (int a = 0; a < k; a++) {
                for (int i = 0; i < d; i++) {
                    centroid[i] += background.coordinate(oldCells[c * k + a], i) / k;
                }
            }
            markers[c] = cellMarker.marker(centroid);
            if (markers[c] >= 0) {
                kept++;
            }
        }
        int[] newIndex = new int[background.numNodes()];
        Arrays.fill(newIndex, -1);
        int[] cells = new int[kept * k];
        int[] cellMarkers = new int[kept];
        int nodes = 0;
        int t = 0;
        for (int c = 0; c < cellCount; c++) {
            if (markers[c] < 0) {
                continue;
            }
            for (int a = 0; a < k; a++) {
                int old = oldCells[c * k + a];
                if (newIndex[old] < 0) {
                    newIndex[old] = nodes++;
                }
                cells[t * k + a] = newIndex[old];
            }
            cellMarkers[t++] = markers[c];
        }
        double[] coords = new double[nodes * d];
        for (int old = 0; old < newIndex.length; old++) {
            if (newIndex[old] >= 0) {
                for (int i = 0; i < d; i++) {
                    coords[newIndex[old] * d + i] = background.coordinate(old, i);
                }
            }
        }
        int[] facets = boundaryFacets(cells, d, nodes);
        int[] facetMarkers = new int[facets.length / d];
        for (int f = 0; f < facetMarkers.length; f++) {
            Arrays.fill(centroid, 0.0);
            for (int a = 0; a < d; a++) {
                for (int i = 0; i < d; i++) {
                    centroid[i] += coords[facets[f * d + a] * d + i] / d;
                }
            }
            facetMarkers[f] = boundaryMarker.marker(centroid);
        }
        return Mesh.of(d, coords, cells, cellMarkers, facets, facetMarkers, subdomains, boundaries);
    }

    /**
     * The facets (sorted node tuples, {@code d} per facet) that belong to exactly one cell: every
     * facet is encoded as one long key, the keys are sorted, and unpaired keys are the boundary.
     */
    static int[] boundaryFacets(int[] cells, int d, int nodes) {
        long base = nodes;
        if (d == 3 && base > (1L << 21)) {
            throw new MeshException("boundary extraction supports at most 2^21 nodes in 3D, found " + nodes);
        }
        int k = d + 1;
        int cellCount = cells.length / k;
        long[] keys = new long[cellCount * k];
        int[] f = new int[d];
        int t = 0;
        for (int c = 0; c < cellCount; c++) {
            for (int skip = 0; skip < k; skip++) {
                int m = 0;
                for (int a = 0; a < k; a++) {
                    if (a != skip) {
                        f[m++] = cells[c * k + a];
                    }
                }
                Arrays.sort(f);
                long key = 0;
                for (int a = 0; a < d; a++) {
                    key = key * base + f[a];
                }
                keys[t++] = key;
            }
        }
        Arrays.sort(keys);
        int[] out = new int[keys.length * d];
        int count = 0;
        for (int i = 0; i < keys.length; ) {
            int j = i;
            while (j < keys.length && keys[j] == keys[i]) {
                j++;
            }
            if (j - i > 2) {
                throw new MeshException("non-manifold mesh: a facet is shared by " + (j - i) + " cells");
            }
            if (j - i == 1) {
                long key = keys[i];
                for (int a = d - 1; a >= 0; a--) {
                    out[count * d + a] = (int) (key % base);
                    key /= base;
                }
                count++;
            }
            i = j;
        }
        return Arrays.copyOf(out, count * d);
    }

    private static double orientation(double[] x, int[] t) {
        double[] e = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int d = 0; d < 3; d++) {
                e[3 * r + d] = x[3 * t[r + 1] + d] - x[3 * t[0] + d];
            }
        }
        return e[0] * (e[4] * e[8] - e[5] * e[7])
                - e[1] * (e[3] * e[8] - e[5] * e[6])
                + e[2] * (e[3] * e[7] - e[4] * e[6]);
    }
}

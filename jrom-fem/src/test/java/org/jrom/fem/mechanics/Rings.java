package org.jrom.fem.mechanics;

import java.util.Map;
import org.jrom.fem.Mesh;
import org.jrom.fem.StructuredMesh;

/** A quarter of a thick ring (a slice of a cylinder) for the pressure and limit-load tests. */
final class Rings {
    private Rings() {}

    /**
     * The box {@code [a, b] x [0, pi/2] x [0, h]} in (r, theta, z), mapped to the quarter ring: the
     * box's sides keep their names, so "left" is the bore r = a, "right" the outer surface r = b,
     * "front" the plane y = 0, "back" the plane x = 0, "bottom" and "top" the faces z = 0 and z = h.
     */
    static Mesh quarter(double a, double b, int nr, int nt, double h) {
        Mesh box = StructuredMesh.box(
                new double[] {a, 0, 0}, new double[] {b, Math.PI / 2, h}, nr, nt, 1, c -> 0, Map.of("domain", 0));
        double[] x = box.coordinates();
        for (int n = 0; n < box.numNodes(); n++) {
            double r = x[3 * n];
            double theta = x[3 * n + 1];
            x[3 * n] = r * Math.cos(theta);
            x[3 * n + 1] = r * Math.sin(theta);
        }
        int[] markers = new int[box.numCells()];
        int[] facets = new int[box.numFacets() * 3];
        int[] facetMarkers = new int[box.numFacets()];
        for (int f = 0; f < facetMarkers.length; f++) {
            for (int k = 0; k < 3; k++) {
                facets[3 * f + k] = box.facetNode(f, k);
            }
            facetMarkers[f] = box.facetMarker(f);
        }
        return Mesh.of(3, x, box.cells(), markers, facets, facetMarkers, box.subdomains(), box.boundaries());
    }

    /** The area of boundary facet f. */
    static double triangleArea(Mesh mesh, int f) {
        double[] e1 = new double[3];
        double[] e2 = new double[3];
        for (int k = 0; k < 3; k++) {
            double x0 = mesh.coordinate(mesh.facetNode(f, 0), k);
            e1[k] = mesh.coordinate(mesh.facetNode(f, 1), k) - x0;
            e2[k] = mesh.coordinate(mesh.facetNode(f, 2), k) - x0;
        }
        double cx = e1[1] * e2[2] - e1[2] * e2[1];
        double cy = e1[2] * e2[0] - e1[0] * e2[2];
        double cz = e1[0] * e2[1] - e1[1] * e2[0];
        return 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
    }
}

package org.jrom.fem;

import java.util.Random;

/** Meshes for the FEM tests: structured meshes with randomly displaced interior nodes. */
public final class TestMeshes {
    private TestMeshes() {}

    /**
     * The mesh with every node off the boundary moved by a seeded uniform random vector of at most
     * {@code amplitude} per coordinate; Mesh.of re-checks that no cell is inverted.
     */
    public static Mesh perturbed(Mesh mesh, double amplitude, long seed) {
        int d = mesh.dimension();
        boolean[] onBoundary = new boolean[mesh.numNodes()];
        for (int f = 0; f < mesh.numFacets(); f++) {
            for (int k = 0; k < d; k++) {
                onBoundary[mesh.facetNode(f, k)] = true;
            }
        }
        Random random = new Random(seed);
        double[] x = mesh.coordinates();
        for (int n = 0; n < mesh.numNodes(); n++) {
            for (int i = 0; i < d; i++) {
                double shift = amplitude * (2 * random.nextDouble() - 1);
                if (!onBoundary[n]) {
                    x[n * d + i] += shift;
                }
            }
        }
        int[] markers = new int[mesh.numCells()];
        for (int c = 0; c < markers.length; c++) {
            markers[c] = mesh.cellMarker(c);
        }
        int[] facets = new int[mesh.numFacets() * d];
        int[] facetMarkers = new int[mesh.numFacets()];
        for (int f = 0; f < facetMarkers.length; f++) {
            for (int k = 0; k < d; k++) {
                facets[f * d + k] = mesh.facetNode(f, k);
            }
            facetMarkers[f] = mesh.facetMarker(f);
        }
        return Mesh.of(d, x, mesh.cells(), markers, facets, facetMarkers, mesh.subdomains(), mesh.boundaries());
    }
}

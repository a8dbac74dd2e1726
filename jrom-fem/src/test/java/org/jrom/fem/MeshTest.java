package org.jrom.fem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MeshTest {
    /** Facets that belong to exactly one cell, as sorted node tuples: the true boundary of the mesh. */
    static TreeSet<String> boundaryFromCells(Mesh mesh) {
        int d = mesh.dimension();
        Map<String, Integer> count = new HashMap<>();
        for (int c = 0; c < mesh.numCells(); c++) {
            for (int skip = 0; skip <= d; skip++) {
                int[] f = new int[d];
                int k = 0;
                for (int a = 0; a <= d; a++) {
                    if (a != skip) {
                        f[k++] = mesh.cellNode(c, a);
                    }
                }
                Arrays.sort(f);
                count.merge(Arrays.toString(f), 1, Integer::sum);
            }
        }
        TreeSet<String> boundary = new TreeSet<>();
        count.forEach((key, n) -> {
            assertThat(n).as("facet %s shared by more than two cells", key).isLessThanOrEqualTo(2);
            if (n == 1) {
                boundary.add(key);
            }
        });
        return boundary;
    }

    static TreeSet<String> declaredFacets(Mesh mesh) {
        TreeSet<String> s = new TreeSet<>();
        for (int f = 0; f < mesh.numFacets(); f++) {
            int[] nodes = new int[mesh.dimension()];
            for (int k = 0; k < nodes.length; k++) {
                nodes[k] = mesh.facetNode(f, k);
            }
            Arrays.sort(nodes);
            s.add(Arrays.toString(nodes));
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void rectangleIsConformingAndItsBoundaryIsDeclared(int n) {
        Mesh mesh = StructuredMesh.rectangle(-1, 2, 0, 0.5, 3 * n, n, c -> c[0] < 0.5 ? 0 : 1, Map.of("a", 0, "b", 1));
        double area = 0;
        for (int c = 0; c < mesh.numCells(); c++) {
            area += mesh.cellMeasure(c);
        }
        assertThat(area).isCloseTo(1.5, within(1e-14));
        assertThat(declaredFacets(mesh)).isEqualTo(boundaryFromCells(mesh));
        assertThat(mesh.boundaryNodes("left")).hasSize(n + 1);
        for (int i : mesh.boundaryNodes("right")) {
            assertThat(mesh.coordinate(i, 0)).isEqualTo(2.0);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void boxIsConformingAndItsBoundaryIsDeclared(int n) {
        Mesh mesh = StructuredMesh.box(
                new double[] {0, 0, 0}, new double[] {2, 1, 1}, 2 * n, n, n + 1, c -> 0, Map.of("d", 0));
        double volume = 0;
        for (int c = 0; c < mesh.numCells(); c++) {
            assertThat(mesh.cellMeasure(c)).isPositive();
            volume += mesh.cellMeasure(c);
        }
        assertThat(volume).isCloseTo(2.0, within(1e-13));
        assertThat(declaredFacets(mesh)).isEqualTo(boundaryFromCells(mesh));
        for (int i : mesh.boundaryNodes("top")) {
            assertThat(mesh.coordinate(i, 2)).isEqualTo(1.0);
        }
    }

    /** Nodes of an {@code n x n x n} grid of the unit cube, mapped by (x, y, z) -> (x, -y, z + a x y). */
    static double[] mirroredSheared(int n, double a) {
        double[] xyz = new double[3 * (n + 1) * (n + 1) * (n + 1)];
        for (int k = 0, p = 0; k <= n; k++) {
            for (int j = 0; j <= n; j++) {
                for (int i = 0; i <= n; i++, p++) {
                    double x = (double) i / n;
                    double y = (double) j / n;
                    xyz[3 * p] = x;
                    xyz[3 * p + 1] = -y;
                    xyz[3 * p + 2] = (double) k / n + a * x * y;
                }
            }
        }
        return xyz;
    }

    @Test
    void gridTakesOrientationReversingMapsAndMarksFacesByPlace() {
        int n = 3;
        // the map has Jacobian determinant -1: volume 1, every tetrahedron positive after reorientation
        Mesh mesh = StructuredMesh.grid(
                mirroredSheared(n, 0.5),
                n,
                n,
                n,
                c -> c[0] < 0.5 ? 0 : 1,
                Map.of("a", 0, "b", 1),
                (axis, upper, i, j, k) -> axis == 2 && upper && i == 0 ? 2 : 1,
                Map.of("wall", 1, "patch", 2));
        double volume = 0;
        for (int c = 0; c < mesh.numCells(); c++) {
            assertThat(mesh.cellMeasure(c)).isPositive();
            volume += mesh.cellMeasure(c);
        }
        assertThat(volume).isCloseTo(1.0, within(1e-14));
        assertThat(declaredFacets(mesh)).isEqualTo(boundaryFromCells(mesh));
        // the top faces of the first column of cubes: 0 <= x <= 1/3, z = 1 + x y / 2
        assertThat(mesh.facetsWithMarkers(2)).hasSize(2 * n);
        for (int i : mesh.boundaryNodes("patch")) {
            assertThat(mesh.coordinate(i, 0)).isLessThanOrEqualTo(1.0 / n);
            assertThat(mesh.coordinate(i, 2))
                    .isCloseTo(1 - 0.5 * mesh.coordinate(i, 0) * mesh.coordinate(i, 1), within(1e-15));
        }
    }

    @Test
    void gridRefusesAFoldedMap() {
        double[] xyz = mirroredSheared(2, 0);
        int corner = 3 * (2 * 9 + 2 * 3 + 2); // node (2, 2, 2) pushed below its neighbours
        xyz[corner + 2] = 0.25;
        assertThatThrownBy(() -> StructuredMesh.grid(
                        xyz, 2, 2, 2, c -> 0, Map.of("d", 0), (axis, upper, i, j, k) -> 1, Map.of("wall", 1)))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("fold over")
                .hasMessageContaining("(1, 1, 1)");
    }

    @Test
    void invalidMeshesAreRefusedNamingTheEntity() {
        double[] xy = {0, 0, 1, 0, 0, 1, 2, 0};
        Map<String, Integer> none = Map.of();
        assertThatThrownBy(() -> Mesh.of(2, xy, new int[] {0, 1, 7}, new int[] {0}, new int[0], new int[0], none, none))
                .isInstanceOf(MeshException.class)
                .hasMessage("cell 0: node 7 out of range (the mesh has 4 nodes)");
        assertThatThrownBy(() -> Mesh.of(
                        2, xy, new int[] {0, 1, 2, 0, 1, 3}, new int[] {0, 0}, new int[0], new int[0], none, none))
                .isInstanceOf(MeshException.class)
                .hasMessage("cell 1 has zero area (nodes [0, 1, 3] are collinear)");
        assertThatThrownBy(() -> Mesh.of(2, xy, new int[] {0, 2, 1}, new int[] {0}, new int[0], new int[0], none, none))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("cell 0 is inverted");
        assertThatThrownBy(() -> StructuredMesh.unitSquare(2).boundaryNodes("inlet"))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("unknown boundary part 'inlet'")
                .hasMessageContaining("left");
    }
}

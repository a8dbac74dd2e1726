package org.jrom.fem.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jrom.fem.Mesh;
import org.jrom.fem.MeshException;
import org.jrom.fem.P2Space;
import org.jrom.fem.problems.TurbineBlade.Geometry;
import org.jrom.fem.problems.TurbineBlade.Resolution;
import org.junit.jupiter.api.Test;

/**
 * The turbine blade mesh against the geometry it discretizes: the section is the cambered NACA
 * airfoil, the volume converges with order two to the integral of the section area (shoelace on the
 * smooth boundary, Simpson in z), the boundary is closed and fully marked, the clamped face is the
 * root rectangle, the tip is twisted by the stagger, and the standard mesh has about 50,000 P2
 * displacement unknowns.
 */
class TurbineBladeTest {
    static final Geometry G = Geometry.standard();
    static final Mesh STANDARD = TurbineBlade.mesh(G, Resolution.standard());

    /** NACA 4-digit half-thickness over chord (closed trailing edge), of maximum thickness tau. */
    static double naca(double s, double tau) {
        return 5
                * tau
                * (0.2969 * Math.sqrt(s)
                        - 0.1260 * s
                        - 0.3516 * s * s
                        + 0.2843 * Math.pow(s, 3)
                        - 0.1036 * Math.pow(s, 4));
    }

    @Test
    void hubSectionIsTheCircularArcCamberedNacaAirfoilWithBluntEdges() {
        double c = G.chord();
        double f = 0.10 * c;
        double radius = (c * c / 4 + f * f) / (2 * f);
        double[] centre = {c / 2, f - radius};
        double maxThickness = 0;
        for (int i = 0; i <= 1000; i++) {
            double s = i / 1000.0;
            double[] pressure = G.point(s, 1, 0);
            double[] suction = G.point(s, -1, 0);
            double[] mid = {(pressure[0] + suction[0]) / 2, (pressure[1] + suction[1]) / 2};
            // The mean of the two sides is on the camber arc, at abscissa s c, and the sides are
            // offset from it along the arc's normal by the NACA half-thickness, floored at 1.5%.
            assertThat(mid[0]).isCloseTo(s * c, within(1e-15));
            assertThat(Math.hypot(mid[0] - centre[0], mid[1] - centre[1])).isCloseTo(radius, within(1e-14));
            double dx = suction[0] - pressure[0];
            double dy = suction[1] - pressure[1];
            double thickness = Math.hypot(dx, dy);
            assertThat(thickness / c).isCloseTo(2 * Math.hypot(naca(s, 0.12), 0.015), within(1e-13));
            assertThat(dx * (mid[1] - centre[1]) - dy * (mid[0] - centre[0])).isCloseTo(0, within(1e-18));
            assertThat(dy).isPositive(); // the suction side r = -1 is the convex side, +y
            assertThat(thickness).isGreaterThanOrEqualTo(2 * 0.015 * c * (1 - 1e-12));
            maxThickness = Math.max(maxThickness, thickness);
        }
        assertThat(maxThickness / c).isBetween(0.10, 0.15);
        // the camber line through the edges, with 10% camber at mid-chord
        assertThat(G.point(0.5, 0, 0)[1]).isCloseTo(f, within(1e-15));
        assertThat(G.point(0, 0, 0)[1]).isCloseTo(0, within(1e-15));
        assertThat(G.point(1, 0, 0)[1]).isCloseTo(0, within(1e-15));
    }

    @Test
    void standardResolutionHasAboutFiftyThousandP2Unknowns() {
        int unknowns = 3 * new P2Space(STANDARD).dim();
        System.out.printf(
                "turbine blade, standard resolution %s: %d tetrahedra, %d nodes, %d P2 unknowns%n",
                Resolution.standard(), STANDARD.numCells(), STANDARD.numNodes(), unknowns);
        assertThat(unknowns).isBetween(45_000, 55_000);
        assertThat(Resolution.standard().thickness()).isGreaterThanOrEqualTo(4);
        // a grid of 24 x 4 x (4 + 14) cells of six tetrahedra on 25 x 5 x 19 nodes
        assertThat(STANDARD.numCells()).isEqualTo(6 * 24 * 4 * 18);
        assertThat(STANDARD.numNodes()).isEqualTo(25 * 5 * 19);
        assertThat(Resolution.standard().scaled(2)).isEqualTo(new Resolution(48, 8, 8, 28));
    }

    @Test
    void cellsArePositiveOfComparableSizeAndNotFlat() {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        double quality = 1;
        for (int c = 0; c < STANDARD.numCells(); c++) {
            double v = STANDARD.cellMeasure(c);
            min = Math.min(min, v);
            max = Math.max(max, v);
            // 12 (3 V)^(2/3) / (sum of squared edge lengths): 1 for the regular tetrahedron, 0 for a flat one
            double squares = 0;
            for (int a = 0; a < 4; a++) {
                for (int b = a + 1; b < 4; b++) {
                    for (int d = 0; d < 3; d++) {
                        double e = STANDARD.coordinate(STANDARD.cellNode(c, a), d)
                                - STANDARD.coordinate(STANDARD.cellNode(c, b), d);
                        squares += e * e;
                    }
                }
            }
            quality = Math.min(quality, 12 * Math.pow(3 * v, 2.0 / 3) / squares);
        }
        System.out.printf(
                "turbine blade cell volumes: min %.3e, max %.3e m^3, ratio %.3e; minimum shape quality %.3f%n",
                min, max, min / max, quality);
        assertThat(min).isPositive();
        assertThat(min / max).isGreaterThan(1e-3);
        assertThat(quality).isGreaterThan(0.05); // the Kuhn tetrahedra of a cube have 0.76
        int root = STANDARD.subdomainMarker("root");
        int airfoil = STANDARD.subdomainMarker("airfoil");
        for (int c = 0; c < STANDARD.numCells(); c++) {
            double z = 0;
            for (int k = 0; k < 4; k++) {
                z += STANDARD.coordinate(STANDARD.cellNode(c, k), 2) / 4;
            }
            assertThat(STANDARD.cellMarker(c)).isEqualTo(z < 0 ? root : airfoil);
        }
    }

    /** Area of the section at height z: the shoelace formula on the sampled boundary of (s, r). */
    static double sectionArea(double z) {
        int n = 2000; // points per side of the parameter square
        double twice = 0;
        double[] previous = G.point(0, -1, z);
        for (int side = 0; side < 4; side++) {
            for (int i = 1; i <= n; i++) {
                double u = (double) i / n;
                double[] p =
                        switch (side) {
                            case 0 -> G.point(u, -1, z); // suction side, leading to trailing edge
                            case 1 -> G.point(1, -1 + 2 * u, z); // trailing edge
                            case 2 -> G.point(1 - u, 1, z); // pressure side, back to the leading edge
                            default -> G.point(0, 1 - 2 * u, z); // leading edge
                        };
                twice += previous[0] * p[1] - p[0] * previous[1];
                previous = p;
            }
        }
        return Math.abs(twice) / 2;
    }

    /** Simpson's rule for the integral of the section area over [a, b]. */
    static double volumeBetween(double a, double b) {
        int n = 200;
        double h = (b - a) / n;
        double sum = sectionArea(a) + sectionArea(b);
        for (int i = 1; i < n; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * sectionArea(a + i * h);
        }
        return sum * h / 3;
    }

    static double volume(Mesh mesh, int marker) {
        double v = 0;
        for (int c : mesh.cellsWithMarker(marker)) {
            v += mesh.cellMeasure(c);
        }
        return v;
    }

    @Test
    void volumeConvergesWithOrderTwoToTheIntegralOfTheSectionArea() {
        double root = volumeBetween(-G.rootHeight(), 0);
        double airfoil = volumeBetween(0, G.span());
        // a twist is a rotation of the section: the airfoil's section area does not change with z
        assertThat(airfoil).isCloseTo(G.span() * sectionArea(0), within(1e-12 * airfoil));
        System.out.printf("turbine blade volume: root %.10e + airfoil %.10e m^3%n", root, airfoil);
        double[] factors = {0.5, 1, 2};
        double[] errors = new double[factors.length];
        for (int k = 0; k < factors.length; k++) {
            Mesh mesh = TurbineBlade.mesh(G, Resolution.standard().scaled(factors[k]));
            double meshRoot = volume(mesh, mesh.subdomainMarker("root"));
            double meshAirfoil = volume(mesh, mesh.subdomainMarker("airfoil"));
            errors[k] = Math.abs(meshRoot + meshAirfoil - root - airfoil) / (root + airfoil);
            System.out.printf(
                    "  x%.1f %s: %d tetrahedra, relative volume error %.3e (root %.3e, airfoil %.3e)%s%n",
                    factors[k],
                    Resolution.standard().scaled(factors[k]),
                    mesh.numCells(),
                    errors[k],
                    Math.abs(meshRoot - root) / root,
                    Math.abs(meshAirfoil - airfoil) / airfoil,
                    k == 0 ? "" : String.format(", order %.2f", Math.log(errors[k - 1] / errors[k]) / Math.log(2)));
        }
        assertThat(errors[1]).isLessThan(1e-2);
        for (int k = 1; k < factors.length; k++) {
            assertThat(Math.log(errors[k - 1] / errors[k]) / Math.log(2)).isBetween(1.7, 2.5);
        }
    }

    @Test
    void boundaryIsClosedAndEveryFacetIsMarked() {
        Mesh m = STANDARD;
        long n = m.numNodes();
        // every face of every tetrahedron, with the cell's fourth node; boundary faces occur once
        Map<Long, Integer> opposite = new HashMap<>();
        Map<Long, Integer> count = new HashMap<>();
        for (int c = 0; c < m.numCells(); c++) {
            for (int skip = 0; skip < 4; skip++) {
                int[] face = new int[3];
                for (int a = 0, b = 0; a < 4; a++) {
                    if (a != skip) {
                        face[b++] = m.cellNode(c, a);
                    }
                }
                long key = key(face, n);
                count.merge(key, 1, Integer::sum);
                opposite.put(key, m.cellNode(c, skip));
            }
        }
        long boundaryFaces = count.values().stream().filter(k -> k == 1).count();
        assertThat(count.values()).allMatch(k -> k <= 2);
        assertThat(m.numFacets()).isEqualTo((int) boundaryFaces);
        double[] sum = new double[3];
        double total = 0;
        Map<Integer, Double> areaByMarker = new HashMap<>();
        for (int f = 0; f < m.numFacets(); f++) {
            int[] face = {m.facetNode(f, 0), m.facetNode(f, 1), m.facetNode(f, 2)};
            long key = key(face, n);
            assertThat(count.get(key)).isEqualTo(1);
            assertThat(m.boundaries()).containsValue(m.facetMarker(f));
            double[] a = areaVector(m, face);
            double[] inward = new double[3];
            for (int d = 0; d < 3; d++) {
                inward[d] = m.coordinate(opposite.get(key), d) - m.coordinate(face[0], d);
            }
            double sign = -Math.signum(a[0] * inward[0] + a[1] * inward[1] + a[2] * inward[2]);
            double area = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
            for (int d = 0; d < 3; d++) {
                sum[d] += sign * a[d];
            }
            total += area;
            areaByMarker.merge(m.facetMarker(f), area, Double::sum);
        }
        // divergence theorem with a constant field: the outward area vectors of a closed surface cancel
        assertThat(Math.sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]))
                .isLessThan(1e-13 * total);
        for (Map.Entry<String, Integer> part : m.boundaries().entrySet()) {
            assertThat(areaByMarker.get(part.getValue())).as(part.getKey()).isPositive();
        }
        // the clamped face is the flat rectangle [0, c] x [-w, w] at z = -rootHeight
        assertThat(areaByMarker.get(m.boundaryMarker("root_bottom")))
                .isCloseTo(2 * G.rootHalfWidth() * G.chord(), within(1e-12 * G.chord() * G.rootHalfWidth()));
        for (int node : m.boundaryNodes("root_bottom")) {
            assertThat(m.coordinate(node, 2)).isEqualTo(-G.rootHeight());
        }
        for (int node : m.boundaryNodes("tip")) {
            assertThat(m.coordinate(node, 2)).isEqualTo(G.span());
        }
        for (String side : new String[] {"pressure_side", "suction_side", "leading_edge", "trailing_edge"}) {
            for (int node : m.boundaryNodes(side)) {
                assertThat(m.coordinate(node, 2)).as(side).isGreaterThanOrEqualTo(0);
            }
        }
        for (int node : m.boundaryNodes("root_sides")) {
            assertThat(m.coordinate(node, 2)).isLessThanOrEqualTo(0);
        }
    }

    static long key(int[] face, long n) {
        int[] f = face.clone();
        Arrays.sort(f);
        return (f[0] * n + f[1]) * n + f[2];
    }

    /** Half the cross product of two edges: the area times a unit normal of either orientation. */
    static double[] areaVector(Mesh m, int[] face) {
        double[] u = new double[3];
        double[] v = new double[3];
        for (int d = 0; d < 3; d++) {
            u[d] = m.coordinate(face[1], d) - m.coordinate(face[0], d);
            v[d] = m.coordinate(face[2], d) - m.coordinate(face[0], d);
        }
        return new double[] {
            (u[1] * v[2] - u[2] * v[1]) / 2, (u[2] * v[0] - u[0] * v[2]) / 2, (u[0] * v[1] - u[1] * v[0]) / 2
        };
    }

    /**
     * The chord line of the section at height z, from the leading edge's mid-point (the mean of the
     * leading edge's nodes at that height, symmetric in r) to the trailing edge's.
     */
    static double chordAngle(Mesh m, double z) {
        double[] leading = meanAtHeight(m, m.boundaryNodes("leading_edge"), z);
        double[] trailing = meanAtHeight(m, m.boundaryNodes("trailing_edge"), z);
        assertThat(Math.hypot(trailing[0] - leading[0], trailing[1] - leading[1]))
                .isCloseTo(G.chord(), within(1e-15));
        return Math.atan2(trailing[1] - leading[1], trailing[0] - leading[0]);
    }

    static double[] meanAtHeight(Mesh m, int[] nodes, double z) {
        double[] mean = new double[2];
        int count = 0;
        for (int node : nodes) {
            if (m.coordinate(node, 2) == z) {
                mean[0] += m.coordinate(node, 0);
                mean[1] += m.coordinate(node, 1);
                count++;
            }
        }
        assertThat(count).isEqualTo(Resolution.standard().thickness() + 1);
        return new double[] {mean[0] / count, mean[1] / count};
    }

    @Test
    void tipChordIsRotatedByTheTwist() {
        double hub = chordAngle(STANDARD, 0);
        double tip = chordAngle(STANDARD, G.span());
        assertThat(hub).isCloseTo(0, within(1e-14));
        assertThat(Math.toDegrees(tip - hub)).isCloseTo(G.twistDegrees(), within(1e-12));
    }

    @Test
    void rotationAxisIsParallelToTheHubChordBelowTheRoot() {
        assertThat(G.rotationAxisDirection()).containsExactly(1, 0, 0);
        assertThat(G.rotationAxisPoint()).containsExactly(0, 0, -G.hubRadius());
        assertThat(G.hubRadius()).isGreaterThan(G.rootHeight());
    }

    @Test
    void rejectsDegenerateInput() {
        assertThatThrownBy(() -> new Geometry(0.03, 0.05, 0.012, 0.006, 25, 0.01))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("engine axis");
        assertThatThrownBy(() -> new Geometry(0.03, -0.05, 0.012, 0.006, 25, 0.3))
                .isInstanceOf(MeshException.class);
        assertThatThrownBy(() -> new Resolution(24, 0, 4, 14)).isInstanceOf(MeshException.class);
        assertThatThrownBy(() -> Resolution.standard().scaled(0)).isInstanceOf(MeshException.class);
    }
}

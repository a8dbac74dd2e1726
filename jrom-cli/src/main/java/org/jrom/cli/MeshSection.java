package org.jrom.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import org.jrom.fem.Mesh;

/**
 * The flat triangles that a picture of a nodal field paints: the cells of a 2-D mesh, or the
 * section of a 3-D mesh by the mid-plane across its thinnest extent (each tetrahedron cut by the
 * plane gives a triangle or a quadrilateral, two triangles). Every triangle vertex lies on a mesh
 * edge, {@code (1 - w) node a + w node b}, so the P1 field there is the same blend of the nodal
 * values.
 */
final class MeshSection {
    private final double[] u; // plane coordinates, three vertices per triangle
    private final double[] v;
    private final int[] a;
    private final int[] b;
    private final double[] w;
    private final int count;
    private final String[] axes;
    private final String plane;

    private MeshSection(double[] u, double[] v, int[] a, int[] b, double[] w, int count, String[] axes, String plane) {
        this.u = u;
        this.v = v;
        this.a = a;
        this.b = b;
        this.w = w;
        this.count = count;
        this.axes = axes;
        this.plane = plane;
    }

    static MeshSection of(Mesh mesh) {
        return mesh.dimension() == 2 ? cells(mesh) : midPlane(mesh);
    }

    private static MeshSection cells(Mesh mesh) {
        int n = 3 * mesh.numCells();
        double[] u = new double[n];
        double[] v = new double[n];
        int[] a = new int[n];
        for (int c = 0, k = 0; c < mesh.numCells(); c++) {
            for (int i = 0; i < 3; i++, k++) {
                a[k] = mesh.cellNode(c, i);
                u[k] = mesh.coordinate(a[k], 0);
                v[k] = mesh.coordinate(a[k], 1);
            }
        }
        return new MeshSection(u, v, a, a, new double[n], mesh.numCells(), new String[] {"x", "y"}, "");
    }

    /** The section by the plane through the middle of the axis along which the mesh is thinnest. */
    private static MeshSection midPlane(Mesh mesh) {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < mesh.numNodes(); i++) {
            for (int d = 0; d < 3; d++) {
                lo[d] = Math.min(lo[d], mesh.coordinate(i, d));
                hi[d] = Math.max(hi[d], mesh.coordinate(i, d));
            }
        }
        int normal = 2;
        for (int d = 1; d >= 0; d--) {
            if (hi[d] - lo[d] < hi[normal] - lo[normal]) {
                normal = d;
            }
        }
        int du = normal == 0 ? 1 : 0;
        int dv = normal == 2 ? 1 : 2;
        double level = 0.5 * (lo[normal] + hi[normal]);
        // at most two triangles per tetrahedron
        int max = 6 * mesh.numCells();
        double[] u = new double[max];
        double[] v = new double[max];
        int[] a = new int[max];
        int[] b = new int[max];
        double[] w = new double[max];
        int k = 0;
        int[] below = new int[4];
        int[] above = new int[4];
        for (int c = 0; c < mesh.numCells(); c++) {
            int nb = 0;
            int na = 0;
            for (int i = 0; i < 4; i++) {
                int node = mesh.cellNode(c, i);
                // a node on the plane counts as above: a face in the plane is cut once, from below
                if (mesh.coordinate(node, normal) < level) {
                    below[nb++] = node;
                } else {
                    above[na++] = node;
                }
            }
            int[][] edges;
            if (nb == 1) {
                edges = new int[][] {{below[0], above[0]}, {below[0], above[1]}, {below[0], above[2]}};
            } else if (na == 1) {
                edges = new int[][] {{below[0], above[0]}, {below[1], above[0]}, {below[2], above[0]}};
            } else if (nb == 2) {
                // the four cut edges in order around the quadrilateral, split along its diagonal
                int[][] quad = {{below[0], above[0]}, {below[0], above[1]}, {below[1], above[1]}, {below[1], above[0]}};
                edges = new int[][] {quad[0], quad[1], quad[2], quad[0], quad[2], quad[3]};
            } else {
                continue;
            }
            for (int[] e : edges) {
                double sa = mesh.coordinate(e[0], normal) - level;
                double sb = mesh.coordinate(e[1], normal) - level;
                double t = sa / (sa - sb);
                a[k] = e[0];
                b[k] = e[1];
                w[k] = t;
                u[k] = (1 - t) * mesh.coordinate(e[0], du) + t * mesh.coordinate(e[1], du);
                v[k] = (1 - t) * mesh.coordinate(e[0], dv) + t * mesh.coordinate(e[1], dv);
                k++;
            }
        }
        String[] names = {"x", "y", "z"};
        return new MeshSection(
                java.util.Arrays.copyOf(u, k),
                java.util.Arrays.copyOf(v, k),
                java.util.Arrays.copyOf(a, k),
                java.util.Arrays.copyOf(b, k),
                java.util.Arrays.copyOf(w, k),
                k / 3,
                new String[] {names[du], names[dv]},
                "mid-plane section " + names[normal] + " = "
                        + new BigDecimal(level, new MathContext(4))
                                .stripTrailingZeros()
                                .toPlainString());
    }

    /** The number of triangles. */
    int triangles() {
        return count;
    }

    /** The plane coordinates of vertex {@code i} (0, 1, 2) of triangle {@code t}. */
    double u(int t, int i) {
        return u[3 * t + i];
    }

    double v(int t, int i) {
        return v[3 * t + i];
    }

    /** The nodal field at every triangle vertex, three per triangle. */
    double[] values(double[] nodal) {
        double[] out = new double[u.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = w[k] == 0 ? nodal[a[k]] : (1 - w[k]) * nodal[a[k]] + w[k] * nodal[b[k]];
        }
        return out;
    }

    /** The names of the plane's two axes, e.g. {@code x, y}. */
    String[] axes() {
        return axes.clone();
    }

    /** Empty for a 2-D mesh, else which section it is, e.g. {@code mid-plane section z = 0.5}. */
    String plane() {
        return plane;
    }
}

package org.jrom.fem.problems;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jrom.fem.Mesh;
import org.jrom.fem.MeshException;
import org.jrom.fem.StructuredMesh;

/**
 * A simplified high-pressure turbine blade, geometry and tetrahedral mesh, in the spirit of the
 * blades of Casenave and Akkari (An error indicator-based adaptive reduced order model for nonlinear
 * structural mechanics, application to high-pressure turbine blades, Math. Comput. Appl. 24, 2019):
 * a cambered, twisted airfoil extruded radially along z and standing on a root block. SI units
 * (meters); the standard blade has a 30 mm chord, a 50 mm span above a 12 mm root, and 25 degrees
 * of twist.
 *
 * <p>Parametrization: the blade is the image of the box {@code (s, r, z) in [0, 1] x [-1, 1] x
 * [-rootHeight, span]}, s chordwise, r across the thickness, z radial. The airfoil section ({@code z
 * >= 0}) is {@code P(s, r) = C(s) - r h(s) N(s)}, where
 *
 * <ul>
 *   <li>{@code C(s) = (s c, y_c(s c))} is the camber line, a circular arc through the leading edge
 *       {@code (0, 0)} and the trailing edge {@code (c, 0)} with maximum camber {@link #CAMBER}
 *       {@code c} at mid-chord, bulging toward +y;
 *   <li>{@code N(s)} is the arc's unit normal toward +y, the convex (suction) side, so that {@code r
 *       = +1} is the concave pressure side and {@code r = -1} the suction side;
 *   <li>{@code h(s) = c sqrt(t(s)^2 + e^2)} is the half-thickness: {@code t} the NACA 4-digit
 *       half-thickness of maximum thickness {@link #THICKNESS} (closed trailing edge form), floored
 *       smoothly by {@code e =} {@link #EDGE_HALF_THICKNESS}, so that the leading and trailing edges
 *       are blunt faces {@code s = 0, 1} of width {@code 2 e c} and no cell degenerates (maximum
 *       thickness about 12.4% of the chord).
 * </ul>
 *
 * The section at height z is {@code P} rotated by the stagger angle {@code theta(z) = twist z /
 * span} (counterclockwise about +z) around the mid-chord point {@code (c / 2, 0)}. Below the hub
 * {@code z = 0} the root morphs the hub section into the rectangle {@code R(s, r) = (s c, -r w)},
 * {@code w} the root half-width: {@code (1 - b) R + b P} with {@code b = 3 t^2 - 2 t^3}, {@code t =
 * (z + rootHeight) / rootHeight}, so the bottom face {@code z = -rootHeight} is the flat rectangle
 * {@code [0, c] x [-w, w]} and the side walls meet the airfoil's with a continuous tangent.
 *
 * <p>Mesh: the box is cut into {@code chordwise x thickness x (rootLayers + spanLayers)} cells
 * (chordwise lines clustered toward both edges, the others uniform, the layer {@code z = 0} a grid
 * plane), each mapped hexahedron cut into the six tetrahedra of its grid cube's Kuhn
 * triangulation ({@link StructuredMesh#grid}). Subdomains {@code "root"} ({@code z < 0}) and {@code
 * "airfoil"}; boundary parts {@code "root_bottom"} (where the blade is clamped), {@code
 * "root_sides"} (all four lateral faces of the root), {@code "pressure_side"}, {@code
 * "suction_side"}, {@code "leading_edge"}, {@code "trailing_edge"} (the airfoil's faces {@code r =
 * +1, -1} and {@code s = 0, 1}) and {@code "tip"} ({@code z = span}).
 *
 * <p>Rotation: the engine axis is parallel to x (the hub chord's direction) through {@code (0, 0,
 * -hubRadius)}, so the hub section lies at radius {@code hubRadius} and the blade's points at
 * distance vector {@code (0, y, z + hubRadius)} from the axis (the direction of the centrifugal
 * force {@code rho omega^2 (0, y, z + hubRadius)}).
 */
public final class TurbineBlade {
    /** Maximum camber of the circular-arc mean line, as a fraction of the chord. */
    public static final double CAMBER = 0.10;

    /** Maximum thickness of the NACA 4-digit thickness distribution, as a fraction of the chord. */
    public static final double THICKNESS = 0.12;

    /** Half-thickness floor at the leading and trailing edges, as a fraction of the chord. */
    public static final double EDGE_HALF_THICKNESS = 0.015;

    /**
     * Chordwise clustering: grid line {@code i} is at {@code s = (1 - a) xi + a (1 - cos(pi xi)) / 2},
     * {@code xi = i / chordwise}; a = 0 is uniform, a = 1 the cosine spacing (which makes the edge
     * cells needle-like).
     */
    static final double CLUSTERING = 0.5;

    /** Subdomain markers: root 0, airfoil 1. */
    public static final Map<String, Integer> SUBDOMAINS = markers(0, "root", "airfoil");

    /** Boundary markers 1..7, in this order. */
    public static final Map<String, Integer> BOUNDARIES = markers(
            1, "root_bottom", "root_sides", "pressure_side", "suction_side", "leading_edge", "trailing_edge", "tip");

    private TurbineBlade() {}

    private static Map<String, Integer> markers(int first, String... names) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String name : names) {
            m.put(name, first + m.size());
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * The blade's dimensions (meters, degrees).
     *
     * @param chord chord length c of every section
     * @param span height of the airfoil above the hub {@code z = 0}
     * @param rootHeight height of the root block below the hub
     * @param rootHalfWidth half-width w of the root's bottom rectangle {@code [0, c] x [-w, w]}
     * @param twistDegrees stagger angle of the tip section relative to the hub section
     * @param hubRadius distance from the engine's axis to the hub section
     */
    public record Geometry(
            double chord, double span, double rootHeight, double rootHalfWidth, double twistDegrees, double hubRadius) {
        public Geometry {
            if (!(chord > 0 && span > 0 && rootHeight > 0 && rootHalfWidth > 0)) {
                throw new MeshException("turbine blade needs a positive chord, span, root height and root half-width,"
                        + " found " + chord + ", " + span + ", " + rootHeight + ", " + rootHalfWidth);
            }
            if (!(Math.abs(twistDegrees) < 90)) {
                throw new MeshException("turbine blade twist must lie in (-90, 90) degrees, found " + twistDegrees);
            }
            if (!(hubRadius > rootHeight)) {
                throw new MeshException("the root must stay on one side of the engine axis: hub radius " + hubRadius
                        + " must exceed the root height " + rootHeight);
            }
        }

        /** Chord 30 mm, span 50 mm, root 12 mm high and 12 mm wide, twist 25 degrees, hub radius 0.3 m. */
        public static Geometry standard() {
            return new Geometry(0.03, 0.05, 0.012, 0.006, 25, 0.3);
        }

        /** A point on the engine axis, {@code (0, 0, -hubRadius)}. */
        public double[] rotationAxisPoint() {
            return new double[] {0, 0, -hubRadius};
        }

        /** The unit direction of the engine axis, {@code e_x}. */
        public double[] rotationAxisDirection() {
            return new double[] {1, 0, 0};
        }

        /** The stagger angle at height z (radians): linear from 0 at the hub to the twist at the tip. */
        public double stagger(double z) {
            return Math.toRadians(twistDegrees) * Math.max(z, 0) / span;
        }

        /**
         * The point of parameters {@code (s, r, z)}, {@code s in [0, 1]} chordwise, {@code r in [-1,
         * 1]} from the suction to the pressure side, {@code z in [-rootHeight, span]}: {@code (x, y,
         * z)}.
         */
        public double[] point(double s, double r, double z) {
            double[] p = airfoil(s, r);
            if (z >= 0) {
                // rotate by the stagger about the mid-chord point (c/2, 0)
                double theta = stagger(z);
                double cos = Math.cos(theta);
                double sin = Math.sin(theta);
                double dx = p[0] - chord / 2;
                return new double[] {chord / 2 + cos * dx - sin * p[1], sin * dx + cos * p[1], z};
            }
            double t = (z + rootHeight) / rootHeight;
            double b = t * t * (3 - 2 * t); // smoothstep: 0 at the bottom, 1 at the hub, zero slope at both
            return new double[] {(1 - b) * s * chord + b * p[0], -(1 - b) * r * rootHalfWidth + b * p[1], z};
        }

        /** {@code P(s, r) = C(s) - r h(s) N(s)} of the untwisted section (see the class comment). */
        private double[] airfoil(double s, double r) {
            double f = CAMBER * chord;
            double radius = (chord * chord / 4 + f * f) / (2 * f); // the circle through (0,0), (c,0), (c/2, f)
            double dx = s * chord - chord / 2;
            double dy = Math.sqrt(radius * radius - dx * dx); // height above the centre (c/2, f - radius)
            double h = chord * halfThickness(s);
            // N = (dx, dy) / radius, the outward radial direction; C = (s c, dy - (radius - f))
            return new double[] {s * chord - r * h * dx / radius, dy - (radius - f) - r * h * dy / radius};
        }
    }

    /** Half-thickness over chord, {@code sqrt(t(s)^2 + e^2)} with t the NACA 4-digit half-thickness. */
    static double halfThickness(double s) {
        double t = 5
                * THICKNESS
                * (0.2969 * Math.sqrt(s) - 0.1260 * s - 0.3516 * s * s + 0.2843 * s * s * s - 0.1036 * s * s * s * s);
        return Math.hypot(t, EDGE_HALF_THICKNESS);
    }

    /**
     * Cells of the {@code (s, r, z)} grid: {@code chordwise x thickness} per layer, {@code rootLayers}
     * layers in the root and {@code spanLayers} in the airfoil; each cell is six tetrahedra.
     */
    public record Resolution(int chordwise, int thickness, int rootLayers, int spanLayers) {
        public Resolution {
            if (chordwise < 1 || thickness < 1 || rootLayers < 1 || spanLayers < 1) {
                throw new MeshException("turbine blade needs at least one cell along each direction, found "
                        + chordwise + " chordwise, " + thickness + " across, " + rootLayers + " root layers, "
                        + spanLayers + " span layers");
            }
        }

        /**
         * 24 chordwise, 4 across, 4 root and 14 span layers: 10,368 tetrahedra, 2,375 nodes, 48,951 P2
         * displacement unknowns (3 per P2 node).
         */
        public static Resolution standard() {
            return new Resolution(24, 4, 4, 14);
        }

        /**
         * Every count multiplied by {@code factor} and rounded (at least 1, and at least 2 across);
         * the P2 unknowns grow about as {@code factor^3}: 1.6 gives 171,171 and 1.65 gives 222,345.
         */
        public Resolution scaled(double factor) {
            if (!(factor > 0)) {
                throw new MeshException("resolution factor must be positive, found " + factor);
            }
            return new Resolution(
                    scale(chordwise, factor, 1),
                    scale(thickness, factor, 2),
                    scale(rootLayers, factor, 1),
                    scale(spanLayers, factor, 1));
        }

        private static int scale(int n, double factor, int min) {
            return (int) Math.max(min, Math.round(n * factor));
        }
    }

    /** The blade's tetrahedral mesh (see the class comment). */
    public static Mesh mesh(Geometry g, Resolution res) {
        int ns = res.chordwise();
        int nr = res.thickness();
        int nz = res.rootLayers() + res.spanLayers();
        double[] coords = new double[3 * (ns + 1) * (nr + 1) * (nz + 1)];
        int p = 0;
        for (int k = 0; k <= nz; k++) {
            // the fraction first, so that the bottom, hub and tip layers are exactly at -rootHeight, 0, span
            double z = k <= res.rootLayers()
                    ? -g.rootHeight() * ((res.rootLayers() - k) / (double) res.rootLayers())
                    : g.span() * ((k - res.rootLayers()) / (double) res.spanLayers());
            for (int j = 0; j <= nr; j++) {
                double r = -1 + 2.0 * j / nr;
                for (int i = 0; i <= ns; i++) {
                    double xi = (double) i / ns;
                    double s = (1 - CLUSTERING) * xi + CLUSTERING * (1 - Math.cos(Math.PI * xi)) / 2;
                    System.arraycopy(g.point(s, r, z), 0, coords, 3 * p++, 3);
                }
            }
        }
        int root = SUBDOMAINS.get("root");
        int airfoil = SUBDOMAINS.get("airfoil");
        return StructuredMesh.grid(
                coords,
                ns,
                nr,
                nz,
                centroid -> centroid[2] < 0 ? root : airfoil,
                SUBDOMAINS,
                (axis, upper, i, j, k) -> BOUNDARIES.get(face(axis, upper, k >= res.rootLayers())),
                BOUNDARIES);
    }

    /** The boundary part of a grid face: axis 0 is s, 1 is r, 2 is z. */
    private static String face(int axis, boolean upper, boolean inAirfoil) {
        if (axis == 2) {
            return upper ? "tip" : "root_bottom";
        }
        if (!inAirfoil) {
            return "root_sides";
        }
        if (axis == 0) {
            return upper ? "trailing_edge" : "leading_edge";
        }
        return upper ? "pressure_side" : "suction_side";
    }
}

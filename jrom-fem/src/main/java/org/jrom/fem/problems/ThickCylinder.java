package org.jrom.fem.problems;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.jrom.ProgressListener;
import org.jrom.fem.Mesh;
import org.jrom.fem.ScalarField;
import org.jrom.fem.StructuredMesh;
import org.jrom.fem.mechanics.J2Plasticity;
import org.jrom.fem.mechanics.LinearElasticity;
import org.jrom.fem.mechanics.LoadHistory;
import org.jrom.fem.mechanics.Loads;
import org.jrom.fem.mechanics.QuasiStaticNewton;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.fem.mechanics.TemperatureField;

/**
 * A thick-walled cylinder of bore radius a and outer radius b under internal pressure, in plane
 * strain: a quarter of a thin slice, symmetry conditions on x = 0 and y = 0, {@code u_z = 0} on both
 * faces. Two closed forms: Lame's elastic displacement (Timoshenko and Goodier, Theory of
 * Elasticity, sec. 28) and the plastic limit pressure of a perfectly plastic von Mises material
 * (Hill, The Mathematical Theory of Plasticity, 1950, ch. V).
 */
public final class ThickCylinder {
    private final double a;
    private final double b;
    private final double thickness;

    /**
     * @param a the bore radius
     * @param b the outer radius
     * @param thickness the slice's thickness along z
     */
    public ThickCylinder(double a, double b, double thickness) {
        if (!(a > 0 && b > a && thickness > 0)) {
            throw new IllegalArgumentException("a cylinder needs 0 < a < b and a positive thickness, found a " + a
                    + ", b " + b + ", thickness " + thickness);
        }
        this.a = a;
        this.b = b;
        this.thickness = thickness;
    }

    /**
     * The quarter ring: the box {@code [a, b] x [0, pi/2] x [0, h]} in (r, theta, z), nr x nt x 1
     * cubes, mapped to (x, y, z). The box's sides keep their names, so "left" is the bore r = a,
     * "right" the outer surface r = b, "front" the plane y = 0, "back" the plane x = 0, "bottom" and
     * "top" the faces z = 0 and z = h.
     */
    public Mesh quarter(int nr, int nt) {
        Mesh box = StructuredMesh.box(
                new double[] {a, 0, 0},
                new double[] {b, Math.PI / 2, thickness},
                nr,
                nt,
                1,
                c -> 0,
                Map.of("domain", 0));
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

    /** Hill's limit pressure in plane strain, {@code p_L = (2 / sqrt3) sigma_y ln(b / a)}. */
    public double limitPressure(double sigmaY) {
        return 2 / Math.sqrt(3) * sigmaY * Math.log(b / a);
    }

    /**
     * Lame's plane-strain radial displacement under the internal pressure p: {@code u_r(r) = p a^2 (1
     * + nu) / (E (b^2 - a^2)) ((1 - 2 nu) r + b^2 / r)}.
     */
    public double lameRadialDisplacement(double p, double youngsModulus, double poissonRatio, double r) {
        double c = p * a * a * (1 + poissonRatio) / (youngsModulus * (b * b - a * a));
        return c * ((1 - 2 * poissonRatio) * r + b * b / r);
    }

    /**
     * The pressure {@code p(t)} on the bore, the symmetry conditions and plane strain, at the uniform
     * temperature T.
     */
    public Loads pressureLoads(SmallStrainSolid solid, LoadHistory pressure, double temperature) {
        LoadHistory one = LoadHistory.constant(1, pressure.times()[0], pressure.end());
        return Loads.builder(solid)
                .pressure(pressure, "left")
                .displacement(new int[] {1}, 0, one, "front")
                .displacement(new int[] {0}, 0, one, "back")
                .displacement(new int[] {2}, 0, one, "bottom", "top")
                .temperature(TemperatureField.uniform(
                        solid.mesh().numNodes(),
                        LoadHistory.constant(temperature, pressure.times()[0], pressure.end())))
                .build();
    }

    /**
     * The elastic solution under the pressure p, P2 on nr x nt cells, at the nodes.
     *
     * @param dofs the unknowns
     * @param radius each node's distance from the axis
     * @param radial each node's radial displacement
     * @param exact Lame's radial displacement there
     */
    public record Elastic(int dofs, double[] radius, double[] radial, double[] exact) {
        /** The largest {@code |u_r / u_r,exact - 1|} over the nodes. */
        public double worstRelativeError() {
            double worst = 0;
            for (int n = 0; n < radial.length; n++) {
                worst = Math.max(worst, Math.abs(radial[n] / exact[n] - 1));
            }
            return worst;
        }
    }

    /** Lame's case: linear elasticity under the internal pressure p, P2 on nr x nt cells. */
    public Elastic underPressure(int nr, int nt, double p, double youngsModulus, double poissonRatio) {
        Mesh mesh = quarter(nr, nt);
        SmallStrainSolid solid = new SmallStrainSolid(
                mesh, 2, new LinearElasticity(VerificationMaterials.elastic(youngsModulus, poissonRatio)));
        Loads loads = pressureLoads(solid, LoadHistory.constant(p, 0, 1), VerificationMaterials.TEMPERATURE);
        double[] u = new StructuralRun(solid, loads, new double[] {0}, QuasiStaticNewton.Options.defaults())
                .run((s, sol, n) -> {});
        double[] radius = new double[mesh.numNodes()];
        double[] radial = new double[mesh.numNodes()];
        double[] exact = new double[mesh.numNodes()];
        for (int n = 0; n < mesh.numNodes(); n++) {
            double x = mesh.coordinate(n, 0);
            double y = mesh.coordinate(n, 1);
            radius[n] = Math.hypot(x, y);
            radial[n] = (u[3 * n] * x + u[3 * n + 1] * y) / radius[n];
            exact[n] = lameRadialDisplacement(p, youngsModulus, poissonRatio, radius[n]);
        }
        return new Elastic(solid.dim(), radius, radial, exact);
    }

    /**
     * The pressure-displacement curve of a limit-load run.
     *
     * @param dofs the unknowns
     * @param limit Hill's limit pressure
     * @param displacement the bore's radial displacement at the end of each step
     * @param pressure the pressure the bore carries then
     * @param iterations Newton iterations of each step
     */
    public record LimitLoad(int dofs, double limit, double[] displacement, double[] pressure, int[] iterations) {
        /** The last pressure over the limit. */
        public double ratio() {
            return pressure[pressure.length - 1] / limit;
        }

        /** What the last quarter of the displacement adds to the pressure, relatively: the plateau's slope. */
        public double lastQuarterRise() {
            int steps = pressure.length;
            return pressure[steps - 1] / pressure[3 * steps / 4 - 1] - 1;
        }
    }

    /**
     * The limit-load run: perfect von Mises plasticity, P2 on nr x nt cells, the bore's radial
     * displacement imposed (displacement control) in {@code steps} equal steps to {@code
     * maxDisplacement}. The pressure is the reactions' work per unit bore displacement and (discrete)
     * bore area; the limit is the plateau of the curve.
     */
    public LimitLoad limitLoad(
            int nr,
            int nt,
            double youngsModulus,
            double poissonRatio,
            double sigmaY,
            double maxDisplacement,
            int steps,
            ProgressListener progress) {
        Mesh mesh = quarter(nr, nt);
        SmallStrainSolid solid = new SmallStrainSolid(
                mesh,
                2,
                J2Plasticity.plastic(VerificationMaterials.perfectlyPlastic(youngsModulus, poissonRatio, sigmaY)));
        int[] bore = solid.boundaryDofs(new int[] {0, 1}, "left");
        int[] fixed = Arrays.stream(new int[][] {
                    bore,
                    solid.boundaryDofs(new int[] {1}, "front"),
                    solid.boundaryDofs(new int[] {0}, "back"),
                    solid.boundaryDofs(new int[] {2}, "bottom", "top")
                })
                .flatMapToInt(Arrays::stream)
                .toArray();
        // the radial unit vector at every dof point; imposed u = delta e_r on the bore
        double[] radial = solid.interpolate(
                new ScalarField[] {x -> x[0] / Math.hypot(x[0], x[1]), x -> x[1] / Math.hypot(x[0], x[1]), x -> 0});
        double area = 0;
        for (int f : mesh.facetsWithMarkers(mesh.boundaryMarker("left"))) {
            area += triangleArea(mesh, f);
        }
        double[] zero = new double[solid.dim()];
        QuasiStaticNewton.Loading load = QuasiStaticNewton.Loading.of(
                t -> zero,
                t -> {
                    double[] g = new double[solid.dim()];
                    for (int i : bore) {
                        g[i] = maxDisplacement * t * radial[i];
                    }
                    return g;
                },
                t -> VerificationMaterials.TEMPERATURE);
        QuasiStaticNewton newton = new QuasiStaticNewton(solid, fixed, QuasiStaticNewton.Options.defaults());
        double[] u = new double[solid.dim()];
        double[] displacement = new double[steps];
        double[] pressure = new double[steps];
        int[] iterations = new int[steps];
        for (int s = 0; s < steps; s++) {
            iterations[s] =
                    newton.step(u, (double) s / steps, 1.0 / steps, load).totalIterations();
            double[] reactions = newton.reactions();
            double work = 0;
            for (int i : bore) {
                work += reactions[i] * radial[i];
            }
            displacement[s] = maxDisplacement * (s + 1) / steps;
            pressure[s] = work / area;
            progress.progress(
                    s + 1,
                    String.format(
                            Locale.ROOT, "%d x %d cells, p/p_L %.4f", nr, nt, pressure[s] / limitPressure(sigmaY)));
        }
        return new LimitLoad(solid.dim(), limitPressure(sigmaY), displacement, pressure, iterations);
    }

    /** The area of boundary facet f. */
    private static double triangleArea(Mesh mesh, int f) {
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

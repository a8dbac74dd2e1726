package org.jrom.fem.problems;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.DirichletConstraint;
import org.jrom.fem.ElasticitySpace;
import org.jrom.fem.IsotropicMaterial;
import org.jrom.fem.Mesh;
import org.jrom.fem.MeshException;
import org.jrom.fem.StructuredMesh;
import org.jrom.linalg.CsrMatrix;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;

/**
 * The elastic cantilever (the classical beam loaded at its end: Timoshenko and Goodier, Theory of
 * Elasticity; a multi-material linear elasticity benchmark for reduced bases): a beam of length {@link #LENGTH} and height {@link #HEIGHT},
 * in plane strain (2D, {@code [0, L] x [0, H]}) or as a box ({@code [0, L] x [0, W] x [0, H]}; the
 * vertical direction is always the last coordinate), clamped on the left end {@code x = 0} and
 * loaded on the right end {@code x = L} by a uniform downward traction of unit resultant ({@code t =
 * -e_d / |Gamma_right|}; per unit depth in 2D). The beam is cut into S segments of equal length
 * along x, segment s with Young's modulus {@code E_s} in [1, 10] and Poisson's ratio 0.3.
 *
 * <p>Affine form: with nu fixed, both Lame parameters are proportional to E, so each segment
 * contributes one term {@code A(mu) = sum_s E_s (mu_1 S_s + lambda_1 D_s)}, with {@code S_s =
 * int_s 2 eps(u) : eps(v)}, {@code D_s = int_s div u div v} and {@code (lambda_1, mu_1)} the Lame
 * parameters of {@code E = 1}; {@code b} does not depend on the parameter.
 *
 * <p>Output: the tip deflection {@code delta = -(1/|Gamma_right|) int_Gamma_right u_d}, the mean
 * downward displacement of the loaded end. It is compliant: the output functional equals the load
 * vector, since {@code b_i = int t . phi_i = -(1/|Gamma_right|) int phi_i,d}, so {@code delta = b^T
 * u = u^T A u > 0}.
 */
public final class Cantilever {
    /** Beam length L. */
    public static final double LENGTH = 10;

    /** Beam height H (along y in 2D, z in 3D). */
    public static final double HEIGHT = 1;

    /** Beam width W of the 3D box (along y). */
    public static final double WIDTH = 1;

    /** Poisson's ratio, the same in every segment. */
    public static final double POISSON_RATIO = 0.3;

    /** Lower end of each Young's modulus's range. */
    public static final double E_MIN = 1;

    /** Upper end of each Young's modulus's range. */
    public static final double E_MAX = 10;

    private Cantilever() {}

    /** The parameter space: {@code E[S]} in {@code [1, 10]^S}. */
    public static ParameterSpace parameterSpace(int segments) {
        return ParameterSpace.box(ParameterType.of("E", segments), E_MIN, E_MAX);
    }

    /** The Lame parameters of the unit Young's modulus (plane strain and 3D share them). */
    public static IsotropicMaterial unitMaterial() {
        return IsotropicMaterial.fromYoungPoisson(1.0, POISSON_RATIO);
    }

    /** The 2D beam {@code [0, L] x [0, H]}: {@code nx x ny} squares, nx a multiple of the segment count. */
    public static Mesh mesh(int segments, int nx, int ny) {
        checkCounts(segments, nx, ny);
        return StructuredMesh.rectangle(0, LENGTH, 0, HEIGHT, nx, ny, c -> segment(c, segments), names(segments));
    }

    /** The 3D beam {@code [0, L] x [0, W] x [0, H]}: {@code nx x ny x nz} cubes of six tetrahedra. */
    public static Mesh mesh3d(int segments, int nx, int ny, int nz) {
        checkCounts(segments, nx, Math.min(ny, nz));
        return StructuredMesh.box(
                new double[] {0, 0, 0},
                new double[] {LENGTH, WIDTH, HEIGHT},
                nx,
                ny,
                nz,
                c -> segment(c, segments),
                names(segments));
    }

    private static void checkCounts(int segments, int nx, int minOther) {
        if (segments < 1 || minOther < 1 || nx < segments || nx % segments != 0) {
            throw new MeshException("cantilever needs at least one segment, one cell across, and a number of cells"
                    + " along the beam that is a multiple of the segment count (so that segments follow cell faces),"
                    + " found " + segments + " segments with " + nx + " cells along and " + minOther + " across");
        }
    }

    private static int segment(double[] centroid, int segments) {
        return Math.min((int) (centroid[0] / LENGTH * segments), segments - 1);
    }

    private static Map<String, Integer> names(int segments) {
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int s = 0; s < segments; s++) {
            names.put("segment" + s, s);
        }
        return names;
    }

    /** The plane-strain P1 discretization on {@code nx x ny} squares. */
    public static AffineDiscretization discretize(int segments, int nx, int ny) {
        return discretize(mesh(segments, nx, ny), segments);
    }

    /** The 3D P1 discretization on {@code nx x ny x nz} cubes. */
    public static AffineDiscretization discretize3d(int segments, int nx, int ny, int nz) {
        return discretize(mesh3d(segments, nx, ny, nz), segments);
    }

    private static AffineDiscretization discretize(Mesh mesh, int segments) {
        ElasticitySpace space = new ElasticitySpace(mesh);
        int d = mesh.dimension();
        DirichletConstraint clamp = new DirichletConstraint(space.dim(), space.boundaryDofs("left"));
        IsotropicMaterial unit = unitMaterial();
        ParameterSpace parameters = parameterSpace(segments);
        List<CsrMatrix> terms = new ArrayList<>(segments);
        List<ParameterFunctional> thetas = new ArrayList<>(segments);
        for (int s = 0; s < segments; s++) {
            terms.add(clamp.restrict(space.operator(mesh.cellsWithMarker(s), unit)));
            thetas.add(ParameterFunctional.component(parameters.type(), "E", s));
        }
        int[] end = mesh.facetsWithMarkers(mesh.boundaryMarker("right"));
        double[] traction = new double[d];
        traction[d - 1] = -1.0 / (d == 2 ? HEIGHT : WIDTH * HEIGHT); // unit resultant on the end face
        double[] load = clamp.restrict(space.boundaryLoad(end, traction));
        int[] all = space.allCells();
        double[] ones = new double[segments];
        Arrays.fill(ones, 1.0);
        CsrMatrix energy = CsrMatrix.linearCombination(ones, terms.toArray(CsrMatrix[]::new)); // A at E = 1
        CsrMatrix l2 = clamp.restrict(space.mass(all));
        CsrMatrix h1 = clamp.restrict(space.gradientTerm(all)).plus(1.0, l2);
        return new AffineDiscretization(
                space,
                clamp,
                parameters,
                terms,
                thetas,
                List.of(load),
                List.of(ParameterFunctional.constant(1.0)),
                Map.of("energy", energy, "h1", h1, "l2", l2),
                Map.of("tip_deflection", load.clone()));
    }
}

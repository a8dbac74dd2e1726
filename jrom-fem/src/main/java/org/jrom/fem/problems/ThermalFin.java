package org.jrom.fem.problems;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.DirichletConstraint;
import org.jrom.fem.Mesh;
import org.jrom.fem.MeshException;
import org.jrom.fem.P1Space;
import org.jrom.fem.StructuredMesh;
import org.jrom.linalg.CsrMatrix;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;

/**
 * The 2D thermal fin (Rozza, Huynh, Patera 2008, after Machiels et al.): a central post {@code
 * [-0.5, 0.5] x [0, 4]} of unit conductivity with four pairs of fins of length 2.5 and thickness
 * 0.25 at heights 0.75, 1.75, 2.75, 3.75. Parameters: the fin conductivities {@code k1..k4} in
 * [0.1, 10] and the Biot number {@code Bi} in [0.01, 1], as {@code mu = (k1, k2, k3, k4, Bi)}. A unit
 * heat flux enters at the root (the bottom of the post); every other boundary loses heat by
 * convection, {@code -k du/dn = Bi u}. Output: the mean temperature of the root, which is compliant
 * (the output functional equals the load).
 *
 * <p>Affine form: {@code A(mu) = K_post + sum_i k_i K_i + Bi M_exposed}, {@code b = F_root}.
 */
public final class ThermalFin {
    /** Parameter ranges, in the order (k1, k2, k3, k4, Bi). */
    public static final double[][] RANGES = {{0.1, 10}, {0.1, 10}, {0.1, 10}, {0.1, 10}, {0.01, 1}};

    /** Marker of the post; fin pair i (1..4) has marker i. */
    public static final int POST = 0;

    private ThermalFin() {}

    /** The parameter space: {@code k[4]} in [0.1, 10], {@code Bi} in [0.01, 1]. */
    public static ParameterSpace parameterSpace() {
        return ParameterSpace.of(ParameterType.of("k", 4, "Bi", 1), Map.of("k", RANGES[0], "Bi", RANGES[4]));
    }

    /** The fin mesh with {@code cellsPerUnit} grid squares per unit length (a multiple of 4). */
    public static Mesh mesh(int cellsPerUnit) {
        if (cellsPerUnit < 4 || cellsPerUnit % 4 != 0) {
            throw new MeshException(
                    "thermal fin needs a multiple of 4 cells per unit length (the fins are 0.25 thick), found "
                            + cellsPerUnit);
        }
        Mesh background =
                StructuredMesh.rectangle(-3, 3, 0, 4, 6 * cellsPerUnit, 4 * cellsPerUnit, c -> 0, Map.of("grid", 0));
        return StructuredMesh.carve(
                background,
                ThermalFin::region,
                Map.of("post", POST, "fin1", 1, "fin2", 2, "fin3", 3, "fin4", 4),
                c -> c[1] < 1e-12 ? 1 : 2,
                Map.of("root", 1, "exposed", 2));
    }

    /** Subdomain of a point inside the fin, -1 outside. */
    private static int region(double[] x) {
        if (Math.abs(x[0]) < 0.5) {
            return POST;
        }
        for (int i = 1; i <= 4; i++) {
            if (x[1] > i - 0.25 && x[1] < i) {
                return i;
            }
        }
        return -1;
    }

    /** The P1 discretization (no Dirichlet conditions: the Robin term makes it coercive). */
    public static AffineDiscretization discretize(int cellsPerUnit) {
        Mesh mesh = mesh(cellsPerUnit);
        P1Space space = new P1Space(mesh);
        DirichletConstraint none = new DirichletConstraint(space.dim(), new int[0]);
        List<CsrMatrix> terms = new ArrayList<>();
        ParameterSpace parameters = parameterSpace();
        ParameterType type = parameters.type();
        List<ParameterFunctional> thetas = new ArrayList<>();
        terms.add(space.stiffness(mesh.cellsWithMarker(POST)));
        thetas.add(ParameterFunctional.constant(1.0));
        for (int i = 1; i <= 4; i++) {
            terms.add(space.stiffness(mesh.cellsWithMarker(i)));
            thetas.add(ParameterFunctional.component(type, "k", i - 1));
        }
        terms.add(space.boundaryMass(mesh.facetsWithMarkers(mesh.boundaryMarker("exposed"))));
        thetas.add(ParameterFunctional.component(type, "Bi", 0));
        double[] root = space.boundaryLoad(mesh.facetsWithMarkers(mesh.boundaryMarker("root")), 1.0);
        int[] all = space.allCells();
        CsrMatrix h1 = space.stiffness(all);
        CsrMatrix l2 = space.mass(all);
        return new AffineDiscretization(
                space,
                none,
                parameters,
                terms,
                thetas,
                List.of(root),
                List.of(ParameterFunctional.constant(1.0)),
                Map.of("h1_semi", h1, "l2", l2, "h1", h1.plus(1.0, l2)),
                Map.of("root_temperature", root));
    }
}

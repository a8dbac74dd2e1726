package org.jrom.fem.problems;

import java.util.ArrayList;
import java.util.List;
import org.jrom.ProgressListener;
import org.jrom.fem.ScalarField;
import org.jrom.fem.StructuredMesh;
import org.jrom.fem.mechanics.LinearElasticity;
import org.jrom.fem.mechanics.QuasiStaticNewton;
import org.jrom.fem.mechanics.SmallStrainSolid;

/**
 * Elastic convergence of the solid on a manufactured solution in the unit cube, clamped on its whole
 * boundary: {@code u = a s}, {@code s = sin(pi x) sin(pi y) sin(pi z)}, {@code a = (1, -1/2, 3/4)},
 * with the body force {@code f = -div sigma = -mu lap u - (lambda + mu) grad div u}. Expected
 * (Ciarlet 1978, th. 3.2.2 and the Aubin-Nitsche argument): P_k converges at order k + 1 in L2 and k
 * in the H1 seminorm.
 */
public final class ManufacturedSolid {
    private static final double[] A = {1, -0.5, 0.75};
    private static final double PI = Math.PI;

    private ManufacturedSolid() {}

    /**
     * The errors on one mesh of n^3 cubes.
     *
     * @param cells n, the cubes per side (h = 1 / n)
     * @param dofs the unknowns
     * @param l2 the L2 norm of the displacement's error
     * @param h1 the H1 seminorm of the displacement's error
     */
    public record Level(int cells, int dofs, double l2, double h1) {
        /** The cube's side. */
        public double h() {
            return 1.0 / cells;
        }
    }

    /** The observed order between two errors on meshes halved once, {@code log2(coarse / fine)}. */
    public static double order(double coarse, double fine) {
        return Math.log(coarse / fine) / Math.log(2);
    }

    /** sin(pi x_k), or its derivative over pi when {@code derivative}. */
    private static double factor(double[] x, int k, boolean derivative) {
        return derivative ? Math.cos(PI * x[k]) : Math.sin(PI * x[k]);
    }

    /** d^2 s / dx_i dx_j. */
    private static double hessian(double[] x, int i, int j) {
        double h = PI * PI;
        for (int k = 0; k < 3; k++) {
            h *= i == j ? (k == i ? -factor(x, k, false) : factor(x, k, false)) : factor(x, k, k == i || k == j);
        }
        return h;
    }

    private static double s(double[] x) {
        return factor(x, 0, false) * factor(x, 1, false) * factor(x, 2, false);
    }

    /**
     * The errors of P{@code degree} on the meshes of {@code coarsest}^3 cubes, halved until {@code
     * finest}^3; each level is reported to {@code progress} as it is done.
     */
    public static List<Level> errors(
            int degree,
            int coarsest,
            int finest,
            double youngsModulus,
            double poissonRatio,
            ProgressListener progress) {
        LinearElasticity law = new LinearElasticity(VerificationMaterials.elastic(youngsModulus, poissonRatio));
        double mu = youngsModulus / (2 * (1 + poissonRatio));
        double lambda = youngsModulus * poissonRatio / ((1 + poissonRatio) * (1 - 2 * poissonRatio));
        ScalarField[] exact = new ScalarField[3];
        ScalarField[] force = new ScalarField[3];
        ScalarField[][] gradient = new ScalarField[3][3];
        for (int i = 0; i < 3; i++) {
            int c = i;
            exact[i] = x -> A[c] * s(x);
            force[i] = x -> {
                double graddiv = 0;
                for (int j = 0; j < 3; j++) {
                    graddiv += A[j] * hessian(x, c, j);
                }
                return 3 * PI * PI * mu * A[c] * s(x) - (lambda + mu) * graddiv;
            };
            for (int k = 0; k < 3; k++) {
                int along = k;
                gradient[i][k] = x -> {
                    double g = A[c] * PI;
                    for (int m = 0; m < 3; m++) {
                        g *= factor(x, m, m == along);
                    }
                    return g;
                };
            }
        }
        List<Level> levels = new ArrayList<>();
        for (int n = coarsest; n <= finest; n *= 2) {
            SmallStrainSolid solid = new SmallStrainSolid(StructuredMesh.unitCube(n), degree, law);
            double[] body = solid.bodyForce(force);
            double[] zero = new double[solid.dim()];
            int[] clamped = solid.boundaryDofs(
                    new int[] {0, 1, 2}, StructuredMesh.BOX_SIDES.keySet().toArray(String[]::new));
            QuasiStaticNewton newton = new QuasiStaticNewton(solid, clamped, QuasiStaticNewton.Options.defaults());
            double[] u = new double[solid.dim()];
            newton.step(
                    u,
                    0,
                    1,
                    QuasiStaticNewton.Loading.of(t -> body, t -> zero, t -> VerificationMaterials.TEMPERATURE));
            levels.add(new Level(n, solid.dim(), solid.l2Error(u, exact), solid.h1SemiError(u, gradient)));
            progress.progress(levels.size(), "P" + degree + ", " + n + "^3 cubes");
        }
        return levels;
    }
}

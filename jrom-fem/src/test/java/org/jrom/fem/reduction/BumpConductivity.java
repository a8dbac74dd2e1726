package org.jrom.fem.reduction;

import java.util.Arrays;
import org.jrom.fem.DirichletConstraint;
import org.jrom.fem.Mesh;
import org.jrom.fem.P1Space;
import org.jrom.fem.ScalarField;
import org.jrom.fem.SimplexQuadrature;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.SparseCholesky;
import org.jrom.operators.MatrixEntries;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;

/**
 * Test problem with a truly non-affine operator whose exact matrices are known at every mu: {@code
 * -div(kappa grad u) = 1} on the unit square (the 2x2 thermal-block mesh), {@code u = 0} on the
 * boundary, with a Gaussian conductivity bump {@code kappa(x; mu) = 1 + a exp(-b |x - x0|^2)},
 * {@code x0 = (0.4, 0.6)}, {@code mu = (a, b)} in {@code [0.5, 5] x [2, 40]}. Since {@code kappa >=
 * 1}, the coercivity constant in the {@code H1_0} seminorm is at least 1. Plays the external solver:
 * it exports {@link #operator} at training parameters and answers the entries the EIM asks for
 * ({@link #entries}) by a restricted assembly over the cells holding them.
 */
final class BumpConductivity {
    static final ParameterSpace SPACE = ParameterSpace.of(
            ParameterType.of("amplitude", 1, "decay", 1), new double[] {0.5, 2}, new double[] {5, 40});
    static final double[] CENTRE = {0.4, 0.6};
    static final SimplexQuadrature RULE = SimplexQuadrature.triangleDegree4();

    final Mesh mesh;
    final P1Space space;
    final DirichletConstraint constraint;
    final int[] free; // free index -> node
    final CsrMatrix h1;
    final double[] rhs;

    /** On the 2x2 thermal-block mesh with {@code cellsPerBlock} grid squares per block side. */
    BumpConductivity(int cellsPerBlock) {
        mesh = ThermalBlock.mesh(2, 2, cellsPerBlock);
        space = new P1Space(mesh);
        int[] fixed = mesh.boundaryNodes(mesh.boundaries().keySet().toArray(String[]::new));
        constraint = new DirichletConstraint(space.dim(), fixed);
        free = new int[constraint.freeDim()];
        int n = 0;
        for (int i = 0; i < space.dim(); i++) {
            if (Arrays.binarySearch(fixed, i) < 0) {
                free[n++] = i;
            }
        }
        h1 = constraint.restrict(space.stiffness(space.allCells()));
        rhs = constraint.restrict(space.load(space.allCells(), 1.0));
    }

    int dim() {
        return constraint.freeDim();
    }

    static ScalarField kappa(Parameter mu) {
        double a = mu.get(0);
        double b = mu.get(1);
        return x -> {
            double dx = x[0] - CENTRE[0];
            double dy = x[1] - CENTRE[1];
            return 1 + a * Math.exp(-b * (dx * dx + dy * dy));
        };
    }

    /** The exact {@code A(mu)} on the free dofs: what the external solver exports. */
    CsrMatrix operator(Parameter mu) {
        return constraint.restrict(space.stiffness(space.allCells(), kappa(mu), RULE));
    }

    /** The exact solution {@code u(mu)} on the free dofs. */
    double[] solve(Parameter mu) {
        return SparseCholesky.factor(operator(mu)).solve(rhs);
    }

    /**
     * The entries of {@code A(mu)} at free-dof positions by the restricted assembly {@link
     * P1Space#stiffnessEntries} (no matrix is assembled): the cheap callback of the nonintrusive EIM.
     */
    MatrixEntries entries() {
        return (mu, rows, cols) -> {
            int[] nodeRows = new int[rows.length];
            int[] nodeCols = new int[cols.length];
            for (int k = 0; k < rows.length; k++) {
                nodeRows[k] = free[rows[k]];
                nodeCols[k] = free[cols[k]];
            }
            return space.stiffnessEntries(nodeRows, nodeCols, kappa(mu), RULE);
        };
    }
}

package org.jrom.fem.problems;

import java.util.Arrays;
import java.util.List;
import org.jrom.ProgressListener;
import org.jrom.algorithms.ConstantBound;
import org.jrom.algorithms.MatrixEim;
import org.jrom.algorithms.WeakGreedy;
import org.jrom.fem.DirichletConstraint;
import org.jrom.fem.Mesh;
import org.jrom.fem.P1Space;
import org.jrom.fem.ScalarField;
import org.jrom.fem.SimplexQuadrature;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.SparseCholesky;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixEntries;
import org.jrom.operators.MatrixOperator;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;

/**
 * A reference problem with a truly non-affine operator whose exact matrices are known at every mu: {@code
 * -div(kappa grad u) = 1} on the unit square (the 2x2 thermal-block mesh), {@code u = 0} on the
 * boundary, with a Gaussian conductivity bump {@code kappa(x; mu) = 1 + a exp(-b |x - x0|^2)},
 * {@code x0 = (0.4, 0.6)}, {@code mu = (a, b)} in {@code [0.5, 5] x [2, 40]}. Since {@code kappa >=
 * 1}, the coercivity constant in the {@code H1_0} seminorm is at least 1. Plays the external solver:
 * it exports {@link #operator} at training parameters and answers the entries the EIM asks for
 * ({@link #entries}) by a restricted assembly over the cells holding them. Used by the nonintrusive
 * EIM's tests and {@code jrom study nonintrusive-eim}.
 */
public final class BumpConductivity {
    /** The parameter space: amplitude a in [0.5, 5], decay b in [2, 40]. */
    public static final ParameterSpace SPACE = ParameterSpace.of(
            ParameterType.of("amplitude", 1, "decay", 1), new double[] {0.5, 2}, new double[] {5, 40});

    private static final double[] CENTRE = {0.4, 0.6};
    private static final SimplexQuadrature RULE = SimplexQuadrature.triangleDegree4();

    private final Mesh mesh;
    private final P1Space space;
    private final DirichletConstraint constraint;
    private final int[] free; // free index -> node
    private final CsrMatrix h1;
    private final double[] rhs;

    /** On the 2x2 thermal-block mesh with {@code cellsPerBlock} grid squares per block side. */
    public BumpConductivity(int cellsPerBlock) {
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

    /** The {@code H^1_0} seminorm's matrix on the free dofs, where {@code alpha(mu) >= 1}. */
    public CsrMatrix h1() {
        return h1;
    }

    /** The load vector of the source 1 on the free dofs (a copy). */
    public double[] rhs() {
        return rhs.clone();
    }

    /**
     * The model whose operator is the interpolation {@code eim} of this problem's matrices (its
     * coefficients from {@link #entries}), with the exact right-hand side and the {@code H^1_0}
     * product {@code h1_0_semi}: what a reduced basis of the nonintrusive EIM reduces.
     */
    public StationaryModel interpolatedModel(MatrixEim.Result eim) {
        LincombOperator f = new LincombOperator(
                List.of(MatrixOperator.of(DenseMatrix.wrap(dim(), 1, rhs()))),
                List.of(ParameterFunctional.constant(1.0)));
        return StationaryModel.builder(SPACE, eim.operator(entries()), f)
                .product("h1_0_semi", MatrixOperator.of(h1))
                .build();
    }

    /**
     * A reduced basis of {@link #interpolatedModel}: a weak greedy to {@code tolerance} (at most
     * {@code maxBasis} vectors) over {@code trainingSize} random parameters (seed 3), with the
     * coercivity lower bound 0.99 of the interpolation ({@code kappa >= 1} gives the exact problem
     * {@code alpha >= 1} in the {@code H^1_0} seminorm; the interpolation, off by about its
     * tolerance, keeps a margin). What the nonintrusive EIM's study and tests measure.
     */
    public CoerciveRbReductor reducedBasis(MatrixEim.Result eim, double tolerance, int maxBasis, int trainingSize) {
        CoerciveRbReductor reductor = CoerciveRbReductor.builder(interpolatedModel(eim))
                .product(MatrixOperator.of(h1))
                .coercivityBound(new ConstantBound(INTERPOLATION_ALPHA_LB))
                .build();
        WeakGreedy.run(
                reductor.greedySurrogate(),
                Sampler.random(SPACE, trainingSize, 3),
                new WeakGreedy.Options(tolerance, maxBasis),
                ProgressListener.NONE);
        return reductor;
    }

    /** The coercivity lower bound given to the interpolated operator (the exact one has alpha >= 1). */
    public static final double INTERPOLATION_ALPHA_LB = 0.99;

    public int dim() {
        return constraint.freeDim();
    }

    public static ScalarField kappa(Parameter mu) {
        double a = mu.get(0);
        double b = mu.get(1);
        return x -> {
            double dx = x[0] - CENTRE[0];
            double dy = x[1] - CENTRE[1];
            return 1 + a * Math.exp(-b * (dx * dx + dy * dy));
        };
    }

    /** The exact {@code A(mu)} on the free dofs: what the external solver exports. */
    public CsrMatrix operator(Parameter mu) {
        return constraint.restrict(space.stiffness(space.allCells(), kappa(mu), RULE));
    }

    /** The exact solution {@code u(mu)} on the free dofs. */
    public double[] solve(Parameter mu) {
        return SparseCholesky.factor(operator(mu)).solve(rhs);
    }

    /**
     * The entries of {@code A(mu)} at free-dof positions by the restricted assembly {@link
     * P1Space#stiffnessEntries} (no matrix is assembled): the cheap callback of the nonintrusive EIM.
     */
    public MatrixEntries entries() {
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

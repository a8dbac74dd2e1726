package org.jrom.fem.problems;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The thermal block (the standard reduced-basis benchmark; Rozza, Huynh, Patera 2008; pyMOR's
 * demo): the unit square cut into {@code B1 x B2} blocks, conductivity {@code mu_i} in [0.1, 1] on
 * block i, {@code -div(mu grad u) = 1}, {@code u = 0} on the boundary. Block i = {@code by * B1 + bx}
 * counts from the lower left, x fastest. Output: the mean of u. Affine with one P1 stiffness term
 * per block and theta_i(mu) = mu_i.
 */
public final class ThermalBlock {
    /** Lower end of each conductivity's range. */
    public static final double MU_MIN = 0.1;

    /** Upper end of each conductivity's range. */
    public static final double MU_MAX = 1.0;

    private ThermalBlock() {}

    /** The parameter space: {@code diffusion[B]} in {@code [0.1, 1]^B}. */
    public static ParameterSpace parameterSpace(int blocks) {
        return ParameterSpace.box(ParameterType.of("diffusion", blocks), MU_MIN, MU_MAX);
    }

    /** The mesh: {@code cellsPerBlock} grid squares per block side, one subdomain per block. */
    public static Mesh mesh(int blocksX, int blocksY, int cellsPerBlock) {
        if (blocksX < 1 || blocksY < 1 || cellsPerBlock < 1) {
            throw new MeshException("thermal block needs at least 1x1 blocks and one cell per block, found " + blocksX
                    + "x" + blocksY + " blocks with " + cellsPerBlock + " cells");
        }
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int b = 0; b < blocksX * blocksY; b++) {
            names.put("block" + b, b);
        }
        return StructuredMesh.rectangle(
                0,
                1,
                0,
                1,
                blocksX * cellsPerBlock,
                blocksY * cellsPerBlock,
                c -> Math.min((int) (c[1] * blocksY), blocksY - 1) * blocksX
                        + Math.min((int) (c[0] * blocksX), blocksX - 1),
                names);
    }

    /**
     * The 3D thermal block: the unit cube cut into {@code B1 x B2 x B3} blocks, {@code cellsPerBlock}
     * grid cubes (six tetrahedra each) per block side; block {@code (bz * B2 + by) * B1 + bx}.
     */
    public static Mesh mesh3d(int blocksX, int blocksY, int blocksZ, int cellsPerBlock) {
        if (blocksX < 1 || blocksY < 1 || blocksZ < 1 || cellsPerBlock < 1) {
            throw new MeshException("thermal block needs at least one block per side and one cell per block, found "
                    + blocksX + "x" + blocksY + "x" + blocksZ + " blocks with " + cellsPerBlock + " cells");
        }
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int b = 0; b < blocksX * blocksY * blocksZ; b++) {
            names.put("block" + b, b);
        }
        int[] blocks = {blocksX, blocksY, blocksZ};
        return StructuredMesh.box(
                new double[] {0, 0, 0},
                new double[] {1, 1, 1},
                blocksX * cellsPerBlock,
                blocksY * cellsPerBlock,
                blocksZ * cellsPerBlock,
                c -> {
                    int index = 0;
                    for (int axis = 2; axis >= 0; axis--) {
                        index = index * blocks[axis] + Math.min((int) (c[axis] * blocks[axis]), blocks[axis] - 1);
                    }
                    return index;
                },
                names);
    }

    /** The P1 discretization with homogeneous Dirichlet conditions on the whole boundary. */
    public static AffineDiscretization discretize(int blocksX, int blocksY, int cellsPerBlock) {
        return discretize(mesh(blocksX, blocksY, cellsPerBlock));
    }

    /** The 3D thermal block (see {@link #mesh3d}); about 1,000,000 unknowns at 101 grid cubes per side. */
    public static AffineDiscretization discretize3d(int blocksX, int blocksY, int blocksZ, int cellsPerBlock) {
        return discretize(mesh3d(blocksX, blocksY, blocksZ, cellsPerBlock));
    }

    /**
     * The functional of the mean temperature over one block, {@code (1/|block|) int_block u}: a
     * non-compliant output (it differs from the load), for primal-dual reduced bases.
     */
    public static double[] blockMean(AffineDiscretization d, int block) {
        Mesh mesh = d.space().mesh();
        int[] cells = mesh.cellsWithMarker(block);
        if (cells.length == 0) {
            throw new MeshException("thermal block has no block " + block + "; it has "
                    + mesh.subdomains().size());
        }
        double[] ones = new P1Space(mesh).load(cells, 1.0); // sums to the block's area
        double area = 0;
        for (double v : ones) {
            area += v;
        }
        double[] l = d.constraint().restrict(ones);
        for (int i = 0; i < l.length; i++) {
            l[i] /= area;
        }
        return l;
    }

    /** Thermal block discretization on a mesh whose subdomain markers 0..B-1 are the blocks. */
    private static AffineDiscretization discretize(Mesh mesh) {
        P1Space space = new P1Space(mesh);
        DirichletConstraint constraint = new DirichletConstraint(
                space.dim(), mesh.boundaryNodes(mesh.boundaries().keySet().toArray(String[]::new)));
        int blocks = mesh.subdomains().size();
        List<CsrMatrix> terms = new ArrayList<>(blocks);
        ParameterSpace parameters = parameterSpace(blocks);
        List<ParameterFunctional> thetas = new ArrayList<>(blocks);
        for (int b = 0; b < blocks; b++) {
            terms.add(constraint.restrict(space.stiffness(mesh.cellsWithMarker(b))));
            thetas.add(ParameterFunctional.component(parameters.type(), "diffusion", b));
        }
        int[] all = space.allCells();
        double[] f = constraint.restrict(space.load(all, 1.0));
        CsrMatrix h1 = constraint.restrict(space.stiffness(all));
        CsrMatrix l2 = constraint.restrict(space.mass(all));
        double[] mean = f.clone(); // (1/|Omega|) int u, |Omega| = 1
        return new AffineDiscretization(
                space,
                constraint,
                parameters,
                terms,
                thetas,
                List.of(f),
                List.of(ParameterFunctional.constant(1.0)),
                Map.of("h1_0_semi", h1, "l2", l2),
                Map.of("mean", mean));
    }
}

package org.jrom.fem;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DimensionMismatchException;

/**
 * Vector-valued continuous P1 Lagrange functions for linear elasticity (plane strain in 2D, full 3D
 * on tetrahedra), assembled term by term so that the Lame parameters stay outside the matrices:
 * {@code A = sum_s (mu_s strainTerm_s + lambda_s divergenceTerm_s)} over subdomains s (Ciarlet 1978,
 * section 1.2; Brenner and Scott 2008, chapter 11).
 *
 * <p>Degrees of freedom are interleaved: component i (0 <= i < d) of the displacement at node n is
 * dof {@code n * d + i}.
 */
public final class ElasticitySpace implements FiniteElementSpace {
    private final Mesh mesh;
    private final int d;
    private final P1Space scalar;
    private final SimplexAssembly.Assembler cellAssembly;

    public ElasticitySpace(Mesh mesh) {
        this(mesh, false);
    }

    /** With {@code triplets}, matrices are assembled by the reference triplet path (for tests). */
    ElasticitySpace(Mesh mesh, boolean triplets) {
        this.mesh = mesh;
        this.d = mesh.dimension();
        this.scalar = new P1Space(mesh, triplets);
        this.cellAssembly = SimplexAssembly.assembler(triplets, mesh.numCells());
    }

    @Override
    public Mesh mesh() {
        return mesh;
    }

    /** Number of degrees of freedom: d per node. */
    @Override
    public int dim() {
        return mesh.numNodes() * d;
    }

    /** The displacement has d components. */
    @Override
    public int components() {
        return d;
    }

    /** The dof of component i at node n: {@code n * d + i}. */
    public int dof(int node, int component) {
        return node * d + component;
    }

    /** All cell indices. */
    @Override
    public int[] allCells() {
        return IntStream.range(0, mesh.numCells()).toArray();
    }

    private void cellDofs(int c, int[] out) {
        for (int a = 0; a <= d; a++) {
            for (int i = 0; i < d; i++) {
                out[a * d + i] = mesh.cellNode(c, a) * d + i;
            }
        }
    }

    /** The local operator {@code |K| K((a,i),(b,j))} of one term, from the gradients g of the barycentrics. */
    @FunctionalInterface
    private interface PairKernel {
        double entry(double[] g, int a, int i, int b, int j);
    }

    private CsrMatrix assemble(int[] cells, PairKernel kernel) {
        int k = (d + 1) * d;
        return cellAssembly.matrix(dim(), cells, k, this::cellDofs, () -> {
            double[] g = new double[(d + 1) * d];
            return (c, local) -> {
                double measure = Simplices.barycentricGradients(mesh, c, g);
                for (int a = 0; a <= d; a++) {
                    for (int i = 0; i < d; i++) {
                        for (int b = 0; b <= d; b++) {
                            for (int j = 0; j < d; j++) {
                                local[(a * d + i) * k + b * d + j] = measure * kernel.entry(g, a, i, b, j);
                            }
                        }
                    }
                }
            };
        });
    }

    /**
     * The shear term {@code int 2 eps(u) : eps(v)} over the given cells (coefficient mu). For {@code u
     * = phi_b e_j}, {@code v = phi_a e_i}: {@code 2 eps:eps = delta_ij grad phi_a . grad phi_b + d_j
     * phi_a d_i phi_b}.
     */
    public CsrMatrix strainTerm(int[] cells) {
        return assemble(cells, (g, a, i, b, j) -> {
            double s = g[a * d + j] * g[b * d + i];
            if (i == j) {
                for (int r = 0; r < d; r++) {
                    s += g[a * d + r] * g[b * d + r];
                }
            }
            return s;
        });
    }

    /** The dilatation term {@code int div u div v} over the given cells (coefficient lambda). */
    public CsrMatrix divergenceTerm(int[] cells) {
        return assemble(cells, (g, a, i, b, j) -> g[a * d + i] * g[b * d + j]);
    }

    /** The full operator of one material on the given cells: {@code mu * strainTerm + lambda * divergenceTerm}. */
    public CsrMatrix operator(int[] cells, IsotropicMaterial material) {
        return CsrMatrix.linearCombination(
                new double[] {material.mu(), material.lambda()}, strainTerm(cells), divergenceTerm(cells));
    }

    /** Vector mass {@code int u . v} over the given cells (the L2 product). */
    public CsrMatrix mass(int[] cells) {
        return blockDiagonal(scalar.mass(cells));
    }

    /**
     * Vector stiffness {@code int grad u : grad v = sum_i int grad u_i . grad v_i} over the given cells
     * (with {@link #mass}, the H1 product).
     */
    public CsrMatrix gradientTerm(int[] cells) {
        return blockDiagonal(scalar.stiffness(cells));
    }

    /** The operator acting on each component separately by the scalar P1 matrix m. */
    private CsrMatrix blockDiagonal(CsrMatrix m) {
        int[] ptr = m.rowPointers();
        int[] ci = m.columnIndices();
        double[] v = m.nonzeroValues();
        int nnz = ci.length;
        int[] rows = new int[nnz * d];
        int[] cols = new int[nnz * d];
        double[] vals = new double[nnz * d];
        int t = 0;
        for (int r = 0; r < m.rows(); r++) {
            for (int p = ptr[r]; p < ptr[r + 1]; p++) {
                for (int i = 0; i < d; i++) {
                    rows[t] = r * d + i;
                    cols[t] = ci[p] * d + i;
                    vals[t++] = v[p];
                }
            }
        }
        return CsrMatrix.fromTriplets(dim(), dim(), rows, cols, vals, t);
    }

    /** Body-force load {@code int f . v} over the given cells, f a constant vector of length d. */
    public double[] load(int[] cells, double[] f) {
        DimensionMismatchException.check("body force components", d, f.length);
        double[] b = new double[dim()];
        for (int i = 0; i < d; i++) {
            scatter(scalar.load(cells, f[i]), i, b);
        }
        return b;
    }

    /** Body-force load {@code int f . v} over the given cells by a cell quadrature rule, one field per component. */
    public double[] load(int[] cells, ScalarField[] f, SimplexQuadrature rule) {
        DimensionMismatchException.check("body force components", d, f.length);
        double[] b = new double[dim()];
        for (int i = 0; i < d; i++) {
            scatter(scalar.load(cells, f[i], rule), i, b);
        }
        return b;
    }

    /** Traction (Neumann) load {@code int_Gamma t . v} over the given facets, t a constant vector. */
    public double[] boundaryLoad(int[] facets, double[] t) {
        DimensionMismatchException.check("traction components", d, t.length);
        double[] b = new double[dim()];
        for (int i = 0; i < d; i++) {
            scatter(scalar.boundaryLoad(facets, t[i]), i, b);
        }
        return b;
    }

    /**
     * Traction (Neumann) load {@code int_Gamma t . v} over the given facets by a facet quadrature rule,
     * one field per component ({@code t = sigma(u) n} for a manufactured u).
     */
    public double[] boundaryLoad(int[] facets, ScalarField[] t, SimplexQuadrature rule) {
        DimensionMismatchException.check("traction components", d, t.length);
        double[] b = new double[dim()];
        for (int i = 0; i < d; i++) {
            scatter(scalar.boundaryLoad(facets, t[i], rule), i, b);
        }
        return b;
    }

    private void scatter(double[] nodal, int component, double[] out) {
        for (int n = 0; n < nodal.length; n++) {
            out[n * d + component] += nodal[n];
        }
    }

    /** The dofs of the given components at the given nodes, sorted (e.g. a roller: only the normal component). */
    public int[] dofs(int[] nodes, int... components) {
        for (int i : components) {
            if (i < 0 || i >= d) {
                throw new IndexOutOfBoundsException(
                        "displacement component " + i + " outside [0, " + d + ") for a " + d + "D mesh");
            }
        }
        return Arrays.stream(nodes)
                .flatMap(n -> Arrays.stream(components).map(i -> n * d + i))
                .distinct()
                .sorted()
                .toArray();
    }

    /** All dofs of the named boundary parts (a clamped boundary), sorted. */
    public int[] boundaryDofs(String... names) {
        return dofs(mesh.boundaryNodes(names), IntStream.range(0, d).toArray());
    }

    /** Nodal interpolant of a vector field given by its d components. */
    public double[] interpolate(ScalarField[] u) {
        DimensionMismatchException.check("displacement components", d, u.length);
        double[] v = new double[dim()];
        for (int i = 0; i < d; i++) {
            scatter(scalar.interpolate(u[i]), i, v);
        }
        return v;
    }

    /** The nodal values of component i of a coefficient vector. */
    public double[] component(double[] u, int i) {
        DimensionMismatchException.check("coefficient vector length", dim(), u.length);
        double[] c = new double[mesh.numNodes()];
        for (int n = 0; n < c.length; n++) {
            c[n] = u[n * d + i];
        }
        return c;
    }

    /** {@code ||u_h - u||_{L2}} by quadrature, {@code exact[i]} the component i. */
    public double l2Error(double[] uh, ScalarField[] exact, SimplexQuadrature rule) {
        DimensionMismatchException.check("displacement components", d, exact.length);
        double s = 0;
        for (int i = 0; i < d; i++) {
            double e = scalar.l2Error(component(uh, i), exact[i], rule);
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** {@code |u_h - u|_{H1}} by quadrature, {@code gradient[i][k] = d u_i / d x_k}. */
    public double h1SemiError(double[] uh, ScalarField[][] gradient, SimplexQuadrature rule) {
        DimensionMismatchException.check("displacement components", d, gradient.length);
        double s = 0;
        for (int i = 0; i < d; i++) {
            double e = scalar.h1SemiError(component(uh, i), gradient[i], rule);
            s += e * e;
        }
        return Math.sqrt(s);
    }
}

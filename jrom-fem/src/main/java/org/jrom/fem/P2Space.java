package org.jrom.fem;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.jrom.linalg.CsrMatrix;

/**
 * The space of continuous piecewise quadratic (P2 Lagrange) functions on a simplicial mesh
 * (triangles or tetrahedra; Ciarlet 1978, section 2.2), assembled term by term like {@link P1Space}.
 *
 * <p>Degrees of freedom: the {@code N} mesh nodes first (dof i = node i), then one per mesh edge
 * (dof {@code N + e}), the value at the edge midpoint. Edges are numbered by ascending node pair
 * {@code (min, max)}. Shape functions in barycentric coordinates: {@code lambda_a (2 lambda_a - 1)}
 * at vertices, {@code 4 lambda_a lambda_b} on edges. Cell integrals use the degree-4 (triangle) or
 * degree-5 (tetrahedron) rule, exact for the stiffness and mass integrands on affine cells.
 */
public final class P2Space implements LagrangeSpace {
    private final Mesh mesh;
    private final int d;
    private final LagrangeBasis cellBasis;
    private final LagrangeBasis facetBasis;
    private final long[] edges; // sorted keys min * N + max
    private final int[] cellEdges; // edge index of local edge e of cell c at [c * cellBasis.edges() + e]
    private final SimplexQuadrature cellRule;
    private final SimplexQuadrature facetRule;
    private final SimplexAssembly.Assembler cellAssembly;
    private final SimplexAssembly.Assembler facetAssembly;

    public P2Space(Mesh mesh) {
        this(mesh, false);
    }

    /** With {@code triplets}, matrices are assembled by the reference triplet path (for tests). */
    P2Space(Mesh mesh, boolean triplets) {
        this.mesh = mesh;
        this.cellAssembly = SimplexAssembly.assembler(triplets, mesh.numCells());
        this.facetAssembly = SimplexAssembly.assembler(triplets, mesh.numFacets());
        this.d = mesh.dimension();
        this.cellBasis = LagrangeBasis.quadratic(d);
        this.facetBasis = LagrangeBasis.quadratic(d - 1);
        this.cellRule = SimplexQuadrature.accurate(d);
        this.facetRule = SimplexQuadrature.accurateFacet(d);
        int perCell = cellBasis.edges();
        long[] keys = new long[mesh.numCells() * perCell];
        for (int c = 0; c < mesh.numCells(); c++) {
            for (int e = 0; e < perCell; e++) {
                keys[c * perCell + e] = edgeKey(
                        mesh.cellNode(c, cellBasis.edgeVertex(e, 0)), mesh.cellNode(c, cellBasis.edgeVertex(e, 1)));
            }
        }
        this.edges = Arrays.stream(keys).sorted().distinct().toArray();
        this.cellEdges = new int[keys.length];
        for (int k = 0; k < keys.length; k++) {
            cellEdges[k] = Arrays.binarySearch(edges, keys[k]);
        }
    }

    private long edgeKey(int p, int q) {
        return (long) Math.min(p, q) * mesh.numNodes() + Math.max(p, q);
    }

    /** The edge index of nodes p, q; the facet index names the facet in the error. */
    private int facetEdge(int facet, int p, int q) {
        int e = Arrays.binarySearch(edges, edgeKey(p, q));
        if (e < 0) {
            throw new MeshException("boundary facet " + facet + ": nodes " + p + " and " + q
                    + " are not joined by an edge of any cell (the facet is not a face of the mesh)");
        }
        return e;
    }

    @Override
    public Mesh mesh() {
        return mesh;
    }

    /** Number of degrees of freedom: nodes plus edges. */
    @Override
    public int dim() {
        return mesh.numNodes() + edges.length;
    }

    /** Number of mesh edges (the edge dofs are {@code numNodes() + e}). */
    public int numEdges() {
        return edges.length;
    }

    /** All cell indices. */
    @Override
    public int[] allCells() {
        return IntStream.range(0, mesh.numCells()).toArray();
    }

    /** Coordinate k of the point of dof i: node i, or the midpoint of edge {@code i - numNodes}. */
    public double dofCoordinate(int i, int k) {
        int n = mesh.numNodes();
        if (i < n) {
            return mesh.coordinate(i, k);
        }
        long key = edges[i - n];
        int p = (int) (key / n);
        int q = (int) (key % n);
        return 0.5 * (mesh.coordinate(p, k) + mesh.coordinate(q, k));
    }

    @Override
    public LagrangeBasis cellBasis() {
        return cellBasis;
    }

    @Override
    public void cellDofs(int c, int[] out) {
        int perCell = cellBasis.edges();
        for (int a = 0; a <= d; a++) {
            out[a] = mesh.cellNode(c, a);
        }
        for (int e = 0; e < perCell; e++) {
            out[d + 1 + e] = mesh.numNodes() + cellEdges[c * perCell + e];
        }
    }

    @Override
    public LagrangeBasis facetBasis() {
        return facetBasis;
    }

    @Override
    public void facetDofs(int f, int[] out) {
        for (int a = 0; a < d; a++) {
            out[a] = mesh.facetNode(f, a);
        }
        for (int e = 0; e < facetBasis.edges(); e++) {
            int p = mesh.facetNode(f, facetBasis.edgeVertex(e, 0));
            int q = mesh.facetNode(f, facetBasis.edgeVertex(e, 1));
            out[d + e] = mesh.numNodes() + facetEdge(f, p, q);
        }
    }

    /** Stiffness {@code A_ij = int grad phi_j . grad phi_i} over the given cells. */
    @Override
    public CsrMatrix stiffness(int[] cells) {
        int k = cellBasis.size();
        int stride = d + 1;
        return cellAssembly.matrix(dim(), cells, k, this::cellDofs, () -> {
            double[] gradLambda = new double[(d + 1) * d];
            double[] g = new double[k * d];
            return (c, local) -> {
                Arrays.fill(local, 0.0);
                double measure = Simplices.barycentricGradients(mesh, c, gradLambda);
                for (int q = 0; q < cellRule.size(); q++) {
                    cellBasis.gradients(cellRule.barycentric(), q * stride, gradLambda, d, g);
                    double w = cellRule.weights()[q] * measure;
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            double s = 0;
                            for (int i = 0; i < d; i++) {
                                s += g[a * d + i] * g[b * d + i];
                            }
                            local[a * k + b] += w * s;
                        }
                    }
                }
            };
        });
    }

    /** Mass {@code M_ij = int phi_j phi_i} over the given cells. */
    @Override
    public CsrMatrix mass(int[] cells) {
        return simplexMass(cellAssembly, Simplices.cells(mesh), cells, cellBasis, cellRule, this::cellDofs);
    }

    /** Boundary mass {@code int_Gamma phi_j phi_i} over the given facets (the Robin term). */
    @Override
    public CsrMatrix boundaryMass(int[] facets) {
        return simplexMass(facetAssembly, Simplices.facets(mesh), facets, facetBasis, facetRule, this::facetDofs);
    }

    private CsrMatrix simplexMass(
            SimplexAssembly.Assembler assembly,
            Simplices set,
            int[] entities,
            LagrangeBasis basis,
            SimplexQuadrature rule,
            SimplexAssembly.LocalDofs dofs) {
        int k = basis.size();
        int stride = set.vertexCount();
        return assembly.matrix(dim(), entities, k, dofs, () -> {
            double[] phi = new double[k];
            return (e, local) -> {
                Arrays.fill(local, 0.0);
                double measure = set.measure(e);
                for (int q = 0; q < rule.size(); q++) {
                    basis.values(rule.barycentric(), q * stride, phi);
                    double w = rule.weights()[q] * measure;
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            local[a * k + b] += w * phi[a] * phi[b];
                        }
                    }
                }
            };
        });
    }

    /** Load {@code b_i = int f phi_i} over the given cells, f constant (integrated exactly). */
    @Override
    public double[] load(int[] cells, double f) {
        return load(cells, x -> f, cellRule);
    }

    /** Load {@code b_i = int f phi_i} over the given cells, by a cell quadrature rule. */
    @Override
    public double[] load(int[] cells, ScalarField f, SimplexQuadrature rule) {
        return SimplexAssembly.load(dim(), Simplices.cells(mesh), cells, cellBasis, this::cellDofs, f, rule);
    }

    /** Boundary load {@code int_Gamma g phi_i} over the given facets, g constant (the Neumann term). */
    @Override
    public double[] boundaryLoad(int[] facets, double g) {
        return boundaryLoad(facets, x -> g, facetRule);
    }

    /**
     * Boundary load {@code int_Gamma g phi_i} over the given facets by a facet quadrature rule (of
     * dimension d-1, e.g. {@link SimplexQuadrature#accurateFacet}).
     */
    @Override
    public double[] boundaryLoad(int[] facets, ScalarField g, SimplexQuadrature rule) {
        return SimplexAssembly.load(dim(), Simplices.facets(mesh), facets, facetBasis, this::facetDofs, g, rule);
    }

    /** The dofs on the named boundary parts, sorted: their nodes and the edge dofs of their facets. */
    @Override
    public int[] boundaryDofs(String... names) {
        int[] markers = Arrays.stream(names).mapToInt(mesh::boundaryMarker).toArray();
        int[] facets = mesh.facetsWithMarkers(markers);
        int perFacet = facetBasis.size();
        int[] all = new int[facets.length * perFacet];
        int[] map = new int[perFacet];
        for (int t = 0; t < facets.length; t++) {
            facetDofs(facets[t], map);
            System.arraycopy(map, 0, all, t * perFacet, perFacet);
        }
        return Arrays.stream(all).distinct().sorted().toArray();
    }

    /** The interpolant: the field's values at the nodes and edge midpoints. */
    @Override
    public double[] interpolate(ScalarField f) {
        double[] u = new double[dim()];
        double[] x = new double[d];
        for (int i = 0; i < u.length; i++) {
            for (int k = 0; k < d; k++) {
                x[k] = dofCoordinate(i, k);
            }
            u[i] = f.applyAsDouble(x);
        }
        return u;
    }

    /** {@code ||u_h - u||_{L2}} by quadrature. */
    @Override
    public double l2Error(double[] uh, ScalarField exact, SimplexQuadrature rule) {
        return SimplexAssembly.l2Error(uh, dim(), mesh, cellBasis, this::cellDofs, exact, rule);
    }

    /** {@code |u_h - u|_{H1}} by quadrature; {@code gradient[i]} is the exact derivative along x_i. */
    @Override
    public double h1SemiError(double[] uh, ScalarField[] gradient, SimplexQuadrature rule) {
        return SimplexAssembly.h1SemiError(uh, dim(), mesh, cellBasis, this::cellDofs, gradient, rule);
    }
}

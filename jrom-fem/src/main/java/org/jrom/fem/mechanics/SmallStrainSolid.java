package org.jrom.fem.mechanics;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import org.jrom.fem.AssemblyPattern;
import org.jrom.fem.LagrangeBasis;
import org.jrom.fem.LagrangeSpace;
import org.jrom.fem.Mesh;
import org.jrom.fem.P1Space;
import org.jrom.fem.P2Space;
import org.jrom.fem.ScalarField;
import org.jrom.fem.SimplexQuadrature;
import org.jrom.fem.Simplices;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.Parallel;

/**
 * A 3D small-strain solid on tetrahedra, vector P1 or P2 Lagrange elements, whose material is a
 * {@link ConstitutiveLaw} integrated at the quadrature points (Zienkiewicz and Taylor, The Finite
 * Element Method for Solid and Structural Mechanics, 2005, ch. 2; Simo and Hughes 1998, ch. 3).
 *
 * <p>Strains and stresses are Mandel vectors: with {@code B} the 6 x 3k strain-displacement
 * matrix of a cell in Mandel form, {@code eps = B u_e}, the internal force is {@code f_int =
 * sum_e sum_q w_q |K| B^T sigma_q} and the consistent tangent {@code K_T = sum_e sum_q w_q |K| B^T
 * D_q B}, {@code D_q = d sigma / d eps} the law's algorithmic tangent. Rules: the centroid for P1
 * (constant strain), the 4-point degree-2 rule for P2 (exact for the elastic stiffness on affine
 * cells).
 *
 * <p>Degrees of freedom are interleaved over the scalar space's dofs: component i of scalar dof n
 * is {@code 3 n + i}. The state of point {@code p = cell * points + q} is the run of {@code
 * law.layout().size()} doubles at {@code p * stride} of {@link #startState()} (at {@code t_n},
 * converged) and {@link #endState()} (at {@code t_{n+1}}, the current Newton iterate); the tangents
 * of the last {@link #integrate} are kept per point (36 doubles) for {@link #tangent}.
 */
public final class SmallStrainSolid {
    private static final int D = 3;
    private static final int S = Mandel.SIZE;
    private static final double R2 = 1 / Mandel.SQRT2;

    private final Mesh mesh;
    private final LagrangeSpace scalar;
    private final LagrangeBasis basis;
    private final ConstitutiveLaw law;
    private final ConstitutiveLaw[] cellLaws; // the law of each cell (one object when the solid has one material)
    private final Map<String, ConstitutiveLaw> materials; // by region, in the order given; one material: ALL
    private final Map<Integer, String> regionOfMarker; // empty when the solid has one material
    private final SimplexQuadrature rule;
    private final int shapes;
    private final int localSize;
    private final int points;
    private final int stride;
    private final int[] cells;
    private final AssemblyPattern pattern;
    private double[] start;
    private double[] end;
    private final double[] tangents;

    /** The solid of the given polynomial degree (1 or 2) on a 3D mesh, every point in the law's zero state. */
    public SmallStrainSolid(Mesh mesh, int degree, ConstitutiveLaw law) {
        this(mesh, degree, law, uniform(mesh, law), Map.of(ALL, law));
    }

    /** The region name of a solid of one material ({@link #materials()}, {@link #regionAt}). */
    public static final String ALL = "*";

    /**
     * A solid of several materials: the law of each subdomain (the mesh's cell markers by name), one
     * law with its own parameters per region. Every cell's subdomain must have a law, and the laws
     * must be the same law (name and state layout), so that every point's state has the same layout.
     *
     * @throws IllegalArgumentException naming a subdomain the mesh lacks, a cell without a law, or a
     *     law that is not the others'
     */
    public SmallStrainSolid(Mesh mesh, int degree, Map<String, ConstitutiveLaw> bySubdomain) {
        this(mesh, degree, first(bySubdomain), byCell(mesh, bySubdomain), bySubdomain);
    }

    private static ConstitutiveLaw first(Map<String, ConstitutiveLaw> bySubdomain) {
        if (bySubdomain.isEmpty()) {
            throw new IllegalArgumentException("a solid needs at least one material");
        }
        return bySubdomain.values().iterator().next();
    }

    private static ConstitutiveLaw[] uniform(Mesh mesh, ConstitutiveLaw law) {
        ConstitutiveLaw[] laws = new ConstitutiveLaw[mesh.numCells()];
        Arrays.fill(laws, law);
        return laws;
    }

    private static ConstitutiveLaw[] byCell(Mesh mesh, Map<String, ConstitutiveLaw> bySubdomain) {
        ConstitutiveLaw reference = first(bySubdomain);
        Map<Integer, ConstitutiveLaw> byMarker = new HashMap<>();
        bySubdomain.forEach((name, law) -> {
            if (!law.name().equals(reference.name())
                    || !law.layout().toString().equals(reference.layout().toString())) {
                throw new IllegalArgumentException("subdomain " + name + " has law " + law.name() + ", the others "
                        + reference.name() + ": the regions of a solid share one law (with their own parameters)");
            }
            byMarker.put(mesh.subdomainMarker(name), law);
        });
        ConstitutiveLaw[] laws = new ConstitutiveLaw[mesh.numCells()];
        for (int c = 0; c < laws.length; c++) {
            laws[c] = byMarker.get(mesh.cellMarker(c));
            if (laws[c] == null) {
                throw new IllegalArgumentException("cell " + c + " is in subdomain marker " + mesh.cellMarker(c)
                        + ", which has no material; the materials cover " + String.join(", ", bySubdomain.keySet()));
            }
        }
        return laws;
    }

    private SmallStrainSolid(
            Mesh mesh,
            int degree,
            ConstitutiveLaw law,
            ConstitutiveLaw[] cellLaws,
            Map<String, ConstitutiveLaw> materials) {
        this.cellLaws = cellLaws;
        this.materials = Collections.unmodifiableMap(new LinkedHashMap<>(materials));
        this.regionOfMarker = new HashMap<>();
        if (!materials.containsKey(ALL)) {
            materials.keySet().forEach(name -> regionOfMarker.put(mesh.subdomainMarker(name), name));
        }
        if (mesh.dimension() != D) {
            throw new IllegalArgumentException("a solid needs a 3D mesh, found dimension " + mesh.dimension());
        }
        if (degree != 1 && degree != 2) {
            throw new IllegalArgumentException("element degree must be 1 or 2, found " + degree);
        }
        this.mesh = mesh;
        this.scalar = degree == 1 ? new P1Space(mesh) : new P2Space(mesh);
        this.basis = scalar.cellBasis();
        this.law = law;
        this.rule = degree == 1 ? centroid() : tetrahedronDegree2();
        this.shapes = basis.size();
        this.localSize = D * shapes;
        this.points = rule.size();
        this.stride = law.layout().size();
        this.cells = IntStream.range(0, mesh.numCells()).toArray();
        long total = (long) mesh.numCells() * points;
        this.start = new double[Math.toIntExact(total * stride)];
        this.end = new double[start.length];
        this.tangents = new double[Math.toIntExact(total * S * S)];
        this.pattern = AssemblyPattern.build(dim(), cells, localSize, this::cellDofs);
    }

    /** The one-point rule at the centroid. */
    private static SimplexQuadrature centroid() {
        return new SimplexQuadrature(D, new double[] {0.25, 0.25, 0.25, 0.25}, new double[] {1}, 1);
    }

    /** Four points, exact for degree 2 (Keast 1986): the permutations of (a, b, b, b). */
    private static SimplexQuadrature tetrahedronDegree2() {
        double a = 0.5854101966249685;
        double b = 0.1381966011250105;
        double[] bary = {a, b, b, b, b, a, b, b, b, b, a, b, b, b, b, a};
        return new SimplexQuadrature(D, bary, new double[] {0.25, 0.25, 0.25, 0.25}, 2);
    }

    public Mesh mesh() {
        return mesh;
    }

    /** The scalar Lagrange space each displacement component lives in. */
    public LagrangeSpace scalarSpace() {
        return scalar;
    }

    /** The law (of the first region: every region's law has the same name and state layout). */
    public ConstitutiveLaw law() {
        return law;
    }

    /** The law at material point p (its region's, with that region's parameters). */
    public ConstitutiveLaw lawAt(int point) {
        return cellLaws[point / points];
    }

    /** The law of each region by name, in the order given; a solid of one material has the one region {@link #ALL}. */
    public Map<String, ConstitutiveLaw> materials() {
        return materials;
    }

    /** The region of material point p: its subdomain's name, or {@link #ALL} in a solid of one material. */
    public String regionAt(int point) {
        return regionOfMarker.isEmpty() ? ALL : regionOfMarker.get(mesh.cellMarker(point / points));
    }

    /** Whether every region's law has a symmetric tangent ({@link ConstitutiveLaw#hasSymmetricTangent()}). */
    public boolean hasSymmetricTangent() {
        return Arrays.stream(cellLaws).distinct().allMatch(ConstitutiveLaw::hasSymmetricTangent);
    }

    /** Number of degrees of freedom: 3 per scalar dof. */
    public int dim() {
        return D * scalar.dim();
    }

    /** The dof of component i at scalar dof n. */
    public int dof(int scalarDof, int component) {
        return D * scalarDof + component;
    }

    /** Number of quadrature points per cell. */
    public int pointsPerCell() {
        return points;
    }

    /** Number of material points: {@code cells * pointsPerCell()}; point p is point {@code p % pointsPerCell()} of cell {@code p / pointsPerCell()}. */
    public int numPoints() {
        return cells.length * points;
    }

    /** Doubles per point in {@link #startState()} and {@link #endState()}: {@code law().layout().size()}. */
    public int stateStride() {
        return stride;
    }

    /** The coordinates of every material point, 3 per point. */
    public double[] pointCoordinates() {
        double[] x = new double[D * numPoints()];
        double[] bary = rule.barycentric();
        for (int c = 0; c < cells.length; c++) {
            for (int q = 0; q < points; q++) {
                int p = c * points + q;
                for (int v = 0; v <= D; v++) {
                    double l = bary[q * (D + 1) + v];
                    int node = mesh.cellNode(c, v);
                    for (int k = 0; k < D; k++) {
                        x[D * p + k] += l * mesh.coordinate(node, k);
                    }
                }
            }
        }
        return x;
    }

    /** The weight {@code w_q |K|} of every material point: {@code sum_p w_p f(x_p)} integrates f over the solid. */
    public double[] pointWeights() {
        double[] w = new double[numPoints()];
        for (int c = 0; c < cells.length; c++) {
            double volume = mesh.cellMeasure(c);
            for (int q = 0; q < points; q++) {
                w[c * points + q] = rule.weights()[q] * volume;
            }
        }
        return w;
    }

    /**
     * The values at the material points of a field given at the mesh's nodes (vertices), interpolated
     * linearly within each cell: {@code out[p] = sum_v lambda_v(x_p) nodal[v]} (a nodal temperature).
     */
    public void pointValues(double[] nodal, double[] out) {
        DimensionMismatchException.check("nodal values", mesh.numNodes(), nodal.length);
        DimensionMismatchException.check("point values", numPoints(), out.length);
        double[] bary = rule.barycentric();
        for (int c = 0; c < cells.length; c++) {
            for (int q = 0; q < points; q++) {
                double t = 0;
                for (int v = 0; v <= D; v++) {
                    t += bary[q * (D + 1) + v] * nodal[mesh.cellNode(c, v)];
                }
                out[c * points + q] = t;
            }
        }
    }

    /**
     * A material-point quantity carried to the mesh's nodes by the lumped L2 projection onto P1:
     * {@code v_n = sum_p w_p lambda_n(x_p) s_p / sum_p w_p lambda_n(x_p)}, a weighted mean of the
     * points around node n (what the VTU output shows for stresses and plastic strain).
     */
    public double[] projectToNodes(double[] pointValues) {
        DimensionMismatchException.check("point values", numPoints(), pointValues.length);
        double[] num = new double[mesh.numNodes()];
        double[] den = new double[mesh.numNodes()];
        double[] bary = rule.barycentric();
        for (int c = 0; c < cells.length; c++) {
            double volume = mesh.cellMeasure(c);
            for (int q = 0; q < points; q++) {
                double w = rule.weights()[q] * volume;
                for (int v = 0; v <= D; v++) {
                    int node = mesh.cellNode(c, v);
                    double m = w * bary[q * (D + 1) + v];
                    num[node] += m * pointValues[c * points + q];
                    den[node] += m;
                }
            }
        }
        for (int n = 0; n < num.length; n++) {
            num[n] = den[n] > 0 ? num[n] / den[n] : 0;
        }
        return num;
    }

    /** The converged state at {@code t_n} (read and written in place by the caller, e.g. an initial state). */
    public double[] startState() {
        return start;
    }

    /** The state at {@code t_{n+1}} of the last {@link #integrate}. */
    public double[] endState() {
        return end;
    }

    /**
     * Accepts the step: the end state becomes the start state of the next one (the two arrays are
     * swapped, so {@link #startState()} and {@link #endState()} are to be asked again after).
     */
    public void commit() {
        double[] t = start;
        start = end;
        end = t;
    }

    private void cellDofs(int c, int[] out) {
        int[] scalarDofs = new int[shapes];
        scalar.cellDofs(c, scalarDofs);
        for (int a = 0; a < shapes; a++) {
            for (int i = 0; i < D; i++) {
                out[a * D + i] = D * scalarDofs[a] + i;
            }
        }
    }

    /**
     * The Mandel strain-displacement matrix at one point, {@code b[r * localSize + (a*3 + j)]}, from the
     * shape gradients {@code g[a*3 + k]}: the strain of {@code phi_a e_j} is {@code sym(e_j x grad
     * phi_a)}, its shear components carrying {@code sqrt2 / 2}.
     */
    private void strainDisplacement(double[] g, double[] b) {
        Arrays.fill(b, 0);
        int k = localSize;
        for (int a = 0; a < shapes; a++) {
            double g1 = g[a * D];
            double g2 = g[a * D + 1];
            double g3 = g[a * D + 2];
            int c = a * D;
            b[c] = g1; // eps11 from u1
            b[4 * k + c] = R2 * g3;
            b[5 * k + c] = R2 * g2;
            b[k + c + 1] = g2; // eps22 from u2
            b[3 * k + c + 1] = R2 * g3;
            b[5 * k + c + 1] = R2 * g1;
            b[2 * k + c + 2] = g3; // eps33 from u3
            b[3 * k + c + 2] = R2 * g2;
            b[4 * k + c + 2] = R2 * g1;
        }
    }

    /** Per-thread scratch for the point loops: {@link #cell} once per cell, then {@link #point} per point. */
    private final class Scratch {
        final double[] gradLambda = new double[(D + 1) * D];
        final double[] gradPhi = new double[shapes * D];
        final double[] b = new double[S * localSize];
        final double[] strain = new double[S];
        final double[] db = new double[S * localSize];
        final double[] d = new double[S * S];
        final int[] dofs = new int[localSize];
        final int[] scalarDofs = new int[shapes];
        double volume;
        int current = -1;

        /** The dofs and the barycentric gradients of cell c. */
        void cell(int c) {
            current = c;
            volume = Simplices.barycentricGradients(mesh, c, gradLambda);
            scalar.cellDofs(c, scalarDofs);
            for (int a = 0; a < shapes; a++) {
                for (int i = 0; i < D; i++) {
                    dofs[a * D + i] = D * scalarDofs[a] + i;
                }
            }
        }

        /** The B matrix at point q of the current cell; returns its weight {@code w_q |K|}. */
        double point(int q) {
            double w = gradients(q);
            strainDisplacement(gradPhi, b);
            return w;
        }

        /** The B matrix at material point p (its cell prepared only when it changes); returns its weight. */
        double material(int p) {
            if (p / points != current) {
                cell(p / points);
            }
            return point(p % points);
        }

        /** The strain {@code B_q u_e} of the current point into {@link #strain}. */
        void strain(double[] u) {
            for (int r = 0; r < S; r++) {
                double e = 0;
                for (int j = 0; j < localSize; j++) {
                    e += b[r * localSize + j] * u[dofs[j]];
                }
                strain[r] = e;
            }
        }

        /** The law at the current point, material point p, from its start into its end state for u. */
        void integrateLaw(int p, double[] u, double dt, double temperature, double[] tangent) {
            strain(u);
            cellLaws[p / points].integrate(strain, dt, temperature, start, p * stride, end, p * stride, tangent);
        }

        /** The shape gradients at point q of the current cell (without B); returns {@code w_q |K|}. */
        double gradients(int q) {
            basis.gradients(rule.barycentric(), q * (D + 1), gradLambda, D, gradPhi);
            return rule.weights()[q] * volume;
        }

        /** Whether the tangents of all points of the cell, from {@code tangents[first]}, are symmetric. */
        boolean symmetricTangents(double[] tangents, int first) {
            for (int q = 0; q < points; q++) {
                int t = first + q * S * S;
                for (int r = 0; r < S; r++) {
                    for (int m = r + 1; m < S; m++) {
                        if (tangents[t + r * S + m] != tangents[t + m * S + r]) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }

        /** {@code d = w D_q} (or {@code w (D_q + D_q^T) / 2}) from {@code tangents[t]}. */
        void scaledTangent(double[] tangents, int t, double w, boolean symmetric) {
            for (int r = 0; r < S; r++) {
                for (int m = 0; m < S; m++) {
                    d[r * S + m] = symmetric
                            ? 0.5 * w * (tangents[t + r * S + m] + tangents[t + m * S + r])
                            : w * tangents[t + r * S + m];
                }
            }
        }

        /**
         * Adds {@code B_a^T d B_b} to the 3 x 3 block (a, b) of the local matrix, for all shape pairs or
         * only {@code a <= b}. Column j of {@code B_b} holds {@code g_j} in row j and {@code g / sqrt2} in
         * the two shear rows that involve j (Mandel order 11, 22, 33, 23, 13, 12).
         */
        void addBlocks(double[] local, boolean upperOnly) {
            for (int b = 0; b < shapes; b++) {
                double g1 = gradPhi[b * D];
                double g2 = gradPhi[b * D + 1];
                double g3 = gradPhi[b * D + 2];
                double h1 = R2 * g1;
                double h2 = R2 * g2;
                double h3 = R2 * g3;
                int o = b * S * D;
                for (int r = 0; r < S; r++) {
                    int dr = r * S;
                    db[o + r * D] = d[dr] * g1 + d[dr + 4] * h3 + d[dr + 5] * h2;
                    db[o + r * D + 1] = d[dr + 1] * g2 + d[dr + 3] * h3 + d[dr + 5] * h1;
                    db[o + r * D + 2] = d[dr + 2] * g3 + d[dr + 3] * h2 + d[dr + 4] * h1;
                }
            }
            int k = localSize;
            for (int a = 0; a < shapes; a++) {
                double g1 = gradPhi[a * D];
                double g2 = gradPhi[a * D + 1];
                double g3 = gradPhi[a * D + 2];
                double h1 = R2 * g1;
                double h2 = R2 * g2;
                double h3 = R2 * g3;
                int row0 = (a * D) * k;
                int row1 = row0 + k;
                int row2 = row1 + k;
                for (int b = upperOnly ? a : 0; b < shapes; b++) {
                    int o = b * S * D;
                    int col = b * D;
                    for (int j = 0; j < D; j++) {
                        double d0 = db[o + j];
                        double d1 = db[o + D + j];
                        double d2 = db[o + 2 * D + j];
                        double d3 = db[o + 3 * D + j];
                        double d4 = db[o + 4 * D + j];
                        double d5 = db[o + 5 * D + j];
                        local[row0 + col + j] += g1 * d0 + h3 * d4 + h2 * d5;
                        local[row1 + col + j] += g2 * d1 + h3 * d3 + h1 * d5;
                        local[row2 + col + j] += g3 * d2 + h2 * d3 + h1 * d4;
                    }
                }
            }
        }

        /** Fills the blocks {@code a > b} of a symmetric local matrix from the blocks {@code a < b}. */
        void mirrorBlocks(double[] local) {
            int k = localSize;
            for (int i = D; i < k; i++) {
                int last = (i / D) * D;
                for (int j = 0; j < last; j++) {
                    local[i * k + j] = local[j * k + i];
                }
            }
        }
    }

    /**
     * Integrates the law at every point over {@code [t_n, t_n + dt]} for the displacement u at the end
     * of the step: {@code eps_q = B_q u_e}, then {@link ConstitutiveLaw#integrate} from the start state
     * into the end state and the point's tangent. Parallel over cells, no allocation per point.
     *
     * @throws MaterialException from the first point whose local problem fails
     */
    public void integrate(double[] u, double dt, double temperature) {
        double[] uniform = new double[numPoints()];
        Arrays.fill(uniform, temperature);
        integrate(u, dt, uniform);
    }

    /**
     * As {@link #integrate(double[], double, double)}, with the temperature at the end of the step
     * given per point ({@code pointTemperature[p]}, p as in {@link #startState()}; see {@link
     * #pointValues}).
     */
    public void integrate(double[] u, double dt, double[] pointTemperature) {
        DimensionMismatchException.check("displacement vector length", dim(), u.length);
        DimensionMismatchException.check("point temperatures", numPoints(), pointTemperature.length);
        // A failure stops its piece and is rethrown once every piece has finished, so that no worker
        // still writes into the end state when the caller retries with a shorter step.
        AtomicReference<MaterialException> failure = new AtomicReference<>();
        Parallel.forRange(cells.length, 4 * Parallel.threads(), (from, to) -> {
            Scratch s = new Scratch();
            double[] tangent = new double[S * S];
            try {
                for (int c = from; c < to && failure.get() == null; c++) {
                    s.cell(c);
                    for (int q = 0; q < points; q++) {
                        s.point(q);
                        int p = c * points + q;
                        s.integrateLaw(p, u, dt, pointTemperature[p], tangent);
                        System.arraycopy(tangent, 0, tangents, p * S * S, S * S);
                    }
                }
            } catch (MaterialException e) {
                failure.compareAndSet(null, e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /**
     * The law integrated at the given material points only, for the displacement u at the end of the
     * step: {@code eps_p = B_p u_e}, then {@link ConstitutiveLaw#integrate} from the start into the end
     * state of each point (the other points' end states are left as they are). What a hyper-reduced
     * model evaluates on its reduced quadrature (Hernandez, Caicedo, Ferrer, CMAME 2017), here with
     * the full displacement; sequential, O(|points|).
     *
     * @param selected material points, as in {@link #startState()}
     * @param temperature the temperature at the end of the step at each selected point
     * @param stresses out: {@code sigma} of point {@code selected[i]} at {@code 6 i} (null: not wanted)
     * @param pointTangents out: {@code D} of point {@code selected[i]}, 36 row-major at {@code 36 i} (null: not wanted)
     * @throws MaterialException from the first point whose local problem fails
     */
    public void integrate(
            int[] selected, double[] u, double dt, double[] temperature, double[] stresses, double[] pointTangents) {
        DimensionMismatchException.check("displacement vector length", dim(), u.length);
        DimensionMismatchException.check("temperatures of the selected points", selected.length, temperature.length);
        checkOutput("stresses", selected.length * S, stresses);
        checkOutput("tangents", selected.length * S * S, pointTangents);
        Scratch s = new Scratch();
        double[] tangent = new double[S * S];
        for (int i = 0; i < selected.length; i++) {
            int p = checkPoint(selected[i]);
            s.material(p);
            s.integrateLaw(p, u, dt, temperature[i], tangent);
            if (stresses != null) {
                System.arraycopy(end, p * stride, stresses, i * S, S);
            }
            if (pointTangents != null) {
                System.arraycopy(tangent, 0, pointTangents, i * S * S, S * S);
            }
        }
    }

    /** The strain {@code eps_p = B_p u_e} at every material point p: its 6 Mandel components at {@code out[6 p]}. */
    public void strains(double[] u, double[] out) {
        DimensionMismatchException.check("displacement vector length", dim(), u.length);
        DimensionMismatchException.check("strains (6 per point)", numPoints() * S, out.length);
        strainsAt(u, numPoints(), p -> p, out);
    }

    /**
     * The strain at the given material points only, {@code B_p u_e} of point {@code selected[i]} at
     * {@code out[6 i]}: with u a POD mode v, the rows {@code B_p v} of the reduced strain operator
     * {@code B_p V} of a hyper-reduced model. O(|selected|).
     */
    public void strains(double[] u, int[] selected, double[] out) {
        DimensionMismatchException.check("displacement vector length", dim(), u.length);
        DimensionMismatchException.check("strains (6 per selected point)", selected.length * S, out.length);
        strainsAt(u, selected.length, i -> checkPoint(selected[i]), out);
    }

    /** The strain of u at the material points {@code point(0 .. count - 1)}, 6 each into out. */
    private void strainsAt(double[] u, int count, IntUnaryOperator point, double[] out) {
        Scratch s = new Scratch();
        for (int i = 0; i < count; i++) {
            s.material(point.applyAsInt(i));
            s.strain(u);
            System.arraycopy(s.strain, 0, out, i * S, S);
        }
    }

    private int checkPoint(int p) {
        if (p < 0 || p >= numPoints()) {
            throw new IndexOutOfBoundsException("material point " + p + " of " + numPoints());
        }
        return p;
    }

    private static void checkOutput(String what, int expected, double[] out) {
        if (out != null) {
            DimensionMismatchException.check(what, expected, out.length);
        }
    }

    /** The internal force {@code f_int = sum_q w_q |K| B_q^T sigma_q} of the end state. */
    public double[] internalForce() {
        double[] f = new double[dim()];
        Scratch s = new Scratch();
        for (int c = 0; c < cells.length; c++) {
            s.cell(c);
            for (int q = 0; q < points; q++) {
                double w = s.point(q);
                int p = (c * points + q) * stride;
                for (int j = 0; j < localSize; j++) {
                    double v = 0;
                    for (int r = 0; r < S; r++) {
                        v += s.b[r * localSize + j] * end[p + r];
                    }
                    f[s.dofs[j]] += w * v;
                }
            }
        }
        return f;
    }

    /**
     * The tangent {@code K_T = sum_q w_q |K| B_q^T D_q B_q} of the last {@link #integrate}, on the
     * prepared pattern. With {@code symmetric}, {@code D_q} is replaced by its symmetric part {@code
     * (D_q + D_q^T) / 2}, which gives the symmetric part of {@code K_T} (a quasi-Newton matrix for
     * laws whose tangent is not symmetric).
     *
     * <p>The cell kernel works on the 3 x 3 blocks {@code K_ab = sum_q w_q B_a^T D_q B_b} of shape
     * functions a, b and uses the sparsity of B: the 6 x 3 block {@code B_a} has 9 nonzeros (the
     * gradient of {@code phi_a}, scaled by {@code 1/sqrt2} on the shear rows), so {@code D_q B_b} costs
     * 54 and each {@code K_ab} 27 multiply-adds, against {@code 6 k (6 + k)} for the dense product of
     * all k local dofs. When every {@code D_q} of the cell is symmetric (elasticity, symmetric laws,
     * or {@code symmetric}) only the blocks {@code a <= b} are computed and the others are their
     * transposes.
     */
    public CsrMatrix tangent(boolean symmetric) {
        return pattern.assemble(() -> {
            Scratch s = new Scratch();
            return (c, local) -> {
                Arrays.fill(local, 0);
                s.cell(c);
                int first = c * points * S * S;
                boolean upperOnly = symmetric || s.symmetricTangents(tangents, first);
                for (int q = 0; q < points; q++) {
                    double w = s.gradients(q);
                    s.scaledTangent(tangents, first + q * S * S, w, symmetric);
                    s.addBlocks(local, upperOnly);
                }
                if (upperOnly) {
                    s.mirrorBlocks(local);
                }
            };
        });
    }

    /** The body-force load {@code int f . v} by the scalar space's accurate rule, one field per component. */
    public double[] bodyForce(ScalarField[] f) {
        DimensionMismatchException.check("body force components", D, f.length);
        double[] b = new double[dim()];
        for (int i = 0; i < D; i++) {
            scatter(scalar.load(cells, f[i], SimplexQuadrature.accurate(D)), i, b);
        }
        return b;
    }

    /** The load of a constant traction t on the named boundary parts, {@code int_Gamma t . v}. */
    public double[] traction(double[] t, String... boundary) {
        DimensionMismatchException.check("traction components", D, t.length);
        int[] markers = Arrays.stream(boundary).mapToInt(mesh::boundaryMarker).toArray();
        int[] facets = mesh.facetsWithMarkers(markers);
        double[] b = new double[dim()];
        for (int i = 0; i < D; i++) {
            scatter(scalar.boundaryLoad(facets, t[i]), i, b);
        }
        return b;
    }

    /**
     * The load of a unit pressure on the named boundary parts, {@code -int_Gamma n . v}, n the outward
     * unit normal of each facet (a pressure pushes into the solid). Each facet's outward side is found
     * from the cell it bounds: the normal points away from that cell's fourth vertex.
     */
    public double[] pressure(String... boundary) {
        int[] markers = Arrays.stream(boundary).mapToInt(mesh::boundaryMarker).toArray();
        int[] facets = mesh.facetsWithMarkers(markers);
        int[] opposite = oppositeVertices(facets);
        LagrangeBasis facetBasis = scalar.facetBasis();
        SimplexQuadrature facetRule = SimplexQuadrature.accurateFacet(D);
        int k = facetBasis.size();
        // int_f phi_a = |f| m_a, m_a the mean of phi_a over the reference facet (affine facets).
        double[] mean = new double[k];
        double[] phi = new double[k];
        for (int q = 0; q < facetRule.size(); q++) {
            facetBasis.values(facetRule.barycentric(), q * D, phi);
            for (int a = 0; a < k; a++) {
                mean[a] += facetRule.weights()[q] * phi[a];
            }
        }
        double[] b = new double[dim()];
        int[] dofs = new int[k];
        double[] n = new double[D];
        for (int t = 0; t < facets.length; t++) {
            int f = facets[t];
            double area = facetAreaNormal(f, opposite[t], n);
            scalar.facetDofs(f, dofs);
            for (int a = 0; a < k; a++) {
                for (int i = 0; i < D; i++) {
                    b[D * dofs[a] + i] -= area * mean[a] * n[i];
                }
            }
        }
        return b;
    }

    /** The area of facet f and its unit normal pointing away from {@code opposite} into {@code n}. */
    private double facetAreaNormal(int f, int opposite, double[] n) {
        double[] e1 = new double[D];
        double[] e2 = new double[D];
        double[] away = new double[D];
        int p0 = mesh.facetNode(f, 0);
        for (int k = 0; k < D; k++) {
            double x0 = mesh.coordinate(p0, k);
            e1[k] = mesh.coordinate(mesh.facetNode(f, 1), k) - x0;
            e2[k] = mesh.coordinate(mesh.facetNode(f, 2), k) - x0;
            away[k] = x0 - mesh.coordinate(opposite, k);
        }
        n[0] = e1[1] * e2[2] - e1[2] * e2[1];
        n[1] = e1[2] * e2[0] - e1[0] * e2[2];
        n[2] = e1[0] * e2[1] - e1[1] * e2[0];
        double twice = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        double sign = n[0] * away[0] + n[1] * away[1] + n[2] * away[2] < 0 ? -1 : 1;
        for (int k = 0; k < D; k++) {
            n[k] *= sign / twice;
        }
        return twice / 2;
    }

    /** For each facet, the vertex of its cell that is not on it. */
    private int[] oppositeVertices(int[] facets) {
        record Face(int a, int b, int c) {
            static Face of(int x, int y, int z) {
                int[] v = {x, y, z};
                Arrays.sort(v);
                return new Face(v[0], v[1], v[2]);
            }
        }
        Map<Face, Integer> index = new HashMap<>();
        for (int t = 0; t < facets.length; t++) {
            int f = facets[t];
            index.put(Face.of(mesh.facetNode(f, 0), mesh.facetNode(f, 1), mesh.facetNode(f, 2)), t);
        }
        int[] opposite = new int[facets.length];
        Arrays.fill(opposite, -1);
        int[] v = new int[D + 1];
        for (int c = 0; c < cells.length; c++) {
            for (int k = 0; k <= D; k++) {
                v[k] = mesh.cellNode(c, k);
            }
            for (int skip = 0; skip <= D; skip++) {
                int[] face = new int[D];
                for (int k = 0, m = 0; k <= D; k++) {
                    if (k != skip) {
                        face[m++] = v[k];
                    }
                }
                Integer t = index.get(Face.of(face[0], face[1], face[2]));
                if (t != null) {
                    opposite[t] = v[skip];
                }
            }
        }
        for (int t = 0; t < facets.length; t++) {
            if (opposite[t] < 0) {
                throw new IllegalArgumentException("boundary facet " + facets[t] + " is not a face of any cell");
            }
        }
        return opposite;
    }

    /**
     * The centrifugal load of a rotation at unit angular velocity, {@code int rho r_perp . v}, {@code
     * r_perp = (x - a) - ((x - a) . e) e} the distance vector from the axis through a along the unit
     * vector e: the load at angular velocity omega is {@code omega^2} times this vector.
     */
    public double[] centrifugal(double density, double[] axisPoint, double[] axisDirection) {
        DimensionMismatchException.check("axis point", D, axisPoint.length);
        DimensionMismatchException.check("axis direction", D, axisDirection.length);
        double len = Math.sqrt(axisDirection[0] * axisDirection[0]
                + axisDirection[1] * axisDirection[1]
                + axisDirection[2] * axisDirection[2]);
        if (!(len > 0) || !Double.isFinite(len)) {
            throw new IllegalArgumentException("axis direction must be a non-zero finite vector");
        }
        double[] e = {axisDirection[0] / len, axisDirection[1] / len, axisDirection[2] / len};
        ScalarField[] f = new ScalarField[D];
        for (int i = 0; i < D; i++) {
            int comp = i;
            f[i] = x -> {
                double along = 0;
                for (int k = 0; k < D; k++) {
                    along += (x[k] - axisPoint[k]) * e[k];
                }
                return density * (x[comp] - axisPoint[comp] - along * e[comp]);
            };
        }
        return bodyForce(f);
    }

    /**
     * The dofs of the given components on the named boundary parts, sorted: a symmetry plane normal to
     * x_i is {@code boundaryDofs(new int[] {i}, name)}, a clamp all three components.
     */
    public int[] boundaryDofs(int[] components, String... boundary) {
        int[] nodes = scalar.boundaryDofs(boundary);
        return Arrays.stream(nodes)
                .flatMap(n -> Arrays.stream(components).map(i -> D * n + i))
                .sorted()
                .toArray();
    }

    /**
     * The six rigid-body motions as displacement vectors: the translations along x, y, z, then the
     * rotations {@code e_z x x}, {@code e_y x x}, {@code e_x x x} (the near-nullspace of elasticity
     * that an algebraic multigrid preconditioner must reproduce; Vanek, Mandel, Brezina 1996).
     */
    public double[][] rigidBodyModes() {
        ScalarField zero = x -> 0;
        ScalarField one = x -> 1;
        ScalarField[][] fields = {
            {one, zero, zero},
            {zero, one, zero},
            {zero, zero, one},
            {x -> -x[1], x -> x[0], zero},
            {x -> x[2], zero, x -> -x[0]},
            {zero, x -> -x[2], x -> x[1]}
        };
        double[][] modes = new double[fields.length][];
        for (int m = 0; m < fields.length; m++) {
            modes[m] = interpolate(fields[m]);
        }
        return modes;
    }

    /** The interpolant of a displacement field given by its three components. */
    public double[] interpolate(ScalarField[] u) {
        DimensionMismatchException.check("displacement components", D, u.length);
        double[] v = new double[dim()];
        for (int i = 0; i < D; i++) {
            scatter(scalar.interpolate(u[i]), i, v);
        }
        return v;
    }

    /** The scalar dof values of component i. */
    public double[] component(double[] u, int i) {
        DimensionMismatchException.check("displacement vector length", dim(), u.length);
        double[] c = new double[scalar.dim()];
        for (int n = 0; n < c.length; n++) {
            c[n] = u[D * n + i];
        }
        return c;
    }

    private static void scatter(double[] nodal, int component, double[] out) {
        for (int n = 0; n < nodal.length; n++) {
            out[D * n + component] += nodal[n];
        }
    }

    /** {@code ||u_h - u||_{L2}} by the accurate rule, {@code exact[i]} the component i. */
    public double l2Error(double[] uh, ScalarField[] exact) {
        double s = 0;
        for (int i = 0; i < D; i++) {
            double e = scalar.l2Error(component(uh, i), exact[i], SimplexQuadrature.accurate(D));
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** {@code |u_h - u|_{H1}} by the accurate rule, {@code gradient[i][k] = d u_i / d x_k}. */
    public double h1SemiError(double[] uh, ScalarField[][] gradient) {
        double s = 0;
        for (int i = 0; i < D; i++) {
            double e = scalar.h1SemiError(component(uh, i), gradient[i], SimplexQuadrature.accurate(D));
            s += e * e;
        }
        return Math.sqrt(s);
    }
}

package org.jrom.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jrom.JromException;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.DirichletConstraint;
import org.jrom.fem.Mesh;
import org.jrom.linalg.DenseMatrix;

/**
 * Where the entries of a free-dof vector live on a mesh: the mesh, the Dirichlet constraint, the
 * components per node and the values lifted at the fixed dofs. Saved with a model as attachments,
 * it lets {@code jrom query --reconstruct} write the reduced field of any parameter as VTU, far from
 * the discretization that made it.
 *
 * @param mesh the mesh (cells and their markers; no boundary facets are kept)
 * @param constraint the free/fixed split of the dofs
 * @param components values per node: 1 for a scalar, d for a displacement
 * @param lifting the fixed dofs' values, {@code sum_k phi_{terms[k]}(mu) values[k]} with the model's
 *     right-hand side coefficients; null where they are zero
 */
record FieldLayout(Mesh mesh, DirichletConstraint constraint, int components, Lifting lifting) {
    /**
     * Values lifted at the fixed dofs: column k of {@code values} (full length) is weighted by the
     * model's right-hand side coefficient {@code terms[k]}.
     */
    record Lifting(int[] terms, DenseMatrix values) {}

    /** A layout whose fixed dofs are zero. */
    FieldLayout(Mesh mesh, DirichletConstraint constraint, int components) {
        this(mesh, constraint, components, null);
    }

    private static final String DIMENSION = "mesh_dimension";
    private static final String COORDINATES = "mesh_coordinates";
    private static final String CELLS = "mesh_cells";
    private static final String MARKERS = "mesh_cell_markers";
    private static final String FREE = "field_free_dofs";
    private static final String COMPONENTS = "field_components";
    private static final String LIFTING = "field_lifting";
    private static final String LIFTING_TERMS = "field_lifting_terms";

    static FieldLayout of(AffineDiscretization d) {
        return new FieldLayout(d.space().mesh(), d.constraint(), d.space().components());
    }

    /**
     * The full nodal field of a free vector, its fixed dofs zero (a difference of two fields), padded
     * to 3 components for vectors (ParaView's vectors).
     */
    double[] nodal(double[] free) {
        return padded(constraint.extend(free, null));
    }

    /**
     * The full nodal field of a solution at a parameter, its fixed dofs holding their lifted values
     * weighted by the model's right-hand side coefficients {@code phi} at that parameter ({@link
     * org.jrom.models.OnlineModel#rhsCoefficientValues}).
     */
    double[] nodal(double[] free, double[] phi) {
        if (lifting == null) {
            return nodal(free);
        }
        double[] g = new double[constraint.fullDim()];
        int[] terms = lifting.terms();
        for (int k = 0; k < terms.length; k++) {
            if (terms[k] >= phi.length) {
                throw new JromException("the model's field lifting weighs right-hand side term " + terms[k]
                        + ", but the model has " + phi.length);
            }
            double w = phi[terms[k]];
            for (int i = 0; i < g.length; i++) {
                g[i] += w * lifting.values().get(i, k);
            }
        }
        return padded(constraint.extend(free, g));
    }

    private double[] padded(double[] full) {
        if (components == 1 || components == 3) {
            return full;
        }
        int nodes = full.length / components;
        double[] padded = new double[3 * nodes];
        for (int node = 0; node < nodes; node++) {
            System.arraycopy(full, node * components, padded, 3 * node, components);
        }
        return padded;
    }

    /** Components of {@link #nodal} per node: 1 or 3. */
    int vtkComponents() {
        return components == 1 ? 1 : 3;
    }

    /** The full (node-major) dof of each free unknown, increasing. */
    int[] freeDofs() {
        double[] unit = new double[constraint.freeDim()];
        for (int k = 0; k < unit.length; k++) {
            unit[k] = k + 1.0; // extend() places free value k at its dof; read the dofs back
        }
        double[] placed = constraint.extend(unit, null);
        int[] free = new int[unit.length];
        for (int i = 0; i < placed.length; i++) {
            if (placed[i] != 0) {
                free[(int) placed[i] - 1] = i;
            }
        }
        return free;
    }

    /** The layout as named arrays for the model file. */
    Map<String, DenseMatrix> attachments() {
        int dim = mesh.dimension();
        int per = dim + 1;
        Map<String, DenseMatrix> a = new LinkedHashMap<>();
        a.put(DIMENSION, DenseMatrix.wrap(1, 1, new double[] {dim}));
        a.put(
                COORDINATES,
                DenseMatrix.wrap(dim, mesh.numNodes(), mesh.coordinates()).transpose());
        int[] cells = mesh.cells();
        double[] c = new double[cells.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = cells[i];
        }
        a.put(CELLS, DenseMatrix.wrap(per, mesh.numCells(), c).transpose());
        double[] markers = new double[mesh.numCells()];
        for (int i = 0; i < markers.length; i++) {
            markers[i] = mesh.cellMarker(i);
        }
        a.put(MARKERS, DenseMatrix.wrap(markers.length, 1, markers));
        int[] dofs = freeDofs();
        double[] free = new double[dofs.length];
        for (int k = 0; k < free.length; k++) {
            free[k] = dofs[k];
        }
        a.put(FREE, DenseMatrix.wrap(free.length, 1, free));
        a.put(COMPONENTS, DenseMatrix.wrap(1, 1, new double[] {components}));
        if (lifting != null) {
            a.put(LIFTING, lifting.values());
            double[] terms = new double[lifting.terms().length];
            for (int k = 0; k < terms.length; k++) {
                terms[k] = lifting.terms()[k];
            }
            a.put(LIFTING_TERMS, DenseMatrix.wrap(terms.length, 1, terms));
        }
        return a;
    }

    /** The layout saved with a model, if it has one; a damaged layout is a clear error. */
    static Optional<FieldLayout> from(Map<String, DenseMatrix> a) {
        if (!a.containsKey(COORDINATES)) {
            return Optional.empty();
        }
        for (String name : new String[] {DIMENSION, CELLS, MARKERS, FREE, COMPONENTS}) {
            if (!a.containsKey(name)) {
                throw new JromException("the model's field layout lacks the attachment '" + name + "'");
            }
        }
        int dim = whole(a.get(DIMENSION).data()[0], "mesh dimension");
        DenseMatrix xyz = a.get(COORDINATES);
        DenseMatrix cells = a.get(CELLS);
        if (xyz.cols() != dim || cells.cols() != dim + 1 || a.get(MARKERS).rows() != cells.rows()) {
            throw new JromException("the model's mesh arrays disagree: coordinates " + xyz.rows() + "x" + xyz.cols()
                    + ", cells " + cells.rows() + "x" + cells.cols() + ", markers "
                    + a.get(MARKERS).rows()
                    + " for dimension " + dim);
        }
        int[] c = whole(cells.transpose().data(), "cell node index");
        int[] markers = whole(a.get(MARKERS).data(), "cell marker");
        Map<String, Integer> subdomains = new LinkedHashMap<>();
        for (int m : markers) {
            subdomains.putIfAbsent("subdomain" + m, m);
        }
        Mesh mesh = Mesh.of(dim, xyz.transpose().data(), c, markers, new int[0], new int[0], subdomains, Map.of());
        int components = whole(a.get(COMPONENTS).data()[0], "field components");
        int fullDim = mesh.numNodes() * components;
        int[] free = whole(a.get(FREE).data(), "free dof");
        boolean[] isFree = new boolean[fullDim];
        for (int f : free) {
            if (f < 0 || f >= fullDim || isFree[f]) {
                throw new JromException("the model's free dof " + f + " is outside [0, " + fullDim + ") or repeated");
            }
            isFree[f] = true;
        }
        int[] fixed = new int[fullDim - free.length];
        for (int i = 0, k = 0; i < fullDim; i++) {
            if (!isFree[i]) {
                fixed[k++] = i;
            }
        }
        Lifting lifting = null;
        if (a.containsKey(LIFTING) || a.containsKey(LIFTING_TERMS)) {
            if (!a.containsKey(LIFTING) || !a.containsKey(LIFTING_TERMS)) {
                throw new JromException("the model's field layout has one of '" + LIFTING + "' and '" + LIFTING_TERMS
                        + "' without the other");
            }
            DenseMatrix values = a.get(LIFTING);
            int[] terms = whole(a.get(LIFTING_TERMS).data(), "lifted right-hand side term");
            if (values.rows() != fullDim || values.cols() != terms.length) {
                throw new JromException("the model's field lifting is " + values.rows() + "x" + values.cols()
                        + ", expected " + fullDim + "x" + terms.length + " (the mesh's values by the lifted terms)");
            }
            lifting = new Lifting(terms, values);
        }
        return Optional.of(new FieldLayout(mesh, new DirichletConstraint(fullDim, fixed), components, lifting));
    }

    private static int whole(double v, String what) {
        if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
            throw new JromException("the model's " + what + " is not a whole number: " + v);
        }
        return (int) v;
    }

    private static int[] whole(double[] v, String what) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = whole(v[i], what);
        }
        return out;
    }
}

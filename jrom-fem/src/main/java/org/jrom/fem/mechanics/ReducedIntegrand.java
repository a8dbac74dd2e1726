package org.jrom.fem.mechanics;

import java.util.List;
import org.jrom.hyperreduction.EmpiricalCubature;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.VectorArray;

/**
 * The integrand of the reduced internal force at every material point, the matrix G an empirical
 * cubature integrates (Hernandez, Caicedo, Ferrer, CMAME 313, 2017, sec. 5; Casenave, Akkari,
 * Bordeu, Rey, Ryckelynck, IJNME 2020, sec. 4): with POD modes {@code v_i} of the displacements and
 * the stresses {@code sigma_q(u_k)} of the training snapshots,
 *
 * <pre>
 *   G_{(k,i), q} = (B_q v_i) . sigma_q(u_k),    sum_q w_q G_{(k,i), q} = v_i^T f_int(u_k),
 * </pre>
 *
 * the Mandel dot product, {@code w_q} the full rule's weights ({@link SmallStrainSolid#pointWeights()}).
 * Row {@code k N + i} of G is mode i of snapshot k; the columns are the solid's material points. The
 * strains {@code B_q v_i} of the modes at every point are computed once (6 N doubles per point).
 */
public final class ReducedIntegrand {
    private static final int S = Mandel.SIZE;

    private final SmallStrainSolid solid;
    private final VectorArray modes;
    /** The material points of G's columns: {@code first .. first + points - 1}. */
    private final int first;

    private final int points;
    /** {@code B_q v_i} at {@code (i * points + q) * 6}. */
    private final double[] modeStrains;

    /** The integrand of {@code solid} in the modes V (n x N, n the solid's dofs). */
    public ReducedIntegrand(SmallStrainSolid solid, VectorArray modes) {
        this(solid, modes, 0, solid.numPoints());
    }

    /**
     * The integrand at the material points {@code first .. first + count - 1} only (a subdomain's
     * columns of G, numbered from 0 there).
     */
    public ReducedIntegrand(SmallStrainSolid solid, VectorArray modes, int first, int count) {
        DimensionMismatchException.check("mode dimension", solid.dim(), modes.dim());
        if (first < 0 || count < 0 || first > solid.numPoints() - count) {
            throw new IndexOutOfBoundsException(
                    "material points " + first + " to " + (first + count) + " of " + solid.numPoints());
        }
        this.solid = solid;
        this.modes = modes.copy();
        this.first = first;
        this.points = count;
        this.modeStrains = new double[modes.count() * count * S];
        int[] selected = java.util.stream.IntStream.range(first, first + count).toArray();
        double[] strain = new double[count * S];
        for (int i = 0; i < modes.count(); i++) {
            solid.strains(modes.vector(i), selected, strain);
            System.arraycopy(strain, 0, modeStrains, i * count * S, count * S);
        }
    }

    /** Number of modes N: rows of G per snapshot. */
    public int modeCount() {
        return modes.count();
    }

    /** The full rule's weights {@code w_q}, one per column of G. */
    public double[] fullWeights() {
        return java.util.Arrays.copyOfRange(solid.pointWeights(), first, first + points);
    }

    /**
     * G for the given snapshot states (each the solid's full state array, stress at offset 0 of each
     * point, as {@link SmallStrainSolid#startState()} after a converged step): {@code K N} rows, one
     * column per material point.
     */
    public DenseMatrix matrix(List<double[]> states) {
        return integrands(states).toMatrix().transpose();
    }

    /** The {@code K N} rows of G for the given snapshot states, each a vector over the material points. */
    public VectorArray integrands(List<double[]> states) {
        VectorArray g = VectorArray.zeros(points, Math.multiplyExact(states.size(), modes.count()));
        for (int k = 0; k < states.size(); k++) {
            rows(states.get(k), "state of snapshot " + k, g, k * modes.count());
        }
        return g;
    }

    /**
     * Writes the N rows of one snapshot's state into rows {@code firstRow .. firstRow + N - 1} of G, given
     * by its rows (vectors over the material points, {@link EmpiricalCubature#select(VectorArray,
     * double[], EmpiricalCubature.Options)}'s layout): G built a snapshot at a time, without keeping
     * the states.
     */
    public void rows(double[] state, String what, VectorArray g, int firstRow) {
        int n = modes.count();
        int stride = solid.stateStride();
        DimensionMismatchException.check(what, solid.numPoints() * stride, state.length);
        DimensionMismatchException.check("points of G", points, g.dim());
        if (firstRow < 0 || firstRow + n > g.count()) {
            throw new IndexOutOfBoundsException(
                    "rows " + firstRow + " to " + (firstRow + n) + " of G, which has " + g.count());
        }
        double[] data = g.data();
        for (int i = 0; i < n; i++) {
            int e = i * points * S;
            int row = (firstRow + i) * points; // rows * points fits an int: it is G's array
            for (int q = 0; q < points; q++) {
                double v = 0;
                for (int r = 0; r < S; r++) {
                    v += modeStrains[e + q * S + r] * state[(this.first + q) * stride + r];
                }
                data[row + q] = v;
            }
        }
    }

    /**
     * {@link #rows} divided by the Euclidean norm of the state's stresses, or by {@code floor} when
     * that is larger (unchanged when both are zero): every snapshot weighs the same in the cubature,
     * a structure at rest with its residual stresses (whose internal force vanishes) as much as one
     * under load, while stresses at round-off level (an elastic structure unloaded) are not blown up
     * to unit size.
     *
     * @return the norm of the state's stresses
     */
    public double normalizedRows(double[] state, String what, VectorArray g, int firstRow, double floor) {
        rows(state, what, g, firstRow);
        int stride = solid.stateStride();
        double squared = 0;
        for (int q = this.first; q < this.first + points; q++) {
            for (int r = 0; r < S; r++) {
                squared += state[q * stride + r] * state[q * stride + r];
            }
        }
        double size = Math.sqrt(squared);
        double scale = scale(size, floor);
        if (scale != 1) {
            double[] data = g.data();
            for (int i = firstRow * points; i < (firstRow + modes.count()) * points; i++) {
                data[i] *= scale;
            }
        }
        return size;
    }

    /**
     * The factor {@link #normalizedRows} applies to a snapshot's rows: {@code 1 / max(size, floor)},
     * 1 when both are zero (the subdomains' route computes the same from their squared norms).
     */
    static double scale(double size, double floor) {
        double divisor = Math.max(size, floor);
        return divisor > 0 ? 1 / divisor : 1;
    }

    /** The empirical cubature of G for these snapshots: {@code EmpiricalCubature.select(G, w, options)}. */
    public EmpiricalCubature.Rule cubature(List<double[]> states, EmpiricalCubature.Options options) {
        return EmpiricalCubature.select(integrands(states), fullWeights(), options);
    }

    /** The hyper-reduced force of the solid in these modes on a rule (of the whole solid's points). */
    public HyperReducedForce hyperReduced(EmpiricalCubature.Rule rule) {
        return HyperReducedForce.of(solid, rule, modes);
    }
}

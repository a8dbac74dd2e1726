package org.jrom.fem.mechanics;

import java.util.Arrays;
import org.jrom.hyperreduction.EmpiricalCubature;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.VectorArray;

/**
 * The reduced internal force and tangent of a solid on a reduced quadrature (Hernandez, Caicedo,
 * Ferrer, CMAME 313, 2017; Casenave, Akkari, Bordeu, Rey, Ryckelynck, IJNME 2020): with POD modes V
 * (n x N) and the rule's points S and weights {@code w_hat},
 *
 * <pre>
 *   f_N(a) = sum_{q in S} w_hat_q (B_q V)^T sigma_q,    K_N(a) = sum_{q in S} w_hat_q (B_q V)^T D_q (B_q V),
 * </pre>
 *
 * {@code sigma_q} and {@code D_q} the law's stress and consistent tangent at q for the strain {@code
 * eps_q = (B_q V) a}. The 6 x N blocks {@code B_q V} are computed once; an evaluation costs O(|S| N^2)
 * and the law at |S| points, whatever the mesh. With S all the points and the full weights, {@code f_N
 * = V^T f_int(V a)} and {@code K_N = V^T K_T V}.
 *
 * <p>The states here are those of the selected points only, in rule order: point i's {@code
 * stateStride()} doubles at {@code i * stateStride()}, stress first ({@link #gather} takes them from a
 * solid's full state).
 */
public final class HyperReducedForce {
    private static final int S = Mandel.SIZE;

    private final ConstitutiveLaw[] laws; // the law of each selected point (its region's)
    private final int[] points;
    private final double[] weights;
    private final int modes;
    private final int stride;
    /** {@code B_q V} of selected point i, 6 x N row-major at {@code i * 6 N}. */
    private final double[] strainModes;

    private HyperReducedForce(
            ConstitutiveLaw[] laws, int[] points, double[] weights, int modes, int stride, double[] strainModes) {
        this.laws = laws;
        this.points = points;
        this.weights = weights;
        this.modes = modes;
        this.stride = stride;
        this.strainModes = strainModes;
    }

    /**
     * The reduced force of {@code solid} in the modes V on the quadrature (points, weights): {@code
     * B_q v_m} for every selected point and mode, by {@link SmallStrainSolid#strains(double[], int[],
     * double[])}, O(|S| N) after reading the modes.
     */
    public static HyperReducedForce of(SmallStrainSolid solid, int[] points, double[] weights, VectorArray modes) {
        DimensionMismatchException.check("weights of the reduced quadrature", points.length, weights.length);
        DimensionMismatchException.check("mode dimension", solid.dim(), modes.dim());
        int n = modes.count();
        double[] strainModes = new double[points.length * S * n];
        double[] strain = new double[points.length * S];
        for (int m = 0; m < n; m++) {
            solid.strains(modes.vector(m), points, strain);
            for (int k = 0; k < strain.length; k++) {
                strainModes[k * n + m] = strain[k]; // (i * 6 + r) * N + m
            }
        }
        ConstitutiveLaw[] laws = Arrays.stream(points).mapToObj(solid::lawAt).toArray(ConstitutiveLaw[]::new);
        return new HyperReducedForce(laws, points.clone(), weights.clone(), n, solid.stateStride(), strainModes);
    }

    /**
     * The reduced force from its stored parts (a model file's), without laws: evaluate it with the
     * laws of a schedule ({@link #evaluate(ConstitutiveLaw[], double[], double, double[], double[],
     * double[])}).
     *
     * @param strainModes {@code B_q V} of selected point i, 6 x N row-major at {@code i * 6 N}
     */
    public static HyperReducedForce of(int[] points, double[] weights, int modes, int stride, double[] strainModes) {
        DimensionMismatchException.check("weights of the reduced quadrature", points.length, weights.length);
        DimensionMismatchException.check(
                "strain modes (6 N per point)",
                Math.multiplyExact(Math.multiplyExact(points.length, S), modes),
                strainModes.length);
        return new HyperReducedForce(null, points.clone(), weights.clone(), modes, stride, strainModes.clone());
    }

    /** {@code B_q V} of the selected points, 6 x N row-major per point (a copy). */
    public double[] strainModes() {
        return strainModes.clone();
    }

    /** The reduced force on an empirical cubature rule. */
    public static HyperReducedForce of(SmallStrainSolid solid, EmpiricalCubature.Rule rule, VectorArray modes) {
        return of(solid, rule.points(), rule.weights(), modes);
    }

    /** The selected material points (indices of the solid's points), in rule order. */
    public int[] points() {
        return points.clone();
    }

    /** Their weights {@code w_hat}. */
    public double[] weights() {
        return weights.clone();
    }

    /** Number of selected points |S|. */
    public int size() {
        return points.length;
    }

    /** Number of modes N. */
    public int modeCount() {
        return modes;
    }

    /** Doubles per point of a state: the law's layout size. */
    public int stateStride() {
        return stride;
    }

    /** The states of the selected points taken from a solid's full state array (e.g. its start state). */
    public double[] gather(double[] fullState) {
        double[] out = new double[points.length * stride];
        for (int i = 0; i < points.length; i++) {
            System.arraycopy(fullState, points[i] * stride, out, i * stride, stride);
        }
        return out;
    }

    /** The strains {@code eps_q = (B_q V) a} at the selected points, 6 per point into out. */
    public void strains(double[] a, double[] out) {
        DimensionMismatchException.check("reduced coordinates", modes, a.length);
        DimensionMismatchException.check("strains (6 per selected point)", points.length * S, out.length);
        for (int k = 0; k < out.length; k++) {
            double e = 0;
            for (int m = 0; m < modes; m++) {
                e += strainModes[k * modes + m] * a[m];
            }
            out[k] = e;
        }
    }

    /** {@code f_N = sum_i w_hat_i (B_i V)^T sigma_i}, the stresses at offset 0 of the selected points' states. */
    public double[] force(double[] states) {
        return force(states, null);
    }

    /**
     * {@link #force(double[])}, and into {@code magnitude} (when not null, N values) the sums of the
     * terms' absolute values, {@code sum_i |w_hat_i ((B_i V)^T sigma_i)_m|}: the scale of the internal
     * force against which a residual is small, as the reactions are for the full model.
     */
    public double[] force(double[] states, double[] magnitude) {
        DimensionMismatchException.check("states of the selected points", points.length * stride, states.length);
        double[] f = new double[modes];
        double[] term = new double[modes];
        for (int i = 0; i < points.length; i++) {
            Arrays.fill(term, 0);
            for (int r = 0; r < S; r++) {
                double ws = weights[i] * states[i * stride + r];
                int row = (i * S + r) * modes;
                for (int m = 0; m < modes; m++) {
                    term[m] += strainModes[row + m] * ws;
                }
            }
            for (int m = 0; m < modes; m++) {
                f[m] += term[m];
                if (magnitude != null) {
                    magnitude[m] += Math.abs(term[m]);
                }
            }
        }
        return f;
    }

    /** {@code K_N = sum_i w_hat_i (B_i V)^T D_i (B_i V)}, {@code D_i} 36 doubles row-major at {@code 36 i}. */
    public DenseMatrix tangent(double[] pointTangents) {
        DimensionMismatchException.check(
                "tangents of the selected points", points.length * S * S, pointTangents.length);
        double[] k = new double[modes * modes];
        double[] db = new double[S * modes];
        for (int i = 0; i < points.length; i++) {
            int bv = i * S * modes;
            // db = w D_i (B_i V), 6 x N
            for (int r = 0; r < S; r++) {
                for (int m = 0; m < modes; m++) {
                    double v = 0;
                    for (int s = 0; s < S; s++) {
                        v += pointTangents[i * S * S + r * S + s] * strainModes[bv + s * modes + m];
                    }
                    db[r * modes + m] = weights[i] * v;
                }
            }
            // K(m, l) += sum_r (B_i V)(r, m) db(r, l), column-major
            for (int l = 0; l < modes; l++) {
                for (int r = 0; r < S; r++) {
                    double d = db[r * modes + l];
                    int row = bv + r * modes;
                    for (int m = 0; m < modes; m++) {
                        k[m + l * modes] += strainModes[row + m] * d;
                    }
                }
            }
        }
        return DenseMatrix.wrap(modes, modes, k);
    }

    /**
     * The reduced force and tangent at {@code u = V a}.
     *
     * @param force {@code f_N(a)}, N values
     * @param tangent {@code K_N(a)}, N x N (not symmetric when the law's tangent is not)
     * @param magnitude the Euclidean norm of the absolute sums of the force's terms ({@link
     *     #force(double[], double[])}): what a residual is measured against
     */
    public record Evaluation(double[] force, DenseMatrix tangent, double magnitude) {}

    /**
     * Integrates the law at the selected points over a step of length dt for {@code u = V a} at its
     * end: {@code eps_i = (B_i V) a}, then {@link ConstitutiveLaw#integrate} from {@code start} into
     * {@code end} (both states of the selected points only), and returns the reduced force and tangent.
     *
     * @param temperature the temperature at the end of the step at each selected point
     * @throws MaterialException from the first point whose local problem fails
     */
    public Evaluation evaluate(double[] a, double dt, double[] temperature, double[] start, double[] end) {
        if (laws == null) {
            throw new IllegalStateException("this reduced force was read without laws: give the laws of a schedule");
        }
        return evaluate(laws, a, dt, temperature, start, end);
    }

    /**
     * {@link #evaluate(double[], double, double[], double[], double[])} with other laws at the
     * selected points (a reduced model's at another parameter value: the same law, other material
     * parameters), {@code laws[i]} the law of selected point i.
     */
    public Evaluation evaluate(
            ConstitutiveLaw[] laws, double[] a, double dt, double[] temperature, double[] start, double[] end) {
        DimensionMismatchException.check("laws of the selected points", points.length, laws.length);
        DimensionMismatchException.check("temperatures of the selected points", points.length, temperature.length);
        DimensionMismatchException.check("start states of the selected points", points.length * stride, start.length);
        DimensionMismatchException.check("end states of the selected points", points.length * stride, end.length);
        double[] strain = new double[points.length * S];
        strains(a, strain);
        double[] eps = new double[S];
        double[] tangents = new double[points.length * S * S];
        double[] tangent = new double[S * S];
        for (int i = 0; i < points.length; i++) {
            System.arraycopy(strain, i * S, eps, 0, S);
            laws[i].integrate(eps, dt, temperature[i], start, i * stride, end, i * stride, tangent);
            System.arraycopy(tangent, 0, tangents, i * S * S, S * S);
        }
        double[] magnitude = new double[modes];
        double[] f = force(end, magnitude);
        return new Evaluation(f, tangent(tangents), VectorArray.euclideanNorm(magnitude, 0, modes));
    }
}

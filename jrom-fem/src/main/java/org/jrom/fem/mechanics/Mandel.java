package org.jrom.fem.mechanics;

/**
 * Mandel notation of symmetric second-order tensors: {@code a = (a_11, a_22, a_33, sqrt2 a_23,
 * sqrt2 a_13, sqrt2 a_12)}. The double contraction is the Euclidean dot product, {@code a : b =
 * a . b}, so a fourth-order tensor with both symmetries is a 6x6 matrix that is symmetric exactly
 * when the tensor has the major symmetry (in Voigt notation with engineering shears it would not
 * be). Strains carry the same sqrt2, not the factor 2 of engineering shear: {@code
 * gamma_12 = 2 eps_12 = sqrt2 e[5]}. 6x6 matrices are stored row-major.
 */
public final class Mandel {
    /** Components of a symmetric tensor. */
    public static final int SIZE = 6;

    /** sqrt(2), the weight of the shear components. */
    public static final double SQRT2 = Math.sqrt(2);

    /** The tensor indices (0-based) of component {@code k}: {@code (ROW[k], COLUMN[k])}. */
    private static final int[] ROW = {0, 1, 2, 1, 0, 0};

    private static final int[] COLUMN = {0, 1, 2, 2, 2, 1};

    private Mandel() {}

    /** The Mandel vector of the symmetric 3x3 tensor {@code t} (its upper triangle is read). */
    public static double[] of(double[][] t) {
        double[] a = new double[SIZE];
        for (int k = 0; k < SIZE; k++) {
            a[k] = (k < 3 ? 1 : SQRT2) * t[ROW[k]][COLUMN[k]];
        }
        return a;
    }

    /** The tensor component {@code t_ij} of the Mandel vector {@code a} (shears divided by sqrt2). */
    public static double component(double[] a, int offset, int k) {
        return k < 3 ? a[offset + k] : a[offset + k] / SQRT2;
    }

    /** The trace {@code a_11 + a_22 + a_33}. */
    public static double trace(double[] a, int offset) {
        return a[offset] + a[offset + 1] + a[offset + 2];
    }

    /** The von Mises equivalent {@code sqrt(3/2) ||dev a||}. */
    public static double vonMises(double[] a, int offset) {
        double mean = trace(a, offset) / 3;
        double s2 = 0;
        for (int k = 0; k < SIZE; k++) {
            double s = k < 3 ? a[offset + k] - mean : a[offset + k];
            s2 += s * s;
        }
        return Math.sqrt(1.5 * s2);
    }

    /** Writes {@code 3 kappa P_vol + 2 G P_dev} (isotropic elasticity) into {@code d}. */
    static void isotropic(double kappa, double shear, double[] d) {
        double lambda = kappa - 2 * shear / 3;
        for (int i = 0; i < SIZE; i++) {
            for (int j = 0; j < SIZE; j++) {
                d[i * SIZE + j] = (i < 3 && j < 3 ? lambda : 0) + (i == j ? 2 * shear : 0);
            }
        }
    }
}

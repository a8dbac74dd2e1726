package org.jrom.regression;

/**
 * A fitted vector-valued regression {@code x in R^p -> y in R^r}, e.g. from parameters to the
 * coefficients of a POD basis (a nonintrusive reduced model, Guo and Hesthaven 2018). Immutable and
 * safe to share between threads.
 *
 * <p>Inputs are parameters in the coordinates of the parameter space the regression was trained
 * on; implementations scale them to the unit box themselves. Points outside the box are
 * extrapolated, not refused.
 */
public interface Regression {
    /** The number p of input components (the parameter space dimension). */
    int inputDimension();

    /** The number r of outputs. */
    int outputDimension();

    /** What the regression is and how it was fitted, in one line (for {@code jrom info}). */
    String describe();

    /**
     * Writes the prediction at {@code x} (length p) into {@code mean} (length r). Allocates nothing:
     * online loops may call it millions of times.
     *
     * @throws org.jrom.linalg.DimensionMismatchException if a length is wrong
     * @throws org.jrom.linalg.NonFiniteValueException if x holds NaN or an infinity
     */
    void predict(double[] x, double[] mean);

    /** True when {@link #predict(double[], double[], double[])} also gives a predictive standard deviation. */
    default boolean hasPredictiveStd() {
        return false;
    }

    /**
     * Writes the prediction into {@code mean} and, if {@link #hasPredictiveStd()}, the predictive
     * standard deviation of every output into {@code std} (length r).
     *
     * @param std ignored, and may be null, when {@link #hasPredictiveStd()} is false
     * @return {@link #hasPredictiveStd()}: whether {@code std} was written
     */
    default boolean predict(double[] x, double[] mean, double[] std) {
        predict(x, mean);
        return false;
    }

    /**
     * The leave-one-out residuals {@code e[k][j] = y_kj - s_{-k}(x_k)_j}, where {@code s_{-k}} is the
     * regression refitted without sample k (same shape parameter or hyperparameters), computed in
     * closed form: K rows, r columns. An estimate of the generalization error, not a bound.
     */
    double[][] crossValidationResiduals();

    /** Per output j, the leave-one-out root mean square {@code sqrt(sum_k e[k][j]^2 / K)}. */
    default double[] crossValidationErrors() {
        double[][] e = crossValidationResiduals();
        double[] rms = new double[outputDimension()];
        for (double[] row : e) {
            for (int j = 0; j < rms.length; j++) {
                rms[j] += row[j] * row[j];
            }
        }
        for (int j = 0; j < rms.length; j++) {
            rms[j] = Math.sqrt(rms[j] / e.length);
        }
        return rms;
    }

    /**
     * The aggregate leave-one-out error {@code sqrt(sum_k ||e[k]||^2 / K)}: for POD coefficients in
     * an orthonormal basis, the root mean square of the reconstructed field's leave-one-out error in
     * the POD inner product (up to the POD truncation error).
     */
    default double crossValidationError() {
        double s = 0;
        for (double e : crossValidationErrors()) {
            s += e * e;
        }
        return Math.sqrt(s);
    }
}

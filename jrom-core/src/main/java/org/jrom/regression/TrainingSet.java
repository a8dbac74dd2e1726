package org.jrom.regression;

import java.util.Arrays;
import java.util.Comparator;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.NonFiniteValueException;
import org.jrom.parameters.ParameterException;
import org.jrom.parameters.ParameterSpace;

/**
 * Checked training pairs {@code (x_k, y_k)}, k < K: inputs in the parameter box, scaled to the unit
 * box and stored row-major ({@code u[k * p + i]}), outputs stored column-major ({@code y[k + j *
 * K]}, one contiguous column per output).
 */
final class TrainingSet {
    final UnitBox box;
    final int samples;
    final int inputs;
    final int outputs;
    final double[][] x;
    final double[] u;
    final double[] y;

    private TrainingSet(UnitBox box, double[][] x, double[] u, double[] y, int outputs) {
        this.box = box;
        this.samples = x.length;
        this.inputs = box.dimension();
        this.outputs = outputs;
        this.x = x;
        this.u = u;
        this.y = y;
    }

    /**
     * The pairs {@code (x[k], y[k])}; at least two samples, all finite, x inside the space and no two
     * x equal.
     */
    static TrainingSet of(ParameterSpace space, double[][] x, double[][] y) {
        if (x.length != y.length) {
            throw new DimensionMismatchException("training set: " + x.length + " inputs but " + y.length
                    + " outputs; expected one output row per input row");
        }
        if (x.length < 2) {
            throw new RegressionException(
                    "regression needs at least 2 training samples, found " + x.length + "; sample more parameters");
        }
        UnitBox box = UnitBox.of(space.lower(), space.upper());
        double[][] xc = copyInputs(box, x, "training input");
        for (int k = 0; k < xc.length; k++) {
            for (int i = 0; i < xc[k].length; i++) {
                if (xc[k][i] < space.lower(i) || xc[k][i] > space.upper(i)) {
                    throw new ParameterException(
                            "training input " + k + ": " + space.type().componentName(i) + " = "
                                    + xc[k][i] + " is outside the parameter space [" + space.lower(i) + ", "
                                    + space.upper(i) + "]");
                }
            }
        }
        requireDistinct(xc);
        int r = y[0].length;
        if (r < 1) {
            throw new DimensionMismatchException("training outputs have no components; expected at least one");
        }
        double[] yc = new double[Math.multiplyExact(x.length, r)];
        for (int k = 0; k < y.length; k++) {
            DimensionMismatchException.check("length of training output " + k, r, y[k].length);
            for (int j = 0; j < r; j++) {
                if (!Double.isFinite(y[k][j])) {
                    throw new NonFiniteValueException("training output " + k + ", component " + j + " is " + y[k][j]
                            + ", expected a finite number");
                }
                yc[k + j * x.length] = y[k][j];
            }
        }
        return new TrainingSet(box, xc, scale(box, xc), yc, r);
    }

    /** Copies of the input rows, checked for length p and finite entries; {@code what} names them. */
    static double[][] copyInputs(UnitBox box, double[][] x, String what) {
        double[][] xc = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            DimensionMismatchException.check(
                    "length of " + what + " " + k + " (the parameter dimension)", box.dimension(), x[k].length);
            for (int i = 0; i < x[k].length; i++) {
                if (!Double.isFinite(x[k][i])) {
                    throw new NonFiniteValueException(
                            what + " " + k + ", component " + i + " is " + x[k][i] + ", expected a finite number");
                }
            }
            xc[k] = x[k].clone();
        }
        return xc;
    }

    /** The unit-box coordinates of the rows of x, row-major. */
    static double[] scale(UnitBox box, double[][] x) {
        int p = box.dimension();
        double[] u = new double[Math.multiplyExact(x.length, p)];
        for (int k = 0; k < x.length; k++) {
            for (int i = 0; i < p; i++) {
                u[k * p + i] = box.coordinate(i, x[k][i]);
            }
        }
        return u;
    }

    /** Throws naming two samples with equal inputs, found by a lexicographic sort. */
    static void requireDistinct(double[][] x) {
        Integer[] order = new Integer[x.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Comparator<Integer> lexicographic = (a, b) -> Arrays.compare(x[a], x[b]);
        Arrays.sort(order, lexicographic);
        for (int k = 1; k < order.length; k++) {
            int a = Math.min(order[k - 1], order[k]);
            int b = Math.max(order[k - 1], order[k]);
            if (Arrays.equals(x[a], x[b])) {
                throw new RegressionException("training samples " + a + " and " + b + " have the same input "
                        + Arrays.toString(x[a]) + "; remove one of them (or average their outputs)");
            }
        }
    }

    /** Output column j (a copy). */
    double[] outputColumn(int j) {
        return Arrays.copyOfRange(y, j * samples, (j + 1) * samples);
    }

    /** The mean distance from each sample to its nearest neighbour, in unit-box coordinates. */
    double meanNearestNeighbourDistance() {
        double sum = 0;
        for (int a = 0; a < samples; a++) {
            double best = Double.POSITIVE_INFINITY;
            for (int b = 0; b < samples; b++) {
                if (b != a) {
                    best = Math.min(best, squaredDistance(a, b));
                }
            }
            sum += Math.sqrt(best);
        }
        return sum / samples;
    }

    /** {@code |u_a - u_b|^2}. */
    double squaredDistance(int a, int b) {
        double s = 0;
        for (int i = 0; i < inputs; i++) {
            double d = u[a * inputs + i] - u[b * inputs + i];
            s += d * d;
        }
        return s;
    }
}

package org.jrom.regression;

import java.util.List;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.parameters.Sampler;

/**
 * Training and test data for the regression tests: a 2D parameter box that is not the unit box (so
 * that the scaling is exercised) and smooth vector-valued functions on it.
 */
final class RegressionData {
    /** {@code mu_0 in [-1, 1]}, {@code mu_1 in [0, 2]}. */
    static final ParameterSpace SPACE =
            ParameterSpace.of(ParameterType.of("mu", 2), new double[] {-1, 0}, new double[] {1, 2});

    private RegressionData() {}

    /** A Latin hypercube sample of K parameters, as rows. */
    static double[][] inputs(ParameterSpace space, int k, long seed) {
        List<Parameter> mus = Sampler.latinHypercube(space, k, seed);
        double[][] x = new double[k][];
        for (int i = 0; i < k; i++) {
            x[i] = mus.get(i).toArray();
        }
        return x;
    }

    /** Three smooth outputs: {@code exp(x_0) sin(2 x_1)}, {@code cos(x_0 + x_1)} and {@code x_0 x_1^2 / 4}. */
    static double[][] smooth(double[][] x) {
        double[][] y = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            double a = x[k][0];
            double b = x[k][1];
            y[k] = new double[] {Math.exp(a) * Math.sin(2 * b), Math.cos(a + b), a * b * b / 4};
        }
        return y;
    }

    /** The root mean square over points and outputs of {@code f(x) - y}, relative to the RMS of y. */
    static double relativeRmsError(Regression f, double[][] x, double[][] y) {
        double[] m = new double[f.outputDimension()];
        double err = 0;
        double norm = 0;
        for (int k = 0; k < x.length; k++) {
            f.predict(x[k], m);
            for (int j = 0; j < m.length; j++) {
                err += (m[j] - y[k][j]) * (m[j] - y[k][j]);
                norm += y[k][j] * y[k][j];
            }
        }
        return Math.sqrt(err / norm);
    }

    /** The rows of x except row k. */
    static double[][] without(double[][] x, int k) {
        double[][] out = new double[x.length - 1][];
        for (int a = 0, b = 0; a < x.length; a++) {
            if (a != k) {
                out[b++] = x[a];
            }
        }
        return out;
    }

    /** The largest absolute entry. */
    static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] row : a) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }
}

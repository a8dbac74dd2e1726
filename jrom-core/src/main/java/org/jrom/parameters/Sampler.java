package org.jrom.parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training and test sets drawn from a {@link ParameterSpace}. Random samplers take an explicit
 * seed: the same seed gives the same set on every machine.
 */
public final class Sampler {
    private Sampler() {}

    /**
     * The tensor grid with {@code pointsPerComponent} equispaced values per component (ends
     * included; one point means the midpoint), {@code pointsPerComponent^dimension} parameters.
     */
    public static List<Parameter> uniformGrid(ParameterSpace space, int pointsPerComponent) {
        int d = space.type().dimension();
        if (pointsPerComponent < 1) {
            throw new ParameterException("a grid needs at least one point per component, found " + pointsPerComponent);
        }
        double total = Math.pow(pointsPerComponent, d);
        if (total > 10_000_000) {
            throw new ParameterException("a grid of " + pointsPerComponent + "^" + d
                    + " points is too large; use a random or" + " Latin hypercube sample");
        }
        List<Parameter> out = new ArrayList<>((int) total);
        int[] index = new int[d];
        for (int n = 0; n < (int) total; n++) {
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                double t = pointsPerComponent == 1 ? 0.5 : (double) index[i] / (pointsPerComponent - 1);
                v[i] = point(space, i, t);
            }
            out.add(Parameter.of(space.type(), v));
            for (int i = 0; i < d && ++index[i] == pointsPerComponent; i++) {
                index[i] = 0;
            }
        }
        return out;
    }

    /** {@code count} independent uniform draws. */
    public static List<Parameter> random(ParameterSpace space, int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = space.type().dimension();
        List<Parameter> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                v[i] = point(space, i, rnd.nextDouble());
            }
            out.add(Parameter.of(space.type(), v));
        }
        return out;
    }

    /**
     * A Latin hypercube sample (McKay, Beckman, Conover 1979): each component's range is cut into
     * {@code count} equal strata and every stratum holds exactly one point, at a random position.
     */
    public static List<Parameter> latinHypercube(ParameterSpace space, int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = space.type().dimension();
        double[][] v = new double[count][d];
        int[] perm = new int[count];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < count; k++) {
                perm[k] = k;
            }
            for (int k = count - 1; k > 0; k--) { // Fisher-Yates
                int j = rnd.nextInt(k + 1);
                int t = perm[k];
                perm[k] = perm[j];
                perm[j] = t;
            }
            for (int k = 0; k < count; k++) {
                v[k][i] = point(space, i, (perm[k] + rnd.nextDouble()) / count);
            }
        }
        List<Parameter> out = new ArrayList<>(count);
        for (double[] row : v) {
            out.add(Parameter.of(space.type(), row));
        }
        return out;
    }

    /**
     * {@code count} draws uniform in the logarithm of each component, for parameters spanning
     * decades (conductivities, Biot numbers); every lower bound must be positive.
     */
    public static List<Parameter> logUniform(ParameterSpace space, int count, long seed) {
        int d = space.type().dimension();
        for (int i = 0; i < d; i++) {
            if (!(space.lower(i) > 0)) {
                throw new ParameterException("log-uniform sampling needs positive ranges; "
                        + space.type().componentName(i) + " starts at " + space.lower(i));
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Parameter> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                double lo = Math.log(space.lower(i));
                double hi = Math.log(space.upper(i));
                v[i] = clamp(space, i, Math.exp(lo + (hi - lo) * rnd.nextDouble()));
            }
            out.add(Parameter.of(space.type(), v));
        }
        return out;
    }

    /** The point at fraction t in [0, 1] of component i's range, exactly at the ends. */
    private static double point(ParameterSpace space, int i, double t) {
        return clamp(space, i, t == 1.0 ? space.upper(i) : space.lower(i) + t * (space.upper(i) - space.lower(i)));
    }

    private static double clamp(ParameterSpace space, int i, double x) {
        return Math.min(space.upper(i), Math.max(space.lower(i), x));
    }
}

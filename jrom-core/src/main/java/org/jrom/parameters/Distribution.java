package org.jrom.parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A probability distribution over a {@link ParameterSpace}, for Monte Carlo uncertainty
 * quantification: independent components, each supported on its range of the box, so that every
 * draw is a parameter the reduced model is certified for. Draws take an explicit seed (or a
 * {@link SplittableRandom}): the same seed gives the same samples on every machine.
 *
 * <ul>
 *   <li>{@link #uniform}: uniform on the box (the same draws as {@link Sampler#random});
 *   <li>{@link #truncatedNormal}: per component a normal law centred on the range, with standard
 *       deviation {@code sigmaFraction * (hi - lo)}, truncated to the range;
 *   <li>{@link #truncatedLogNormal}: per component a log-normal law with geometric mean {@code
 *       sqrt(lo * hi)} and log-standard deviation {@code sigmaFraction * ln(hi / lo)}, truncated to
 *       the range (every {@code lo} must be positive).
 * </ul>
 *
 * <p>Truncation is by rejection: a draw outside the range is drawn again, which gives exactly the
 * truncated law. With the default fraction {@link #DEFAULT_SIGMA_FRACTION} the range is the
 * central +-2 sigma, and 95.4% of the draws are accepted; the fraction is capped at {@link
 * #MAX_SIGMA_FRACTION}, where about 4% still are.
 */
public final class Distribution {
    /** The default standard deviation as a fraction of the range: a quarter, the range is +-2 sigma. */
    public static final double DEFAULT_SIGMA_FRACTION = 0.25;

    /** The largest accepted fraction (a flatter law is nearly uniform; use {@link #uniform}). */
    public static final double MAX_SIGMA_FRACTION = 10;

    /** The kinds of distribution, by their command-line names. */
    public enum Kind {
        UNIFORM("uniform"),
        NORMAL("normal"),
        LOGNORMAL("lognormal");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The command-line name: {@code uniform}, {@code normal} or {@code lognormal}. */
        public String id() {
            return id;
        }

        /** The kind with the given command-line name; the error lists the known ones. */
        public static Kind of(String id) {
            for (Kind k : values()) {
                if (k.id.equalsIgnoreCase(id)) {
                    return k;
                }
            }
            throw new ParameterException("unknown distribution '" + id + "'; expected uniform, normal or lognormal");
        }
    }

    private final Kind kind;
    private final ParameterSpace space;
    private final double sigmaFraction;
    // Per component, in the sampled variable (x for uniform and normal, ln x for log-normal):
    // the range [lo, hi], the centre and the standard deviation of the untruncated normal law.
    private final double[] lo;
    private final double[] hi;
    private final double[] centre;
    private final double[] sigma;

    private Distribution(Kind kind, ParameterSpace space, double sigmaFraction) {
        this.kind = kind;
        this.space = space;
        this.sigmaFraction = sigmaFraction;
        int d = space.type().dimension();
        lo = new double[d];
        hi = new double[d];
        centre = new double[d];
        sigma = new double[d];
        for (int i = 0; i < d; i++) {
            boolean log = kind == Kind.LOGNORMAL;
            lo[i] = log ? Math.log(space.lower(i)) : space.lower(i);
            hi[i] = log ? Math.log(space.upper(i)) : space.upper(i);
            centre[i] = 0.5 * (lo[i] + hi[i]);
            sigma[i] = sigmaFraction * (hi[i] - lo[i]);
        }
    }

    /** Uniform on the box: every component independent and uniform on its range. */
    public static Distribution uniform(ParameterSpace space) {
        return new Distribution(Kind.UNIFORM, space, Double.NaN);
    }

    /**
     * The truncated normal law: component i is {@code N(c_i, sigma_i^2)} conditioned on {@code [lo_i,
     * hi_i]}, with {@code c_i = (lo_i + hi_i) / 2} and {@code sigma_i = sigmaFraction * (hi_i - lo_i)}.
     * Its mean is {@code c_i}; with the default fraction its standard deviation is {@code 0.880
     * sigma_i} (the truncation at +-2 sigma removes the tails).
     *
     * @param sigmaFraction the standard deviation as a fraction of the range, in {@code (0, 10]}
     */
    public static Distribution truncatedNormal(ParameterSpace space, double sigmaFraction) {
        return new Distribution(Kind.NORMAL, space, checkFraction(sigmaFraction));
    }

    /**
     * The truncated log-normal law: {@code ln x_i} is {@code N(m_i, s_i^2)} conditioned on {@code
     * [ln lo_i, ln hi_i]}, with {@code m_i = ln sqrt(lo_i hi_i)} (the geometric mean is the geometric
     * centre of the range) and {@code s_i = sigmaFraction * ln(hi_i / lo_i)}. For ranges spanning
     * decades (conductivities, Biot numbers), where a normal law would hardly visit the low end.
     *
     * @param sigmaFraction the log-standard deviation as a fraction of {@code ln(hi / lo)}, in {@code
     *     (0, 10]}
     * @throws ParameterException if a range does not lie in the positive numbers
     */
    public static Distribution truncatedLogNormal(ParameterSpace space, double sigmaFraction) {
        for (int i = 0; i < space.type().dimension(); i++) {
            if (!(space.lower(i) > 0)) {
                throw new ParameterException("the log-normal distribution needs positive ranges; "
                        + space.type().componentName(i) + " is in [" + space.lower(i) + ", " + space.upper(i)
                        + "]");
            }
        }
        return new Distribution(Kind.LOGNORMAL, space, checkFraction(sigmaFraction));
    }

    /** The distribution of the given kind ({@code sigmaFraction} is ignored for the uniform one). */
    public static Distribution of(Kind kind, ParameterSpace space, double sigmaFraction) {
        return switch (kind) {
            case UNIFORM -> uniform(space);
            case NORMAL -> truncatedNormal(space, sigmaFraction);
            case LOGNORMAL -> truncatedLogNormal(space, sigmaFraction);
        };
    }

    private static double checkFraction(double f) {
        if (!(f > 0 && f <= MAX_SIGMA_FRACTION)) {
            throw new ParameterException(
                    "the sigma fraction must lie in (0, " + (int) MAX_SIGMA_FRACTION + "], found " + f);
        }
        return f;
    }

    public Kind kind() {
        return kind;
    }

    public ParameterSpace space() {
        return space;
    }

    /** The standard deviation as a fraction of the range (NaN for the uniform law). */
    public double sigmaFraction() {
        return sigmaFraction;
    }

    /** One line: {@code uniform on the box}, {@code normal, sigma = 0.25 x range, truncated to the box}... */
    public String describe() {
        return switch (kind) {
            case UNIFORM -> "uniform on the parameter box";
            case NORMAL ->
                String.format(
                        Locale.ROOT,
                        "truncated normal per component: mean at the centre, sigma = %s x range, truncated to the box",
                        sigmaFraction);
            case LOGNORMAL ->
                String.format(
                        Locale.ROOT,
                        "truncated log-normal per component: geometric mean sqrt(lo hi), log-sigma = %s x ln(hi/lo),"
                                + " truncated to the box",
                        sigmaFraction);
        };
    }

    /** Draws one parameter's flattened values into {@code into} (length: the dimension). */
    public void draw(SplittableRandom rnd, double[] into) {
        for (int i = 0; i < lo.length; i++) {
            into[i] = component(rnd, i);
        }
    }

    /** Draws one parameter. */
    public Parameter draw(SplittableRandom rnd) {
        double[] v = new double[lo.length];
        draw(rnd, v);
        return Parameter.of(space.type(), v);
    }

    /** {@code count} independent draws from the seed; the same seed gives the same list. */
    public List<Parameter> sample(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Parameter> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            out.add(draw(rnd));
        }
        return out;
    }

    private double component(SplittableRandom rnd, int i) {
        double l = space.lower(i);
        double u = space.upper(i);
        switch (kind) {
            case UNIFORM -> {
                double t = rnd.nextDouble();
                return clamp(t == 1.0 ? u : l + t * (u - l), l, u);
            }
            case NORMAL -> {
                if (sigma[i] == 0) {
                    return l;
                }
                while (true) {
                    double x = centre[i] + sigma[i] * rnd.nextGaussian();
                    if (x >= l && x <= u) {
                        return x;
                    }
                }
            }
            case LOGNORMAL -> {
                if (sigma[i] == 0) {
                    return l;
                }
                while (true) {
                    double y = centre[i] + sigma[i] * rnd.nextGaussian();
                    if (y >= lo[i] && y <= hi[i]) {
                        return clamp(Math.exp(y), l, u); // exp(ln lo) may round just outside
                    }
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static double clamp(double x, double l, double u) {
        return Math.min(u, Math.max(l, x));
    }

    @Override
    public String toString() {
        return describe();
    }
}

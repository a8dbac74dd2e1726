package org.jrom.models;

import org.jrom.JromException;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;

/**
 * An online answer that is not a finite number: a coefficient with a pole or outside its domain at
 * the parameter, or a solution, output or error figure that overflowed. Such an answer is never
 * returned, since a NaN output or an infinite bound passes silently through tables and statistics.
 * The message names the parameter and what was non-finite.
 */
public final class NonFiniteAnswerException extends JromException {
    private static final long serialVersionUID = 1L;

    private final transient Parameter parameter;
    private final String what;
    private final int index;

    /**
     * @param parameter where the answer was asked for
     * @param what what was not finite, with its value, e.g. {@code the error bound is NaN}
     */
    public NonFiniteAnswerException(Parameter parameter, String what) {
        this(parameter, what, -1);
    }

    private NonFiniteAnswerException(Parameter parameter, String what, int index) {
        super("at " + parameter + ": " + what);
        this.parameter = parameter;
        this.what = what;
        this.index = index;
    }

    /** The parameter of the failed answer. */
    public Parameter parameter() {
        return parameter;
    }

    /** What was not finite, e.g. {@code coefficient 1 of the operator (1 / k[0]) is inf}. */
    public String what() {
        return what;
    }

    /** The position of the parameter in the batch that was answered, or -1 for a single answer. */
    public int index() {
        return index;
    }

    /** The same failure at position {@code index} of a batch. */
    public NonFiniteAnswerException at(int index) {
        return new NonFiniteAnswerException(parameter, what, index);
    }

    /** Of two failures of one batch (either may be null), the one earlier in the batch. */
    public static NonFiniteAnswerException earlier(NonFiniteAnswerException a, NonFiniteAnswerException b) {
        if (a == null) {
            return b;
        }
        return b == null || a.index <= b.index ? a : b;
    }

    /** Throws unless {@code value} is finite; {@code what} names it, e.g. {@code the error bound}. */
    public static void requireFinite(Parameter mu, String what, double value) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteAnswerException(mu, what + " is " + format(value));
        }
    }

    /**
     * Throws unless the coefficient {@code value} is finite.
     *
     * @param term where the coefficient belongs, e.g. {@code the operator}
     * @param k its position there, from 0 (the message counts from 1)
     */
    public static void requireFiniteCoefficient(
            Parameter mu, String term, int k, ParameterFunctional coefficient, double value) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteAnswerException(
                    mu,
                    "coefficient " + (k + 1) + " of " + term + " (" + coefficient.describe() + ") is " + format(value));
        }
    }

    /**
     * Throws unless output {@code name} and its error figure are finite ({@code certified}: a bound,
     * else an estimate). The message is built only when it is thrown: this runs on every answer.
     */
    public static void requireFiniteOutput(Parameter mu, String name, double value, double error, boolean certified) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteAnswerException(mu, "output '" + name + "' is " + format(value));
        }
        if (!Double.isFinite(error)) {
            throw new NonFiniteAnswerException(
                    mu,
                    "the " + (certified ? "certified bound" : "error estimate") + " of output '" + name + "' is "
                            + format(error));
        }
    }

    /** Throws unless every entry of {@code values} is finite. */
    public static void requireFinite(Parameter mu, String what, double[] values) {
        for (double v : values) {
            requireFinite(mu, what, v);
        }
    }

    /** {@code NaN}, {@code inf} or {@code -inf}, as numerical tools print them. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return value > 0 ? "inf" : "-inf";
    }
}

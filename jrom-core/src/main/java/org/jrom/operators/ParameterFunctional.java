package org.jrom.operators;

import java.util.Objects;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterType;

/**
 * A scalar function {@code theta(mu)} of the parameter: the coefficient of one term of an affine
 * decomposition. Implementations are cheap to evaluate (online cost). The constants, components
 * and expressions made here describe themselves in the expression language, so {@code
 * expression(type, f.describe())} is the same function as {@code f}, evaluating bit for bit alike.
 */
public interface ParameterFunctional {
    /** theta(mu). */
    double evaluate(Parameter mu);

    /** Human-readable form, e.g. {@code 1.0}, {@code k[2]}, {@code exp(-Bi) * k[0]}. */
    String describe();

    /**
     * The constant c, described as {@link Double#toString(double)} does (which parses back exactly).
     *
     * @throws ExpressionException if c is NaN or infinite, which the expression language cannot write
     */
    static ParameterFunctional constant(double c) {
        if (!Double.isFinite(c)) {
            throw new ExpressionException(
                    Double.toString(c), 1, "a constant coefficient must be a finite number, found " + c);
        }
        return Expression.constant(c);
    }

    /** Entry {@code index} of the named component: {@code theta(mu) = mu_name[index]}. */
    static ParameterFunctional component(ParameterType type, String name, int index) {
        if (index < 0 || index >= type.size(name)) {
            throw new IndexOutOfBoundsException(
                    "index " + index + " of parameter '" + name + "' of size " + type.size(name));
        }
        int flat = type.offset(name) + index;
        return Expression.component(flat, type.componentName(flat));
    }

    /**
     * A coefficient written in the expression language over the components of {@code type}: {@code
     * + - * / ^} (right-associative, binding tighter than unary minus), parentheses, numbers as in
     * {@code 2}, {@code 0.5}, {@code .5}, {@code 1e-3}, the functions {@code exp log sqrt sin cos abs}
     * and {@code min max} (one or more arguments), size-1 components by name ({@code Bi}) and vector
     * components by index ({@code k[2]}). The grammar is in docs/formats.md.
     *
     * @throws ExpressionException naming the position, what was expected and what was found
     */
    static ParameterFunctional expression(ParameterType type, String text) {
        return Expression.parse(Objects.requireNonNull(type, "type"), Objects.requireNonNull(text, "text"));
    }
}

package org.jrom.operators;

import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterType;

/**
 * A scalar function {@code theta(mu)} of the parameter: the coefficient of one term of an affine
 * decomposition. Implementations are cheap to evaluate (online cost).
 */
public interface ParameterFunctional {
    /** theta(mu). */
    double evaluate(Parameter mu);

    /** Human-readable form, e.g. {@code 1}, {@code k[2]}. */
    String describe();

    /** The constant c. */
    static ParameterFunctional constant(double c) {
        return new ParameterFunctional() {
            @Override
            public double evaluate(Parameter mu) {
                return c;
            }

            @Override
            public String describe() {
                return Double.toString(c);
            }
        };
    }

    /** Entry {@code index} of the named component: {@code theta(mu) = mu_name[index]}. */
    static ParameterFunctional component(ParameterType type, String name, int index) {
        if (index < 0 || index >= type.size(name)) {
            throw new IndexOutOfBoundsException(
                    "index " + index + " of parameter '" + name + "' of size " + type.size(name));
        }
        int flat = type.offset(name) + index;
        String text = type.componentName(flat);
        return new ParameterFunctional() {
            @Override
            public double evaluate(Parameter mu) {
                return mu.get(flat);
            }

            @Override
            public String describe() {
                return text;
            }
        };
    }
}

package org.jrom.models;

import java.util.List;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;

/**
 * A lower bound {@code alpha_LB(mu) <= alpha(mu) = inf_v a(v, v; mu) / ||v||_X^2} of the coercivity
 * constant of a parametrized operator with respect to an inner product X: the denominator of every
 * certified error bound. Evaluated online, so it must be cheap. A bound is fully described by its
 * kind, its named arrays and the operator's coefficient functions, from which {@code
 * CoercivityBounds.fromArrays}
 * rebuilds it (the model file stores exactly these).
 */
public interface CoercivityBound {
    /** alpha_LB(mu) > 0. */
    double lowerBound(Parameter mu);

    /** Short description for reports, e.g. {@code min-theta at mu_ref}. */
    String describe();

    /**
     * True for a bound the modeller gives (an expression, a constant), which jrom takes on trust:
     * the error bounds resting on it are certified only if it is a true lower bound. False for the
     * bounds jrom derives itself (min-theta, SCM).
     */
    default boolean givenByModeller() {
        return false;
    }

    /** The kind, e.g. {@code min-theta}, {@code constant}, {@code scm}. */
    String kind();

    /** Offline data by name (copies). */
    Map<String, DenseMatrix> arrays();

    /** Functions of the parameters by name, in the expression language (none for most kinds). */
    default Map<String, String> expressions() {
        return Map.of();
    }

    /**
     * The same bound for other operator coefficient functions (a model rebound to a source of matrix
     * entries, {@link ReducedModel#withEntries}): kinds that evaluate the coefficients (min-theta,
     * SCM) rebuild themselves on them; the others do not depend on them.
     */
    default CoercivityBound withCoefficients(List<ParameterFunctional> thetas) {
        return this;
    }

    /** The array named {@code name}, or a clear error. */
    static DenseMatrix require(Map<String, DenseMatrix> arrays, String kind, String name) {
        DenseMatrix a = arrays.get(name);
        if (a == null) {
            throw new JromException(
                    "coercivity bound '" + kind + "' needs the array '" + name + "', found " + arrays.keySet());
        }
        return a;
    }
}

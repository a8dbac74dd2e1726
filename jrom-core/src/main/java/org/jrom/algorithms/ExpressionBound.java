package org.jrom.algorithms;

import java.util.Map;
import java.util.Objects;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.CoercivityBound;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterType;

/**
 * A coercivity lower bound given by the user as an expression of the parameters, e.g. {@code
 * min(mu[0], mu[1])} for a thermal block in the energy product at mu = 1: for external operators
 * whose coercivity constant the modeller knows analytically. jrom cannot prove it; the validation
 * against high-fidelity solves (effectivities at least 1) is what checks it.
 */
public final class ExpressionBound implements CoercivityBound {
    static final String KIND = "expression";
    private static final String EXPRESSION = "lower_bound";

    private final ParameterFunctional expression;

    private ExpressionBound(ParameterFunctional expression) {
        this.expression = expression;
    }

    /**
     * The bound {@code alpha_LB(mu) = text(mu)} over the components of {@code type}.
     *
     * @throws org.jrom.operators.ExpressionException if the text does not parse
     */
    public static ExpressionBound of(ParameterType type, String text) {
        return new ExpressionBound(ParameterFunctional.expression(type, text));
    }

    static ExpressionBound fromExpressions(Map<String, String> expressions, ParameterType type) {
        String text = expressions.get(EXPRESSION);
        if (text == null) {
            throw new JromException("coercivity bound '" + KIND + "' needs the expression '" + EXPRESSION + "', found "
                    + expressions.keySet());
        }
        return of(Objects.requireNonNull(type, "type"), text);
    }

    /** {@code text(mu)}, which must be positive and finite. */
    @Override
    public double lowerBound(Parameter mu) {
        double alpha = expression.evaluate(mu);
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new JromException("the coercivity lower bound " + expression.describe() + " is " + alpha + " at " + mu
                    + "; it must be positive and finite");
        }
        return alpha;
    }

    /** The expression, said to be given and unproven: the bounds resting on it are only as sound as it is. */
    @Override
    public String describe() {
        return "alpha_LB(mu) = " + expression.describe() + " (given by the modeller, not proven by jrom)";
    }

    @Override
    public boolean givenByModeller() {
        return true;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, DenseMatrix> arrays() {
        return Map.of();
    }

    @Override
    public Map<String, String> expressions() {
        return Map.of(EXPRESSION, expression.describe());
    }
}

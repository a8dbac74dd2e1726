package org.jrom.algorithms;

import java.util.List;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.CoercivityBound;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.ParameterType;

/** The coercivity bounds jrom knows, rebuilt by kind from their stored arrays (a model file's reader does this). */
public final class CoercivityBounds {
    private CoercivityBounds() {}

    /**
     * Rebuilds a bound of a known kind from its arrays and the coefficient functions {@code
     * theta_q} of the affine operator it bounds.
     */
    public static CoercivityBound fromArrays(
            String kind, Map<String, DenseMatrix> arrays, List<ParameterFunctional> thetas) {
        return fromArrays(kind, arrays, Map.of(), thetas, null);
    }

    /**
     * Rebuilds a bound of a known kind from its arrays, its expressions over the components of
     * {@code type} and the coefficient functions of the affine operator it bounds.
     */
    public static CoercivityBound fromArrays(
            String kind,
            Map<String, DenseMatrix> arrays,
            Map<String, String> expressions,
            List<ParameterFunctional> thetas,
            ParameterType type) {
        return switch (kind) {
            case ExpressionBound.KIND -> ExpressionBound.fromExpressions(expressions, type);
            case MinThetaBound.KIND -> MinThetaBound.fromArrays(arrays, thetas);
            case ConstantBound.KIND -> ConstantBound.fromArrays(arrays);
            case ScmBound.KIND -> ScmBound.fromArrays(arrays, thetas);
            default ->
                throw new JromException("unknown coercivity bound kind '" + kind + "'; known: " + MinThetaBound.KIND
                        + ", " + ConstantBound.KIND + ", " + ScmBound.KIND + ", " + ExpressionBound.KIND);
        };
    }
}

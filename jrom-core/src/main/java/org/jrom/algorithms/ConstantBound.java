package org.jrom.algorithms;

import java.util.Map;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.CoercivityBound;
import org.jrom.parameters.Parameter;

/**
 * A parameter-independent coercivity lower bound {@code alpha_LB(mu) = c}, for problems whose
 * coercivity constant is known analytically (or for parameter-independent operators).
 */
public record ConstantBound(double value) implements CoercivityBound {
    static final String KIND = "constant";

    public ConstantBound {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new JromException("a coercivity lower bound must be positive and finite, found " + value);
        }
    }

    static ConstantBound fromArrays(Map<String, DenseMatrix> arrays) {
        return new ConstantBound(CoercivityBound.require(arrays, KIND, "value").get(0, 0));
    }

    @Override
    public double lowerBound(Parameter mu) {
        return value;
    }

    @Override
    public String describe() {
        return "alpha_LB = " + value + " (given by the modeller, not proven by jrom)";
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
        return Map.of("value", DenseMatrix.ofRows(new double[] {value}));
    }
}

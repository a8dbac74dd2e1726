package org.jrom.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.VectorArray;
import org.jrom.operators.Operator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;

/**
 * A stationary parametrized linear problem {@code A(mu) u(mu) = f(mu)} with linear outputs {@code
 * s(mu) = l^T u(mu)} and named inner products (the high-fidelity model a reductor starts from).
 * The right-hand side is an operator from R^1 (a vector, possibly affine in mu); each output is an
 * operator to R^1.
 */
public final class StationaryModel implements Model {
    private final ParameterSpace parameterSpace;
    private final Operator operator;
    private final Operator rhs;
    private final Map<String, Operator> outputs;
    private final Map<String, Operator> products;

    private StationaryModel(
            ParameterSpace parameterSpace,
            Operator operator,
            Operator rhs,
            Map<String, Operator> outputs,
            Map<String, Operator> products) {
        this.parameterSpace = parameterSpace;
        this.operator = operator;
        this.rhs = rhs;
        this.outputs = outputs;
        this.products = products;
    }

    /** Starts a model of {@code A(mu) u = f(mu)} on a parameter space. */
    public static Builder builder(ParameterSpace space, Operator operator, Operator rhs) {
        return new Builder(space, operator, rhs);
    }

    /** Builder for {@link StationaryModel}. */
    public static final class Builder {
        private final ParameterSpace space;
        private final Operator operator;
        private final Operator rhs;
        private final Map<String, Operator> outputs = new LinkedHashMap<>();
        private final Map<String, Operator> products = new LinkedHashMap<>();

        private Builder(ParameterSpace space, Operator operator, Operator rhs) {
            this.space = space;
            this.operator = operator;
            this.rhs = rhs;
        }

        /** A linear output {@code s(mu) = l(mu)^T u(mu)}, l an operator to R^1. */
        public Builder output(String name, Operator functional) {
            outputs.put(name, functional);
            return this;
        }

        /** A named inner product, an SPD operator. */
        public Builder product(String name, Operator product) {
            products.put(name, product);
            return this;
        }

        public StationaryModel build() {
            int n = operator.sourceDim();
            DimensionMismatchException.check("range of the operator (square)", n, operator.rangeDim());
            DimensionMismatchException.check("range of the right-hand side", n, rhs.rangeDim());
            DimensionMismatchException.check("source of the right-hand side (a vector)", 1, rhs.sourceDim());
            outputs.forEach((name, l) -> {
                DimensionMismatchException.check("source of output '" + name + "'", n, l.sourceDim());
                DimensionMismatchException.check("range of output '" + name + "' (a scalar)", 1, l.rangeDim());
            });
            products.forEach((name, p) -> {
                DimensionMismatchException.check("size of product '" + name + "'", n, p.sourceDim());
                DimensionMismatchException.check("size of product '" + name + "'", n, p.rangeDim());
            });
            // insertion order kept: outputs and products come out in the order they were declared
            return new StationaryModel(
                    space,
                    operator,
                    rhs,
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs)),
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(products)));
        }
    }

    @Override
    public ParameterSpace parameterSpace() {
        return parameterSpace;
    }

    public Operator operator() {
        return operator;
    }

    public Operator rhs() {
        return rhs;
    }

    /** Output functionals by name. */
    public Map<String, Operator> outputs() {
        return outputs;
    }

    @Override
    public List<String> outputNames() {
        return List.copyOf(outputs.keySet());
    }

    /** Inner products by name. */
    public Map<String, Operator> products() {
        return products;
    }

    /** Number of degrees of freedom. */
    @Override
    public int dim() {
        return operator.sourceDim();
    }

    /** {@code u(mu)}, after checking mu against the parameter space. */
    public VectorArray solve(Parameter mu) {
        parameterSpace.validate(mu);
        return operator.applyInverse(rhs.apply(VectorArray.of(new double[] {1.0}), mu), mu);
    }

    /** The outputs {@code s(mu) = l^T u(mu)} of a computed solution. */
    public Map<String, Double> output(VectorArray u, Parameter mu) {
        Map<String, Double> s = new LinkedHashMap<>();
        outputs.forEach((name, l) -> s.put(name, l.apply(u, mu).get(0, 0)));
        return s;
    }

    /** Solves and evaluates all outputs. */
    public Map<String, Double> output(Parameter mu) {
        return output(solve(mu), mu);
    }
}

package org.jrom.fem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.operators.Operator;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;

/**
 * A discretized parametrized linear problem in affine form on the free degrees of freedom:
 * {@code A(mu) = sum_q theta_q(mu) A_q}, {@code b(mu) = sum_p phi_p(mu) b_p}, with named inner
 * products (e.g. {@code h1_0_semi}, {@code l2}) and linear output functionals {@code s(mu) = l^T
 * u(mu)}. The space (scalar, e.g. {@link P1Space}, or vector-valued, {@link ElasticitySpace}) and
 * the constraint map free vectors back to full fields on the mesh.
 */
public record AffineDiscretization(
        FiniteElementSpace space,
        DirichletConstraint constraint,
        ParameterSpace parameterSpace,
        List<CsrMatrix> operatorTerms,
        List<ParameterFunctional> operatorCoefficients,
        List<double[]> rhsTerms,
        List<ParameterFunctional> rhsCoefficients,
        Map<String, CsrMatrix> products,
        Map<String, double[]> outputs) {

    public AffineDiscretization {
        DimensionMismatchException.check(
                "operator coefficients (one per term)", operatorTerms.size(), operatorCoefficients.size());
        DimensionMismatchException.check(
                "right-hand side coefficients (one per term)", rhsTerms.size(), rhsCoefficients.size());
        operatorTerms = List.copyOf(operatorTerms);
        operatorCoefficients = List.copyOf(operatorCoefficients);
        rhsTerms = List.copyOf(rhsTerms);
        rhsCoefficients = List.copyOf(rhsCoefficients);
        products = Map.copyOf(products);
        outputs = Map.copyOf(outputs);
    }

    /** The same discretization with one more linear output {@code s = l^T u} (l on the free dofs). */
    public AffineDiscretization withOutput(String name, double[] functional) {
        DimensionMismatchException.check("output functional length", dim(), functional.length);
        if (outputs.containsKey(name)) {
            throw new org.jrom.JromException("the discretization already has an output '" + name + "'");
        }
        Map<String, double[]> more = new java.util.LinkedHashMap<>(outputs);
        more.put(name, functional.clone());
        return new AffineDiscretization(
                space,
                constraint,
                parameterSpace,
                operatorTerms,
                operatorCoefficients,
                rhsTerms,
                rhsCoefficients,
                products,
                more);
    }

    /** Size of the linear system (free dofs). */
    public int dim() {
        return constraint.freeDim();
    }

    /** {@code A(mu)} assembled as one sparse matrix (union pattern of the terms). */
    public CsrMatrix operator(Parameter mu) {
        double[] theta = new double[operatorTerms.size()];
        for (int q = 0; q < theta.length; q++) {
            theta[q] = operatorCoefficients.get(q).evaluate(mu);
        }
        return CsrMatrix.linearCombination(theta, operatorTerms.toArray(CsrMatrix[]::new));
    }

    /** {@code b(mu)}. */
    public double[] rhs(Parameter mu) {
        double[] b = new double[dim()];
        for (int p = 0; p < rhsTerms.size(); p++) {
            double phi = rhsCoefficients.get(p).evaluate(mu);
            double[] t = rhsTerms.get(p);
            for (int i = 0; i < b.length; i++) {
                b[i] += phi * t[i];
            }
        }
        return b;
    }

    /** The high-fidelity model: affine operator and right-hand side, outputs and products. */
    public StationaryModel toModel() {
        List<Operator> a = new ArrayList<>();
        operatorTerms.forEach(m -> a.add(MatrixOperator.of(m)));
        List<Operator> f = new ArrayList<>();
        rhsTerms.forEach(v -> f.add(MatrixOperator.of(DenseMatrix.wrap(v.length, 1, v.clone()))));
        StationaryModel.Builder b = StationaryModel.builder(
                parameterSpace, new LincombOperator(a, operatorCoefficients), new LincombOperator(f, rhsCoefficients));
        outputs.forEach((name, l) -> b.output(name, MatrixOperator.of(DenseMatrix.wrap(1, l.length, l.clone()))));
        products.forEach((name, x) -> b.product(name, MatrixOperator.of(x)));
        return b.build();
    }
}

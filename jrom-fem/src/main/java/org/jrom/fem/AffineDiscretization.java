package org.jrom.fem;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DimensionMismatchException;

/**
 * A discretized parametrized linear problem in affine form on the free degrees of freedom:
 * {@code A(mu) = sum_q theta_q(mu) A_q}, {@code b(mu) = sum_p phi_p(mu) b_p}, with named inner
 * products (e.g. {@code h1_0_semi}, {@code l2}) and linear output functionals {@code s(mu) = l^T
 * u(mu)}. The space and the constraint map free vectors back to full fields on the mesh.
 */
public record AffineDiscretization(
        P1Space space,
        DirichletConstraint constraint,
        List<CsrMatrix> operatorTerms,
        List<ToDoubleFunction<double[]>> operatorCoefficients,
        List<double[]> rhsTerms,
        List<ToDoubleFunction<double[]>> rhsCoefficients,
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

    /** Size of the linear system (free dofs). */
    public int dim() {
        return constraint.freeDim();
    }

    /** {@code A(mu)} assembled as one sparse matrix (union pattern of the terms). */
    public CsrMatrix operator(double[] mu) {
        double[] theta = new double[operatorTerms.size()];
        for (int q = 0; q < theta.length; q++) {
            theta[q] = operatorCoefficients.get(q).applyAsDouble(mu);
        }
        return CsrMatrix.linearCombination(theta, operatorTerms.toArray(CsrMatrix[]::new));
    }

    /** {@code b(mu)}. */
    public double[] rhs(double[] mu) {
        double[] b = new double[dim()];
        for (int p = 0; p < rhsTerms.size(); p++) {
            double phi = rhsCoefficients.get(p).applyAsDouble(mu);
            double[] t = rhsTerms.get(p);
            for (int i = 0; i < b.length; i++) {
                b[i] += phi * t[i];
            }
        }
        return b;
    }
}

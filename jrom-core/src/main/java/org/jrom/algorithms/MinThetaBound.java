package org.jrom.algorithms;

import java.util.List;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.CoercivityBound;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;

/**
 * The min-theta coercivity bound for parametrically coercive operators {@code A(mu) = sum_q
 * theta_q(mu) A_q} with {@code theta_q > 0} and every {@code A_q} symmetric positive semidefinite
 * (Patera, Rozza 2007; Rozza, Huynh, Patera 2008, sec. 4.2): {@code alpha(mu) >= min_q theta_q(mu)
 * / theta_q(mu_ref) * alpha(mu_ref)}. With the energy product at {@code mu_ref} as inner product,
 * {@code alpha(mu_ref) = 1}.
 */
public final class MinThetaBound implements CoercivityBound {
    static final String KIND = "min-theta";

    private final ParameterFunctional[] thetas;
    private final double[] referenceThetas;
    private final double referenceAlpha;
    private final String description;

    private MinThetaBound(
            ParameterFunctional[] thetas, double[] referenceThetas, double referenceAlpha, String description) {
        this.thetas = thetas;
        this.referenceThetas = referenceThetas;
        this.referenceAlpha = referenceAlpha;
        this.description = description;
    }

    /**
     * The bound for an affine operator relative to {@code mu_ref}, where {@code alphaRef} is the
     * coercivity constant of {@code A(mu_ref)} in the chosen inner product (1 for the energy
     * product at {@code mu_ref}).
     */
    public static MinThetaBound of(LincombOperator operator, Parameter referenceMu, double alphaRef) {
        if (!(alphaRef > 0)) {
            throw new JromException("the reference coercivity constant must be positive, found " + alphaRef);
        }
        ParameterFunctional[] thetas = operator.coefficients().toArray(ParameterFunctional[]::new);
        double[] ref = new double[thetas.length];
        for (int q = 0; q < ref.length; q++) {
            ref[q] = thetas[q].evaluate(referenceMu);
            if (!(ref[q] > 0)) {
                throw new JromException("min-theta needs positive coefficients; theta_" + q + " ("
                        + thetas[q].describe() + ") is " + ref[q] + " at the reference parameter " + referenceMu);
            }
        }
        return new MinThetaBound(
                thetas, ref, alphaRef, "min-theta at " + referenceMu + " (alpha_ref = " + alphaRef + ")");
    }

    static MinThetaBound fromArrays(Map<String, DenseMatrix> arrays, List<ParameterFunctional> thetas) {
        double[] ref =
                CoercivityBound.require(arrays, KIND, "reference_thetas").data().clone();
        double alpha = CoercivityBound.require(arrays, KIND, "reference_alpha").get(0, 0);
        if (ref.length != thetas.size()) {
            throw new JromException("min-theta bound has " + ref.length + " reference coefficients for " + thetas.size()
                    + " affine terms");
        }
        return new MinThetaBound(
                thetas.toArray(ParameterFunctional[]::new), ref, alpha, "min-theta (alpha_ref = " + alpha + ")");
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, DenseMatrix> arrays() {
        return Map.of(
                "reference_thetas",
                DenseMatrix.wrap(referenceThetas.length, 1, referenceThetas.clone()),
                "reference_alpha",
                DenseMatrix.ofRows(new double[] {referenceAlpha}));
    }

    @Override
    public double lowerBound(Parameter mu) {
        double m = Double.POSITIVE_INFINITY;
        for (int q = 0; q < thetas.length; q++) {
            double t = thetas[q].evaluate(mu);
            if (!(t > 0)) {
                throw new JromException("min-theta needs positive coefficients; theta_" + q + " ("
                        + thetas[q].describe() + ") is " + t + " at " + mu);
            }
            m = Math.min(m, t / referenceThetas[q]);
        }
        return m * referenceAlpha;
    }

    @Override
    public String describe() {
        return description;
    }
}

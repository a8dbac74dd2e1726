package org.jrom.algorithms;

import java.util.List;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.CoercivityBound;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;

/**
 * The min-theta coercivity bound for parametrically coercive operators {@code A(mu) = sum_q
 * theta_q(mu) A_q} with {@code theta_q > 0} and the symmetric part of every {@code A_q} positive
 * semidefinite (Patera, Rozza 2007; Rozza, Huynh, Patera 2008, sec. 4.2): {@code alpha(mu) >= min_q
 * theta_q(mu) / theta_q(mu_ref) * alpha(mu_ref)}, alpha being the coercivity constant {@code inf_v
 * v^T A v / v^T X v}, which only sees the symmetric part. With the energy product at {@code mu_ref}
 * (of the symmetric part) as inner product, {@code alpha(mu_ref) = 1}.
 *
 * <p>A term that is exactly skew-symmetric ({@link CsrMatrix#isSkewSymmetric}, e.g. a convection
 * term {@code int (b . grad u) v} in skew-symmetric form) has {@code v^T A_q v = 0} for every v: it
 * does not enter the bound, and its coefficient may take any sign.
 */
public final class MinThetaBound implements CoercivityBound {
    static final String KIND = "min-theta";

    private final ParameterFunctional[] thetas;
    private final double[] referenceThetas;
    private final boolean[] skew;
    private final double referenceAlpha;
    private final String description;

    private MinThetaBound(
            ParameterFunctional[] thetas,
            double[] referenceThetas,
            boolean[] skew,
            double referenceAlpha,
            String description) {
        this.thetas = thetas;
        this.referenceThetas = referenceThetas;
        this.skew = skew;
        this.referenceAlpha = referenceAlpha;
        this.description = description;
    }

    /**
     * The bound for an affine operator relative to {@code mu_ref}, where {@code alphaRef} is the
     * coercivity constant of {@code A(mu_ref)} in the chosen inner product (1 for the energy
     * product at {@code mu_ref}). Terms that are sparse matrices and exactly skew-symmetric are left
     * out.
     */
    public static MinThetaBound of(LincombOperator operator, Parameter referenceMu, double alphaRef) {
        if (!(alphaRef > 0)) {
            throw new JromException("the reference coercivity constant must be positive, found " + alphaRef);
        }
        ParameterFunctional[] thetas = operator.coefficients().toArray(ParameterFunctional[]::new);
        double[] ref = new double[thetas.length];
        boolean[] skew = new boolean[thetas.length];
        int skewCount = 0;
        for (int q = 0; q < ref.length; q++) {
            skew[q] = operator.terms().get(q) instanceof MatrixOperator m
                    && (m.matrix() instanceof CsrMatrix c
                            ? c.isSkewSymmetric()
                            : m.matrix() instanceof DenseMatrix d
                                    && d.rows() == d.cols()
                                    && CsrMatrix.fromDense(d).isSkewSymmetric());
            if (skew[q]) {
                skewCount++;
                ref[q] = 1.0; // never used; positive like every stored reference coefficient
                continue;
            }
            ref[q] = thetas[q].evaluate(referenceMu);
            if (!(ref[q] > 0)) {
                throw new JromException("min-theta needs positive coefficients; theta_" + q + " ("
                        + thetas[q].describe() + ") is " + ref[q] + " at the reference parameter " + referenceMu);
            }
        }
        requireSymmetricPart(skewCount, thetas.length);
        return new MinThetaBound(
                thetas,
                ref,
                skew,
                alphaRef,
                "min-theta at " + referenceMu + " (alpha_ref = " + alphaRef + ")" + skewNote(skewCount));
    }

    /** With every term left out the minimum would be over nothing: +infinity, a bound of 0. */
    private static void requireSymmetricPart(int skewCount, int terms) {
        if (skewCount == terms) {
            throw new JromException("min-theta needs a term with a symmetric part; all " + terms
                    + " terms are skew-symmetric or zero, so the operator is not coercive");
        }
    }

    private static String skewNote(int skewCount) {
        return skewCount == 0
                ? ""
                : "; " + skewCount
                        + (skewCount == 1
                                ? " term has no symmetric part (skew-symmetric or zero) and does not enter it"
                                : " terms have no symmetric part (skew-symmetric or zero) and do not enter it");
    }

    static MinThetaBound fromArrays(Map<String, DenseMatrix> arrays, List<ParameterFunctional> thetas) {
        double[] ref =
                CoercivityBound.require(arrays, KIND, "reference_thetas").data().clone();
        double alpha = CoercivityBound.require(arrays, KIND, "reference_alpha").get(0, 0);
        if (ref.length != thetas.size()) {
            throw new JromException("min-theta bound has " + ref.length + " reference coefficients for " + thetas.size()
                    + " affine terms");
        }
        boolean[] skew = new boolean[ref.length];
        int skewCount = 0;
        DenseMatrix flags = arrays.get("skew_terms"); // absent in files of symmetric operators
        if (flags != null) {
            if (flags.rows() != ref.length || flags.cols() != 1) {
                throw new JromException("min-theta bound has " + flags.rows() + "x" + flags.cols()
                        + " skew-term flags for " + ref.length + " affine terms, expected " + ref.length + "x1");
            }
            for (int q = 0; q < ref.length; q++) {
                double f = flags.data()[q];
                if (f != 0 && f != 1) {
                    throw new JromException("min-theta bound: skew-term flag " + q + " is " + f + ", expected 0 or 1");
                }
                skew[q] = f == 1;
                skewCount += skew[q] ? 1 : 0;
            }
        }
        requireSymmetricPart(skewCount, ref.length);
        for (int q = 0; q < ref.length; q++) {
            if (!(ref[q] > 0)) {
                throw new JromException("min-theta bound: reference coefficient " + q + " is " + ref[q]
                        + ", expected a positive number");
            }
        }
        return new MinThetaBound(
                thetas.toArray(ParameterFunctional[]::new),
                ref,
                skew,
                alpha,
                "min-theta (alpha_ref = " + alpha + ")" + skewNote(skewCount));
    }

    /**
     * The terms left out as skew-symmetric (a copy): a reader checks that their reduced terms are
     * skew to round-off, so that a file flagging a term wrongly cannot raise the bound.
     */
    public boolean[] skewTerms() {
        return skew.clone();
    }

    @Override
    public MinThetaBound withCoefficients(List<ParameterFunctional> thetas) {
        return fromArrays(arrays(), thetas);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, DenseMatrix> arrays() {
        Map<String, DenseMatrix> arrays = new java.util.LinkedHashMap<>();
        arrays.put("reference_thetas", DenseMatrix.wrap(referenceThetas.length, 1, referenceThetas.clone()));
        arrays.put("reference_alpha", DenseMatrix.ofRows(new double[] {referenceAlpha}));
        double[] flags = new double[skew.length];
        boolean any = false;
        for (int q = 0; q < skew.length; q++) {
            flags[q] = skew[q] ? 1 : 0;
            any |= skew[q];
        }
        if (any) {
            arrays.put("skew_terms", DenseMatrix.wrap(flags.length, 1, flags));
        }
        return arrays;
    }

    @Override
    public double lowerBound(Parameter mu) {
        double m = Double.POSITIVE_INFINITY;
        for (int q = 0; q < thetas.length; q++) {
            if (skew[q]) {
                continue;
            }
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

package org.jrom.operators;

import java.util.ArrayList;
import java.util.List;
import org.jrom.linalg.CsrCombination;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.VectorArray;
import org.jrom.parameters.Parameter;

/**
 * The affine form {@code A(mu) = sum_q theta_q(mu) A_q} that the offline/online split of the
 * reduced basis method rests on: each term is projected once offline, and online only the
 * coefficients {@code theta_q(mu)} are evaluated.
 */
public final class LincombOperator implements Operator {
    private final List<Operator> terms;
    private final List<ParameterFunctional> coefficients;
    // A(mu) when every term is a sparse MatrixOperator (null otherwise): on the terms' union
    // pattern, with one Cholesky analysis for every mu, both prepared on first assembly.
    private final CsrCombination sparse;

    public LincombOperator(List<Operator> terms, List<ParameterFunctional> coefficients) {
        if (terms.isEmpty()) {
            throw new DimensionMismatchException("a linear combination needs at least one term");
        }
        DimensionMismatchException.check("number of coefficients (one per term)", terms.size(), coefficients.size());
        for (Operator t : terms) {
            DimensionMismatchException.check(
                    "source dimension of a term", terms.get(0).sourceDim(), t.sourceDim());
            DimensionMismatchException.check(
                    "range dimension of a term", terms.get(0).rangeDim(), t.rangeDim());
        }
        this.terms = List.copyOf(terms);
        this.coefficients = List.copyOf(coefficients);
        this.sparse =
                this.terms.stream().allMatch(t -> t instanceof MatrixOperator m && m.matrix() instanceof CsrMatrix)
                        ? CsrCombination.of(this.terms.stream()
                                .map(t -> (CsrMatrix) ((MatrixOperator) t).matrix())
                                .toArray(CsrMatrix[]::new))
                        : null;
    }

    /** The operators {@code A_q}. */
    public List<Operator> terms() {
        return terms;
    }

    /** The coefficient functionals {@code theta_q}. */
    public List<ParameterFunctional> coefficients() {
        return coefficients;
    }

    /** The coefficients {@code theta_q(mu)}. */
    public double[] evaluateCoefficients(Parameter mu) {
        double[] theta = new double[terms.size()];
        for (int q = 0; q < theta.length; q++) {
            theta[q] = coefficients.get(q).evaluate(mu);
        }
        return theta;
    }

    @Override
    public int sourceDim() {
        return terms.get(0).sourceDim();
    }

    @Override
    public int rangeDim() {
        return terms.get(0).rangeDim();
    }

    @Override
    public boolean isParametric() {
        return true;
    }

    @Override
    public VectorArray apply(VectorArray u, Parameter mu) {
        double[] theta = evaluateCoefficients(mu);
        VectorArray result = VectorArray.zeros(rangeDim(), u.count());
        for (int q = 0; q < theta.length; q++) {
            result.axpy(theta[q], terms.get(q).apply(u, mu));
        }
        return result;
    }

    @Override
    public boolean hasAdjoint() {
        return terms.stream().allMatch(Operator::hasAdjoint);
    }

    @Override
    public VectorArray applyAdjoint(VectorArray v, Parameter mu) {
        double[] theta = evaluateCoefficients(mu);
        VectorArray result = VectorArray.zeros(sourceDim(), v.count());
        for (int q = 0; q < theta.length; q++) {
            result.axpy(theta[q], terms.get(q).applyAdjoint(v, mu));
        }
        return result;
    }

    @Override
    public VectorArray applyInverse(VectorArray v, Parameter mu) {
        return assemble(mu).applyInverse(v, mu);
    }

    /**
     * {@code A(mu)} as one matrix: sparse terms are summed on the union of their patterns (so the
     * pattern does not depend on mu, and fixed sparse terms share one Cholesky analysis over all
     * mu), dense terms entrywise.
     */
    @Override
    public MatrixOperator assemble(Parameter mu) {
        double[] theta = evaluateCoefficients(mu);
        if (sparse != null) {
            return MatrixOperator.of(sparse.at(theta), sparse);
        }
        List<MatrixOperator> assembled = new ArrayList<>(terms.size());
        for (Operator t : terms) {
            assembled.add(t.assemble(mu));
        }
        if (assembled.stream().allMatch(m -> m.matrix() instanceof CsrMatrix)) {
            CsrMatrix[] mats =
                    assembled.stream().map(m -> (CsrMatrix) m.matrix()).toArray(CsrMatrix[]::new);
            return MatrixOperator.of(CsrMatrix.linearCombination(theta, mats));
        }
        DenseMatrix sum = DenseMatrix.zeros(rangeDim(), sourceDim());
        for (int q = 0; q < theta.length; q++) {
            var m = assembled.get(q).matrix();
            DenseMatrix d = m instanceof DenseMatrix dm ? dm : ((CsrMatrix) m).toDense();
            sum = sum.plus(theta[q], d);
        }
        return MatrixOperator.of(sum);
    }

    @Override
    public DenseMatrix project(VectorArray range, VectorArray source, Parameter mu) {
        double[] theta = evaluateCoefficients(mu);
        DenseMatrix sum = DenseMatrix.zeros(range.count(), source.count());
        for (int q = 0; q < theta.length; q++) {
            sum = sum.plus(theta[q], terms.get(q).project(range, source, mu));
        }
        return sum;
    }
}

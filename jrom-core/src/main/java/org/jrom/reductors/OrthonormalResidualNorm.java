package org.jrom.reductors;

import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.GramSchmidt;
import org.jrom.linalg.LinearMap;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ReducedModel;

/**
 * The round-off-stable evaluation of Buhr, Engwer, Ohlberger and Rave (2014): the Riesz
 * representers of the residual terms are orthonormalized in X with re-orthogonalization,
 * {@code rho = Q R}, so that {@code ||r||_{X'} = ||sum_k gamma_k rho_k||_X = ||R gamma||_2}. The
 * online sum has no cancellation: its absolute error is about {@code eps ||f||}, not {@code
 * sqrt(eps) ||f||}.
 */
final class OrthonormalResidualNorm extends ResidualNorm {
    private VectorArray basis; // X-orthonormal
    private DenseMatrix r = DenseMatrix.zeros(0, 0); // basis count x term count, upper trapezoidal
    private int[] rowsAtTerm = new int[0]; // basis size after term k was added

    @Override
    void extend(VectorArray terms, VectorArray representers, LinearMap product) {
        if (basis == null) {
            basis = VectorArray.empty(representers.dim());
        }
        int oldRows = basis.count();
        int oldCols = r.cols();
        // The representers are the estimator's largest data: orthonormalized where they are
        // appended, so that a greedy step copies none of them.
        basis.append(representers);
        GramSchmidt.Result gs;
        try {
            // Drop only exact zeros: dropping a nearly dependent representer would discard its
            // remainder, an error of the order of the tolerance times ||f||.
            gs = GramSchmidt.orthonormalizeInPlace(
                    basis,
                    product,
                    GramSchmidt.Options.defaults().withOffset(oldRows).withDropTolerance(0.0));
        } catch (RuntimeException | Error e) {
            basis.truncate(oldRows);
            throw e;
        }
        DenseMatrix coefficients = gs.r(); // basis count x (oldRows + new)
        int rows = basis.count();
        int cols = oldCols + representers.count();
        DenseMatrix grown = DenseMatrix.zeros(rows, cols);
        for (int j = 0; j < oldCols; j++) {
            for (int i = 0; i < oldRows; i++) {
                grown.set(i, j, r.get(i, j));
            }
        }
        for (int k = 0; k < representers.count(); k++) {
            for (int i = 0; i < rows; i++) {
                grown.set(i, oldCols + k, coefficients.get(i, oldRows + k));
            }
        }
        int[] at = java.util.Arrays.copyOf(rowsAtTerm, cols);
        int[] kept = gs.kept();
        for (int k = 0; k < representers.count(); k++) {
            int count = 0;
            for (int index : kept) {
                if (index <= oldRows + k) {
                    count++;
                }
            }
            at[oldCols + k] = count;
        }
        r = grown;
        rowsAtTerm = at;
    }

    @Override
    ReducedModel.ResidualEvaluator online(int termCount, int basisSize, CoefficientSamples samples) {
        int rows = termCount == 0 ? 0 : rowsAtTerm[termCount - 1];
        return OrthonormalEvaluator.compress(r.subMatrix(0, rows, 0, termCount));
    }
}

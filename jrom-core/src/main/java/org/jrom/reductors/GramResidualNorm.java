package org.jrom.reductors;

import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.LinearMap;
import org.jrom.linalg.RoundOff;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ReducedModel;

/**
 * The classic evaluation {@code ||r||^2 = gamma^T G gamma} with {@code G_kl = g_k^T X^{-1} g_l}
 * (Prud'homme, Rovas, Veroy, Patera et al. 2002). Kept for comparison: it stagnates near
 * {@code sqrt(eps)} relative accuracy.
 */
final class GramResidualNorm extends ResidualNorm {
    private VectorArray representers;
    private DenseMatrix gram = DenseMatrix.zeros(0, 0);

    @Override
    void extend(VectorArray terms, VectorArray newRepresenters, LinearMap product) {
        if (representers == null) {
            representers = VectorArray.empty(terms.dim());
        }
        int old = representers.count();
        representers.append(newRepresenters);
        int total = representers.count();
        // Entries (new, all) = g_new^T rho_all; symmetric in exact arithmetic.
        DenseMatrix block = terms.inner(representers);
        DenseMatrix g = DenseMatrix.zeros(total, total);
        for (int j = 0; j < old; j++) {
            for (int i = 0; i < old; i++) {
                g.set(i, j, gram.get(i, j));
            }
        }
        for (int k = 0; k < terms.count(); k++) {
            for (int l = 0; l < total; l++) {
                double v = block.get(k, l);
                g.set(old + k, l, v);
                g.set(l, old + k, v);
            }
        }
        for (int k = 0; k < terms.count(); k++) {
            for (int l = 0; l < terms.count(); l++) {
                double v = 0.5 * (block.get(k, old + l) + block.get(l, old + k));
                g.set(old + k, old + l, v);
            }
        }
        gram = g;
    }

    @Override
    ReducedModel.ResidualEvaluator online(int termCount, int basisSize, CoefficientSamples samples) {
        return evaluator(gram.subMatrix(0, termCount, 0, termCount));
    }

    /**
     * The online evaluator of a Gram matrix G: {@code sqrt(max(0, gamma^T G gamma))}. Its upper
     * bound: the computed {@code gamma^T G gamma} (d products of d terms, then a sum of d) is within
     * {@code gamma_{2d} |gamma|^T |G| |gamma|} of the exact one (Higham 2002, sec. 3.1), which is
     * where the GRAM evaluation's {@code sqrt(eps)} floor comes from.
     */
    static ReducedModel.ResidualEvaluator evaluator(DenseMatrix g) {
        int termCount = g.rows();
        double[] gd = g.data();
        return new ArrayResidualEvaluator(ResidualNormEvaluation.GRAM, g, termCount) {
            @Override
            public double norm(double[] gamma) {
                double s = 0;
                for (int l = 0; l < termCount; l++) {
                    double t = 0;
                    int col = l * termCount;
                    for (int k = 0; k < termCount; k++) {
                        t += gd[col + k] * gamma[k];
                    }
                    s += gamma[l] * t;
                }
                return Math.sqrt(Math.max(0.0, s));
            }

            @Override
            public double upperBound(double computed, double[] gammas, int offset) {
                double s = 0;
                for (int l = 0; l < termCount; l++) {
                    double t = 0;
                    int col = l * termCount;
                    for (int k = 0; k < termCount; k++) {
                        t += Math.abs(gd[col + k] * gammas[offset + k]);
                    }
                    s += Math.abs(gammas[offset + l]) * t;
                }
                double squared = computed * computed * (1 + RoundOff.gamma(2))
                        + RoundOff.gamma(2L * termCount) * s * (1 + RoundOff.gamma(2L * termCount));
                return Math.sqrt(squared) * (1 + RoundOff.gamma(2));
            }
        };
    }
}

package org.jrom.algorithms;

import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;

/**
 * Empirical interpolation of a family of vectors (Barrault, Maday, Nguyen, Patera 2004; the
 * discrete form of Chaturantabut and Sorensen 2010), in the round-off-stable Newton form: the greedy
 * picks the sample and entry with the largest interpolation error, and the basis vectors are the
 * normalized errors {@code q_m = e_m / e_m[k_m]}, so that the interpolation matrix {@code B_ij =
 * q_j[k_i]} is unit lower triangular with entries of modulus at most 1 and the online solve is a
 * forward substitution without cancellation-prone pivots. On a matrix of samples this greedy is
 * Gaussian elimination with complete pivoting.
 */
public final class Eim {
    private Eim() {}

    /**
     * The norm in which the greedy measures each sample's interpolation error to pick the next
     * sample (Casenave, Ern, Lelievre 2015, "Variants of the EIM": the approximation exists and the
     * greedy converges for any norm); the magic entry is then the sample's largest entry in modulus.
     */
    @FunctionalInterface
    public interface Norm {
        /** The norm of {@code v[offset .. offset + length)}. */
        double of(double[] v, int offset, int length);

        /** The max norm: the classical greedy, the sample and entry of the largest error. */
        Norm LINF = (v, offset, length) -> {
            double max = 0;
            for (int i = offset; i < offset + length; i++) {
                max = Math.max(max, Math.abs(v[i]));
            }
            return max;
        };

        /** The Euclidean norm. */
        Norm L2 = org.jrom.linalg.VectorArray::euclideanNorm;

        /** The norm {@code (v^T X v)^(1/2)} of an inner-product matrix X (an energy norm, the mass matrix's L2). */
        static Norm of(org.jrom.linalg.LinearMap x) {
            return (v, offset, length) -> {
                double[] y = new double[length];
                x.apply(v, offset, y, 0);
                double s = 0;
                for (int i = 0; i < length; i++) {
                    s += v[offset + i] * y[i];
                }
                return Math.sqrt(Math.max(0, s));
            };
        }
    }

    /**
     * The interpolation built by the greedy.
     *
     * @param basis the basis {@code q_1..q_M} (rows: the index set, columns: the terms)
     * @param magicIndices the interpolation entries {@code k_1..k_M}
     * @param selectedSamples the samples (columns of the input) the greedy picked, in order
     * @param interpolationMatrix {@code B_ij = q_j[k_i]}, unit lower triangular
     * @param maxErrors the largest interpolation error over the samples (in the greedy's norm, the
     *     max norm unless another was chosen) before each step and after the last one
     */
    public record Result(
            DenseMatrix basis,
            int[] magicIndices,
            int[] selectedSamples,
            DenseMatrix interpolationMatrix,
            double[] maxErrors) {

        /** The number of terms M. */
        public int size() {
            return magicIndices.length;
        }

        /** The interpolation of the first m terms (the greedy is nested: the same as stopping it there). */
        public Result truncate(int m) {
            if (m < 0 || m > size()) {
                throw new JromException("an EIM of " + size() + " terms has no first " + m);
            }
            return new Result(
                    basis.subMatrix(0, basis.rows(), 0, m),
                    java.util.Arrays.copyOf(magicIndices, m),
                    java.util.Arrays.copyOf(selectedSamples, m),
                    interpolationMatrix.subMatrix(0, m, 0, m),
                    java.util.Arrays.copyOf(maxErrors, m + 1));
        }

        /**
         * The change of basis from the Newton basis to the selected samples, {@code P = B U}: column j
         * of U holds the Newton coefficients of the j-th selected sample, whose value at the i-th magic
         * entry is {@code selectedValue.at(i, j)}. It was interpolated with j terms when it was picked,
         * so U is upper triangular; its part below the diagonal is round-off and set to zero.
         */
        public DenseMatrix changeOfBasis(SelectedValues selectedValue) {
            int m = size();
            double[] b = interpolationMatrix.data();
            DenseMatrix u = DenseMatrix.zeros(m, m);
            double[] column = new double[m];
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < m; i++) {
                    column[i] = selectedValue.at(i, j);
                }
                forwardSubstitute(b, m, column);
                for (int i = 0; i <= j; i++) {
                    u.set(i, j, column[i]);
                }
            }
            return u;
        }

        /** The interpolant {@code Q B^-1 v[k]} of a vector v from its values at the magic entries. */
        public double[] interpolate(double[] v) {
            int m = size();
            double[] c = new double[m];
            for (int i = 0; i < m; i++) {
                c[i] = v[magicIndices[i]];
            }
            coefficientsInPlace(c);
            int n = basis.rows();
            double[] q = basis.data();
            double[] out = new double[n];
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < n; i++) {
                    out[i] += q[i + j * n] * c[j];
                }
            }
            return out;
        }

        /**
         * The interpolation coefficients of a vector from its values at the magic entries, {@code B c
         * = v[k]} (forward substitution, in place: {@code values} becomes c).
         */
        public void coefficientsInPlace(double[] values) {
            forwardSubstitute(interpolationMatrix.data(), size(), values);
        }
    }

    /** The value of the j-th selected sample at the i-th magic entry (its unscaled data). */
    @FunctionalInterface
    public interface SelectedValues {
        double at(int magic, int selected);
    }

    /** Solves {@code B c = v} in place for a unit lower-triangular column-major {@code m x m} B. */
    public static void forwardSubstitute(double[] b, int m, double[] v) {
        for (int j = 0; j < m; j++) {
            double cj = v[j];
            if (cj != 0) {
                int col = j * m;
                for (int i = j + 1; i < m; i++) {
                    v[i] -= b[col + i] * cj;
                }
            }
        }
    }

    /**
     * Runs the greedy on the columns of {@code samples} for at most {@code maxTerms} terms, stopping
     * early when the largest error is at most {@code tolerance} (absolute, max norm) or exactly zero.
     */
    public static Result greedy(DenseMatrix samples, int maxTerms, double tolerance) {
        return greedy(samples, maxTerms, tolerance, Norm.LINF);
    }

    /**
     * The greedy with the sample chosen by the largest interpolation error in {@code norm}; {@code
     * tolerance} and {@link Result#maxErrors()} are in that norm. With {@link Norm#LINF} it is {@link
     * #greedy(DenseMatrix, int, double)}.
     */
    public static Result greedy(DenseMatrix samples, int maxTerms, double tolerance, Norm norm) {
        return greedy(samples, maxTerms, tolerance, norm, null);
    }

    /**
     * The greedy with the magic entries restricted to {@code candidates} (null: any entry): the
     * sample is still the one of largest error in {@code norm} over all entries, its magic entry the
     * candidate where its error is largest. The greedy stops early when that sample's error is at
     * round-off (1e-12 of the largest sample entry) at every candidate: the candidates cannot see what
     * is left, and a round-off pivot would make the next term noise. B keeps entries of modulus at
     * most 1; the basis off the candidates may grow.
     */
    public static Result greedy(DenseMatrix samples, int maxTerms, double tolerance, Norm norm, boolean[] candidates) {
        if (candidates != null && candidates.length != samples.rows()) {
            throw new JromException(
                    "EIM candidates: " + candidates.length + " flags for " + samples.rows() + " entries");
        }
        if (maxTerms < 0 || !(tolerance >= 0)) {
            throw new JromException("EIM needs maxTerms >= 0 and tolerance >= 0, found " + maxTerms + ", " + tolerance);
        }
        org.jrom.linalg.NonFiniteValueException.requireFinite("EIM samples", samples.data());
        int d = samples.rows();
        int count = samples.cols();
        int limit = Math.min(maxTerms, Math.min(d, count));
        double[] e = samples.data().clone(); // the interpolation errors, column-major d x count
        double entryScale = 0; // the largest sample entry: below 1e-12 of it a restricted pivot is round-off
        for (double v : e) {
            entryScale = Math.max(entryScale, Math.abs(v));
        }
        double[] q = new double[d * limit];
        int[] rows = new int[limit];
        int[] cols = new int[limit];
        double[] maxErrors = new double[limit + 1];
        int m = 0;
        while (true) {
            int j = 0;
            double max = 0;
            for (int t = 0; t < count; t++) {
                double v = norm.of(e, t * d, d);
                if (v > max) {
                    max = v;
                    j = t;
                }
            }
            maxErrors[m] = max;
            if (m == limit || max == 0 || max <= tolerance) {
                break;
            }
            int k = 0;
            double largest = 0;
            for (int i = 0; i < d; i++) {
                double v = Math.abs(e[j * d + i]);
                if (v > largest && (candidates == null || candidates[i])) {
                    largest = v;
                    k = i;
                }
            }
            if (largest == 0 || candidates != null && largest <= 1e-12 * entryScale) {
                break; // the candidates see nothing (but round-off) of the largest error left
            }
            int arg = j * d + k;
            double pivot = e[arg];
            int qm = m * d;
            for (int i = 0; i < d; i++) {
                q[qm + i] = e[j * d + i] / pivot;
            }
            q[qm + k] = 1.0; // exactly
            // e <- e - q_m e[k, :] column by column: the error of interpolating with m+1 terms.
            for (int t = 0; t < count; t++) {
                int col = t * d;
                double ek = e[col + k];
                if (ek != 0) {
                    for (int i = 0; i < d; i++) {
                        e[col + i] -= q[qm + i] * ek;
                    }
                    e[col + k] = 0.0; // exactly interpolated at the magic entry
                }
            }
            rows[m] = k;
            cols[m] = j;
            m++;
        }
        DenseMatrix basis = DenseMatrix.wrap(d, m, java.util.Arrays.copyOf(q, d * m));
        DenseMatrix b = DenseMatrix.zeros(m, m);
        for (int jj = 0; jj < m; jj++) {
            for (int i = 0; i < m; i++) {
                b.set(i, jj, basis.get(rows[i], jj));
            }
        }
        return new Result(
                basis,
                java.util.Arrays.copyOf(rows, m),
                java.util.Arrays.copyOf(cols, m),
                b,
                java.util.Arrays.copyOf(maxErrors, m + 1));
    }
}

package org.jrom.hyperreduction;

import java.util.Arrays;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.QrDecomposition;
import org.jrom.linalg.VectorArray;

/**
 * Gappy-POD (Everson and Sirovich, JOSA A 12(8), 1995): a field {@code v ~ Phi c} rebuilt from its
 * values at the samples S, {@code c = argmin ||Phi_S c - v_S||_2}, for a basis Phi (n x k,
 * orthonormal columns) and {@code |S| >= k}. Prepared once (QR of {@code Phi_S}, O(|S| k^2), and
 * its singular values); online O(|S| k) for the coefficients and O(nk) for the field, nothing of
 * size n allocated but the optional output. A perturbation e of the samples moves the field by at
 * most {@code ||e|| / sigma_min(Phi_S)}.
 */
public final class GappyPod {
    private final VectorArray basis;
    private final int[] samples;
    private final DenseMatrix sampled; // Phi_S, |S| x k
    private final QrDecomposition sampledBasis;
    private final double[] singularValues;

    private GappyPod(
            VectorArray basis,
            int[] samples,
            DenseMatrix sampled,
            QrDecomposition sampledBasis,
            double[] singularValues) {
        this.basis = basis;
        this.samples = samples;
        this.sampled = sampled;
        this.sampledBasis = sampledBasis;
        this.singularValues = singularValues;
    }

    /**
     * Prepares the reconstruction from the samples S of the basis Phi (copied).
     *
     * @throws IllPosedSamplesException if {@code |S| < k}, a sample is out of range or repeated, or
     *     {@code Phi_S} is numerically rank deficient ({@code sigma_min <= max(|S|, k) eps
     *     sigma_max})
     */
    public static GappyPod prepare(VectorArray basis, int[] samples) {
        int n = basis.dim();
        int k = basis.count();
        basis.requireFinite("Gappy-POD basis");
        if (samples.length < k) {
            throw new IllPosedSamplesException("Gappy-POD needs at least as many samples as modes: " + k + " modes, "
                    + samples.length + " samples");
        }
        boolean[] seen = new boolean[n];
        for (int s : samples) {
            if (s < 0 || s >= n) {
                throw new IllPosedSamplesException("sample index " + s + " outside a field of " + n + " entries");
            }
            if (seen[s]) {
                throw new IllPosedSamplesException("sample index " + s + " appears twice");
            }
            seen[s] = true;
        }
        DenseMatrix sampled = basis.toMatrix().selectRows(samples);
        double[] sigma = sampled.svd().singularValues();
        double largest = k == 0 ? 0 : sigma[0];
        double smallest = k == 0 ? 0 : sigma[k - 1];
        if (k > 0 && !(smallest > Math.max(samples.length, k) * Math.ulp(1.0) * largest)) {
            throw new IllPosedSamplesException("the basis at the " + samples.length + " samples is rank deficient:"
                    + " sigma_min " + smallest + ", sigma_max " + largest + " (" + k + " modes)");
        }
        return new GappyPod(basis.copy(), samples.clone(), sampled, sampled.qr(), sigma);
    }

    /** The basis Phi (shared, not copied: treat it as read-only). */
    public VectorArray basis() {
        return basis;
    }

    /** Number of modes k. */
    public int modeCount() {
        return basis.count();
    }

    /** The sample indices S, in the order sampled values are given. */
    public int[] samples() {
        return samples.clone();
    }

    /** The singular values of {@code Phi_S}, descending. */
    public double[] singularValues() {
        return singularValues.clone();
    }

    /** {@code sigma_max(Phi_S) / sigma_min(Phi_S)}. */
    public double conditionNumber() {
        return singularValues.length == 0 ? 1.0 : singularValues[0] / singularValues[singularValues.length - 1];
    }

    /**
     * {@code 1 / sigma_min(Phi_S)}: the most a sample perturbation e moves the reconstruction, as
     * {@code ||Phi Phi_S^+ e|| = ||Phi_S^+ e|| <= ||e|| / sigma_min} (Phi orthonormal).
     */
    public double noiseAmplification() {
        return singularValues.length == 0 ? 0.0 : 1.0 / singularValues[singularValues.length - 1];
    }

    /** The values of a full field at the samples, {@code v_S}. */
    public double[] sample(double[] field) {
        DimensionMismatchException.check("length of the sampled field", basis.dim(), field.length);
        double[] v = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            v[i] = field[samples[i]];
        }
        return v;
    }

    /** {@code c = argmin ||Phi_S c - v_S||}, written into {@code coefficients} (length k); allocates nothing. */
    public void coefficients(double[] sampledValues, double[] coefficients) {
        sampledBasis.solveLeastSquares(sampledValues, coefficients);
    }

    /** The coefficients c, in a new array of length k. */
    public double[] coefficients(double[] sampledValues) {
        return sampledBasis.solveLeastSquares(sampledValues);
    }

    /**
     * The relative misfit of the least-squares fit at the samples, {@code ||v_S - Phi_S c|| / ||v_S||}
     * (0 when {@code v_S = 0}): zero for a field of the span, and always zero when {@code |S| = k}.
     * Costs O(|S| k), nothing of the field's size. When the samples come from a model and the basis
     * from its training, this misfit is the error indicator of Casenave and Akkari (Math. Comput. Appl.
     * 24(2):41, 2019, sec. 4): it grows when the model leaves the span of what it was trained on.
     */
    public double relativeResidual(double[] sampledValues) {
        DimensionMismatchException.check("sampled values", samples.length, sampledValues.length);
        double[] c = coefficients(sampledValues);
        double misfit = 0;
        double size = 0;
        for (int i = 0; i < samples.length; i++) {
            double fit = 0;
            for (int j = 0; j < c.length; j++) {
                fit += sampled.get(i, j) * c[j];
            }
            double d = sampledValues[i] - fit;
            misfit += d * d;
            size += sampledValues[i] * sampledValues[i];
        }
        return size == 0 ? 0.0 : Math.sqrt(misfit / size);
    }

    /** {@code v = Phi c} written into {@code field} (length n); allocates only the k coefficients. */
    public void reconstruct(double[] sampledValues, double[] field) {
        DimensionMismatchException.check("length of the reconstructed field", basis.dim(), field.length);
        double[] c = coefficients(sampledValues);
        int n = basis.dim();
        double[] phi = basis.data();
        Arrays.fill(field, 0.0);
        for (int j = 0; j < c.length; j++) {
            double cj = c[j];
            for (int i = 0; i < n; i++) {
                field[i] += phi[i + j * n] * cj;
            }
        }
    }

    /** The reconstructed field {@code Phi c}, in a new array of length n. */
    public double[] reconstruct(double[] sampledValues) {
        return basis.lincomb(coefficients(sampledValues));
    }
}

package org.jrom.linalg;

import java.util.Arrays;
import java.util.Random;
import org.jrom.JromException;

/**
 * A truncated singular value decomposition {@code V ~ Phi diag(sigma) W^T} of a tall block of
 * vectors V (snapshots) in an inner product M: the POD modes {@code Phi} are M-orthonormal, W has
 * orthonormal columns, and {@code Phi^T M V = diag(sigma) W^T} are the modes' coefficients. Three
 * engines, with the accuracy each can deliver:
 *
 * <ul>
 *   <li>{@link #methodOfSnapshots} (Sirovich 1987): eigen-decomposition of the Gram matrix {@code
 *       V^T M V}. One SYRK or GEMM, but the Gram matrix squares the spectrum, so singular values
 *       below about {@code sqrt(eps) sigma_1 ~ 1e-8 sigma_1} are lost and the modes lose
 *       orthogonality like {@code eps sigma_1^2 / (sigma_i sigma_j)}.
 *   <li>{@link #qrSvd}: {@code V = Q R} (Householder for the Euclidean product, re-orthogonalized
 *       {@link GramSchmidt} in M otherwise), then the SVD of the small R. Backward stable:
 *       singular values to about {@code eps sigma_1} absolute, orthonormal modes.
 *   <li>{@link #randomized} (Halko, Martinsson, Tropp 2011, SIAM Review 53, algorithms 4.4 and
 *       5.1): a Gaussian sketch of the range with power iterations, for a rank much smaller than
 *       the number of vectors.
 * </ul>
 */
public final class TruncatedSvd {
    private static final double EPS = Math.ulp(1.0);

    private final VectorArray modes;
    private final double[] singularValues;
    private final DenseMatrix rightVectors;

    private TruncatedSvd(VectorArray modes, double[] singularValues, DenseMatrix rightVectors) {
        this.modes = modes;
        this.singularValues = singularValues;
        this.rightVectors = rightVectors;
    }

    /**
     * Which modes to keep from a descending spectrum {@code sigma_1 >= sigma_2 >= ...}: the
     * smallest N with {@code sum_{i > N} sigma_i^2 <= relativeTolerance^2 * sum_i sigma_i^2}, that
     * is, relative Frobenius (in M) projection error {@code ||V - Phi_N Phi_N^T M V|| <=
     * relativeTolerance ||V||}, and at most {@code maxModes}.
     *
     * @param maxModes the most modes to keep ({@link Integer#MAX_VALUE}: no limit)
     * @param relativeTolerance the relative error allowed (0: keep every mode with a nonzero value)
     */
    public record Truncation(int maxModes, double relativeTolerance) {
        public Truncation {
            if (maxModes < 0) {
                throw new JromException("number of modes must be >= 0, found " + maxModes);
            }
            if (!(relativeTolerance >= 0 && relativeTolerance < Double.POSITIVE_INFINITY)) {
                throw new JromException(
                        "relative truncation tolerance must be finite and >= 0, found " + relativeTolerance);
            }
        }

        /** Every mode with a nonzero singular value. */
        public static Truncation none() {
            return new Truncation(Integer.MAX_VALUE, 0.0);
        }

        /** The first {@code count} modes (fewer if the rank is smaller). */
        public static Truncation modes(int count) {
            return new Truncation(count, 0.0);
        }

        /** As many modes as a relative projection error {@code tolerance} needs. */
        public static Truncation relativeError(double tolerance) {
            return new Truncation(Integer.MAX_VALUE, tolerance);
        }

        /** The number of modes kept from a descending spectrum that holds all of the energy. */
        public int modeCount(double[] singularValues) {
            return modeCount(singularValues, singularValues.length, 0.0);
        }

        /**
         * The number of modes kept among the first {@code available} values of {@code sigma}, when
         * {@code unseenEnergy} of the total sum of squares is not in {@code sigma}.
         */
        int modeCount(double[] sigma, int available, double unseenEnergy) {
            // Tail sums from the small end, so that a tiny tail is not lost in cancellation.
            double[] tail = new double[sigma.length + 1];
            tail[sigma.length] = unseenEnergy;
            for (int i = sigma.length - 1; i >= 0; i--) {
                tail[i] = tail[i + 1] + sigma[i] * sigma[i];
            }
            double allowed = relativeTolerance * relativeTolerance * tail[0];
            int n = 0;
            while (n < available && n < maxModes && tail[n] > allowed && sigma[n] > 0) {
                n++;
            }
            return n;
        }
    }

    /**
     * Settings of the randomized range finder.
     *
     * @param rank the target rank k: at most k modes are returned
     * @param oversampling extra sample vectors p (Halko et al. recommend 5 to 10)
     * @param powerIterations q: the sketch sees the decay ratios {@code sigma_{j+1}/sigma_j} raised
     *     to the power {@code 2q+1}; it is re-orthonormalized between iterations
     * @param seed seed of the Gaussian test matrix: equal seeds give equal results
     */
    public record Randomized(int rank, int oversampling, int powerIterations, long seed) {
        public Randomized {
            if (rank < 1 || oversampling < 0 || powerIterations < 0) {
                throw new JromException("randomized SVD needs rank >= 1, oversampling >= 0 and power iterations"
                        + " >= 0, found " + rank + ", " + oversampling + ", " + powerIterations);
            }
        }

        /** Rank k with oversampling 10 and 2 power iterations. */
        public static Randomized of(int rank, long seed) {
            return new Randomized(rank, 10, 2, seed);
        }
    }

    /**
     * Method of snapshots (Sirovich 1987): {@code V^T M V = W Lambda W^T}, {@code sigma_i =
     * sqrt(lambda_i)}, {@code phi_i = V w_i / sigma_i}. Singular values are reported for all
     * vectors ({@code sqrt(max(lambda_i, 0))}), modes only for {@code lambda_i > n eps lambda_1}
     * (the Gram matrix's round-off level), so relative tolerances below about {@code 1e-7} are
     * not reachable: use {@link #qrSvd} there.
     *
     * @param product the inner product M, symmetric positive definite; Euclidean when null
     */
    public static TruncatedSvd methodOfSnapshots(VectorArray v, LinearMap product, Truncation truncation) {
        checkInput(v, product);
        GramSvd g = ofGram(product == null ? v.gram() : v.gram(product), truncation);
        DenseMatrix wn = g.rightSingularVectors();
        VectorArray modes = v.lincomb(wn);
        for (int i = 0; i < wn.cols(); i++) {
            modes.scale(i, 1.0 / g.singularValues()[i]);
        }
        return new TruncatedSvd(modes, g.singularValues(), wn);
    }

    /**
     * The SVD of a block V known by its Gram matrix only, {@code G = V^T M V} (summed over the row
     * blocks of a V held in pieces: subdomains, executors).
     *
     * @param singularValues {@code sqrt(max(lambda_i, 0))} of every eigenvalue, descending
     * @param rightSingularVectors W of the modes kept, one column each: the modes are {@code V w_i /
     *     sigma_i}
     */
    public record GramSvd(double[] singularValues, DenseMatrix rightSingularVectors) {}

    /**
     * The method of snapshots on a Gram matrix (see {@link #methodOfSnapshots}): its eigenvalues
     * descending as singular values, the truncation applied to those above {@code n eps lambda_1}.
     */
    public static GramSvd ofGram(DenseMatrix gram, Truncation truncation) {
        int n = gram.rows();
        DimensionMismatchException.check("columns of the Gram matrix", n, gram.cols());
        SymmetricEigen eigen = gram.symmetricEigen();
        double[] lambda = eigen.values();
        DenseMatrix w = eigen.vectors();
        double[] sigma = new double[n];
        DenseMatrix descending = DenseMatrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            sigma[i] = Math.sqrt(Math.max(0.0, lambda[n - 1 - i]));
            System.arraycopy(w.data(), (n - 1 - i) * n, descending.data(), i * n, n);
        }
        double floor = Math.max(1, n) * EPS * (n == 0 ? 0.0 : lambda[n - 1]);
        int reliable = 0;
        while (reliable < n && lambda[n - 1 - reliable] > floor) {
            reliable++;
        }
        int count = truncation.modeCount(sigma, reliable, 0.0);
        return new GramSvd(sigma, descending.subMatrix(0, n, 0, count));
    }

    /**
     * SVD through an orthonormalization: {@code V = Q R} with Q M-orthonormal (Householder QR for
     * the Euclidean product, {@link GramSchmidt} with re-orthogonalization and drop tolerance 0
     * otherwise), {@code R = U S W^T}, {@code Phi = Q U}. Reports {@code min(count, dim)} singular
     * values (zeros for directions Gram-Schmidt found exactly dependent).
     *
     * @param product the inner product M, symmetric positive definite; Euclidean when null
     */
    public static TruncatedSvd qrSvd(VectorArray v, LinearMap product, Truncation truncation) {
        int n = checkInput(v, product);
        int dim = v.dim();
        VectorArray q;
        DenseMatrix r;
        if (product == null && dim < n) {
            // Wide block: nothing to orthonormalize, Q = I and R = V.
            q = VectorArray.fromMatrix(DenseMatrix.identity(dim));
            r = v.toMatrix();
        } else if (product == null) {
            // the QR copies its input: a view of the block is enough, and Q is read, not copied (tall
            // blocks: the G of an empirical cubature is 1 GB at the blade's demo size)
            DenseMatrix view = v.data().length == (long) dim * n ? DenseMatrix.wrap(dim, n, v.data()) : v.toMatrix();
            QrDecomposition qr = view.qr();
            q = VectorArray.wrap(dim, n, qr.qShared().data());
            r = qr.r();
        } else {
            GramSchmidt.Result gs = GramSchmidt.orthonormalize(
                    v, product, GramSchmidt.Options.defaults().withDropTolerance(0.0));
            q = gs.basis();
            r = gs.r();
        }
        return fromSmallSvd(q, r.svd(), Math.min(n, dim), truncation, 0.0);
    }

    /**
     * Randomized SVD (Halko, Martinsson, Tropp 2011): sketch {@code Y = V Omega} with a Gaussian
     * {@code n x (k+p)} matrix Omega, q power iterations {@code Y <- V orth(V^T M orth_M(Y))}
     * (re-orthonormalized in between, algorithm 4.4), then {@code Q = orth_M(Y)}, {@code B = Q^T M
     * V = U S W^T}, {@code Phi = Q U}. With p >= 2 the expected error is {@code E ||V - Q Q^T M V||
     * <= [(1 + sqrt(k/(p-1))) sigma_{k+1}^{2q+1} + e sqrt(k+p)/p (sum_{j>k} sigma_j^{2(2q+1)})^(1/2)
     * ]^(1/(2q+1))} (their corollary 10.10), and each computed singular value is within that of
     * the exact one (Weyl). Reports the {@code min(k+p, count, dim)} singular values of B; the
     * energy tolerance counts the energy outside the sketch as {@code ||V||_F^2 - ||B||_F^2}, which
     * costs one more product per vector and limits tolerances to above about {@code 1e-7}.
     *
     * @param product the inner product M, symmetric positive definite; Euclidean when null
     */
    public static TruncatedSvd randomized(
            VectorArray v, LinearMap product, Randomized settings, Truncation truncation) {
        int n = checkInput(v, product);
        int samples = Math.min(settings.rank() + settings.oversampling(), Math.min(n, v.dim()));
        Random random = new Random(settings.seed());
        DenseMatrix omega = DenseMatrix.zeros(n, samples);
        double[] od = omega.data();
        for (int i = 0; i < od.length; i++) {
            od[i] = random.nextGaussian();
        }
        VectorArray q = orthonormalBasis(v.lincomb(omega), product);
        for (int it = 0; it < settings.powerIterations(); it++) {
            DenseMatrix z = v.inner(applyProduct(product, q)); // V^T M Q, n x samples
            q = orthonormalBasis(v.lincomb(z.qr().q()), product);
        }
        DenseMatrix b = applyProduct(product, q).inner(v); // Q^T M V
        Svd svd = b.svd();
        double unseen = 0.0;
        if (truncation.relativeTolerance() > 0) {
            // The energy the sketch missed, ||V||_F^2 - ||Q^T M V||_F^2 (Pythagoras); it carries an
            // absolute round-off of about eps ||V||_F^2.
            double total = 0;
            for (double norm : product == null ? v.norms() : v.norms(product)) {
                total += norm * norm;
            }
            double seen = b.normFrobenius();
            unseen = Math.max(0.0, total - seen * seen);
        }
        Truncation capped =
                new Truncation(Math.min(truncation.maxModes(), settings.rank()), truncation.relativeTolerance());
        return fromSmallSvd(q, svd, svd.singularValues().length, capped, unseen);
    }

    /** Modes {@code Q U_N} from the SVD {@code U S W^T} of the coefficients of V in the basis Q. */
    private static TruncatedSvd fromSmallSvd(
            VectorArray q, Svd small, int reported, Truncation truncation, double unseenEnergy) {
        double[] s = small.singularValues();
        double[] sigma = Arrays.copyOf(s, Math.max(reported, s.length));
        int count = truncation.modeCount(sigma, s.length, unseenEnergy);
        DenseMatrix u = small.u();
        VectorArray modes = q.lincomb(u.subMatrix(0, u.rows(), 0, count));
        DenseMatrix vt = small.vt();
        return new TruncatedSvd(
                modes, sigma, vt.subMatrix(0, count, 0, vt.cols()).transpose());
    }

    private static VectorArray orthonormalBasis(VectorArray y, LinearMap product) {
        if (product == null) {
            return VectorArray.fromMatrix(y.toMatrix().qr().q());
        }
        return GramSchmidt.orthonormalize(
                        y, product, GramSchmidt.Options.defaults().withDropTolerance(0.0))
                .basis();
    }

    private static VectorArray applyProduct(LinearMap product, VectorArray q) {
        return product == null ? q : product.apply(q);
    }

    private static int checkInput(VectorArray v, LinearMap product) {
        GramSchmidt.checkProduct(product, v.dim());
        v.requireFinite("vectors given to the SVD");
        return v.count();
    }

    /** The modes {@code Phi}, M-orthonormal (not copied: the result hands them over). */
    public VectorArray modes() {
        return modes;
    }

    /** Number of modes kept by the truncation. */
    public int modeCount() {
        return modes.count();
    }

    /** Every singular value the method computed, descending (see each method for how many). */
    public double[] singularValues() {
        return singularValues.clone();
    }

    /** The right singular vectors W of the kept modes, {@code count x modeCount}, orthonormal columns. */
    public DenseMatrix rightSingularVectors() {
        return rightVectors.copy();
    }

    /**
     * The coefficients of the vectors in the modes, {@code Phi^T M V = diag(sigma) W^T}, {@code
     * modeCount x count}: {@code V ~ Phi * coefficients()}.
     */
    public DenseMatrix coefficients() {
        DenseMatrix c = rightVectors.transpose();
        int rows = c.rows();
        double[] cd = c.data();
        for (int i = 0; i < cd.length; i++) {
            cd[i] *= singularValues[i % rows];
        }
        return c;
    }
}

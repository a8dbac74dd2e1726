package org.jrom.algorithms;

import org.jrom.JromException;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.IncrementalSvd;
import org.jrom.linalg.LinearMap;
import org.jrom.linalg.NonFiniteValueException;
import org.jrom.linalg.VectorArray;

/**
 * Streaming proper orthogonal decomposition: the incremental HAPOD of Himpe, Leibner and Rave
 * ("Hierarchical approximate proper orthogonal decomposition", SIAM J. Sci. Comput. 40(5), 2018),
 * on Brand's incremental SVD ({@link IncrementalSvd}). Snapshots arrive one at a time or in blocks,
 * are gathered into chunks of {@code chunkSize}, and each chunk updates the POD of everything seen;
 * memory is bounded by the basis ({@code n x (r + O(chunkSize))} doubles), never by the number of
 * snapshots.
 *
 * <p>The a-priori bound. Let update t discard the energy {@code delta_t = sum_{i > r_t}
 * sigma'_i^2} of the SVD of {@code [U diag(s), B_t]}. Then {@code W W^T = S S^T - sum_t D_t} with
 * {@code W = U diag(s)} the final state, S all snapshots and {@code D_t} positive semi-definite with
 * trace {@code delta_t}, so the M-orthogonal projection P onto the final modes satisfies {@code sum_j
 * ||s_j - P s_j||_M^2 = tr((I - P) sum_t D_t) <= sum_t delta_t} (the HAPOD error bound of
 * Himpe et al., for the chain tree of the incremental HAPOD). The relative tolerance of {@link Pod.Options} asks for {@code
 * sum_j ||s_j - P s_j||_M^2 <= tol^2 sum_j ||s_j||_M^2}. The HAPOD spreads {@code tol^2} over the
 * nodes of its tree by snapshot counts known in advance; here it is spread by energy, so that no
 * count or norm need be known beforehand: each update keeps the fewest modes such that the
 * discarded energy so far is at most {@code omega^2 tol^2} times the energy seen so far, and {@link
 * #result()} may discard the remaining {@code (1 - omega^2) tol^2} share at once (HAPOD's {@code
 * omega} in (0, 1]: larger keeps fewer modes while streaming, smaller leaves more room for the
 * final truncation, closer to the batch POD). The bound holds after every update whatever the
 * order, the chunking or the number of snapshots; the rank is never below that of the batch POD at
 * the same tolerance (Eckart-Young). A {@code maxModes} cap wins over the tolerance, and {@link
 * Result#discardedEnergyBound()} then says what was discarded.
 */
public final class IncrementalPod {
    private final int dim;
    private final double tolerance;
    private final int maxModes;
    private final double omega;
    private final IncrementalSvd svd;
    private final int chunkSize;
    /** The chunk being gathered; released by {@link #result()} so that its copy of the modes has the room. */
    private VectorArray pending;

    private int pendingCount;
    private double discarded;

    private IncrementalPod(Builder b) {
        this.dim = b.dim;
        this.tolerance = b.tolerance;
        this.maxModes = b.maxModes;
        this.omega = b.omega;
        this.svd = new IncrementalSvd(b.dim, b.product);
        this.chunkSize = b.chunkSize;
    }

    /** A builder for snapshots of dimension {@code dim}. */
    public static Builder builder(int dim) {
        return new Builder(dim);
    }

    /** Settings of a streaming POD; the defaults keep every mode above round-off, 16 snapshots per chunk. */
    public static final class Builder {
        private final int dim;
        private LinearMap product;
        private double tolerance;
        private int maxModes = Integer.MAX_VALUE;
        private int chunkSize = 16;
        private double omega = 0.95;

        private Builder(int dim) {
            if (dim < 0) {
                throw new DimensionMismatchException("snapshot dimension must be non-negative, found " + dim);
            }
            this.dim = dim;
        }

        /** The inner product M of the snapshot space, symmetric positive definite (null: Euclidean). */
        public Builder product(LinearMap product) {
            this.product = product;
            return this;
        }

        /**
         * The relative projection error allowed, as in {@link Pod.Options#relativeTolerance()}: {@code
         * sum_j ||s_j - P s_j||_M^2 <= tol^2 sum_j ||s_j||_M^2} over every snapshot seen.
         */
        public Builder relativeTolerance(double tolerance) {
            if (!(tolerance >= 0 && tolerance < Double.POSITIVE_INFINITY)) {
                throw new JromException("relative POD tolerance must be finite and >= 0, found " + tolerance);
            }
            this.tolerance = tolerance;
            return this;
        }

        /** At most this many modes, while streaming and in the result. */
        public Builder maxModes(int maxModes) {
            if (maxModes < 0) {
                throw new JromException("number of POD modes must be >= 0, found " + maxModes);
            }
            this.maxModes = maxModes;
            return this;
        }

        /** Snapshots per update (memory grows like {@code n x chunkSize}, updates get fewer). */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize < 1) {
                throw new JromException("POD chunk size must be >= 1, found " + chunkSize);
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /** HAPOD's omega in (0, 1]: the share {@code omega^2} of {@code tol^2} the updates may use (0.95). */
        public Builder omega(double omega) {
            if (!(omega > 0 && omega <= 1)) {
                throw new JromException("HAPOD omega must be in (0, 1], found " + omega);
            }
            this.omega = omega;
            return this;
        }

        public IncrementalPod build() {
            return new IncrementalPod(this);
        }
    }

    /**
     * The POD of the snapshots seen.
     *
     * @param modes the POD modes, M-orthonormal (a new block)
     * @param singularValues the singular values of the modes, descending
     * @param snapshotCount the number of snapshots seen
     * @param totalEnergy {@code sum_j ||s_j||_M^2} over every snapshot
     * @param discardedEnergyBound a rigorous bound on {@code sum_j ||s_j - P s_j||_M^2}: the sum of
     *     the energies every truncation discarded
     */
    public record Result(
            VectorArray modes,
            double[] singularValues,
            long snapshotCount,
            double totalEnergy,
            double discardedEnergyBound) {
        public Result {
            singularValues = singularValues.clone();
        }

        @Override
        public double[] singularValues() {
            return singularValues.clone();
        }

        /** Number of modes. */
        public int modeCount() {
            return modes.count();
        }

        /** The bound on the relative projection error, {@code sqrt(discardedEnergyBound / totalEnergy)}. */
        public double relativeErrorBound() {
            return totalEnergy == 0 ? 0.0 : Math.sqrt(discardedEnergyBound / totalEnergy);
        }
    }

    /** Dimension of the snapshots. */
    public int dim() {
        return dim;
    }

    /** Number of snapshots added. */
    public long count() {
        return svd.count() + pendingCount;
    }

    /**
     * Adds one snapshot (copied); the chunk it completes updates the POD.
     *
     * @throws DimensionMismatchException if its length is not the dimension
     * @throws NonFiniteValueException naming the snapshot and entry of a NaN or infinite value
     */
    public void add(double[] snapshot) {
        DimensionMismatchException.check("length of snapshot " + count(), dim, snapshot.length);
        add(snapshot, 0);
    }

    /** Adds the vectors of a block as snapshots, in order (copied), as {@link #add(double[])} does. */
    public void add(VectorArray snapshots) {
        DimensionMismatchException.check(
                "dimension of snapshots " + count() + ".." + (count() + snapshots.count() - 1), dim, snapshots.dim());
        for (int j = 0; j < snapshots.count(); j++) {
            add(snapshots.data(), j * dim);
        }
    }

    private void add(double[] source, int offset) {
        for (int i = 0; i < dim; i++) {
            double v = source[offset + i];
            if (!Double.isFinite(v)) {
                throw new NonFiniteValueException(
                        "snapshot " + count() + ": entry " + i + " is " + v + ", expected a finite number");
            }
        }
        if (pending == null) {
            pending = VectorArray.zeros(dim, chunkSize);
        }
        System.arraycopy(source, offset, pending.data(), pendingCount * dim, dim);
        if (++pendingCount == chunkSize) {
            flush();
        }
    }

    /** Updates the POD with the snapshots gathered so far. */
    private void flush() {
        if (pendingCount == 0) {
            return;
        }
        VectorArray chunk = pendingCount == chunkSize ? pending : VectorArray.wrap(dim, pendingCount, pending.data());
        pendingCount = 0;
        discarded += svd.update(chunk, sigma -> rank(sigma, omega * omega * tolerance * tolerance));
    }

    /**
     * The fewest leading values of {@code sigma} whose tail, added to what was discarded before, is at
     * most {@code share} times the energy seen, and at most {@code maxModes}.
     */
    private int rank(double[] sigma, double share) {
        double allowed = share * svd.energy() - discarded;
        int n = sigma.length;
        double tail = 0;
        // From the small end, so that a tiny tail is not lost in cancellation.
        while (n > 0 && tail + sigma[n - 1] * sigma[n - 1] <= allowed) {
            tail += sigma[n - 1] * sigma[n - 1];
            n--;
        }
        return Math.min(n, maxModes);
    }

    /**
     * The POD of every snapshot added so far: pending snapshots update it first, then the final
     * truncation spends what is left of {@code tol^2} times the total energy. Costs a copy of the
     * modes (the basis is held column by column, the result is one block), so the peak at the end is
     * about {@code 2 n r} doubles; adding may go on afterwards.
     */
    public Result result() {
        flush();
        pending = null;
        double[] sigma = svd.singularValues();
        int n = rank(sigma, tolerance * tolerance);
        double tail = 0;
        for (int i = sigma.length - 1; i >= n; i--) {
            tail += sigma[i] * sigma[i];
        }
        return new Result(svd.modes(n), java.util.Arrays.copyOf(sigma, n), svd.count(), svd.energy(), discarded + tail);
    }
}

package org.jrom.algorithms;

import org.jrom.JromException;
import org.jrom.linalg.LinearMap;
import org.jrom.linalg.TruncatedSvd;
import org.jrom.linalg.VectorArray;

/**
 * Proper orthogonal decomposition of a snapshot set in an inner product (Sirovich 1987, method of
 * snapshots; the accurate QR + SVD route by default): the modes are the leading left singular
 * vectors of the snapshot matrix in the X inner product, orthonormal in X.
 */
public final class Pod {
    private Pod() {}

    /** The numerical route. */
    public enum Method {
        /** Gram matrix + eigen-decomposition: cheap, loses singular values below sqrt(eps) sigma_1. */
        SNAPSHOTS,
        /** Orthonormalization + SVD of the small factor: accurate to round-off. */
        QR_SVD
    }

    /**
     * How many modes to keep.
     *
     * @param maxModes at most this many modes
     * @param relativeTolerance the smallest N with {@code sqrt(sum_{i>N} sigma_i^2 / sum_i sigma_i^2)
     *     <= relativeTolerance}, the relative projection error of the snapshot set in X
     * @param method the numerical route
     */
    public record Options(int maxModes, double relativeTolerance, Method method) {
        public Options {
            if (maxModes < 0 || !(relativeTolerance >= 0) || method == null) {
                throw new JromException("POD needs maxModes >= 0, relativeTolerance >= 0 and a method, found "
                        + maxModes + ", " + relativeTolerance + ", " + method);
            }
        }

        /** Keep modes until the relative projection error is at most {@code tolerance}. */
        public static Options tolerance(double tolerance) {
            return new Options(Integer.MAX_VALUE, tolerance, Method.QR_SVD);
        }

        /** Keep exactly {@code count} modes (fewer if the snapshots span less). */
        public static Options modes(int count) {
            return new Options(count, 0.0, Method.QR_SVD);
        }
    }

    /**
     * The POD of snapshots (columns of {@code snapshots}) in the inner product {@code product}
     * (null: Euclidean).
     *
     * @return the modes and all computed singular values
     */
    public static TruncatedSvd compute(VectorArray snapshots, LinearMap product, Options options) {
        snapshots.requireFinite("snapshots");
        TruncatedSvd.Truncation t = new TruncatedSvd.Truncation(options.maxModes(), options.relativeTolerance());
        return switch (options.method()) {
            case SNAPSHOTS -> TruncatedSvd.methodOfSnapshots(snapshots, product, t);
            case QR_SVD -> TruncatedSvd.qrSvd(snapshots, product, t);
        };
    }
}

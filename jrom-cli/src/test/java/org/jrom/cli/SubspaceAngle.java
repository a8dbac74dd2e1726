package org.jrom.cli;

import org.jrom.linalg.DenseMatrix;

/**
 * The largest principal angle between the column spans of two matrices, in the Euclidean inner
 * product (Bjorck and Golub 1973): with Q1, Q2 orthonormal bases of the spans, its sine is
 * {@code ||(I - Q1 Q1^T) Q2||_2}. This residual form keeps small angles accurate to round-off,
 * where the cosines from the SVD of {@code Q1^T Q2} lose everything below about 1e-8. Cost: two
 * thin QRs and one SVD of an n x k matrix.
 */
final class SubspaceAngle {
    private SubspaceAngle() {}

    /** sin of the largest principal angle between span(a) and span(b), both of full column rank k. */
    static double largestSine(DenseMatrix a, DenseMatrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException("spans of different shapes: " + a.rows() + " x " + a.cols() + " and "
                    + b.rows() + " x " + b.cols());
        }
        DenseMatrix q1 = a.qr().q();
        DenseMatrix q2 = b.qr().q();
        DenseMatrix outside = q2.minus(q1.multiply(q1.transposeMultiply(q2)));
        return outside.svd().singularValues()[0];
    }
}

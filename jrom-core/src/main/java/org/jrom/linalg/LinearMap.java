package org.jrom.linalg;

/**
 * A linear map {@code R^cols -> R^rows} known by its action on vectors: a sparse or dense matrix,
 * or an inner-product (Gram) operator such as a mass or stiffness matrix.
 */
public interface LinearMap {
    /** Dimension of the range. */
    int rows();

    /** Dimension of the source. */
    int cols();

    /**
     * {@code y[yOffset .. yOffset+rows) = A x[xOffset .. xOffset+cols)}; x and y must not overlap.
     */
    void apply(double[] x, int xOffset, double[] y, int yOffset);

    /** {@code y = A x} for whole arrays. */
    default double[] apply(double[] x) {
        DimensionMismatchException.check("vector length", cols(), x.length);
        double[] y = new double[rows()];
        apply(x, 0, y, 0);
        return y;
    }

    /** The block {@code A V}, one application per vector. */
    default VectorArray apply(VectorArray v) {
        DimensionMismatchException.check("vector dimension", cols(), v.dim());
        VectorArray result = VectorArray.zeros(rows(), v.count());
        double[] in = v.data();
        double[] out = result.data();
        for (int j = 0; j < v.count(); j++) {
            apply(in, j * cols(), out, j * rows());
        }
        return result;
    }
}

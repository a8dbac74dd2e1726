package org.jrom.linalg;

import java.util.Random;

/**
 * Test fixture: a seeded random coordinate (COO) triplet list, with repeated entries, and its
 * independent dense accumulation; plus random sparse symmetric positive definite matrices built
 * from such lists.
 */
record RandomTriplets(int rows, int cols, int[] rowIndex, int[] colIndex, double[] value, int count) {

    /**
     * About {@code density * rows * cols} random entries; a fraction {@code duplicates} of them
     * repeats an earlier position, and when {@code emptyEvery > 1} the rows 0, e, 2e, ... stay empty. Values are Gaussian.
     */
    static RandomTriplets random(int rows, int cols, double density, double duplicates, int emptyEvery, long seed) {
        Random rnd = new Random(seed);
        int count = rows == 0 || cols == 0 ? 0 : (int) Math.round(density * rows * cols);
        int[] ri = new int[count];
        int[] ci = new int[count];
        double[] v = new double[count];
        for (int k = 0; k < count; k++) {
            if (k > 0 && rnd.nextDouble() < duplicates) {
                int earlier = rnd.nextInt(k);
                ri[k] = ri[earlier];
                ci[k] = ci[earlier];
            } else {
                ri[k] = rnd.nextInt(rows);
                ci[k] = rnd.nextInt(cols);
            }
            v[k] = rnd.nextGaussian();
        }
        if (emptyEvery > 1 && rows > 1) { // move entries off rows 0, e, 2e, ... so that those stay empty
            for (int k = 0; k < count; k++) {
                if (ri[k] % emptyEvery == 0) {
                    ri[k] = ri[k] == rows - 1 ? ri[k] - 1 : ri[k] + 1;
                }
            }
        }
        return new RandomTriplets(rows, cols, ri, ci, v, count);
    }

    CsrMatrix toCsr() {
        return CsrMatrix.fromTriplets(rows, cols, rowIndex, colIndex, value, count);
    }

    /** The dense matrix that the triplets describe, duplicates summed in listing order. */
    DenseMatrix toDense() {
        DenseMatrix d = DenseMatrix.zeros(rows, cols);
        for (int k = 0; k < count; k++) {
            d.set(rowIndex[k], colIndex[k], d.get(rowIndex[k], colIndex[k]) + value[k]);
        }
        return d;
    }

    /**
     * A random sparse symmetric positive definite matrix: random symmetric off-diagonal entries of
     * both signs, and a diagonal exceeding the absolute row sum by a random margin in [0.1, 1.1)
     * times that sum (strict diagonal dominance, so IC(0) exists: an H-matrix).
     */
    static CsrMatrix randomSpd(int n, double density, long seed) {
        RandomTriplets t = random(n, n, density / 2, 0.1, 0, seed);
        Random rnd = new Random(seed + 1);
        int[] ri = new int[2 * t.count + n];
        int[] ci = new int[ri.length];
        double[] v = new double[ri.length];
        double[] rowSum = new double[n];
        int m = 0;
        for (int k = 0; k < t.count; k++) {
            int i = t.rowIndex[k];
            int j = t.colIndex[k];
            if (i != j) {
                ri[m] = i;
                ci[m] = j;
                v[m++] = t.value[k];
                ri[m] = j;
                ci[m] = i;
                v[m++] = t.value[k];
                rowSum[i] += Math.abs(t.value[k]);
                rowSum[j] += Math.abs(t.value[k]);
            }
        }
        for (int i = 0; i < n; i++) {
            ri[m] = i;
            ci[m] = i;
            v[m++] = rowSum[i] * (1.1 + rnd.nextDouble()) + 1e-3;
        }
        return CsrMatrix.fromTriplets(n, n, ri, ci, v, m);
    }
}

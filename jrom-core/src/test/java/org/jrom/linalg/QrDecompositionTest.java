package org.jrom.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The thin QR against its definition, and R without Q against the full factorization. */
class QrDecompositionTest {
    @Test
    void qIsOrthonormalQrIsAAndRWithoutQIsTheSameR() {
        Random random = new Random(3);
        DenseMatrix a = DenseMatrix.zeros(300, 40);
        for (int i = 0; i < a.data().length; i++) {
            a.data()[i] = random.nextGaussian();
        }
        QrDecomposition qr = a.qr();
        DenseMatrix q = qr.q();
        DenseMatrix r = qr.r();
        double scale = 0;
        for (double v : a.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        DenseMatrix qtq = q.transposeMultiply(q);
        DenseMatrix qr2 = q.multiply(r);
        for (int j = 0; j < 40; j++) {
            for (int i = 0; i < 40; i++) {
                assertThat(Math.abs(qtq.get(i, j) - (i == j ? 1 : 0))).isLessThan(1e-14);
                if (i > j) {
                    assertThat(r.get(i, j)).isZero();
                }
            }
            for (int i = 0; i < 300; i++) {
                assertThat(Math.abs(qr2.get(i, j) - a.get(i, j))).isLessThan(1e-13 * scale);
            }
        }
        DenseMatrix copy = a.copy();
        // the same LAPACK dgeqrf: the same R to the last bit, without the m x n Q
        assertThat(copy.qrRInPlace().data()).containsExactly(r.data());
        assertThatThrownBy(() -> DenseMatrix.zeros(3, 4).qrRInPlace()).isInstanceOf(DimensionMismatchException.class);
    }
}

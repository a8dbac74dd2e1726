package org.jrom.algorithms;

import java.util.Arrays;
import org.jrom.JromException;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.NonFiniteValueException;
import org.jrom.linalg.QrDecomposition;

/**
 * A field reconstructed from a few point values (sensors) by empirical interpolation: {@code u ~
 * Q c}, with Q the EIM functions and c from the readings at the sensors. The square EIM has one
 * sensor per function and interpolates; the rectangular extension of Casenave, Ern and Lelievre
 * (2015, "Variants of the EIM") keeps more sensors than functions and solves for c by least squares,
 * {@code c = argmin ||Q[S, :] c - readings||_2}.
 *
 * <p>When a sensor breaks, the square EIM has to drop the function it was chosen with (Newton order
 * pairs the m-th point with the m-th function), losing what that function carried; the rectangular
 * form drops only the sensor's row and keeps every function while at least M sensors remain. Its
 * extra sensors are chosen for exactly that: without sensor i, the readings of the others cannot
 * see the direction {@code v_i = B^-1 e_i} (B v_i vanishes off row i), whose field is the i-th
 * cardinal function {@code l_i = Q B^-1 e_i} (1 at sensor i, 0 at the others). Its backup is the
 * point where {@code |l_i|} is largest among those not yet chosen: the reading that carries most
 * of what sensor i carried, usually a neighbour of it (redundant sensors, as instrumentation does).
 */
public final class SensorReconstruction {
    private final DenseMatrix functions;
    private final int[] sensors;
    private final QrDecomposition qr;

    private SensorReconstruction(DenseMatrix functions, int[] sensors) {
        if (sensors.length < functions.cols()) {
            throw new JromException(sensors.length + " sensors cannot determine " + functions.cols() + " functions");
        }
        this.functions = functions;
        this.sensors = sensors.clone();
        DenseMatrix atSensors = DenseMatrix.zeros(sensors.length, functions.cols());
        for (int j = 0; j < functions.cols(); j++) {
            for (int i = 0; i < sensors.length; i++) {
                atSensors.set(i, j, functions.get(sensors[i], j));
            }
        }
        this.qr = atSensors.qr();
    }

    /** The square EIM: its M functions with their M magic entries. */
    public static SensorReconstruction square(Eim.Result eim) {
        return new SensorReconstruction(eim.basis(), eim.magicIndices());
    }

    /**
     * The rectangular extension: the M functions of {@code eim}, its M magic entries and a backup
     * sensor for each, the largest of the sensor's cardinal function elsewhere: 2M sensors (fewer
     * when the field has fewer entries).
     */
    public static SensorReconstruction rectangular(Eim.Result eim) {
        int m = eim.size();
        int n = eim.basis().rows();
        int[] magic = eim.magicIndices();
        boolean[] chosen = new boolean[n];
        for (int k : magic) {
            chosen[k] = true;
        }
        int[] sensors = java.util.Arrays.copyOf(magic, Math.min(2 * m, n));
        double[] q = eim.basis().data();
        for (int i = 0; i < m && m + i < sensors.length; i++) {
            double[] c = new double[m];
            c[i] = 1;
            eim.coefficientsInPlace(c); // v_i = B^-1 e_i
            int best = -1;
            double largest = -1;
            for (int x = 0; x < n; x++) {
                if (!chosen[x]) {
                    double l = 0;
                    for (int j = i; j < m; j++) { // v_i vanishes above i (B is unit lower triangular)
                        l += q[x + j * n] * c[j];
                    }
                    if (Math.abs(l) > largest) {
                        largest = Math.abs(l);
                        best = x;
                    }
                }
            }
            chosen[best] = true;
            sensors[m + i] = best;
        }
        return new SensorReconstruction(eim.basis(), sensors);
    }

    /** The sensors: entries of the field, in the order the readings come. */
    public int[] sensors() {
        return sensors.clone();
    }

    /** The number of functions. */
    public int functionCount() {
        return functions.cols();
    }

    /**
     * The same reconstruction without sensor {@code index} (a position in {@link #sensors()}): with
     * more sensors than functions the functions stay; with as many, the function paired with the
     * sensor goes too.
     */
    public SensorReconstruction withoutSensor(int index) {
        if (index < 0 || index >= sensors.length) {
            throw new JromException("sensor " + index + " outside [0, " + sensors.length + ")");
        }
        int[] kept = new int[sensors.length - 1];
        for (int i = 0, k = 0; i < sensors.length; i++) {
            if (i != index) {
                kept[k++] = sensors[i];
            }
        }
        if (sensors.length > functions.cols()) {
            return new SensorReconstruction(functions, kept);
        }
        int n = functions.rows();
        int m = functions.cols();
        DenseMatrix fewer = DenseMatrix.zeros(n, m - 1);
        for (int j = 0, k = 0; j < m; j++) {
            if (j != index) {
                for (int i = 0; i < n; i++) {
                    fewer.set(i, k, functions.get(i, j));
                }
                k++;
            }
        }
        return new SensorReconstruction(fewer, kept);
    }

    /** The field from the readings at {@link #sensors()}: {@code Q c}, c by least squares (interpolation when square). */
    public double[] reconstruct(double[] readings) {
        if (readings.length != sensors.length) {
            throw new JromException("expected " + sensors.length + " sensor readings, found " + readings.length);
        }
        NonFiniteValueException.requireFinite("sensor readings", readings);
        double[] c = qr.solveLeastSquares(readings);
        double[] u = new double[functions.rows()];
        double[] q = functions.data();
        int n = functions.rows();
        for (int j = 0; j < c.length; j++) {
            double cj = c[j];
            for (int i = 0; i < n; i++) {
                u[i] += q[i + j * n] * cj;
            }
        }
        return u;
    }

    /** The readings of a field at the sensors. */
    public double[] read(double[] field) {
        double[] r = new double[sensors.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = field[sensors[i]];
        }
        return r;
    }

    @Override
    public String toString() {
        return functions.cols() + " functions from " + sensors.length + " sensors " + Arrays.toString(sensors);
    }
}

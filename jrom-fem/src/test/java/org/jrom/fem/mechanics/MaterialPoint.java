package org.jrom.fem.mechanics;

import java.util.Arrays;

/**
 * One material point driven through a load history under mixed control: each strain component is
 * either prescribed or solved for so that its stress component takes a prescribed value (uniaxial
 * stress: the lateral stresses are zero), by Newton with the law's own tangent.
 */
final class MaterialPoint {
    /** Uniaxial stress along 1: eps_11 prescribed, every other stress zero. */
    static final boolean[] UNIAXIAL = {false, true, true, true, true, true};

    /** Every component stress-controlled (creep). */
    static final boolean[] STRESS = {true, true, true, true, true, true};

    /** Pure shear in the 12 plane: eps_12 prescribed (Mandel component 5), every other stress zero. */
    static final boolean[] SHEAR = {true, true, true, true, true, false};

    final ConstitutiveLaw law;
    final StateLayout layout;
    double[] start;
    double[] end;
    final double[] strain = new double[Mandel.SIZE];
    final double[] tangent = new double[Mandel.SIZE * Mandel.SIZE];
    double time;

    MaterialPoint(ConstitutiveLaw law) {
        this.law = law;
        this.layout = law.layout();
        this.start = new double[layout.size()];
        this.end = new double[layout.size()];
    }

    /**
     * One increment to {@code time + dt}: the components where {@code stressControlled} is false
     * take strain {@code target[k]}, the others stress {@code target[k]}; commits the end state.
     */
    void step(double dt, double temperature, double[] target, boolean[] stressControlled) {
        int[] free = java.util.stream.IntStream.range(0, Mandel.SIZE)
                .filter(k -> stressControlled[k])
                .toArray();
        for (int k = 0; k < Mandel.SIZE; k++) {
            if (!stressControlled[k]) {
                strain[k] = target[k];
            }
        }
        double scale = 1; // the largest stress seen: the residual's round-off floor is relative to it
        double previous = Double.POSITIVE_INFINITY;
        for (int iteration = 0; ; iteration++) {
            law.integrate(strain, dt, temperature, start, 0, end, 0, tangent);
            double[] r = new double[free.length];
            double norm = 0;
            for (int i = 0; i < free.length; i++) {
                r[i] = end[free[i]] - target[free[i]];
                norm = Math.max(norm, Math.abs(r[i]));
            }
            for (int k = 0; k < Mandel.SIZE; k++) {
                scale = Math.max(scale, Math.abs(end[k]));
            }
            // stop at round-off: once small, iterate while the residual still decreases
            if (free.length == 0 || norm == 0 || (norm <= 1e-9 * scale && norm >= previous) || iteration == 50) {
                if (norm > 1e-9 * scale) {
                    throw new AssertionError("mixed control did not converge: residual " + norm);
                }
                break;
            }
            previous = norm;
            double[][] a = new double[free.length][free.length];
            for (int i = 0; i < free.length; i++) {
                for (int j = 0; j < free.length; j++) {
                    a[i][j] = tangent[free[i] * Mandel.SIZE + free[j]];
                }
            }
            double[] delta = solve(a, r);
            for (int i = 0; i < free.length; i++) {
                strain[free[i]] -= delta[i];
            }
        }
        double[] t = start;
        start = end;
        end = t;
        time += dt;
    }

    /** Uniaxial stress along 1 at total strain {@code eps11}. */
    void uniaxial(double dt, double temperature, double eps11) {
        double[] target = new double[Mandel.SIZE];
        target[0] = eps11;
        step(dt, temperature, target, UNIAXIAL);
    }

    /** Component {@code k} of variable {@code name} in the committed state. */
    double get(String name, int k) {
        return start[layout.offset(name) + k];
    }

    double stress(int k) {
        return start[k];
    }

    MaterialPoint copy() {
        MaterialPoint c = new MaterialPoint(law);
        c.start = start.clone();
        System.arraycopy(strain, 0, c.strain, 0, Mandel.SIZE);
        c.time = time;
        return c;
    }

    /** Solves a x = b by Gaussian elimination with partial pivoting (a and b are overwritten). */
    static double[] solve(double[][] a, double[] b) {
        int m = b.length;
        for (int col = 0; col < m; col++) {
            int pivot = col;
            for (int i = col + 1; i < m; i++) {
                if (Math.abs(a[i][col]) > Math.abs(a[pivot][col])) {
                    pivot = i;
                }
            }
            double[] row = a[col];
            a[col] = a[pivot];
            a[pivot] = row;
            double bt = b[col];
            b[col] = b[pivot];
            b[pivot] = bt;
            for (int i = col + 1; i < m; i++) {
                double f = a[i][col] / a[col][col];
                for (int j = col; j < m; j++) {
                    a[i][j] -= f * a[col][j];
                }
                b[i] -= f * b[col];
            }
        }
        double[] x = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < m; j++) {
                s -= a[i][j] * x[j];
            }
            x[i] = s / a[i][i];
        }
        return x;
    }

    @Override
    public String toString() {
        return "t " + time + " state " + Arrays.toString(start);
    }
}

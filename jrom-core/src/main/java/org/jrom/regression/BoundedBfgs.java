package org.jrom.regression;

/**
 * Minimization of a smooth function over a box {@code lower <= x <= upper} by BFGS with the inverse
 * Hessian update and an Armijo backtracking line search (Nocedal and Wright 2006, Algorithm 6.1),
 * projected onto the box: components at a bound whose gradient points outward are held fixed.
 * Sized for the few hyperparameters of a Gaussian process.
 */
final class BoundedBfgs {
    /** A function with its gradient; +inf (or NaN) where it is undefined, e.g. a covariance not positive definite. */
    @FunctionalInterface
    interface Objective {
        /** f(x); writes the gradient into {@code gradient} when f is finite. */
        double value(double[] x, double[] gradient);
    }

    /** The last accepted point, its value, and the number of iterations taken. */
    record Result(double[] x, double value, int iterations) {}

    private static final double ARMIJO = 1e-4;
    private static final double MAX_STEP = 2.0; // largest move of one component per iteration

    private BoundedBfgs() {}

    /**
     * Minimizes f from {@code x0} (clamped into the box) until the projected gradient's largest
     * component is below {@code gradientTolerance}, the value stalls, or {@code maxIterations} pass.
     * Returns a value of +inf when f is undefined at the start.
     */
    static Result minimize(
            Objective f, double[] x0, double[] lower, double[] upper, int maxIterations, double gradientTolerance) {
        int n = x0.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = clamp(x0[i], lower[i], upper[i]);
        }
        double[] g = new double[n];
        double fx = f.value(x, g);
        if (!(fx < Double.POSITIVE_INFINITY)) {
            return new Result(x, Double.POSITIVE_INFINITY, 0);
        }
        double[] h = identity(n);
        boolean fresh = true; // h is a multiple of the identity
        double[] d = new double[n];
        double[] xn = new double[n];
        double[] gn = new double[n];
        double[] s = new double[n];
        double[] y = new double[n];
        boolean[] free = new boolean[n];
        int it = 0;
        while (it < maxIterations) {
            double projected = 0;
            for (int i = 0; i < n; i++) {
                free[i] = !((x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0));
                if (free[i]) {
                    projected = Math.max(projected, Math.abs(g[i]));
                }
            }
            if (projected < gradientTolerance) {
                break;
            }
            it++;
            double slope = direction(h, g, free, d);
            if (!(slope < 0)) { // not a descent direction: restart from steepest descent
                h = identity(n);
                fresh = true;
                slope = direction(h, g, free, d);
            }
            double big = 0;
            for (double di : d) {
                big = Math.max(big, Math.abs(di));
            }
            double scale = big > MAX_STEP ? MAX_STEP / big : 1.0;
            double t = scale;
            double fn = Double.POSITIVE_INFINITY;
            for (int tries = 0; tries < 40; tries++, t *= 0.5) {
                double decrease = 0;
                for (int i = 0; i < n; i++) {
                    xn[i] = clamp(x[i] + t * d[i], lower[i], upper[i]);
                    decrease += g[i] * (xn[i] - x[i]);
                }
                fn = f.value(xn, gn);
                if (fn <= fx + ARMIJO * decrease) {
                    break;
                }
            }
            if (!(fn <= fx)) { // the line search failed
                if (fresh) {
                    break;
                }
                h = identity(n);
                fresh = true;
                continue;
            }
            double sy = 0;
            double yy = 0;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                s[i] = xn[i] - x[i];
                y[i] = gn[i] - g[i];
                sy += s[i] * y[i];
                yy += y[i] * y[i];
                ss += s[i] * s[i];
            }
            boolean stalled = fx - fn <= 1e-12 * Math.max(1.0, Math.abs(fx));
            System.arraycopy(xn, 0, x, 0, n);
            System.arraycopy(gn, 0, g, 0, n);
            fx = fn;
            if (stalled) {
                break;
            }
            if (sy > 1e-10 * Math.sqrt(ss * yy)) {
                if (fresh) { // Nocedal-Wright (6.20): scale the first Hessian approximation
                    h = identity(n);
                    for (int i = 0; i < n; i++) {
                        h[i + i * n] = sy / yy;
                    }
                    fresh = false;
                }
                update(h, s, y, sy, n);
            }
        }
        return new Result(x, fx, it);
    }

    /** {@code d = -H g} on the free components (0 elsewhere); returns {@code g^T d}. */
    private static double direction(double[] h, double[] g, boolean[] free, double[] d) {
        int n = g.length;
        double slope = 0;
        for (int i = 0; i < n; i++) {
            double v = 0;
            if (free[i]) {
                for (int j = 0; j < n; j++) {
                    if (free[j]) {
                        v -= h[i + j * n] * g[j];
                    }
                }
            }
            d[i] = v;
            slope += g[i] * v;
        }
        return slope;
    }

    /** {@code H <- (I - rho s y^T) H (I - rho y s^T) + rho s s^T}, {@code rho = 1 / (s^T y)}. */
    private static void update(double[] h, double[] s, double[] y, double sy, int n) {
        double rho = 1.0 / sy;
        double[] hy = new double[n];
        double yhy = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                hy[i] += h[i + j * n] * y[j];
            }
            yhy += y[i] * hy[i];
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                h[i + j * n] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
            }
        }
    }

    private static double[] identity(int n) {
        double[] h = new double[n * n];
        for (int i = 0; i < n; i++) {
            h[i + i * n] = 1.0;
        }
        return h;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.min(hi, Math.max(lo, v));
    }
}

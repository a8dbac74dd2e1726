package org.jrom.fem.mechanics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jrom.fem.mechanics.MaterialParameter.Admissible;

/**
 * J2 (von Mises) elastoplasticity and its Chaboche-type viscoplastic extension (Lemaitre and
 * Chaboche, Mechanics of Solid Materials, 1990; Chaboche, Int. J. Plasticity 24, 2008): yield
 * function {@code f = sigma_eq(sigma - X) - R(p) - sigma_y}, {@code sigma_eq(a) = sqrt(3/2) ||dev
 * a||}, linear isotropic hardening {@code R = H p}, Armstrong-Frederick kinematic hardening {@code
 * dX = (2/3) C d eps_p - D X dp}, associated flow {@code d eps_p = (3/2) dp (s - X) / sigma_eq}.
 * Rate-independent ({@link #plastic}): {@code f <= 0}, {@code dp f = 0}. Viscoplastic ({@link
 * #viscoplastic}): Norton's {@code dp/dt = <f / K>^n}.
 *
 * <p>Backward Euler with a radial return (Simo and Hughes 1998, ch. 3): with {@code a = 1 / (1 + D
 * dp)}, {@code eta = s_trial - a X_n} and {@code N = eta / ||eta||}, the flow is {@code
 * sqrt(3/2) dp N} and the whole update reduces to one scalar equation in {@code dp}:
 *
 * <pre>
 * g(dp) = sqrt(3/2) ||eta(dp)|| - (3 G + C a) dp - H (p_n + dp) - sigma_y - K (dp / dt)^(1/n) = 0
 * </pre>
 *
 * (no last term when rate-independent), solved by Newton safeguarded by bisection: {@code g} is
 * decreasing when {@code sqrt(3/2) ||X_n|| <= C / D}, which AF hardening keeps. The consistent
 * tangent, with {@code gamma = -g'(dp)}, {@code c = 2 G sqrt(3/2) dp / ||eta||} and {@code q = X_n
 * - (N : X_n) N}:
 *
 * <pre>
 * D = 3 kappa P_vol + 2 G (1 - c) P_dev + (2 G c - 6 G^2 / gamma) N x N - c sqrt6 G D a^2 / gamma q x N
 * </pre>
 *
 * Its last term is not symmetric: with {@code D > 0} and a back stress not aligned with the trial
 * deviator (non-proportional loading) the tangent is not symmetric ({@link #hasSymmetricTangent}).
 *
 * <p>Cost per update: 10 (12 with Norton) table look-ups of O(log entries), about 250 flops for the
 * trial state, the update and the tangent, and 30 flops per Newton iteration (plus two {@code pow}
 * when viscous; 3 to 6 iterations in the tests); nothing allocated: the scalar equation's
 * coefficients live in the tangent's buffer until the tangent is written. Measured on one core
 * (UpdateRateTest): about 2e6 plastic and 1e6 viscoplastic updates per second. State: {@code sigma}
 * 6, {@code eps_p} (or {@code eps_vp}) 6, {@code p} 1, {@code X} 6.
 */
public final class J2Plasticity implements ConstitutiveLaw {
    private static final double SQRT_3_2 = Math.sqrt(1.5);
    private static final double SQRT6 = Math.sqrt(6);
    private static final int MAX_ITERATIONS = 200;

    /** Offsets in a point's state. */
    private static final int SIGMA = 0;

    private static final int EPS_P = 6;
    private static final int P = 12;
    private static final int X = 13;

    /** Where the coefficients of g(dp) lie in the scratch buffer (the tangent's, before it is written). */
    private static final int G = 0;

    private static final int H = 1;
    private static final int C = 2;
    private static final int D = 3;
    private static final int PN = 4;
    private static final int SIGMA_Y = 5;
    private static final int SS = 6;
    private static final int SX = 7;
    private static final int XX = 8;
    private static final int K = 9;
    private static final int N = 10;
    private static final int DT = 11;
    private static final int FLOOR = 12;

    private final String name;
    private final StateLayout layout;
    private final ThermoElasticity elasticity;
    private final MaterialParameter yieldStress;
    private final MaterialParameter isotropicModulus;
    private final MaterialParameter kinematicModulus;
    private final MaterialParameter recovery;
    /** Norton's K and n; null for the rate-independent law. */
    private final MaterialParameter dragStress;

    private final MaterialParameter exponent;

    private J2Plasticity(String name, String plasticStrain, Map<String, MaterialParameter> bound, boolean viscous) {
        this.name = name;
        this.layout = StateLayout.of(
                InternalVariable.tensor(plasticStrain), InternalVariable.scalar("p"), InternalVariable.tensor("X"));
        this.elasticity = ThermoElasticity.of(bound);
        this.yieldStress = bound.get("sigma_y");
        this.isotropicModulus = bound.get("H");
        this.kinematicModulus = bound.get("C");
        this.recovery = bound.get("D");
        this.dragStress = viscous ? bound.get("K") : null;
        this.exponent = viscous ? bound.get("n") : null;
    }

    /**
     * Rate-independent J2 plasticity. Parameters: E, nu, alpha, T_ref, {@code sigma_y >= 0}, {@code H
     * >= 0}, {@code C >= 0}, {@code D >= 0}.
     */
    public static J2Plasticity plastic(MaterialParameters parameters) {
        String name = "j2-plasticity";
        return new J2Plasticity(name, "eps_p", parameters.bind(name, declare(Map.of())), false);
    }

    /** Chaboche-type J2 viscoplasticity: the parameters of {@link #plastic} and Norton's {@code K > 0}, {@code n >= 1}. */
    public static J2Plasticity viscoplastic(MaterialParameters parameters) {
        String name = "j2-viscoplasticity";
        Map<String, Admissible> norton = new LinkedHashMap<>();
        norton.put("K", Admissible.POSITIVE);
        norton.put("n", Admissible.AT_LEAST_ONE);
        return new J2Plasticity(name, "eps_vp", parameters.bind(name, declare(norton)), true);
    }

    private static Map<String, Admissible> declare(Map<String, Admissible> more) {
        Map<String, Admissible> hardening = new LinkedHashMap<>();
        hardening.put("sigma_y", Admissible.NON_NEGATIVE);
        hardening.put("H", Admissible.NON_NEGATIVE);
        hardening.put("C", Admissible.NON_NEGATIVE);
        hardening.put("D", Admissible.NON_NEGATIVE);
        hardening.putAll(more);
        return ThermoElasticity.declare(hardening);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StateLayout layout() {
        return layout;
    }

    /** True when {@code D = 0} at every temperature (linear kinematic hardening or none). */
    @Override
    public boolean hasSymmetricTangent() {
        return recovery.isConstant() && recovery.values()[0] == 0;
    }

    @Override
    public void integrate(
            double[] strain,
            double dt,
            double temperature,
            double[] start,
            int startOffset,
            double[] end,
            int endOffset,
            double[] tangent) {
        double shear = elasticity.shearModulus(temperature);
        double kappa = elasticity.bulkModulus(temperature);
        double sigmaY = yieldStress.value(temperature);
        double h = isotropicModulus.value(temperature);
        double c = kinematicModulus.value(temperature);
        double d = recovery.value(temperature);
        double pn = start[startOffset + P];

        // Trial stress C : (eps - eps_p_n - eps_th) in the new stress slot; ss, sx, xx = s_tr.s_tr, s_tr.X_n, X_n.X_n
        int s1 = endOffset + SIGMA;
        int x0 = startOffset + X;
        ThermoElasticity.stress(
                strain, start, startOffset + EPS_P, shear, kappa, elasticity.thermalStrain(temperature), end, s1);
        double mean = Mandel.trace(end, s1) / 3;
        double ss = 0;
        double sx = 0;
        double xx = 0;
        for (int k = 0; k < Mandel.SIZE; k++) {
            double s = end[s1 + k] - (k < 3 ? mean : 0);
            ss += s * s;
            sx += s * start[x0 + k];
            xx += start[x0 + k] * start[x0 + k];
        }
        double trialYield = SQRT_3_2 * Math.sqrt(Math.max(ss - 2 * sx + xx, 0)) - h * pn - sigmaY;
        System.arraycopy(start, startOffset + EPS_P, end, endOffset + EPS_P, Mandel.SIZE + 1 + Mandel.SIZE);
        boolean viscous = dragStress != null;
        if (!(trialYield > 0) || (viscous && dt <= 0)) {
            Mandel.isotropic(kappa, shear, tangent);
            return;
        }
        // The coefficients of g(dp) go in the tangent's buffer, which the tangent overwrites afterwards
        double[] w = tangent;
        w[G] = shear;
        w[H] = h;
        w[C] = c;
        w[D] = d;
        w[PN] = pn;
        w[SIGMA_Y] = sigmaY;
        w[SS] = ss;
        w[SX] = sx;
        w[XX] = xx;
        w[K] = viscous ? dragStress.value(temperature) : 0;
        w[N] = viscous ? exponent.value(temperature) : 1;
        w[DT] = viscous ? dt : 0;
        // the round-off in evaluating g: below it, g = 0 says nothing more about dp
        w[FLOOR] = 1e-15 * (SQRT_3_2 * (Math.sqrt(ss) + Math.sqrt(xx)) + h * pn + sigmaY);
        double dp = solve(w, trialYield);
        double gamma = -slope(w, dp);
        double a = 1 / (1 + d * dp);
        double eta = Math.sqrt(eta2(w, a));
        double nx = (sx - a * xx) / eta; // N : X_n
        double cc = 2 * shear * SQRT_3_2 * dp / eta;
        double nn = 2 * shear * cc - 6 * shear * shear / gamma;
        double qn = -cc * SQRT6 * shear * d * a * a / gamma;
        Mandel.isotropic(kappa, shear * (1 - cc), tangent);
        for (int i = 0; i < Mandel.SIZE; i++) {
            double ni = normal(end, s1, mean, start, x0, a, eta, i);
            double depsP = SQRT_3_2 * dp * ni;
            end[endOffset + EPS_P + i] += depsP;
            end[endOffset + X + i] = a * (start[x0 + i] + (2.0 / 3) * c * depsP);
            double qi = start[x0 + i] - nx * ni;
            for (int j = 0; j < Mandel.SIZE; j++) {
                double nj = normal(end, s1, mean, start, x0, a, eta, j);
                tangent[i * Mandel.SIZE + j] += nn * ni * nj + qn * qi * nj;
            }
        }
        for (int i = 0; i < Mandel.SIZE; i++) {
            end[s1 + i] -= 2 * shear * (end[endOffset + EPS_P + i] - start[startOffset + EPS_P + i]);
        }
        end[endOffset + P] = pn + dp;
    }

    /** Component i of {@code N = (s_tr - a X_n) / ||eta||}, with s_tr = dev(trial stress at end[s1...]). */
    private static double normal(
            double[] end, int s1, double mean, double[] start, int x0, double a, double eta, int i) {
        return (end[s1 + i] - (i < 3 ? mean : 0) - a * start[x0 + i]) / eta;
    }

    /** {@code ||eta||^2 = ||s_tr - a X_n||^2}. */
    private static double eta2(double[] w, double a) {
        return Math.max(w[SS] - 2 * a * w[SX] + a * a * w[XX], 0);
    }

    /** {@code g(dp)}, the coefficients in {@code w}. */
    private static double residual(double[] w, double dp) {
        double a = 1 / (1 + w[D] * dp);
        double g = SQRT_3_2 * Math.sqrt(eta2(w, a)) - (3 * w[G] + w[C] * a) * dp - w[H] * (w[PN] + dp) - w[SIGMA_Y];
        return w[DT] > 0 ? g - w[K] * Math.pow(dp / w[DT], 1 / w[N]) : g;
    }

    /** {@code g'(dp) = sqrt(3/2) D a^2 (N : X_n) - 3 G - C a^2 - H - (K / (n dt)) (dp/dt)^(1/n - 1)}. */
    private static double slope(double[] w, double dp) {
        double a = 1 / (1 + w[D] * dp);
        double eta = Math.sqrt(eta2(w, a));
        double nx = eta > 0 ? (w[SX] - a * w[XX]) / eta : 0;
        double gp = SQRT_3_2 * w[D] * a * a * nx - 3 * w[G] - w[C] * a * a - w[H];
        return w[DT] > 0 ? gp - w[K] / (w[N] * w[DT]) * Math.pow(dp / w[DT], 1 / w[N] - 1) : gp;
    }

    /**
     * The root of g in (0, hi], by Newton from hi kept inside the bracket (bisection when it leaves),
     * to a relative step of 1e-15 or a residual at the round-off floor.
     */
    private static double solve(double[] w, double trialYield) {
        double lo = 0;
        double hi = trialYield / (3 * w[G] + w[H]);
        if (w[DT] > 0) {
            // g(dp) < trialYield - K (dp/dt)^(1/n), so dp < dt (trialYield / K)^n: far tighter when the
            // overstress is small (dp may be 1e-60, which bisection from the elastic bound would need
            // ~180 halvings to reach)
            hi = Math.min(hi, w[DT] * Math.pow(trialYield / w[K], w[N]));
            if (!(hi > 0)) {
                return 0; // the viscous flow underflows: no plastic strain at this precision
            }
        }
        double g = residual(w, hi);
        for (int i = 0; g > 0; i++) { // g(hi) <= 0 unless sqrt(3/2) ||X_n|| > C / D (parameters changed with T)
            if (i == 60) {
                throw new MaterialException("J2 return mapping: no bracket for dp (trial yield " + trialYield + ")");
            }
            lo = hi;
            hi *= 2;
            g = residual(w, hi);
        }
        double dp = hi;
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            if (Math.abs(g) <= w[FLOOR]) {
                return dp;
            }
            if (g > 0) {
                lo = dp;
            } else {
                hi = dp;
            }
            double next = dp - g / slope(w, dp);
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - dp) <= 1e-15 * next || hi - lo <= 1e-15 * hi) {
                return next;
            }
            dp = next;
            g = residual(w, dp);
        }
        throw new MaterialException("J2 return mapping: Newton on dp did not converge in " + MAX_ITERATIONS
                + " iterations (trial yield " + trialYield + ", dp " + dp + ")");
    }
}

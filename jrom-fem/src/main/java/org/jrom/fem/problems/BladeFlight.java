package org.jrom.fem.problems;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrom.fem.Mesh;
import org.jrom.fem.mechanics.ConstitutiveLaws;
import org.jrom.fem.mechanics.LoadHistory;
import org.jrom.fem.mechanics.Loads;
import org.jrom.fem.mechanics.MaterialParameter;
import org.jrom.fem.mechanics.MaterialParameters;
import org.jrom.fem.mechanics.QuasiStaticNewton;
import org.jrom.fem.mechanics.QuasiStaticRun;
import org.jrom.fem.mechanics.RunRecipe;
import org.jrom.fem.mechanics.RunSchedule;
import org.jrom.fem.mechanics.ScheduleFamily;
import org.jrom.fem.mechanics.SmallStrainSolid;
import org.jrom.fem.mechanics.StructuralRun;
import org.jrom.fem.mechanics.TemperatureField;

/**
 * The demo's high-pressure turbine blade in flight (in the spirit of the blades of Casenave and
 * Akkari 2019): the {@link TurbineBlade} clamped at the bottom of its root, spinning about the
 * engine axis and heated by the gas, through repeated flight cycles of rest, take-off, cruise and
 * landing; an elastoviscoplastic (Chaboche-type) nickel-base superalloy whose parameters depend on
 * temperature. SI units: m, Pa, s, kg/m^3, degrees Celsius.
 *
 * <p>Loads of one cycle (times in s: 0 rest, 30 take-off reached, 150 end of take-off, 180 cruise,
 * 1200 end of cruise, 1230 landing, 1260 idle after landing, 1320 stop):
 *
 * <ul>
 *   <li>rotation {@code omega(t) = omega_max * (0, 1, 1, 0.95, 0.95, 0.475, 0, 0)}: the centrifugal
 *       load {@code rho omega^2 r_perp};
 *   <li>temperature {@code T = 20 + (T_peak - 20) theta(x) (a(t) + 0.13 b(t) psi(x))}: {@code theta}
 *       rises from 0 at the root's bottom (held at the disc's temperature, where it is clamped) to 1
 *       at 40 % of the span, {@code a = (0, 1, 1, 0.85, 0.85, 0.425, 0, 0)}; {@code psi} is 1 at the
 *       leading and trailing edges and 0 at mid-chord, {@code b = (0, 1, 0, 0, 0, -0.6, 0, 0)}: the
 *       thin edges heat faster than the core at take-off and cool faster while landing, the
 *       transient thermal gradients that drive the viscoplastic strain of real blades. The edges
 *       stay above ambient ({@code a + 0.13 b >= 0.35} where {@code b < 0}) and below the alloy's
 *       table (at most {@code 20 + 1.13 (T_peak - 20)}, 1,130 C at the highest peak of 1000 C).
 * </ul>
 *
 * <p>The parameters a reduction varies: the maximum rotation speed, the peak temperature, and a
 * factor on Norton's K (the material's creep resistance).
 */
public final class BladeFlight {
    /** Times of one flight cycle's points (s). */
    public static final double[] CYCLE = {0, 30, 150, 180, 1200, 1230, 1260, 1320};

    private static final double[] SPEED = {0, 1, 1, 0.95, 0.95, 0.475, 0, 0};
    private static final double[] HEATING = {0, 1, 1, 0.85, 0.85, 0.425, 0, 0};
    private static final double[] EDGE_TRANSIENT = {0, 1, 0, 0, 0, -0.6, 0, 0};

    /** Ambient temperature and the reference of the thermal strain (C). */
    public static final double AMBIENT = 20;

    /** Density of the alloy (kg/m^3). */
    public static final double DENSITY = 8190;

    /**
     * The edge-to-core temperature difference of the transient, as a fraction of the peak's rise
     * above ambient (120 K at the default 950 C).
     */
    public static final double EDGE_FRACTION = 0.13;

    private BladeFlight() {}

    /**
     * A run of the demo.
     *
     * @param size factor on the standard resolution (1: about 49,000 P2 unknowns)
     * @param degree 1 or 2
     * @param cycles flight cycles, at least 1
     * @param omega maximum rotation speed (rad/s)
     * @param peakTemperature the hottest temperature of the take-off (C)
     * @param creepFactor factor on Norton's K (greater: a stronger, slower-creeping alloy)
     * @param maxStep the longest time step (s); every point of the cycle is a step too
     */
    public record Options(
            double size,
            int degree,
            int cycles,
            double omega,
            double peakTemperature,
            double creepFactor,
            double maxStep)
            implements java.io.Serializable {
        public Options {
            if (!(size > 0)
                    || (degree != 1 && degree != 2)
                    || cycles < 1
                    || !(omega >= 0)
                    || !(peakTemperature > AMBIENT && peakTemperature <= 1000)
                    || !(creepFactor > 0)
                    || !(maxStep > 0)) {
                throw new IllegalArgumentException(
                        "blade flight options: expected size > 0, degree 1 or 2, cycles >= 1,"
                                + " omega >= 0, peak temperature in (20, 1000], creep factor > 0 and max step > 0, found "
                                + this);
            }
        }

        /** Standard resolution, P2, 3 cycles, 1,100 rad/s (10,500 rpm), 950 C, K as tabulated, steps up to 100 s. */
        public static Options standard() {
            return new Options(1, 2, 3, 1100, 950, 1, 100);
        }
    }

    /**
     * The superalloy, tabulated at 20, 600, 1000 and 1150 C (orders of magnitude of IN100-type alloys:
     * Chaboche, Int. J. Plasticity 24, 2008): E 205-140 GPa, nu 0.3, alpha 12.5-17e-6 /K (secant from
     * 20 C), yield 800-200 MPa, H 2 GPa, C 60-15 GPa, D 400, Norton K 2500-500 MPa s^(1/n) times {@code
     * creepFactor}, n 12-5.
     */
    public static MaterialParameters material(double creepFactor) {
        double[] t = {20, 600, 1000, 1150};
        return MaterialParameters.of(
                new MaterialParameter("E", t, new double[] {205e9, 180e9, 150e9, 140e9}),
                MaterialParameter.constant("nu", 0.3),
                new MaterialParameter("alpha", t, new double[] {12.5e-6, 14.5e-6, 16.5e-6, 17e-6}),
                MaterialParameter.constant("T_ref", AMBIENT),
                new MaterialParameter("sigma_y", t, new double[] {800e6, 650e6, 300e6, 200e6}),
                MaterialParameter.constant("H", 2e9),
                new MaterialParameter("C", t, new double[] {60e9, 40e9, 20e9, 15e9}),
                MaterialParameter.constant("D", 400),
                new MaterialParameter("K", t, new double[] {
                    2500e6 * creepFactor, 1500e6 * creepFactor, 700e6 * creepFactor, 500e6 * creepFactor
                }),
                new MaterialParameter("n", t, new double[] {12, 9, 6, 5}));
    }

    /**
     * The run without its mesh ({@link RunSchedule}): the time grid, {@code omega(t)^2} for the
     * centrifugal pattern, {@code (T_peak - 20) a(t)} and {@code (T_peak - 20) b(t)} for the two
     * temperature shapes {@code theta} and {@code 0.13 theta psi}, and the alloy. What a reduced model
     * of the blade needs at a new parameter value; {@link #run} builds its loads from it.
     */
    public static RunSchedule schedule(Options o) {
        LoadHistory speed = history(SPEED, o.omega(), o.cycles());
        double rise = o.peakTemperature() - AMBIENT;
        List<LoadHistory> temperature =
                List.of(history(HEATING, rise, o.cycles()), history(EDGE_TRANSIENT, rise, o.cycles()));
        double[] breakpoints = speed.times(); // every history steps on the cycles' points
        double[] times = QuasiStaticRun.timeGrid(0, speed.end(), o.maxStep(), breakpoints);
        return new RunSchedule(
                times,
                List.of(t -> {
                    double w = speed.value(t);
                    return w * w;
                }),
                temperature,
                Map.of(SmallStrainSolid.ALL, ConstitutiveLaws.of("j2-viscoplasticity", material(o.creepFactor()))));
    }

    /** The name of the blade's {@link ScheduleFamily}. */
    public static final String FAMILY = "blade-flight";

    /**
     * The blade's schedules as a family of the rotation speed {@code omega} and the peak temperature
     * {@code peak_temperature}, the other options fixed: what a reduced model of the blade answers.
     */
    public static ScheduleFamily family(double size, int degree, int cycles, double maxStep, double creepFactor) {
        return family(Map.of(
                "size", size,
                "degree", (double) degree,
                "cycles", (double) cycles,
                "max_step", maxStep,
                "creep_factor", creepFactor));
    }

    /**
     * The family from its settings {@code size}, {@code degree} (the mesh, for reconstruction),
     * {@code cycles}, {@code max_step} and {@code creep_factor} (a model file's).
     *
     * @throws IllegalArgumentException for a missing, extra or inadmissible setting
     */
    public static ScheduleFamily family(Map<String, Double> settings) {
        if (!settings.keySet().equals(Set.of("size", "degree", "cycles", "max_step", "creep_factor"))) {
            throw new IllegalArgumentException("blade-flight settings: expected size, degree, cycles, max_step and"
                    + " creep_factor, found " + settings.keySet());
        }
        double size = settings.get("size");
        double d = settings.get("degree");
        if (!(size > 0 && size <= 4) || !(d == 1 || d == 2)) {
            throw new IllegalArgumentException(
                    "blade-flight settings: size must be in (0, 4] and degree 1 or 2, found " + size + ", " + d);
        }
        int degree = (int) d;
        double c = settings.get("cycles");
        if (!(c >= 1 && c <= 1000 && c == Math.rint(c))) {
            throw new IllegalArgumentException(
                    "blade-flight settings: cycles must be a whole number from 1 to 1000," + " found " + c);
        }
        int cycles = (int) c;
        double maxStep = settings.get("max_step");
        double creepFactor = settings.get("creep_factor");
        new Options(size, degree, cycles, 1000, 950, creepFactor, maxStep); // checks them
        if (CYCLE[CYCLE.length - 1] * cycles / maxStep > QuasiStaticRun.MAX_STEPS) {
            throw new IllegalArgumentException("blade-flight settings: " + cycles + " cycles in steps of " + maxStep
                    + " s would take more than " + QuasiStaticRun.MAX_STEPS + " steps");
        }
        Map<String, Double> stored = new LinkedHashMap<>();
        stored.put("size", size);
        stored.put("degree", (double) degree);
        stored.put("cycles", (double) cycles);
        stored.put("max_step", maxStep);
        stored.put("creep_factor", creepFactor);
        return new ScheduleFamily() {
            @Override
            public String name() {
                return FAMILY;
            }

            @Override
            public Map<String, Double> settings() {
                return Collections.unmodifiableMap(stored);
            }

            @Override
            public List<String> parameters() {
                return List.of("omega", "peak_temperature");
            }

            @Override
            public RunSchedule at(Map<String, Double> values) {
                return schedule(options(values));
            }

            @Override
            public StructuralRun run(Map<String, Double> values) {
                return BladeFlight.run(options(values));
            }

            private Options options(Map<String, Double> values) {
                Double omega = values.get("omega");
                Double peak = values.get("peak_temperature");
                if (omega == null || peak == null) {
                    throw new IllegalArgumentException(
                            "blade-flight: expected omega and peak_temperature, found " + values.keySet());
                }
                return new Options(size, degree, cycles, omega, peak, creepFactor, maxStep);
            }
        };
    }

    /** The run's recipe for another process (a cluster's executor): its options. */
    public static RunRecipe recipe(Options o) {
        return new Recipe(o);
    }

    private record Recipe(Options options) implements RunRecipe {
        @Override
        public StructuralRun run() {
            return BladeFlight.run(options);
        }

        @Override
        public String describe() {
            return "the blade run " + options;
        }
    }

    /** The run: mesh, solid, loads over the cycles, the time grid and modified Newton. */
    public static StructuralRun run(Options o) {
        RunSchedule schedule = schedule(o);
        TurbineBlade.Geometry g = TurbineBlade.Geometry.standard();
        Mesh mesh = TurbineBlade.mesh(g, TurbineBlade.Resolution.standard().scaled(o.size()));
        SmallStrainSolid solid =
                new SmallStrainSolid(mesh, o.degree(), schedule.materials().get(SmallStrainSolid.ALL));
        double[] theta = new double[mesh.numNodes()];
        double[] edge = new double[mesh.numNodes()]; // the edges' transient, within the heated part
        for (int n = 0; n < theta.length; n++) {
            double x = mesh.coordinate(n, 0);
            double y = mesh.coordinate(n, 1);
            double z = mesh.coordinate(n, 2);
            double h = Math.min(1, Math.max(0, (z + g.rootHeight()) / (g.rootHeight() + 0.4 * g.span())));
            theta[n] = h * h * (3 - 2 * h);
            // distance from the section's mid-chord (the twist's centre), 1 at the edges
            double d = Math.min(1, Math.hypot(x - g.chord() / 2, y) / (g.chord() / 2));
            double psi = z > 0 ? d * d : d * d * Math.max(0, 1 + z / g.rootHeight());
            edge[n] = EDGE_FRACTION * theta[n] * psi;
        }
        double[] base = new double[theta.length];
        Arrays.fill(base, AMBIENT);
        double[] times = schedule.times();
        double end = times[times.length - 1];
        TemperatureField temperature = TemperatureField.of(
                base,
                new double[][] {theta, edge},
                schedule.temperatureAmplitudes().toArray(LoadHistory[]::new));
        Loads loads = Loads.builder(solid)
                .displacement(new int[] {0, 1, 2}, 0, LoadHistory.constant(1, 0, end), "root_bottom")
                .centrifugal(
                        DENSITY,
                        g.rotationAxisPoint(),
                        g.rotationAxisDirection(),
                        history(SPEED, o.omega(), o.cycles()))
                .temperature(temperature)
                .build();
        return new StructuralRun(
                solid,
                loads,
                times,
                new QuasiStaticNewton.Options(1e-8, 40, 6, QuasiStaticNewton.TangentUpdate.WHEN_SLOW));
    }

    private static LoadHistory history(double[] values, double scale, int cycles) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * values[i];
        }
        return LoadHistory.of(CYCLE, v).repeated(cycles);
    }
}

package org.jrom.fem.mechanics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import org.jrom.fem.ScalarField;
import org.jrom.linalg.DimensionMismatchException;

/**
 * The thermomechanical loading of a {@link SmallStrainSolid} through time: external forces, each a
 * fixed pattern times a {@link LoadHistory} (pressure, tractions, body forces; the centrifugal load
 * scales with the square of the rotation speed), imposed displacements on boundary parts (clamps,
 * symmetry planes, a prescribed motion), and a {@link TemperatureField} whose value at the material
 * points drives the thermal strain and the temperature-dependent parameters. The patterns are
 * assembled once at {@link Builder#build()}; evaluating the loading at a time costs O(dofs) plus the
 * temperature interpolation.
 */
public final class Loads implements QuasiStaticNewton.Loading {
    private record Term(double[] pattern, DoubleUnaryOperator amplitude) {}

    private record Imposed(int[] dofs, double value, LoadHistory amplitude) {}

    private final SmallStrainSolid solid;
    private final List<Term> forces;
    private final List<Imposed> imposed;
    private final int[] fixed;
    private final Map<String, int[]> supports;
    private final TemperatureField temperature;
    private final double[] times;

    private Loads(Builder b) {
        this.solid = b.solid;
        this.forces = List.copyOf(b.forces);
        this.imposed = List.copyOf(b.imposed);
        this.supports = Collections.unmodifiableMap(new LinkedHashMap<>(b.supports)); // the order given
        this.temperature = b.temperature;
        this.fixed = imposed.stream()
                .flatMapToInt(i -> Arrays.stream(i.dofs))
                .sorted()
                .distinct()
                .toArray();
        TreeSet<Double> all = new TreeSet<>();
        b.histories.forEach(h -> Arrays.stream(h.times()).forEach(all::add));
        Arrays.stream(temperature.times()).forEach(all::add);
        this.times = all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A builder of the loads on {@code solid}. */
    public static Builder builder(SmallStrainSolid solid) {
        return new Builder(solid);
    }

    /** The imposed dofs, sorted. */
    public int[] fixedDofs() {
        return fixed.clone();
    }

    /** The boundary parts with imposed displacements, by name, each with its imposed dofs (for reactions). */
    public Map<String, int[]> supports() {
        return supports;
    }

    /**
     * The force patterns {@code f_k}, in the order the builder took them: the external force is {@code
     * sum_k a_k(t) f_k} with the amplitudes of {@link #forceAmplitudes()}.
     */
    public List<double[]> forcePatterns() {
        return forces.stream().map(f -> f.pattern.clone()).toList();
    }

    /** The amplitudes {@code a_k(t)} of the force patterns ({@code omega(t)^2} for a centrifugal load). */
    public List<DoubleUnaryOperator> forceAmplitudes() {
        return forces.stream().map(Term::amplitude).toList();
    }

    /** The temperature field. */
    public TemperatureField temperatureField() {
        return temperature;
    }

    /**
     * Whether every imposed displacement is zero at all times (clamps, symmetry planes): the
     * displacements then lie in the space of the free dofs, as a reduced basis of them needs.
     */
    public boolean hasHomogeneousSupports() {
        return imposed.stream().allMatch(i -> i.value == 0);
    }

    /** The times of every history's points, sorted: a time grid should step on each. */
    public double[] breakpoints() {
        return times.clone();
    }

    @Override
    public double[] externalForce(double t) {
        double[] f = new double[solid.dim()];
        for (Term term : forces) {
            double a = term.amplitude.applyAsDouble(t);
            if (a != 0) {
                double[] p = term.pattern;
                for (int i = 0; i < f.length; i++) {
                    f[i] += a * p[i];
                }
            }
        }
        return f;
    }

    @Override
    public double[] imposedDisplacement(double t) {
        double[] u = new double[solid.dim()];
        for (Imposed i : imposed) {
            double v = i.value == 0 ? 0 : i.value * i.amplitude.value(t);
            for (int d : i.dofs) {
                u[d] = v;
            }
        }
        return u;
    }

    @Override
    public void temperature(double t, double[] pointTemperature) {
        solid.pointValues(temperature.at(t), pointTemperature);
    }

    /** The temperature at the mesh nodes at time t. */
    public double[] nodalTemperature(double t) {
        return temperature.at(t);
    }

    /** Collects the loads; each adds a term, {@link #build()} checks and freezes them. */
    public static final class Builder {
        private final SmallStrainSolid solid;
        private final List<Term> forces = new ArrayList<>();
        private final List<Imposed> imposed = new ArrayList<>();
        private final Map<String, int[]> supports = new LinkedHashMap<>();
        private final List<LoadHistory> histories = new ArrayList<>();
        private TemperatureField temperature;

        private Builder(SmallStrainSolid solid) {
            this.solid = solid;
        }

        /** An external force {@code a(t) f}, f a full-length load vector. */
        public Builder force(double[] pattern, LoadHistory amplitude) {
            DimensionMismatchException.check("force pattern", solid.dim(), pattern.length);
            histories.add(amplitude);
            forces.add(new Term(pattern.clone(), amplitude::value));
            return this;
        }

        /** A pressure {@code p(t)} on the named boundary parts, pushing along the inward normal. */
        public Builder pressure(LoadHistory pressure, String... boundary) {
            return force(solid.pressure(boundary), pressure);
        }

        /** A traction {@code a(t) t} (force per area, global axes) on the named boundary parts. */
        public Builder traction(double[] traction, LoadHistory amplitude, String... boundary) {
            return force(solid.traction(traction, boundary), amplitude);
        }

        /** A body force {@code a(t) rho g} per volume (gravity, an acceleration g of a part of density rho). */
        public Builder bodyForce(double density, double[] acceleration, LoadHistory amplitude) {
            DimensionMismatchException.check("acceleration components", 3, acceleration.length);
            return force(
                    solid.bodyForce(new ScalarField[] {
                        x -> density * acceleration[0], x -> density * acceleration[1], x -> density * acceleration[2]
                    }),
                    amplitude);
        }

        /**
         * The centrifugal load of a rotation about the axis through {@code axisPoint} along {@code
         * axisDirection} at angular velocity {@code omega(t)} (rad/s): {@code omega^2 rho r_perp} per
         * volume.
         */
        public Builder centrifugal(double density, double[] axisPoint, double[] axisDirection, LoadHistory omega) {
            double[] pattern = solid.centrifugal(density, axisPoint, axisDirection);
            histories.add(omega);
            forces.add(new Term(pattern, t -> {
                double w = omega.value(t);
                return w * w;
            }));
            return this;
        }

        /**
         * Imposes {@code u_i = value * a(t)} for the given components on the named boundary parts: a
         * clamp is components {0, 1, 2} and value 0, a symmetry plane normal to x_i the component i
         * and value 0.
         *
         * @throws IllegalArgumentException if a component is not 0, 1 or 2, or if a dof is already
         *     imposed with another value
         */
        public Builder displacement(int[] components, double value, LoadHistory amplitude, String... boundary) {
            for (int c : components) {
                if (c < 0 || c > 2) {
                    throw new IllegalArgumentException("displacement component must be 0, 1 or 2, found " + c);
                }
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("imposed displacement must be finite, found " + value);
            }
            int[] dofs = solid.boundaryDofs(components, boundary);
            for (Imposed other : imposed) {
                if ((other.value != 0 || value != 0) && intersects(other.dofs, dofs)) {
                    throw new IllegalArgumentException("boundary " + String.join(", ", boundary)
                            + " imposes a displacement on dofs another condition already imposes");
                }
            }
            histories.add(amplitude);
            imposed.add(new Imposed(dofs, value, amplitude));
            String name = String.join("+", boundary);
            int[] before = supports.getOrDefault(name, new int[0]);
            supports.put(
                    name,
                    IntStream.concat(Arrays.stream(before), Arrays.stream(dofs))
                            .sorted()
                            .distinct()
                            .toArray());
            return this;
        }

        /** The temperature field (required: a uniform one at T_ref where there is no thermal load). */
        public Builder temperature(TemperatureField field) {
            DimensionMismatchException.check(
                    "temperature field nodes", solid.mesh().numNodes(), field.nodes());
            this.temperature = field;
            return this;
        }

        /**
         * The loads.
         *
         * @throws IllegalStateException without a temperature field: the law's thermal strain and
         *     parameters need one (a uniform field at the material's {@code T_ref} for none)
         */
        public Loads build() {
            if (temperature == null) {
                throw new IllegalStateException("the loads need a temperature field; without thermal loads, a uniform"
                        + " one at the material's reference temperature T_ref");
            }
            return new Loads(this);
        }

        private static boolean intersects(int[] sortedA, int[] sortedB) {
            int i = 0;
            int j = 0;
            while (i < sortedA.length && j < sortedB.length) {
                if (sortedA[i] == sortedB[j]) {
                    return true;
                }
                if (sortedA[i] < sortedB[j]) {
                    i++;
                } else {
                    j++;
                }
            }
            return false;
        }
    }
}

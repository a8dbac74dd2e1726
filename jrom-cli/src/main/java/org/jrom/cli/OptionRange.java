package org.jrom.cli;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The valid range of every numeric option of every command, in one table: checked after parsing and
 * before a command does any work, so that a value no run can use (a count of 0, two billion bins, a
 * hundred thousand threads) is one readable line, not an exception deep inside. An option's help and
 * docs/cli.md state the same range ({@link #help()}); HostileAnswersTest holds them to it.
 */
enum OptionRange {
    // more threads than this only oversubscribe the cores; ForkJoinPool refuses more than 32767
    THREADS("--threads", 1, 1024),
    CHUNK("--chunk", 1, 1_000_000),
    // the memory check of jrom uq refuses what this JVM cannot hold
    SAMPLES("--samples", 1, Integer.MAX_VALUE),
    // a bin per pixel column of the histogram is already more than it can show
    BINS("--bins", 1, 10_000),
    SIGMA_FRACTION("--sigma-fraction", 0, false, 10, true),
    SEED("--seed", Long.MIN_VALUE, Long.MAX_VALUE),
    TOL("--tol", 0, true, 1, true),
    POD_TOL("--pod-tol", 0, true, 1, false),
    MAX_BASIS("--max-basis", 1, 10_000),
    MAX_MODES("--max-modes", 1, 10_000),
    TRAINING("--training", 1, 10_000_000),
    TEST("--test", 1, 1_000_000),
    UQ_SAMPLES("--uq-samples", 1, 100_000_000),
    // 1000 cells per block side is a million unknowns per block
    RESOLUTION("--resolution", 1, 1000),
    STEP("--step", 1, 10_000),
    // the blade demo: a mesh factor of 4 is about 3 million P2 unknowns
    SIZE("--size", 0, false, 4, true),
    CYCLES("--cycles", 1, 1000),
    OMEGA("--omega", 0, true, 10_000, true),
    // the edges run 13 % hotter than the peak: 1,130 C at 1000, inside the alloy's table (to 1150)
    PEAK_TEMPERATURE("--peak-temperature", 20, false, 1000, true),
    CREEP_FACTOR("--creep-factor", 0, false, 1000, true),
    DEGREE("--degree", 1, 2),
    MAX_STEP("--max-step", 0, false, 100_000, true),
    TEST_OMEGA("--test-omega", 0, true, 10_000, true),
    TEST_PEAK("--test-peak", 20, false, 1000, true),
    CUBATURE_TOL("--cubature-tol", 0, true, 1, false),
    INDICATOR_TOL("--indicator-tol", 0, false, 1, true),
    ERROR_TOL("--error-tol", 0, false, 1, false),
    CALIBRATION_RUNS("--calibration-runs", 3, 1000),
    MAX_FULL_STEPS("--max-full-steps", 0, 1000),
    JOBS("--jobs", 1, 64),
    // EIM functions of the sensor study
    FUNCTIONS("--functions", 1, 100);

    private static final Map<String, OptionRange> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(r -> r.option, Function.identity()));

    final String option;
    private final boolean whole;
    private final long min; // whole numbers: min to max, both included
    private final long max;
    private final double lower; // real numbers: an interval
    private final boolean lowerIncluded;
    private final double upper;
    private final boolean upperIncluded;

    /** A whole-number option from min to max, both included. */
    OptionRange(String option, long min, long max) {
        this(option, true, min, max, 0, true, 0, true);
    }

    /** A real option in an interval. */
    OptionRange(String option, double lower, boolean lowerIncluded, double upper, boolean upperIncluded) {
        this(option, false, 0, 0, lower, lowerIncluded, upper, upperIncluded);
    }

    OptionRange(
            String option,
            boolean whole,
            long min,
            long max,
            double lower,
            boolean lowerIncluded,
            double upper,
            boolean upperIncluded) {
        this.option = option;
        this.whole = whole;
        this.min = min;
        this.max = max;
        this.lower = lower;
        this.lowerIncluded = lowerIncluded;
        this.upper = upper;
        this.upperIncluded = upperIncluded;
    }

    long min() {
        return min;
    }

    long max() {
        return max;
    }

    double lower() {
        return lower;
    }

    boolean lowerIncluded() {
        return lowerIncluded;
    }

    double upper() {
        return upper;
    }

    boolean upperIncluded() {
        return upperIncluded;
    }

    /** The range of the option named {@code name}, if it is a numeric option. */
    static Optional<OptionRange> of(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The range as help and docs/cli.md write it: {@code 1 to 1024}, {@code [0, 1)}, {@code any}. */
    String help() {
        if (whole) {
            return min == Long.MIN_VALUE ? "any whole number" : min + " to " + max;
        }
        return (lowerIncluded ? "[" : "(") + number(lower) + ", " + number(upper) + (upperIncluded ? "]" : ")");
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Whether {@code value} (an Integer, Long or Double) lies in the range; NaN never does. */
    boolean contains(Number value) {
        if (whole) {
            long v = value.longValue();
            return v >= min && v <= max;
        }
        double v = value.doubleValue();
        return (lowerIncluded ? v >= lower : v > lower) && (upperIncluded ? v <= upper : v < upper);
    }

    /** The message that refuses {@code value}. */
    String refusal(Number value) {
        return option + " must be " + (whole ? "from " : "in ") + help() + ", found " + value;
    }

    /**
     * Checks every numeric option given on the command line of {@code parsed} and its subcommands
     * against its range; defaults are in range by construction.
     *
     * @throws CommandLine.ParameterException naming the option, its range and the value
     */
    static void check(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (OptionSpec o : p.matchedOptions()) {
                Optional<OptionRange> range = of(o.longestName());
                Object value = o.getValue();
                if (range.isPresent()
                        && value instanceof Number n
                        && !range.get().contains(n)) {
                    throw new CommandLine.ParameterException(
                            p.commandSpec().commandLine(), range.get().refusal(n));
                }
            }
        }
    }
}

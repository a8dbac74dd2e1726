package org.jrom.cli;

import java.nio.file.Path;
import org.jrom.reductors.ResidualNormEvaluation;
import picocli.CommandLine.Option;

/** The settings of a certified reduction that {@code jrom demo} and {@code jrom build} share. */
final class ReductionOptions {
    // Each default declared once; `jrom study estimators` shares MAX_BASIS and SEED and keeps its
    // own tolerance and set sizes on purpose (StudyCommand.Estimators says why).
    static final String TOLERANCE = "1e-6";
    static final String MAX_BASIS = "60";
    static final String TRAINING = "500";
    static final String TEST = "100";
    static final String SEED = "1";

    @Option(
            names = "--tol",
            defaultValue = TOLERANCE,
            description = "Greedy tolerance on the relative error bound, in [0, 1] (default ${DEFAULT-VALUE}).")
    double tol;

    @Option(
            names = "--max-basis",
            defaultValue = MAX_BASIS,
            description = "Largest basis, 1 to 10000 (default ${DEFAULT-VALUE}).")
    int maxBasis;

    @Option(
            names = "--estimator",
            defaultValue = "ORTHONORMAL",
            description = "Residual-norm evaluation: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    ResidualNormEvaluation estimator;

    @Option(
            names = "--training",
            defaultValue = TRAINING,
            description = "Training set size, when no training set is given, 1 to 10000000 (default ${DEFAULT-VALUE}).")
    int training;

    @Option(
            names = "--test",
            defaultValue = TEST,
            description = "Test set size, 1 to 1000000 (default ${DEFAULT-VALUE}).")
    int test;

    @Option(
            names = "--uq-samples",
            defaultValue = "20000",
            description = "Monte Carlo samples of the first output, 1 to 100000000 (default ${DEFAULT-VALUE}).")
    int uqSamples;

    @Option(
            names = "--seed",
            defaultValue = SEED,
            description =
                    "Seed: training set; test set seed+1, Monte Carlo seed+2, any whole number (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--threads",
            description =
                    "Worker threads, 1 to 1024 (default: all processors). Must come before any other work in the JVM.")
    Integer threads;

    @Option(names = "--out", description = "Output directory.")
    Path out;

    /** Applies {@code --threads} before any parallel work starts (the ranges are checked by {@link OptionRange}). */
    void apply() {
        if (threads != null) {
            System.setProperty("jrom.threads", Integer.toString(threads));
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", Integer.toString(threads));
        }
    }
}

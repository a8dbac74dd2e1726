package org.jrom.fem.mechanics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import org.jrom.fem.DirichletConstraint;
import org.jrom.linalg.CholeskySymbolic;
import org.jrom.linalg.ConjugateGradient;
import org.jrom.linalg.ConvergenceException;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.NotPositiveDefiniteException;
import org.jrom.linalg.SmoothedAggregation;
import org.jrom.linalg.SparseCholesky;

/**
 * Quasi-static Newton-Raphson for one load step of a {@link SmallStrainSolid} (Simo and Hughes 1998,
 * ch. 3; de Souza Neto, Peric and Owen, Computational Methods for Plasticity, 2008, ch. 4): find u at
 * {@code t + dt} with {@code r(u) = f_int(u) - f_ext(t + dt) = 0} on the free dofs, the fixed dofs
 * holding their imposed values. Each iteration integrates the law at every point and solves {@code
 * K_FF du_F = -r_F}.
 *
 * <p>Convergence: {@code ||r_F|| <= tolerance * max(||f_ext,F||, ||R||, ||r_F,0||)}, R the
 * reactions {@code f_int - f_ext} on the fixed dofs (so a displacement-driven step is measured
 * against the forces it produces) and {@code r_F,0} the step's first residual (the forces the step
 * puts out of balance: a free thermal expansion has neither external forces nor reactions). A step
 * that fails (iteration limit, a non-finite residual, a {@link MaterialException} at a point, a
 * tangent that is not positive definite) is cut: the substep is halved and retried, down to {@code
 * dt / 2^maxCuts}; after two accepted substeps in a row the next one doubles again (up to dt).
 *
 * <p>The Newton matrix is the consistent tangent when {@link ConstitutiveLaw#hasSymmetricTangent()},
 * factored by Cholesky. Otherwise (Armstrong-Frederick recovery, D > 0) it is the symmetric part of
 * the tangent: a quasi-Newton iteration, converging linearly instead of quadratically, at a rate set
 * by the tangent's asymmetry. The symbolic analysis of the first factorization ({@link
 * CholeskySymbolic}) is reused by every later iteration and step, the pattern being fixed.
 */
public final class QuasiStaticNewton {
    /** When the Newton matrix is refactored. */
    public enum TangentUpdate {
        /** At every iteration: Newton's quadratic convergence, one factorization per iteration. */
        EVERY_ITERATION,
        /**
         * Modified Newton: the last factorization is kept across iterations and steps and refreshed when
         * an iteration reduces the residual by less than {@link #SLOW} (or a step fails). Linear
         * convergence at a rate set by how far the tangent has moved, for far fewer factorizations when
         * the response is mostly elastic (Crisfield, Non-linear Finite Element Analysis of Solids and
         * Structures, 1991, sec. 9.2).
         */
        WHEN_SLOW;

        /** The residual reduction per iteration below which {@link #WHEN_SLOW} refactors. */
        public static final double SLOW = 0.25;
    }

    /** How each Newton correction is solved. */
    public enum LinearSolver {
        /** Sparse Cholesky, its symbolic analysis computed once and reused: the default. */
        CHOLESKY,
        /**
         * Conjugate gradients preconditioned by smoothed-aggregation multigrid with the rigid-body
         * modes ({@link SmoothedAggregation}), for meshes whose Cholesky factor does not fit: memory of
         * the order of the matrix. Solved to the step's relative residual, at most 1e-2 and at least a
         * tenth of what the Newton tolerance leaves (an inexact Newton: Dembo, Eisenstat, Steihaug,
         * SINUM 19, 1982; the forcing term of Eisenstat and Walker, SISC 17, 1996).
         */
        CG_AMG
    }

    /**
     * @param tolerance relative residual at convergence
     * @param maxIterations Newton iterations per (sub)step before it is cut
     * @param maxCuts how many halvings of a step a substep may be (the shortest is {@code dt / 2^maxCuts})
     * @param update when the Newton matrix is refactored
     * @param solver how each correction is solved
     */
    public record Options(double tolerance, int maxIterations, int maxCuts, TangentUpdate update, LinearSolver solver) {
        public Options {
            if (!(tolerance > 0) || maxIterations < 1 || maxCuts < 0 || update == null || solver == null) {
                throw new IllegalArgumentException("Newton options: expected tolerance > 0, maxIterations >= 1,"
                        + " maxCuts >= 0, a tangent update and a linear solver, found " + tolerance + ", "
                        + maxIterations + ", " + maxCuts + ", " + update + ", " + solver);
            }
        }

        /** With the sparse Cholesky. */
        public Options(double tolerance, int maxIterations, int maxCuts, TangentUpdate update) {
            this(tolerance, maxIterations, maxCuts, update, LinearSolver.CHOLESKY);
        }

        /** This with another linear solver. */
        public Options with(LinearSolver other) {
            return new Options(tolerance, maxIterations, maxCuts, update, other);
        }

        /** Full Newton. */
        public Options(double tolerance, int maxIterations, int maxCuts) {
            this(tolerance, maxIterations, maxCuts, TangentUpdate.EVERY_ITERATION);
        }

        /** Relative residual 1e-10, 25 iterations, 8 cuts, full Newton. */
        public static Options defaults() {
            return new Options(1e-10, 25, 8);
        }
    }

    /** The loads as functions of time: external forces, imposed values on the fixed dofs, temperature. */
    public interface Loading {
        /** The external force vector at time t (full length). */
        double[] externalForce(double t);

        /** A full-length vector whose fixed entries are the imposed displacements at time t. */
        double[] imposedDisplacement(double t);

        /** Writes the temperature at time t at every material point of the solid ({@link SmallStrainSolid#numPoints()}). */
        void temperature(double t, double[] pointTemperature);

        /** The loading given by its three functions of time, the temperature uniform. */
        static Loading of(
                DoubleFunction<double[]> force, DoubleFunction<double[]> imposed, DoubleUnaryOperator temperature) {
            return new Loading() {
                @Override
                public double[] externalForce(double t) {
                    return force.apply(t);
                }

                @Override
                public double[] imposedDisplacement(double t) {
                    return imposed.apply(t);
                }

                @Override
                public void temperature(double t, double[] pointTemperature) {
                    Arrays.fill(pointTemperature, temperature.applyAsDouble(t));
                }
            };
        }
    }

    /**
     * What one step took.
     *
     * @param iterations Newton iterations of each accepted substep (one entry unless the step was cut)
     * @param cuts how many substeps failed and were halved
     * @param residuals relative residuals of the last substep, one per iteration from the first
     */
    public record StepReport(double time, int[] iterations, int cuts, double[] residuals) {
        /** Newton iterations over all accepted substeps. */
        public int totalIterations() {
            return Arrays.stream(iterations).sum();
        }
    }

    private final SmallStrainSolid solid;
    private final DirichletConstraint constraint;
    private final int[] fixed;
    private final Options options;
    private final boolean symmetricTangent;
    private final double[] pointTemperature;
    private CholeskySymbolic symbolic;
    private Correction factor;
    private double[][] nearNullspace;
    private long factorizations;
    private final long[] nanos = new long[5]; // constitutive, internal force, tangent, factorization, solve
    private long pointUpdates;
    private double[] reactions;

    /** The solver of a solid with the given dofs imposed. */
    public QuasiStaticNewton(SmallStrainSolid solid, int[] fixedDofs, Options options) {
        this.solid = solid;
        this.constraint = new DirichletConstraint(solid.dim(), fixedDofs);
        this.fixed = constraint.fixedDofs();
        this.options = options;
        this.symmetricTangent = solid.hasSymmetricTangent();
        this.pointTemperature = new double[solid.numPoints()];
    }

    /**
     * Where the solver's time went since it was made, in seconds, and how many material-point updates
     * (constitutive integrations) it ran.
     *
     * @param constitutive the law at every point ({@link SmallStrainSolid#integrate})
     * @param internalForce assembling {@code f_int}
     * @param tangent assembling and restricting the Newton matrix
     * @param linearSetup the sparse Cholesky (its symbolic analysis included), or the multigrid set-up
     * @param linearSolves the triangular solves, or the conjugate gradient iterations
     * @param pointUpdates points times integrations
     */
    public record Timings(
            double constitutive,
            double internalForce,
            double tangent,
            double linearSetup,
            double linearSolves,
            long pointUpdates)
            implements java.io.Serializable {
        /** Material-point updates per second of constitutive time. */
        public double updatesPerSecond() {
            return pointUpdates / constitutive;
        }
    }

    /** The time spent so far, by phase. */
    public Timings timings() {
        return new Timings(
                nanos[0] * 1e-9, nanos[1] * 1e-9, nanos[2] * 1e-9, nanos[3] * 1e-9, nanos[4] * 1e-9, pointUpdates);
    }

    /** How many times the Newton matrix has been factored since this solver was made. */
    public long factorizations() {
        return factorizations;
    }

    /** The imposed dofs, sorted. */
    public int[] fixedDofs() {
        return fixed.clone();
    }

    /** Whether the Newton matrix is the consistent tangent (quadratic) or its symmetric part (linear). */
    public boolean usesConsistentTangent() {
        return symmetricTangent;
    }

    /** The reactions {@code f_int - f_ext} of the last converged iterate (full length, zero on free dofs). */
    public double[] reactions() {
        return reactions.clone();
    }

    /**
     * Advances from t to {@code t + dt} ({@code dt >= 0}): u holds the converged displacement at t on
     * entry, at {@code t + dt} on return; the solid's start state is that at t, and each accepted
     * substep is committed.
     *
     * A failed substep is retried with half its length; after two accepted in a row the next is
     * twice as long (up to dt).
     *
     * @throws ConvergenceException if a substep of {@code dt / 2^maxCuts} still fails
     */
    public StepReport step(double[] u, double t, double dt, Loading loading) {
        if (!(dt >= 0)) {
            throw new IllegalArgumentException("time step must be >= 0, found " + dt);
        }
        double tEnd = t + dt;
        double h = dt;
        double smallest = Math.scalb(dt, -options.maxCuts());
        int cuts = 0;
        int streak = 0; // substeps accepted since the last cut or growth
        List<Integer> iterations = new ArrayList<>();
        double[] residuals = new double[0];
        double now = t;
        boolean instantaneous = dt == 0; // a load applied at one instant (elastic for Norton): one attempt
        while (now < tEnd || instantaneous) {
            instantaneous = false;
            h = Math.min(h, tEnd - now);
            double next = h == tEnd - now ? tEnd : now + h;
            double[] trial = u.clone();
            Attempt a = solve(trial, next, next - now, loading);
            if (a.converged) {
                System.arraycopy(trial, 0, u, 0, u.length);
                solid.commit();
                iterations.add(a.residuals.length - 1);
                residuals = a.residuals;
                now = next;
                if (++streak == 2) { // after a cut, grow back towards the step asked for
                    h = Math.min(2 * h, dt);
                    streak = 0;
                }
            } else if (h / 2 >= smallest && h > 0) {
                cuts++;
                streak = 0;
                h /= 2;
            } else {
                throw new ConvergenceException(
                        "Newton did not converge on [" + now + ", " + (now + h) + "] after " + cuts + " step cuts ("
                                + a.reason + ")",
                        a.residuals);
            }
        }
        return new StepReport(
                tEnd, iterations.stream().mapToInt(Integer::intValue).toArray(), cuts, residuals);
    }

    private record Attempt(boolean converged, double[] residuals, String reason) {}

    /** Newton at time {@code time} with step {@code h}; u is the iterate (start: the last converged u). */
    private Attempt solve(double[] u, double time, double h, Loading loading) {
        double[] imposed = loading.imposedDisplacement(time);
        for (int i : fixed) {
            u[i] = imposed[i];
        }
        double[] external = loading.externalForce(time);
        loading.temperature(time, pointTemperature);
        double externalNorm = norm(constraint.restrict(external));
        double[] history = new double[options.maxIterations() + 1];
        double initialResidual = 0;
        boolean modified = options.update() == TangentUpdate.WHEN_SLOW;
        for (int it = 0; ; it++) {
            long t0 = System.nanoTime();
            try {
                solid.integrate(u, h, pointTemperature);
            } catch (MaterialException e) {
                factor = null;
                return new Attempt(false, Arrays.copyOf(history, it), e.getMessage());
            } finally {
                pointUpdates += solid.numPoints();
                nanos[0] += System.nanoTime() - t0;
            }
            long t1 = System.nanoTime();
            double[] r = solid.internalForce();
            nanos[1] += System.nanoTime() - t1;
            double reactionNorm = 0;
            for (int i = 0; i < r.length; i++) {
                r[i] -= external[i];
            }
            for (int i : fixed) {
                reactionNorm += r[i] * r[i];
            }
            double[] rFree = constraint.restrict(r);
            double residual = norm(rFree);
            if (it == 0) {
                initialResidual = residual;
            }
            double scale = Math.max(Math.max(externalNorm, Math.sqrt(reactionNorm)), initialResidual);
            history[it] = scale > 0 ? residual / scale : residual;
            if (!Double.isFinite(residual)) {
                factor = null;
                return new Attempt(false, Arrays.copyOf(history, it + 1), "non-finite residual");
            }
            if (residual <= options.tolerance() * scale || residual == 0) {
                reactions = new double[r.length];
                for (int i : fixed) {
                    reactions[i] = r[i];
                }
                return new Attempt(true, Arrays.copyOf(history, it + 1), "");
            }
            if (it == options.maxIterations()) {
                factor = null;
                return new Attempt(false, history, "iteration limit " + it);
            }
            boolean slow = it > 0 && history[it] > TangentUpdate.SLOW * history[it - 1];
            if (!modified || factor == null || slow) {
                long t2 = System.nanoTime();
                CsrMatrix k = constraint.restrict(solid.tangent(!symmetricTangent));
                long t3 = System.nanoTime();
                nanos[2] += t3 - t2;
                try {
                    factor = prepare(k);
                    factorizations++;
                } catch (NotPositiveDefiniteException e) {
                    factor = null;
                    return new Attempt(false, Arrays.copyOf(history, it + 1), e.getMessage());
                } finally {
                    nanos[3] += System.nanoTime() - t3;
                }
            }
            for (int i = 0; i < rFree.length; i++) {
                rFree[i] = -rFree[i];
            }
            long t4 = System.nanoTime();
            double[] du;
            try {
                // inexact Newton (Eisenstat and Walker 1996, choice 2 with gamma = 1, alpha = 1): the
                // correction solved to the relative residual of the step, loose far from the solution,
                // never tighter than a tenth of what the tolerance leaves
                double eta = Math.max(0.1 * options.tolerance() / history[it], Math.min(1e-2, history[it]));
                du = constraint.extend(factor.solve(rFree, eta), null);
            } catch (ConvergenceException | NotPositiveDefiniteException e) {
                factor = null;
                return new Attempt(false, Arrays.copyOf(history, it + 1), e.getMessage());
            } finally {
                nanos[4] += System.nanoTime() - t4;
            }
            for (int i = 0; i < u.length; i++) {
                u[i] += du[i];
            }
        }
    }

    /** A prepared Newton matrix: solves {@code K du = r} to a relative residual (ignored by direct solvers). */
    private interface Correction {
        double[] solve(double[] r, double relativeTolerance);
    }

    /** The factorization or the preconditioned iteration of the restricted tangent k. */
    private Correction prepare(CsrMatrix k) {
        if (options.solver() == LinearSolver.CHOLESKY) {
            if (symbolic == null) {
                symbolic = SparseCholesky.analyzeForReuse(k);
            }
            SparseCholesky cholesky = symbolic.factor(k);
            return (r, tol) -> cholesky.solve(r);
        }
        if (nearNullspace == null) {
            nearNullspace = Arrays.stream(solid.rigidBodyModes())
                    .map(constraint::restrict)
                    .toArray(double[][]::new);
        }
        SmoothedAggregation amg = SmoothedAggregation.builder(k)
                // nodes of 3 consecutive dofs only when the constraints fix whole nodes (a clamp); a
                // symmetry plane leaves nodes with 2 free dofs, and triples would mix nodes
                .blockSize(fixesWholeNodes() ? 3 : 1)
                .nearNullspace(nearNullspace)
                .build();
        return (r, tol) -> ConjugateGradient.builder(k)
                .preconditioner(amg)
                .relativeTolerance(Math.min(1e-2, Math.max(1e-12, tol)))
                .maxIterations(Math.max(1000, k.rows() / 10))
                .build()
                .solve(r);
    }

    /** Whether every fixed dof's node has its 3 dofs fixed, so the free dofs come in node triples. */
    private boolean fixesWholeNodes() {
        for (int i = 0; i < fixed.length; i += 3) {
            if (i + 2 >= fixed.length
                    || fixed[i] % 3 != 0
                    || fixed[i + 1] != fixed[i] + 1
                    || fixed[i + 2] != fixed[i] + 2) {
                return false;
            }
        }
        return true;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}

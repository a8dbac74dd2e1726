package org.jrom.fem.reduction;

import java.util.ArrayList;
import java.util.List;
import org.jrom.ProgressListener;
import org.jrom.algorithms.MatrixEim;
import org.jrom.algorithms.ScmBound;
import org.jrom.fem.problems.BumpConductivity;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ReducedModel;
import org.jrom.models.StationaryModel;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;

/**
 * The nonintrusive pipeline on {@link BumpConductivity}: export {@code A(mu_k)} at a seeded training
 * set, matrix EIM, reduced basis on the EIM operator, true errors against the exact non-affine
 * model. Run {@link #main} for the tables of docs/nonintrusive.md.
 */
final class NonintrusiveEimStudy {
    /** Coercivity lower bound used for the EIM operator (the exact one has alpha >= 1). */
    static final double ALPHA_LB = BumpConductivity.INTERPOLATION_ALPHA_LB;

    final BumpConductivity problem;
    final List<Parameter> training;
    final List<CsrMatrix> samples;
    final MatrixEim.Result eim;
    final List<Parameter> test;
    final List<CsrMatrix> testMatrices;

    NonintrusiveEimStudy(int cellsPerBlock, int trainingSize, int maxTerms, double eimTolerance, int testSize) {
        problem = new BumpConductivity(cellsPerBlock);
        training = Sampler.random(BumpConductivity.SPACE, trainingSize, 1);
        samples = new ArrayList<>();
        training.forEach(mu -> samples.add(problem.operator(mu)));
        eim = MatrixEim.ofMatrices(samples, maxTerms, eimTolerance);
        test = Sampler.random(BumpConductivity.SPACE, testSize, 2);
        testMatrices = new ArrayList<>();
        test.forEach(mu -> testMatrices.add(problem.operator(mu)));
    }

    /** The largest relative max-entry error of the first m terms over the test set. */
    double testError(int m) {
        MatrixEim.Result cut = eim.truncate(m);
        var source = cut.coefficients(problem.entries());
        double max = 0;
        for (int k = 0; k < test.size(); k++) {
            CsrMatrix a = testMatrices.get(k);
            CsrMatrix approx = cut.interpolant(source.evaluate(test.get(k)));
            max = Math.max(max, approx.plus(-1.0, a).normMax() / a.normMax());
        }
        return max;
    }

    /** The model whose operator is the EIM operator with m terms (the exact right-hand side). */
    StationaryModel eimModel(int m) {
        return problem.interpolatedModel(eim.truncate(m));
    }

    /** Reduced basis on the EIM model: the reductor after a weak greedy to {@code rbTolerance}. */
    CoerciveRbReductor reducedBasis(int m, double rbTolerance, int maxBasis, int rbTrainingSize) {
        return problem.reducedBasis(eim.truncate(m), rbTolerance, maxBasis, rbTrainingSize);
    }

    /**
     * Per test parameter: [0] the true error {@code ||u(mu) - V u_N(mu)||_X / ||u(mu)||_X} against the
     * exact non-affine solution, [1] the RB bound relative to {@code ||u_N||_X}.
     */
    double[][] romErrors(CoerciveRbReductor reductor) {
        ReducedModel rom = reductor.reduce();
        double[][] out = new double[test.size()][2];
        for (int k = 0; k < test.size(); k++) {
            Parameter mu = test.get(k);
            var s = rom.solve(mu);
            double[] u =
                    org.jrom.linalg.SparseCholesky.factor(testMatrices.get(k)).solve(problem.rhs());
            VectorArray e = VectorArray.of(u);
            e.axpy(-1.0, VectorArray.of(reductor.reconstruct(s.coefficients())));
            out[k][0] = e.norms(problem.h1())[0] / VectorArray.of(u).norms(problem.h1())[0];
            out[k][1] = s.relativeErrorBound();
        }
        return out;
    }

    /** The largest entry of each column of a table such as {@link #romErrors}. */
    static double[] columnMaxima(double[][] table) {
        double[] max = new double[table[0].length];
        for (double[] row : table) {
            for (int j = 0; j < max.length; j++) {
                max[j] = Math.max(max[j], row[j]);
            }
        }
        return max;
    }

    /** SCM on the EIM operator, the alternative to the known constant bound: points, time, bounds on the test set. */
    void scm() {
        long start = System.nanoTime();
        ScmBound scm = ScmBound.build(
                eim.operator(problem.entries()),
                MatrixOperator.of(problem.h1()),
                BumpConductivity.SPACE,
                Sampler.random(BumpConductivity.SPACE, 100, 5),
                new ScmBound.Options(0.5, 60, Integer.MAX_VALUE, 1),
                ProgressListener.NONE);
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        double upper = 0;
        for (Parameter mu : test) {
            lo = Math.min(lo, scm.lowerBound(mu));
            hi = Math.max(hi, scm.lowerBound(mu));
            upper = Math.max(upper, scm.upperBound(mu));
        }
        System.out.printf(
                "SCM on the EIM operator: %d points in %.0f s; alpha_LB over the test set %.2f .. %.2f, alpha_UB <= %.4f%n",
                scm.greedyMaxGaps().length, (System.nanoTime() - start) / 1e9, lo, hi, upper);
    }

    /** Arguments: EIM tolerance, RB tolerance (default EIM / 20), and {@code scm} to run SCM too. */
    public static void main(String[] args) {
        double tol = args.length > 0 ? Double.parseDouble(args[0]) : 1e-6;
        double rbTol = args.length > 1 ? Double.parseDouble(args[1]) : tol / 20;
        NonintrusiveEimStudy s = new NonintrusiveEimStudy(32, 100, 60, tol, 50);
        System.out.println("dofs " + s.problem.dim() + ", K = " + s.samples.size() + ", M = " + s.eim.size());
        System.out.println("| M | max training error | max test error |");
        for (int m = 1; m <= s.eim.size(); m++) {
            System.out.printf("| %d | %.2e | %.2e |%n", m, s.eim.maxErrors()[m], s.testError(m));
        }
        var beta = s.eim.coefficients(s.problem.entries());
        double maxSum = 0;
        for (Parameter mu : s.test) {
            double sum = 0;
            for (double b : beta.evaluate(mu)) {
                sum += Math.abs(b);
            }
            maxSum = Math.max(maxSum, sum);
        }
        System.out.printf("max over the test set of sum_m |beta_m(mu)|: %.2f%n", maxSum);
        CoerciveRbReductor rb = s.reducedBasis(s.eim.size(), rbTol, 80, 100);
        double[] max = columnMaxima(s.romErrors(rb));
        System.out.printf(
                "RB tolerance %.1e: N = %d, max true error %.2e, max RB bound (vs the EIM model) %.2e%n",
                rbTol, rb.basisSize(), max[0], max[1]);
        System.out.println(rb.timings().seconds());
        if (args.length > 2 && args[2].equals("scm")) {
            s.scm();
        }
    }
}

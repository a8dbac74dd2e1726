package org.jrom.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jrom.algorithms.MatrixEim;
import org.jrom.fem.problems.BumpConductivity;
import org.jrom.io.AtomicFile;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ReducedModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jrom study nonintrusive-eim}: the behaviour of the nonintrusive matrix EIM (Casenave, Ern,
 * Lelievre) on a truly non-affine problem, {@link BumpConductivity}: the interpolation's error
 * against the number of terms on training and held-out matrices, and, for a sweep of EIM
 * tolerances, the reduced basis built on the interpolation (its greedy well below the EIM's
 * tolerance) against the exact non-affine solutions: its error follows the EIM tolerance.
 */
@Command(
        name = "nonintrusive-eim",
        mixinStandardHelpOptions = true,
        description = {
            "The nonintrusive matrix EIM on a non-affine problem (a Gaussian conductivity bump).",
            "The interpolation's error against its number of terms, and the reduced basis on the interpolation"
                    + " against the exact solutions for a sweep of EIM tolerances; writes a table, a CSV and PNG"
                    + " plots."
        },
        footerHeading = "%nExample:%n",
        footer = {"  jrom study nonintrusive-eim --out docs/img"})
final class EimStudy implements Runnable {
    @Option(
            names = "--resolution",
            defaultValue = "16",
            description = "Grid cells per side of each of the 2x2 blocks, 1 to 1000 (default ${DEFAULT-VALUE}).")
    int resolution;

    @Option(
            names = "--training",
            defaultValue = "100",
            description =
                    "Exported training matrices, 1 to 10000000 (default ${DEFAULT-VALUE}); 50 held-out ones" + " test.")
    int samples;

    @CommandLine.Mixin
    StudyOutput output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The EIM tolerances of the sweep; each reduced basis goes to a hundredth of its tolerance. */
    static final double[] TOLERANCES = {1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9};

    @Override
    public void run() {
        OutputDirectory.write(output.out, () -> study(spec.commandLine().getOut()));
    }

    private void study(PrintWriter stdout) {
        TerminalProgress progress = TerminalProgress.forStderr();
        BumpConductivity problem = new BumpConductivity(resolution);
        List<Parameter> training = Sampler.random(BumpConductivity.SPACE, samples, 1);
        List<Parameter> test = Sampler.random(BumpConductivity.SPACE, 50, 2);
        List<CsrMatrix> exported = new ArrayList<>();
        List<CsrMatrix> held = new ArrayList<>();
        progress.start("exported matrices", training.size() + test.size());
        for (Parameter mu : training) {
            exported.add(problem.operator(mu));
            progress.progress(exported.size(), "");
        }
        for (Parameter mu : test) {
            held.add(problem.operator(mu));
            progress.progress(exported.size() + held.size(), "");
        }
        progress.finish();
        MatrixEim.Result eim = MatrixEim.ofMatrices(exported, Math.min(samples, 60), 1e-11);
        double[] terms = new double[eim.size() + 1];
        double[] heldOut = new double[eim.size() + 1];
        for (int m = 0; m <= eim.size(); m++) {
            terms[m] = m;
            heldOut[m] = m == 0 ? 1 : heldOutError(eim.truncate(m), problem, test, held);
        }
        stdout.printf(
                Locale.ROOT,
                "Gaussian conductivity bump, 2x2 blocks of %d cells (%d unknowns), %d exported and %d held-out"
                        + " matrices; EIM to 1e-11: M = %d%n%n",
                resolution,
                problem.dim(),
                samples,
                test.size(),
                eim.size());
        new LogPlot(
                        String.format(Locale.ROOT, "Nonintrusive EIM of A(mu), %d unknowns", problem.dim()),
                        "EIM terms M",
                        "relative max-entry error, max over the matrices")
                .series("exported (training) matrices", terms, eim.maxErrors())
                .series("held-out matrices", terms, heldOut)
                .write(output.out.resolve("eim-decay.png"));

        double[][] exact = new double[test.size()][];
        for (int k = 0; k < test.size(); k++) {
            exact[k] = problem.solve(test.get(k));
        }
        TextTable table = new TextTable(
                "EIM tolerance", "M", "held-out EIM error", "RB tolerance", "N", "max true error", "max RB bound");
        StringBuilder csv = new StringBuilder(
                "eim_tolerance,terms,held_out_eim_error,rb_tolerance,basis_size,max_true_error,max_rb_bound\n");
        List<double[]> points = new ArrayList<>();
        progress.start("tolerance sweep", TOLERANCES.length);
        for (double tolerance : TOLERANCES) {
            int m = termsFor(eim, tolerance);
            double rbTolerance = tolerance / 100;
            CoerciveRbReductor reductor = problem.reducedBasis(eim.truncate(m), rbTolerance, 150, 100);
            ReducedModel rom = reductor.reduce();
            double trueError = 0;
            double bound = 0;
            for (int k = 0; k < test.size(); k++) {
                var s = rom.solve(test.get(k));
                VectorArray u = VectorArray.of(exact[k]);
                VectorArray e = u.copy();
                e.axpy(-1.0, VectorArray.of(reductor.reconstruct(s.coefficients())));
                trueError = Math.max(trueError, e.norms(problem.h1())[0] / u.norms(problem.h1())[0]);
                bound = Math.max(bound, s.relativeErrorBound());
            }
            String[] row = {
                TextTable.sci(tolerance),
                Integer.toString(m),
                TextTable.sci(heldOut[m]),
                TextTable.sci(rbTolerance),
                Integer.toString(reductor.basisSize()),
                TextTable.sci(trueError),
                TextTable.sci(bound)
            };
            table.row(row);
            csv.append(String.join(",", row)).append('\n');
            points.add(new double[] {tolerance, trueError, bound, heldOut[m]});
            progress.progress(points.size(), String.format(Locale.ROOT, "EIM tolerance %.0e", tolerance));
        }
        progress.finish();
        table.print(stdout);
        AtomicFile.writeString(output.out.resolve("nonintrusive-eim.csv"), csv.toString());
        double[] tolerances = points.stream().mapToDouble(p -> p[0]).toArray();
        new LogPlot(
                        "Reduced basis on the interpolated operator against the exact non-affine solutions",
                        "EIM tolerance (relative max-entry error on the exported matrices)",
                        "relative error in the H1_0 seminorm, max over 50 test parameters")
                .logarithmicX()
                .series("true error of the ROM (against the exact A(mu))", tolerances, column(points, 1))
                .series("RB bound (against the interpolation, RB tolerance EIM / 100)", tolerances, column(points, 2))
                .series("EIM error on the held-out matrices", tolerances, column(points, 3))
                .series("EIM tolerance (the line y = x)", tolerances, tolerances)
                .write(output.out.resolve("rb-vs-eim.png"));
        stdout.printf("%nwrote %s (eim-decay.png, rb-vs-eim.png, nonintrusive-eim.csv)%n", output.out);
    }

    private static double[] column(List<double[]> points, int j) {
        return points.stream().mapToDouble(p -> p[j]).toArray();
    }

    /** The fewest terms whose training error is at most {@code tolerance} (the greedy is nested). */
    static int termsFor(MatrixEim.Result eim, double tolerance) {
        double[] errors = eim.maxErrors();
        for (int m = 1; m < errors.length; m++) {
            if (errors[m] <= tolerance) {
                return m;
            }
        }
        return errors.length - 1;
    }

    private static double heldOutError(
            MatrixEim.Result eim, BumpConductivity problem, List<Parameter> test, List<CsrMatrix> held) {
        var beta = eim.coefficients(problem.entries());
        double worst = 0;
        for (int k = 0; k < test.size(); k++) {
            CsrMatrix a = held.get(k);
            worst = Math.max(
                    worst,
                    eim.interpolant(beta.evaluate(test.get(k))).plus(-1.0, a).normMax() / a.normMax());
        }
        return worst;
    }
}

package org.jrom.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jrom.algorithms.Eim;
import org.jrom.algorithms.SensorReconstruction;
import org.jrom.algorithms.SymmetricEim;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.io.AtomicFile;
import org.jrom.linalg.DenseMatrix;
import org.jrom.models.StationaryModel;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jrom study eim-variants}: the three variants of the EIM of Casenave, Ern and Lelievre
 * (2015) on data where they matter. The choice of the norm in the greedy, on the temperature fields
 * of the 2x2 thermal block (max norm, Euclidean, the H1_0 energy norm; the errors of each greedy in
 * all three); the symmetric formulation on a symmetric indefinite kernel, {@code cos(k |x - y|)} on
 * the nodes of a grid (the symmetric greedy against the classical one: error and asymmetry); the
 * rectangular extension for sensors on the same temperature fields (the reconstruction's error after
 * losing each sensor, square against rectangular).
 */
@Command(
        name = "eim-variants",
        mixinStandardHelpOptions = true,
        description = {
            "The EIM variants: the norm of the greedy, the symmetric formulation, the rectangular extension.",
            "Thermal block temperature fields and a symmetric kernel; writes a table, a CSV and PNG plots."
        },
        footerHeading = "%nExample:%n",
        footer = {"  jrom study eim-variants --out docs/img/eim-variants"})
final class EimVariantsStudy implements Runnable {
    @Option(
            names = "--resolution",
            defaultValue = "20",
            description = "Grid cells per side of each of the 2x2 blocks, 1 to 1000 (default ${DEFAULT-VALUE}).")
    int resolution;

    @Option(
            names = "--functions",
            defaultValue = "10",
            description = "EIM functions of the sensor reconstruction, 1 to 100 (default ${DEFAULT-VALUE});"
                    + " the rectangular one has twice as many sensors.")
    int functions;

    @CommandLine.Mixin
    StudyOutput output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Terms of the norm comparison. */
    static final int TERMS = 40;

    /** Interpolation points of the symmetric comparison. */
    static final int KERNEL_POINTS = 40;

    /** The kernel's wave number and grid (nodes per side). */
    static final double WAVE_NUMBER = 6;

    static final int KERNEL_GRID = 24;

    @Override
    public void run() {
        OutputDirectory.write(output.out, () -> study(spec.commandLine().getOut()));
    }

    private void study(PrintWriter stdout) {
        TerminalProgress progress = TerminalProgress.forStderr();
        StationaryModel fom = ThermalBlock.discretize(2, 2, resolution).toModel();
        MatrixOperator energy = (MatrixOperator) fom.products().get("h1_0_semi");
        List<Parameter> trainMus = Sampler.random(fom.parameterSpace(), 300, 1);
        List<Parameter> testMus = Sampler.random(fom.parameterSpace(), 100, 2);
        progress.start("temperature fields", trainMus.size() + testMus.size());
        DenseMatrix train = fields(fom, trainMus, progress, 0);
        DenseMatrix test = fields(fom, testMus, progress, trainMus.size());
        progress.finish();
        stdout.printf(
                Locale.ROOT,
                "thermal block 2x2, %d unknowns: %d training and %d test temperature fields%n%n",
                fom.dim(),
                trainMus.size(),
                testMus.size());
        StringBuilder csv = new StringBuilder();
        norms(train, test, energy, stdout, csv);
        symmetric(stdout, csv);
        sensors(train, test, stdout, csv);
        AtomicFile.writeString(output.out.resolve("eim-variants.csv"), csv.toString());
        stdout.printf(
                "%nwrote %s (eim-norms-*.png, eim-symmetric.png, eim-sensors.png, eim-variants.csv)%n", output.out);
    }

    private static DenseMatrix fields(StationaryModel fom, List<Parameter> mus, TerminalProgress progress, int done) {
        DenseMatrix u = DenseMatrix.zeros(fom.dim(), mus.size());
        for (int j = 0; j < mus.size(); j++) {
            double[] v = fom.solve(mus.get(j)).vector(0);
            System.arraycopy(v, 0, u.data(), j * fom.dim(), fom.dim());
            progress.progress(done + j + 1, "");
        }
        return u;
    }

    /** Each greedy's test errors per number of terms, measured in every norm (relative to the fields' largest). */
    private void norms(
            DenseMatrix train, DenseMatrix test, MatrixOperator energy, PrintWriter stdout, StringBuilder csv) {
        Map<String, Eim.Norm> norms = new LinkedHashMap<>();
        norms.put("max", Eim.Norm.LINF);
        norms.put("l2", Eim.Norm.L2);
        norms.put("energy", Eim.Norm.of(energy.matrix()));
        int n = test.rows();
        Map<String, double[]> scale = new LinkedHashMap<>();
        norms.forEach((name, norm) -> {
            double s = 0;
            for (int j = 0; j < test.cols(); j++) {
                s = Math.max(s, norm.of(test.data(), j * n, n));
            }
            scale.put(name, new double[] {s});
        });
        // errors[greedy][measure][m]
        Map<String, Map<String, double[]>> errors = new LinkedHashMap<>();
        for (var greedy : norms.entrySet()) {
            Eim.Result eim = Eim.greedy(train, TERMS, 0.0, greedy.getValue());
            Map<String, double[]> byMeasure = new LinkedHashMap<>();
            norms.keySet().forEach(k -> byMeasure.put(k, new double[eim.size() + 1]));
            for (int m = 0; m <= eim.size(); m++) {
                Eim.Result cut = eim.truncate(m);
                for (int j = 0; j < test.cols(); j++) {
                    double[] u = java.util.Arrays.copyOfRange(test.data(), j * n, (j + 1) * n);
                    double[] e = cut.interpolate(u);
                    for (int i = 0; i < n; i++) {
                        e[i] = u[i] - e[i];
                    }
                    for (var measure : norms.entrySet()) {
                        double[] row = byMeasure.get(measure.getKey());
                        row[m] = Math.max(row[m], measure.getValue().of(e, 0, n) / scale.get(measure.getKey())[0]);
                    }
                }
            }
            errors.put(greedy.getKey(), byMeasure);
        }
        stdout.printf("Choice of the norm in the greedy: largest relative test error after M terms%n");
        TextTable table = new TextTable("M", "greedy", "error (max)", "error (l2)", "error (energy)");
        csv.append("section,M,greedy,error_max,error_l2,error_energy\n");
        for (int m : new int[] {5, 10, 20, 30, TERMS}) {
            for (var g : errors.entrySet()) {
                double[] e = new double[3];
                int k = 0;
                for (double[] row : g.getValue().values()) {
                    e[k++] = m < row.length ? row[m] : Double.NaN;
                }
                table.row(
                        Integer.toString(m), g.getKey(), TextTable.sci(e[0]), TextTable.sci(e[1]), TextTable.sci(e[2]));
                csv.append(String.format(Locale.ROOT, "norms,%d,%s,%.6e,%.6e,%.6e%n", m, g.getKey(), e[0], e[1], e[2]));
            }
        }
        table.print(stdout);
        for (String measure : norms.keySet()) {
            LogPlot plot = new LogPlot(
                    "EIM of thermal-block temperatures: error in the " + measure + " norm",
                    "EIM terms M",
                    "relative " + measure + "-norm error, max over 100 test fields");
            for (var g : errors.entrySet()) {
                double[] y = g.getValue().get(measure);
                plot.series("greedy in the " + g.getKey() + " norm", index(y.length), y);
            }
            plot.write(outPath("eim-norms-" + measure + ".png"));
        }
    }

    /** The symmetric greedy against the classical one on cos(k |x - y|): error and asymmetry per number of points. */
    private void symmetric(PrintWriter stdout, StringBuilder csv) {
        int n = KERNEL_GRID * KERNEL_GRID;
        DenseMatrix f = DenseMatrix.zeros(n, n);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dx = (a % KERNEL_GRID - b % KERNEL_GRID) / (KERNEL_GRID - 1.0);
                double dy = (a / KERNEL_GRID - b / KERNEL_GRID) / (KERNEL_GRID - 1.0);
                f.set(a, b, Math.cos(WAVE_NUMBER * Math.sqrt(dx * dx + dy * dy)));
            }
        }
        double[] m = index(KERNEL_POINTS + 1);
        double[] symError = new double[m.length];
        double[] classicalError = new double[m.length];
        double[] classicalAsymmetry = new double[m.length];
        double[] symAsymmetry = new double[m.length];
        Eim.Result classical = Eim.greedy(f, KERNEL_POINTS, 0.0);
        int twoByTwo = 0;
        for (int k = 1; k < m.length; k++) {
            SymmetricEim.Result sym = SymmetricEim.greedy(f, k, 0.0);
            symError[k] = maxDifference(sym.approximation(), f);
            symAsymmetry[k] =
                    maxDifference(sym.approximation(), sym.approximation().transpose());
            twoByTwo = (int) java.util.Arrays.stream(sym.pivotSizes())
                    .filter(p -> p == 2)
                    .count();
            if (k <= classical.size()) {
                DenseMatrix c = approximation(classical.truncate(k), f);
                classicalError[k] = maxDifference(c, f);
                classicalAsymmetry[k] = maxDifference(c, c.transpose());
            }
        }
        symError[0] = 1;
        classicalError[0] = 1;
        stdout.printf(
                Locale.ROOT,
                "%nSymmetric formulation: cos(%.0f |x - y|) on the %d nodes of a %dx%d grid of the unit square"
                        + " (symmetric, indefinite); %d of the symmetric greedy's pivots at %d points are 2x2%n",
                WAVE_NUMBER,
                n,
                KERNEL_GRID,
                KERNEL_GRID,
                twoByTwo,
                KERNEL_POINTS);
        TextTable table =
                new TextTable("points", "symmetric: max error", "asymmetry", "classical: max error", "asymmetry");
        csv.append("section,points,symmetric_error,symmetric_asymmetry,classical_error,classical_asymmetry\n");
        for (int k = 1; k < m.length; k++) {
            csv.append(String.format(
                    Locale.ROOT,
                    "symmetric,%d,%.6e,%.6e,%.6e,%.6e%n",
                    k,
                    symError[k],
                    symAsymmetry[k],
                    classicalError[k],
                    classicalAsymmetry[k]));
            if (k % 10 == 0 || k == 5) {
                table.row(
                        Integer.toString(k),
                        TextTable.sci(symError[k]),
                        TextTable.sci(symAsymmetry[k]),
                        TextTable.sci(classicalError[k]),
                        TextTable.sci(classicalAsymmetry[k]));
            }
        }
        table.print(stdout);
        new LogPlot(
                        String.format(
                                Locale.ROOT,
                                "EIM of cos(%.0f |x - y|), %d grid nodes (max |f| = 1; the symmetric"
                                        + " greedy's asymmetry is exactly 0)",
                                WAVE_NUMBER,
                                n),
                        "interpolation points M",
                        "max entry")
                .series("symmetric greedy: error", m, symError)
                .series("classical greedy: error", m, classicalError)
                .series("classical greedy: asymmetry max |I f - (I f)^T|", m, classicalAsymmetry)
                .write(outPath("eim-symmetric.png"));
    }

    /** Square and rectangular sensor reconstructions, with every sensor lost in turn. */
    private void sensors(DenseMatrix train, DenseMatrix test, PrintWriter stdout, StringBuilder csv) {
        Eim.Result eim = Eim.greedy(train, functions, 0.0);
        SensorReconstruction square = SensorReconstruction.square(eim);
        SensorReconstruction rectangular = SensorReconstruction.rectangular(eim);
        double squareAll = maxError(square, test);
        double rectangularAll = maxError(rectangular, test);
        int count = rectangular.sensors().length;
        double[] squareLost = new double[count];
        double[] rectangularLost = new double[count];
        double[] x = new double[count];
        csv.append("section,square_all,rectangular_all\n");
        csv.append(String.format(Locale.ROOT, "sensors-all,%.6e,%.6e%n", squareAll, rectangularAll));
        csv.append("section,lost_sensor,square_error,rectangular_error\n");
        for (int s = 0; s < count; s++) {
            x[s] = s + 1;
            squareLost[s] = s < square.sensors().length ? maxError(square.withoutSensor(s), test) : Double.NaN;
            rectangularLost[s] = maxError(rectangular.withoutSensor(s), test);
            csv.append(String.format(Locale.ROOT, "sensors,%d,%.6e,%.6e%n", s + 1, squareLost[s], rectangularLost[s]));
        }
        double worstSquare = java.util.Arrays.stream(squareLost, 0, square.sensors().length)
                .max()
                .orElse(Double.NaN);
        double worstRectangular = java.util.Arrays.stream(rectangularLost).max().orElse(Double.NaN);
        stdout.printf(
                Locale.ROOT,
                "%nSensors: %d EIM functions of the temperature fields; largest relative max-norm error on the"
                        + " test fields%n",
                eim.size());
        TextTable table =
                new TextTable("reconstruction", "sensors", "all sensors", "worst single sensor lost", "ratio");
        table.row(
                "square EIM (drops the sensor's function)",
                Integer.toString(square.sensors().length),
                TextTable.sci(squareAll),
                TextTable.sci(worstSquare),
                TextTable.fix(worstSquare / squareAll));
        table.row(
                "rectangular (least squares)",
                Integer.toString(count),
                TextTable.sci(rectangularAll),
                TextTable.sci(worstRectangular),
                TextTable.fix(worstRectangular / rectangularAll));
        table.print(stdout);
        double[] squareX = java.util.Arrays.copyOf(x, square.sensors().length);
        new LogPlot(
                        String.format(
                                Locale.ROOT, "Temperature from sensors, %d EIM functions: one sensor lost", eim.size()),
                        "lost sensor (order of selection)",
                        "relative max-norm error, max over 100 test fields")
                .series("square EIM, " + square.sensors().length + " sensors", squareX, squareLost)
                .series("rectangular, " + count + " sensors", x, rectangularLost)
                .series("square EIM, all sensors", x, constant(count, squareAll))
                .series("rectangular, all sensors", x, constant(count, rectangularAll))
                .write(outPath("eim-sensors.png"));
    }

    private Path outPath(String name) {
        return output.out.resolve(name);
    }

    private static double maxError(SensorReconstruction r, DenseMatrix fields) {
        int n = fields.rows();
        double worst = 0;
        double scale = 0;
        for (int j = 0; j < fields.cols(); j++) {
            double[] u = java.util.Arrays.copyOfRange(fields.data(), j * n, (j + 1) * n);
            double[] v = r.reconstruct(r.read(u));
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(u[i] - v[i]));
                scale = Math.max(scale, Math.abs(u[i]));
            }
        }
        return worst / scale;
    }

    /** The classical interpolant of every column. */
    private static DenseMatrix approximation(Eim.Result eim, DenseMatrix f) {
        int n = f.rows();
        DenseMatrix a = DenseMatrix.zeros(n, f.cols());
        for (int j = 0; j < f.cols(); j++) {
            double[] v = eim.interpolate(java.util.Arrays.copyOfRange(f.data(), j * n, (j + 1) * n));
            System.arraycopy(v, 0, a.data(), j * n, n);
        }
        return a;
    }

    private static double maxDifference(DenseMatrix a, DenseMatrix b) {
        double max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }

    private static double[] index(int length) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = i;
        }
        return x;
    }

    private static double[] constant(int length, double value) {
        double[] y = new double[length];
        java.util.Arrays.fill(y, value);
        return y;
    }
}

package org.jrom.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.jrom.regression.RegressionData.SPACE;
import static org.jrom.regression.RegressionData.inputs;
import static org.jrom.regression.RegressionData.maxAbs;
import static org.jrom.regression.RegressionData.smooth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jrom.regression.RbfInterpolant.Kernel;
import org.jrom.regression.RbfInterpolant.Options;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Predictions at a fixed shape parameter against an independent implementation, SciPy's {@code
 * scipy.interpolate.RBFInterpolator} (Debian {@code python3-scipy}, run with {@code /usr/bin/python3};
 * this test fails, it does not skip, without it). SciPy's multiquadric is {@code -sqrt(1 + rho^2)}:
 * the same interpolant with negated weights.
 */
class RbfScipyTest {
    static final String PYTHON = "/usr/bin/python3";

    static final String SCRIPT = String.join(
            "\n",
            "import sys, warnings, numpy as np",
            "from scipy.interpolate import RBFInterpolator",
            "warnings.simplefilter('ignore')", // degree -1 below the multiquadric's minimum degree 0
            "d, kernel, eps, degree = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])",
            "lo, hi = np.array([-1.0, 0.0]), np.array([1.0, 2.0])",
            "x, y, t = (np.loadtxt(d + '/' + n + '.txt', ndmin=2) for n in ('x', 'y', 't'))",
            "s = RBFInterpolator((x - lo) / (hi - lo), y, kernel=kernel, epsilon=eps, degree=degree)",
            "np.savetxt(d + '/p.txt', s((t - lo) / (hi - lo)), fmt='%r')");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "GAUSSIAN, 3.0, -1",
        "MULTIQUADRIC, 2.0, -1",
        "INVERSE_MULTIQUADRIC, 2.0, -1",
        "THIN_PLATE_SPLINE, 1.0, 1",
        "CUBIC, 1.0, 1"
    })
    void predictionsAgreeWithScipysRbfInterpolator(Kernel kernel, double shape, int degree) throws IOException {
        double[][] x = inputs(SPACE, 50, 21);
        double[][] y = smooth(x);
        double[][] t = inputs(SPACE, 100, 22);
        write("x", x);
        write("y", y);
        write("t", t);
        run(kernel.name().toLowerCase(java.util.Locale.ROOT), Double.toString(shape), Integer.toString(degree));
        String[] lines = Files.readString(dir.resolve("p.txt")).trim().split("\n");
        assertThat(lines).hasSize(t.length);
        RbfInterpolant s = RbfInterpolant.fit(SPACE, x, y, Options.fixedShape(kernel, shape));
        double[] m = new double[3];
        double worst = 0;
        for (int k = 0; k < t.length; k++) {
            String[] fields = lines[k].trim().split("\\s+");
            s.predict(t[k], m);
            for (int j = 0; j < 3; j++) {
                worst = Math.max(worst, Math.abs(m[j] - Double.parseDouble(fields[j])));
            }
        }
        assertThat(worst / maxAbs(y)).as("condition %s", s.conditionNumber()).isLessThan(1e-8);
    }

    private void write(String name, double[][] rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                sb.append(j > 0 ? " " : "").append(row[j]); // Double.toString round-trips through numpy
            }
            sb.append('\n');
        }
        Files.writeString(dir.resolve(name + ".txt"), sb.toString());
    }

    private void run(String... args) {
        String[] command = new String[args.length + 4];
        command[0] = PYTHON;
        command[1] = "-c";
        command[2] = SCRIPT;
        command[3] = dir.toString();
        System.arraycopy(args, 0, command, 4, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail(PYTHON + " with SciPy is required by this test (apt-get install python3-scipy); it failed:\n"
                        + out);
            }
        } catch (IOException e) {
            fail("cannot run " + PYTHON + " (" + e.getMessage() + "); install python3-scipy");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while waiting for " + PYTHON);
        }
    }
}

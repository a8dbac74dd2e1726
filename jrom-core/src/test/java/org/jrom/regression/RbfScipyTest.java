package org.jrom.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.jrom.regression.RegressionData.SPACE;
import static org.jrom.regression.RegressionData.inputs;
import static org.jrom.regression.RegressionData.maxAbs;
import static org.jrom.regression.RegressionData.smooth;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.jrom.regression.RbfInterpolant.Kernel;
import org.jrom.regression.RbfInterpolant.Options;
import org.jrom.testing.Python;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Predictions at a fixed shape parameter against an independent implementation, SciPy's {@code
 * scipy.interpolate.RBFInterpolator}: by default its predictions committed under {@code
 * fixtures/scipy} (written by the make_fixtures.py there), in the interop tests (Debian {@code
 * python3-scipy}; they fail, not skip, without it) the installed SciPy's, by the same script. SciPy's
 * multiquadric is {@code -sqrt(1 + rho^2)}: the same interpolant with negated weights.
 */
class RbfScipyTest {
    private static final String FIXTURES = "/fixtures/scipy/";

    /** Where jrom's inputs are written when the committed ones differ from them. */
    private static final Path NEW_INPUTS = Path.of("target", "rbf-inputs");

    @TempDir
    Path dir;

    /** jrom's data: 50 training parameters x, their smooth outputs y, 100 test parameters t. */
    record Inputs(double[][] x, double[][] y, double[][] t) {
        static Inputs drawn() {
            double[][] x = inputs(SPACE, 50, 21);
            return new Inputs(x, smooth(x), inputs(SPACE, 100, 22));
        }

        /** Writes x.txt, y.txt and t.txt, as the script reads them. */
        void write(Path d) throws IOException {
            Files.createDirectories(d);
            RbfScipyTest.write(d.resolve("x.txt"), x);
            RbfScipyTest.write(d.resolve("y.txt"), y);
            RbfScipyTest.write(d.resolve("t.txt"), t);
        }
    }

    static void write(Path file, double[][] rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                sb.append(j > 0 ? " " : "").append(row[j]); // Double.toString round-trips through NumPy
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    /** The rows of a text file of numbers; {@code #} lines are comments. */
    static double[][] read(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> Arrays.stream(line.trim().split("\\s+"))
                        .mapToDouble(Double::parseDouble)
                        .toArray())
                .toArray(double[][]::new);
    }

    /** SciPy's predictions for one case in {@code d}, checking the header names the case. */
    static double[][] predictions(Path d, Kernel kernel, double shape, int degree) throws IOException {
        Path file = d.resolve(name(kernel) + ".txt");
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("# " + name(kernel) + " " + shape + " " + degree);
        return read(file);
    }

    static String name(Kernel kernel) {
        return kernel.name().toLowerCase(Locale.ROOT);
    }

    /** jrom's predictions at t agree with SciPy's {@code p} to 1e-8 of the largest output. */
    static void assertAgree(Inputs in, Kernel kernel, double shape, double[][] p) {
        assertThat(p).hasNumberOfRows(in.t().length);
        RbfInterpolant s = RbfInterpolant.fit(SPACE, in.x(), in.y(), Options.fixedShape(kernel, shape));
        double[] m = new double[3];
        double worst = 0;
        for (int k = 0; k < in.t().length; k++) {
            assertThat(p[k]).hasSize(3);
            s.predict(in.t()[k], m);
            for (int j = 0; j < 3; j++) {
                worst = Math.max(worst, Math.abs(m[j] - p[k][j]));
            }
        }
        assertThat(worst / maxAbs(in.y()))
                .as("condition %s", s.conditionNumber())
                .isLessThan(1e-8);
    }

    static Path committed() {
        try {
            return Path.of(RbfScipyTest.class.getResource(FIXTURES).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kernel, fixed shape parameter, polynomial degree (-1: none). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Kernel.GAUSSIAN, 3.0, -1),
                Arguments.of(Kernel.MULTIQUADRIC, 2.0, -1),
                Arguments.of(Kernel.INVERSE_MULTIQUADRIC, 2.0, -1),
                Arguments.of(Kernel.THIN_PLATE_SPLINE, 1.0, 1),
                Arguments.of(Kernel.CUBIC, 1.0, 1));
    }

    @Test
    void theCommittedInputsAreTheOnesJromDraws() throws IOException {
        Inputs drawn = Inputs.drawn();
        Object[] expected = {drawn.x(), drawn.y(), drawn.t()};
        Object[] committed = new Object[3];
        for (int k = 0; k < 3; k++) {
            Path file = committed().resolve(new String[] {"x", "y", "t"}[k] + ".txt");
            committed[k] = Files.exists(file) ? read(file) : null;
        }
        if (!Arrays.deepEquals(committed, expected)) {
            drawn.write(NEW_INPUTS);
            fail("the inputs under src/test/resources" + FIXTURES + " are not what jrom draws now; jrom's are in "
                    + NEW_INPUTS.toAbsolutePath() + ": copy them there and rerun make_fixtures.py (see its header)");
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void predictionsAgreeWithScipysCommittedPredictions(Kernel kernel, double shape, int degree) throws IOException {
        assertAgree(Inputs.drawn(), kernel, shape, predictions(committed(), kernel, shape, degree));
    }

    @ParameterizedTest
    @MethodSource("cases")
    @Tag("interop")
    void predictionsAgreeWithScipysRbfInterpolator(Kernel kernel, double shape, int degree) throws IOException {
        Inputs in = Inputs.drawn();
        in.write(dir);
        Python.runResource(
                FIXTURES + "make_fixtures.py",
                dir.toString(),
                name(kernel),
                Double.toString(shape),
                Integer.toString(degree));
        assertAgree(in, kernel, shape, predictions(dir, kernel, shape, degree));
    }
}

package org.jrom.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jrom.JromException;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The coefficient expression language: values against hand computation, the canonical text
 * reading back to the same function bit for bit, every error naming its position, and random
 * input never escaping as anything but an {@link ExpressionException}.
 */
class ExpressionTest {
    static final ParameterType TYPE = ParameterType.of("k", 3, "Bi", 1);
    static final Parameter MU = Parameter.of(TYPE, 2, 3, 0.5, 4); // k = (2, 3, 0.5), Bi = 4

    static double eval(String text) {
        return ParameterFunctional.expression(TYPE, text).evaluate(MU);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1 + 2 * 3            | 7",
                "(1 + 2) * 3          | 9",
                "2 * 3 + 1            | 7",
                "8 - 4 - 2            | 2",
                "8 - (4 - 2)          | 6",
                "8 / 4 / 2            | 1",
                "8 / (4 / 2)          | 4",
                "2 ^ 3 ^ 2            | 512",
                "(2 ^ 3) ^ 2          | 64",
                "2 * 3 ^ 2            | 18",
                "-2 ^ 2               | -4",
                "(-2) ^ 2             | 4",
                "2 ^ -1               | 0.5",
                "2 ^ -1 ^ 2           | 0.5",
                "- - 3                | 3",
                "+3                   | 3",
                "1 - -1               | 2",
                "-k[0] * k[1]         | -6",
                "2 * -k[1]            | -6",
                "k[0]^2 + Bi          | 8",
                "Bi / k[2] / 2        | 4",
                "Bi[0] - k [ 1 ]      | 1",
                "10 - 2 * 3 ^ 2 / 6   | 7",
                "1e-3 * 1E3           | 1",
                ".5 + 5.              | 5.5",
                "2.5e+1               | 25",
                "0.125e1              | 1.25",
                "007                  | 7",
                "k[2]^k[0]^-1         | 0.7071067811865476",
                "(k[0] + k[1]) * (k[0] - k[1]) | -5",
            })
    void precedenceAndAssociativity(String text, double expected) {
        assertThat(eval(text)).isEqualTo(expected);
    }

    @Test
    void functionsAgreeWithStrictMath() {
        assertThat(eval("exp(0)")).isEqualTo(1.0);
        assertThat(eval("exp(k[2]) * sin(k[1])")).isEqualTo(StrictMath.exp(0.5) * StrictMath.sin(3.0));
        assertThat(eval("log(Bi) / cos(k[0])")).isEqualTo(StrictMath.log(4.0) / StrictMath.cos(2.0));
        assertThat(eval("log(exp(2))")).isCloseTo(2.0, within(1e-15));
        assertThat(eval("sqrt(Bi)")).isEqualTo(2.0);
        assertThat(eval("abs(-k[0])")).isEqualTo(2.0);
        assertThat(eval("abs(k[0] - k[1])")).isEqualTo(1.0);
        assertThat(eval("min(k[0], k[1], k[2])")).isEqualTo(0.5);
        assertThat(eval("max(k[0], k[1], k[2], Bi)")).isEqualTo(4.0);
        assertThat(eval("max(k[0], 1 + Bi)")).isEqualTo(5.0);
        assertThat(eval("min(3)")).isEqualTo(3.0);
        assertThat(eval("max ( k[2] )")).isEqualTo(0.5);
        assertThat(eval("2 * min(k[0], k[1]) ^ 2")).isEqualTo(8.0);
        assertThat(eval("-sqrt(Bi)^3")).isEqualTo(-8.0);
        assertThat(eval("log(-1)")).isNaN();
    }

    @Test
    void canonicalTextUsesFewestParentheses() {
        String[][] cases = {
            {"((1) + (k[0] * (k[1])))", "1.0 + k[0] * k[1]"},
            {"1 - (2 - 3)", "1.0 - (2.0 - 3.0)"},
            {"(1 - 2) - 3", "1.0 - 2.0 - 3.0"},
            {"1 + (2 + 3)", "1.0 + (2.0 + 3.0)"}, // floating-point sums do not reassociate
            {"2^(3^2)", "2.0^3.0^2.0"},
            {"(2^3)^2", "(2.0^3.0)^2.0"},
            {"(-2)^2", "(-2.0)^2.0"},
            {"-(2^2)", "-2.0^2.0"},
            {"2^(-1)", "2.0^-1.0"},
            {"k[0] * (-k[1])", "k[0] * -k[1]"},
            {"Bi[0]", "Bi"},
            {"min(k[0],k[1] ,k[2])", "min(k[0], k[1], k[2])"},
            {"1e-3", "0.001"},
            {"1e300", "1.0E300"},
            {"-(k[0] + Bi)", "-(k[0] + Bi)"},
        };
        for (String[] c : cases) {
            assertThat(ParameterFunctional.expression(TYPE, c[0]).describe())
                    .as(c[0])
                    .isEqualTo(c[1]);
        }
    }

    @Test
    void constantsAndComponentsDescribeThemselvesInTheLanguage() {
        Random rnd = new Random(11);
        double[] special = {
            0.0, -0.0, 1.0, -1.0, 0.1, 1e-300, -1e300, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MIN_NORMAL, 1.0 / 3
        };
        for (int i = 0; i < special.length + 200; i++) {
            double c = i < special.length ? special[i] : rnd.nextGaussian() * StrictMath.pow(10, rnd.nextInt(40) - 20);
            ParameterFunctional f = ParameterFunctional.constant(c);
            ParameterFunctional g = ParameterFunctional.expression(TYPE, f.describe());
            assertThat(Double.valueOf(g.evaluate(MU))).as(f.describe()).isEqualTo(Double.valueOf(c));
            assertThat(g.describe()).isEqualTo(f.describe());
        }
        assertThat(ParameterFunctional.constant(1.0).describe()).isEqualTo("1.0");
        for (int i = 0; i < TYPE.dimension(); i++) {
            String name = TYPE.componentName(i).replaceAll("\\[.*", "");
            int index = name.equals("Bi") ? 0 : i;
            ParameterFunctional f = ParameterFunctional.component(TYPE, name, index);
            ParameterFunctional g = ParameterFunctional.expression(TYPE, f.describe());
            assertThat(g.evaluate(MU)).isEqualTo(MU.get(i));
            assertThat(g.describe()).isEqualTo(f.describe());
        }
        assertThat(ParameterFunctional.component(TYPE, "k", 2).describe()).isEqualTo("k[2]");
        assertThat(ParameterFunctional.component(TYPE, "Bi", 0).describe()).isEqualTo("Bi");
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> ParameterFunctional.constant(bad))
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining("finite");
        }
    }

    /** A random expression as fully parenthesized text, with its value computed independently. */
    record Generated(String text, double[] values) {}

    static final Parameter[] MUS = {
        MU, Parameter.of(TYPE, 0.3, -1.7, 12.5, 0.01), Parameter.of(TYPE, -2.25, 0.0, 1e-3, 7.0)
    };

    static String space(Random rnd) {
        return rnd.nextInt(4) == 0 ? " " : "";
    }

    static String literal(Random rnd) {
        return switch (rnd.nextInt(7)) {
            case 0 -> Integer.toString(rnd.nextInt(10));
            case 1 -> rnd.nextInt(100) + ".";
            case 2 -> "." + rnd.nextInt(1000);
            case 3 -> rnd.nextInt(10) + "e-" + rnd.nextInt(5);
            case 4 -> rnd.nextInt(10) + "." + rnd.nextInt(100) + "E+" + rnd.nextInt(3);
            default -> Double.toString(Math.abs(rnd.nextGaussian()) * StrictMath.pow(10, rnd.nextInt(12) - 6));
        };
    }

    static Generated generate(Random rnd, int depth) {
        double[] v = new double[MUS.length];
        int choice = depth <= 0 ? rnd.nextInt(2) : rnd.nextInt(12);
        switch (choice) {
            case 0 -> {
                String lit = literal(rnd);
                java.util.Arrays.fill(v, Double.parseDouble(lit));
                return new Generated(lit, v);
            }
            case 1 -> {
                int i = rnd.nextInt(TYPE.dimension());
                for (int m = 0; m < v.length; m++) {
                    v[m] = MUS[m].get(i);
                }
                String name = TYPE.componentName(i);
                return new Generated(name.equals("Bi") && rnd.nextBoolean() ? "Bi[0]" : name, v);
            }
            case 2 -> {
                Generated a = generate(rnd, depth - 1);
                for (int m = 0; m < v.length; m++) {
                    v[m] = -a.values[m];
                }
                return new Generated("(-" + space(rnd) + "(" + a.text + "))", v);
            }
            case 3, 4, 5, 6, 7 -> {
                Generated a = generate(rnd, depth - 1);
                Generated b = generate(rnd, depth - 1);
                char op = "+-*/^".charAt(choice - 3);
                for (int m = 0; m < v.length; m++) {
                    double x = a.values[m];
                    double y = b.values[m];
                    v[m] = switch (op) {
                        case '+' -> x + y;
                        case '-' -> x - y;
                        case '*' -> x * y;
                        case '/' -> x / y;
                        default -> StrictMath.pow(x, y);
                    };
                }
                return new Generated("(" + a.text + space(rnd) + op + space(rnd) + "(" + b.text + "))", v);
            }
            default -> {
                String[] names = {"exp", "log", "sqrt", "sin", "cos", "abs", "min", "max"};
                String f = names[choice == 11 ? 6 + rnd.nextInt(2) : rnd.nextInt(names.length)];
                int arity = f.startsWith("m") ? 1 + rnd.nextInt(3) : 1;
                StringBuilder text = new StringBuilder(f).append(space(rnd)).append('(');
                for (int k = 0; k < arity; k++) {
                    Generated a = generate(rnd, depth - 1);
                    text.append(k > 0 ? "," + space(rnd) : "").append(a.text);
                    for (int m = 0; m < v.length; m++) {
                        double x = a.values[m];
                        v[m] = k == 0
                                ? switch (f) {
                                    case "exp" -> StrictMath.exp(x);
                                    case "log" -> StrictMath.log(x);
                                    case "sqrt" -> StrictMath.sqrt(x);
                                    case "sin" -> StrictMath.sin(x);
                                    case "cos" -> StrictMath.cos(x);
                                    case "abs" -> Math.abs(x);
                                    default -> x;
                                }
                                : f.equals("min") ? Math.min(v[m], x) : Math.max(v[m], x);
                    }
                }
                return new Generated(text.append(')').toString(), v);
            }
        }
    }

    static Stream<Arguments> seeds() {
        return IntStream.range(0, 40).mapToObj(s -> Arguments.of(s));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void describeParsesBackToTheSameFunction(int seed) {
        Random rnd = new Random(seed);
        for (int t = 0; t < 50; t++) {
            Generated g = generate(rnd, 1 + rnd.nextInt(6));
            ParameterFunctional f = ParameterFunctional.expression(TYPE, g.text);
            ParameterFunctional back = ParameterFunctional.expression(TYPE, f.describe());
            for (int m = 0; m < MUS.length; m++) {
                // Double.equals: bit for bit, -0.0 != 0.0, every NaN alike
                assertThat(Double.valueOf(f.evaluate(MUS[m])))
                        .as("%s at %s", g.text, MUS[m])
                        .isEqualTo(Double.valueOf(g.values[m]));
                assertThat(Double.valueOf(back.evaluate(MUS[m])))
                        .as("%s read back from %s", f.describe(), g.text)
                        .isEqualTo(Double.valueOf(g.values[m]));
            }
            assertThat(back.describe()).isEqualTo(f.describe());
            assertThat(f.describe().length()).isLessThanOrEqualTo(g.text.length() + countNumbers(g.text) * 30);
        }
    }

    /** Literals may grow when canonicalized (".5" to "0.5"); bounds the comparison above. */
    static int countNumbers(String text) {
        return text.split("[0-9.]+", -1).length;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "mu[0] * * 2    | 9  | expected a number, a name or '(', found '*'",
                "\"\"             | 1  | expected a number, a name or '(', found the end",
                "1 +            | 4  | expected a number, a name or '(', found the end",
                "1 + $          | 5  | found '$'",
                "2 3            | 3  | expected an operator (+ - * / ^) or the end, found '3'",
                "(1 + 2         | 7  | expected ')' to close the '(' at position 1, found the end",
                "(1 + 2))       | 8  | expected an operator (+ - * / ^) or the end, found ')'",
                "k              | 1  | 'k' has 3 components and needs an index: k[0] to k[2]",
                "1 + k[3]       | 7  | index 3 out of range: 'k' has size 3 (indices 0 to 2)",
                "Bi[1]          | 4  | index 1 out of range: 'Bi' has size 1",
                "k[99999999999] | 3  | index 99999999999 out of range",
                "k[]            | 3  | expected an index (0 to 2) of 'k', found ']'",
                "k[-1]          | 3  | expected an index (0 to 2) of 'k', found '-'",
                "k[1            | 4  | expected ']' after the index of 'k', found the end",
                "x + 1          | 1  | unknown parameter 'x'; known: {k[3], Bi}",
                "foo(1)         | 1  | unknown function 'foo'; known functions: exp, log, sqrt, sin, cos, abs, min, max",
                "exp            | 1  | function 'exp' needs its arguments in parentheses: exp(...)",
                "exp(1, 2)      | 1  | exp() takes 1 argument, found 2",
                "min()          | 5  | expected a number, a name or '(', found ')'",
                "max(1, )       | 8  | expected a number, a name or '(', found ')'",
                "sin(1          | 6  | expected ')' to close the arguments of sin(, found the end",
                "k(1)           | 2  | 'k' is a parameter, not a function; index a component as k[0]",
                "1e             | 3  | the exponent of number '1e' needs digits, found the end",
                "2.5E+x         | 6  | the exponent of number '2.5E+' needs digits, found 'x'",
                "1e999          | 1  | number 1e999 is too large for a double",
                ".              | 1  | expected a number, a name or '(', found '.'",
                "2 ^            | 4  | found the end",
            })
    void errorsNameThePositionWhatWasExpectedAndWhatWasFound(String text, int position, String message) {
        ParameterType type = text.startsWith("mu") ? ParameterType.of("mu", 2) : TYPE;
        assertThatThrownBy(() -> ParameterFunctional.expression(type, text))
                .isInstanceOf(ExpressionException.class)
                .isInstanceOf(JromException.class)
                .hasMessageStartingWith("expression '" + text + "': position " + position + ": ")
                .hasMessageContaining(message)
                .satisfies(e -> {
                    assertThat(((ExpressionException) e).position()).isEqualTo(position);
                    assertThat(((ExpressionException) e).expression()).isEqualTo(text);
                });
    }

    @Test
    void theExampleMessageReadsExactly() {
        assertThatThrownBy(() -> ParameterFunctional.expression(ParameterType.of("mu", 4), "mu[0] * * 2"))
                .hasMessage("expression 'mu[0] * * 2': position 9: expected a number, a name or '(', found '*'");
        assertThatThrownBy(() -> ParameterFunctional.expression(ParameterType.of(), "mu"))
                .hasMessageContaining("unknown parameter 'mu'; this coefficient may use no parameters");
    }

    @Test
    void nestingBeyondTheLimitIsAnErrorNotAStackOverflow() {
        int n = Expression.MAX_DEPTH + 50;
        String[] deep = {
            "(".repeat(n) + "1" + ")".repeat(n),
            "-".repeat(n) + "1",
            "1" + "+1".repeat(n),
            "2" + "^2".repeat(n),
            "exp(".repeat(n) + "1" + ")".repeat(n),
            "(".repeat(100_000),
        };
        for (String text : deep) {
            assertThatThrownBy(() -> ParameterFunctional.expression(TYPE, text))
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining("nested deeper than " + Expression.MAX_DEPTH + " levels");
        }
        // just inside the limit is fine
        int ok = Expression.MAX_DEPTH - 2;
        assertThat(eval("(".repeat(ok) + "1" + ")".repeat(ok))).isEqualTo(1.0);
        assertThat(eval("1" + "+1".repeat(ok))).isEqualTo(ok + 1.0);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomTextOnlyEverFailsWithTheParsersException(int seed) {
        Random rnd = new Random(1000 + seed);
        String[] tokens = {
            "k",
            "Bi",
            "mu",
            "[",
            "]",
            "(",
            ")",
            ",",
            "+",
            "-",
            "*",
            "/",
            "^",
            ".",
            "e",
            "E",
            " ",
            "0",
            "1",
            "2",
            "9",
            "1e-3",
            "exp",
            "log",
            "sqrt",
            "sin",
            "cos",
            "abs",
            "min",
            "max",
            "_",
            "$",
            "\t",
            "\u00e9",
            "\u0661",
            "k[0]",
            "k[2]",
            "k[3]",
            "Bi[0]",
            "1.5",
            ".5",
            "5.",
            "1e999",
            "99999999999"
        };
        int parsed = 0;
        for (int t = 0; t < 500; t++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append(rnd.nextInt(8) == 0 ? (char) rnd.nextInt(128) : tokens[rnd.nextInt(tokens.length)]);
            }
            String text = sb.toString();
            ParameterFunctional f;
            try {
                f = ParameterFunctional.expression(TYPE, text);
            } catch (ExpressionException e) {
                assertThat(e.position()).as(text).isBetween(1, text.length() + 1);
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                fail("'" + text + "' threw " + e, e);
                return;
            }
            parsed++;
            ParameterFunctional back = ParameterFunctional.expression(TYPE, f.describe());
            assertThat(back.describe()).isEqualTo(f.describe());
            for (Parameter mu : MUS) {
                assertThat(Double.valueOf(back.evaluate(mu))).isEqualTo(Double.valueOf(f.evaluate(mu)));
            }
        }
        assertThat(parsed).as("some random strings are valid expressions").isPositive();
    }

    @Test
    void evaluationAllocatesNothing() {
        ParameterFunctional f = ParameterFunctional.expression(TYPE, "max(k[0], k[1]) * exp(-Bi / 2) + k[2]^2 - 1");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += f.evaluate(MUS[i % MUS.length]);
        }
        long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sink += f.evaluate(MUS[i % MUS.length]);
        }
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isFinite();
        // one boxed double per call would be 1.6 MB; allow only the measurement's own noise
        assertThat(allocated).as("bytes allocated by 100000 evaluations").isLessThan(10_000);
    }
}

package org.jrom.parameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jrom.Excerpt;
import org.junit.jupiter.api.Test;

/** The one number grammar of the command line and of parameter tables, and the excerpts of input in messages. */
class NumbersTest {
    @Test
    void decimalAndScientificNotationAreRead() {
        assertThat(Numbers.parse("0.25")).isEqualTo(0.25);
        assertThat(Numbers.parse("-.5e+1")).isEqualTo(-5);
        assertThat(Numbers.parse("+3E-2")).isEqualTo(0.03);
        assertThat(Numbers.parse(Double.toString(Double.MIN_VALUE))).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void formsOnlyJavaReadsAreRefused() {
        assertThatThrownBy(() -> Numbers.parse("0x1p-2"))
                .isInstanceOf(NumberFormatException.class)
                .hasMessage("'0x1p-2' is not a number");
        assertThatThrownBy(() -> Numbers.parse("1d")).hasMessage("'1d' is not a number");
        assertThatThrownBy(() -> Numbers.parse("-Infinity")).hasMessage("-Infinity, expected a finite number");
        assertThatThrownBy(() -> Numbers.parse("nan")).hasMessage("nan, expected a finite number");
        assertThatThrownBy(() -> Numbers.parse("1e999")).hasMessage("1e999 overflows, expected a finite number");
    }

    @Test
    void theCommandLineAndTablesShareTheGrammar() {
        ParameterType type = ParameterType.of("diffusion", 2);
        assertThatThrownBy(() -> Parameter.parse(type, "diffusion=0x1p-2,0.5"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("parameter 'diffusion': '0x1p-2' is not a number");
        assertThat(Parameter.parse(type, "diffusion=0.25,5e-1").toArray()).containsExactly(0.25, 0.5);
    }

    @Test
    void excerptsAreShortAndPrintable() {
        assertThat(Excerpt.of("a\u0000b\nc\u00e9")).isEqualTo("a\\x00b\\x0ac\\xe9");
        assertThat(Excerpt.of("x".repeat(100_000))).isEqualTo("x".repeat(Excerpt.MAX) + "...");
        assertThat(Excerpt.of("x".repeat(Excerpt.MAX))).isEqualTo("x".repeat(Excerpt.MAX));
        byte[] bytes = {'P', 'K', 3, 4};
        assertThat(Excerpt.of(bytes, 0, 4)).isEqualTo("PK\\x03\\x04");
    }
}

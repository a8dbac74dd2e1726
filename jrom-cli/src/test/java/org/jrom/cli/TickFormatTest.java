package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TickFormatTest {
    private static List<String> labels(List<Double> ticks, boolean logarithmic) {
        Function<Double, String> f = TickFormat.of(ticks, logarithmic);
        return ticks.stream().map(f).toList();
    }

    @Test
    void linearTicksHaveALeadingZeroAndTheDecimalsOfTheFinest() {
        // XChart's own: .06, .08, .1, .12
        assertThat(labels(List.of(0.06, 0.08, 0.1, 0.12), false)).containsExactly("0.06", "0.08", "0.10", "0.12");
        assertThat(labels(List.of(0.0, 0.5, 1.0, 1.5), false)).containsExactly("0", "0.5", "1.0", "1.5");
        assertThat(labels(List.of(0.0, 200.0, 400.0), false)).containsExactly("0", "200", "400");
        // round-off in the tick values does not ask for more digits
        assertThat(labels(List.of(0.1, 0.2, 0.30000000000000004), false)).containsExactly("0.1", "0.2", "0.3");
    }

    @Test
    void tinyOrHugeLinearTicksShareOneExponent() {
        assertThat(labels(List.of(-2e-6, -1e-6, 0.0, 1e-6, 2e-6), false))
                .containsExactly("-2e-6", "-1e-6", "0", "1e-6", "2e-6");
        assertThat(labels(List.of(5e-7, 1e-6, 1.5e-6), false)).containsExactly("0.5e-6", "1.0e-6", "1.5e-6");
    }

    @Test
    void logarithmicTicksArePowersOfTenInEveryPlot() {
        assertThat(labels(List.of(0.001, 0.01, 0.1, 1.0, 10.0), true))
                .containsExactly("1e-3", "1e-2", "1e-1", "1e0", "1e1");
        assertThat(labels(List.of(9.999999999999999E-6, 1e-4, 1e-2, 1.0), true))
                .containsExactly("1e-5", "1e-4", "1e-2", "1e0");
        assertThat(labels(List.of(1e-14, 1e-7, 1.0), true)).containsExactly("1e-14", "1e-7", "1e0");
    }

    @Test
    void aLogarithmicAxisOfLessThanTwoDecadesIsLabelledAtOneTwoAndFive() {
        Function<Double, String> f = TickFormat.oneTwoFive();
        assertThat(List.of(0.5, 0.7, 1.0, 2.0, 3.0, 5.0, 9.0, 10.0, 20.0, 50.0, 60.0).stream()
                        .map(f)
                        .toList())
                .containsExactly("0.5", "", "1", "2", "", "5", "", "10", "20", "50", "");
    }

    @Test
    void colourBarTicksAreRoundAndInsideTheRange() {
        assertThat(TickFormat.ticks(0, 3, 6)).containsExactly(0, 1, 2, 3);
        assertThat(TickFormat.ticks(0, 3, 8)).containsExactly(0, 0.5, 1, 1.5, 2, 2.5, 3);
        double[] t = TickFormat.ticks(-0.0137, 0.0137, 6);
        assertThat(t).containsExactly(-0.01, 0, 0.01);
    }
}

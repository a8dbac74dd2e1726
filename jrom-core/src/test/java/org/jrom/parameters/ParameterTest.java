package org.jrom.parameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterTest {
    static final ParameterType FIN = ParameterType.of("k", 4, "Bi", 1);
    static final ParameterSpace FIN_SPACE =
            ParameterSpace.of(FIN, Map.of("k", new double[] {0.1, 10}, "Bi", new double[] {0.01, 1}));

    @Test
    void typeFlattensComponentsInDeclarationOrder() {
        assertThat(FIN.dimension()).isEqualTo(5);
        assertThat(FIN.offset("Bi")).isEqualTo(4);
        assertThat(FIN.componentName(2)).isEqualTo("k[2]");
        assertThat(FIN.componentName(4)).isEqualTo("Bi");
        assertThat(FIN).hasToString("{k[4], Bi}");
    }

    @Test
    void parsePrintRoundTrip() {
        Parameter mu = FIN_SPACE.parse("k=0.5,1,2,3 Bi=0.1");
        assertThat(mu.get("k")).containsExactly(0.5, 1, 2, 3);
        assertThat(mu.get("Bi")).containsExactly(0.1);
        assertThat(Parameter.parse(FIN, mu.toString())).isEqualTo(mu);
        assertThat(mu.toArray()).containsExactly(0.5, 1, 2, 3, 0.1);
    }

    @Test
    void missingExtraMiscountedAndOutOfRangeComponentsAreClearErrors() {
        assertThatThrownBy(() -> FIN_SPACE.parse("k=1,1,1,1"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("missing parameter 'Bi' (1 value)");
        assertThatThrownBy(() -> FIN_SPACE.parse("k=1,1,1,1;Bi=0.1;T=3"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("unknown parameter 'T'; expected [k, Bi]");
        assertThatThrownBy(() -> FIN_SPACE.parse("k=1,1,1;Bi=0.1"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("parameter 'k' needs 4 values, found 3");
        assertThatThrownBy(() -> FIN_SPACE.parse("k=1,1,11,1;Bi=0.1"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("k[2] = 11.0 is outside the parameter space [0.1, 10.0]");
        assertThatThrownBy(() -> FIN_SPACE.parse("k=1,1,x,1;Bi=0.1"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("parameter 'k': 'x' is not a number");
        assertThatThrownBy(() -> FIN_SPACE.parse("k=1,1,1,1;Bi=0.1;Bi=0.2"))
                .hasMessage("parameter 'Bi' is given twice");
        assertThatThrownBy(() -> Parameter.of(FIN, 1, 1, 1, Double.NaN, 0.1))
                .hasMessage("parameter component k[3] is NaN, expected a finite number");
        assertThatThrownBy(() -> ParameterType.of("k", 2, "k", 1)).hasMessage("parameter 'k' is declared twice");
        assertThatThrownBy(() -> ParameterType.of("2k", 2)).hasMessageContaining("must be an identifier");
    }

    @Test
    void spaceMembershipIsInclusiveAtTheEnds() {
        assertThat(FIN_SPACE.contains(Parameter.of(FIN, 0.1, 10, 10, 0.1, 1))).isTrue();
        assertThat(FIN_SPACE.contains(Parameter.of(FIN, 0.1, 10, 10, 0.1, 1.0000001)))
                .isFalse();
        assertThat(FIN_SPACE.contains(Parameter.of(ParameterType.of("mu", 5), 1, 1, 1, 1, 0.5)))
                .isFalse();
    }
}

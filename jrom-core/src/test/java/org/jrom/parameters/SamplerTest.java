package org.jrom.parameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamplerTest {
    static final ParameterSpace SPACE = ParameterSpace.box(ParameterType.of("mu", 3), 0.1, 1.0);

    @Test
    void gridHasEveryCombinationIncludingTheCorners() {
        List<Parameter> grid = Sampler.uniformGrid(SPACE, 4);
        assertThat(grid).hasSize(64).doesNotHaveDuplicates();
        assertThat(grid).contains(Parameter.of(SPACE.type(), 0.1, 0.1, 0.1), Parameter.of(SPACE.type(), 1, 1, 1));
        assertThat(grid).allMatch(SPACE::contains);
        assertThat(Sampler.uniformGrid(SPACE, 1)).containsExactly(Parameter.of(SPACE.type(), 0.55, 0.55, 0.55));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 50, 333})
    void latinHypercubePutsExactlyOnePointInEachStratum(int count) {
        List<Parameter> s = Sampler.latinHypercube(SPACE, count, 17);
        assertThat(s).hasSize(count).allMatch(SPACE::contains);
        for (int i = 0; i < 3; i++) {
            Set<Integer> strata = new HashSet<>();
            for (Parameter mu : s) {
                int stratum = (int) Math.floor((mu.get(i) - 0.1) / 0.9 * count);
                strata.add(Math.min(stratum, count - 1));
            }
            assertThat(strata).hasSize(count);
        }
    }

    @Test
    void samplesAreReproducibleFromTheSeed() {
        assertThat(Sampler.random(SPACE, 100, 5)).isEqualTo(Sampler.random(SPACE, 100, 5));
        assertThat(Sampler.random(SPACE, 100, 5)).isNotEqualTo(Sampler.random(SPACE, 100, 6));
        assertThat(Sampler.latinHypercube(SPACE, 30, 5)).isEqualTo(Sampler.latinHypercube(SPACE, 30, 5));
        assertThat(Sampler.logUniform(SPACE, 30, 5)).isEqualTo(Sampler.logUniform(SPACE, 30, 5));
    }

    @Test
    void uniformAndLogUniformHaveTheirTheoreticalMeans() {
        int n = 200_000;
        double mean = Sampler.random(SPACE, n, 1).stream()
                .mapToDouble(mu -> mu.get(0))
                .average()
                .orElseThrow();
        assertThat(mean).isCloseTo(0.55, within(5 * 0.9 / Math.sqrt(12 * n)));
        // log-uniform on [a, b]: E[log x] = (log a + log b) / 2.
        double meanLog = Sampler.logUniform(SPACE, n, 2).stream()
                .mapToDouble(mu -> Math.log(mu.get(1)))
                .average()
                .orElseThrow();
        double half = (Math.log(0.1) + Math.log(1.0)) / 2;
        assertThat(meanLog).isCloseTo(half, within(5 * Math.log(10) / Math.sqrt(12 * n)));
    }

    @Test
    void logUniformRefusesNonPositiveRanges() {
        ParameterSpace s = ParameterSpace.box(ParameterType.of("t", 1), -1, 1);
        assertThatThrownBy(() -> Sampler.logUniform(s, 3, 1)).hasMessageContaining("positive ranges; t starts at -1.0");
    }
}

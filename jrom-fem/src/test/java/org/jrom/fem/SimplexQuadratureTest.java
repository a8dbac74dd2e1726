package org.jrom.fem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SimplexQuadratureTest {
    static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }

    @Test
    void triangleRuleIsExactForDegreeFour() {
        SimplexQuadrature rule = SimplexQuadrature.triangleDegree4();
        // Reference triangle (0,0),(1,0),(0,1): int x^a y^b = a! b! / (a+b+2)!; x = lambda_1, y = lambda_2.
        for (int a = 0; a <= 4; a++) {
            for (int b = 0; a + b <= 4; b++) {
                double s = 0;
                for (int q = 0; q < rule.size(); q++) {
                    double x = rule.barycentric()[3 * q + 1];
                    double y = rule.barycentric()[3 * q + 2];
                    s += rule.weights()[q] * Math.pow(x, a) * Math.pow(y, b);
                }
                double exact = factorial(a) * factorial(b) / factorial(a + b + 2);
                assertThat(0.5 * s).as("x^%d y^%d", a, b).isCloseTo(exact, within(1e-14));
            }
        }
    }

    @Test
    void lineRuleIsExactForDegreeFiveAndNotSix() {
        SimplexQuadrature rule = SimplexQuadrature.lineDegree5();
        assertThat(rule.dimension()).isEqualTo(1);
        // int_0^1 t^a dt = 1 / (a + 1), t = lambda_1; weights sum to 1 over the unit segment.
        for (int a = 0; a <= 6; a++) {
            double s = 0;
            for (int q = 0; q < rule.size(); q++) {
                assertThat(rule.barycentric()[2 * q] + rule.barycentric()[2 * q + 1])
                        .isCloseTo(1.0, within(1e-15));
                s += rule.weights()[q] * Math.pow(rule.barycentric()[2 * q + 1], a);
            }
            if (a <= 5) {
                assertThat(s).as("t^%d", a).isCloseTo(1.0 / (a + 1), within(1e-15));
            } else {
                assertThat(Math.abs(s - 1.0 / (a + 1)))
                        .as("t^6 is beyond the rule")
                        .isGreaterThan(1e-6);
            }
        }
        assertThat(SimplexQuadrature.accurateFacet(2).dimension()).isEqualTo(1);
        assertThat(SimplexQuadrature.accurateFacet(3).dimension()).isEqualTo(2);
    }

    @Test
    void tetrahedronRuleIsExactForDegreeFive() {
        SimplexQuadrature rule = SimplexQuadrature.tetrahedronDegree5();
        for (int a = 0; a <= 5; a++) {
            for (int b = 0; a + b <= 5; b++) {
                for (int c = 0; a + b + c <= 5; c++) {
                    double s = 0;
                    for (int q = 0; q < rule.size(); q++) {
                        double x = rule.barycentric()[4 * q + 1];
                        double y = rule.barycentric()[4 * q + 2];
                        double z = rule.barycentric()[4 * q + 3];
                        s += rule.weights()[q] * Math.pow(x, a) * Math.pow(y, b) * Math.pow(z, c);
                    }
                    double exact = factorial(a) * factorial(b) * factorial(c) / factorial(a + b + c + 3);
                    assertThat(s / 6).as("x^%d y^%d z^%d", a, b, c).isCloseTo(exact, within(1e-14));
                }
            }
        }
    }
}

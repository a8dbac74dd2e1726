package org.jrom.operators;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterType;
import org.jrom.testing.FuzzProperty;

/**
 * Coefficient expressions from hostile text (UTF-8 bytes), parsed over the type {@code k} (size 3),
 * {@code Bi} (size 1) and, when they parse, evaluated and written back and parsed again
 * (docs/reliability.md); corpus in ExpressionFuzzTestInputs/parse.
 */
class ExpressionFuzzTest {
    private static final ParameterType TYPE = ParameterType.of("k", 3, "Bi", 1);
    private static final Parameter MU = Parameter.of(TYPE, 2, 3, 0.5, 4);

    @FuzzTest
    void parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        FuzzProperty.check(() -> {
            ParameterFunctional f = ParameterFunctional.expression(TYPE, text);
            f.evaluate(MU);
            return ParameterFunctional.expression(TYPE, f.describe());
        });
    }
}

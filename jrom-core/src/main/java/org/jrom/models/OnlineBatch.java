package org.jrom.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.jrom.parameters.Parameter;

/**
 * The answers of an {@link OnlineModel} at many parameters, one value per parameter: what the
 * figures are is the model's {@link OnlineModel#errorFigures()}. {@link ReducedModel.BatchSolution}
 * is a reduced-basis model's; {@link Values} any other.
 */
public interface OnlineBatch {
    /** The outputs by name. */
    Map<String, double[]> outputs();

    /** The error bound or estimate of each output. */
    Map<String, double[]> outputErrors();

    /** The error bound or estimate of the field. */
    double[] errors();

    /**
     * The answers of {@code model.solve} at every parameter, in parallel: for models whose batch is
     * no cheaper than its single answers (a regression's, a hyper-reduced trajectory's).
     *
     * @throws NonFiniteAnswerException for the first parameter in the list whose answer is not
     *     finite, with its index, whichever thread meets it first
     */
    static OnlineBatch solveEach(OnlineModel model, List<Parameter> mus) {
        int count = mus.size();
        List<String> names = model.outputNames();
        double[][] values = new double[names.size()][count];
        double[][] errors = new double[names.size()][count];
        double[] fieldErrors = new double[count];
        AtomicReference<NonFiniteAnswerException> failure = new AtomicReference<>();
        IntStream.range(0, count).parallel().forEach(k -> {
            OnlineSolution s;
            try {
                s = model.solve(mus.get(k));
            } catch (NonFiniteAnswerException e) {
                failure.accumulateAndGet(e.at(k), NonFiniteAnswerException::earlier);
                return;
            }
            for (int j = 0; j < names.size(); j++) {
                values[j][k] = s.outputs().get(names.get(j));
                errors[j][k] = s.outputErrors().get(names.get(j));
            }
            fieldErrors[k] = s.error();
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        Map<String, double[]> v = new LinkedHashMap<>();
        Map<String, double[]> e = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) {
            v.put(names.get(j), values[j]);
            e.put(names.get(j), errors[j]);
        }
        return new Values(v, e, fieldErrors);
    }

    /** Answers given by their values (a regression model's). */
    record Values(Map<String, double[]> outputs, Map<String, double[]> outputErrors, double[] errors)
            implements OnlineBatch {}
}

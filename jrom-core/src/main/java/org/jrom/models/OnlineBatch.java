package org.jrom.models;

import java.util.Map;

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

    /** Answers given by their values (a regression model's). */
    record Values(Map<String, double[]> outputs, Map<String, double[]> outputErrors, double[] errors)
            implements OnlineBatch {}
}

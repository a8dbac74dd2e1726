package org.jrom.models;

import java.util.Map;

/**
 * The answers of an {@link OnlineModel} at many parameters, one value per parameter: bounds when the
 * model is certified, estimates otherwise.
 *
 * @param outputs the outputs by name
 * @param outputErrors the error bound or estimate of each output
 * @param errors the error bound or estimate of the field
 */
public record OnlineBatch(Map<String, double[]> outputs, Map<String, double[]> outputErrors, double[] errors) {}

package org.jrom.fem;

import java.util.function.ToDoubleFunction;

/** A scalar field on the physical domain, evaluated at a point {@code x} of length d. */
@FunctionalInterface
public interface ScalarField extends ToDoubleFunction<double[]> {}

/**
 * Parameters of parametrized problems: {@link org.jrom.parameters.ParameterType} (named components
 * with sizes, e.g. {@code diffusion[4]}), {@link org.jrom.parameters.Parameter} (a value),
 * {@link org.jrom.parameters.ParameterSpace} (box ranges, validation) and seeded
 * {@link org.jrom.parameters.Sampler}s for training and test sets.
 */
package org.jrom.parameters;

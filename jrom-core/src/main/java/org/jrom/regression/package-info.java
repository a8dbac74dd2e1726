/**
 * Nonintrusive reduced-order models: the map from parameters to POD coefficients learned from
 * training pairs (Guo, Hesthaven 2018), by radial basis function interpolation
 * ({@link org.jrom.regression.RbfInterpolant}, shape parameter by Rippa's leave-one-out formula) or
 * Gaussian process regression ({@link org.jrom.regression.GaussianProcess}, hyperparameters by
 * maximum marginal likelihood), both behind {@link org.jrom.regression.Regression}.
 *
 * <p>Their cross-validated errors are estimates, not certified bounds. See docs/regression.md.
 */
package org.jrom.regression;

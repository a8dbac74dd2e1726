/**
 * Reductors: from a high-fidelity model and a reduced basis to an immutable reduced model with a
 * certified error bound. The residual dual norm behind the bound is a strategy ({@link
 * org.jrom.reductors.ResidualNormEvaluation}), evaluated either by the classic Gram expansion or by
 * a round-off-stable form.
 */
package org.jrom.reductors;

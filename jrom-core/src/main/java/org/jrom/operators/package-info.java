/**
 * Parametrized linear operators: {@link org.jrom.operators.Operator}, the matrix-backed {@link
 * org.jrom.operators.MatrixOperator}, the affine {@link org.jrom.operators.LincombOperator} {@code
 * A(mu) = sum_q theta_q(mu) A_q} and the coefficient functions {@link
 * org.jrom.operators.ParameterFunctional}. Modeled on pyMOR's separation of operators from the
 * vectors they act on and from the reductors that project them.
 */
package org.jrom.operators;

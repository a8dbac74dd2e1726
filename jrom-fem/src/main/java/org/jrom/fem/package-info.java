/**
 * The high-fidelity side of jrom: simplicial meshes, Lagrange finite elements assembled term by
 * term so that the affine structure {@code A(mu) = sum_q theta_q(mu) A_q} is kept, and the
 * reference problems every reduced model is checked against.
 */
package org.jrom.fem;

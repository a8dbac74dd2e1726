/**
 * Algorithms of model reduction written against the operator and model interfaces: POD, weak
 * greedy, coercivity lower bounds, empirical interpolation (of vectors, and nonintrusively of
 * parametrized matrices), and later clustering.
 */
package org.jrom.algorithms;

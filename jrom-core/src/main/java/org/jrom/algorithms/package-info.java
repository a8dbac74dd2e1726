/**
 * Algorithms of model reduction written against the operator and model interfaces: POD, weak
 * greedy, coercivity lower bounds, and later empirical interpolation and clustering.
 */
package org.jrom.algorithms;

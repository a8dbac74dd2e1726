/**
 * Offline reduction pipelines: one object per stage that takes a high-fidelity model (or its
 * snapshots) and options and returns one immutable result record, so that the command line, a
 * server or a distributed job call the same stage and only print, draw and write what it returns.
 * {@link org.jrom.pipelines.CertifiedReduction} is the certified reduced basis (weak greedy, dual
 * greedies, validation against high-fidelity solves, certificate); {@link
 * org.jrom.pipelines.PodRegressionReduction} the nonintrusive POD-regression model over streamed
 * {@link org.jrom.pipelines.Snapshots}.
 */
package org.jrom.pipelines;

/**
 * Mesh file formats of the high-fidelity side: VTK XML unstructured grids ({@code .vtu}) for
 * looking at snapshots and reduced solutions in ParaView and for ingesting fields computed by
 * external solvers.
 */
package org.jrom.fem.io;

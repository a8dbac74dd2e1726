/**
 * Mesh and field file formats: the Gmsh MSH 4.1 reader ({@link org.jrom.fem.io.GmshReader}, text
 * and binary) and VTK XML unstructured grids ({@link org.jrom.fem.io.VtuWriter}, {@link
 * org.jrom.fem.io.VtuReader}) for results that ParaView opens and snapshots that other solvers
 * export. Readers validate everything and name the file, line or byte offset; writers are atomic.
 */
package org.jrom.fem.io;

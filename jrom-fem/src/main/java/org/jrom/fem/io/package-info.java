/**
 * Mesh file formats that produce or consume the {@link org.jrom.fem.Mesh} of jrom-fem: the Gmsh
 * {@code .msh} 4.1 reader. Readers validate everything and report file and line or byte offset.
 */
package org.jrom.fem.io;

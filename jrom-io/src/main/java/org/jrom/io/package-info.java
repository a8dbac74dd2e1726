/**
 * Reading and writing jrom's data: NumPy {@code .npy}/{@code .npz} arrays ({@link
 * org.jrom.io.Npy}, {@link org.jrom.io.Npz}), Matrix Market matrices ({@link
 * org.jrom.io.MatrixMarket}), snapshot sets streamed from files ({@link org.jrom.io.SnapshotSource})
 * with their parameter tables ({@link org.jrom.io.ParameterTable}), and the {@code .jrom}
 * reduced-model file ({@link org.jrom.io.ModelFile}), a ZIP that NumPy also reads. The layouts are
 * specified in docs/formats.md.
 */
package org.jrom.io;

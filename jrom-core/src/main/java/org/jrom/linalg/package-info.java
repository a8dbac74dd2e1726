/**
 * Linear algebra for model reduction: blocks of vectors ({@link org.jrom.linalg.VectorArray}),
 * dense matrices with LAPACK factorizations, sparse {@link org.jrom.linalg.CsrMatrix}, sparse
 * direct and iterative solvers, orthonormalization and truncated SVDs.
 *
 * <p>Dense kernels go through the netlib BLAS/LAPACK binding, which calls the system OpenBLAS when
 * it is installed and a pure-Java implementation otherwise; {@link org.jrom.linalg.LinalgBackend}
 * tells which one is live.
 */
package org.jrom.linalg;

/**
 * Hyper-reduction building blocks over arrays of quadrature-point contributions, never a mesh:
 * nonnegative least squares ({@link org.jrom.hyperreduction.NonnegativeLeastSquares}), empirical
 * cubature ({@link org.jrom.hyperreduction.EmpiricalCubature}: Hernandez, Caicedo, Ferrer 2017, and
 * the nonnegative orthogonal matching pursuit of Casenave and Akkari 2019) and Gappy-POD
 * reconstruction from sampled entries ({@link org.jrom.hyperreduction.GappyPod}, Everson and
 * Sirovich 1995).
 */
package org.jrom.hyperreduction;

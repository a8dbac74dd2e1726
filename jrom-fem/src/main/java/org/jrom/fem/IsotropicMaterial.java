package org.jrom.fem;

import org.jrom.JromException;

/**
 * An isotropic linear elastic material by its Lame parameters: stress {@code sigma = 2 mu eps(u) +
 * lambda (div u) I}. The parameters stay outside the operators: {@code A = mu * strainTerm + lambda
 * * divergenceTerm} (see {@link ElasticitySpace}).
 *
 * @param lambda first Lame parameter
 * @param mu shear modulus
 */
public record IsotropicMaterial(double lambda, double mu) {
    /**
     * From Young's modulus E and Poisson's ratio nu, for 3D and for plane strain: {@code lambda = E nu
     * / ((1 + nu)(1 - 2 nu))}, {@code mu = E / (2 (1 + nu))}.
     */
    public static IsotropicMaterial fromYoungPoisson(double youngModulus, double poissonRatio) {
        check(youngModulus, poissonRatio);
        double nu = poissonRatio;
        return new IsotropicMaterial(youngModulus * nu / ((1 + nu) * (1 - 2 * nu)), youngModulus / (2 * (1 + nu)));
    }

    /**
     * From Young's modulus and Poisson's ratio for plane stress (thin plates, {@code sigma_zz = 0}):
     * the same mu, {@code lambda* = E nu / (1 - nu^2)}.
     */
    public static IsotropicMaterial planeStress(double youngModulus, double poissonRatio) {
        check(youngModulus, poissonRatio);
        double nu = poissonRatio;
        return new IsotropicMaterial(youngModulus * nu / (1 - nu * nu), youngModulus / (2 * (1 + nu)));
    }

    private static void check(double youngModulus, double poissonRatio) {
        if (!(youngModulus > 0) || !Double.isFinite(youngModulus)) {
            throw new JromException("Young's modulus must be positive and finite, found " + youngModulus);
        }
        if (!(poissonRatio > -1 && poissonRatio < 0.5)) {
            throw new JromException("Poisson's ratio must lie in (-1, 0.5) for a stable isotropic material, found "
                    + poissonRatio + " (0.5 is incompressible)");
        }
    }
}

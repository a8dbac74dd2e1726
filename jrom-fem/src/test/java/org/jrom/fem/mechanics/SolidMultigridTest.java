package org.jrom.fem.mechanics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import org.jrom.fem.DirichletConstraint;
import org.jrom.fem.ScalarField;
import org.jrom.fem.StructuredMesh;
import org.jrom.linalg.ConjugateGradient;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.IncompleteCholesky;
import org.jrom.linalg.SmoothedAggregation;
import org.jrom.linalg.SparseCholesky;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The smoothed-aggregation AMG of jrom-core on the linear-elastic solid: a cantilever cube clamped
 * at x = 0 under its weight, P1 and P2, with the six rigid-body modes as near-nullspace. CG
 * converges to the Cholesky solution, in far fewer iterations than with IC(0), and the count hardly
 * grows under refinement.
 */
class SolidMultigridTest {

    @ParameterizedTest
    @CsvSource({"1, 6, 12", "2, 3, 6"})
    void amgWithRigidBodyModesConvergesToTheDirectSolution(int degree, int coarse, int fine) {
        int[] its = new int[2];
        int m = 0;
        for (int n = coarse; n <= fine; n *= 2, m++) {
            SmallStrainSolid solid =
                    new SmallStrainSolid(StructuredMesh.unitCube(n), degree, new LinearElasticity(Materials.elastic()));
            solid.integrate(new double[solid.dim()], 0, Materials.T_REF);
            int[] clamped = solid.boundaryDofs(new int[] {0, 1, 2}, "left");
            DirichletConstraint dirichlet = new DirichletConstraint(solid.dim(), clamped);
            CsrMatrix k = dirichlet.restrict(solid.tangent(false));
            ScalarField zero = x -> 0;
            double[] f = dirichlet.restrict(solid.bodyForce(new ScalarField[] {zero, zero, x -> -1}));
            SmoothedAggregation amg = SmoothedAggregation.builder(k)
                    .blockSize(3)
                    .nearNullspace(Arrays.stream(solid.rigidBodyModes())
                            .map(dirichlet::restrict)
                            .toArray(double[][]::new))
                    .coarseSize(100)
                    .build();
            ConjugateGradient.Result r = ConjugateGradient.builder(k)
                    .preconditioner(amg)
                    .relativeTolerance(1e-10)
                    .maxIterations(500)
                    .build()
                    .solve(f, new double[k.rows()]);
            ConjugateGradient.Result ic = ConjugateGradient.builder(k)
                    .preconditioner(IncompleteCholesky.withDiagonalShift(k))
                    .relativeTolerance(1e-10)
                    .maxIterations(5000)
                    .build()
                    .solve(f, new double[k.rows()]);
            double[] exact = SparseCholesky.factor(k).solve(f);
            double err = 0;
            double norm = 0;
            for (int i = 0; i < exact.length; i++) {
                err = Math.max(err, Math.abs(r.x()[i] - exact[i]));
                norm = Math.max(norm, Math.abs(exact[i]));
            }
            its[m] = r.iterations();
            System.out.printf(
                    Locale.ROOT,
                    "AMG elasticity P%d, %d^3 cubes, %d free dofs: %d levels, complexity %.3f, CG iterations %d"
                            + " (IC(0) %d), max |u - u_chol| / max |u| %.2e%n",
                    degree,
                    n,
                    k.rows(),
                    amg.levels(),
                    amg.operatorComplexity(),
                    r.iterations(),
                    ic.iterations(),
                    err / norm);
            assertThat(r.converged()).isTrue();
            assertThat(err).isLessThanOrEqualTo(1e-7 * norm);
            assertThat(r.iterations()).isLessThan(ic.iterations());
        }
        assertThat(its[1]).isLessThanOrEqualTo(its[0] + its[0] / 2);
    }
}

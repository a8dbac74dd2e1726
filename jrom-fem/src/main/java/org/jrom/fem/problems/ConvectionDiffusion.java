package org.jrom.fem.problems;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.P1Space;
import org.jrom.linalg.CsrMatrix;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;

/**
 * The convection-diffusion thermal block, a non-symmetric coercive reference problem: the thermal
 * block's unit square and blocks ({@link ThermalBlock}), {@code -div(mu_i grad u) + b . grad u = 1},
 * {@code u = 0} on the boundary, conductivity {@code mu_i} in [0.1, 1] on block i and a constant
 * velocity {@code b = (velocity_0, velocity_1)} in {@code [-V, V]^2}. Affine with one P1 stiffness
 * term per block ({@code theta = mu_i}) and one convection term per velocity component ({@code theta
 * = b_d}), the latter in skew-symmetric form ({@link P1Space#skewConvection}): the same bilinear form
 * on {@code H^1_0} since {@code div b = 0}, and exactly skew-symmetric, so {@code v^T A(mu) v = sum_i
 * mu_i v^T A_i v} and {@code alpha(mu) >= min_i mu_i} in the {@code H^1_0} seminorm (min-theta with
 * the convection terms left out) whatever the velocity. Global Peclet number up to {@code |b| / mu =
 * 14}; on the default mesh the cell Peclet number stays below 1, so Galerkin needs no stabilization.
 * Output: the mean of u, which is not compliant for a non-symmetric operator (a primal-dual output).
 */
public final class ConvectionDiffusion {
    /** The largest velocity component in magnitude. */
    public static final double VELOCITY_MAX = 1.0;

    private ConvectionDiffusion() {}

    /** The parameter space: {@code diffusion[B]} in {@code [0.1, 1]^B}, {@code velocity[2]} in {@code [-1, 1]^2}. */
    public static ParameterSpace parameterSpace(int blocks) {
        return ParameterSpace.of(
                ParameterType.of("diffusion", blocks, "velocity", 2),
                Map.of("diffusion", new double[] {ThermalBlock.MU_MIN, ThermalBlock.MU_MAX}, "velocity", new double[] {
                    -VELOCITY_MAX, VELOCITY_MAX
                }));
    }

    /** The P1 discretization on the thermal block's mesh ({@link ThermalBlock#mesh}). */
    public static AffineDiscretization discretize(int blocksX, int blocksY, int cellsPerBlock) {
        AffineDiscretization diffusion = ThermalBlock.discretize(blocksX, blocksY, cellsPerBlock);
        P1Space space = (P1Space) diffusion.space();
        int blocks = blocksX * blocksY;
        ParameterSpace parameters = parameterSpace(blocks);
        List<CsrMatrix> terms = new ArrayList<>(diffusion.operatorTerms());
        List<ParameterFunctional> thetas = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            thetas.add(ParameterFunctional.component(parameters.type(), "diffusion", b));
        }
        int[] all = space.allCells();
        for (int d = 0; d < 2; d++) {
            double[] direction = new double[2];
            direction[d] = 1;
            terms.add(diffusion.constraint().restrict(space.skewConvection(all, direction)));
            thetas.add(ParameterFunctional.component(parameters.type(), "velocity", d));
        }
        return new AffineDiscretization(
                space,
                diffusion.constraint(),
                parameters,
                terms,
                thetas,
                diffusion.rhsTerms(),
                diffusion.rhsCoefficients(),
                diffusion.products(),
                new LinkedHashMap<>(diffusion.outputs()));
    }
}

package org.jrom.fem.reduction;

import java.util.List;
import org.jrom.ProgressListener;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.algorithms.WeakGreedy;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ReducedModel;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.jrom.reductors.CoerciveRbReductor;
import org.jrom.reductors.ResidualNormEvaluation;

/** Greedy on the thermal block, then true errors and both estimators per basis size. */
final class EstimatorStudy {
    final StationaryModel fom;
    final CoerciveRbReductor orthonormal;
    final CoerciveRbReductor gram;
    final CoerciveRbReductor eim;
    final CoerciveRbReductor productEim;
    final List<Parameter> test;
    final VectorArray truth;
    final MatrixOperator product;
    final WeakGreedy.Result greedy;

    EstimatorStudy(
            int blocksX, int blocksY, int cellsPerBlock, int trainingSize, int testSize, double tol, int maxBasis) {
        AffineDiscretization d = ThermalBlock.discretize(blocksX, blocksY, cellsPerBlock);
        fom = d.toModel();
        product = (MatrixOperator) fom.products().get("h1_0_semi");
        int blocks = blocksX * blocksY;
        double[] ones = new double[blocks];
        java.util.Arrays.fill(ones, 1.0);
        Parameter ref = Parameter.of(fom.parameterSpace().type(), ones);
        var bound = MinThetaBound.of((LincombOperator) fom.operator(), ref, 1.0);
        orthonormal = reductor(bound, ResidualNormEvaluation.ORTHONORMAL);
        gram = reductor(bound, ResidualNormEvaluation.GRAM);
        eim = reductor(bound, ResidualNormEvaluation.COEFFICIENT_EIM);
        productEim = reductor(bound, ResidualNormEvaluation.PRODUCT_EIM);
        List<Parameter> training = Sampler.random(fom.parameterSpace(), trainingSize, 1);
        greedy = WeakGreedy.run(
                orthonormal.greedySurrogate(), training, new WeakGreedy.Options(tol, maxBasis), ProgressListener.NONE);
        gram.extendBasis(orthonormal.basis());
        eim.extendBasis(orthonormal.basis());
        productEim.extendBasis(orthonormal.basis());
        test = Sampler.random(fom.parameterSpace(), testSize, 2);
        truth = VectorArray.empty(fom.dim());
        for (Parameter mu : test) {
            truth.append(fom.solve(mu));
        }
    }

    private CoerciveRbReductor reductor(MinThetaBound bound, ResidualNormEvaluation kind) {
        return CoerciveRbReductor.builder(fom)
                .product(product)
                .coercivityBound(bound)
                .residualNorm(kind)
                .compliantOutput("mean")
                .build();
    }

    /** [test index][0: true error, 1: estimate, 2: ||u||_X, 3: the estimate's round-off floor] at basis size n. */
    double[][] errors(CoerciveRbReductor reductor, int n) {
        ReducedModel rom = reductor.reduce(n);
        double[][] out = new double[test.size()][4];
        for (int k = 0; k < test.size(); k++) {
            var s = rom.solve(test.get(k));
            VectorArray e = VectorArray.of(truth.vector(k));
            e.axpy(-1.0, VectorArray.of(reductor.reconstruct(s.coefficients())));
            out[k][0] = e.norms(product.matrix())[0];
            out[k][1] = s.errorBound();
            out[k][2] = VectorArray.of(truth.vector(k)).norms(product.matrix())[0];
            out[k][3] = s.floor();
        }
        return out;
    }

    public static void main(String[] args) {
        EstimatorStudy s = new EstimatorStudy(2, 2, Integer.parseInt(args[0]), 200, 30, 1e-13, 60);
        System.out.println(
                "dofs " + s.fom.dim() + " basis " + s.orthonormal.basisSize() + " stop: " + s.greedy.stopReason());
        for (int n = 0; n <= s.orthonormal.basisSize(); n += 2) {
            double[][] o = s.errors(s.orthonormal, n);
            double[][] g = s.errors(s.gram, n);
            double maxTrue = 0, maxO = 0, maxG = 0, minEffO = 1e300, maxEffO = 0, minEffG = 1e300;
            for (int k = 0; k < o.length; k++) {
                maxTrue = Math.max(maxTrue, o[k][0] / o[k][2]);
                maxO = Math.max(maxO, o[k][1] / o[k][2]);
                maxG = Math.max(maxG, g[k][1] / g[k][2]);
                minEffO = Math.min(minEffO, o[k][1] / o[k][0]);
                maxEffO = Math.max(maxEffO, o[k][1] / o[k][0]);
                minEffG = Math.min(minEffG, g[k][1] / g[k][0]);
            }
            System.out.printf(
                    "N=%2d true %.2e  orth %.2e (eff %.2f..%.2f)  gram %.2e (min eff %.2f)%n",
                    n, maxTrue, maxO, minEffO, maxEffO, maxG, minEffG);
        }
    }
}

package org.jrom.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jrom.algorithms.ConstantBound;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.algorithms.ScmBound;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.models.CoercivityBound;
import org.jrom.models.ReducedModel;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.operators.Operator;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;
import org.jrom.reductors.CoerciveRbReductor;
import org.jrom.reductors.ResidualNormEvaluation;

/**
 * A small affine test problem for the model file, built with jrom-core only: P1 elements on (0, 1)
 * for {@code -(k u')' + r u = f}, u = 0 at both ends, with conductivity {@code k[0]} on the left
 * half and {@code k[1]} on the right (as in jrom-core's StationaryModelTest), a reaction with the
 * expression coefficient {@code c * exp(-k[0] / 10)}, and a load that is either uniform (compliant
 * output) or uniform plus a point load weighted by {@code 1 + 0.5 * sin(k[1])}. Shared with the
 * other modules' tests through jrom-core's test jar; {@link #assemble} is the P1 rod of jrom-core's
 * StationaryModelTest too.
 */
public final class RodModel {
    public static final int ELEMENTS = 32;
    public static final ParameterType TYPE = ParameterType.of("k", 2, "c", 1);
    public static final ParameterSpace SPACE =
            ParameterSpace.of(TYPE, new double[] {0.1, 0.1, 0.5}, new double[] {10, 10, 2});
    public static final Parameter REFERENCE = Parameter.of(TYPE, 1, 1, 1);

    private RodModel() {}

    /** The settings a reduced model is built with. */
    public record Variant(ResidualNormEvaluation evaluation, boolean carryBasis, boolean minTheta, boolean compliant) {
        @Override
        public String toString() {
            return evaluation
                    + (carryBasis ? " with basis" : " without basis")
                    + (minTheta ? ", min-theta" : ", constant")
                    + (compliant ? ", compliant" : "");
        }
    }

    /** Every combination of evaluation, basis, bound and output kind. */
    public static List<Variant> variants() {
        List<Variant> v = new ArrayList<>();
        for (ResidualNormEvaluation e : ResidualNormEvaluation.values()) {
            for (boolean basis : new boolean[] {true, false}) {
                for (boolean minTheta : new boolean[] {true, false}) {
                    for (boolean compliant : new boolean[] {true, false}) {
                        v.add(new Variant(e, basis, minTheta, compliant));
                    }
                }
            }
        }
        return v;
    }

    /**
     * The P1 stiffness (or mass) matrix of the elements in [first, last) of a uniform mesh of (0, 1)
     * with {@code elements} elements, on the interior nodes 1..elements-1 (u = 0 at both ends).
     */
    public static CsrMatrix assemble(int elements, int first, int last, boolean mass) {
        double h = 1.0 / elements;
        int n = elements - 1;
        int[] r = new int[4 * elements];
        int[] c = new int[4 * elements];
        double[] v = new double[4 * elements];
        int t = 0;
        for (int e = first; e < last; e++) {
            int[] nodes = {e - 1, e}; // interior numbering: node i at x = (i+1) h
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    if (nodes[a] >= 0 && nodes[a] < n && nodes[b] >= 0 && nodes[b] < n) {
                        r[t] = nodes[a];
                        c[t] = nodes[b];
                        v[t++] = mass ? h * (a == b ? 2 : 1) / 6 : (a == b ? 1 : -1) / h;
                    }
                }
            }
        }
        return CsrMatrix.fromTriplets(n, n, r, c, v, t);
    }

    public static StationaryModel fom(boolean compliant) {
        int n = ELEMENTS - 1;
        double[] load = new double[n];
        Arrays.fill(load, 1.0 / ELEMENTS);
        double[] point = new double[n];
        point[n / 4] = 1;
        LincombOperator a = new LincombOperator(
                List.of(
                        MatrixOperator.of(assemble(ELEMENTS, 0, ELEMENTS / 2, false)),
                        MatrixOperator.of(assemble(ELEMENTS, ELEMENTS / 2, ELEMENTS, false)),
                        MatrixOperator.of(assemble(ELEMENTS, 0, ELEMENTS, true))),
                List.of(
                        ParameterFunctional.component(TYPE, "k", 0),
                        ParameterFunctional.component(TYPE, "k", 1),
                        ParameterFunctional.expression(TYPE, "c * exp(-k[0] / 10)")));
        MatrixOperator uniform = MatrixOperator.of(DenseMatrix.wrap(n, 1, load.clone()));
        Operator f = compliant
                ? new LincombOperator(List.of(uniform), List.of(ParameterFunctional.constant(1.0)))
                : new LincombOperator(
                        List.of(uniform, MatrixOperator.of(DenseMatrix.wrap(n, 1, point.clone()))),
                        List.of(
                                ParameterFunctional.constant(1.0),
                                ParameterFunctional.expression(TYPE, "1 + 0.5 * sin(k[1])")));
        StationaryModel.Builder b = StationaryModel.builder(SPACE, a, f);
        if (compliant) {
            b.output("compliance", MatrixOperator.of(DenseMatrix.wrap(1, n, load.clone())));
        } else {
            b.output("mean", MatrixOperator.of(DenseMatrix.wrap(1, n, load.clone())));
            b.output("u(1/4)", MatrixOperator.of(DenseMatrix.wrap(1, n, point.clone())));
        }
        return b.build();
    }

    /** A reduced model from six snapshots at seeded random parameters, in the energy product at REFERENCE. */
    public static ReducedModel reduced(Variant v) {
        return reductor(v).reduce();
    }

    /** The reductor behind {@link #reduced}, its basis extended by the six snapshots. */
    public static CoerciveRbReductor reductor(Variant v) {
        LincombOperator a = (LincombOperator) fom(v.compliant()).operator();
        // min-theta with the energy product at mu_ref: alpha(mu_ref) = 1 (Patera, Rozza 2007);
        // every theta_q(mu) / theta_q(mu_ref) >= 0.1 on the box, so 0.1 is a constant lower bound too
        return reductor(v, v.minTheta() ? MinThetaBound.of(a, REFERENCE, 1.0) : new ConstantBound(0.1));
    }

    /** A reduced model with the given coercivity bound (the variant's minTheta flag not used). */
    public static ReducedModel reduced(Variant v, CoercivityBound bound) {
        return reductor(v, bound).reduce();
    }

    /** The operator's SCM bound over 20 seeded training parameters, in the energy product at REFERENCE. */
    public static CoercivityBound scm() {
        LincombOperator a = (LincombOperator) fom(false).operator();
        return ScmBound.build(
                a,
                a.assemble(REFERENCE),
                SPACE,
                parameters(20, 5),
                new ScmBound.Options(0.5, 8, 2, 1),
                org.jrom.ProgressListener.NONE);
    }

    private static CoerciveRbReductor reductor(Variant v, CoercivityBound bound) {
        StationaryModel fom = fom(v.compliant());
        LincombOperator a = (LincombOperator) fom.operator();
        CoerciveRbReductor.Builder builder = CoerciveRbReductor.builder(fom)
                .product(a.assemble(REFERENCE))
                .coercivityBound(bound)
                .residualNorm(v.evaluation())
                .carryBasis(v.carryBasis());
        if (v.compliant()) {
            builder.compliantOutput("compliance"); // f = l and A symmetric: the squared output bound
        }
        CoerciveRbReductor reductor = builder.build();
        VectorArray snapshots = VectorArray.empty(fom.dim());
        for (Parameter mu : parameters(6, 42)) {
            snapshots.append(fom.solve(mu));
        }
        reductor.extendBasis(snapshots);
        return reductor;
    }

    /** Seeded random parameters in the box. */
    public static List<Parameter> parameters(int count, long seed) {
        Random rnd = new Random(seed);
        List<Parameter> mus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] x = new double[TYPE.dimension()];
            for (int j = 0; j < x.length; j++) {
                x[j] = SPACE.lower(j) + rnd.nextDouble() * (SPACE.upper(j) - SPACE.lower(j));
            }
            mus.add(Parameter.of(TYPE, x));
        }
        return mus;
    }
}

package org.jrom.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jrom.JromException;
import org.jrom.ProgressListener;
import org.jrom.algorithms.MinThetaBound;
import org.jrom.algorithms.ScmBound;
import org.jrom.fem.AffineDiscretization;
import org.jrom.fem.problems.Cantilever;
import org.jrom.fem.problems.ConvectionDiffusion;
import org.jrom.fem.problems.ThermalBlock;
import org.jrom.fem.problems.ThermalFin;
import org.jrom.models.CoercivityBound;
import org.jrom.models.StationaryModel;
import org.jrom.operators.LincombOperator;
import org.jrom.operators.MatrixOperator;
import org.jrom.parameters.Parameter;

/**
 * The reference problems behind {@code jrom demo}: each knows how to discretize itself, which inner
 * product certifies it, which coercivity lower bound applies and which (compliant) output it has.
 */
enum DemoProblem {
    /** The thermal block: min-theta is exact for its energy product at mu = 1. */
    THERMAL_BLOCK("thermal-block", "3x3", 40, "mean", "temperature") {
        @Override
        Setup setUp(String blocks, int resolution, List<Parameter> training, ProgressListener progress) {
            int[] b = parseBlocks(blocks, 2);
            AffineDiscretization fem = ThermalBlock.discretize(b[0], b[1], resolution);
            return minTheta(
                    fem,
                    "h1_0_semi",
                    String.format(
                            Locale.ROOT,
                            "thermal block %dx%d, P1 on %d triangles (%d unknowns); conductivity mu_i in [%s, %s] per"
                                    + " block, source 1, u = 0 on the boundary; output: mean temperature",
                            b[0],
                            b[1],
                            fem.space().mesh().numCells(),
                            fem.dim(),
                            ThermalBlock.MU_MIN,
                            ThermalBlock.MU_MAX));
        }
    },

    /**
     * The convection-diffusion thermal block: non-symmetric, min-theta on the diffusion terms (the
     * convection terms are skew-symmetric), its mean temperature a primal-dual output.
     */
    CONVECTION_DIFFUSION("convection-diffusion", "1x1", 40, "mean", "temperature") {
        @Override
        Setup setUp(String blocks, int resolution, List<Parameter> training, ProgressListener progress) {
            int[] b = parseBlocks(blocks, 2);
            AffineDiscretization fem = ConvectionDiffusion.discretize(b[0], b[1], resolution);
            return minTheta(
                    fem,
                    "h1_0_semi",
                    String.format(
                            Locale.ROOT,
                            "convection-diffusion thermal block %dx%d, P1 on %d triangles (%d unknowns);"
                                    + " conductivity mu_i in [%s, %s] per block, velocity b in [-%s, %s]^2"
                                    + " (skew-symmetric convection), source 1, u = 0 on the boundary; output: mean"
                                    + " temperature (primal-dual)",
                            b[0],
                            b[1],
                            fem.space().mesh().numCells(),
                            fem.dim(),
                            ThermalBlock.MU_MIN,
                            ThermalBlock.MU_MAX,
                            ConvectionDiffusion.VELOCITY_MAX,
                            ConvectionDiffusion.VELOCITY_MAX));
        }

        @Override
        boolean compliant() {
            return false;
        }
    },

    /** The thermal fin: not parametrically coercive in the energy product, so SCM bounds alpha. */
    THERMAL_FIN("thermal-fin", null, 24, "root_temperature", "temperature") {
        @Override
        Setup setUp(String blocks, int resolution, List<Parameter> training, ProgressListener progress) {
            AffineDiscretization fem = ThermalFin.discretize(resolution);
            StationaryModel fom = fem.toModel();
            // The energy product at the centre of the parameter box, certified by SCM over the training set.
            Parameter ref = Parameter.of(fom.parameterSpace().type(), 1, 1, 1, 1, 0.1);
            MatrixOperator product = MatrixOperator.of(fem.operator(ref));
            CoercivityBound scm = ScmBound.build(
                    (LincombOperator) fom.operator(), product, fom.parameterSpace(), training, SCM_OPTIONS, progress);
            return new Setup(
                    fem,
                    fom,
                    product,
                    scm,
                    String.format(
                            Locale.ROOT,
                            "thermal fin (Rozza, Huynh, Patera 2008), P1 on %d triangles (%d unknowns); fin"
                                    + " conductivities k_1..k_4 in [0.1, 10], Biot number in [0.01, 1]; output: mean"
                                    + " root temperature; coercivity bound: successive constraint method",
                            fem.space().mesh().numCells(),
                            fem.dim()));
        }
    },

    /** The plane-strain cantilever: Young's modulus per segment, min-theta in the energy product at E = 1. */
    ELASTICITY("elasticity", "4", 16, "tip_deflection", "displacement") {
        @Override
        Setup setUp(String blocks, int resolution, List<Parameter> training, ProgressListener progress) {
            int segments = parseBlocks(blocks, 1)[0];
            AffineDiscretization fem = Cantilever.discretize(segments, 10 * resolution, resolution);
            return minTheta(
                    fem,
                    "energy",
                    String.format(
                            Locale.ROOT,
                            "cantilever %s x %s in plane strain, P1 elasticity on %d triangles (%d unknowns); Young's"
                                    + " modulus E_i in [%s, %s] on %d segments, nu = %s, clamped left end, unit"
                                    + " downward traction on the right end; output: compliance (tip deflection)",
                            Cantilever.LENGTH,
                            Cantilever.HEIGHT,
                            fem.space().mesh().numCells(),
                            fem.dim(),
                            Cantilever.E_MIN,
                            Cantilever.E_MAX,
                            segments,
                            Cantilever.POISSON_RATIO));
        }
    };

    /**
     * A discretized problem ready for reduction.
     *
     * @param fem the discretization (mesh, space, constraint) for fields
     * @param fom the high-fidelity model
     * @param product the inner product X that the error bound is measured in
     * @param coercivity the lower bound of the coercivity constant in X
     * @param description one sentence for the report
     */
    record Setup(
            AffineDiscretization fem,
            StationaryModel fom,
            MatrixOperator product,
            CoercivityBound coercivity,
            String description) {}

    /**
     * The thermal fin's SCM settings: tolerance 0.5, at most 60 points, every point in the linear
     * program, seed 1. {@code jrom demo --export} writes them into the manifest, which carries the
     * tolerance and the point count; the other two are what the manifest reader assumes.
     */
    static final ScmBound.Options SCM_OPTIONS = new ScmBound.Options(0.5, 60, Integer.MAX_VALUE, 1);

    final String id;
    final String defaultBlocks;
    final int defaultResolution;
    final String output;
    final String field;

    DemoProblem(String id, String defaultBlocks, int defaultResolution, String output, String field) {
        this.id = id;
        this.defaultBlocks = defaultBlocks;
        this.defaultResolution = defaultResolution;
        this.output = output;
        this.field = field;
    }

    /**
     * Discretizes the problem; {@code blocks} is {@code BxB} for the thermal block, the number of
     * segments for the cantilever, ignored for the fin. The training set is what SCM certifies over.
     */
    abstract Setup setUp(String blocks, int resolution, List<Parameter> training, ProgressListener progress);

    /**
     * Whether the output is compliant (its functional the right-hand side and the operator
     * symmetric: the squared bound); otherwise it is certified as a primal-dual output.
     */
    boolean compliant() {
        return true;
    }

    /** The problem by its command-line name. */
    static DemoProblem of(String id) {
        return Arrays.stream(values())
                .filter(p -> p.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new JromException("unknown demo '" + id + "'; choose one of "
                        + Arrays.stream(values()).map(p -> p.id).toList()));
    }

    /** The parameter space of the problem without discretizing it (to draw the training set first). */
    org.jrom.parameters.ParameterSpace parameterSpace(String blocks) {
        return switch (this) {
            case THERMAL_BLOCK -> {
                int[] b = parseBlocks(blocks, 2);
                yield ThermalBlock.parameterSpace(b[0] * b[1]);
            }
            case CONVECTION_DIFFUSION -> {
                int[] b = parseBlocks(blocks, 2);
                yield ConvectionDiffusion.parameterSpace(b[0] * b[1]);
            }
            case THERMAL_FIN -> ThermalFin.parameterSpace();
            case ELASTICITY -> Cantilever.parameterSpace(parseBlocks(blocks, 1)[0]);
        };
    }

    private static Setup minTheta(AffineDiscretization fem, String productName, String description) {
        StationaryModel fom = fem.toModel();
        MatrixOperator product = (MatrixOperator) fom.products().get(productName);
        double[] ones = new double[fom.parameterSpace().type().dimension()];
        Arrays.fill(ones, 1.0);
        // X = A(mu_ref) with mu_ref = 1 (its symmetric part: skew terms have none), so alpha(mu_ref) = 1
        // exactly and min-theta is rigorous.
        Parameter ref = Parameter.of(fom.parameterSpace().type(), ones);
        return new Setup(fem, fom, product, MinThetaBound.of((LincombOperator) fom.operator(), ref, 1.0), description);
    }

    /** {@code BxB...} with {@code parts} positive whole numbers, e.g. {@code 3x3}; one readable error otherwise. */
    static int[] parseBlocks(String text, int parts) {
        Function<String, JromException> bad = t -> new JromException("--blocks expects "
                + (parts == 1 ? "a whole number of segments, e.g. 4" : "BxB with whole numbers, e.g. 3x3") + ", found '"
                + t + "'");
        String[] p = text.toLowerCase(Locale.ROOT).split("x", -1);
        if (p.length != parts) {
            throw bad.apply(text);
        }
        int[] out = new int[parts];
        try {
            for (int i = 0; i < parts; i++) {
                out[i] = Integer.parseInt(p[i].trim());
                if (out[i] < 1 || out[i] > 64) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw bad.apply(text);
        }
        return out;
    }
}

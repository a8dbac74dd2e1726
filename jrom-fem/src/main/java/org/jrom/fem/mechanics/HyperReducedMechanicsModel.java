package org.jrom.fem.mechanics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jrom.JromException;
import org.jrom.linalg.ConvergenceException;
import org.jrom.linalg.VectorArray;
import org.jrom.models.ErrorFigures;
import org.jrom.models.ModelDescription;
import org.jrom.models.NonFiniteAnswerException;
import org.jrom.models.OnlineBatch;
import org.jrom.models.OnlineModel;
import org.jrom.models.OnlineSolution;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterSpace;

/**
 * The {@code hyper-reduced-mechanics} kind: a {@link ReducedStructuralModel} and the {@link
 * ScheduleFamily} that gives its loading at any parameter value, as an {@link OnlineModel}. An
 * answer runs the whole trajectory (every time of the schedule) and reports the last step: the
 * reduced coefficients, the outputs {@code p_max} (the largest cumulated plastic strain at the
 * model's points) and {@code indicator} (the largest indicator over the steps), and as its error
 * figures the indicator times the values: an uncalibrated indicator of the relative error, never a
 * bound. Immutable; answers may run on several threads at once.
 */
public final class HyperReducedMechanicsModel implements OnlineModel {
    /** The kind's name in a model file. */
    public static final String KIND = "hyper-reduced-mechanics";

    private static final List<String> OUTPUTS = List.of("p_max", "indicator");

    private final ReducedStructuralModel model;
    private final ScheduleFamily family;
    private final ParameterSpace space;
    private final Calibration calibration;

    /**
     * The indicator's calibrations against true errors on runs the model was not trained on
     * ({@link IndicatorCalibration}), each null where none could be made.
     *
     * @param displacement of the largest displacement error over the steps, relative to the run's
     *     largest displacement
     * @param plasticStrainAtMax of the error of p at the last step at the most plastic point,
     *     relative to that largest p: what p_max's error figure sizes
     */
    public record Calibration(IndicatorCalibration displacement, IndicatorCalibration plasticStrainAtMax) {
        /** No calibration. */
        public static final Calibration NONE = new Calibration(null, null);
    }

    /**
     * The model on a family whose parameters are the space's, in the same order.
     *
     * @throws IllegalArgumentException if the names differ, or the model's patterns and shapes are
     *     not the family's
     */
    public HyperReducedMechanicsModel(ReducedStructuralModel model, ScheduleFamily family, ParameterSpace space) {
        this(model, family, space, Calibration.NONE);
    }

    /**
     * The model with its indicator's calibration.
     *
     * @throws IllegalArgumentException as the constructor without it
     */
    public HyperReducedMechanicsModel(
            ReducedStructuralModel model, ScheduleFamily family, ParameterSpace space, Calibration calibration) {
        if (!space.type().names().equals(family.parameters())) {
            throw new IllegalArgumentException("the parameter space has "
                    + space.type().names() + ", the family " + family.name() + " " + family.parameters());
        }
        RunSchedule probe = family.at(values(space.lower(), space));
        if (probe.forceAmplitudes().size() != model.forcePatternCount()
                || probe.temperatureAmplitudes().size() != model.temperatureShapeCount()) {
            throw new IllegalArgumentException("the family " + family.name() + " gives "
                    + probe.forceAmplitudes().size()
                    + " force and " + probe.temperatureAmplitudes().size() + " temperature amplitudes, the model has "
                    + model.forcePatternCount() + " patterns and " + model.temperatureShapeCount() + " shapes");
        }
        model.start(probe); // the family's laws: one for every point's region, with the model's state layout
        int pOffset = model.parts().pOffset();
        ConstitutiveLaw law = probe.materials().values().iterator().next();
        if (pOffset != StructuralReduction.pOffset(law)) {
            throw new IllegalArgumentException("the model keeps p at offset " + pOffset + " of a point's state, the"
                    + " family's law " + law.name() + " at " + StructuralReduction.pOffset(law));
        }
        this.model = model;
        this.family = family;
        this.space = space;
        this.calibration = calibration;
    }

    /** The same model with this calibration of its indicator. */
    public HyperReducedMechanicsModel withCalibration(Calibration calibration) {
        return new HyperReducedMechanicsModel(model, family, space, calibration);
    }

    /** The indicator's calibrations ({@link Calibration#NONE} without). */
    public Calibration calibration() {
        return calibration;
    }

    private static Map<String, Double> values(double[] mu, ParameterSpace space) {
        Map<String, Double> v = new LinkedHashMap<>();
        List<String> names = space.type().names();
        for (int i = 0; i < names.size(); i++) {
            v.put(names.get(i), mu[i]);
        }
        return v;
    }

    /** The reduced structural model. */
    public ReducedStructuralModel model() {
        return model;
    }

    /** The family of schedules. */
    public ScheduleFamily family() {
        return family;
    }

    /** The schedule at mu (no range check). */
    public RunSchedule schedule(Parameter mu) {
        return family.at(values(mu.toArray(), space));
    }

    /** The high-fidelity run at mu (mesh, solid, loads): for reconstruction on the mesh, never online. */
    public StructuralRun fullRun(Parameter mu) {
        StructuralRun run = family.run(values(mu.toArray(), space));
        ReducedStructuralModel.Parts parts = model.parts();
        int dofs = parts.modes() == null ? run.solid().dim() : parts.modes().dim();
        int points = parts.stress() == null
                ? run.solid().numPoints()
                : parts.stress().gappy().basis().dim() / Mandel.SIZE;
        if (run.solid().dim() != dofs || run.solid().numPoints() != points) {
            throw new JromException(
                    "the loading's family builds a solid of " + run.solid().dim() + " dofs and "
                            + run.solid().numPoints() + " material points, the model's has " + dofs + " and " + points
                            + ": the model's family does not fit it");
        }
        return run;
    }

    @Override
    public ParameterSpace parameterSpace() {
        return space;
    }

    @Override
    public int dim() {
        return model.modeCount();
    }

    @Override
    public List<String> outputNames() {
        return OUTPUTS;
    }

    @Override
    public ModelDescription describe() {
        List<ModelDescription.Row> rows = new ArrayList<>();
        rows.add(new ModelDescription.Row(
                "model",
                "hyper-reduced structural model (POD, empirical cubature, Gappy-POD; an indicator, not a bound)"));
        rows.add(new ModelDescription.Row("loading", family.description()));
        rows.add(new ModelDescription.Row("displacement modes", Integer.toString(model.modeCount())));
        rows.add(new ModelDescription.Row(
                "material points run online", model.points().length + " (the cubature's and the Gappy-POD samples')"));
        ReducedStructuralModel.DualBasis p = model.plasticStrainBasis();
        rows.add(new ModelDescription.Row(
                "Gappy-POD modes",
                (p == null ? "no plastic strain in training" : p.gappy().modeCount() + " of p")
                        + (model.stressBasis() == null
                                ? ""
                                : ", " + model.stressBasis().gappy().modeCount() + " of the stress")));
        rows.add(new ModelDescription.Row(
                "doubles read per step", String.format(Locale.ROOT, "%,d", model.onlineDoubles())));
        rows.add(new ModelDescription.Row("indicator calibration", describe(calibration)));
        return new ModelDescription(KIND, rows);
    }

    private static String describe(Calibration c) {
        if (c.displacement() == null && c.plasticStrainAtMax() == null) {
            return "none (jrom build --mechanics --validation fits one where the error grows with the indicator)";
        }
        List<String> parts = new ArrayList<>();
        if (c.displacement() != null) {
            parts.add("u " + describe(c.displacement()));
        }
        if (c.plasticStrainAtMax() != null) {
            parts.add("p at its largest " + describe(c.plasticStrainAtMax()));
        }
        return String.join("; ", parts);
    }

    private static String describe(IndicatorCalibration c) {
        return String.format(
                Locale.ROOT,
                "error ~ %.3g indicator^%.2f (%d runs, correlation %.2f, leave-one-out %.2f decades)",
                Math.pow(10, c.intercept()),
                c.slope(),
                c.runs(),
                c.correlation(),
                c.leaveOneOut());
    }

    @Override
    public ErrorFigures errorFigures() {
        String eta = "the indicator eta, the Gappy-POD misfit of the cumulated plastic strain at the model's points"
                + " (Casenave, Akkari 2019)";
        String u = calibration.displacement() != null
                ? "the error estimate is the displacement error calibrated on "
                        + calibration.displacement().runs()
                        + " validation runs (c eta^b) times the run's largest displacement"
                : "the relative error is eta itself, uncalibrated";
        String p = calibration.plasticStrainAtMax() != null
                ? "p_max's is the error of p at its largest calibrated on "
                        + calibration.plasticStrainAtMax().runs() + " validation runs, times p_max"
                : "p_max's is eta times p_max, uncalibrated";
        return new ErrorFigures(
                ErrorFigures.Standing.ESTIMATE,
                eta + ": " + u + "; " + p + ". Estimates that order answers"
                        + (calibration.displacement() != null || calibration.plasticStrainAtMax() != null
                                ? " and, where calibrated, size them from a fit"
                                : "")
                        + "; not bounds");
    }

    @Override
    public OnlineSolution solve(Parameter mu) {
        return solveExtrapolated(space.validate(mu));
    }

    @Override
    public OnlineSolution solveExtrapolated(Parameter mu) {
        if (!mu.type().equals(space.type())) {
            space.validate(mu); // names the type mismatch
        }
        double[][] last = new double[2][];
        double[] indicator = {0};
        double[] largest = {0}; // the largest |a| over the steps: |V a| with V orthonormal
        try {
            model.run(schedule(mu), step -> {
                last[0] = step.coefficients();
                last[1] = step.states();
                indicator[0] = Math.max(indicator[0], step.indicator());
                largest[0] = Math.max(largest[0], VectorArray.euclideanNorm(last[0], 0, last[0].length));
            });
        } catch (ConvergenceException | MaterialException e) {
            throw new NonFiniteAnswerException(mu, "the reduced trajectory (" + e.getMessage() + ")");
        }
        double pMax = model.plasticStrainAtPointsMax(last[1]);
        NonFiniteAnswerException.requireFinite(mu, "the reduced solution", last[0]);
        Map<String, Double> outputs = new LinkedHashMap<>();
        outputs.put("p_max", pMax);
        outputs.put("indicator", indicator[0]);
        // calibrated where there is a fit and an indicator (a trajectory that never yields has none)
        double pError = calibration.plasticStrainAtMax() != null && indicator[0] > 0
                ? calibration.plasticStrainAtMax().error(indicator[0])
                : indicator[0];
        Map<String, Double> errors = new LinkedHashMap<>();
        errors.put("p_max", pError * pMax);
        errors.put("indicator", 0.0);
        double norm = VectorArray.euclideanNorm(last[0], 0, last[0].length); // |V a| with V orthonormal
        // calibrated: the fit is of the error over the run, relative to its largest displacement
        double error = calibration.displacement() != null && indicator[0] > 0
                ? calibration.displacement().error(indicator[0]) * largest[0]
                : indicator[0] * norm;
        return new OnlineSolution.Values(last[0], outputs, errors, error, norm > 0 ? error / norm : indicator[0]);
    }

    @Override
    public OnlineBatch solveBatch(List<Parameter> mus) {
        return OnlineBatch.solveEach(this, mus);
    }

    @Override
    public Optional<VectorArray> basis() {
        return Optional.ofNullable(model.parts().modes());
    }

    @Override
    public double[] reconstruct(double[] coefficients) {
        return model.displacement(coefficients);
    }
}

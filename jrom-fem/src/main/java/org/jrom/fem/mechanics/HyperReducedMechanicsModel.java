package org.jrom.fem.mechanics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

    /**
     * The model on a family whose parameters are the space's, in the same order.
     *
     * @throws IllegalArgumentException if the names differ, or the model's patterns and shapes are
     *     not the family's
     */
    public HyperReducedMechanicsModel(ReducedStructuralModel model, ScheduleFamily family, ParameterSpace space) {
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
        return family.run(values(mu.toArray(), space));
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
        return new ModelDescription(KIND, rows);
    }

    @Override
    public ErrorFigures errorFigures() {
        return new ErrorFigures(
                ErrorFigures.Standing.ESTIMATE,
                "the Gappy-POD misfit of the cumulated plastic strain at the model's points (Casenave, Akkari 2019):"
                        + " an uncalibrated indicator of the relative error, not a bound; the error figures are it"
                        + " times the values, which order answers but do not size errors");
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
        try {
            model.run(schedule(mu), step -> {
                last[0] = step.coefficients();
                last[1] = step.states();
                indicator[0] = Math.max(indicator[0], step.indicator());
            });
        } catch (ConvergenceException | MaterialException e) {
            throw new NonFiniteAnswerException(mu, "the reduced trajectory (" + e.getMessage() + ")");
        }
        double pMax = model.plasticStrainAtPointsMax(last[1]);
        NonFiniteAnswerException.requireFinite(mu, "the reduced solution", last[0]);
        double norm = VectorArray.euclideanNorm(last[0], 0, last[0].length);
        Map<String, Double> outputs = new LinkedHashMap<>();
        outputs.put("p_max", pMax);
        outputs.put("indicator", indicator[0]);
        Map<String, Double> errors = new LinkedHashMap<>();
        errors.put("p_max", indicator[0] * pMax);
        errors.put("indicator", 0.0);
        return new OnlineSolution.Values(last[0], outputs, errors, indicator[0] * norm, indicator[0]);
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

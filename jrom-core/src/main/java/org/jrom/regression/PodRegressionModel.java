package org.jrom.regression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jrom.JromException;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.NonFiniteValueException;
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
 * A nonintrusive reduced model from snapshots only (Guo and Hesthaven 2018): {@code u(mu) ~ V
 * c(mu)}, V an orthonormal POD basis (n x r) of the snapshots, and the coefficients {@code c(mu)}
 * a regression ({@link RbfInterpolant} or {@link GaussianProcess}) of the snapshots' POD
 * coefficients {@code c_k = V^T X u(mu_k)} on the parameters. Linear outputs {@code s = l^T u} are
 * {@code (V^T l)^T c(mu)}. No residual is available, so the error figures are estimates, not
 * bounds: the leave-one-out cross-validation errors over the snapshots (including the POD
 * truncation), or, for a Gaussian process, its predictive standard deviation at mu.
 *
 * <p>Online cost: one regression prediction ({@code O(K (p + r))} for the mean, {@code O(K^2 r)}
 * more for the Gaussian process's standard deviation) and {@code O(r)} per output; nothing of the
 * high-fidelity size.
 */
public final class PodRegressionModel implements OnlineModel {
    private final ParameterSpace space;
    private final Regression regression;
    private final VectorArray basis;
    private final List<String> outputNames;
    private final double[][] outputFunctionals; // per output V^T l, length r
    private final double[] outputCvErrors; // per output, leave-one-out RMS
    private final double fieldCvError; // leave-one-out RMS of ||u_k - V c_{-k}||_X
    private final double projectionError; // RMS of ||u_k - V V^T X u_k||_X (the POD truncation)

    private PodRegressionModel(
            ParameterSpace space,
            Regression regression,
            VectorArray basis,
            Map<String, double[]> outputs,
            Map<String, Double> outputCvErrors,
            double fieldCvError,
            double projectionError) {
        this.space = space;
        this.regression = regression;
        this.basis = basis;
        int r = regression.outputDimension();
        DimensionMismatchException.check(
                "regression inputs (parameter dimension)", space.type().dimension(), regression.inputDimension());
        if (basis != null) {
            DimensionMismatchException.check("basis vectors (POD coefficients)", r, basis.count());
        }
        this.outputNames = List.copyOf(outputs.keySet());
        this.outputFunctionals = new double[outputNames.size()][];
        this.outputCvErrors = new double[outputNames.size()];
        for (int j = 0; j < outputNames.size(); j++) {
            String name = outputNames.get(j);
            double[] l = outputs.get(name);
            DimensionMismatchException.check("reduced functional of output '" + name + "'", r, l.length);
            NonFiniteValueException.requireFinite("reduced functional of output '" + name + "'", l);
            outputFunctionals[j] = l.clone();
            Double e = outputCvErrors.get(name);
            if (e == null || !(e >= 0) || Double.isInfinite(e)) {
                throw new JromException("output '" + name + "' needs a finite cross-validation error, found " + e);
            }
            this.outputCvErrors[j] = e;
        }
        if (!(fieldCvError >= 0)
                || !(projectionError >= 0)
                || Double.isInfinite(fieldCvError)
                || Double.isInfinite(projectionError)) {
            throw new JromException("the cross-validation and projection errors must be finite and non-negative, found "
                    + fieldCvError + " and " + projectionError);
        }
        this.fieldCvError = fieldCvError;
        this.projectionError = projectionError;
    }

    /**
     * Fits the regression of the POD coefficients and estimates its errors by leave-one-out cross
     * validation.
     *
     * @param space the parameter space (the regression scales inputs to its box)
     * @param parameters the K snapshot parameters
     * @param coefficients the POD coefficients {@code c_k = V^T X u(mu_k)}, K x r
     * @param basis the POD basis V (n x r), or null for a model that cannot reconstruct fields
     * @param outputs per output name, {@code V^T l} (length r)
     * @param outputSamples per output name, the high-fidelity outputs {@code l^T u(mu_k)} (length K),
     *     so that the output's cross-validation error includes the POD truncation
     * @param projectionError the RMS POD truncation error {@code sqrt(sum_k ||u_k - V c_k||_X^2 / K)}
     *     (or a bound of it)
     * @param fit fits the regression: {@code (space, x, y) -> Regression}
     */
    public static PodRegressionModel fit(
            ParameterSpace space,
            List<Parameter> parameters,
            double[][] coefficients,
            VectorArray basis,
            Map<String, double[]> outputs,
            Map<String, double[]> outputSamples,
            double projectionError,
            Fit fit) {
        int k = parameters.size();
        DimensionMismatchException.check("rows of the POD coefficients (snapshots)", k, coefficients.length);
        double[][] x = new double[k][];
        for (int i = 0; i < k; i++) {
            x[i] = space.validate(parameters.get(i)).toArray();
        }
        Regression regression = fit.fit(space, x, coefficients);
        double[][] loo = regression.crossValidationResiduals();
        Map<String, Double> outputErrors = new LinkedHashMap<>();
        for (var e : outputs.entrySet()) {
            double[] l = e.getValue();
            double[] truth = outputSamples.get(e.getKey());
            if (truth == null) {
                throw new JromException("output '" + e.getKey() + "' needs its high-fidelity values at the snapshots");
            }
            DimensionMismatchException.check("high-fidelity values of output '" + e.getKey() + "'", k, truth.length);
            double sum = 0;
            for (int i = 0; i < k; i++) {
                // leave-one-out prediction c_k - e_k against the snapshot's own output l^T u_k
                double predicted = 0;
                for (int j = 0; j < l.length; j++) {
                    predicted += l[j] * (coefficients[i][j] - loo[i][j]);
                }
                sum += (truth[i] - predicted) * (truth[i] - predicted);
            }
            outputErrors.put(e.getKey(), Math.sqrt(sum / k));
        }
        return new PodRegressionModel(
                space, regression, basis, outputs, outputErrors, regression.crossValidationError(), projectionError);
    }

    /** How a regression is fitted to inputs x (K x p, parameter coordinates) and outputs y (K x r). */
    @FunctionalInterface
    public interface Fit {
        Regression fit(ParameterSpace space, double[][] x, double[][] y);
    }

    /**
     * Rebuilds a model from what {@link #fit} computed (a model file's arrays); answers are bit for
     * bit those of the model stored.
     */
    public static PodRegressionModel of(
            ParameterSpace space,
            Regression regression,
            VectorArray basis,
            Map<String, double[]> outputs,
            Map<String, Double> outputCvErrors,
            double fieldCvError,
            double projectionError) {
        return new PodRegressionModel(space, regression, basis, outputs, outputCvErrors, fieldCvError, projectionError);
    }

    /** The fitted regression of the POD coefficients. */
    /** {@code pod-regression}: the regression, the error estimates and the outputs' cross-validation errors. */
    @Override
    public ModelDescription describe() {
        List<ModelDescription.Row> rows = new ArrayList<>();
        rows.add(new ModelDescription.Row(
                "model", "POD regression (nonintrusive; error figures are estimates, not bounds)"));
        rows.add(new ModelDescription.Row("regression", regression.describe()));
        rows.add(new ModelDescription.Row(
                "field error estimate",
                ModelDescription.sci(fieldErrorEstimate()) + " (leave-one-out RMS "
                        + ModelDescription.sci(fieldCvError) + ", POD truncation RMS "
                        + ModelDescription.sci(projectionError) + ")"));
        for (int k = 0; k < outputNames.size(); k++) {
            rows.add(new ModelDescription.Row(
                    "output " + outputNames.get(k),
                    "leave-one-out RMS error " + ModelDescription.sci(outputCvErrors[k])));
        }
        rows.add(new ModelDescription.Row("carries its basis", basis != null ? "yes" : "no"));
        return new ModelDescription("pod-regression", rows);
    }

    public Regression regression() {
        return regression;
    }

    /** Per output, {@code V^T l} (copies). */
    public Map<String, double[]> outputFunctionals() {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int j = 0; j < outputNames.size(); j++) {
            m.put(outputNames.get(j), outputFunctionals[j].clone());
        }
        return m;
    }

    /** Per output, the leave-one-out RMS error of the output over the snapshots. */
    public Map<String, Double> outputCrossValidationErrors() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int j = 0; j < outputNames.size(); j++) {
            m.put(outputNames.get(j), outputCvErrors[j]);
        }
        return m;
    }

    /** The leave-one-out RMS of the field error of the regression in the POD product. */
    public double fieldCrossValidationError() {
        return fieldCvError;
    }

    /** The RMS POD truncation error of the snapshots. */
    public double projectionError() {
        return projectionError;
    }

    /** The field error estimate without a predictive deviation: {@code sqrt(cv^2 + projection^2)}. */
    public double fieldErrorEstimate() {
        return Math.hypot(fieldCvError, projectionError);
    }

    @Override
    public ParameterSpace parameterSpace() {
        return space;
    }

    @Override
    public int dim() {
        return regression.outputDimension();
    }

    @Override
    public List<String> outputNames() {
        return outputNames;
    }

    /** Estimates: a regression has no residual to bound its error with. */
    @Override
    public ErrorFigures errorFigures() {
        return new ErrorFigures(
                ErrorFigures.Standing.ESTIMATE,
                "the errors are leave-one-out cross-validation estimates over the snapshots"
                        + (regression.hasPredictiveStd() ? " and the Gaussian process's predictive deviation" : "")
                        + ", not bounds");
    }

    @Override
    public OnlineSolution solve(Parameter mu) {
        return solveExtrapolated(space.validate(mu));
    }

    /**
     * The prediction at mu. Output errors: the Gaussian process's predictive standard deviation of
     * the output {@code sqrt(sum_j l_j^2 sigma_j^2)} (independent processes per coefficient), else
     * the output's cross-validation error; field error: {@code sqrt(sum_j sigma_j^2 +
     * projection^2)}, else {@link #fieldErrorEstimate()}.
     */
    @Override
    public OnlineSolution solveExtrapolated(Parameter mu) {
        if (!mu.type().equals(space.type())) {
            space.validate(mu); // names the type mismatch
        }
        int r = dim();
        double[] c = new double[r];
        double[] std = new double[r];
        boolean hasStd = regression.predict(mu.toArray(), c, std);
        NonFiniteAnswerException.requireFinite(mu, "the predicted reduced solution", c);
        Map<String, Double> outputs = new LinkedHashMap<>();
        Map<String, Double> errors = new LinkedHashMap<>();
        for (int j = 0; j < outputNames.size(); j++) {
            double[] l = outputFunctionals[j];
            double s = 0;
            double v = 0;
            for (int i = 0; i < r; i++) {
                s += l[i] * c[i];
                v += l[i] * l[i] * std[i] * std[i];
            }
            double e = hasStd ? Math.sqrt(v) : outputCvErrors[j];
            NonFiniteAnswerException.requireFiniteOutput(mu, outputNames.get(j), s, e, false);
            outputs.put(outputNames.get(j), s);
            errors.put(outputNames.get(j), e);
        }
        double error = fieldErrorEstimate();
        if (hasStd) {
            double v = projectionError * projectionError;
            for (double sd : std) {
                v += sd * sd;
            }
            error = Math.sqrt(v);
        }
        NonFiniteAnswerException.requireFinite(mu, "the error estimate", error);
        double norm = 0;
        for (double x : c) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        return new OnlineSolution.Values(
                c,
                java.util.Collections.unmodifiableMap(outputs),
                java.util.Collections.unmodifiableMap(errors),
                error,
                norm == 0 ? Double.POSITIVE_INFINITY : error / norm);
    }

    @Override
    public OnlineBatch solveBatch(List<Parameter> mus) {
        return OnlineBatch.solveEach(this, mus);
    }

    @Override
    public Optional<VectorArray> basis() {
        return Optional.ofNullable(basis);
    }

    @Override
    public double[] reconstruct(double[] coefficients) {
        if (basis == null) {
            throw new JromException("this regression model does not carry its POD basis");
        }
        return basis.lincomb(coefficients);
    }
}

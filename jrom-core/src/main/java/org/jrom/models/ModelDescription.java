package org.jrom.models;

import java.util.List;
import java.util.Locale;

/**
 * What a model says about itself, for {@code jrom info} and the like: its kind (the name the model
 * file stores it under) and the rows that describe what only this kind has (its terms, outputs,
 * estimator, regression), as label and value. The caller adds what every model has (parameter
 * space, dimension, error figures, provenance), so it needs to know no model class.
 *
 * @param kind the kind's name in the model file, e.g. {@code reduced-basis}
 * @param rows the kind-specific rows, in display order
 */
public record ModelDescription(String kind, List<Row> rows) {
    /** One label/value line. */
    public record Row(String label, String value) {}

    public ModelDescription {
        rows = List.copyOf(rows);
    }

    /** A number as the descriptions print it, {@code 1.23e-04} ({@code inf} when not finite). */
    public static String sci(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2e", v) : "inf";
    }
}

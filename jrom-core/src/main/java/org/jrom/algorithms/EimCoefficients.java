package org.jrom.algorithms;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.NonFiniteValueException;
import org.jrom.operators.MatrixEntries;
import org.jrom.operators.ParameterFunctional;
import org.jrom.parameters.Parameter;

/**
 * The online coefficients {@code beta(mu)} of a nonintrusive matrix EIM (Casenave, Ern,
 * Lelievre): the entries of {@code A(mu)} at the magic entries, read from a {@link MatrixEntries}
 * source, give {@code beta} by two triangular solves ({@link MatrixEim.Result#coefficients}); the M
 * {@linkplain #functional(int) functionals} "EIM coefficient m" share one evaluation per parameter.
 *
 * <p>Thread-safe: each thread keeps the coefficients of the last parameter it asked for, so the M
 * functionals of one reduced solve read the source and solve once, and parallel sweeps over
 * different parameters do not evict each other.
 */
public final class EimCoefficients {
    private record Cached(Parameter mu, double[] beta) {}

    private final MatrixEim.Result eim;
    private final MatrixEntries source;
    private final String name; // of the functionals: eim_beta (operator) or eim_gamma (right-hand side)
    private final ThreadLocal<Cached> last = new ThreadLocal<>();

    EimCoefficients(MatrixEim.Result eim, MatrixEntries source, String name) {
        this.eim = eim;
        this.source = Objects.requireNonNull(source, "source");
        this.name = name;
    }

    /** The number of coefficients M. */
    public int size() {
        return eim.size();
    }

    /** {@code beta(mu)} (a copy). */
    public double[] evaluate(Parameter mu) {
        return cached(mu).clone();
    }

    private double[] cached(Parameter mu) {
        Cached c = last.get();
        if (c != null && (c.mu() == mu || Objects.equals(c.mu(), mu))) {
            return c.beta();
        }
        int m = eim.size();
        double[] entries =
                source.values(mu, eim.magicRows().clone(), eim.magicCols().clone());
        if (entries == null || entries.length != m) {
            throw new DimensionMismatchException("the matrix entry source returned "
                    + (entries == null ? "null" : entries.length + " values") + " at " + mu + " for the " + m
                    + " magic entries " + describeEntries() + "; it must return one value per requested entry");
        }
        for (int k = 0; k < m; k++) {
            if (!Double.isFinite(entries[k])) {
                throw new NonFiniteValueException("the matrix entry source returned " + entries[k] + " for entry "
                        + entry(k) + " (magic entry " + k + ") at " + mu + ", expected a finite number");
            }
        }
        double[] beta = eim.coefficients(entries);
        last.set(new Cached(mu, beta));
        return beta;
    }

    private String describeEntries() {
        StringBuilder s = new StringBuilder();
        int shown = Math.min(eim.size(), 5);
        for (int k = 0; k < shown; k++) {
            s.append(k == 0 ? "" : ", ").append(entry(k));
        }
        return s.append(eim.size() > shown ? ", ..." : "").toString();
    }

    /** Magic entry k's name: {@code A[i][j]}, or {@code f[i]} for a right-hand side's coefficients. */
    private String entry(int k) {
        return MatrixEntries.name(
                eim.magicRows()[k], name.equals("eim_gamma") ? MatrixEntries.RHS : eim.magicCols()[k]);
    }

    /** The functional {@code mu -> beta_m(mu)}, described as {@code eim_beta[m]} ({@code eim_gamma[m]} for a right-hand side). */
    public ParameterFunctional functional(int m) {
        Objects.checkIndex(m, eim.size());
        return new ParameterFunctional() {
            @Override
            public double evaluate(Parameter mu) {
                return cached(mu)[m];
            }

            @Override
            public String describe() {
                return name + "[" + m + "]";
            }

            @Override
            public String toString() {
                return describe();
            }
        };
    }

    /** The M functionals {@code beta_0 .. beta_{M-1}}, in order. */
    public List<ParameterFunctional> functionals() {
        List<ParameterFunctional> out = new ArrayList<>(eim.size());
        for (int m = 0; m < eim.size(); m++) {
            out.add(functional(m));
        }
        return out;
    }

    @Override
    public String toString() {
        return "EimCoefficients(M = " + eim.size() + ", magic entries " + describeEntries() + ")";
    }
}

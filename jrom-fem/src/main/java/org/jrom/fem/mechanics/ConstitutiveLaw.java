package org.jrom.fem.mechanics;

/**
 * A constitutive law of 3D small-strain mechanics, integrated over one time increment at a
 * material point (the return mapping of Simo and Hughes, Computational Inelasticity, 1998): given
 * the total strain at the end of the increment, the state at its start, the time step and the
 * temperature at its end, it writes the stress and internal variables at the end and the consistent
 * (algorithmic) tangent {@code d sigma_{n+1} / d eps_{n+1}}, whose use keeps the global Newton
 * quadratic (Simo and Taylor 1985).
 *
 * <p>Tensors are Mandel vectors ({@link Mandel}). A point's state is {@link #layout()}{@code
 * .size()} doubles at an offset of a caller's array: the states of all points are one flat array.
 * {@link #integrate} allocates nothing; implementations are immutable and thread-safe.
 */
public interface ConstitutiveLaw {
    /** The law's name, as a case file spells it. */
    String name();

    /** The stress and the internal variables, by name and size, and where they lie in a point's state. */
    StateLayout layout();

    /**
     * Whether every tangent this law returns is symmetric, so that the structural tangent may be
     * factored by Cholesky.
     */
    boolean hasSymmetricTangent();

    /**
     * Integrates one increment {@code [t_n, t_n + dt]} (backward Euler where the law has rates).
     *
     * @param strain the total strain {@code eps_{n+1}}, 6 Mandel components from index 0
     * @param dt the time step, {@code >= 0} (rate-independent laws ignore it)
     * @param temperature the temperature {@code T_{n+1}}; parameters and thermal strain are taken there
     * @param start the state at {@code t_n}, read from {@code start[startOffset...]}
     * @param startOffset where the point's state begins in {@code start}
     * @param end receives the state at {@code t_{n+1}}, stress first; must not overlap the start state
     * @param endOffset where the point's state begins in {@code end}
     * @param tangent receives {@code d sigma / d eps}, 6x6 row-major from index 0
     * @throws MaterialException if the local problem cannot be solved (the caller cuts the step)
     */
    void integrate(
            double[] strain,
            double dt,
            double temperature,
            double[] start,
            int startOffset,
            double[] end,
            int endOffset,
            double[] tangent);
}

package org.jrom.fem.mechanics;

import org.jrom.JromException;

/**
 * An invalid material: a parameter missing, unknown or out of its admissible range (the message
 * names the parameter and the table entry), or a material point that cannot be integrated. An
 * error about one parameter also carries the parameter, the entry and what was expected and found
 * apart ({@link #parameter()}, {@link #entry()}, {@link #detail()}), so that a reader of a case file
 * can name its own field instead.
 */
public final class MaterialException extends JromException {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final int entry;
    private final String detail;

    public MaterialException(String message) {
        super(message);
        this.parameter = null;
        this.entry = -1;
        this.detail = message;
    }

    /**
     * An error about {@code parameter}: about entry {@code entry} of its table (at {@code
     * temperature}), or about the parameter as a whole when {@code entry} is -1.
     */
    MaterialException(String parameter, int entry, double temperature, String detail) {
        super("parameter " + parameter
                + (entry < 0 ? "" : ", entry " + entry + " (temperature " + temperature + ")") + ": "
                + detail);
        this.parameter = parameter;
        this.entry = entry;
        this.detail = detail;
    }

    /** An error about {@code parameter} that the law states in full ({@code message}). */
    MaterialException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
        this.entry = -1;
        this.detail = message;
    }

    /** The parameter the error is about, or null. */
    public String parameter() {
        return parameter;
    }

    /** The entry of the parameter's table the error is about, or -1 (the parameter as a whole, or none). */
    public int entry() {
        return entry;
    }

    /** What was expected and found, without the parameter and entry that {@link #getMessage()} names. */
    public String detail() {
        return detail;
    }
}

package org.jrom.fem.mechanics;

import org.jrom.JromException;

/**
 * An invalid material: a parameter missing, unknown or out of its admissible range (the message
 * names the parameter and the table entry), or a material point that cannot be integrated.
 */
public final class MaterialException extends JromException {
    private static final long serialVersionUID = 1L;

    public MaterialException(String message) {
        super(message);
    }
}

package org.jrom.hyperreduction;

import org.jrom.JromException;

/**
 * A sample set that cannot determine what is asked of it: fewer samples than modes, a sampled
 * basis that is rank deficient, a sample index out of range or repeated.
 */
public final class IllPosedSamplesException extends JromException {
    private static final long serialVersionUID = 1L;

    public IllPosedSamplesException(String message) {
        super(message);
    }
}

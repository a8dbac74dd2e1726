package org.jrom.fem.mechanics;

/**
 * A variable of a material point's state, by name and number of doubles: a scalar such as the
 * cumulated plastic strain {@code p} (size 1) or a symmetric tensor in Mandel notation such as the
 * back stress {@code X} (size 6).
 *
 * @param name the field's name ({@code sigma}, {@code eps_p}, {@code p}, {@code X})
 * @param size number of doubles, at least 1
 */
public record InternalVariable(String name, int size) {
    public InternalVariable {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an internal variable needs a name");
        }
        if (size < 1) {
            throw new IllegalArgumentException("internal variable " + name + " needs a size >= 1, found " + size);
        }
    }

    /** A scalar variable. */
    public static InternalVariable scalar(String name) {
        return new InternalVariable(name, 1);
    }

    /** A symmetric second-order tensor, 6 Mandel components. */
    public static InternalVariable tensor(String name) {
        return new InternalVariable(name, Mandel.SIZE);
    }
}

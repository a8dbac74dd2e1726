package org.jrom.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jrom.JromException;

/**
 * What a {@link ModelCodec} writes into: the manifest's root object, and the array entries, each
 * listed in the manifest's {@code arrays} with its shape and the SHA-256 of its {@code .npy} bytes.
 */
final class SectionWriter {
    private final ObjectNode root;
    private final ObjectNode arrays;
    private final List<Npz.Entry> entries;

    SectionWriter(ObjectNode root, ObjectNode arrays, List<Npz.Entry> entries) {
        this.root = root;
        this.arrays = arrays;
        this.entries = entries;
    }

    /** The manifest's root object, for the kind's sections. */
    ObjectNode root() {
        return root;
    }

    /** Adds the array {@code name} as the entry {@code name.npy}; model arrays must be finite. */
    void array(String name, Npy.Array a) {
        double[] d = a.matrix().data();
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                throw new JromException("cannot write array '" + name + "': element " + i + " is " + d[i]
                        + "; model arrays must be finite");
            }
        }
        byte[] bytes = Npy.encode(a, false);
        ObjectNode info = arrays.putObject(name);
        ArrayNode shape = info.putArray("shape");
        for (int s : a.shape()) {
            shape.add(s);
        }
        info.put("sha256", ModelFile.sha256(bytes));
        entries.add(new Npz.Entry(name + ".npy", bytes));
    }
}

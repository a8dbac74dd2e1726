package org.jrom.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.jrom.JromException;
import org.jrom.models.OnlineModel;
import org.jrom.parameters.ParameterSpace;

/**
 * How one kind of {@link OnlineModel} is stored in a model file: its name (the manifest's {@code
 * model} field), its arrays and its manifest sections. {@link ModelFile} writes and reads what
 * every kind shares (format, parameter space, provenance, attachments, the array listing with
 * SHA-256 and the archive's checks and caps) and hands the rest to the codec of the model's kind;
 * the codecs are registered in {@link ModelCodecs}. A new kind of model adds a class in core and a
 * codec here, not a branch in {@code ModelFile}.
 *
 * @param <M> the model class of this kind
 */
interface ModelCodec<M extends OnlineModel> {
    /** The kind's name, as the manifest's {@code model} field and {@link OnlineModel#kind()} say it. */
    String kind();

    /** The model class this codec writes and reads. */
    Class<M> type();

    /**
     * Writes the kind's manifest sections into {@code out.root()} and its arrays through {@code
     * out.array}; the same model gives the same bytes.
     */
    void encode(M model, SectionWriter out);

    /**
     * Rebuilds the model from the kind's sections, refusing (with a {@link FileFormatException}
     * naming the field or entry) anything that does not check out.
     *
     * @param space the parameter space, already read from the manifest
     */
    M decode(SectionReader in, ParameterSpace space);

    /**
     * The arrays of this kind that no online answer reads (a reduced basis the answers do not use),
     * which {@link ModelFile#loadForQueries} leaves out without inflating them. None by default.
     */
    default Set<String> arraysNoAnswerReads(JsonNode root) {
        return Set.of();
    }

    /** The model as this kind's class; an error naming both kinds when it is another kind. */
    default M cast(OnlineModel model) {
        if (!model.kind().equals(kind())) {
            throw new JromException("this is a " + model.kind() + " model, not a " + kind() + " model");
        }
        if (!type().isInstance(model)) {
            throw new JromException("a " + kind() + " model is a " + type().getSimpleName() + ", found a "
                    + model.getClass().getSimpleName() + " that says it is one");
        }
        return type().cast(model);
    }
}

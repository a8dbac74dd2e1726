package org.jrom.io;

import java.util.List;
import java.util.Optional;
import org.jrom.JromException;
import org.jrom.models.OnlineModel;
import org.jrom.models.ReducedModel;

/** The kinds of model a model file can hold: the one place where a codec is registered. */
final class ModelCodecs {
    /** The certified reduced-basis model; files before format 1.2 have no {@code model} field and hold it. */
    static final ModelCodec<ReducedModel> REDUCED_BASIS = new ReducedBasisCodec();

    private static final List<ModelCodec<?>> ALL =
            List.of(REDUCED_BASIS, new RegressionCodec(), new HyperReducedMechanicsCodec());

    private ModelCodecs() {}

    /** The kind of a manifest without a {@code model} field (formats 1.0 and 1.1). */
    static String defaultKind() {
        return REDUCED_BASIS.kind();
    }

    /** The codec of a kind, if one is registered. */
    static Optional<ModelCodec<?>> forKind(String kind) {
        return ALL.stream().filter(c -> c.kind().equals(kind)).findFirst();
    }

    /** The registered kinds' names, comma-separated, for messages. */
    static String known() {
        return String.join(", ", ALL.stream().map(ModelCodec::kind).toList());
    }

    /** The codec that writes this model; an error naming its kind and the known ones when none does. */
    static ModelCodec<?> forModel(OnlineModel model) {
        return forKind(model.kind())
                .orElseThrow(() -> new JromException(
                        "cannot write a model of kind '" + model.kind() + "': no codec for it; known: " + known()));
    }
}

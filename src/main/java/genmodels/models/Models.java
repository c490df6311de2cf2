package genmodels.models;

import genmodels.errors.UserError;
import genmodels.models.ae.Autoencoder;
import genmodels.models.classifier.ConvClassifier;
import genmodels.models.dae.DenoisingAutoencoder;
import genmodels.models.diffusion.Diffusion;
import genmodels.models.gan.Gan;
import genmodels.models.swae.SlicedWassersteinAutoencoder;
import genmodels.models.vae.VariationalAutoencoder;
import java.util.List;
import java.util.Optional;

/**
 * The registry: every trainable model the tool offers, one line each. This is the only class
 * outside a model's own folder that names a model; the commands, training, evaluation, sampling,
 * benchmarks and sweeps find models here and use them through {@link TrainableModel}.
 */
public final class Models {

    /** Every trainable model, in the order the command line lists them. */
    public static final List<ModelDefinition<?>> ALL = List.of(
            VariationalAutoencoder.DEFINITION,
            Autoencoder.DEFINITION,
            SlicedWassersteinAutoencoder.DEFINITION,
            DenoisingAutoencoder.DEFINITION,
            ConvClassifier.DEFINITION,
            Gan.DEFINITION,
            Diffusion.DEFINITION);

    private Models() {}

    /** @return the definition whose {@code model.type} is {@code type}, if any */
    public static Optional<ModelDefinition<?>> byType(String type) {
        return ALL.stream().filter(d -> d.type().equals(type)).findFirst();
    }

    /** @return the definition whose command is {@code command} (e.g. {@code train-vae}), if any */
    public static Optional<ModelDefinition<?>> byCommand(String command) {
        return ALL.stream().filter(d -> d.command().equals(command)).findFirst();
    }

    /** @return every model type, comma-separated, for messages */
    public static String types() {
        return String.join(", ", ALL.stream().map(ModelDefinition::type).toList());
    }

    /**
     * @param type a {@code model.type} read from a run's config
     * @param where the file it came from, for the message
     * @throws UserError if no registered model has that type
     */
    public static ModelDefinition<?> requireType(String type, Object where) {
        return byType(type)
                .orElseThrow(() -> new UserError(where + ": model.type '" + type + "' is not a trainable"
                        + " model this tool knows (known: " + types() + ")"));
    }
}

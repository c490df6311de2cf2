package genmodels.models;

import genmodels.config.ModelConfig;

/**
 * Everything the command line needs to offer a trainable model: the command name, a one-line
 * description, the built-in default config (shipped in {@code configs/}), the record of its
 * {@code model} section, and how to build it. Each model folder defines one; adding a model means
 * adding its folder and registering its definition.
 *
 * @param type the {@code model.type} it trains, e.g. {@code vae}
 * @param command e.g. {@code train-vae}
 * @param summary one line for {@code --help}
 * @param builtInConfig file name under {@code configs/}, e.g. {@code vae-mnist.yaml}
 * @param configType the {@code model} section's record
 * @param factory builds the model from its section and the number of pixels per image
 * @param <M> the {@code model} section's record type
 */
public record ModelDefinition<M extends ModelConfig>(
        String type, String command, String summary, String builtInConfig, Class<M> configType, Factory<M> factory) {

    /** Builds a model. */
    @FunctionalInterface
    public interface Factory<M> {
        TrainableModel create(M config, int pixels);
    }
}

package genmodels.models;

import genmodels.config.ConfigLoader;
import genmodels.config.ModelConfig;
import genmodels.config.RunConfig;
import genmodels.engine.ImageSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the command line needs to offer a trainable model: the command name, a one-line
 * description, the built-in default config (shipped in {@code configs/}), the record of its
 * {@code model} section, how to build it, its rows in {@code genmodels bench}, and the keys it has
 * moved since earlier versions. Each model folder defines one and {@link Models} lists them:
 * adding a model means adding its folder and one line there.
 *
 * @param type the {@code model.type} it trains, e.g. {@code vae}
 * @param command e.g. {@code train-vae}
 * @param summary one line for {@code --help}
 * @param builtInConfig file name under {@code configs/}, e.g. {@code vae-mnist.yaml}
 * @param configType the {@code model} section's record
 * @param factory builds the model from its section and the images' shape and classes
 * @param benchRows its rows in {@code genmodels bench} (none: the model is not benchmarked)
 * @param movedKeys keys an older run's config.yaml may hold, each mapped to where it lives now
 *     (dotted paths), so that old runs still load
 * @param <M> the {@code model} section's record type
 */
public record ModelDefinition<M extends ModelConfig>(
        String type,
        String command,
        String summary,
        String builtInConfig,
        Class<M> configType,
        Factory<M> factory,
        List<BenchRow> benchRows,
        Map<String, String> movedKeys) {

    public ModelDefinition {
        benchRows = List.copyOf(benchRows);
        movedKeys = Map.copyOf(movedKeys);
    }

    /** A definition without bench rows or moved keys. */
    public ModelDefinition(
            String type,
            String command,
            String summary,
            String builtInConfig,
            Class<M> configType,
            Factory<M> factory) {
        this(type, command, summary, builtInConfig, configType, factory, List.of(), Map.of());
    }

    /** @return this definition with these bench rows */
    public ModelDefinition<M> withBenchRows(BenchRow... rows) {
        return new ModelDefinition<>(
                type, command, summary, builtInConfig, configType, factory, List.of(rows), movedKeys);
    }

    /** @return this definition with these moved keys (old dotted path to new dotted path) */
    public ModelDefinition<M> withMovedKeys(Map<String, String> moved) {
        return new ModelDefinition<>(type, command, summary, builtInConfig, configType, factory, benchRows, moved);
    }

    /**
     * Loads a config of this model: the built-in one, then {@code file}, then the overrides.
     *
     * @param file a YAML or JSON file, or null
     * @param overrides {@code key.path=value} strings
     * @throws genmodels.errors.UserError on any problem with the file, a key or a value
     */
    public RunConfig<M> loadConfig(Path file, List<String> overrides) {
        return ConfigLoader.load(builtInConfig, file, overrides, configType, movedKeys);
    }

    /**
     * @param config a config of this model's type (from {@link #loadConfig})
     * @param image the images' channels, sides and classes
     * @return a new, uninitialised model
     * @throws genmodels.config.ConfigException when the model section does not fit these images
     */
    public TrainableModel create(RunConfig<?> config, ImageSpec image) {
        return factory.create(configType.cast(config.model()), image);
    }

    /** Builds a model. */
    @FunctionalInterface
    public interface Factory<M> {
        TrainableModel create(M config, ImageSpec image);
    }

    /**
     * A row of {@code genmodels bench}: the model's training speed on its built-in config with a few
     * keys changed, or (with an evaluation) one epoch of training then the timed evaluation.
     *
     * @param name the row's name, e.g. {@code conv_vae}
     * @param sets {@code --set} overrides of the built-in config
     * @param epochs whole epochs to time, or 0 for bench's {@code --epochs}
     * @param evaluation the name of one of the model's {@link ModelEvaluation}s to time instead of training, or null
     * @param byDefault whether {@code genmodels bench} runs it without {@code --what}
     */
    public record BenchRow(String name, List<String> sets, int epochs, String evaluation, boolean byDefault) {
        public BenchRow {
            sets = List.copyOf(sets);
        }

        /** @return a training row of the built-in config, run by default */
        public static BenchRow training(String name) {
            return new BenchRow(name, List.of(), 0, null, true);
        }
    }
}

package genmodels.fit;

import ai.djl.Device;
import genmodels.config.ConfigLoader;
import genmodels.config.ModelConfig;
import genmodels.config.RunConfig;
import genmodels.density.DensityFamily;
import genmodels.engine.Threads;
import genmodels.errors.UserError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the command line, sweep and evaluate need to offer a fit: its names, its built-in
 * config and config type, the run that fits and writes its run directory, and the {@link
 * genmodels.density.DensityFamily} its run saves (read back by evaluate).
 *
 * @param name its name under {@code genmodels fit}, e.g. {@code gmm}
 * @param alias the flat command name of earlier versions, e.g. {@code fit-gmm}
 * @param summary one line for {@code --help}
 * @param builtInConfig the shipped config its options start from, e.g. {@code gmm-mnist-pca50.yaml}
 * @param configType the {@code model} section's record
 * @param modelType the {@code model.type} its configs carry
 * @param densityType the density family its run saves, or null when the fit is no density (PCA
 *     without {@code model.probabilistic})
 * @param runner fits and writes the run directory
 * @param <M> the model section's type
 */
public record FitDefinition<M extends ModelConfig>(
        String name,
        String alias,
        String summary,
        String builtInConfig,
        Class<M> configType,
        String modelType,
        String densityType,
        Runner<M> runner) {

    /** Fits and writes a run directory. */
    @FunctionalInterface
    public interface Runner<M extends ModelConfig> {
        void run(RunConfig<M> config, Device device, Threads threads, PrintWriter out) throws Exception;
    }

    /**
     * @return the generic fit of a density family that declares a {@link DensityFamily#command}:
     *     {@code fit TYPE}, alias {@code fit-TYPE}, run by {@link DensityFitRun}
     */
    static <M extends ModelConfig> FitDefinition<M> generic(DensityFamily family, DensityFamily.Command<M> command) {
        String name = "fit-" + family.type();
        return new FitDefinition<>(
                family.type(),
                name,
                Character.toUpperCase(family.summary().charAt(0))
                        + family.summary().substring(1)
                        + ": mean log-likelihood, BIC and AIC, samples, the density in 1-D and 2-D.",
                command.builtInConfig(),
                command.configType(),
                family.type(),
                family.type(),
                (config, device, threads, out) ->
                        DensityFitRun.run(name, family, command.fitter(), config, device, threads, out));
    }

    /**
     * @param file a config file (a run's config.yaml), or null for the built-in one
     * @param sets {@code --set} overrides
     * @return the resolved config, checked
     * @throws UserError for data.augment: a fit takes its points as they are
     */
    public RunConfig<M> loadConfig(Path file, List<String> sets) {
        RunConfig<M> config = ConfigLoader.load(builtInConfig, file, sets, configType);
        if (!config.data().augment().isEmpty()) {
            throw new UserError("data.augment " + config.data().augment() + " transforms training"
                    + " images for a network; " + name + " fits points (pixels, codes or coordinates) as they are:"
                    + " remove data.augment");
        }
        return config;
    }
}

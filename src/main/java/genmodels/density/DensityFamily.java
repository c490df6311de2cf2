package genmodels.density;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import genmodels.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * One kind of {@link Density} as the registry ({@link Densities}) knows it: its name, how to fit
 * it with default settings (what the common checks and quick uses need) and how to read one back
 * from a run folder.
 *
 * @param type the {@code model.type} of its configs, e.g. {@code gmm}
 * @param summary one line: the estimator and its source
 * @param fitter fits with default settings
 * @param loader reads what {@link Density#save} wrote
 * @param command how {@code genmodels fit TYPE} fits it from a config, or null for a family whose
 *     fit has a run of its own (the mixture, the KDE, PCA)
 */
public record DensityFamily(String type, String summary, Fitter fitter, Loader loader, Command<?> command) {

    /** A family without a generic fit command. */
    public DensityFamily(String type, String summary, Fitter fitter, Loader loader) {
        this(type, summary, fitter, loader, null);
    }

    /**
     * What the generic {@code fit TYPE} command needs: the config it starts from and the fit of its
     * {@code model} section.
     *
     * @param builtInConfig the shipped config, e.g. {@code tmm-mnist-pca50.yaml}
     * @param configType the {@code model} section's record
     * @param fitter fits the training points as the section says
     * @param <M> the section's type
     */
    public record Command<M extends ModelConfig>(
            String builtInConfig, Class<M> configType, ConfiguredFitter<M> fitter) {}

    /** Fits a density of this family as a config's {@code model} section says. */
    @FunctionalInterface
    public interface ConfiguredFitter<M extends ModelConfig> {
        /**
         * @param config the {@code model} section
         * @param x training points [n, d]
         * @param random the fit's only source of randomness
         */
        Density fit(M config, NDArray x, Random random);
    }

    /** Fits a density of this family with its default settings. */
    @FunctionalInterface
    public interface Fitter {
        /**
         * @param x training points [n, d]
         * @param random the fit's only source of randomness (initialisation, subsets)
         */
        Density fit(NDArray x, Random random);
    }

    /** Reads a saved density back. */
    @FunctionalInterface
    public interface Loader {
        /**
         * @param folder the folder {@link Density#save} wrote into
         * @param manager where its arrays live
         * @throws genmodels.errors.UserError when the files are missing or unreadable
         */
        Density load(Path folder, NDManager manager) throws IOException;
    }
}

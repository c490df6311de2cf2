package genmodels.fit;

import genmodels.density.Densities;
import genmodels.density.gmm.GmmConfig;
import genmodels.density.kde.KdeConfig;
import genmodels.density.pca.PcaConfig;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every fit the command line offers: {@code genmodels fit}, its aliases, sweep and evaluate loop
 * over it. A density family that declares a command ({@link genmodels.density.DensityFamily#command})
 * gets its fit here with no line of its own.
 */
public final class Fits {

    /** The fits with runs of their own (figures, comparisons of K, bandwidths). */
    private static final List<FitDefinition<?>> OWN_RUNS = List.of(
            new FitDefinition<>(
                    "gmm",
                    "fit-gmm",
                    "Fit a Gaussian mixture by EM (Dempster, Laird & Rubin 1977) or by gradient ascent, on pixels,"
                            + " PCA features, latent codes, CSV points or synthetic draws; compare K by BIC/AIC;"
                            + " sample.",
                    "gmm-mnist-pca50.yaml",
                    GmmConfig.class,
                    "gmm",
                    "gmm",
                    GmmRun::run),
            new FitDefinition<>(
                    "kde",
                    "fit-kde",
                    "Gaussian kernel density estimation (SciPy's gaussian_kde bandwidth: Scott, Silverman, a factor,"
                            + " or cross-validated), chunked scoring on the engine, sampling.",
                    "kde-mnist-pca2.yaml",
                    KdeConfig.class,
                    "kde",
                    "kde",
                    KdeRun::run),
            new FitDefinition<>(
                    "pca",
                    "pca",
                    "Principal component analysis (and probabilistic PCA, Tipping & Bishop 1999): explained"
                            + " variance, eigen-images, reconstructions and their error against k, the PC1-PC2"
                            + " projection.",
                    "pca-mnist.yaml",
                    PcaConfig.class,
                    "pca",
                    "ppca",
                    PcaRun::run));

    /**
     * The registered fits, in the order {@code genmodels fit --help} lists them: the three with runs
     * of their own, then one generic fit per density family that declares a command.
     */
    public static final List<FitDefinition<?>> ALL = Stream.concat(
                    OWN_RUNS.stream(),
                    Densities.ALL.stream()
                            .filter(f -> f.command() != null)
                            .map(f -> FitDefinition.generic(f, f.command())))
            .toList();

    private Fits() {}

    /** @return the fit whose flat command name or {@code fit} name is {@code command} */
    public static Optional<FitDefinition<?>> byCommand(String command) {
        return ALL.stream()
                .filter(f -> f.alias().equals(command) || ("fit-" + f.name()).equals(command))
                .findFirst();
    }

    /** @return the fit whose configs carry {@code model.type} = {@code type} */
    public static Optional<FitDefinition<?>> byModelType(String type) {
        return ALL.stream().filter(f -> f.modelType().equals(type)).findFirst();
    }
}

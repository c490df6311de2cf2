package genmodels.fit;

import genmodels.density.gmm.GmmConfig;
import genmodels.density.kde.KdeConfig;
import genmodels.density.pca.PcaConfig;
import java.util.List;
import java.util.Optional;

/** Every fit the command line offers, one line each: {@code genmodels fit}, sweep and evaluate loop over it. */
public final class Fits {

    /** The registered fits, in the order {@code genmodels fit --help} lists them. */
    public static final List<FitDefinition<?>> ALL = List.of(
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

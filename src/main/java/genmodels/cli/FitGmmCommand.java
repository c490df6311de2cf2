package genmodels.cli;

import ai.djl.Device;
import genmodels.config.RunConfig;
import genmodels.density.gmm.GmmConfig;
import genmodels.engine.Threads;
import genmodels.fit.GmmRun;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code genmodels fit-gmm}. */
@Command(
        name = "fit-gmm",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Fit a Gaussian mixture by EM (Dempster, Laird & Rubin 1977) or by gradient ascent, on pixels,"
                + " PCA features, latent codes, CSV points or synthetic draws; compare K by BIC/AIC; sample.")
final class FitGmmCommand extends DensityCommand<GmmConfig> {

    @Override
    String builtInConfig() {
        return "gmm-mnist-pca50.yaml";
    }

    @Override
    Class<GmmConfig> configType() {
        return GmmConfig.class;
    }

    @Override
    void run(RunConfig<GmmConfig> config, Device device, Threads threads, PrintWriter out) throws Exception {
        GmmRun.run(config, device, threads, out);
    }
}

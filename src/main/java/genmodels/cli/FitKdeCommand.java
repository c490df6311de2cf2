package genmodels.cli;

import ai.djl.Device;
import genmodels.config.RunConfig;
import genmodels.density.kde.KdeConfig;
import genmodels.engine.Threads;
import genmodels.fit.KdeRun;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code genmodels fit-kde}. */
@Command(
        name = "fit-kde",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Gaussian kernel density estimation (SciPy's gaussian_kde bandwidth: Scott, Silverman, a factor,"
                + " or cross-validated), chunked scoring on the engine, sampling.")
final class FitKdeCommand extends DensityCommand<KdeConfig> {

    @Override
    String builtInConfig() {
        return "kde-mnist-pca2.yaml";
    }

    @Override
    Class<KdeConfig> configType() {
        return KdeConfig.class;
    }

    @Override
    void run(RunConfig<KdeConfig> config, Device device, Threads threads, PrintWriter out) throws Exception {
        KdeRun.run(config, device, threads, out);
    }
}

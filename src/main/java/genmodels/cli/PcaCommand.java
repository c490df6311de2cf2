package genmodels.cli;

import ai.djl.Device;
import genmodels.config.RunConfig;
import genmodels.density.pca.PcaConfig;
import genmodels.engine.Threads;
import genmodels.fit.PcaRun;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code genmodels pca}. */
@Command(
        name = "pca",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Principal component analysis (and probabilistic PCA, Tipping & Bishop 1999): explained variance,"
                + " eigen-images, reconstructions and their error against k, the PC1-PC2 projection.")
final class PcaCommand extends DensityCommand<PcaConfig> {

    @Override
    String builtInConfig() {
        return "pca-mnist.yaml";
    }

    @Override
    Class<PcaConfig> configType() {
        return PcaConfig.class;
    }

    @Override
    void run(RunConfig<PcaConfig> config, Device device, Threads threads, PrintWriter out) throws Exception {
        PcaRun.run(config, device, threads, out);
    }
}

package genmodels.cli;

import ai.djl.Device;
import genmodels.config.ConfigLoader;
import genmodels.config.ModelConfig;
import genmodels.config.RunConfig;
import genmodels.engine.Threads;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What the density commands (pca, fit-gmm, fit-kde) share: options, config loading, engine start. */
abstract class DensityCommand<M extends ModelConfig> implements Callable<Integer> {

    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    /** @return the built-in config, e.g. {@code gmm-mnist-pca50.yaml} */
    abstract String builtInConfig();

    /** @return the model section's record */
    abstract Class<M> configType();

    /** Runs the fit. */
    abstract void run(RunConfig<M> config, Device device, Threads threads, PrintWriter out) throws Exception;

    @Override
    public Integer call() throws Exception {
        RunConfig<M> config = ConfigLoader.load(builtInConfig(), options.config, options.overrides(), configType());
        Device device = options.engine.start();
        if (options.dryRun) {
            genmodels.fit.DryRun.check(config, device, spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        run(config, device, options.engine.threads(), spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}

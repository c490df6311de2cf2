package genmodels.cli;

import ai.djl.Device;
import genmodels.config.ModelConfig;
import genmodels.config.RunConfig;
import genmodels.fit.FitDefinition;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fit <name>}: one class for every fit, configured by its {@link FitDefinition}. */
@Command(
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class)
final class FitCommand<M extends ModelConfig> implements Callable<Integer> {

    private final FitDefinition<M> definition;

    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    FitCommand(FitDefinition<M> definition) {
        this.definition = definition;
    }

    @Override
    public Integer call() throws Exception {
        RunConfig<M> config = definition.loadConfig(options.config, options.overrides());
        Device device = options.engine.start();
        if (options.dryRun) {
            genmodels.fit.DryRun.check(config, device, spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        definition
                .runner()
                .run(
                        config,
                        device,
                        options.engine.threads(),
                        spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}

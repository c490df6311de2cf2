package genmodels.cli;

import genmodels.config.ConfigLoader;
import genmodels.config.ModelConfig;
import genmodels.config.RunConfig;
import genmodels.models.ModelDefinition;
import genmodels.train.RunSettings;
import genmodels.train.TrainingRun;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code train-<model>}: one class for every trainable model, configured by its {@link ModelDefinition}. */
@Command(mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = VersionProvider.class)
final class TrainCommand<M extends ModelConfig> implements Callable<Integer> {

    private final ModelDefinition<M> definition;

    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    TrainCommand(ModelDefinition<M> definition) {
        this.definition = definition;
    }

    @Override
    public Integer call() throws Exception {
        RunConfig<M> config = ConfigLoader.load(
                definition.builtInConfig(), options.config, options.overrides(), definition.configType());
        int threads = options.engine.threadCount();
        var device = options.engine.start();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunSettings settings = new RunSettings(device, threads, options.quiet, out, err, System.console() != null);
        TrainingRun.run(definition.command(), config,
                pixels -> definition.factory().create(config.model(), pixels), settings);
        return ExitCodes.OK;
    }
}

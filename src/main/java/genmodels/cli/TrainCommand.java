package genmodels.cli;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.config.ModelConfig;
import genmodels.config.RunConfig;
import genmodels.errors.UserError;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import genmodels.models.ModelDefinition;
import genmodels.runs.RunCheckpoints;
import genmodels.runs.TrainingRun;
import genmodels.train.RunSettings;
import genmodels.train.StopRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train-<model>}: one class for every trainable model, configured by its {@link ModelDefinition}. */
@Command(
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class)
final class TrainCommand<M extends ModelConfig> implements Callable<Integer> {

    /** Keys --set may change when resuming; the rest would make the continuation a different run. */
    static final List<String> RESUMABLE = List.of(
            "train.epochs",
            "train.optimizer",
            "train.grad_clip",
            "train.early_stopping",
            "train.lr_schedule",
            "train.ema",
            "train.precision",
            "output.sample_every",
            "output.checkpoint_every",
            "output.keep_checkpoints",
            "output.grid_scale",
            "output.interpolation");

    private final ModelDefinition<M> definition;

    @Mixin
    RunOptions options;

    @Option(
            names = "--resume",
            paramLabel = "RUN",
            description =
                    "Continue a run from its newest complete checkpoint (--set may change only "
                            + "train.epochs, train.optimizer.*, train.grad_clip, train.early_stopping, train.lr_schedule.*, train.ema.*, train.precision and output checkpointing).")
    Path resume;

    @Spec
    CommandSpec spec;

    TrainCommand(ModelDefinition<M> definition) {
        this.definition = definition;
    }

    @Override
    public Integer call() throws Exception {
        RunConfig<M> config =
                resume == null ? definition.loadConfig(options.config, options.overrides()) : resumedConfig();
        var device = options.engine.start();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StopRequest stop = new StopRequest();
        if (!options.dryRun) {
            Signals.stopOn(stop);
        }
        RunSettings settings = new RunSettings(
                device, options.engine.threads(), options.quiet, out, err, System.console() != null, stop);
        return TrainingRun.run(
                definition.command(),
                config,
                image -> definition.create(config, image),
                settings,
                resume,
                options.dryRun);
    }

    /** The run's own config, with the few --set changes a continuation allows. */
    private RunConfig<M> resumedConfig() {
        if (options.config != null || options.out != null || options.seed != null) {
            throw new UserError("--resume continues a run with its own config.yaml, run directory and seed; drop"
                    + " --config, --out and --seed");
        }
        for (String set : options.sets) {
            String key = set.contains("=") ? set.substring(0, set.indexOf('=')).trim() : set;
            boolean allowed = RESUMABLE.stream().anyMatch(k -> key.equals(k) || key.startsWith(k + "."));
            if (!allowed) {
                throw new UserError(
                        "--set " + set + ": a resumed run keeps its model, data, batch size and seed; --resume"
                                + " accepts --set only for " + String.join(", ", RESUMABLE));
            }
        }
        RunConfig<M> config = definition.loadConfig(RunDirectory.open(resume).config(), options.sets);
        requireSameRecipe(config);
        return config;
    }

    /** The recipe keys a resumed run must keep unless a --set changes them on purpose. */
    static final List<String> RECIPE =
            List.of("train.lr_schedule", "train.ema", "train.accumulate", "train.precision", "data.augment");

    /**
     * Refuses a resume whose schedule, average, accumulation, precision or augmentation differs from
     * the newest checkpoint's (its config.yaml edited since) unless --set changes that key on purpose.
     */
    private void requireSameRecipe(RunConfig<M> config) {
        Optional<Path> newest = RunCheckpoints.newest(resume);
        if (newest.isEmpty()) {
            return;
        }
        JsonNode recorded = RunCheckpoints.recordedConfig(newest.get());
        JsonNode now = Json.mapper().valueToTree(config);
        for (String key : RECIPE) {
            String pointer = "/" + key.replace('.', '/');
            boolean onPurpose = options.sets.stream().anyMatch(set -> set.startsWith(key));
            if (!recorded.at(pointer).isMissingNode() && !recorded.at(pointer).equals(now.at(pointer)) && !onPurpose) {
                throw new UserError("--resume " + resume + ": " + key + " is " + now.at(pointer)
                        + " in config.yaml but "
                        + recorded.at(pointer) + " in the checkpoint "
                        + newest.get().getFileName() + "; put it back,"
                        + " or change it on purpose with --set " + key + "=... (allowed on resume: train.lr_schedule,"
                        + " train.ema, train.precision)");
            }
        }
    }
}

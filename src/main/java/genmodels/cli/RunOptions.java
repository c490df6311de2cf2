package genmodels.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by every training and fitting command. */
final class RunOptions {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML or JSON config (.yaml, .yml, .json); it need only give the keys it changes."
                    + " Default: the command's built-in config (see configs/).")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            showDefaultValue = Help.Visibility.NEVER,
            description =
                    "Override one config key, e.g. --set train.epochs=5 --set model.hidden=[512,256]. Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Run directory (same as output.dir). Default: runs/<command>-<timestamp>. Never overwritten.")
    String out;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (same as train.seed).")
    Integer seed;

    @Mixin
    EngineOptions engine;

    @Option(
            names = "--dry-run",
            description = "Check the config and the inputs (data, checkpoints), print the resolved"
                    + " config, and exit without computing or writing anything.")
    boolean dryRun;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress bar.")
    boolean quiet;

    /** @return the {@code --set} overrides, then {@code --seed} and {@code --out} as overrides */
    List<String> overrides() {
        List<String> all = new ArrayList<>(sets);
        if (seed != null) {
            all.add("train.seed=" + seed);
        }
        if (out != null) {
            all.add("output.dir=\"" + out.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return all;
    }
}

package genmodels.cli;

import genmodels.errors.UserError;
import genmodels.fit.FitDefinition;
import genmodels.fit.Fits;
import genmodels.models.ModelDefinition;
import genmodels.models.Models;
import genmodels.sweep.SweepDirectory;
import genmodels.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code genmodels sweep COMMAND ...} and {@code genmodels sweep run COMMAND ...} share: the
 * grid, the seeds, the validation of every run's config before anything starts, and the launch.
 */
abstract class SweepLaunch implements Callable<Integer> {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "COMMAND",
            description = "A train-* command (train-vae, train-ae, ...), fit-gmm, fit-kde or pca.")
    String command;

    @Option(names = "--config", paramLabel = "BASE.yaml", description = "The base config every run starts from.")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A key fixed for every run, applied before the grid (repeatable), as for the command itself.")
    List<String> sets = new ArrayList<>();

    @Option(
            names = "--grid",
            paramLabel = "KEY=V1,V2,...",
            description = "A swept key and its values, read as YAML like --set (repeatable; [400],[200,100] is two"
                    + " values; range(start, stop, step) excludes stop).")
    List<String> grid = new ArrayList<>();

    @Option(
            names = "--seeds",
            paramLabel = "S1,S2,...",
            split = ",",
            description = "Seeds (train.seed) per grid point.")
    List<Integer> seeds = new ArrayList<>();

    @Option(
            names = "--sweep-file",
            paramLabel = "FILE",
            description = "A YAML sweep: command, base (inline config), grid (lists or range(...)), seeds, and"
                    + " random: {samples, seed, params: {KEY: choice(...)|uniform(a,b)|loguniform(a,b)}}.")
    Path sweepFile;

    @Option(names = "--out", paramLabel = "SWEEP_DIR", description = "The sweep's folder (required).")
    Path out;

    @Option(names = "--dry-run", description = "List the expanded runs and validate their configs; write nothing.")
    boolean dryRun;

    @Mixin
    SweepExecutorOptions executor;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        SweepSpec sweep = spec();
        if (out == null) {
            throw new UserError("sweep needs --out SWEEP_DIR: the folder for the sweep's runs and manifest");
        }
        List<SweepSpec.Run> runs = sweep.runs();
        int unvalidated = validate(sweep, runs);
        executor.checkedSignalBefore();
        if (unvalidated > 0 && Models.byCommand(sweep.command()).isPresent()) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            Locale.ROOT,
                            "warning: %d of %d runs hold out no validation split (data.validation is 0), so sweep"
                                    + " collect will not choose a best point among them (it never chooses by a test"
                                    + " figure); add e.g. --set data.validation=0.1%n",
                            unvalidated,
                            runs.size());
        }
        if (dryRun) {
            for (SweepSpec.Run run : runs) {
                stdout.printf(
                        Locale.ROOT,
                        "%4d  genmodels %s %s%n",
                        run.index(),
                        sweep.command(),
                        String.join(
                                " ",
                                sweep.setsOf(run).stream()
                                        .map(s -> "--set " + s)
                                        .toList()));
            }
            stdout.printf(
                    Locale.ROOT,
                    "dry run: %d runs of %s, every config valid; nothing was written%n",
                    runs.size(),
                    sweep.command());
            return ExitCodes.OK;
        }
        SweepDirectory dir = SweepDirectory.create(out, sweep);
        stdout.printf(Locale.ROOT, "sweep: %d runs of %s -> %s%n", runs.size(), sweep.command(), out);
        List<Integer> indices = new ArrayList<>();
        for (SweepSpec.Run run : runs) {
            if (!"done".equals(dir.state(run.index()).state())) {
                indices.add(run.index());
            }
        }
        return executor.execute(dir, indices, stdout);
    }

    private SweepSpec spec() throws Exception {
        if (sweepFile != null) {
            if (command != null || config != null || !grid.isEmpty() || !seeds.isEmpty() || !sets.isEmpty()) {
                throw new UserError(
                        "--sweep-file holds the command, base config, fixed keys (set), grid and seeds; drop"
                                + " COMMAND, --config, --set, --grid and --seeds");
            }
            return SweepDirectory.readSweepFile(sweepFile);
        }
        if (command == null) {
            throw new UserError("sweep needs COMMAND (e.g. genmodels sweep train-vae --grid model.latent_dim=2,10 --out"
                    + " runs/study) or --sweep-file FILE");
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (String g : grid) {
            int eq = g.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--grid " + g + ": expected KEY=V1,V2,... (e.g. --grid model.latent_dim=2,10,20)");
            }
            String key = g.substring(0, eq).trim();
            if (keys.containsKey(key)) {
                throw new UserError("--grid " + key + " is given twice; list all its values in one --grid");
            }
            keys.put(key, SweepSpec.values(key, g.substring(eq + 1)));
        }
        String base = null;
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new UserError("--config " + config + " does not exist");
            }
            base = Files.readString(config);
        }
        for (String set : sets) {
            if (set.indexOf('=') <= 0) {
                throw new UserError("--set " + set + ": expected key.path=value, for example --set train.epochs=5");
            }
            if (keys.containsKey(set.substring(0, set.indexOf('=')).trim())) {
                throw new UserError("--set " + set + ": the key is also swept by --grid; give it in one of them");
            }
        }
        return new SweepSpec(command, base, keys, seeds, null, sets);
    }

    /**
     * Loads every run's config as its command would, so that a bad value fails the sweep before it starts.
     *
     * @return how many of the runs hold out no validation split
     */
    static int validate(SweepSpec sweep, List<SweepSpec.Run> runs) throws Exception {
        Path base = null;
        if (sweep.baseConfig() != null) {
            base = Files.createTempFile("genmodels-sweep-base", ".yaml");
            Files.writeString(base, sweep.baseConfig());
        }
        int unvalidated = 0;
        try {
            for (SweepSpec.Run run : runs) {
                try {
                    boolean held = load(sweep.command(), base, sweep.setsOf(run))
                            .data()
                            .holdsOutValidation();
                    unvalidated += held ? 0 : 1;
                } catch (UserError e) {
                    throw new UserError(
                            "sweep run " + run.index() + " (" + String.join(" ", sweep.setsOf(run)) + "): "
                                    + e.getMessage().replace("error: ", ""),
                            e);
                }
            }
        } finally {
            if (base != null) {
                Files.deleteIfExists(base);
            }
        }
        return unvalidated;
    }

    private static genmodels.config.RunConfig<?> load(String command, Path base, List<String> sets) {
        var model = Models.byCommand(command);
        if (model.isPresent()) {
            return model.get().loadConfig(base, sets);
        }
        return Fits.byCommand(command)
                .orElseThrow(() -> new UserError("sweep: unknown command '" + command + "'; sweep one of "
                        + String.join(
                                ", ",
                                java.util.stream.Stream.concat(
                                                Models.ALL.stream().map(ModelDefinition::command),
                                                Fits.ALL.stream().map(FitDefinition::alias))
                                        .toList())))
                .loadConfig(base, sets);
    }
}

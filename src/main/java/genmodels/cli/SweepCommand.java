package genmodels.cli;

import genmodels.config.ConfigLoader;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.models.ModelDefinition;
import genmodels.models.Models;
import genmodels.sweep.Collect;
import genmodels.sweep.LocalExecutor;
import genmodels.sweep.SlurmScript;
import genmodels.sweep.SweepDirectory;
import genmodels.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code genmodels sweep}: one command over a grid of configs, locally or as a SLURM job array. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        subcommands = {SweepCommand.Status.class, SweepCommand.CollectCommand.class},
        synopsisSubcommandLabel = "[status | collect]",
        description = "Run COMMAND over the product of --grid values (and --seeds), each run an ordinary run directory"
                + " under SWEEP_DIR/runs, on this machine (--executor local --parallel N) or as one SLURM job array"
                + " (--executor slurm). Then: genmodels sweep status SWEEP_DIR, genmodels sweep collect SWEEP_DIR.")
final class SweepCommand implements Callable<Integer> {

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
    ExecutorOptions executor;

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
        DensityCommand<?> density = switch (command) {
            case "fit-gmm" -> new FitGmmCommand();
            case "fit-kde" -> new FitKdeCommand();
            case "pca" -> new PcaCommand();
            default ->
                throw new UserError("sweep: unknown command '" + command + "'; sweep one of "
                        + String.join(
                                ", ",
                                Models.ALL.stream()
                                        .map(ModelDefinition::command)
                                        .toList())
                        + ", fit-gmm, fit-kde, pca");
        };
        return ConfigLoader.load(density.builtInConfig(), base, sets, density.configType());
    }

    /** How the runs execute: here, or as a SLURM job array. */
    static final class ExecutorOptions {

        @Option(names = "--executor", paramLabel = "NAME", defaultValue = "local", description = "local or slurm.")
        String name;

        @Option(names = "--parallel", paramLabel = "N", defaultValue = "1", description = "local: runs at once.")
        int parallel;

        @Option(
                names = "--threads",
                paramLabel = "N",
                description = "Each run's --threads. Default: local, the cores / --parallel; slurm, auto.")
        Integer threads;

        @Option(
                names = "--submit",
                description = "slurm: call sbatch and record the job id (otherwise print the command).")
        boolean submit;

        @Option(
                names = "--max-running",
                paramLabel = "K",
                defaultValue = "0",
                description = "slurm: at most K array tasks at once (--array=...%%K); 0 for no limit.")
        int maxRunning;

        @Option(names = "--gpus", paramLabel = "N", description = "slurm: --gpus per task (e.g. 1).")
        String gpus;

        @Option(names = "--gres", paramLabel = "SPEC", description = "slurm: --gres per task (e.g. gpu:1).")
        String gres;

        @Option(
                names = "--cpus-per-task",
                paramLabel = "N",
                description = "slurm: --cpus-per-task (and each run's threads).")
        Integer cpusPerTask;

        @Option(names = "--mem", paramLabel = "SIZE", description = "slurm: --mem (e.g. 8G).")
        String mem;

        @Option(names = "--time", paramLabel = "D-HH:MM:SS", description = "slurm: --time per task.")
        String time;

        @Option(
                names = "--signal-before",
                paramLabel = "SECONDS",
                defaultValue = "" + SlurmScript.DEFAULT_SIGNAL_BEFORE,
                description = "slurm: this long before --time, each task writes a checkpoint and requeues itself"
                        + " (SLURM may signal up to a minute earlier).")
        int signalBefore;

        @Option(names = "--partition", paramLabel = "NAME", description = "slurm: --partition.")
        String partition;

        @Option(
                names = "--sbatch",
                paramLabel = "OPTION",
                description =
                        "slurm: any other sbatch option, passed through (repeatable), e.g. --sbatch=--account=ml.")
        List<String> sbatch = new ArrayList<>();

        @Option(
                names = "--jar",
                paramLabel = "PATH",
                description = "slurm: the genmodels jar on the compute nodes." + " Default: this jar.")
        Path jar;

        @Option(
                names = "--java",
                paramLabel = "PATH",
                description = "slurm: java on the compute nodes. Default: this java.")
        String javaBin;

        int execute(SweepDirectory dir, List<Integer> indices, PrintWriter out) throws Exception {
            if (indices.isEmpty()) {
                dir.writeManifest();
                out.println("every run is done; genmodels sweep collect " + dir.root());
                return ExitCodes.OK;
            }
            switch (name) {
                case "local" -> {
                    if (parallel < 1 || parallel > 256) {
                        throw new UserError("--parallel must be in [1, 256], found " + parallel);
                    }
                    int perRun = threads != null
                            ? threads
                            : Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
                    out.printf(
                            Locale.ROOT,
                            "local: %d runs, %d at once, %d thread(s) each; logs in %s%n",
                            indices.size(),
                            parallel,
                            perRun,
                            dir.root().resolve("logs"));
                    out.flush();
                    int notDone = new LocalExecutor(dir, parallel, perRun, out).run(indices);
                    out.printf(
                            Locale.ROOT,
                            "%d of %d runs done; manifest %s%n",
                            indices.size() - notDone,
                            indices.size(),
                            dir.root().resolve("runs.csv"));
                    return notDone == 0 ? ExitCodes.OK : ExitCodes.INTERNAL;
                }
                case "slurm" -> {
                    return slurm(dir, indices, out);
                }
                default -> throw new UserError("--executor must be local or slurm, found '" + name + "'");
            }
        }

        /** @return --signal-before, refused when it leaves a task under half its --time to train */
        int checkedSignalBefore() {
            if (signalBefore < 1) {
                throw new UserError("--signal-before must be at least 1 second, found " + signalBefore);
            }
            long limit = time == null ? -1 : SlurmScript.timeSeconds(time);
            if (limit > 0 && signalBefore * 2L > limit) {
                throw new UserError("--signal-before " + signalBefore + " s leaves under half of --time " + time
                        + " (" + limit + " s) to train before each task checkpoints and requeues itself; give"
                        + " --signal-before=" + Math.max(1, limit / 4) + " or a longer --time");
            }
            return signalBefore;
        }

        private int slurm(SweepDirectory dir, List<Integer> indices, PrintWriter out) throws Exception {
            String javaPath = javaBin != null
                    ? javaBin
                    : ProcessHandle.current().info().command().orElse("java");
            Path code = jar != null
                    ? jar
                    : Path.of(SweepCommand.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI());
            List<String> launcher = code.toString().endsWith(".jar")
                    ? List.of(javaPath, "-jar", code.toAbsolutePath().toString())
                    : List.of(javaPath, "-cp", System.getProperty("java.class.path"), "genmodels.cli.Main");
            SlurmScript script = new SlurmScript(
                    "genmodels-" + dir.root().getFileName(),
                    indices,
                    maxRunning,
                    gpus,
                    gres,
                    cpusPerTask,
                    mem,
                    time,
                    partition,
                    sbatch,
                    launcher,
                    threads != null ? threads : cpusPerTask,
                    checkedSignalBefore());
            Files.createDirectories(dir.root().resolve("logs"));
            Path file = dir.root()
                    .resolve(
                            indices.size() == dir.runs().size()
                                    ? "sweep.sbatch"
                                    : "rerun-" + System.currentTimeMillis() + ".sbatch");
            AtomicFiles.writeString(
                    file,
                    String.join("\n", script.lines(dir.root().toAbsolutePath().toString())) + "\n");
            dir.writeManifest();
            if (!submit) {
                out.println("wrote " + file + " (" + indices.size() + " array tasks); submit with: sbatch " + file);
                return ExitCodes.OK;
            }
            Process p = new ProcessBuilder("sbatch", "--parsable", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String answer = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new UserError("sbatch " + file + " failed: "
                        + answer.lines().reduce((a, b) -> b).orElse(""));
            }
            String jobId = answer.lines().reduce((a, b) -> b).orElse("").split(";")[0];
            Files.writeString(
                    dir.root().resolve("slurm-jobs.txt"),
                    jobId + " " + file.getFileName() + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            out.println("submitted job " + jobId + " (" + indices.size() + " array tasks, " + file + ")");
            return ExitCodes.OK;
        }
    }

    /** {@code genmodels sweep status SWEEP_DIR}. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Count the runs per state, name the"
                    + " failed ones with their last error line; --rerun-failed runs the failed and missing ones again.")
    static final class Status implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SWEEP_DIR")
        Path dir;

        @Option(
                names = "--rerun-failed",
                description = "Run only the failed, stopped or never-started runs again"
                        + " (those with checkpoints resume), with the executor options below.")
        boolean rerunFailed;

        @Mixin
        ExecutorOptions executor;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            SweepDirectory sweep = SweepDirectory.open(dir);
            Map<String, Integer> counts = new TreeMap<>();
            List<Integer> again = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (SweepSpec.Run run : sweep.runs()) {
                SweepDirectory.RunState s = sweep.state(run.index());
                counts.merge(s.state(), 1, Integer::sum);
                if (!s.state().equals("done") && !s.state().equals("running")) {
                    again.add(run.index());
                }
                if (s.state().equals("failed")) {
                    failures.add(String.format(
                            Locale.ROOT,
                            "  run %d (exit %s): %s",
                            run.index(),
                            s.exitCode(),
                            s.error() == null ? "" : s.error()));
                }
            }
            sweep.writeManifest();
            out.printf(
                    Locale.ROOT,
                    "%s: %d runs of %s; %s%n",
                    dir,
                    sweep.runs().size(),
                    sweep.spec().command(),
                    String.join(
                            ", ",
                            counts.entrySet().stream()
                                    .map(e -> e.getValue() + " " + e.getKey())
                                    .toList()));
            failures.forEach(out::println);
            if (!rerunFailed) {
                return ExitCodes.OK;
            }
            out.printf(Locale.ROOT, "rerunning %d run(s): %s%n", again.size(), again);
            return executor.execute(sweep, again, out);
        }
    }

    /** {@code genmodels sweep collect SWEEP_DIR}. */
    @Command(
            name = "collect",
            mixinStandardHelpOptions = true,
            description = "One table of every finished run's"
                    + " overrides and test figures (collect.csv, collect.md), mean and standard deviation over seeds per grid"
                    + " point, the best point, and collect.png: the headline figure against the first swept key.")
    static final class CollectCommand implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SWEEP_DIR")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SweepDirectory sweep = SweepDirectory.open(dir);
            sweep.writeManifest();
            Collect.Result r = Collect.write(sweep);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    Locale.ROOT,
                    "%d of %d runs finished; %s; wrote %s, %s, %s%n",
                    r.finished(),
                    r.total(),
                    r.bestPoint() == null
                            ? "no best point: " + r.notRanked().replaceAll("\\.$", "")
                            : String.format(
                                    Locale.ROOT,
                                    "best point by %s: %s (mean %.4f)",
                                    r.headline(),
                                    r.bestPoint(),
                                    r.bestMean()),
                    dir.resolve("collect.csv"),
                    dir.resolve("collect.md"),
                    dir.resolve("collect.png"));
            return ExitCodes.OK;
        }
    }
}

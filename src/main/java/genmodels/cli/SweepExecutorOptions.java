package genmodels.cli;

import genmodels.errors.UserError;
import genmodels.sweep.LocalExecutor;
import genmodels.sweep.SlurmScript;
import genmodels.sweep.SlurmSubmission;
import genmodels.sweep.SweepDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How the runs execute: here, or as a SLURM job array. */
final class SweepExecutorOptions {

    @Option(names = "--executor", paramLabel = "NAME", defaultValue = "local", description = "local or slurm.")
    Choices.Executor name;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1", description = "local: runs at once.")
    int parallel;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Each run's --threads. Default: local, the cores / --parallel; slurm, auto.")
    Integer threads;

    @Option(names = "--submit", description = "slurm: call sbatch and record the job id (otherwise print the command).")
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
            description = "slurm: any other sbatch option, passed through (repeatable), e.g. --sbatch=--account=ml.")
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
        if (name == Choices.Executor.slurm) {
            return slurm(dir, indices, out);
        }
        OptionRange.require("--parallel", parallel, 1, 256);
        int perRun =
                threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
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

    /** @return --signal-before, refused when it leaves a task under half its --time to train */
    int checkedSignalBefore() {
        OptionRange.require("--signal-before", signalBefore, 1, 7 * 24 * 3600);
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
        SlurmSubmission.write(dir, indices, script, submit, out);
        return ExitCodes.OK;
    }
}

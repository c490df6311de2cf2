package genmodels.cli;

import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.io.Headline;
import genmodels.sweep.SweepDirectory;
import genmodels.sweep.SweepSpec;
import genmodels.sweep.TaskPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code genmodels sweep-task SWEEP_DIR --index I}: one run of a sweep, started or resumed. */
@Command(
        name = "sweep-task",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run one run of a sweep (what each local worker and each SLURM array task executes): start it,"
                + " or --resume it from its newest checkpoint when it has one, or nothing when it finished. Exits with"
                + " the run's exit code.")
final class SweepTaskCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SWEEP_DIR")
    Path dir;

    @Option(names = "--index", paramLabel = "I", required = true, description = "The run ($SLURM_ARRAY_TASK_ID).")
    int index;

    @Option(names = "--threads", paramLabel = "N", description = "The run's --threads (default auto).")
    String threads;

    @Option(
            names = "--device",
            paramLabel = "DEVICE",
            description = "The run's --device (the SLURM script passes gpu to tasks given GPUs).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SweepDirectory sweep = SweepDirectory.open(dir);
        if (index < 0 || index >= sweep.runs().size()) {
            throw new UserError("--index " + index + ": the sweep has runs 0 to "
                    + (sweep.runs().size() - 1));
        }
        SweepSpec.Run run = sweep.runs().get(index);
        Path runDir = sweep.runDir(index);
        PrintWriter out = spec.commandLine().getOut();
        TaskPlan plan = TaskPlan.of(runDir);
        if (plan == TaskPlan.DONE) {
            Headline h = Headline.of(runDir);
            sweep.writeState(new SweepDirectory.RunState(
                    index, "done", 0, h == null ? null : h.key(), h == null ? null : h.value(), null));
            out.println("run " + index + " already finished: " + runDir);
            return ExitCodes.OK;
        }
        List<String> args = new ArrayList<>(List.of(sweep.spec().command()));
        if (plan == TaskPlan.RESUME) {
            args.add("--resume");
            args.add(runDir.toString());
        } else {
            AtomicFiles.deleteTree(runDir); // a start that wrote no checkpoint: nothing to keep
            args.addAll(sweep.runArguments(run));
        }
        if (threads != null) {
            args.add("--threads");
            args.add(threads);
        }
        if (device != null) {
            args.add("--device");
            args.add(device);
        }
        out.println("sweep-task " + index + (plan == TaskPlan.RESUME ? " resumes" : " starts") + ": genmodels "
                + String.join(" ", args));
        out.flush();
        sweep.writeState(new SweepDirectory.RunState(index, "running", null, null, null, null));
        StringWriter errors = new StringWriter();
        PrintWriter err = new PrintWriter(new TeeWriter(spec.commandLine().getErr(), errors), true);
        int code = Main.execute(args.toArray(String[]::new), out, err);
        err.flush();
        String lastError = errors.toString()
                .lines()
                .filter(l -> !l.isBlank())
                .reduce((a, b) -> b)
                .orElse(null);
        Headline h = code == 0 ? Headline.of(runDir) : null;
        String state = code == 0 ? "done" : code > 128 ? "stopped" : "failed";
        sweep.writeState(new SweepDirectory.RunState(
                index, state, code, h == null ? null : h.key(), h == null ? null : h.value(), lastError));
        return code;
    }

    /** Writes to two writers: the task's own error stream, and a copy for the state's last error line. */
    private static final class TeeWriter extends java.io.Writer {
        private final java.io.Writer a;
        private final java.io.Writer b;

        TeeWriter(java.io.Writer a, java.io.Writer b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws java.io.IOException {
            a.write(cbuf, off, len);
            b.write(cbuf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            flush();
        }
    }
}

package genmodels.cli;

import genmodels.sweep.SweepDirectory;
import genmodels.sweep.SweepStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code genmodels sweep status SWEEP_DIR}. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Count the runs per state, name the"
                + " failed ones with their last error line; --rerun-failed runs the failed and missing ones again.")
final class SweepStatusCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SWEEP_DIR")
    Path dir;

    @Option(
            names = "--rerun-failed",
            description = "Run only the failed, stopped or never-started runs again"
                    + " (those with checkpoints resume), with the executor options below.")
    boolean rerunFailed;

    @Mixin
    SweepExecutorOptions executor;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SweepDirectory sweep = SweepDirectory.open(dir);
        SweepStatus status = SweepStatus.of(sweep);
        sweep.writeManifest();
        out.printf(
                Locale.ROOT,
                "%s: %d runs of %s; %s%n",
                dir,
                sweep.runs().size(),
                sweep.spec().command(),
                status.countsLine());
        status.failures().forEach(out::println);
        if (!rerunFailed) {
            return ExitCodes.OK;
        }
        out.printf(Locale.ROOT, "rerunning %d run(s): %s%n", status.again().size(), status.again());
        return executor.execute(sweep, status.again(), out);
    }
}

package genmodels.cli;

import genmodels.sweep.SweepDirectory;
import genmodels.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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

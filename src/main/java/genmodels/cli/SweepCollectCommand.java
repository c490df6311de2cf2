package genmodels.cli;

import genmodels.sweep.Collect;
import genmodels.sweep.SweepDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code genmodels sweep collect SWEEP_DIR}. */
@Command(
        name = "collect",
        mixinStandardHelpOptions = true,
        description = "One table of every finished run's"
                + " overrides and test figures (collect.csv, collect.md), mean and standard deviation over seeds per grid"
                + " point, the best point, and collect.png: the headline figure against the first swept key.")
final class SweepCollectCommand implements Callable<Integer> {

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

package genmodels.cli;

import genmodels.errors.UserError;
import genmodels.report.ReportPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code genmodels report}: one self-contained HTML page for one run, or several side by side. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Write one self-contained HTML page (pictures embedded, nothing fetched) for a run directory,"
                + " or for several side by side with a comparison table: command, config, data and checksums,"
                + " device and threads, timings, metrics, curves, samples, reconstructions, latent pictures and"
                + " eval.json's figures.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run directories (train-*, fit-*, pca).")
    List<Path> runs;

    @Option(
            names = {"--out", "--output"},
            paramLabel = "FILE.html",
            description = "The page to write. Default: RUN/report.html for one run, report.html here for several.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (Path run : runs) {
            if (!Files.isDirectory(run)) {
                throw new UserError(
                        "report: " + run + " is not a folder; pass run directories (e.g. runs/train-vae-...)");
            }
        }
        Path file = output != null
                ? output
                : runs.size() == 1 ? runs.get(0).resolve("report.html") : Path.of("report.html");
        ReportPage.write(runs, file);
        spec.commandLine().getOut().println("wrote " + file);
        return ExitCodes.OK;
    }
}

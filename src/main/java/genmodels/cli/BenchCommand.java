package genmodels.cli;

import genmodels.bench.BenchmarkSuite;
import genmodels.config.DataConfig;
import genmodels.errors.UserError;
import genmodels.io.Json;
import genmodels.models.Models;
import genmodels.train.RunSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels bench}: one performance table on the current device. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Measure on this device: training images/s and per-batch ms by phase of the default VAE, AE,"
                + " SWAE and classifier; the importance-weighted NLL (K=500); PCA, EM and KDE; peak memory of each.")
final class BenchCommand implements Callable<Integer> {

    @Mixin
    RunOptions options;

    @Option(
            names = "--what",
            paramLabel = "ROWS",
            split = ",",
            defaultValue = "default",
            description = "Rows to run, comma-separated: each model's rows (vae, iwae, conv_vae, ae, swae, classifier,"
                    + " ...) and pca, gmm, kde, load (the data section read twice: decode, then cache); default: all but"
                    + " the slow ones (conv_vae) and load; all: every row.")
    List<String> what;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "1",
            description = "Whole epochs to time per autoencoder row (the classifier trains 3).")
    int epochs;

    @Option(
            names = "--profile-batches",
            paramLabel = "N",
            defaultValue = "200",
            description = "Batches to profile phase by phase.")
    int profileBatches;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionRange.require("--epochs", epochs, 1, 10_000);
        OptionRange.require("--profile-batches", profileBatches, 1, 1_000_000);
        List<String> rows = new ArrayList<>();
        for (String w : what) {
            String row = w.trim();
            if (row.equals("default") || row.equals("all")) {
                rows.addAll(BenchmarkSuite.rows(row.equals("all")));
            } else if (BenchmarkSuite.rows(true).contains(row)) {
                rows.add(row);
            } else {
                throw new UserError(
                        "--what: unknown row '" + w + "'; rows are " + String.join(",", BenchmarkSuite.rows(true)));
            }
        }
        DataConfig data = Models.ALL
                .get(0)
                .loadConfig(options.config, options.overrides())
                .data();
        var device = options.engine.start();
        if (options.dryRun) {
            try (var manager = ai.djl.ndarray.NDManager.newBaseManager(device)) {
                genmodels.data.Datasets.load(data, manager);
            }
            spec.commandLine().getOut().println("dry run: the data loads; rows " + rows + " would run");
            return ExitCodes.OK;
        }
        PrintWriter out = spec.commandLine().getOut();
        RunSettings settings = new RunSettings(
                device, options.engine.threads(), true, out, spec.commandLine().getErr(), false);
        out.printf(
                "bench on %s, --threads %s%s, %d cores, %s%n",
                settings.deviceName(),
                options.engine.threads,
                options.engine.threads().auto() ? " (each row measures its own)" : "",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("device", settings.deviceName());
        figures.put("threads", options.engine.threads);
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        figures.put("rows", BenchmarkSuite.run(rows, data, epochs, profileBatches, settings));
        if (json != null) {
            Json.write(json, figures);
            out.println("wrote " + json);
        }
        return ExitCodes.OK;
    }
}

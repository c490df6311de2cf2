package genmodels.cli;

import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.io.Json;
import genmodels.models.vae.VaeConfig;
import genmodels.models.vae.VariationalAutoencoder;
import genmodels.train.Benchmark;
import genmodels.train.RunSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels bench}: training speed and memory of the default VAE on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Train the default VAE for whole epochs and print images/second, per-batch milliseconds"
                + " by phase (forward, loss, backward, optimizer step) and peak memory.")
final class BenchCommand implements Callable<Integer> {

    @Mixin
    RunOptions options;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1", description = "Whole epochs to time.")
    int epochs;

    @Option(names = "--profile-batches", paramLabel = "N", defaultValue = "200",
            description = "Batches to profile phase by phase.")
    int profileBatches;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1 || profileBatches < 1) {
            throw new genmodels.errors.UserError("--epochs and --profile-batches must be >= 1");
        }
        RunConfig<VaeConfig> config =
                ConfigLoader.load("vae-mnist.yaml", options.config, options.overrides(), VaeConfig.class);
        int threads = options.engine.threadCount();
        var device = options.engine.start();
        PrintWriter out = spec.commandLine().getOut();
        RunSettings settings = new RunSettings(device, threads, true, out, spec.commandLine().getErr(), false);
        out.printf("bench: VAE %s, batch %d, %s, %d thread(s)%n", config.model().hidden(), config.train().batchSize(),
                settings.deviceName(), threads);
        Map<String, Object> figures = Benchmark.run(config,
                pixels -> new VariationalAutoencoder(config.model(), pixels), settings, epochs, profileBatches);
        out.printf(Locale.ROOT, "mean epoch: %.2f s, %.0f images/s%n", figures.get("mean_epoch_seconds"),
                figures.get("images_per_second"));
        @SuppressWarnings("unchecked")
        Map<String, Double> phases = (Map<String, Double>) figures.get("per_batch_ms");
        StringBuilder line = new StringBuilder("per batch (ms):");
        phases.forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.3f", k, v)));
        out.println(line);
        out.printf(Locale.ROOT, "peak resident memory: %.0f MB (Java heap peak %.0f MB)%n",
                figures.get("peak_resident_mb"), figures.get("peak_java_heap_mb"));
        if (json != null) {
            Json.write(json, figures);
            out.println("wrote " + json);
        }
        return ExitCodes.OK;
    }
}

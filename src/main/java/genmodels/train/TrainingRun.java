package genmodels.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.data.Datasets;
import genmodels.io.AtomicFiles;
import genmodels.io.RunDirectory;
import genmodels.models.GenerativeModel;
import genmodels.models.TrainableModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training command end to end: check the output folder, load the data, create the run directory
 * and write the resolved config, build and initialise the model, train with the standard listeners
 * (console, progress bar, metrics.csv, image grids, checkpoint, summary.json).
 */
public final class TrainingRun {

    /** Builds the model for images of a given number of pixels. */
    @FunctionalInterface
    public interface ModelFactory {
        TrainableModel create(int pixels);
    }

    private TrainingRun() {}

    /**
     * @param command the command name ({@code train-vae}), used for the default run folder
     * @param config the resolved config
     * @param factory builds the model
     * @param settings device, threads, output streams
     * @return the run directory
     */
    public static Path run(String command, RunConfig<?> config, ModelFactory factory, RunSettings settings)
            throws Exception {
        if (!config.data().source().equals("images") || config.data().pca() != null) {
            throw new genmodels.errors.UserError(command + " trains on images: data.source must be images and data.pca"
                    + " null (the other sources and data.pca are for pca, fit-gmm and fit-kde)");
        }
        RunDirectory.checkAvailable(config.output().dir());
        try (NDManager manager = NDManager.newBaseManager(settings.device())) {
            Datasets.Splits data = Datasets.load(config.data(), manager);
            RunDirectory run = RunDirectory.create(config.output().dir(), command);
            AtomicFiles.writeString(run.config(), ConfigLoader.toYaml(config));

            Engine.getInstance().setRandomSeed(config.train().seed());
            TrainableModel model = factory.create(data.train().pixels());
            model.block().initialize(manager, DataType.FLOAT32, new Shape(1, data.train().pixels()));
            ParameterStore store = new ParameterStore(manager, false);
            int batches = (data.train().size() + config.train().batchSize() - 1) / config.train().batchSize();

            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("command", command);
            provenance.put("model_type", config.model().type());
            provenance.put("seed", config.train().seed());
            provenance.put("config", config);
            provenance.put("data", data.identity());
            provenance.put("device", settings.deviceName());
            provenance.put("threads", settings.threads());

            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("command", command);
            extra.put("model", config.model().type());
            extra.put("units", "means per image: likelihood terms (neg_elbo, reconstruction with bce, kl, classification)"
                    + " in nats, mse_per_pixel per pixel, accuracy a fraction; train is the running mean over each"
                    + " epoch's batches");
            extra.put("device", settings.deviceName());
            extra.put("threads", settings.threads());

            List<TrainingListener> listeners = new ArrayList<>();
            if (!settings.quiet() && settings.terminal()) {
                listeners.add(new ProgressBar(settings.err()));
            }
            listeners.add(new ConsoleReporter(settings.out()));
            listeners.add(new MetricsCsvWriter(run.metrics()));
            if (model instanceof GenerativeModel generative) {
                listeners.add(new ImageGridWriter(generative, store, run, data.test(), config.output().sampleEvery(),
                        config.train().epochs(), config.train().seed(), manager));
                listeners.add(new LatentSpaceWriter(generative, store, run, data.test(), config.output().sampleEvery(),
                        config.train().epochs(), manager));
            }
            listeners.add(new CheckpointWriter(model, run, provenance, batches));
            listeners.add(new SummaryWriter(run.summary(), extra));

            settings.out().printf(Locale.ROOT, "%s: %s, %d train / %s%d test images, %s, %d thread(s) -> %s%n",
                    command, config.data().dataset(), data.train().size(),
                    data.validation() == null ? "" : data.validation().size() + " validation / ",
                    data.test().size(), settings.deviceName(), settings.threads(), run.root());
            List<EpochResult> history =
                    new TrainingLoop(model, config.train(), data, manager, store, listeners).run();
            EpochResult last = history.get(history.size() - 1);
            settings.out().printf(Locale.ROOT, "done: test %s, mean %.2f s per epoch; wrote %s%n",
                    format(last.metrics().get("test")),
                    history.stream().mapToDouble(EpochResult::trainSeconds).average().orElse(0), run.root());
            return run.root();
        }
    }

    private static String format(Map<String, Double> terms) {
        StringBuilder sb = new StringBuilder();
        terms.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(ConsoleReporter.format(v)));
        return sb + " (means per image)";
    }
}

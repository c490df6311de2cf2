package genmodels.runs;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.data.Datasets;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.io.RunDirectory;
import genmodels.models.GenerativeModel;
import genmodels.models.ImageSampler;
import genmodels.models.TrainableModel;
import genmodels.report.ReportPage;
import genmodels.train.ConsoleReporter;
import genmodels.train.CurvesWriter;
import genmodels.train.EpochResult;
import genmodels.train.ImageGridWriter;
import genmodels.train.LatentSpaceWriter;
import genmodels.train.MetricsCsvWriter;
import genmodels.train.ProgressBar;
import genmodels.train.RunSettings;
import genmodels.train.SamplerGridWriter;
import genmodels.train.StepProbe;
import genmodels.train.SummaryWriter;
import genmodels.train.TrainingDiverged;
import genmodels.train.TrainingInterrupted;
import genmodels.train.TrainingListener;
import genmodels.train.TrainingLoop;
import genmodels.train.TrainingState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training command end to end: check the output folder, load the data, create (or reopen, to
 * resume) the run directory and write the resolved config, build and initialise the model (restoring
 * the newest checkpoint when resuming), and train with the standard listeners and checkpoints.
 */
public final class TrainingRun {

    /** Builds the model for images of a given number of pixels. */
    @FunctionalInterface
    public interface ModelFactory {
        TrainableModel create(int pixels);
    }

    /** Exit code of a run stopped by a signal: 128 + the signal's number (130 SIGINT, 143 SIGTERM). */
    public static int exitCode(TrainingInterrupted e) {
        return 128 + e.signal();
    }

    private TrainingRun() {}

    /**
     * @param command the command name ({@code train-vae}), used for the default run folder
     * @param config the resolved config
     * @param factory builds the model
     * @param settings device, threads, output streams, stop request
     * @param resume the run directory to continue, or null for a new run
     * @param dryRun check everything, print the config, write nothing
     * @return the process exit code: 0, or 128 + signal when interrupted
     */
    public static int run(String command, RunConfig<?> config, ModelFactory factory, RunSettings settings, Path resume,
            boolean dryRun) throws Exception {
        if (!config.data().source().equals("images") || config.data().pca() != null) {
            throw new UserError(command + " trains on images: data.source must be images and data.pca"
                    + " null (the other sources and data.pca are for pca, fit-gmm and fit-kde)");
        }
        if (config.train().earlyStopping() != null && config.data().validation() == 0) {
            throw new UserError("train.early_stopping watches the validation split; set data.validation to the number"
                    + " of training images to hold out (e.g. --set data.validation=5000)");
        }
        if (config.train().earlyStopping() != null && (config.model().type().equals("gan"))) {
            throw new UserError("train.early_stopping watches a validation loss, and a GAN's losses do not measure"
                    + " sample quality; remove train.early_stopping (set it to null)");
        }
        if (resume == null) {
            RunDirectory.checkAvailable(config.output().dir());
        }
        try (NDManager manager = NDManager.newBaseManager(settings.device())) {
            Datasets.Splits data = Datasets.load(config.data(), manager);
            if (!dryRun) {
                chooseThreads(factory, config, data, manager, settings);
            }
            Engine.getInstance().setRandomSeed(config.train().seed()); // after the probe, which draws from it
            TrainableModel model = factory.create(data.train().pixels());
            model.block().initialize(manager, DataType.FLOAT32, new Shape(1, data.train().pixels()));
            ParameterStore store = new ParameterStore(manager, false);
            SampleClassEntropy classEntropy = model instanceof ImageSampler sampler && config.output().classifier() != null
                    ? new SampleClassEntropy(sampler, store, Path.of(config.output().classifier()), config.data().dataset(),
                            config.train().seed(), 0, manager)
                    : null; // loaded before anything is written, so a wrong folder leaves nothing behind
            if (dryRun) {
                settings.out().print(ConfigLoader.toYaml(config));
                settings.out().printf(Locale.ROOT, "dry run: config, %d train / %d test images and the model are valid;"
                        + " nothing was trained or written%n", data.train().size(), data.test().size());
                return 0;
            }
            RunDirectory run = resume == null ? RunDirectory.create(config.output().dir(), command)
                    : RunDirectory.existing(resume);
            run.requireSpace(estimateBytes(model, config));
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("command", command);
            provenance.put("model_type", config.model().type());
            provenance.put("seed", config.train().seed());
            provenance.put("config", config);
            provenance.put("data", data.identity());
            provenance.put("device", settings.deviceName());
            provenance.put("threads", settings.threadCount());
            RunCheckpoints checkpoints = new RunCheckpoints(run, model, provenance, config.output().checkpointInterval(),
                    config.output().checkpointsKept());

            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("command", command);
            extra.put("model", config.model().type());
            extra.put("units", "means per image: likelihood terms (neg_elbo, reconstruction with bce, kl, classification)"
                    + " in nats, mse_per_pixel and noise_mse per pixel, accuracies fractions, GAN losses per image,"
                    + " class_entropy in nats; train is the running mean over each epoch's batches");
            extra.put("device", settings.deviceName());
            extra.put("threads", settings.threadCount());
            extra.put("thread_choice", settings.threads().choice().toJson());

            List<TrainingListener> listeners = new ArrayList<>();
            if (!settings.quiet() && settings.terminal()) {
                listeners.add(new ProgressBar(settings.err()));
            }
            listeners.add(new ConsoleReporter(settings.out()));
            listeners.add(new MetricsCsvWriter(run.metrics()));
            listeners.add(new CurvesWriter(run.file("curves.png"), run.root().getFileName().toString()));
            if (model instanceof GenerativeModel generative) {
                listeners.add(new ImageGridWriter(generative, store, run, data.test(), config.output().sampleEvery(),
                        config.train().epochs(), config.train().seed(), manager, config.output().gridScaleOrDefault()));
                listeners.add(new LatentSpaceWriter(generative, store, run, data.test(), config.output().sampleEvery(),
                        config.train().epochs(), manager));
            }
            if (model instanceof ImageSampler sampler) {
                listeners.add(new SamplerGridWriter(sampler, store, run, config.output().sampleEvery(),
                        config.train().epochs(), config.train().seed(), manager, config.output().gridScaleOrDefault(),
                        (int) Math.round(Math.sqrt(data.train().pixels()))));
            }
            listeners.add(new SummaryWriter(run.summary(), extra));
            TrainingLoop loop = new TrainingLoop(model, config.train(), data, manager, store, listeners);
            if (classEntropy != null) {
                loop.withEpochMeasure("samples", classEntropy);
            }
            if (resume != null) {
                RunCheckpoints.requireSameData(run.root(), data.identity());
                Path checkpoint = RunCheckpoints.newest(run.root()).orElseThrow(() -> new UserError(run.root()
                        + " has no complete checkpoint under checkpoints/ to resume from; start a new run"));
                TrainingState state = RunCheckpoints.restore(checkpoint, model, loop.optimizers(), manager);
                if (state.epoch() > config.train().epochs()) {
                    throw new UserError(run.root() + " already finished " + (state.epoch() - 1) + " epochs; to train"
                            + " further, raise them: --resume " + run.root() + " --set train.epochs=" + (state.epoch() + 4));
                }
                settings.out().printf("resuming %s from %s (epoch %d, batch %d, step %d)%n", run.root(),
                        checkpoint.getFileName(), state.epoch(), state.batch(), state.step());
                loop.resumeFrom(state);
            }
            loop.withCheckpointing(checkpoints).withStopRequest(settings.stop());
            AtomicFiles.writeString(run.config(), ConfigLoader.toYaml(config)); // after a successful restore

            if (resume == null) {
                settings.out().printf(Locale.ROOT, "%s: %s, %d train / %s%d test images, %s, %d thread(s) -> %s%n",
                        command, config.data().dataset(), data.train().size(),
                        data.validation() == null ? "" : data.validation().size() + " validation / ",
                        data.test().size(), settings.deviceName(), settings.threadCount(), run.root());
            }
            List<EpochResult> history;
            try {
                history = loop.run();
            } catch (TrainingInterrupted e) {
                settings.out().printf("%s at epoch %d, batch %d: checkpoint written to %s; continue with: genmodels %s"
                        + " --resume %s%n", e.signal() == 2 ? "interrupted (SIGINT)" : "stopped (signal " + e.signal() + ")",
                        e.state().batch() == 0 ? e.state().epoch() - 1 : e.state().epoch(), e.state().batch(),
                        checkpoints.latest(), command, run.root());
                settings.out().flush();
                return exitCode(e);
            } catch (TrainingDiverged e) {
                Path good = checkpoints.latest();
                throw new UserError(e.getMessage() + "; " + (good == null ? "no checkpoint was written before it"
                        : "the last good checkpoint is " + good) + "; lower train.optimizer.lr (now "
                        + config.train().optimizer().lr() + "), set train.grad_clip (e.g. 5.0)"
                        + (config.model().type().equals("vae") ? " or model.logvar_clamp (e.g. 10)" : "")
                        + (good == null ? ", then start again" : ", then continue with: genmodels " + command + " --resume "
                                + run.root() + " --set train.optimizer.lr=" + config.train().optimizer().lr() / 10), e);
            }
            EpochResult last = history.get(history.size() - 1);
            ReportPage.write(List.of(run.root()), run.file("report.html"));
            settings.out().printf(Locale.ROOT, "done: test %s, mean %.2f s per epoch; wrote %s%n",
                    format(last.metrics().get("test")),
                    history.stream().mapToDouble(EpochResult::trainSeconds).average().orElse(0), run.root());
            if (config.model().type().equals("vae") && !config.data().binarized()) {
                settings.out().println("(grey-level pixels: neg_elbo and reconstruction are Bernoulli cross-entropies,"
                        + " not likelihoods; data.binarize: dynamic gives NLLs comparable with binarized-MNIST results)");
            }
            if (config.train().earlyStopping() != null && last.epoch() < config.train().epochs()) {
                settings.out().printf("stopped early after epoch %d: no validation improvement for %d epochs; the best"
                        + " model (epoch %d) is in %s%n", last.epoch(), config.train().earlyStopping().patience(),
                        bestEpoch(history, model), run.file("best"));
            }
            return 0;
        }
    }

    /**
     * Fixes the engine's thread count for the run: {@code --threads N}, or with auto the fastest
     * count for real training steps of this config, timed on a throwaway copy of the model.
     */
    public static void chooseThreads(ModelFactory factory, RunConfig<?> config, Datasets.Splits data, NDManager manager,
            RunSettings settings) {
        if (!settings.threads().auto() || settings.device().isGpu()) {
            settings.threads().choose("training step", settings.device().isGpu(), () -> { }, settings.out());
            return;
        }
        try (StepProbe probe = new StepProbe(factory::create, config.train(), data.train(), manager)) {
            settings.threads().choose("training step", false, probe, settings.out());
        }
    }

    /** An estimate of what a run writes: kept checkpoints, best, latest weights (3 copies each), images. */
    private static long estimateBytes(TrainableModel model, RunConfig<?> config) {
        long parameters = 0;
        for (var p : model.block().getParameters()) {
            parameters += p.getValue().getArray().size();
        }
        long checkpoint = parameters * 4 * 3 + 65_536;
        return checkpoint * (config.output().checkpointsKept() + 3) + 2_000_000L * Math.min(config.train().epochs(), 1000);
    }

    private static int bestEpoch(List<EpochResult> history, TrainableModel model) {
        String watched = model.termNames().get(0);
        return history.stream().min((a, b) -> Double.compare(a.metrics().get("validation").get(watched),
                b.metrics().get("validation").get(watched))).map(EpochResult::epoch).orElse(0);
    }

    private static String format(Map<String, Double> terms) {
        StringBuilder sb = new StringBuilder();
        terms.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(ConsoleReporter.format(v)));
        return sb + " (means per image)";
    }
}

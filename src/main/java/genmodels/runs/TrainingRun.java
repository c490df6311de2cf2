package genmodels.runs;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.data.Augmentation;
import genmodels.data.Datasets;
import genmodels.engine.ImageSpec;
import genmodels.engine.Seeds;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.io.Provenance;
import genmodels.io.RunDirectory;
import genmodels.models.Term;
import genmodels.models.TrainableModel;
import genmodels.report.ReportPage;
import genmodels.train.ConsoleReporter;
import genmodels.train.EpochResult;
import genmodels.train.MixedPrecision;
import genmodels.train.RunSettings;
import genmodels.train.StepProbe;
import genmodels.train.TrainingDiverged;
import genmodels.train.TrainingInterrupted;
import genmodels.train.TrainingLoop;
import genmodels.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training command end to end: check the config and the output folder, load the data, build and
 * initialise the model, create (or reopen, to resume) the run directory and write the resolved
 * config, restore the newest checkpoint when resuming, and train with the standard listeners, the
 * pictures the model asks for and checkpoints. Nothing here depends on which model it trains: what
 * is particular to a model comes through {@link TrainableModel}.
 */
public final class TrainingRun {

    /** Builds the model for images of a given shape and class count. */
    @FunctionalInterface
    public interface ModelFactory {
        TrainableModel create(ImageSpec image);
    }

    /** Exit code of a run stopped by a signal: 128 + the signal's number (130 SIGINT, 143 SIGTERM). */
    public static int exitCode(TrainingInterrupted e) {
        return 128 + e.signal();
    }

    private final String command;
    private final RunConfig<?> config;
    private final ModelFactory factory;
    private final RunSettings settings;
    private final Path resume;
    private final boolean dryRun;

    private TrainingRun(
            String command,
            RunConfig<?> config,
            ModelFactory factory,
            RunSettings settings,
            Path resume,
            boolean dryRun) {
        this.command = command;
        this.config = config;
        this.factory = factory;
        this.settings = settings;
        this.resume = resume;
        this.dryRun = dryRun;
    }

    /**
     * @param command the command name ({@code train-vae}), used for the default run folder
     * @param config the resolved config
     * @param factory builds the model
     * @param settings device, threads, output streams, stop request
     * @param resume the run directory to continue, or null for a new run
     * @param dryRun check everything, print the config, write nothing
     * @return the process exit code: 0, or 128 + signal when interrupted
     */
    public static int run(
            String command,
            RunConfig<?> config,
            ModelFactory factory,
            RunSettings settings,
            Path resume,
            boolean dryRun)
            throws Exception {
        return new TrainingRun(command, config, factory, settings, resume, dryRun).execute();
    }

    private int execute() throws Exception {
        checkConfig();
        if (resume == null) {
            RunDirectory.checkAvailable(config.output().dir());
        }
        try (NDManager manager = NDManager.newBaseManager(settings.device())) {
            Datasets.Splits data = Datasets.load(config.data(), manager);
            genmodels.train.LatentSpaceWriter.checkInterpolation(
                    config.output().interpolation(), data.test().size());
            if (!dryRun) {
                chooseThreads(factory, config, data, manager, settings);
            }
            TrainableModel model = buildModel(data, manager);
            checkRecipe(model, data, manager);
            ParameterStore store = new ParameterStore(manager, false);
            SampleWatch watch = config.output().classifier() == null
                    ? null
                    : SampleWatch.of(
                            model,
                            config.model().type(),
                            store,
                            Path.of(config.output().classifier()),
                            data.image(),
                            config.data().dataset(),
                            data.validation(),
                            config.train().seed(),
                            manager); // before anything is written
            if (dryRun) {
                return reportDryRun(data);
            }
            RunDirectory run = openRun(model);
            Provenance provenance = provenance(data);
            RunCheckpoints checkpoints = new RunCheckpoints(
                    run,
                    model,
                    provenance,
                    config,
                    config.output().checkpointInterval(),
                    config.output().checkpointsKept());
            TrainingLoop loop = new TrainingLoop(
                            model,
                            config.train(),
                            data,
                            manager,
                            store,
                            new RunListeners(config, settings)
                                    .of(model, store, run, data, manager, watch, provenance, checkpoints))
                    .augmenting(Augmentation.of(config.data().augment(), data.image()));
            if (resume != null) {
                restore(run, data, model, loop, manager);
            }
            writeRunFiles(run, data); // after a successful restore
            announce(data, run);
            return train(loop, checkpoints, run, model);
        }
    }

    /**
     * The resolved config.yaml, classes.json when the data name their classes (folder data), and
     * splits.csv when a folder was split per file (columns path, split; paths relative to data.dir).
     */
    private void writeRunFiles(RunDirectory run, Datasets.Splits data) throws java.io.IOException {
        AtomicFiles.writeString(run.config(), ConfigLoader.toYaml(config));
        if (data.fileSplits() != null) {
            var schema = com.fasterxml.jackson.dataformat.csv.CsvSchema.builder()
                    .addColumn("path")
                    .addColumn("split")
                    .setUseHeader(true)
                    .build();
            List<List<String>> rows = data.fileSplits().entrySet().stream()
                    .map(e -> List.of(e.getKey(), e.getValue()))
                    .toList();
            AtomicFiles.writeString(
                    run.file("splits.csv"),
                    new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                            .writer(schema)
                            .writeValueAsString(rows));
        }
        if (data.classNames() != null) {
            AtomicFiles.writeString(
                    run.file("classes.json"),
                    genmodels.io.Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(data.classNames())
                            + "\n");
        }
    }

    /** The run directory: new, or the one to resume; with room for what the run writes. */
    private RunDirectory openRun(TrainableModel model) {
        RunDirectory run =
                resume == null ? RunDirectory.create(config.output().dir(), command) : RunDirectory.existing(resume);
        run.requireSpace(estimateBytes(model));
        return run;
    }

    private Provenance provenance(Datasets.Splits data) {
        return Provenance.of(
                command,
                config.model().type(),
                (long) config.train().seed(),
                data.identity(),
                settings.deviceName(),
                settings.threadCount(),
                settings.threads().choice().toJson());
    }

    /** The model, seeded by train.seed (after the thread probe, which draws from it), checked, initialised. */
    private TrainableModel buildModel(Datasets.Splits data, NDManager manager) {
        Seeds.seedEngine(config.train().seed());
        TrainableModel model = factory.create(data.image());
        checkModel(model);
        model.block()
                .initialize(manager, DataType.FLOAT32, new Shape(1, data.image().dimensions()));
        return model;
    }

    /** Refuses configs that cannot train, before anything is loaded. */
    private void checkConfig() {
        if (!config.data().source().equals("images") || config.data().pca() != null) {
            throw new UserError(command + " trains on images: data.source must be images and data.pca"
                    + " null (the other sources and data.pca are for pca, fit-gmm and fit-kde)");
        }
        if (config.train().earlyStopping() != null && !config.data().holdsOutValidation()) {
            throw new UserError("train.early_stopping watches the validation split; set data.validation to the number"
                    + " of training images to hold out (e.g. --set data.validation=0.1 for a tenth)");
        }
    }

    /** Refuses what the model says does not apply to it. */
    private void checkModel(TrainableModel model) {
        if (config.train().earlyStopping() != null) {
            model.earlyStoppingRefusal().ifPresent(why -> {
                throw new UserError(why);
            });
            if (model.headline().isEmpty()) {
                throw new UserError("train.early_stopping watches the model's headline figure, and the "
                        + config.model().type() + " model declares none; remove train.early_stopping");
            }
        }
    }

    /**
     * Refuses the training recipe's settings that do not fit this model, device or run, before
     * anything is written: bf16 where the model or the engine lacks it, an average the model keeps
     * itself, a schedule longer than the run; warns of a horizontal flip of digits.
     */
    private void checkRecipe(TrainableModel model, Datasets.Splits data, NDManager manager) {
        if (config.train().bf16()) {
            model.mixedPrecisionRefusal().ifPresent(why -> {
                throw new UserError(why);
            });
            MixedPrecision.requireSupport(manager);
        }
        if (config.train().ema().on()) {
            model.weightAverageRefusal().ifPresent(why -> {
                throw new UserError(why);
            });
        }
        TrainingLoop.checkSchedules(model, config.train(), data.train().size());
        int side = Math.min(data.image().height(), data.image().width());
        if (config.data().augment().contains("crop") && side <= Augmentation.PAD) {
            throw new UserError("data.augment crop pads by " + Augmentation.PAD + " pixels per side by reflection,"
                    + " which needs images of more than " + Augmentation.PAD + " pixels a side; these are "
                    + data.image().describe() + ": drop crop, or set data.image_size");
        }
        if (config.data().augment().contains("hflip") && config.data().dataset().equals("mnist")) {
            settings.err()
                    .println("warning: data.augment hflip mirrors MNIST's digits, and a mirrored 2 is not a 2;"
                            + " drop hflip for digits and letters (it suits photographs such as CIFAR-10)");
        }
    }

    private int reportDryRun(Datasets.Splits data) {
        settings.out().print(ConfigLoader.toYaml(config));
        settings.out()
                .printf(
                        Locale.ROOT,
                        "dry run: config, %d train / %d test images and the model are valid;"
                                + " nothing was trained or written%n",
                        data.train().size(),
                        data.test().size());
        return 0;
    }

    /** Restores the newest checkpoint of the run being resumed into the model and the optimizers. */
    private void restore(
            RunDirectory run, Datasets.Splits data, TrainableModel model, TrainingLoop loop, NDManager manager)
            throws Exception {
        RunCheckpoints.requireSameData(run.root(), data.identity());
        Path checkpoint = RunCheckpoints.newest(run.root())
                .orElseThrow(() -> new UserError(
                        run.root() + " has no complete checkpoint under checkpoints/ to resume from; start a new run"));
        TrainingState state = RunCheckpoints.restore(checkpoint, model, loop.optimizers(), manager);
        if (state.epoch() > config.train().epochs()) {
            throw new UserError(run.root() + " already finished " + (state.epoch() - 1) + " epochs; to train"
                    + " further, raise them: --resume " + run.root() + " --set train.epochs=" + (state.epoch() + 4));
        }
        settings.out()
                .printf(
                        "resuming %s from %s (epoch %d, batch %d, step %d)%n",
                        run.root(), checkpoint.getFileName(), state.epoch(), state.batch(), state.step());
        loop.resumeFrom(state);
        noteStaleEvaluation(run, state);
    }

    /**
     * On resume, a run that was evaluated gets a line in {@code notes.txt} (and on the console)
     * saying that eval.json describes older weights; the report marks it stale by its checkpoint stamp.
     */
    private void noteStaleEvaluation(RunDirectory run, TrainingState state) throws IOException {
        if (!Files.isRegularFile(run.file("eval.json"))) {
            return;
        }
        String note = String.format(
                Locale.ROOT,
                "%s: resumed at epoch %d towards %d; eval.json describes the weights it was computed from, not the"
                        + " ones this training writes: run genmodels evaluate --checkpoint %s again when it ends%n",
                LocalDateTime.now().withNano(0),
                state.epoch(),
                config.train().epochs(),
                run.root());
        Path notes = run.file("notes.txt");
        String before = Files.isRegularFile(notes) ? Files.readString(notes) : "";
        AtomicFiles.writeString(notes, before + note);
        settings.out().print("note: " + note);
    }

    private void announce(Datasets.Splits data, RunDirectory run) {
        if (resume == null) {
            settings.out()
                    .printf(
                            Locale.ROOT,
                            "%s: %s %s, %d train / %s%d test images, %s, %d thread(s) -> %s%n",
                            command,
                            config.data().dataset(),
                            data.image().describe(),
                            data.train().size(),
                            data.validation() == null ? "" : data.validation().size() + " validation / ",
                            data.test().size(),
                            settings.deviceName(),
                            settings.threadCount(),
                            run.root());
        }
    }

    /** Runs the loop, then writes the report and prints the outcome. */
    private int train(TrainingLoop loop, RunCheckpoints checkpoints, RunDirectory run, TrainableModel model)
            throws Exception {
        List<EpochResult> history;
        try {
            history = loop.run();
        } catch (TrainingInterrupted e) {
            settings.out()
                    .printf(
                            "%s at epoch %d, batch %d: checkpoint written to %s; continue with: genmodels %s"
                                    + " --resume %s%n",
                            e.signal() == 2 ? "interrupted (SIGINT)" : "stopped (signal " + e.signal() + ")",
                            e.state().batch() == 0
                                    ? e.state().epoch() - 1
                                    : e.state().epoch(),
                            e.state().batch(),
                            checkpoints.latest(),
                            command,
                            run.root());
            settings.out().flush();
            return exitCode(e);
        } catch (TrainingDiverged e) {
            throw diverged(e, checkpoints.latest(), run, model);
        }
        EpochResult last = history.get(history.size() - 1);
        ReportPage.write(List.of(run.root()), run.file("report.html"));
        settings.out()
                .printf(
                        Locale.ROOT,
                        "done: test %s, mean %.2f s per epoch; wrote %s%n",
                        format(last.metrics().get("test")),
                        history.stream()
                                .mapToDouble(EpochResult::trainSeconds)
                                .average()
                                .orElse(0),
                        run.root());
        model.resultNote(config.data()).ifPresent(settings.out()::println);
        if (config.train().earlyStopping() != null
                && last.epoch() < config.train().epochs()) {
            settings.out()
                    .printf(
                            "stopped early after epoch %d: no validation improvement for %d epochs; the best"
                                    + " model (epoch %d) is in %s%n",
                            last.epoch(),
                            config.train().earlyStopping().patience(),
                            bestEpoch(history, model.headline().orElseThrow()),
                            run.file("best"));
        }
        return 0;
    }

    /** @return the one-line error of a diverged run: where the last good checkpoint is, and what to change */
    private UserError diverged(TrainingDiverged e, Path good, RunDirectory run, TrainableModel model) {
        List<String> hints = new ArrayList<>(List.of(
                "lower train.optimizer.lr (now " + config.train().optimizer().lr() + ")",
                "set train.grad_clip (e.g. 5.0)"));
        hints.addAll(model.divergenceHints());
        String fix = String.join(", ", hints.subList(0, hints.size() - 1)) + " or " + hints.get(hints.size() - 1);
        return new UserError(
                e.getMessage() + "; "
                        + (good == null ? "no checkpoint was written before it" : "the last good checkpoint is " + good)
                        + "; " + fix
                        + (good == null
                                ? ", then start again"
                                : ", then continue with: genmodels " + command + " --resume " + run.root()
                                        + " --set train.optimizer.lr="
                                        + config.train().optimizer().lr() / 10),
                e);
    }

    /**
     * Fixes the engine's thread count for the run: {@code --threads N}, or with auto the fastest
     * count for real training steps of this config, timed on a throwaway copy of the model.
     */
    public static void chooseThreads(
            ModelFactory factory, RunConfig<?> config, Datasets.Splits data, NDManager manager, RunSettings settings) {
        if (!settings.threads().auto() || settings.device().isGpu()) {
            settings.threads().choose("training step", settings.device().isGpu(), () -> {}, settings.out());
            return;
        }
        try (StepProbe probe = new StepProbe(factory::create, data.image(), config.train(), data.train(), manager)) {
            settings.threads().choose("training step", false, probe, settings.out());
        }
    }

    /** An estimate of what a run writes: kept checkpoints, best, latest weights (3 copies each), images. */
    private long estimateBytes(TrainableModel model) {
        long parameters = 0;
        for (var p : model.block().getParameters()) {
            parameters += p.getValue().getArray().size();
        }
        long checkpoint = parameters * 4 * 3 + 65_536;
        return checkpoint * (config.output().checkpointsKept() + 3)
                + 2_000_000L * Math.min(config.train().epochs(), 1000);
    }

    private static int bestEpoch(List<EpochResult> history, Term watched) {
        EpochResult best = null;
        for (EpochResult r : history) {
            double v = r.metrics().get("validation").get(watched.name());
            if (best == null
                    || watched.improves(v, best.metrics().get("validation").get(watched.name()), 0)) {
                best = r;
            }
        }
        return best == null ? 0 : best.epoch();
    }

    private static String format(Map<String, Double> terms) {
        Map<String, Double> ordered = new LinkedHashMap<>(terms);
        StringBuilder sb = new StringBuilder();
        ordered.forEach((k, v) ->
                sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(ConsoleReporter.format(v)));
        return sb + " (means per image)";
    }
}

package genmodels.cli;

import ai.djl.Device;
import genmodels.config.DataConfig;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that use a trained model (encode, sample, probe, retrieve). */
final class CheckpointOptions {

    @Option(
            names = "--checkpoint",
            paramLabel = "RUN",
            required = true,
            description = "A run directory written by a train-* command (or a file inside it).")
    Path path;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Read the images from this folder instead of the run's data.dir.")
    String dataDir;

    @Mixin
    WeightsOption weights;

    @Mixin
    EngineOptions engine;

    @Option(
            names = "--dry-run",
            description =
                    "Check that the checkpoint and its data load, and exit without" + " computing or writing anything.")
    boolean dryRun;

    Device startEngine() {
        return engine.start();
    }

    /** Prints that a dry run found the run and its data loadable. */
    static void reportDryRun(genmodels.runs.TrainedModel trained, java.io.PrintWriter out) {
        out.println("dry run: " + trained.runDir() + " ("
                + trained.config().model().type() + ") and its data load; nothing was written");
    }

    /** @return the run's data section, with {@code --data-dir} applied */
    DataConfig dataConfig(DataConfig run) {
        if (dataDir == null) {
            return run;
        }
        return run.withImages(dataDir, run.trainLimit(), run.testLimit());
    }

    /**
     * The images an encoder is applied to: the run's data section (with {@code --data-dir}), loaded
     * and checked against the images the model was trained on.
     *
     * @throws genmodels.errors.UserError when the model has no encoder (before anything is loaded) or
     *     the images have another shape
     */
    genmodels.data.Datasets.Splits encoderData(genmodels.runs.TrainedModel trained, ai.djl.ndarray.NDManager manager) {
        trained.generative(); // refused before the data load: a model without an encoder has no codes
        DataConfig data = dataConfig(trained.config().data());
        genmodels.data.Datasets.Splits splits = genmodels.data.Datasets.load(data, manager);
        trained.requireImages(splits.image(), data);
        return splits;
    }

    /** A trained run and the labelled images its encoder is applied to. */
    record Labelled(genmodels.runs.TrainedModel trained, genmodels.data.Datasets.Splits splits) {}

    /**
     * Loads the run ({@code --checkpoint}, {@code --weights}) and its images ({@link #encoderData}),
     * for a command that scores codes by class.
     *
     * @param refusal the one-line error when the images have no labels
     * @return the run and its images, or null after reporting a {@code --dry-run} (then exit 0)
     * @throws genmodels.errors.UserError with {@code refusal} when the images are unlabelled
     */
    Labelled labelled(ai.djl.ndarray.NDManager manager, java.io.PrintWriter console, String refusal) {
        genmodels.runs.TrainedModel trained = genmodels.runs.TrainedModel.load(path, manager, weights.choice);
        genmodels.data.Datasets.Splits splits = encoderData(trained, manager);
        genmodels.errors.UserError.unless(splits.image().labelled(), refusal);
        if (dryRun) {
            reportDryRun(trained, console);
            return null;
        }
        return new Labelled(trained, splits);
    }

    /** Chooses the thread count on a forward pass of the model over the first images of {@code split}. */
    void chooseThreads(
            genmodels.runs.TrainedModel trained,
            genmodels.data.ImageSplit split,
            ai.djl.ndarray.NDManager manager,
            java.io.PrintWriter out) {
        try (ai.djl.ndarray.NDManager scope = manager.newSubManager()) {
            engine.threads()
                    .choose(
                            "a forward pass of " + trained.model().probeImages() + " images",
                            manager.getDevice().isGpu(),
                            trained.timingKernel(split, scope),
                            out);
        }
    }
}

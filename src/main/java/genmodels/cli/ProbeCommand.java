package genmodels.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.errors.UserError;
import genmodels.eval.LinearProbe;
import genmodels.io.Headline;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import genmodels.plot.LineCharts;
import genmodels.runs.TrainedModel;
import genmodels.train.LatentSpaceWriter;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels probe}: a linear classifier on a trained encoder's codes beside one on the pixels. */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Fit the same linear classifier (softmax regression by Adam on standardised features) on a"
                + " trained model's codes of the training images and on their pixels, and compare the test"
                + " accuracies: how much of the class each representation makes linearly readable.")
final class ProbeCommand implements Callable<Integer> {

    @Mixin
    CheckpointOptions checkpoint;

    @Option(
            names = "--steps",
            paramLabel = "S",
            defaultValue = "2000",
            description = "Adam steps of " + LinearProbe.BATCH + " images (lr " + LinearProbe.LR + ") for each probe.")
    int steps;

    @Option(
            names = "--labels",
            paramLabel = "N",
            description = "Fit the probes on the first N training images only (few labels: where a good code helps"
                    + " most); default all.")
    Integer labels;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seeds the order of the images.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "The run directory (default runs/probe-<time>).")
    String out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || steps > 10_000_000) {
            throw new UserError("--steps " + steps + ": give 1 to 10000000");
        }
        if (labels != null && labels < 1) {
            throw new UserError("--labels " + labels + ": give 1 or more training images");
        }
        RunDirectory.checkAvailable(out);
        PrintWriter console = spec.commandLine().getOut();
        var device = checkpoint.startEngine();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            CheckpointOptions.Labelled run = checkpoint.labelled(
                    manager,
                    console,
                    "probe classifies, and these images have no labels; give images in one folder per class");
            if (run != null) {
                probe(run.trained(), run.splits(), manager, console);
            }
        }
        return ExitCodes.OK;
    }

    /** Both probes, their picture and summary.json. */
    private void probe(TrainedModel trained, Datasets.Splits splits, NDManager manager, PrintWriter console)
            throws java.io.IOException {
        ImageSplit train = splits.train();
        if (labels != null && labels < train.size()) {
            NDIndex first = new NDIndex().addSliceDim(0, labels);
            train = new ImageSplit(
                    train.name(), train.pixels().get(first), train.labels().get(first));
        }
        checkpoint.chooseThreads(trained, splits.test(), manager, console);
        int classes = splits.image().classes();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "probe");
        summary.put("checkpoint", trained.runDir().toString());
        summary.put("steps", steps);
        summary.put("training_labels", train.size());
        NDArray trainCodes = LatentSpaceWriter.encodeAll(trained.generative(), trained.store(), train, manager);
        NDArray testCodes = LatentSpaceWriter.encodeAll(trained.generative(), trained.store(), splits.test(), manager);
        LinearProbe.Result codes = fit("codes", trainCodes, train, testCodes, splits.test(), classes, console, summary);
        LinearProbe.Result pixels = fit(
                "pixels",
                images(train, manager),
                train,
                images(splits.test(), manager),
                splits.test(),
                classes,
                console,
                summary);
        summary.put("headline", Headline.entry("codes.test_accuracy", true));
        RunDirectory run = RunDirectory.create(out, "probe");
        picture(run, codes, pixels, trainCodes.getShape().get(1), splits.image().dimensions());
        Json.write(run.summary(), summary);
        console.println("wrote " + run.root());
    }

    private LinearProbe.Result fit(
            String name,
            NDArray train,
            ImageSplit trainSplit,
            NDArray test,
            ImageSplit testSplit,
            int classes,
            PrintWriter console,
            Map<String, Object> summary) {
        LinearProbe.Result r =
                LinearProbe.fit(train, trainSplit.labels(), test, testSplit.labels(), classes, steps, seed);
        long d = train.getShape().get(1);
        console.printf(
                Locale.ROOT,
                "linear probe on the %s (%d-D) of %d labelled images: test accuracy %.4f, cross-entropy %.4f nats%n",
                name,
                d,
                trainSplit.size(),
                r.testAccuracy(),
                r.testCrossEntropy());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("dimension", d);
        figures.put("test_accuracy", r.testAccuracy());
        figures.put("test_cross_entropy", r.testCrossEntropy());
        figures.put("measured_at_steps", r.steps());
        figures.put("test_accuracy_by_step", r.accuracy());
        summary.put(name, figures);
        return r;
    }

    private static NDArray images(ImageSplit split, NDManager manager) {
        return split.slice(manager, 0, split.size()).images();
    }

    private void picture(RunDirectory run, LinearProbe.Result codes, LinearProbe.Result pixels, long d, int pixelCount)
            throws java.io.IOException {
        LineCharts.lines(
                run.file("probe.png"),
                run.root().getFileName() + ": linear classifiers, test accuracy",
                "Adam step",
                "test accuracy",
                codes.steps(),
                List.of(
                        String.format(Locale.ROOT, "on the %d-D codes: %.4f", d, codes.testAccuracy()),
                        String.format(Locale.ROOT, "on the %d pixels: %.4f", pixelCount, pixels.testAccuracy())),
                List.of(codes.accuracy(), pixels.accuracy()),
                false);
    }
}

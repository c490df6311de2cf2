package genmodels.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.errors.UserError;
import genmodels.eval.NearestNeighbours;
import genmodels.io.Headline;
import genmodels.io.ImageGrid;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import genmodels.runs.TrainedModel;
import genmodels.train.LatentSpaceWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
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

/** {@code genmodels retrieve}: nearest training images by a trained encoder's codes, binary codes and pixels. */
@Command(
        name = "retrieve",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Find each test query's nearest training images by a trained model's codes (Euclidean), by the"
                + " same codes thresholded at their medians (Hamming: semantic hashing), and by the pixels, and"
                + " measure precision at k: the share of the neighbours in the query's class.")
final class RetrieveCommand implements Callable<Integer> {

    @Mixin
    CheckpointOptions checkpoint;

    @Option(names = "--queries", paramLabel = "Q", defaultValue = "1000", description = "The first Q test images.")
    int queries;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "Neighbours per query.")
    int k;

    @Option(names = "--shown", paramLabel = "N", defaultValue = "5", description = "Queries drawn in retrieval.png.")
    int shown;

    @Option(names = "--out", paramLabel = "DIR", description = "The run directory (default runs/retrieve-<time>).")
    String out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        UserError.unless(queries >= 1, "--queries " + queries + ": give 1 or more test images");
        UserError.unless(k >= 1 && k <= 100, "--k " + k + ": give 1 to 100");
        UserError.unless(
                shown >= 0 && shown <= Math.min(queries, 20), "--shown " + shown + ": give 0 to 20, at most --queries");
        RunDirectory.checkAvailable(out);
        PrintWriter console = spec.commandLine().getOut();
        var device = checkpoint.startEngine();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            CheckpointOptions.Labelled run = checkpoint.labelled(
                    manager,
                    console,
                    "retrieve scores neighbours by class, and these images have no labels; give one folder per class");
            if (run == null) {
                return ExitCodes.OK;
            }
            checkpoint.chooseThreads(run.trained(), run.splits().test(), manager, console);
            retrieve(run.trained(), run.splits(), manager, console);
        }
        return ExitCodes.OK;
    }

    private void retrieve(TrainedModel trained, Datasets.Splits splits, NDManager manager, PrintWriter console)
            throws java.io.IOException {
        int q = (int) Math.min(queries, splits.test().size());
        NDIndex first = new NDIndex("0:{}", q);
        ImageSplit queried = new ImageSplit(
                splits.test().name(),
                splits.test().pixels().get(first),
                splits.test().labels().get(first));
        NDArray trainCodes =
                LatentSpaceWriter.encodeAll(trained.generative(), trained.store(), splits.train(), manager);
        NDArray testCodes = LatentSpaceWriter.encodeAll(trained.generative(), trained.store(), queried, manager);
        NDArray trainPixels = splits.train().images(manager);
        NDArray testPixels = queried.images(manager);
        NDArray medians = NearestNeighbours.medians(trainCodes);
        Map<String, NDArray> found = new LinkedHashMap<>();
        found.put("codes", NearestNeighbours.euclidean(testCodes, trainCodes, k));
        found.put(
                "binary_codes",
                NearestNeighbours.hamming(
                        NearestNeighbours.binary(testCodes, medians),
                        NearestNeighbours.binary(trainCodes, medians),
                        k));
        found.put("pixels", NearestNeighbours.euclidean(testPixels, trainPixels, k));
        NDArray queryLabels = queried.labels();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "retrieve");
        summary.put("checkpoint", trained.runDir().toString());
        summary.put("queries", q);
        summary.put("k", k);
        summary.put("collection", splits.train().size());
        for (Map.Entry<String, NDArray> e : found.entrySet()) {
            double precision = NearestNeighbours.precision(
                    e.getValue(), queryLabels, splits.train().labels());
            long d = e.getKey().equals("pixels")
                    ? trainPixels.getShape().get(1)
                    : trainCodes.getShape().get(1);
            summary.put(e.getKey(), Map.of("dimension", d, "precision_at_k", precision));
            console.printf(
                    Locale.ROOT, "%s (%d-D): precision at %d %.4f over %d queries%n", e.getKey(), d, k, precision, q);
        }
        summary.put("headline", Headline.entry("codes.precision_at_k", true));
        RunDirectory run = RunDirectory.create(out, "retrieve");
        if (shown > 0) {
            picture(run, splits, testPixels, trainPixels, found);
        }
        Json.write(run.summary(), summary);
        console.println("wrote " + run.root());
    }

    /** retrieval.png: per shown query, a row by each representation: the query, then its k neighbours. */
    private void picture(
            RunDirectory run,
            Datasets.Splits splits,
            NDArray testPixels,
            NDArray trainPixels,
            Map<String, NDArray> found)
            throws java.io.IOException {
        ai.djl.ndarray.NDList rows = new ai.djl.ndarray.NDList();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            for (Map.Entry<String, NDArray> e : found.entrySet()) {
                rows.add(testPixels.get(new NDIndex("{}:{}", i, i + 1)));
                rows.add(trainPixels.get(e.getValue().get(i)));
                labels.add(e.getKey().replace('_', ' '));
            }
        }
        ImageGrid.writeRows(
                ai.djl.ndarray.NDArrays.concat(rows, 0), splits.image(), labels, k + 1, 2, run.file("retrieval.png"));
    }
}

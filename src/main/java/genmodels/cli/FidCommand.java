package genmodels.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import genmodels.data.ImageSet;
import genmodels.engine.Threads;
import genmodels.errors.UserError;
import genmodels.eval.ComparisonTable;
import genmodels.features.FeatureFigures;
import genmodels.features.FeatureNetwork;
import genmodels.features.StatisticsFile;
import genmodels.io.Json;
import genmodels.io.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code genmodels fid A B}: FID (or another network's Fréchet distance), KID and precision/recall of two sets. */
@Command(
        name = "fid",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description =
                "The Frechet distance between two image sets through a TorchScript feature network (FID when it is"
                        + " pytorch-fid's FID Inception, exported by scripts/export-fid-inception.py), and on request KID and"
                        + " improved precision/recall. A and B are each an image folder, an .npy or .npz of images, or a"
                        + " statistics .npz (mu, sigma) in pytorch-fid's layout.")
final class FidCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "A", description = "Generated images (folder, .npy, .npz) or statistics.")
    Path first;

    @Parameters(index = "1", paramLabel = "B", description = "Reference images (folder, .npy, .npz) or statistics.")
    Path second;

    @Option(
            names = "--features",
            paramLabel = "PATH.pt",
            description = "The TorchScript feature network (needed unless both sets are statistics files).")
    Path features;

    @Option(names = "--kid", description = "Also the kernel distance (KID with the FID Inception).")
    boolean kid;

    @Option(names = "--kid-subsets", paramLabel = "N", defaultValue = "100", description = "KID's subsets.")
    int subsets;

    @Option(names = "--kid-subset-size", paramLabel = "N", defaultValue = "1000", description = "KID's subset size.")
    int subsetSize;

    @Option(names = "--precision-recall", description = "Also improved precision and recall (k nearest neighbours).")
    boolean precisionRecall;

    @Option(names = "--k", paramLabel = "K", defaultValue = "3", description = "Precision/recall's neighbourhood.")
    int k;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "" + FeatureNetwork.DEFAULT_BATCH,
            description = "Images per forward pass of the network.")
    int batch;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seeds KID's subsets.")
    long seed;

    @Option(
            names = {"--out", "--output"},
            paramLabel = "FILE.json",
            description = "Write the figures as JSON.")
    Path output;

    @Mixin
    EngineOptions engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionRange.require("--batch-size", batch, 1, 100_000);
        OptionRange.require("--kid-subsets", subsets, 1, 100_000);
        OptionRange.require("--kid-subset-size", subsetSize, 2, 10_000_000);
        OptionRange.require("--k", k, 1, 1000);
        Device device = engine.start();
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            boolean statsA = StatisticsFile.holdsStatistics(first, manager);
            boolean statsB = StatisticsFile.holdsStatistics(second, manager);
            if ((kid || precisionRecall) && (statsA || statsB)) {
                throw new UserError((kid ? "--kid" : "--precision-recall") + " needs the features of every image, but "
                        + (statsA ? first : second) + " is a statistics file (mu, sigma); give the images instead");
            }
            if (statsA && statsB) {
                Map<String, Object> figures = FeatureFigures.fromStatistics(
                        StatisticsFile.read(first, manager),
                        first,
                        StatisticsFile.read(second, manager),
                        second,
                        manager);
                print(out, figures);
                write(figures, out);
                return ExitCodes.OK;
            }
            if (features == null) {
                throw new UserError("give --features PATH.pt, a TorchScript feature network (export the FID Inception"
                        + " with scripts/export-fid-inception.py)");
            }
            try (FeatureNetwork network = FeatureNetwork.load(features, device)) {
                Threads.During threads = engine.threads()
                        .during("batches of " + batch + " images through the feature network", device.isGpu(), out);
                FeatureFigures.Side a = side(first, statsA, network, threads, manager, out);
                FeatureFigures.Side b = side(second, statsB, network, threads, manager, out);
                threads.finish();
                FeatureFigures.requireSameWidth(a, b);
                requireEnough(a, b);
                PrintWriter err = spec.commandLine().getErr();
                Map<String, Object> figures = FeatureFigures.compare(
                        a,
                        b,
                        network,
                        new FeatureFigures.Options(kid, subsets, subsetSize, precisionRecall, k, seed),
                        line -> err.println(line),
                        manager);
                print(out, figures);
                write(figures, out);
            }
        }
        return ExitCodes.OK;
    }

    private FeatureFigures.Side side(
            Path path, boolean stats, FeatureNetwork network, Threads.During threads, NDManager m, PrintWriter out) {
        if (stats) {
            return new FeatureFigures.Side(path.toString(), 0, null, StatisticsFile.read(path, m));
        }
        ImageSet set = ImageSet.read(path, m);
        Progress progress = Progress.of("features of " + path.getFileName(), set.size(), "images", out);
        NDArray f = network.features(set.images(), set.shape(), batch, done -> progress.update(done, ""), threads, m);
        progress.done();
        return FeatureFigures.Side.of(path.toString(), f);
    }

    private void requireEnough(FeatureFigures.Side a, FeatureFigures.Side b) {
        for (FeatureFigures.Side s : new FeatureFigures.Side[] {a, b}) {
            if (s.count() == 1) {
                throw new UserError(s.source() + " holds one image; a covariance needs at least 2");
            }
            if (kid && s.count() < subsetSize) {
                throw new UserError(s.source() + " holds " + s.count() + " images, fewer than --kid-subset-size "
                        + subsetSize + "; lower --kid-subset-size or give more images");
            }
            if (precisionRecall && s.count() <= k) {
                throw new UserError(
                        s.source() + " holds " + s.count() + " images; precision/recall needs more than" + " --k " + k);
            }
        }
    }

    private void write(Map<String, Object> figures, PrintWriter out) throws java.io.IOException {
        if (output != null) {
            Json.write(output, figures);
            out.println("wrote " + output);
        }
    }

    private static void print(PrintWriter out, Map<String, Object> figures) {
        ComparisonTable.flatten("", figures, new LinkedHashMap<>())
                .forEach((k, v) -> out.println(String.format(Locale.ROOT, "  %-34s %s", k, v)));
        out.flush();
    }
}

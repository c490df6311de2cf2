package genmodels.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import genmodels.data.Datasets;
import genmodels.density.gmm.GaussianMixture;
import genmodels.density.gmm.GmmOptions;
import genmodels.engine.ImageSpec;
import genmodels.engine.Seeds;
import genmodels.errors.UserError;
import genmodels.io.ImageGrid;
import genmodels.io.NpyFiles;
import genmodels.io.Progress;
import genmodels.io.RunDirectory;
import genmodels.models.ClassLabels;
import genmodels.models.ClassSampler;
import genmodels.models.Sampler;
import genmodels.runs.TrainedModel;
import genmodels.sampling.Samplers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels sample}: images from a trained model's sampler, as a PNG grid and/or a NumPy array. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Draw images from a trained model to a PNG grid and/or a NumPy .npy array: from its own prior"
                + " (decoded prior draws, a GAN's generator, a diffusion model's reverse process), from a Gaussian"
                + " mixture fitted to its training codes (post-hoc density estimation), or from N(0, I) decoded.")
final class SampleCommand implements Callable<Integer> {

    @Mixin
    CheckpointOptions checkpoint;

    @Option(
            names = "--sampler",
            paramLabel = "NAME",
            defaultValue = "prior",
            description =
                    "prior (the model's own generative process), gmm (a full-covariance Gaussian mixture fitted by"
                            + " EM to the training codes) or normal (N(0, I) decoded, whatever the model).")
    Choices.Sampler sampler;

    @Option(
            names = "--components",
            paramLabel = "K",
            defaultValue = "10",
            description = "Components of the gmm sampler.")
    int components;

    @Option(
            names = {"-n", "--count"},
            paramLabel = "N",
            defaultValue = "64",
            description = "Images to draw.")
    int count;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "1",
            description = "Seeds the mixture fit and the draws.")
    int seed;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "png",
            description = "png (a grid), npy (a NumPy float32 array in [0, 1], [n, H, W] for grey images, [n, H, W, 3]"
                    + " for colour: the layout NumPy and PIL expect) or both.")
    Choices.ImageFormat format;

    @Option(
            names = "--scale",
            paramLabel = "N",
            defaultValue = "1",
            description = "Screen pixels per image pixel in the PNG grid (1-16).")
    int scale;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    ClassOptions classOptions;

    @Option(
            names = {"--out", "--output"},
            paramLabel = "FILE",
            description = "File to write; its extension becomes .png or .npy as --format says (both: the two files"
                    + " side by side). Default: samples-<sampler>.png / .npy in the run directory.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        var device = checkpoint.startEngine();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            TrainedModel trained = TrainedModel.load(checkpoint.path, manager, checkpoint.weights.choice);
            genmodels.io.AtomicFiles.requireWritable(
                    output != null ? output.toAbsolutePath().getParent() : trained.runDir(), "--out");
            Samplers.unavailable(sampler.name(), trained).ifPresent(why -> {
                throw new UserError(why);
            });
            Datasets.Splits data =
                    Datasets.load(checkpoint.dataConfig(trained.config().data()), manager);
            trained.requireImages(
                    data.image(), checkpoint.dataConfig(trained.config().data()));
            if (checkpoint.dryRun) {
                CheckpointOptions.reportDryRun(trained, spec.commandLine().getOut());
                return ExitCodes.OK;
            }
            checkpoint.chooseThreads(
                    trained, data.test(), manager, spec.commandLine().getOut());
            Sampler chosen = build(trained, data, manager);
            int[] labels = classLabels(chosen, trained);
            int total = labels == null ? count : labels.length;
            Seeds.seedEngine(seed); // after the timing and the fit
            Progress progress =
                    Progress.of("sampling", total, "images", spec.commandLine().getOut());
            long start = System.nanoTime();
            NDArray images = labels == null
                    ? chosen.sampleAll(trained.store(), manager, count, done -> progress.update(done, ""))
                    : ((ClassSampler) chosen)
                            .sampleAll(trained.store(), manager, labels, done -> progress.update(done, ""));
            progress.done();
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Path> written = write(images, trained, labels);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "wrote %d images from %s (%.4f s per image) to %s%n",
                            total,
                            chosen.description(),
                            seconds / total,
                            written.stream().map(Path::toString).collect(Collectors.joining(" and ")));
        }
        return ExitCodes.OK;
    }

    private void checkOptions() {
        if (sampling.guidanceSweep().size() > 1) {
            throw new UserError("sample takes one --guidance weight, found "
                    + sampling.guidanceSweep().size() + "; evaluate --guidance sweeps several");
        }
        if (classOptions.given() && spec.commandLine().getParseResult().hasMatchedOption("-n")) {
            throw new UserError("-n and --class/--per-class both set the number of images; give --per-class N"
                    + " (images per class) without -n");
        }
        OptionRange.require("--scale", scale, 1, 16);
        OptionRange.require("-n", count, 1, 100_000);
        OptionRange.require("--components", components, 1, 1000);
    }

    /** The sampler, with the progress of a mixture's EM fit shown. */
    private Sampler build(TrainedModel trained, Datasets.Splits data, NDManager manager) {
        GmmOptions em = GmmOptions.defaults(components, genmodels.density.gmm.CovarianceType.FULL, seed);
        Progress progress = sampler == Choices.Sampler.gmm
                ? Progress.of(
                        "EM on the training codes, K=" + components,
                        (long) em.maxIter() * em.nInit(),
                        "iterations",
                        spec.commandLine().getOut())
                : Progress.none();
        GaussianMixture.Iterations iterations = genmodels.density.gmm.EmHooks.of(null, progress);
        Sampler built = Samplers.create(
                sampler.name(),
                trained,
                new Samplers.Options(components, seed, sampling.settings()),
                data::train,
                iterations,
                manager);
        progress.done();
        return built;
    }

    /**
     * @return the label of each image to draw, class by class (--class, --per-class), or null when
     *     no class was asked for
     * @throws UserError when classes are asked of a model that is not class-conditional
     */
    private int[] classLabels(Sampler chosen, TrainedModel trained) {
        if (!classOptions.given()) {
            return null;
        }
        if (!(chosen instanceof ClassSampler classes)) {
            throw new UserError(trained.runDir() + " holds " + trained.described() + " that is not class-conditional"
                    + " (model.conditional: false): --class and --per-class do not apply; train one with"
                    + " --set model.conditional=true");
        }
        List<String> names = RunDirectory.open(trained.runDir()).classNames(classes.classes());
        return ClassLabels.rows(classOptions.resolve(names), classOptions.perClass());
    }

    /** Writes the PNG grid (one labelled row per class when classes were asked for) and/or the .npy array. */
    private List<Path> write(NDArray images, TrainedModel trained, int[] labels) throws java.io.IOException {
        ImageSpec image = trained.image();
        Path base = output != null ? output : trained.runDir().resolve("samples-" + sampler + ".png");
        List<Path> written = new ArrayList<>();
        if (format != Choices.ImageFormat.npy && labels != null) {
            Path png = NpyFiles.withExtension(base, ".png");
            int perClass = classOptions.perClass();
            List<String> names = RunDirectory.open(trained.runDir()).classNames(image.classes());
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < labels.length; i += perClass) {
                rows.add(names.get(labels[i]));
            }
            ImageGrid.writeRows(images, image, rows, perClass, scale, png);
            written.add(png);
        } else if (format != Choices.ImageFormat.npy) {
            Path png = NpyFiles.withExtension(base, ".png");
            int columns = (int) Math.min(count, Math.max(8, Math.round(Math.sqrt(count))));
            ImageGrid.write(images, image, columns, scale, png);
            written.add(png);
        }
        if (format != Choices.ImageFormat.png) {
            Path npy = NpyFiles.withExtension(base, ".npy");
            NpyFiles.write(npy, NpyFiles.imageLayout(images.clip(0f, 1f).toType(DataType.FLOAT32, false), image));
            written.add(npy);
        }
        return written;
    }
}

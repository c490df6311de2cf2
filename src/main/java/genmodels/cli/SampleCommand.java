package genmodels.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.data.Datasets;
import genmodels.density.gmm.CovarianceType;
import genmodels.density.gmm.GaussianMixture;
import genmodels.density.gmm.GmmOptions;
import genmodels.errors.UserError;
import genmodels.fit.GmmRun;
import genmodels.io.ImageGrid;
import genmodels.io.NpyFiles;
import genmodels.io.Progress;
import genmodels.models.GenerativeModel;
import genmodels.models.ImageSampler;
import genmodels.runs.TrainedModel;
import genmodels.train.LatentSpaceWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels sample}: decode latent samples of a trained model to a PNG grid. */
@Command(name = "sample", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Decode samples to a PNG grid and/or a NumPy .npy array: from the model's prior, from a Gaussian mixture fitted to its"
                + " training codes (post-hoc density estimation), or from N(0, I).")
final class SampleCommand implements Callable<Integer> {

    @Mixin
    CheckpointOptions checkpoint;

    @Option(names = "--sampler", paramLabel = "NAME", defaultValue = "prior",
            description = "prior (the model's own p(z)), gmm (a full-covariance Gaussian mixture fitted by EM to the"
                    + " training codes) or normal (N(0, I), whatever the model).")
    String sampler;

    @Option(names = "--components", paramLabel = "K", defaultValue = "10", description = "Components of the gmm sampler.")
    int components;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "64", description = "Images to draw.")
    int count;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seeds the mixture fit and the draws.")
    int seed;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "png",
            description = "png (a grid), npy (a NumPy float32 array [n, 28, 28] in [0, 1]) or both.")
    String format;

    @Option(names = "--scale", paramLabel = "N", defaultValue = "1",
            description = "Screen pixels per image pixel in the PNG grid (1-16).")
    int scale;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--output", paramLabel = "FILE",
            description = "File to write; its extension becomes .png or .npy as --format says (both: the two files"
                    + " side by side). Default: samples-<sampler>.png / .npy in the run directory.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!sampler.matches("prior|gmm|normal")) {
            throw new UserError("--sampler must be prior, gmm or normal, found '" + sampler + "'");
        }
        if (!format.matches("png|npy|both")) {
            throw new UserError("--format must be png, npy or both, found '" + format + "'");
        }
        if (scale < 1 || scale > 16) {
            throw new UserError("--scale must be an integer in [1, 16], found " + scale);
        }
        if (count < 1 || count > 100_000 || components < 1 || components > 1000) {
            throw new UserError("-n must be in [1, 100000] and --components in [1, 1000]");
        }
        var device = checkpoint.startEngine();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            TrainedModel trained = TrainedModel.load(checkpoint.path, Main.MODELS, manager);
            sampling.applyTo(trained, true);
            if (trained.model() instanceof ImageSampler direct) {
                return sampleDirectly(trained, direct, device, manager);
            }
            var model = trained.generative();
            int d = model.latentDim();
            if (checkpoint.dryRun) {
                Datasets.load(checkpoint.dataConfig(trained.config().data()), manager);
                CheckpointOptions.reportDryRun(trained, spec.commandLine().getOut());
                return ExitCodes.OK;
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray codes = scope.randomNormal(new Shape(Math.min(count, 1000), d), DataType.FLOAT32);
                checkpoint.engine.threads().choose("decode of " + codes.getShape().get(0) + " codes", device.isGpu(), () -> {
                    try (NDManager b = scope.newSubManager()) {
                        b.tempAttachAll(codes);
                        model.decode(trained.store(), codes).attach(b);
                    }
                }, spec.commandLine().getOut());
            }
            Engine.getInstance().setRandomSeed(seed); // after the timing, which may draw from it
            NDArray z;
            String what;
            switch (sampler) {
                case "prior": {
                    String prior = model.priorName().orElseThrow(() -> new UserError("a plain autoencoder has no"
                            + " prior to sample; use --sampler gmm (a Gaussian mixture fitted to its training codes) or"
                            + " --sampler normal (decode N(0, I))"));
                    z = model.samplePrior(trained.store(), manager, count).orElseThrow();
                    what = "the " + prior + " prior";
                    break;
                }
                case "gmm": {
                    Datasets.Splits data = Datasets.load(checkpoint.dataConfig(trained.config().data()), manager);
                    NDArray codes = LatentSpaceWriter.encodeAll(model, trained.store(), data.train(), manager);
                    GmmOptions options = GmmOptions.defaults(components, CovarianceType.FULL, seed);
                    Progress progress = Progress.of("EM on the training codes, K=" + components,
                            (long) options.maxIter() * options.nInit(), "iterations", spec.commandLine().getOut(), true);
                    GaussianMixture gmm = GaussianMixture.fit(codes, options, GmmRun.iterationsOf(null, progress));
                    progress.done();
                    spec.commandLine().getOut().printf(Locale.ROOT,
                            "fitted a %d-component full-covariance Gaussian mixture to %d training codes: mean"
                                    + " log-likelihood %.4f nats per code, %s after %d EM iterations%n",
                            components, data.train().size(), gmm.lowerBound(),
                            gmm.converged() ? "converged" : "not converged", gmm.nIter());
                    z = gmm.sample(manager, count, new Random(seed));
                    what = "a " + components + "-component Gaussian mixture fitted to the training codes";
                    break;
                }
                default:
                    z = manager.randomNormal(new Shape(count, d), DataType.FLOAT32);
                    what = "N(0, I)";
                    break;
            }
            NDArray images = decode(model, trained.store(), z, manager);
            List<Path> written = write(images, trained.runDir());
            spec.commandLine().getOut().printf("wrote %d images decoded from %s to %s%n", count, what,
                    written.stream().map(Path::toString).collect(Collectors.joining(" and ")));
        }
        return ExitCodes.OK;
    }

    /** A GAN or a diffusion model: images straight from the model's sampler, from its own noise. */
    private int sampleDirectly(TrainedModel trained, ImageSampler model, ai.djl.Device device, NDManager manager)
            throws java.io.IOException {
        String type = trained.config().model().type();
        if (!sampler.equals("prior")) {
            throw new UserError("a " + type + " has no encoder, so no latent codes to fit a gmm to or decode; sample it"
                    + " with --sampler prior (its own noise)");
        }
        if (checkpoint.dryRun) {
            Datasets.load(checkpoint.dataConfig(trained.config().data()), manager);
            CheckpointOptions.reportDryRun(trained, spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray noise = model.noise(scope, 16);
            checkpoint.engine.threads().choose("one sampling step of 16 images", device.isGpu(), () -> {
                try (NDManager b = scope.newSubManager()) {
                    b.tempAttachAll(noise);
                    model.generate(trained.store(), noise, 1).attach(b);
                }
            }, spec.commandLine().getOut());
        }
        Engine.getInstance().setRandomSeed(seed);
        Progress progress = Progress.of("sampling (" + model.samplerName(sampling.steps) + ")", count, "images",
                spec.commandLine().getOut(), false);
        long start = System.nanoTime();
        NDArray images = model.generateAll(trained.store(), manager, count, sampling.steps, ImageSampler.BLOCK,
                done -> progress.update(done, ""));
        progress.done();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Path> written = write(images, trained.runDir());
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d images from the %s's %s (%.3f s per image) to %s%n",
                count, type, model.samplerName(sampling.steps), seconds / count,
                written.stream().map(Path::toString).collect(Collectors.joining(" and ")));
        return ExitCodes.OK;
    }

    /** Writes the PNG grid and/or the .npy array as --format and --output say. */
    private List<Path> write(NDArray images, Path runDir) throws java.io.IOException {
        Path base = output != null ? output : runDir.resolve("samples-" + sampler + ".png");
        List<Path> written = new ArrayList<>();
        if (!format.equals("npy")) {
            Path png = NpyFiles.withExtension(base, ".png");
            ImageGrid.write(images, 28, (int) Math.min(count, Math.max(8, Math.round(Math.sqrt(count)))), scale, png);
            written.add(png);
        }
        if (!format.equals("png")) {
            Path npy = NpyFiles.withExtension(base, ".npy");
            NpyFiles.write(npy, images.clip(0f, 1f).reshape(count, 28, 28).toType(DataType.FLOAT32, false));
            written.add(npy);
        }
        return written;
    }

    /** Decodes in blocks of {@value #DECODE_BLOCK} codes, showing progress when there are several. */
    private NDArray decode(GenerativeModel model, ParameterStore store, NDArray z, NDManager manager) {
        long n = z.getShape().get(0);
        if (n <= DECODE_BLOCK) {
            return model.decode(store, z);
        }
        Progress progress = Progress.of("decoding samples", n, "images", spec.commandLine().getOut(), false);
        NDList parts = new NDList();
        for (long from = 0; from < n; from += DECODE_BLOCK) {
            long to = Math.min(n, from + DECODE_BLOCK);
            parts.add(model.decode(store, z.get(new NDIndex().addSliceDim(from, to))));
            progress.update(to, "");
        }
        progress.done();
        return NDArrays.concat(parts, 0);
    }

    /** Codes decoded per forward pass. */
    static final int DECODE_BLOCK = 5000;
}

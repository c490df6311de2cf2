package genmodels.runs;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.RunConfig;
import genmodels.data.ImageSplit;
import genmodels.engine.ImageSpec;
import genmodels.engine.Seeds;
import genmodels.errors.UserError;
import genmodels.io.Checkpoints;
import genmodels.io.RunDirectory;
import genmodels.models.FeatureExtractor;
import genmodels.models.GenerativeModel;
import genmodels.models.ModelDefinition;
import genmodels.models.Models;
import genmodels.models.TrainableModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A model rebuilt from a run directory: its resolved {@code config.yaml} chooses (through {@link
 * Models}) and configures the model, {@code model.params} gives the weights.
 *
 * @param model the model with its trained weights
 * @param config the run's resolved config
 * @param image the images the model was built for (shape and classes)
 * @param runDir the run directory
 * @param store a parameter store to run the model with
 * @param weights which weights the model holds: {@code averaged} ({@code model-ema.params}, the
 *     run's moving average) or {@code trained} ({@code model.params})
 */
public record TrainedModel(
        TrainableModel model, RunConfig<?> config, ImageSpec image, Path runDir, ParameterStore store, String weights) {

    /** Which of a run's weights to load. */
    public enum Weights {
        /** The moving average ({@code model-ema.params}) when the run kept one, else the trained weights. */
        averaged,
        /** The trained weights ({@code model.params}), even when the run kept an average. */
        raw
    }

    /** @return the run's {@code model.type} */
    public String type() {
        return config.model().type();
    }

    /** @return the type with its article, for messages: {@code a vae}, {@code an ae} */
    public String described() {
        return ("aeiou".indexOf(type().charAt(0)) >= 0 ? "an " : "a ") + type();
    }

    /**
     * @return the model as an encoder-decoder model, if it is one whose codes need no class (a
     *     conditional VAE encodes and decodes with the class, so it offers no label-free codes)
     */
    public Optional<GenerativeModel> latent() {
        return model instanceof GenerativeModel g && !g.conditional() ? Optional.of(g) : Optional.empty();
    }

    /**
     * @return the model as an encoder-decoder model
     * @throws UserError if it is not one (a GAN, a diffusion model, a classifier)
     */
    public GenerativeModel generative() {
        if (model.conditional() && model instanceof GenerativeModel) {
            throw new UserError(runDir + " holds a class-conditional " + type() + ", whose codes and decodings need"
                    + " the class (q(z | x, y), p(x | z, y)); give the run directory of an unconditional autoencoder"
                    + " or VAE");
        }
        return latent().orElseThrow(() -> new UserError(runDir + " holds " + described() + ", which has no encoder and"
                + " decoder (no latent space to encode or decode); give the run directory of an autoencoder or a VAE"));
    }

    /**
     * @return the model as the feature extractor of the sample-quality metrics
     * @throws UserError if it is not a classifier
     */
    public FeatureExtractor featureExtractor() {
        if (model instanceof FeatureExtractor f) {
            return f;
        }
        throw notAClassifier(runDir, described());
    }

    /**
     * Whether this classifier can score images of another run: the same image shape and classes,
     * and, for the named datasets ({@code mnist}, {@code fashion-mnist}, {@code cifar10}), the same
     * dataset (folder and npz data are judged by shape and classes alone).
     *
     * @param image the other run's images
     * @param dataset the other run's {@code data.dataset}
     * @return why not, in a sentence, or empty when it can
     */
    public Optional<String> mismatch(ImageSpec image, String dataset) {
        if (!this.image.equals(image)) {
            return Optional.of("was trained on " + this.image.describe() + " images of " + this.image.classes()
                    + " classes but the model on " + image.describe() + " images of " + image.classes() + " classes");
        }
        String own = config.data().dataset();
        boolean named = !List.of("folder", "npz").contains(own)
                && !List.of("folder", "npz").contains(dataset);
        if (named && !own.equals(dataset)) {
            return Optional.of("was trained on " + own + " but the model on " + dataset);
        }
        return Optional.empty();
    }

    /**
     * @param data the images about to be fed to the model
     * @param where their data section, for the message
     * @throws UserError when their shape is not the one the model was built for
     */
    public void requireImages(ImageSpec data, genmodels.config.DataConfig where) {
        if (data.channels() != image.channels() || data.height() != image.height() || data.width() != image.width()) {
            String source = where.file() != null ? where.file() : where.dir() != null ? where.dir() : where.dataset();
            throw new UserError("the images of " + source + " are " + data.describe() + " but " + runDir
                    + " was trained on " + image.describe() + " images; give the data it was trained on (or set"
                    + " data.image_size / data.channels to convert them)");
        }
    }

    private static UserError notAClassifier(Path run, String described) {
        return new UserError(run + " holds " + described + ", not a classifier; give the run directory of genmodels"
                + " train-classifier");
    }

    /**
     * Loads a classifier run: the model is built from the config and checked to be a classifier
     * before its weights are read.
     *
     * @throws UserError if the folder is not a run, holds another model, or has no weights
     */
    public static TrainedModel loadClassifier(Path runOrFile, NDManager manager) {
        RunDirectory run = RunDirectory.open(runOrFile);
        ModelDefinition<?> definition = Models.requireType(run.modelType(), run.config());
        TrainableModel probe = definition.create(definition.loadConfig(run.config(), List.of()), run.imageSpec());
        if (!(probe instanceof FeatureExtractor)) {
            String type = run.modelType();
            throw notAClassifier(run.root(), ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type);
        }
        return load(runOrFile, manager);
    }

    /**
     * A representative piece of the work of encode, sample and evaluate, for choosing the thread
     * count: the model's loss (a forward pass) on the first {@link TrainableModel#probeImages} images
     * of a split.
     *
     * @param scope owns the images; close it after timing
     */
    public Runnable timingKernel(ImageSplit split, NDManager scope) {
        ImageSplit.Batch batch = split.slice(scope, 0, Math.min(model.probeImages(), split.size()));
        return () -> {
            try (NDManager b = scope.newSubManager()) {
                b.tempAttachAll(batch.images(), batch.labels());
                model.loss(store, batch.images(), batch.labels(), false)
                        .objective()
                        .attach(b);
            }
        };
    }

    /**
     * @param runOrFile a run directory, or a file inside one ({@code model.params}, {@code checkpoint.json})
     * @param manager where the weights are loaded
     * @throws UserError if the folder is not a trained run directory, its model type is unknown, or its
     *     weights do not fit its config
     */
    public static TrainedModel load(Path runOrFile, NDManager manager) {
        return load(runOrFile, manager, Weights.averaged);
    }

    /**
     * {@link #load(Path, NDManager)} with a choice of weights.
     *
     * @param weights averaged (the default: the average when there is one) or raw
     */
    public static TrainedModel load(Path runOrFile, NDManager manager, Weights weights) {
        RunDirectory run = RunDirectory.open(runOrFile);
        if (!Files.isRegularFile(run.weights())) {
            throw new UserError(run.root() + " holds no model.params: it is not a finished train-* run (a fit, or a"
                    + " run stopped before its first epoch); give the folder of a trained model");
        }
        boolean averaged = weights == Weights.averaged && Files.isRegularFile(run.averagedWeights());
        return load(Models.requireType(run.modelType(), run.config()), run, manager, averaged);
    }

    private static <M extends genmodels.config.ModelConfig> TrainedModel load(
            ModelDefinition<M> definition, RunDirectory run, NDManager manager, boolean averaged) {
        RunConfig<M> config = definition.loadConfig(run.config(), List.of());
        Seeds.seedEngine(config.train().seed());
        ImageSpec image = run.imageSpec();
        TrainableModel model = definition.create(config, image);
        model.block().initialize(manager, DataType.FLOAT32, new Shape(1, image.dimensions()));
        Checkpoints.loadWeights(model.block(), manager, averaged ? run.averagedWeights() : run.weights());
        return new TrainedModel(
                model,
                config,
                image,
                run.root(),
                new ParameterStore(manager, false),
                averaged ? "averaged" : "trained");
    }
}

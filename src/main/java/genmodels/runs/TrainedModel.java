package genmodels.runs;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.ConfigLoader;
import genmodels.config.ModelConfig;
import genmodels.config.RunConfig;
import genmodels.data.Datasets;
import genmodels.errors.UserError;
import genmodels.data.ImageSplit;
import genmodels.io.Checkpoints;
import genmodels.models.GenerativeModel;
import genmodels.models.TrainableModel;
import genmodels.models.ModelDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model rebuilt from a run directory: its resolved {@code config.yaml} chooses and configures the
 * model, {@code model.params} gives the weights.
 *
 * @param model the model with its trained weights
 * @param config the run's resolved config
 * @param runDir the run directory
 * @param store a parameter store to run the model with
 */
public record TrainedModel(TrainableModel model, RunConfig<?> config, Path runDir, ParameterStore store) {

    /**
     * @return the model as a generative model
     * @throws UserError if it is not one (a classifier)
     */
    public GenerativeModel generative() {
        if (model instanceof GenerativeModel g) {
            return g;
        }
        throw new UserError(runDir + " holds a " + config.model().type() + ", which has no latent space to encode or"
                + " decode; give the run directory of an ae, vae or swae");
    }

    /** Images a {@link #timingKernel} runs through the model. */
    static final int TIMING_IMAGES = 1000;

    /**
     * A representative piece of the work of encode, sample and evaluate, for choosing the thread
     * count: decode(encode(x)) of the first {@value #TIMING_IMAGES} images of a split (a
     * classifier: its loss on them).
     *
     * @param scope owns the images; close it after timing
     */
    public Runnable timingKernel(ImageSplit split, NDManager scope) {
        int images = model instanceof genmodels.models.ImageSampler ? TIMING_IMAGES / 10 : TIMING_IMAGES; // a U-Net is slow
        ImageSplit.Batch batch = split.slice(scope, 0, Math.min(images, split.size()));
        return () -> {
            try (NDManager b = scope.newSubManager()) {
                b.tempAttachAll(batch.images(), batch.labels());
                if (model instanceof GenerativeModel g) {
                    g.reconstruct(store, batch.images()).attach(b);
                } else {
                    model.loss(store, batch.images(), batch.labels(), false).objective().attach(b);
                }
            }
        };
    }

    /**
     * @param runOrFile a run directory, or a file inside one ({@code model.params}, {@code checkpoint.json})
     * @param models the trainable models this tool knows
     * @param manager where the weights are loaded
     * @throws UserError if the folder is not a run directory, its model type is unknown, or its weights
     *     do not fit its config
     */
    public static TrainedModel load(Path runOrFile, List<ModelDefinition<?>> models, NDManager manager) {
        Path dir = Files.isDirectory(runOrFile) ? runOrFile : runOrFile.toAbsolutePath().getParent();
        if (dir == null || !Files.isRegularFile(dir.resolve("config.yaml")) || !Files.isRegularFile(dir.resolve("model.params"))) {
            throw new UserError(runOrFile + " is not a run directory (no config.yaml and model.params); give the folder"
                    + " a train-* command wrote");
        }
        String type = ConfigLoader.modelType(dir.resolve("config.yaml"));
        for (ModelDefinition<?> definition : models) {
            if (definition.type().equals(type)) {
                return load(definition, dir, manager);
            }
        }
        throw new UserError(dir.resolve("config.yaml") + ": model.type '" + type + "' is not a latent model this command"
                + " can load (known: " + String.join(", ", models.stream().map(ModelDefinition::type).toList()) + ")");
    }

    private static <M extends ModelConfig> TrainedModel load(ModelDefinition<M> definition, Path dir, NDManager manager) {
        RunConfig<M> config = ConfigLoader.load(definition.builtInConfig(), dir.resolve("config.yaml"), List.of(),
                definition.configType());
        Engine.getInstance().setRandomSeed(config.train().seed());
        TrainableModel model = definition.factory().create(config.model(), Datasets.PIXELS);
        model.block().initialize(manager, DataType.FLOAT32, new Shape(1, Datasets.PIXELS));
        Checkpoints.loadWeights(model.block(), manager, dir.resolve("model.params"));
        return new TrainedModel(model, config, dir, new ParameterStore(manager, false));
    }
}

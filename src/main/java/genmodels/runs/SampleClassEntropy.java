package genmodels.runs;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import genmodels.errors.UserError;
import genmodels.models.ImageSampler;
import genmodels.models.classifier.ConvClassifier;
import genmodels.models.classifier.PredictedClasses;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The mode-collapse watch of a sampler's training ({@code output.classifier}): after each epoch,
 * {@value #SAMPLES} images from one fixed draw of noise are classified by a {@code
 * train-classifier} run, and the entropy of the predicted classes is reported as {@code
 * class_entropy} (nats; ln 10 = 2.303 for evenly spread digits, falling as the samples collapse
 * onto fewer of them).
 */
final class SampleClassEntropy implements Supplier<Map<String, Double>> {

    /** Samples classified per epoch. */
    static final int SAMPLES = 1000;

    private final ImageSampler model;
    private final ai.djl.training.ParameterStore store;
    private final TrainedModel classifier;
    private final NDArray noise;
    private final NDManager manager;
    private final int steps;

    /**
     * @param classifierRun the run directory of a train-classifier run
     * @param dataset the training data's dataset; the classifier must have been trained on it
     * @param steps sampling steps (0: the model's default)
     * @throws UserError if the folder is not a classifier run, or it was trained on other data
     */
    SampleClassEntropy(ImageSampler model, ai.djl.training.ParameterStore store, Path classifierRun, String dataset,
            long seed, int steps, NDManager manager) {
        this.model = model;
        this.store = store;
        this.manager = manager;
        this.steps = steps;
        Path config = classifierRun.resolve("config.yaml");
        String type = java.nio.file.Files.isRegularFile(config) ? genmodels.config.ConfigLoader.modelType(config) : null;
        if (!"classifier".equals(type)) {
            throw new UserError("output.classifier: " + classifierRun + (type == null ? " is not a run directory"
                    : " holds a " + type) + "; give the run directory of a train-classifier run, or null");
        }
        this.classifier = TrainedModel.load(classifierRun, List.of(ConvClassifier.DEFINITION), manager);
        if (!classifier.config().data().dataset().equals(dataset)) {
            throw new UserError("output.classifier " + classifierRun + " was trained on "
                    + classifier.config().data().dataset() + " but this run trains on " + dataset
                    + "; give a train-classifier run on " + dataset);
        }
        Engine.getInstance().setRandomSeed((int) ((seed * 131 + 7) & 0x7fffffff));
        this.noise = model.noise(manager, SAMPLES);
    }

    @Override
    public Map<String, Double> get() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = noise.duplicate();
            z.attach(scope);
            Engine.getInstance().setRandomSeed(1);
            NDArray images = model.generate(store, z, steps);
            int[] counts = PredictedClasses.counts((ConvClassifier) classifier.model(), classifier.store(), images,
                    scope);
            return Map.of("class_entropy", PredictedClasses.entropy(counts));
        }
    }
}

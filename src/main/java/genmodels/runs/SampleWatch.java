package genmodels.runs;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import genmodels.engine.ImageSpec;
import genmodels.engine.Seeds;
import genmodels.errors.UserError;
import genmodels.models.PredictedClasses;
import genmodels.models.Sampler;
import genmodels.models.SamplingSettings;
import genmodels.models.Term;
import genmodels.models.TrainableModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The mode-collapse watch of training ({@code output.classifier}): after each epoch, {@value
 * #SAMPLES} images from the model's prior sampler, the engine seeded the same way every epoch,
 * are classified by a {@code train-classifier} run, and the entropy of the predicted classes is
 * reported as {@code class_entropy} (nats; ln 10 = 2.303 for evenly spread digits, falling as the
 * samples collapse onto fewer of them).
 */
final class SampleClassEntropy implements Supplier<Map<String, Double>> {

    /** Samples classified per epoch. */
    static final int SAMPLES = 1000;

    /** The figure, in the split {@code samples} of metrics.csv. */
    static final Term TERM = Term.higher("class_entropy", "nats over 1,000 samples, ln 10 = 2.303 when evenly spread");

    private final Sampler sampler;
    private final ParameterStore store;
    private final TrainedModel classifier;
    private final int seed;
    private final NDManager manager;

    private SampleClassEntropy(
            Sampler sampler, ParameterStore store, TrainedModel classifier, long seed, NDManager manager) {
        this.sampler = sampler;
        this.store = store;
        this.classifier = classifier;
        this.seed = Seeds.engine(seed, Seeds.CLASS_ENTROPY);
        this.manager = manager;
    }

    /**
     * @param model the model being trained (its prior sampler is watched)
     * @param type its {@code model.type}, for messages
     * @param classifierRun the run directory of a train-classifier run
     * @param image the training images' shape and classes; the classifier must have been trained on such images
     * @param dataset the training data's dataset (see {@link TrainedModel#mismatch})
     * @throws UserError if the model has no prior sampler, the folder is not a classifier run, or it
     *     was trained on other data
     */
    static SampleClassEntropy of(
            TrainableModel model,
            String type,
            ParameterStore store,
            Path classifierRun,
            ImageSpec image,
            String dataset,
            long seed,
            NDManager manager) {
        Sampler sampler = model.priorSampler(SamplingSettings.DEFAULTS)
                .orElseThrow(() ->
                        new UserError("output.classifier watches the class entropy of samples from the prior, and the "
                                + type + " model has" + " no prior; set output.classifier to null"));
        TrainedModel classifier;
        try {
            classifier = TrainedModel.loadClassifier(classifierRun, manager);
        } catch (UserError e) {
            throw new UserError("output.classifier: " + e.getMessage(), e);
        }
        classifier.mismatch(image, dataset).ifPresent(why -> {
            throw new UserError("output.classifier " + classifierRun + " " + why
                    + "; give a train-classifier run on this run's data");
        });
        return new SampleClassEntropy(sampler, store, classifier, seed, manager);
    }

    @Override
    public Map<String, Double> get() {
        try (NDManager scope = manager.newSubManager()) {
            Engine.getInstance().setRandomSeed(seed);
            NDArray images = sampler.sampleAll(store, scope, SAMPLES, done -> {});
            int[] counts = PredictedClasses.counts(classifier.featureExtractor(), classifier.store(), images, scope);
            return Map.of(TERM.name(), PredictedClasses.entropy(counts));
        }
    }
}

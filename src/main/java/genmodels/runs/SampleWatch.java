package genmodels.runs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import genmodels.data.ImageSplit;
import genmodels.engine.ImageSpec;
import genmodels.engine.Seeds;
import genmodels.errors.UserError;
import genmodels.models.FeatureExtractor;
import genmodels.models.FrechetDistance;
import genmodels.models.PredictedClasses;
import genmodels.models.Sampler;
import genmodels.models.SamplingSettings;
import genmodels.models.Term;
import genmodels.models.TrainableModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The sample watch of training ({@code output.classifier}): after each epoch, {@value #SAMPLES}
 * images from the model's prior sampler, the engine seeded the same way every epoch, go through a
 * {@code train-classifier} run, and two figures are reported in the split {@code samples} of
 * metrics.csv:
 *
 * <ul>
 *   <li>{@code class_entropy}: the entropy of the predicted classes (nats; ln K for evenly spread
 *       classes, falling as the samples collapse onto fewer of them);
 *   <li>{@code fd_validation}, when the run holds out a validation split: the classifier-feature
 *       Fréchet distance (Heusel et al. 2017's formula on this classifier's penultimate features)
 *       between the samples and every validation image. It is the figure a model without a
 *       likelihood (a GAN) is ranked by: it measures what the model is for, and it never looks at
 *       the test split. With {@value #SAMPLES} samples it is biased upwards against {@code
 *       evaluate}'s 10,000-sample figure, the same way for every run of a sweep.
 * </ul>
 */
final class SampleWatch implements Supplier<Map<String, Double>> {

    /** Samples drawn and classified per epoch. */
    static final int SAMPLES = 1000;

    /** The class entropy of the samples. */
    static final Term CLASS_ENTROPY = Term.higher("class_entropy", "nats");

    /** The Fréchet distance of the samples' features to the validation images'. */
    static final Term FD_VALIDATION = Term.lower("fd_validation", "classifier FD");

    private final Sampler sampler;
    private final ParameterStore store;
    private final TrainedModel classifier;
    private final FrechetDistance.Moments validation;
    private final int seed;
    private final NDManager manager;

    private SampleWatch(
            Sampler sampler,
            ParameterStore store,
            TrainedModel classifier,
            FrechetDistance.Moments validation,
            long seed,
            NDManager manager) {
        this.sampler = sampler;
        this.store = store;
        this.classifier = classifier;
        this.validation = validation;
        this.seed = Seeds.engine(seed, Seeds.CLASS_ENTROPY);
        this.manager = manager;
    }

    /**
     * @param model the model being trained (its prior sampler is watched)
     * @param type its {@code model.type}, for messages
     * @param classifierRun the run directory of a train-classifier run
     * @param image the training images' shape and classes; the classifier must have been trained on such images
     * @param dataset the training data's dataset (see {@link TrainedModel#mismatch})
     * @param validation the validation split, or null when the run holds none (then no FD is measured)
     * @throws UserError if the model has no prior sampler, the folder is not a classifier run, or it
     *     was trained on other data
     */
    static SampleWatch of(
            TrainableModel model,
            String type,
            ParameterStore store,
            Path classifierRun,
            ImageSpec image,
            String dataset,
            ImageSplit validation,
            long seed,
            NDManager manager) {
        Sampler sampler = model.priorSampler(SamplingSettings.DEFAULTS)
                .orElseThrow(() -> new UserError("output.classifier watches the samples from the prior, and the " + type
                        + " model has" + " no prior; set output.classifier to null"));
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
        FrechetDistance.Moments moments = null;
        if (validation != null) {
            try (NDManager scope = manager.newSubManager()) {
                moments = FrechetDistance.moments(features(classifier, validation.images(scope), scope));
            }
        }
        return new SampleWatch(sampler, store, classifier, moments, seed, manager);
    }

    /** @return the terms this watch reports, in order */
    List<Term> terms() {
        return validation == null ? List.of(CLASS_ENTROPY) : List.of(CLASS_ENTROPY, FD_VALIDATION);
    }

    @Override
    public Map<String, Double> get() {
        try (NDManager scope = manager.newSubManager()) {
            Seeds.seedEngine(seed);
            NDArray images = sampler.sampleAll(store, scope, SAMPLES, done -> {});
            int[] counts = PredictedClasses.counts(classifier.featureExtractor(), classifier.store(), images, scope);
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put(CLASS_ENTROPY.name(), PredictedClasses.entropy(counts));
            if (validation != null) {
                FrechetDistance.Moments samples = FrechetDistance.moments(features(classifier, images, scope));
                figures.put(FD_VALIDATION.name(), FrechetDistance.squared(samples, validation));
            }
            return figures;
        }
    }

    /**
     * @param images [n, pixels] in [0, 1], float32 or uint8
     * @return the classifier's penultimate features, [n, hidden], in {@code scope}
     */
    private static NDArray features(TrainedModel classifier, NDArray images, NDManager scope) {
        FeatureExtractor f = classifier.featureExtractor();
        long n = images.getShape().get(0);
        NDList parts = new NDList();
        for (long from = 0; from < n; from += SAMPLES) {
            try (NDManager batch = scope.newSubManager()) {
                NDArray x = images.get(batch, new NDIndex().addSliceDim(from, Math.min(n, from + SAMPLES)))
                        .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                NDArray features = f.features(classifier.store(), x, false);
                features.attach(scope);
                parts.add(features);
            }
        }
        return NDArrays.concat(parts, 0);
    }
}

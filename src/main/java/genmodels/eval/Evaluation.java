package genmodels.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.density.gmm.GaussianMixture;
import genmodels.engine.Seeds;
import genmodels.features.FeatureFigures;
import genmodels.features.FeatureNetwork;
import genmodels.io.RunDirectory;
import genmodels.models.ClassSampler;
import genmodels.models.FeatureExtractor;
import genmodels.models.FrechetDistance;
import genmodels.models.ModelEvaluation;
import genmodels.models.Sampler;
import genmodels.runs.TrainedModel;
import genmodels.sampling.Samplers;
import genmodels.train.TrainingLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code evaluate} measures for a trained model: its test loss terms, then every evaluation
 * the model declares ({@link genmodels.models.TrainableModel#evaluations}), and the sample quality
 * of a sampler ({@link Samplers}); where a figure does not apply, a sentence saying why.
 */
public final class Evaluation {

    /** The key of a feature network's figures in the sample-quality figures. */
    public static final String FEATURE_KEY = "feature_network";

    private Evaluation() {}

    /**
     * @param model what the model's own evaluations read (K of the importance-weighted bound, the seed)
     * @param sampleCount images to generate for sample quality
     * @param sampler how samplers are built (mixture components, seed, diffusion steps and eta)
     */
    public record Settings(ModelEvaluation.Settings model, int sampleCount, Samplers.Options sampler) {}

    /** A trained classifier and the parameter store to run it with. */
    public record Classifier(FeatureExtractor model, ParameterStore store) {}

    /**
     * A feature network (e.g. the FID Inception) and the real images' statistics through it.
     *
     * @param network the TorchScript network
     * @param reference the test images' moments (count 0 when read from a statistics file)
     * @param warn told each warning line (a singular covariance)
     */
    public record Features(FeatureNetwork network, FeatureFigures.Side reference, Consumer<String> warn) {}

    /**
     * What sample quality is compared with.
     *
     * @param test moments of the test images' features
     * @param floor the Fréchet distance between as many training images as samples and the test images
     * @param testImages the class entropy and confident share of the test images themselves
     * @param perClass moments of the test images' features of each class (label i at i), for a
     *     conditional model's per-class distances; empty for unlabelled images
     */
    public record Reference(
            FrechetDistance.Moments test,
            double floor,
            SampleQuality.Result testImages,
            List<FrechetDistance.Moments> perClass) {}

    /** @return the reference statistics of the test images, and the train-vs-test floor */
    public static Reference reference(Classifier classifier, Datasets.Splits data, int count, long seed, NDManager m) {
        try (NDManager scratch = m.newSubManager()) {
            NDArray[] test = SampleQuality.classify(
                    classifier.model(), classifier.store(), data.test().images(scratch), scratch);
            FrechetDistance.Moments moments = FrechetDistance.moments(test[0]);
            SampleQuality.Result testImages = SampleQuality.of(test[0], test[1], moments);
            int n = Math.min(count, data.train().size());
            int[] order = Seeds.permutation(data.train().size(), new java.util.SplittableRandom(seed));
            NDArray train = data.train().gather(scratch, order, 0, n).images();
            NDArray[] trainFeatures = SampleQuality.classify(classifier.model(), classifier.store(), train, scratch);
            double floor = FrechetDistance.squared(FrechetDistance.moments(trainFeatures[0]), moments);
            return new Reference(moments, floor, testImages, perClass(test[0], data, scratch));
        }
    }

    /** @return the moments of the test features of each class, or none when the images are unlabelled */
    private static List<FrechetDistance.Moments> perClass(NDArray features, Datasets.Splits data, NDManager m) {
        if (!data.image().labelled()) {
            return List.of();
        }
        return ClassQuality.byClass(
                        features,
                        data.test().labels().toIntArray(),
                        data.image().classes(),
                        m)
                .stream()
                .map(FrechetDistance::moments)
                .toList();
    }

    /** @return the test images as a model's evaluations read them */
    public static ModelEvaluation.Images images(ImageSplit split) {
        return new ModelEvaluation.Images() {
            @Override
            public int size() {
                return split.size();
            }

            @Override
            public int dimensions() {
                return split.dimensions();
            }

            @Override
            public NDArray slice(NDManager manager, int from, int to) {
                return split.slice(manager, from, to).images();
            }

            @Override
            public NDArray labels(NDManager manager, int from, int to) {
                return split.slice(manager, from, to).labels();
            }
        };
    }

    /** @return what the trained model's evaluations are given on these splits */
    public static ModelEvaluation.Input input(
            TrainedModel trained,
            Datasets.Splits data,
            Settings settings,
            NDManager m,
            ModelEvaluation.ProgressFactory progress) {
        Map<String, Double> terms = TrainingLoop.evaluate(
                trained.model(),
                trained.store(),
                data.test(),
                trained.config().train().seed(),
                m);
        return new ModelEvaluation.Input(
                trained.store(), images(data.test()), terms, trained.config().data(), settings.model(), m, progress);
    }

    /**
     * The figures of a trained model that do not depend on a sampler: its test loss terms, then the
     * result of each evaluation it declares, under the evaluation's name.
     *
     * @return name to figures (a map of numbers), or to a sentence where it does not apply
     */
    public static Map<String, Object> model(TrainedModel trained, ModelEvaluation.Input input) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("test_loss_terms", input.testTerms());
        for (ModelEvaluation evaluation : trained.model().evaluations()) {
            out.put(evaluation.name(), evaluation.evaluate(input));
        }
        return out;
    }

    /**
     * @return the comparison table's columns for this model's evaluations: label and the dotted key
     *     of the figure in {@link #model}'s result
     */
    public static List<ModelEvaluation.Column> columns(TrainedModel trained) {
        List<ModelEvaluation.Column> columns = new ArrayList<>();
        for (ModelEvaluation evaluation : trained.model().evaluations()) {
            for (ModelEvaluation.Column c : evaluation.columns()) {
                columns.add(new ModelEvaluation.Column(c.label(), evaluation.name() + "." + c.key()));
            }
        }
        return columns;
    }

    /** @return the heaviest piece of the model's evaluations to time, if one declares it */
    public static Optional<Runnable> timingKernel(TrainedModel trained, ModelEvaluation.Input input, NDManager scope) {
        for (ModelEvaluation evaluation : trained.model().evaluations()) {
            Optional<Runnable> kernel = evaluation.timingKernel(input, scope);
            if (kernel.isPresent()) {
                return kernel;
            }
        }
        return Optional.empty();
    }

    /**
     * Sample quality of one sampler: {@link Settings#sampleCount} images drawn (the engine seeded
     * with the settings' seed after the sampler is built) and scored against the test images.
     *
     * @param name prior, gmm or normal
     * @return the figures, or a sentence saying why they do not apply
     */
    public static Object samples(
            TrainedModel trained, Datasets.Splits data, String name, Settings settings, Scorers scorers, NDManager m) {
        Optional<String> why = Samplers.unavailable(name, trained);
        if (why.isPresent()) {
            return "not applicable: " + why.get();
        }
        if (scorers.classifier() == null && scorers.features() == null) {
            return "not computed: give --classifier RUN (a run directory of genmodels train-classifier) or --features"
                    + " PATH.pt (a TorchScript feature network)";
        }
        try (NDManager scratch = m.newSubManager()) {
            Sampler sampler = Samplers.create(
                    name, trained, settings.sampler(), data::train, GaussianMixture.Iterations.NONE, scratch);
            int[] labels =
                    sampler instanceof ClassSampler c ? ClassQuality.balancedLabels(c, settings.sampleCount()) : null;
            Seeds.seedEngine(settings.sampler().seed());
            long start = System.nanoTime();
            NDArray generated = labels == null
                    ? sampler.sampleAll(trained.store(), scratch, settings.sampleCount(), done -> {})
                    : ((ClassSampler) sampler).sampleAll(trained.store(), scratch, labels, done -> {});
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("sampler", name);
            out.put("images", labels == null ? settings.sampleCount() : labels.length);
            if (scorers.classifier() != null) {
                classified(trained, generated, labels, scorers, out, scratch);
            }
            if (scorers.features() != null) {
                out.put(FEATURE_KEY, featureFigures(trained, generated, scorers.features(), scratch));
            }
            out.put("sampling", sampler.description());
            out.put("sampling_seconds_per_image", seconds / settings.sampleCount());
            return out;
        }
    }

    /**
     * What scores generated images.
     *
     * @param classifier the classifier, or null
     * @param reference the classifier's reference statistics, or null without a classifier
     * @param features a feature network and its reference, or null
     */
    public record Scorers(Classifier classifier, Reference reference, Features features) {}

    private static void classified(
            TrainedModel trained,
            NDArray generated,
            int[] labels,
            Scorers scorers,
            Map<String, Object> out,
            NDManager scratch) {
        NDArray[] fp = SampleQuality.classify(
                scorers.classifier().model(), scorers.classifier().store(), generated, scratch);
        out.putAll(quality(fp, scorers.reference()));
        if (labels != null) {
            List<String> names = RunDirectory.open(trained.runDir())
                    .classNames(trained.image().classes());
            out.put("class_conditional", ClassQuality.of(fp, labels, names, scorers.reference(), scratch));
        }
    }

    private static Map<String, Object> featureFigures(
            TrainedModel trained, NDArray generated, Features features, NDManager scratch) {
        NDArray f = features.network()
                .features(generated, trained.image(), FeatureNetwork.DEFAULT_BATCH, done -> {}, scratch);
        return FeatureFigures.compare(
                FeatureFigures.Side.of("samples", f),
                features.reference(),
                features.network(),
                FeatureFigures.Options.fidOnly(),
                features.warn(),
                scratch);
    }

    /** The figures of generated images against the test images. */
    private static Map<String, Object> quality(NDArray[] fp, Reference reference) {
        SampleQuality.Result r = SampleQuality.of(fp[0], fp[1], reference.test());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("classifier_feature_frechet_distance", r.frechetDistance());
        out.put("floor_train_vs_test", reference.floor());
        out.put("class_entropy_nats", r.classEntropy());
        out.put("confident_share", r.confidentShare());
        out.put("class_counts", r.classCounts());
        return out;
    }
}

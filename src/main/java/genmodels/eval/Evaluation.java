package genmodels.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.DataConfig;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.density.gmm.CovarianceType;
import genmodels.density.gmm.GaussianMixture;
import genmodels.density.gmm.GmmOptions;
import genmodels.errors.UserError;
import genmodels.models.GenerativeModel;
import genmodels.models.ImageSampler;
import genmodels.models.Likelihoods;
import genmodels.models.classifier.ConvClassifier;
import genmodels.models.diffusion.Diffusion;
import genmodels.models.vae.VariationalAutoencoder;
import genmodels.runs.TrainedModel;
import genmodels.train.LatentSpaceWriter;
import genmodels.train.TrainingLoop;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * What {@code evaluate} measures for a trained model, each figure where it applies and, where it
 * does not, a sentence saying why.
 */
public final class Evaluation {

    /** Decoded images per forward pass when sampling. */
    static final int DECODE_BATCH = 1000;

    private Evaluation() {}

    /**
     * @param importanceSamples K of the importance-weighted bound (0: skip it)
     * @param sampleCount images to generate for sample quality
     * @param components K of the gmm sampler
     * @param seed seeds sampling
     * @param steps a diffusion model's sampling steps (0: its config's sample_steps)
     */
    public record Settings(int importanceSamples, int sampleCount, int components, long seed, int steps) {}

    /** A trained classifier and the parameter store to run it with. */
    public record Classifier(ConvClassifier model, ParameterStore store) {}

    /**
     * What sample quality is compared with.
     *
     * @param test moments of the test images' features
     * @param floor the Fréchet distance between as many training images as samples and the test images
     * @param testImages the class entropy and confident share of the test images themselves
     */
    public record Reference(FrechetDistance.Moments test, double floor, SampleQuality.Result testImages) {}

    /**
     * @return the reference statistics of the test images, and the train-vs-test floor
     */
    public static Reference reference(Classifier classifier, Datasets.Splits data, int count, long seed, NDManager m) {
        try (NDManager scratch = m.newSubManager()) {
            NDArray[] test = SampleQuality.classify(classifier.model(), classifier.store(), data.test().images(), scratch);
            FrechetDistance.Moments moments = FrechetDistance.moments(test[0]);
            SampleQuality.Result testImages = SampleQuality.of(test[0], test[1], moments);
            int n = Math.min(count, data.train().size());
            int[] order = TrainingLoop.permutation(data.train().size(), new SplittableRandom(seed));
            NDArray train = data.train().gather(scratch, order, 0, n).images();
            NDArray[] trainFeatures = SampleQuality.classify(classifier.model(), classifier.store(), train, scratch);
            double floor = FrechetDistance.squared(FrechetDistance.moments(trainFeatures[0]), moments);
            return new Reference(moments, floor, testImages);
        }
    }

    /**
     * The figures of a trained model that do not depend on a sampler: test loss terms, negative
     * ELBO and the importance-weighted NLL (VAE), reconstruction error (every autoencoder), or test
     * accuracy (a classifier).
     *
     * @param progress called with images done during the importance-weighted pass
     * @return name to figure (a map of numbers), or to a sentence where it does not apply
     */
    public static Map<String, Object> model(TrainedModel trained, Datasets.Splits data, Settings settings,
            NDManager m, IntConsumer progress) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Double> terms = TrainingLoop.evaluate(trained.model(), trained.store(), data.test(),
                trained.config().train().seed(), m);
        if (trained.model() instanceof VariationalAutoencoder vae) {
            DataConfig pixelsConfig = trained.config().data();
            out.put("test_pixels", pixelsConfig.binarized()
                    ? "binarized (" + pixelsConfig.binarize() + ", seed " + pixelsConfig.binarizeSeed() + "): -ELBO and IW NLL are"
                            + " negative log-likelihoods of binary images, comparable with binarized-MNIST results"
                    : "grey levels: -ELBO and IW NLL are Bernoulli cross-entropies, not likelihoods; compare them only"
                            + " with runs on grey levels (data.binarize: dynamic gives literature-comparable NLLs)");
            out.put("neg_elbo", Map.of("nats", terms.get("neg_elbo"), "reconstruction", terms.get("reconstruction"),
                    "kl", terms.get("kl")));
            if (settings.importanceSamples() > 0) {
                Engine.getInstance().setRandomSeed((int) settings.seed());
                long start = System.nanoTime();
                double nll = ImportanceWeighted.meanNll(vae, trained.store(), data.test(), settings.importanceSamples(), m,
                        progress);
                Map<String, Object> iw = new LinkedHashMap<>();
                iw.put("nats", nll);
                iw.put("bits_per_dim", ImportanceWeighted.bitsPerDim(nll, data.test().pixels()));
                iw.put("samples", settings.importanceSamples());
                iw.put("seconds", (System.nanoTime() - start) / 1e9);
                out.put("importance_weighted_nll", iw);
            } else {
                out.put("importance_weighted_nll", "not computed: --importance-samples 0");
            }
        } else if (trained.model() instanceof Diffusion diffusion) {
            out.put("test_loss_terms", terms);
            out.put("variational_bound", DiffusionBound.of(diffusion, trained.store(), data.test(), settings.seed(), m));
        } else {
            out.put("test_loss_terms", terms);
            String type = trained.config().model().type();
            out.put("neg_elbo", "not applicable: a " + type + " defines no likelihood p(x), so no ELBO");
            out.put("importance_weighted_nll", "not applicable: a " + type + " defines no likelihood p(x)");
        }
        if (trained.model() instanceof GenerativeModel generative) {
            out.put("reconstruction", reconstruction(generative, trained.store(), data.test(), m));
        } else {
            out.put("reconstruction", "not applicable: a " + trained.config().model().type() + " does not reconstruct");
            if (terms.containsKey("accuracy")) {
                out.put("accuracy", terms.get("accuracy"));
            }
        }
        return out;
    }

    /**
     * Reconstruction error of decode(encode(x)) on a split: BCE per image (from logits, nats) and
     * mean squared error per pixel.
     */
    static Map<String, Double> reconstruction(GenerativeModel model, ParameterStore store, ImageSplit split, NDManager m) {
        double bce = 0;
        double squared = 0;
        for (int from = 0; from < split.size(); from += DECODE_BATCH) {
            int to = Math.min(split.size(), from + DECODE_BATCH);
            try (NDManager batch = m.newSubManager()) {
                NDArray x = split.slice(batch, from, to).images();
                NDArray logits = model.decodeLogits(store, model.encode(store, x));
                bce += Likelihoods.bernoulliFromLogits(logits, x).sum().getFloat();
                squared += Likelihoods.squaredError(logits, x).sum().getFloat();
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("bce_per_image", bce / split.size());
        out.put("mse_per_pixel", squared / split.size() / split.pixels());
        return out;
    }

    /**
     * Sample quality of one sampler.
     *
     * @param sampler prior, gmm or normal
     * @return the figures, or a sentence saying why they do not apply
     */
    public static Object samples(TrainedModel trained, Datasets.Splits data, String sampler, Settings settings,
            Classifier classifier, Reference reference, NDManager m) {
        if (!(trained.model() instanceof GenerativeModel) && !(trained.model() instanceof ImageSampler)) {
            return "not applicable: a " + trained.config().model().type() + " does not generate images";
        }
        if (classifier == null) {
            return "not computed: give --classifier RUN (a run directory of genmodels train-classifier)";
        }
        if (trained.model() instanceof ImageSampler direct) {
            return directSamples(direct, trained, sampler, settings, classifier, reference, m);
        }
        GenerativeModel model = (GenerativeModel) trained.model();
        try (NDManager scratch = m.newSubManager()) {
            NDArray z = latentSamples(model, trained.store(), data, sampler, settings, scratch);
            if (z == null) {
                return "not applicable: a plain autoencoder has no prior; use --sampler gmm or normal";
            }
            NDList images = new NDList();
            for (long from = 0; from < settings.sampleCount(); from += DECODE_BATCH) {
                long to = Math.min(settings.sampleCount(), from + DECODE_BATCH);
                images.add(model.decode(trained.store(), z.get(new NDIndex().addSliceDim(from, to))));
            }
            NDArray generated = NDArrays.concat(images, 0);
            return quality(generated, sampler, settings, classifier, reference, scratch);
        }
    }

    /** The figures of generated images against the test images. */
    private static Map<String, Object> quality(NDArray generated, String sampler, Settings settings,
            Classifier classifier, Reference reference, NDManager scratch) {
        NDArray[] fp = SampleQuality.classify(classifier.model(), classifier.store(), generated, scratch);
        SampleQuality.Result r = SampleQuality.of(fp[0], fp[1], reference.test());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sampler", sampler);
        out.put("images", settings.sampleCount());
        out.put("classifier_feature_frechet_distance", r.frechetDistance());
        out.put("floor_train_vs_test", reference.floor());
        out.put("class_entropy_nats", r.classEntropy());
        out.put("confident_share", r.confidentShare());
        out.put("class_counts", r.classCounts());
        return out;
    }

    /**
     * A GAN's or a diffusion model's samples: from its own noise ({@code prior}, the only sampler
     * a model without an encoder has), timed.
     */
    private static Object directSamples(ImageSampler model, TrainedModel trained, String sampler, Settings settings,
            Classifier classifier, Reference reference, NDManager m) {
        if (!sampler.equals("prior")) {
            return "not applicable: a " + trained.config().model().type() + " has no encoder, so no latent codes for a "
                    + sampler + " sampler; use prior (its own noise)";
        }
        try (NDManager scratch = m.newSubManager()) {
            Engine.getInstance().setRandomSeed((int) settings.seed());
            long start = System.nanoTime();
            NDArray generated = model.generateAll(trained.store(), scratch, settings.sampleCount(), settings.steps(),
                    ImageSampler.BLOCK, done -> { });
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> out = quality(generated, sampler, settings, classifier, reference, scratch);
            out.put("sampling", model.samplerName(settings.steps()));
            out.put("sampling_seconds_per_image", seconds / settings.sampleCount());
            return out;
        }
    }

    /** Latent codes from the sampler, float32 [count, latentDim]; null when the model has no prior. */
    private static NDArray latentSamples(GenerativeModel model, ParameterStore store, Datasets.Splits data,
            String sampler, Settings settings, NDManager m) {
        Engine.getInstance().setRandomSeed((int) settings.seed());
        int n = settings.sampleCount();
        switch (sampler) {
            case "prior": {
                return model.samplePrior(store, m, n).orElse(null);
            }
            case "gmm": {
                NDArray codes = LatentSpaceWriter.encodeAll(model, store, data.train(), m);
                GaussianMixture gmm = GaussianMixture.fit(codes,
                        GmmOptions.defaults(settings.components(), CovarianceType.FULL, settings.seed()));
                return gmm.sample(m, n, new Random(settings.seed()));
            }
            case "normal":
                return m.randomNormal(new Shape(n, model.latentDim()), DataType.FLOAT32);
            default:
                throw new UserError("--sampler must be prior, gmm or normal, found '" + sampler + "'");
        }
    }
}

package genmodels.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import genmodels.models.FeatureExtractor;
import genmodels.models.FrechetDistance;
import genmodels.models.PredictedClasses;

/**
 * Sample-quality figures from a trained classifier: the Fréchet distance between the Gaussians of
 * its penultimate-layer features on generated and on test images, the entropy of the histogram of
 * predicted classes (ln 10 = 2.3026 nats when every digit is as frequent), and the share of images
 * it classifies with probability above 0.9.
 */
public final class SampleQuality {

    /** Images per classifier forward pass. */
    static final int BATCH = 1000;

    private SampleQuality() {}

    /** Probability above which a prediction counts as confident. */
    public static final double CONFIDENT = 0.9;

    /**
     * @param frechetDistance squared classifier-feature Fréchet distance to the reference (test) images
     * @param classEntropy entropy of the predicted-class histogram, nats
     * @param confidentShare share of images whose top class probability exceeds 0.9
     * @param classCounts how many images were predicted as each class
     */
    public record Result(double frechetDistance, double classEntropy, double confidentShare, int[] classCounts) {}

    /**
     * Features and class probabilities of images.
     *
     * @param images [n, pixels] in [0, 1]
     * @return {features [n, hidden], probabilities [n, classes]}, float32, in {@code into}
     */
    public static NDArray[] classify(
            FeatureExtractor classifier, ParameterStore store, NDArray images, NDManager into) {
        NDList features = new NDList();
        NDList probabilities = new NDList();
        long n = images.getShape().get(0);
        for (long from = 0; from < n; from += BATCH) {
            long to = Math.min(n, from + BATCH);
            try (NDManager batch = into.newSubManager()) {
                NDArray x =
                        images.get(batch, new NDIndex().addSliceDim(from, to)).toType(DataType.FLOAT32, false);
                NDArray f = classifier.features(store, x, false);
                NDArray p = classifier.logits(store, f, false).softmax(1);
                f.attach(into);
                p.attach(into);
                features.add(f);
                probabilities.add(p);
            }
        }
        return new NDArray[] {NDArrays.concat(features, 0), NDArrays.concat(probabilities, 0)};
    }

    /**
     * @param features [n, hidden] of the generated images
     * @param probabilities [n, 10]
     * @param reference moments of the test images' features
     */
    public static Result of(NDArray features, NDArray probabilities, FrechetDistance.Moments reference) {
        double fd = FrechetDistance.squared(FrechetDistance.moments(features), reference);
        int[] predicted = probabilities.argMax(1).toType(DataType.INT32, false).toIntArray();
        float[] top = probabilities.max(new int[] {1}).toFloatArray();
        int[] counts = new int[(int) probabilities.getShape().get(1)];
        int confident = 0;
        for (int i = 0; i < predicted.length; i++) {
            counts[predicted[i]]++;
            if (top[i] > CONFIDENT) {
                confident++;
            }
        }
        return new Result(fd, PredictedClasses.entropy(counts), (double) confident / predicted.length, counts);
    }
}

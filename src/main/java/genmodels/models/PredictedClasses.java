package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;

/**
 * The histogram of a classifier's predicted classes over a set of images, and its entropy: the
 * mode-collapse figure of a sampler (ln 10 = 2.3026 nats when every digit is as frequent, 0 when
 * every sample is classified as one digit).
 */
public final class PredictedClasses {

    /** Images per classifier forward pass. */
    static final int BATCH = 1000;

    private PredictedClasses() {}

    /**
     * @param images [n, pixels] in [0, 1]
     * @return how many images the classifier predicts as each class (argmax of its scores), [classes]
     */
    public static int[] counts(FeatureExtractor classifier, ParameterStore store, NDArray images, NDManager scope) {
        int[] counts = new int[classifier.classes()];
        long n = images.getShape().get(0);
        for (long from = 0; from < n; from += BATCH) {
            try (NDManager batch = scope.newSubManager()) {
                NDArray x = images.get(batch, new NDIndex().addSliceDim(from, Math.min(n, from + BATCH)));
                NDArray logits = classifier.logits(store, classifier.features(store, x, false), false);
                for (int c : logits.argMax(1).toType(DataType.INT32, false).toIntArray()) {
                    counts[c]++;
                }
            }
        }
        return counts;
    }

    /** @return the entropy in nats of the histogram {@code counts}, -sum p log p (0 for an empty one) */
    public static double entropy(int[] counts) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / total;
                h -= p * Math.log(p);
            }
        }
        return h;
    }
}

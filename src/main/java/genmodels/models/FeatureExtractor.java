package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A trained classifier as the sample-quality metrics use it: penultimate-layer features (the space
 * of the classifier-feature Fréchet distance) and class scores (the predicted-class histogram).
 */
public interface FeatureExtractor {

    /**
     * @param x images, [batch, pixels] in [0, 1]
     * @return the features, [batch, featureDim]
     */
    NDArray features(ParameterStore store, NDArray x, boolean training);

    /**
     * @param features from {@link #features}
     * @return class scores (logits), [batch, classes]
     */
    NDArray logits(ParameterStore store, NDArray features, boolean training);

    /** @return the number of classes */
    int classes();
}

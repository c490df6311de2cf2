package genmodels.models;

import ai.djl.ndarray.NDArray;

/** A model trained to restore corrupted images: it says how it corrupts them ({@link Picture#DENOISING}). */
public interface Denoising {

    /**
     * @param x clean images, [batch, pixels] in [0, 1]
     * @return the images corrupted as in training, in the manager of x (draws from the engine's stream)
     */
    NDArray corrupt(NDArray x);
}

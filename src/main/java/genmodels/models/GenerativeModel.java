package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A trainable image model as the training loop and its listeners see it. Images are float32
 * {@code [batch, pixels]} in [0, 1]; all arrays returned are created in the manager of the input.
 */
public interface GenerativeModel {

    /** @return the DJL block holding every trainable parameter (saved and loaded as a whole) */
    Block block();

    /** @return the dimension of the latent code */
    int latentDim();

    /** @return the names of the terms {@link #loss} reports, headline metric first */
    java.util.List<String> termNames();

    /**
     * Runs the model on a batch and computes its loss terms.
     *
     * @param store parameter store of the current device
     * @param x images, [batch, pixels] in [0, 1]
     * @param training true during optimisation
     * @return the objective (mean over the batch) and the per-term sums over the batch
     */
    LossTerms loss(ParameterStore store, NDArray x, boolean training);

    /**
     * @param store parameter store of the current device
     * @param z latent codes, [batch, latentDim]
     * @return decoded pixel means, [batch, pixels] in [0, 1]
     */
    NDArray decode(ParameterStore store, NDArray z);

    /**
     * @param store parameter store of the current device
     * @param x images, [batch, pixels] in [0, 1]
     * @return reconstructions (decoder mean at the encoder's mean code), [batch, pixels] in [0, 1]
     */
    NDArray reconstruct(ParameterStore store, NDArray x);
}

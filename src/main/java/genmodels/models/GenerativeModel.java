package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Optional;

/**
 * A trainable latent-variable image model as the training loop, its listeners and the latent-space
 * tools see it. Images are float32 {@code [batch, pixels]} in [0, 1]; arrays returned are created
 * in the manager of the input.
 */
public interface GenerativeModel {

    /** @return the DJL block holding every trainable parameter (saved and loaded as a whole) */
    Block block();

    /** @return the dimension of the latent code */
    int latentDim();

    /** @return the names of the terms {@link #loss} reports, headline metric first */
    List<String> termNames();

    /**
     * Runs the model on a batch and computes its loss terms.
     *
     * @param store parameter store of the current device
     * @param x images, [batch, pixels] in [0, 1]
     * @param labels class indices, int32 [batch] (used by class-supervised models)
     * @param training true during optimisation
     * @return the objective (mean over the batch) and the per-term sums over the batch
     */
    LossTerms loss(ParameterStore store, NDArray x, NDArray labels, boolean training);

    /**
     * @param store parameter store of the current device
     * @param x images, [batch, pixels] in [0, 1]
     * @return deterministic latent codes (for a VAE the posterior mean), [batch, latentDim]
     */
    NDArray encode(ParameterStore store, NDArray x);

    /**
     * @param store parameter store of the current device
     * @param z latent codes, [batch, latentDim]
     * @return decoded pixel means, [batch, pixels] in [0, 1]
     */
    NDArray decode(ParameterStore store, NDArray z);

    /**
     * @param store parameter store of the current device
     * @param x images, [batch, pixels] in [0, 1]
     * @return {@code decode(encode(x))}, [batch, pixels] in [0, 1]
     */
    default NDArray reconstruct(ParameterStore store, NDArray x) {
        return decode(store, encode(store, x));
    }

    /** @return the prior p(z) the model is trained towards, or empty (a plain autoencoder has none) */
    Optional<Prior> prior();
}

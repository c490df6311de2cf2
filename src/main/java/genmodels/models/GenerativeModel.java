package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.util.Optional;

/**
 * A trainable latent-variable image model as its listeners, the latent-space tools and the
 * evaluation see it: an encoder to codes and a decoder back to pixels.
 */
public interface GenerativeModel extends TrainableModel {

    /** @return the dimension of the latent code */
    int latentDim();

    /**
     * @param store parameter store of the current device
     * @param x images, [batch, pixels] in [0, 1]
     * @return deterministic latent codes (for a VAE the posterior mean), [batch, latentDim]
     */
    NDArray encode(ParameterStore store, NDArray x);

    /**
     * @param store parameter store of the current device
     * @param z latent codes, [batch, latentDim]
     * @return decoder output before the sigmoid, [batch, pixels]
     */
    NDArray decodeLogits(ParameterStore store, NDArray z);

    /**
     * @param store parameter store of the current device
     * @param z latent codes, [batch, latentDim]
     * @return decoded pixel means, {@code sigmoid(decodeLogits(z))}, [batch, pixels] in [0, 1]
     */
    default NDArray decode(ParameterStore store, NDArray z) {
        return Activation.sigmoid(decodeLogits(store, z));
    }

    /**
     * @param store parameter store of the current device
     * @param x images, [batch, pixels] in [0, 1]
     * @return {@code decode(encode(x))}, [batch, pixels] in [0, 1]
     */
    default NDArray reconstruct(ParameterStore store, NDArray x) {
        return decode(store, encode(store, x));
    }

    /**
     * @return the fixed prior p(z) the model is trained towards, or empty: a plain autoencoder has
     *     none, and a learned prior (the VampPrior) is not one of these; see {@link #samplePrior}
     */
    Optional<Prior> prior();

    /** @return the config name of the model's prior ({@code normal}, {@code disk}, ..., {@code vamp}), or empty */
    default Optional<String> priorName() {
        return prior().map(Prior::configName);
    }

    /**
     * Draws codes from the model's prior with the engine's generator.
     *
     * @param store parameter store of the current device (a learned prior reads its parameters)
     * @param manager where the codes are created
     * @param n number of codes
     * @return float32 [n, latentDim], or empty when the model has no prior
     */
    default Optional<NDArray> samplePrior(ParameterStore store, NDManager manager, int n) {
        return prior().map(p -> p.sample(manager, n, latentDim()));
    }
}

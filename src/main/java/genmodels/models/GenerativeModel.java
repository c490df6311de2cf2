package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A trainable latent-variable image model as its listeners, the latent-space tools and the
 * evaluation see it: an encoder to codes and a decoder back to pixels. Its samplers decode codes
 * ({@link DecodedSampler}): from its prior here, from N(0, I) or a mixture fitted to its training
 * codes in {@code genmodels.sampling}.
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
     * @return decoder output before its output link (the sigmoid's logits, unless {@link
     *     #outputsLogits} is false), [batch, pixels]
     */
    NDArray decodeLogits(ParameterStore store, NDArray z);

    /**
     * @return whether {@link #decodeLogits} gives logits, the pixel means being their sigmoid (every
     *     model but the linear autoencoder, whose output is the means themselves)
     */
    default boolean outputsLogits() {
        return true;
    }

    /**
     * @param output {@link #decodeLogits}'s output, [batch, pixels]
     * @return the pixel means: its sigmoid, or the output itself when it is not logits
     */
    default NDArray pixelMeans(NDArray output) {
        return outputsLogits() ? Activation.sigmoid(output) : output;
    }

    /**
     * @param store parameter store of the current device
     * @param z latent codes, [batch, latentDim]
     * @return decoded pixel means, {@code sigmoid(decodeLogits(z))} (a linear output clipped to [0,
     *     1]), [batch, pixels] in [0, 1]
     */
    default NDArray decode(ParameterStore store, NDArray z) {
        NDArray means = pixelMeans(decodeLogits(store, z));
        return outputsLogits() ? means : means.clip(0f, 1f);
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

    /** @return whether {@link #samplePrior} draws codes (a fixed prior or a learned one) */
    default boolean hasPrior() {
        return priorName().isPresent();
    }

    /** @return the prior's codes decoded, or empty for a model without a prior */
    @Override
    default Optional<Sampler> priorSampler(SamplingSettings settings) {
        if (!hasPrior()) {
            return Optional.empty();
        }
        settings.requireNone("a latent model's prior sampler");
        return Optional.of(new DecodedSampler(
                this,
                "prior",
                "the " + priorName().orElseThrow() + " prior",
                (store, manager, n) -> samplePrior(store, manager, n).orElseThrow()));
    }

    /** @return the reconstruction error of the test images */
    @Override
    default List<ModelEvaluation> evaluations() {
        return List.of(new ReconstructionError(this));
    }

    /** @return reconstructions and the latent space, and prior samples when there is a prior */
    @Override
    default Set<Picture> pictures() {
        Set<Picture> pictures = EnumSet.of(Picture.RECONSTRUCTIONS, Picture.LATENT_SPACE);
        if (hasPrior()) {
            pictures.add(Picture.PRIOR_SAMPLES);
        }
        return pictures;
    }
}

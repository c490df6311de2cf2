package genmodels.models.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import genmodels.models.Prior;
import java.util.Optional;

/**
 * The VAE's prior p(z), {@code model.prior}: {@link NormalPrior} or {@link VampPrior}. The KL
 * terms are the prior's because only it knows whether they have a closed form.
 */
interface LatentPrior {

    /**
     * @param z [n, latentDim]
     * @return log p(z), [n], nats
     */
    NDArray logDensity(ParameterStore store, NDArray z, boolean training);

    /**
     * KL(q(z|x) || p(z)) per image, in closed form or estimated from the one draw z = mu + sigma eps.
     *
     * @param mu [b, latentDim]
     * @param logvar [b, latentDim]
     * @param eps the standard normal draw behind z, [b, latentDim]
     * @param z the draw, [b, latentDim]
     * @return [b], nats
     */
    NDArray kl(ParameterStore store, NDArray mu, NDArray logvar, NDArray eps, NDArray z, boolean training);

    /**
     * The KL reported beside an importance-weighted bound of k draws per image: closed form where
     * there is one, else the mean over the draws of log q(z_j|x) - log p(z_j).
     *
     * @param mu [b, latentDim]
     * @param logvar [b, latentDim]
     * @param logRatio log p(z_j) - log q(z_j|x), [b, k]
     * @param perDraw the scalar 1 / k
     * @return the sum over the batch, a scalar, nats
     */
    NDArray klOfDraws(NDArray mu, NDArray logvar, NDArray logRatio, NDArray perDraw);

    /** @return a fixed prior to sample from (N(0, I)), or empty for a learned one ({@link #sample}) */
    Optional<Prior> fixed();

    /**
     * @return n draws of a learned prior, [n, latentDim], from the engine's generator; empty for a
     *     fixed prior
     */
    Optional<NDArray> sample(ParameterStore store, NDManager manager, int n);
}

package genmodels.models.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import genmodels.models.Prior;
import genmodels.models.Scalars;
import java.util.Optional;

/**
 * The VampPrior of Tomczak &amp; Welling (AISTATS 2018, eq. 9): {@code p(z) = (1/K) sum_k q(z |
 * u_k)}, the mixture of the encoder's posteriors at K learned pseudo-inputs u_k (pixels in [0, 1],
 * kept there by a hard tanh). It has no closed-form KL: the KL is estimated from the draw as
 * {@code log q(z|x) - log p(z)}.
 */
final class VampPrior implements LatentPrior {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final VariationalAutoencoder vae;
    private final Parameter pseudoInputs;
    private final int k;

    /**
     * @param vae the model whose encoder gives the components
     * @param pseudoInputs the K learned pseudo-inputs, [K, pixels], a parameter of {@code vae}
     * @param k K
     */
    VampPrior(VariationalAutoencoder vae, Parameter pseudoInputs, int k) {
        this.vae = vae;
        this.pseudoInputs = pseudoInputs;
        this.k = k;
    }

    /**
     * {@code logsumexp_k log N(z; mu_k, diag(var_k)) - log K}, with (mu_k, logvar_k) the encoder's
     * output at pseudo-input k. The Gaussian's quadratic form is expanded into matrix products,
     * {@code sum(z^2/var) - 2 z.(mu/var) + sum(mu^2/var)}, so no [n, K, latentDim] array is formed.
     */
    @Override
    public NDArray logDensity(ParameterStore store, NDArray z, boolean training) {
        Scalars s = vae.scalars();
        NDList components = pseudoPosteriors(store, z.getManager(), training);
        NDArray mu = components.get(0); // [K, d]
        NDArray logvar = components.get(1);
        NDArray precision = logvar.neg().exp();
        NDArray quadratic = z.square()
                .matMul(precision.transpose())
                .sub(z.matMul(mu.mul(precision).transpose()).mul(s.of(2)))
                .add(mu.square().mul(precision).sum(new int[] {1}).expandDims(0)); // [n, K]
        NDArray constant =
                logvar.sum(new int[] {1}).add(s.of(vae.latentDim() * LOG_2PI)).expandDims(0);
        NDArray logComponents = quadratic.add(constant).mul(s.of(-0.5));
        return vae.logMeanExp(logComponents);
    }

    @Override
    public NDArray kl(ParameterStore store, NDArray mu, NDArray logvar, NDArray eps, NDArray z, boolean training) {
        return vae.logPosterior(eps, logvar).sub(logDensity(store, z, training));
    }

    @Override
    public NDArray klOfDraws(NDArray mu, NDArray logvar, NDArray logRatio, NDArray perDraw) {
        return logRatio.sum().neg().mul(perDraw);
    }

    @Override
    public Optional<Prior> fixed() {
        return Optional.empty();
    }

    /** A pseudo-input k drawn uniformly, then z ~ q(z | u_k). */
    @Override
    public Optional<NDArray> sample(ParameterStore store, NDManager manager, int n) {
        NDList components = pseudoPosteriors(store, manager, false);
        NDArray picks = manager.randomInteger(0, k, new Shape(n), DataType.INT64);
        NDArray mu = components.get(0).get(picks);
        NDArray logvar = components.get(1).get(picks);
        return Optional.of(VariationalAutoencoder.reparameterize(mu, logvar, vae.scalars()));
    }

    /**
     * (mu, logvar) of q(z | u_k) for every pseudo-input u_k, each [K, latentDim], created in
     * {@code manager} (not the parameter's long-lived manager, which owns what is computed from the
     * parameter first).
     */
    private NDList pseudoPosteriors(ParameterStore store, NDManager manager, boolean training) {
        NDArray u = store.getValue(pseudoInputs, manager.getDevice(), training).clip(0, 1); // hard tanh to [0, 1]
        u.attach(manager);
        return vae.posterior(store, u, null, training);
    }
}

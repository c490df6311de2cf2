package genmodels.models.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import genmodels.models.GenerativeModel;
import genmodels.models.Likelihoods;
import genmodels.models.LossTerms;
import genmodels.models.Mlp;
import genmodels.models.ModelDefinition;
import genmodels.models.Prior;
import genmodels.models.Scalars;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variational autoencoder of Kingma &amp; Welling (ICLR 2014): an MLP encoder to the mean and
 * log-variance of a diagonal Gaussian q(z|x), the reparameterization z = mu + sigma * eps, and an
 * MLP decoder to the logits of p(x|z). Prior p(z) = N(0, I).
 *
 * <p>The encoder's last layer has 2 * latentDim units, split into (mu, logvar): the same
 * parameterization as two separate heads, in one matrix product.
 */
public final class VariationalAutoencoder extends AbstractBlock implements GenerativeModel {

    private static final byte VERSION = 1;

    /** The {@code train-vae} command. */
    public static final ModelDefinition<VaeConfig> DEFINITION = new ModelDefinition<>(
            "vae",
            "train-vae",
            "Train a variational autoencoder (Kingma & Welling 2014) and report the negative ELBO in nats per image.",
            "vae-mnist.yaml",
            VaeConfig.class,
            VariationalAutoencoder::new);

    /** Names of the reported terms, in order: negative ELBO, reconstruction, KL (nats per image). */
    public static final List<String> TERMS = List.of("neg_elbo", "reconstruction", "kl");

    private final VaeConfig config;
    private final int pixels;
    private final SequentialBlock encoder;
    private final SequentialBlock decoder;
    private Scalars scalars;

    /**
     * @param config the model section
     * @param pixels input dimension (784 for 28x28 images)
     */
    public VariationalAutoencoder(VaeConfig config, int pixels) {
        super(VERSION);
        this.config = config;
        this.pixels = pixels;
        List<Integer> encoderSizes = new ArrayList<>();
        encoderSizes.add(pixels);
        encoderSizes.addAll(config.hidden());
        encoderSizes.add(2 * config.latentDim());
        List<Integer> decoderSizes = new ArrayList<>();
        decoderSizes.add(config.latentDim());
        List<Integer> reversed = new ArrayList<>(config.hidden());
        Collections.reverse(reversed);
        decoderSizes.addAll(reversed);
        decoderSizes.add(pixels);
        encoder = addChildBlock("encoder", Mlp.of(encoderSizes, Activation::relu));
        decoder = addChildBlock("decoder", Mlp.of(decoderSizes, Activation::relu));
    }

    /** @return the model section this was built from */
    public VaeConfig config() {
        return config;
    }

    @Override
    public ai.djl.nn.Block block() {
        return this;
    }

    @Override
    public int latentDim() {
        return config.latentDim();
    }

    @Override
    public List<String> termNames() {
        return TERMS;
    }

    /**
     * Encodes images to the parameters of q(z|x).
     *
     * @param store parameter store
     * @param x [batch, pixels] in [0, 1]
     * @param training true during optimisation
     * @return (mu, logvar), each [batch, latentDim]; logvar clipped to [-c, c] with model.logvar_clamp
     */
    public NDList posterior(ParameterStore store, NDArray x, boolean training) {
        NDArray out = encoder.forward(store, new NDList(x), training).singletonOrThrow();
        NDList q = out.split(2, 1);
        if (config.logvarClamp() != null) {
            double c = config.logvarClamp();
            return new NDList(q.get(0), q.get(1).clip(-c, c));
        }
        return q;
    }

    /**
     * The reparameterization trick (Kingma &amp; Welling 2014, section 2.4):
     * {@code z = mu + exp(logvar / 2) * eps}, eps ~ N(0, I), differentiable in mu and logvar.
     *
     * @param mu [batch, latentDim]
     * @param logvar [batch, latentDim], log of the variance
     * @param scalars the model's constants
     * @return z, [batch, latentDim]
     */
    public static NDArray reparameterize(NDArray mu, NDArray logvar, Scalars scalars) {
        NDArray eps = mu.getManager().randomNormal(mu.getShape(), DataType.FLOAT32);
        return logvar.mul(scalars.of(0.5)).exp().mul(eps).add(mu);
    }

    /**
     * KL divergence from q(z|x) = N(mu, diag(exp(logvar))) to p(z) = N(0, I), in closed form
     * (Kingma &amp; Welling 2014, appendix B): {@code 0.5 * sum(mu^2 + exp(logvar) - logvar - 1)}.
     *
     * @param mu [batch, latentDim]
     * @param logvar [batch, latentDim]
     * @param scalars the model's constants
     * @return [batch], nats, summed over latent dimensions
     */
    public static NDArray klToStandardNormal(NDArray mu, NDArray logvar, Scalars scalars) {
        return mu.square().add(logvar.exp()).sub(logvar).sub(scalars.of(1)).sum(new int[] {1}).mul(scalars.of(0.5));
    }

    /** @return the model's constants (created with its parameters by {@code initialize}) */
    public Scalars scalars() {
        if (scalars == null) {
            throw new IllegalStateException("the model is not initialised");
        }
        return scalars;
    }

    /**
     * @param store parameter store
     * @param z [batch, latentDim]
     * @param training true during optimisation
     * @return decoder logits, [batch, pixels]
     */
    public NDArray decodeLogits(ParameterStore store, NDArray z, boolean training) {
        return decoder.forward(store, new NDList(z), training).singletonOrThrow();
    }

    /**
     * Negative log-likelihood -log p(x|z) of the images under the decoder's output.
     *
     * @param logits [batch, pixels]
     * @param x [batch, pixels] in [0, 1]
     * @return [batch], nats
     */
    public NDArray reconstructionNll(NDArray logits, NDArray x) {
        return "gaussian".equals(config.likelihood())
                ? Likelihoods.gaussianFromLogits(logits, x, config.sigma(), scalars())
                : Likelihoods.bernoulliFromLogits(logits, x);
    }

    /**
     * {@link #reconstructionNll} of k decodings of each image.
     *
     * @param logits [b * k, pixels], the k rows of image i at i * k ... i * k + k - 1
     * @param x [b, pixels] in [0, 1]
     * @param k decodings per image
     * @return [b, k], nats
     */
    public NDArray reconstructionNll(NDArray logits, NDArray x, long k) {
        if ("gaussian".equals(config.likelihood())) {
            long b = x.getShape().get(0);
            NDArray repeated = x.expandDims(1).broadcast(new Shape(b, k, x.getShape().get(1))).reshape(b * k, -1);
            return reconstructionNll(logits, repeated).reshape(b, k);
        }
        return Likelihoods.bernoulliFromLogits(logits, x, k);
    }

    /**
     * One-sample estimate of the negative ELBO, {@code -log p(x|z) + KL(q(z|x) || p(z))} with
     * z ~ q(z|x), and the beta-weighted training objective {@code mean(recon + beta * KL)}.
     *
     * @return objective (mean over the batch) and sums over the batch of neg_elbo, reconstruction
     *     and kl, in nats
     */
    @Override
    public LossTerms loss(ParameterStore store, NDArray x, NDArray labels, boolean training) {
        NDList q = posterior(store, x, training);
        NDArray mu = q.get(0);
        NDArray logvar = q.get(1);
        NDArray z = reparameterize(mu, logvar, scalars());
        NDArray recon = reconstructionNll(decodeLogits(store, z, training), x);
        NDArray kl = klToStandardNormal(mu, logvar, scalars());
        NDArray reconSum = recon.sum();
        NDArray klSum = kl.sum();
        NDArray perImage = scalars().of(1.0 / x.getShape().get(0));
        NDArray negElbo = reconSum.add(klSum);
        NDArray objective = config.beta() == 1.0
                ? negElbo.mul(perImage)
                : reconSum.add(klSum.mul(scalars().of(config.beta()))).mul(perImage);
        Map<String, NDArray> sums = new LinkedHashMap<>();
        sums.put("neg_elbo", negElbo);
        sums.put("reconstruction", reconSum);
        sums.put("kl", klSum);
        return new LossTerms(objective, sums);
    }

    @Override
    public NDArray decodeLogits(ParameterStore store, NDArray z) {
        return decodeLogits(store, z, false);
    }

    /** @return the posterior mean, [batch, latentDim] */
    @Override
    public NDArray encode(ParameterStore store, NDArray x) {
        return posterior(store, x, false).get(0);
    }

    @Override
    public Optional<Prior> prior() {
        return Optional.of(Prior.NORMAL);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList q = posterior(store, x, training);
        NDArray z = reparameterize(q.get(0), q.get(1), scalars());
        return new NDList(decodeLogits(store, z, training), q.get(0), q.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape latent = new Shape(batch, config.latentDim());
        return new Shape[] {new Shape(batch, pixels), latent, latent};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        scalars = new Scalars(manager);
        long batch = inputShapes[0].get(0);
        encoder.initialize(manager, dataType, inputShapes[0]);
        decoder.initialize(manager, dataType, new Shape(batch, config.latentDim()));
    }
}

package genmodels.models.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import genmodels.config.DataConfig;
import genmodels.engine.ImageSpec;
import genmodels.engine.Reductions;
import genmodels.models.Architecture;
import genmodels.models.ClassLabels;
import genmodels.models.ClassSampler;
import genmodels.models.GenerativeModel;
import genmodels.models.LossTerms;
import genmodels.models.Mlp;
import genmodels.models.ModelDefinition;
import genmodels.models.ModelDefinition.BenchRow;
import genmodels.models.ModelEvaluation;
import genmodels.models.Picture;
import genmodels.models.Prior;
import genmodels.models.ReconstructionError;
import genmodels.models.Sampler;
import genmodels.models.SamplingSettings;
import genmodels.models.Scalars;
import genmodels.models.Term;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variational autoencoder of Kingma &amp; Welling (ICLR 2014): an encoder (MLP or
 * convolutional, {@link Architecture}) to the mean and log-variance of a diagonal Gaussian q(z|x),
 * the reparameterization z = mu + sigma * eps, and a decoder to the logits of p(x|z).
 *
 * <p>The prior p(z) is a {@link LatentPrior}: N(0, I) ({@link NormalPrior}), or with {@code
 * prior: vamp} the {@link VampPrior} of Tomczak &amp; Welling (AISTATS 2018). The likelihood p(x|z)
 * is a {@link Likelihood}: Bernoulli or Gaussian.
 *
 * <p>The objective is the ELBO (with a closed-form KL for the normal prior, a one-sample estimate
 * log q(z|x) - log p(z) for the VampPrior), or with {@code importance_samples: k > 1} the
 * importance-weighted bound of Burda, Grosse &amp; Salakhutdinov (ICLR 2016, eq. 8). The weight on
 * the KL (or on log p(z) - log q(z|x) inside the importance weights) is {@code beta} times the
 * warm-up weight of the epoch ({@link #warmupWeight}, Sønderby et al., NeurIPS 2016).
 *
 * <p>The encoder's last layer has 2 * latentDim units, split into (mu, logvar): the same
 * parameterization as two separate heads, in one matrix product.
 *
 * <p>With {@code conditional: true}, the conditional VAE of Sohn, Lee &amp; Yan (NeurIPS 2015): the
 * one-hot class y is joined to the image's features before the encoder's linear layers, q(z | x,
 * y), and to the code before the decoder, p(x | z, y) (a linear layer on a one-hot code adds a
 * learned column per class: a learned class embedding). The prior stays N(0, I), so the ELBO and
 * the importance-weighted bound are bounds on log p(x | y), and sampling a class decodes prior
 * draws with that class. Its codes depend on the class, so it offers no label-free encoder
 * ({@link #conditional}).
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
                    VariationalAutoencoder::new)
            .withBenchRows(
                    BenchRow.training("vae"),
                    new BenchRow("iwae", List.of(), 1, ImportanceWeighted.NAME, true),
                    new BenchRow(
                            "conv_vae",
                            List.of("model.architecture=conv", "model.channels=[32, 64]", "model.hidden=[]"),
                            0,
                            null,
                            false))
            .withMovedKeys(Map.of("train.kl_warmup_epochs", "model.kl_warmup_epochs"));

    /** The reported terms, in order: negative ELBO, reconstruction, KL (nats per image). */
    public static final List<Term> TERMS = List.of(
            Term.lower("neg_elbo", "nats per image"),
            Term.lower("reconstruction", "nats per image"),
            Term.neutral("kl", "nats per image"));

    /** With importance_samples k &gt; 1, {@link #TERMS} then the negative k-sample bound. */
    public static final List<Term> IW_TERMS =
            List.of(TERMS.get(0), TERMS.get(1), TERMS.get(2), Term.lower("neg_iw_bound", "nats per image"));

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final VaeConfig config;
    private final int dimensions;
    private final int classes;
    private final int featureWidth;
    private final Block features;
    private final Block encoder;
    private final Block decoder;
    private final LatentPrior prior;
    private final Likelihood likelihood;
    private Scalars scalars;
    private double klWeight = 1.0;

    /**
     * @param config the model section
     * @param image the images' channels and sides (values per image: C * H * W)
     */
    public VariationalAutoencoder(VaeConfig config, ImageSpec image) {
        super(VERSION);
        this.config = config;
        this.dimensions = image.dimensions();
        Architecture network = config.network();
        List<Integer> reversed = new ArrayList<>(config.hidden());
        Collections.reverse(reversed);
        classes = ClassLabels.classes(config.conditional(), image);
        featureWidth = network.featureWidth(image);
        if (classes > 0) {
            features = addChildBlock("features", network.features(image, Activation::relu));
            List<Integer> widths = new ArrayList<>();
            widths.add(featureWidth + classes);
            widths.addAll(config.hidden());
            widths.add(2 * config.latentDim());
            encoder = addChildBlock("encoder", Mlp.of(widths, Activation::relu, config.init()));
        } else {
            features = null;
            encoder = addChildBlock(
                    "encoder", network.encoder(image, config.hidden(), 2 * config.latentDim(), Activation::relu));
        }
        decoder = addChildBlock(
                "decoder", network.decoder(config.latentDim() + classes, reversed, image, Activation::relu));
        likelihood = Likelihood.of(config);
        if (config.vamp()) {
            // Tomczak & Welling's initialisation of the pseudo-inputs: N(0.05, 0.01) per pixel
            Parameter pseudoInputs = addParameter(Parameter.builder()
                    .setName("pseudo_inputs")
                    .setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(config.pseudoInputs(), dimensions))
                    .optInitializer((m, shape, type) -> m.randomNormal(0.05f, 0.01f, shape, type))
                    .build());
            prior = new VampPrior(this, pseudoInputs, config.pseudoInputs());
        } else {
            prior = new NormalPrior(this::scalars);
        }
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

    /** @return whether the class enters the encoder and the decoder ({@code model.conditional}) */
    @Override
    public boolean conditional() {
        return classes > 0;
    }

    @Override
    public List<Term> terms() {
        return config.importanceSamples() > 1 ? IW_TERMS : TERMS;
    }

    /** The test -ELBO (with its two terms and how to read it) and the importance-weighted NLL. */
    @Override
    public List<ModelEvaluation> evaluations() {
        return conditional()
                ? List.of(new NegativeElbo(true, config.likelihood()), new ImportanceWeighted(this))
                : List.of(
                        new NegativeElbo(false, config.likelihood()),
                        new ImportanceWeighted(this),
                        new ReconstructionError(this));
    }

    @Override
    public List<String> divergenceHints() {
        return List.of("model.logvar_clamp (e.g. 10)");
    }

    @Override
    public Optional<String> resultNote(DataConfig data) {
        if (data.binarized()) {
            return Optional.empty();
        }
        boolean mnist = data.dataset().equals("mnist") || data.dataset().equals("fashion-mnist");
        return Optional.of("(grey-level pixels: neg_elbo and reconstruction are Bernoulli cross-entropies, not"
                + " likelihoods; "
                + (mnist
                        ? "data.binarize: dynamic gives NLLs comparable with binarized-MNIST results)"
                        : "data.binarize: dynamic makes them likelihoods of binarized images)"));
    }

    /**
     * The weight of the KL term in epoch {@code epoch} under linear warm-up (Sønderby et al. 2016,
     * section 2.3: "beta is increased linearly from 0 to 1 during the first N_t epochs"):
     * {@code min(1, (epoch - 1) / warmupEpochs)}, so epoch 1 trains the reconstruction alone and
     * the full ELBO is reached in epoch warmupEpochs + 1; 1 throughout when warmupEpochs is 0.
     *
     * @param epoch 1-based epoch
     * @param warmupEpochs {@code model.kl_warmup_epochs}, &gt;= 0
     */
    public static double warmupWeight(int epoch, int warmupEpochs) {
        return warmupEpochs == 0 ? 1.0 : Math.min(1.0, (epoch - 1) / (double) warmupEpochs);
    }

    @Override
    public void beforeEpoch(int epoch) {
        klWeight = warmupWeight(epoch, config.klWarmupEpochs());
    }

    /**
     * Encodes images to the parameters of q(z|x).
     *
     * @param store parameter store
     * @param x [batch, pixels] in [0, 1]
     * @param labels the classes of a conditional model, int32 [batch]; ignored (may be null) otherwise
     * @param training true during optimisation
     * @return (mu, logvar), each [batch, latentDim]; logvar clipped to [-c, c] with model.logvar_clamp
     */
    public NDList posterior(ParameterStore store, NDArray x, NDArray labels, boolean training) {
        NDArray input = x;
        if (classes > 0) {
            NDArray f = features.forward(store, new NDList(x), training).singletonOrThrow();
            input = f.concat(ClassLabels.oneHot(labels, classes), 1);
        }
        NDArray out = encoder.forward(store, new NDList(input), training).singletonOrThrow();
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
        return reparameterize(mu, logvar, mu.getManager().randomNormal(mu.getShape(), DataType.FLOAT32), scalars);
    }

    /**
     * {@link #reparameterize(NDArray, NDArray, Scalars)} with given noise (the caller keeps eps,
     * e.g. for log q(z|x), or draws k per image).
     *
     * @param mu [batch, latentDim], or [batch, 1, latentDim] against eps [batch, k, latentDim]
     * @param logvar shaped as mu
     * @param eps standard normal draws, broadcastable with mu
     * @return z, eps's shape
     */
    public static NDArray reparameterize(NDArray mu, NDArray logvar, NDArray eps, Scalars scalars) {
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
        return mu.square()
                .add(logvar.exp())
                .sub(logvar)
                .sub(scalars.of(1))
                .sum(new int[] {1})
                .mul(scalars.of(0.5));
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
     * @param labels the classes of a conditional model, int32 [batch]; ignored (may be null) otherwise
     * @param training true during optimisation
     * @return decoder logits, [batch, pixels]
     */
    public NDArray decodeLogits(ParameterStore store, NDArray z, NDArray labels, boolean training) {
        NDArray input = classes > 0 ? z.concat(ClassLabels.oneHot(labels, classes), 1) : z;
        return decoder.forward(store, new NDList(input), training).singletonOrThrow();
    }

    /**
     * Negative log-likelihood -log p(x|z) of the images under the decoder's output.
     *
     * @param logits [batch, pixels]
     * @param x [batch, pixels] in [0, 1]
     * @return [batch], nats
     */
    public NDArray reconstructionNll(NDArray logits, NDArray x) {
        return likelihood.nll(logits, x, scalars());
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
        return likelihood.nll(logits, x, k, scalars());
    }

    /**
     * log N(z; mu, diag(exp(logvar))) for z = mu + exp(logvar / 2) * eps, from the noise:
     * {@code -1/2 sum(eps^2 + logvar + log 2 pi)}.
     *
     * @param eps [..., latentDim]
     * @param logvar broadcastable to eps
     * @return [...], nats, summed over the last axis
     */
    public NDArray logPosterior(NDArray eps, NDArray logvar) {
        NDArray terms = eps.square().add(logvar).add(scalars().of(LOG_2PI));
        return terms.sum(new int[] {-1}).mul(scalars().of(-0.5));
    }

    /**
     * log p(z) under the model's prior ({@link NormalPrior} or {@link VampPrior}).
     *
     * @param store parameter store (the VampPrior's pseudo-inputs)
     * @param z [n, latentDim]
     * @param training true during optimisation
     * @return [n], nats
     */
    public NDArray logPrior(ParameterStore store, NDArray z, boolean training) {
        return prior.logDensity(store, z, training);
    }

    /** @return {@code log mean_k exp(a[:, k])} = logsumexp - log K, [n] */
    NDArray logMeanExp(NDArray a) {
        return Reductions.logSumExp(a).sub(scalars().of(Math.log(a.getShape().get(1))));
    }

    /**
     * The training objective and the reported terms of a batch.
     *
     * <p>With {@code importance_samples} k = 1: one z ~ q(z|x) per image; reconstruction
     * {@code -log p(x|z)}; KL in closed form for the normal prior, estimated as
     * {@code log q(z|x) - log p(z)} for the VampPrior; objective {@code mean(recon + w beta KL)}
     * with w the warm-up weight.
     *
     * <p>With k &gt; 1: k draws z_j per image, log weights
     * {@code log w_j = log p(x|z_j) + w (log p(z_j) - log q(z_j|x))}, objective
     * {@code mean(-(logsumexp_j log w_j - log k))} (Burda et al. 2016, eq. 8). Reported: the
     * reconstruction and KL averaged over the k draws (KL closed-form for the normal prior),
     * neg_elbo their sum, and neg_iw_bound the k-sample bound with w = 1.
     *
     * @return objective (mean over the batch) and sums over the batch of each term, in nats
     */
    @Override
    public LossTerms loss(ParameterStore store, NDArray x, NDArray labels, boolean training) {
        double weight = training ? klWeight * config.beta() : config.beta();
        return config.importanceSamples() > 1
                ? importanceWeighted(store, x, labels, training, weight)
                : evidenceBound(store, x, labels, training, weight);
    }

    private LossTerms evidenceBound(ParameterStore store, NDArray x, NDArray labels, boolean training, double weight) {
        NDList q = posterior(store, x, labels, training);
        NDArray mu = q.get(0);
        NDArray logvar = q.get(1);
        NDArray eps = mu.getManager().randomNormal(mu.getShape(), DataType.FLOAT32);
        NDArray z = reparameterize(mu, logvar, eps, scalars());
        NDArray recon = reconstructionNll(decodeLogits(store, z, labels, training), x);
        NDArray kl = prior.kl(store, mu, logvar, eps, z, training);
        NDArray reconSum = recon.sum();
        NDArray klSum = kl.sum();
        NDArray perImage = scalars().of(1.0 / x.getShape().get(0));
        NDArray negElbo = reconSum.add(klSum);
        NDArray objective = weight == 1.0
                ? negElbo.mul(perImage)
                : reconSum.add(klSum.mul(scalars().of(weight))).mul(perImage);
        Map<String, NDArray> sums = new LinkedHashMap<>();
        sums.put("neg_elbo", negElbo);
        sums.put("reconstruction", reconSum);
        sums.put("kl", klSum);
        return new LossTerms(objective, sums);
    }

    /**
     * The two parts of the importance weights of k draws per image, z_j = mu + exp(logvar / 2) eps_j:
     * {@code log w_j = -recon_j + logRatio_j}.
     *
     * @param store parameter store
     * @param x images, [b, pixels]
     * @param labels the classes of a conditional model, int32 [b]; ignored (may be null) otherwise
     * @param eps standard normal draws, [b, k, latentDim]
     * @param training true during optimisation
     * @return recon {@code -log p(x|z_j)} [b, k]; logRatio {@code log p(z_j) - log q(z_j|x)} [b, k];
     *     mu and logvar of q(z|x), [b, latentDim] each; all nats
     */
    public NDList importanceTerms(ParameterStore store, NDArray x, NDArray labels, NDArray eps, boolean training) {
        long b = eps.getShape().get(0);
        long k = eps.getShape().get(1);
        int d = latentDim();
        NDList q = posterior(store, x, labels, training);
        NDArray mu = q.get(0).expandDims(1); // [b, 1, d]
        NDArray logvar = q.get(1).expandDims(1);
        NDArray z = reparameterize(mu, logvar, eps, scalars()).reshape(b * k, d);
        NDArray repeated = classes > 0 ? labels.expandDims(1).repeat(1, k).reshape(-1) : null;
        NDArray recon = reconstructionNll(decodeLogits(store, z, repeated, training), x, k);
        NDArray logRatio = logPrior(store, z, training).reshape(b, k).sub(logPosterior(eps, logvar));
        return new NDList(recon, logRatio, q.get(0), q.get(1));
    }

    private LossTerms importanceWeighted(
            ParameterStore store, NDArray x, NDArray labels, boolean training, double weight) {
        long b = x.getShape().get(0);
        int k = config.importanceSamples();
        NDArray eps = x.getManager().randomNormal(new Shape(b, k, latentDim()), DataType.FLOAT32);
        NDList terms = importanceTerms(store, x, labels, eps, training);
        NDArray recon = terms.get(0);
        NDArray logRatio = terms.get(1);
        NDArray negBound = negativeBound(logRatio.sub(recon)); // [b]
        NDArray objective = weight == 1.0
                ? negBound
                : negativeBound(logRatio.mul(scalars().of(weight)).sub(recon));
        NDArray perDraw = scalars().of(1.0 / k);
        NDArray reconSum = recon.sum().mul(perDraw);
        NDArray klSum = prior.klOfDraws(terms.get(2), terms.get(3), logRatio, perDraw);
        Map<String, NDArray> sums = new LinkedHashMap<>();
        sums.put("neg_elbo", reconSum.add(klSum));
        sums.put("reconstruction", reconSum);
        sums.put("kl", klSum);
        sums.put("neg_iw_bound", negBound.sum());
        return new LossTerms(objective.sum().mul(scalars().of(1.0 / b)), sums);
    }

    /**
     * @param logWeights [b, k], log w_j
     * @return [b], {@code -(logsumexp_j log w_j - log k)}, nats
     */
    public NDArray negativeBound(NDArray logWeights) {
        return logMeanExp(logWeights).neg();
    }

    /** @throws IllegalStateException for a conditional VAE, whose decoder needs the class */
    @Override
    public NDArray decodeLogits(ParameterStore store, NDArray z) {
        requireUnconditional();
        return decodeLogits(store, z, null, false);
    }

    /**
     * @return the posterior mean, [batch, latentDim]
     * @throws IllegalStateException for a conditional VAE, whose encoder needs the class
     */
    @Override
    public NDArray encode(ParameterStore store, NDArray x) {
        requireUnconditional();
        return posterior(store, x, null, false).get(0);
    }

    private void requireUnconditional() {
        if (classes > 0) {
            throw new IllegalStateException("a conditional VAE encodes and decodes with the class");
        }
    }

    /** @return N(0, I) for {@code prior: normal}; empty for the VampPrior, a learned prior ({@link #samplePrior}) */
    @Override
    public Optional<Prior> prior() {
        return prior.fixed();
    }

    @Override
    public Optional<String> priorName() {
        return Optional.of(config.prior());
    }

    /**
     * A learned prior's draws (the VampPrior's); the fixed N(0, I) as every generative model.
     *
     * @return [n, latentDim]
     */
    /**
     * A conditional VAE's sampler decodes z ~ N(0, I) with the class asked for; an unconditional
     * one's, the prior's draws.
     */
    @Override
    public Optional<Sampler> priorSampler(SamplingSettings settings) {
        if (classes == 0) {
            return GenerativeModel.super.priorSampler(settings);
        }
        settings.requireNone("a conditional VAE's sampler");
        return Optional.of(ClassSampler.of(classes, "the normal prior, decoded with the class", (store, m, labels) -> {
            NDArray z = m.randomNormal(new Shape(labels.getShape().get(0), latentDim()), DataType.FLOAT32);
            return Activation.sigmoid(decodeLogits(store, z, labels, false));
        }));
    }

    /** A conditional VAE draws per-class sample grids only: its codes and decodings need the class. */
    @Override
    public Set<Picture> pictures() {
        return classes == 0 ? GenerativeModel.super.pictures() : Set.of(Picture.PRIOR_SAMPLES);
    }

    @Override
    public Optional<NDArray> samplePrior(ParameterStore store, NDManager manager, int n) {
        return prior.fixed().isPresent()
                ? GenerativeModel.super.samplePrior(store, manager, n)
                : prior.sample(store, manager, n);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray labels = inputs.size() > 1 ? inputs.get(1) : null;
        NDList q = posterior(store, x, labels, training);
        NDArray z = reparameterize(q.get(0), q.get(1), scalars());
        return new NDList(decodeLogits(store, z, labels, training), q.get(0), q.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape latent = new Shape(batch, config.latentDim());
        return new Shape[] {new Shape(batch, dimensions), latent, latent};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        scalars = new Scalars(manager);
        long batch = inputShapes[0].get(0);
        if (classes > 0) {
            features.initialize(manager, dataType, inputShapes[0]);
            encoder.initialize(manager, dataType, new Shape(batch, featureWidth + classes));
        } else {
            encoder.initialize(manager, dataType, inputShapes[0]);
        }
        decoder.initialize(manager, dataType, new Shape(batch, config.latentDim() + classes));
    }

    /** Its encoder and decoder are built by {@link Architecture} and {@link Mlp}, which cast at their edges. */
    @Override
    public Optional<String> mixedPrecisionRefusal() {
        return Optional.empty();
    }
}

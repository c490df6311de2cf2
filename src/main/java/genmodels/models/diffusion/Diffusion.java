package genmodels.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import genmodels.engine.ImageSpec;
import genmodels.errors.UserError;
import genmodels.models.ClassLabels;
import genmodels.models.LossTerms;
import genmodels.models.ModelDefinition;
import genmodels.models.ModelEvaluation;
import genmodels.models.Picture;
import genmodels.models.Sampler;
import genmodels.models.SamplingSettings;
import genmodels.models.Scalars;
import genmodels.models.Term;
import genmodels.models.TrainableModel;
import genmodels.optim.WeightAverage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A denoising diffusion probabilistic model (Ho, Jain &amp; Abbeel, NeurIPS 2020) on images scaled
 * to [-1, 1] (x_0 = 2x - 1): a {@link UNet} eps_theta predicts the noise of x_t = sqrt(alphaBar_t)
 * x_0 + sqrt(1 - alphaBar_t) eps, trained with the simple objective (Ho et al. eq. 14)
 *
 * <pre>
 *   L_simple = E_{t ~ U{1..T}, eps ~ N(0, I)} || eps - eps_theta(x_t, t) ||^2 / D     (D = pixels)
 * </pre>
 *
 * reported per image as {@code noise_mse} (the mean over pixels). Sampling ({@link #priorSampler},
 * a {@link ReverseProcess}) runs on an exponential moving average of the weights ({@link
 * WeightAverage}, {@code ema_decay}), from x_T ~ N(0, I): with T steps, DDPM's ancestral sampler
 * ({@link DdpmScheduler}); with S &lt; T steps, DDIM ({@link DdimScheduler}) with {@code ddim_eta}.
 * The model itself only predicts noise.
 *
 * <p>With {@code conditional: true}, classifier-free guidance (Ho &amp; Salimans 2022): the U-Net
 * takes the class ({@link UNet}), each training image's class is dropped to "no class" with
 * probability {@code uncond_prob}, and sampling with guidance weight w follows
 *
 * <pre>
 *   eps~(x_t, y) = (1 + w) eps_theta(x_t, t, y) - w eps_theta(x_t, t, no class)     (Ho &amp; Salimans eq. 6)
 * </pre>
 *
 * with either scheduler; w = 0 is the conditional model unguided. Its loss and bound are
 * conditional on the test image's class.
 */
public final class Diffusion extends AbstractBlock implements TrainableModel {

    private static final byte VERSION = 1;

    /** The {@code train-diffusion} command. */
    public static final ModelDefinition<DiffusionConfig> DEFINITION = new ModelDefinition<>(
            "diffusion",
            "train-diffusion",
            "Train a DDPM (a small U-Net predicting the noise; linear or cosine schedule; DDPM or DDIM sampling).",
            "diffusion-mnist.yaml",
            DiffusionConfig.class,
            Diffusion::new);

    private final DiffusionConfig config;
    private final NoiseSchedule schedule;
    private final ImageSpec image;
    private final UNet unet;
    private final UNet average;
    private final int classes;
    private WeightAverage weightAverage;
    private Scalars scalars;
    private NDArray sqrtAlphaBar;
    private NDArray sqrtOneMinusAlphaBar;

    /**
     * @param config the model section
     * @param image the images' channels and sides (each side halving evenly at every U-Net level)
     */
    public Diffusion(DiffusionConfig config, ImageSpec image) {
        super(VERSION);
        this.config = config;
        this.schedule = config.noiseSchedule();
        this.image = image;
        classes = ClassLabels.classes(config.conditional(), image);
        unet = addChildBlock("unet", new UNet(config.channels(), image, classes));
        average = config.emaDecay() > 0 ? addChildBlock("ema", new UNet(config.channels(), image, classes)) : null;
    }

    @Override
    public Block block() {
        return this;
    }

    /** @return the noise schedule */
    public NoiseSchedule schedule() {
        return schedule;
    }

    /** @return the model section */
    public DiffusionConfig config() {
        return config;
    }

    @Override
    public boolean conditional() {
        return classes > 0;
    }

    @Override
    public List<Term> terms() {
        return List.of(Term.lower("noise_mse", "noise prediction MSE (per pixel)"));
    }

    /**
     * The reverse process with the user's steps and eta, or the config's {@code sample_steps} and
     * {@code ddim_eta}: T steps run DDPM's ancestral sampler, fewer run DDIM.
     *
     * @throws UserError if steps is outside [0, T] or eta outside [0, 1]
     */
    @Override
    public Optional<Sampler> priorSampler(SamplingSettings settings) {
        int total = schedule.steps();
        if (settings.steps() < 0 || settings.steps() > total) {
            throw new UserError("--steps must be in [0, T] (T = " + total + " for this model; 0: the config's"
                    + " sample_steps), found " + settings.steps());
        }
        if (settings.eta() != null && !(settings.eta() >= 0 && settings.eta() <= 1)) {
            throw new UserError(
                    "--eta must be in [0, 1] (0: deterministic DDIM, 1: DDPM's variance), found " + settings.eta());
        }
        if (classes == 0 && settings.guidance() != null) {
            throw new UserError("--guidance mixes the conditional and unconditional noise predictions of a"
                    + " class-conditional model, and this one is unconditional (model.conditional: false); drop"
                    + " --guidance");
        }
        int steps = settings.steps() == 0 ? config.sampleSteps() : settings.steps();
        double eta = settings.eta() == null ? config.ddimEta() : settings.eta();
        Scheduler scheduler = steps == total
                ? new DdpmScheduler(schedule, config.clipDenoised())
                : new DdimScheduler(schedule, steps, eta, config.clipDenoised());
        return Optional.of(
                classes > 0
                        ? new ReverseProcess.Guided(this, scheduler, guidance(settings))
                        : new ReverseProcess(this, scheduler));
    }

    /** @throws UserError for a guidance weight outside [0, 100], or any for an unconditional model */
    private double guidance(SamplingSettings settings) {
        Double w = settings.guidance();
        if (w == null) {
            return config.guidance();
        }
        if (!(w >= 0 && w <= DiffusionConfig.MAX_GUIDANCE)) {
            throw new UserError("--guidance must be in [0, " + (int) DiffusionConfig.MAX_GUIDANCE + "] (0: the"
                    + " conditional model unguided), found " + w);
        }
        if (config.uncondProb() == 0 && w != 0) {
            throw new UserError("--guidance mixes in the unconditional noise prediction, which this model never"
                    + " trained (model.uncond_prob 0); use --guidance 0");
        }
        return w;
    }

    /** @return the classes K of a conditional model (its "no class" label is K), or 0 */
    int classes() {
        return classes;
    }

    /** The variational bound in nats and bits per dimension. */
    @Override
    public List<ModelEvaluation> evaluations() {
        return List.of(new DiffusionBound(this));
    }

    @Override
    public Set<Picture> pictures() {
        return Set.of(Picture.PRIOR_SAMPLES);
    }

    /** A U-Net is slow on a CPU: a hundred images time it well enough. */
    @Override
    public int probeImages() {
        return 100;
    }

    /** The network sampling and evaluation use: the weight average when there is one. */
    private UNet sampler() {
        return average != null ? average : unet;
    }

    /**
     * The noise prediction sampling uses (the weight average's).
     *
     * @param xt [batch, C, H, W]
     * @param t [batch] step numbers in [1, T], any numeric type
     * @return eps_theta(x_t, t), [batch, C, H, W]
     */
    NDArray predictNoise(ParameterStore store, NDArray xt, NDArray t) {
        return predictNoise(sampler(), store, xt, t, null, false);
    }

    /**
     * The guided noise prediction of a conditional model, {@code (1 + w) eps(x_t, t, y) - w eps(x_t,
     * t, no class)}, both halves in one batch of the U-Net (w = 0: the conditional prediction alone).
     *
     * @param labels [batch] classes in [0, K)
     * @param w the guidance weight, &gt;= 0
     */
    NDArray predictNoise(ParameterStore store, NDArray xt, NDArray t, NDArray labels, double w) {
        if (w == 0) {
            return predictNoise(sampler(), store, xt, t, labels, false);
        }
        int n = (int) xt.getShape().get(0);
        NDArray none = labels.getManager().full(labels.getShape(), classes, labels.getDataType());
        NDArray both = predictNoise(sampler(), store, xt.concat(xt, 0), t.concat(t, 0), labels.concat(none, 0), false);
        NDArray conditional = both.get(new NDIndex().addSliceDim(0, n));
        NDArray unconditional = both.get(new NDIndex().addSliceDim(n, 2L * n));
        return conditional.mul((float) (1 + w)).sub(unconditional.mul((float) w));
    }

    /**
     * @param net the noise predictor to run
     * @param xt [batch, C, H, W]
     * @param t [batch] step numbers in [1, T], any numeric type
     * @param labels a conditional model's labels [batch] in [0, K] (K: no class); null otherwise
     * @return eps_theta(x_t, t), [batch, C, H, W]
     */
    private NDArray predictNoise(
            UNet net, ParameterStore store, NDArray xt, NDArray t, NDArray labels, boolean training) {
        NDList inputs = new NDList(xt, t.toType(DataType.FLOAT32, false));
        if (classes > 0) {
            inputs.add(labels);
        }
        return net.forward(store, inputs, training).singletonOrThrow();
    }

    /**
     * @return the labels the U-Net is trained on: each replaced by "no class" (K) with probability
     *     {@code uncond_prob}, drawn from the engine's generator; the labels themselves outside training
     */
    NDArray droppedLabels(NDArray labels, boolean training) {
        if (classes == 0 || !training || config.uncondProb() == 0) {
            return labels;
        }
        NDManager m = labels.getManager();
        NDArray drop = m.randomUniform(0f, 1f, labels.getShape(), DataType.FLOAT32)
                .lt(config.uncondProb().floatValue());
        NDArray none = m.full(labels.getShape(), classes, labels.getDataType());
        return NDArrays.where(drop, none, labels);
    }

    /**
     * L_simple on a batch: one t ~ U{1..T} and one eps ~ N(0, I) per image from the engine's
     * generator. Training runs the trained network; evaluation the weight average.
     *
     * @return objective: mean over images of noise_mse; sums: noise_mse summed over the batch
     */
    @Override
    public LossTerms loss(ParameterStore store, NDArray x, NDArray labels, boolean training) {
        NDManager m = x.getManager();
        int batch = (int) x.getShape().get(0);
        NDArray x0 = x.reshape(batchShape(batch)).mul(scalars.of(2)).sub(scalars.of(1));
        NDArray t = m.randomInteger(1, schedule.steps() + 1, new Shape(batch), DataType.INT64);
        NDArray eps = m.randomNormal(batchShape(batch), DataType.FLOAT32);
        NDArray xt = x0.mul(gather(sqrtAlphaBar, t, m)).add(eps.mul(gather(sqrtOneMinusAlphaBar, t, m)));
        NDArray predicted =
                predictNoise(training ? unet : sampler(), store, xt, t, droppedLabels(labels, training), training);
        NDArray perImage = predicted.sub(eps).square().reshape(batch, -1).mean(new int[] {1});
        Map<String, NDArray> sums = new LinkedHashMap<>();
        sums.put("noise_mse", perImage.sum());
        return new LossTerms(perImage.mean(), sums);
    }

    /** @return table[t] shaped [batch, 1, 1, 1], in {@code m} */
    private static NDArray gather(NDArray table, NDArray t, NDManager m) {
        return table.get(m, new NDIndex("{}", t)).reshape(-1, 1, 1, 1);
    }

    /** Updates the weight average after each training step. */
    @Override
    public void afterStep(NDManager scope, long step) {
        if (weightAverage != null) {
            weightAverage.update(step);
        }
    }

    /** @return x_T ~ N(0, I), [count, C, H, W], from the engine's generator */
    NDArray noise(NDManager manager, int count) {
        return manager.randomNormal(batchShape(count), DataType.FLOAT32);
    }

    /**
     * Per image, a one-term unbiased estimate of the negative variational bound -log p(x) &lt;=
     * L_T + sum_{t=1..T} L_{t-1} (Ho et al. eq. 5), in nats: L_T + T L_{t-1} for the given t, t
     * uniform on 1..T making it unbiased. With the model p(x_{t-1} | x_t) = N(mu_theta, betaTilde_t I)
     * of the ancestral sampler:
     *
     * <pre>
     *   L_T     = KL(q(x_T | x_0) || N(0, I)) = 1/2 sum_pixels (alphaBar_T x_0^2 + (1 - alphaBar_T) - 1 - log(1 - alphaBar_T))
     *   L_{t-1} = beta_t^2 / (2 betaTilde_t alpha_t (1 - alphaBar_t)) ||eps - eps_theta(x_t, t)||^2       t &gt;= 2 (eq. 12)
     *   L_0     = -sum_pixels log of the N(mu_theta(x_1, 1), beta_1) mass of the pixel's bin         t = 1 (eq. 13)
     * </pre>
     *
     * The bins are the 256 grey levels (width 2/255 in [-1, 1], the outer two open to -inf and +inf),
     * the discretised decoder of Ho et al. eq. 13 with variance beta_1 (betaTilde_1 is 0); a bin's
     * mass is floored at 1e-12, and the network is the weight average.
     *
     * @param x images [batch, pixels] in [0, 1], grey levels k / 255
     * @param labels a conditional model's classes of the images, [batch] (its bound is on -log p(x |
     *     y)); null for an unconditional model
     * @param t one step per image, each in [1, T]
     * @return the estimate per image, nats
     */
    public double[] boundEstimate(ParameterStore store, NDArray x, NDArray labels, int[] t) {
        NDManager m = x.getManager();
        int batch = (int) x.getShape().get(0);
        int total = schedule.steps();
        NDArray x0 = x.reshape(batchShape(batch)).mul(2f).sub(1f);
        NDArray steps = m.create(t).toType(DataType.INT64, false);
        NDArray eps = m.randomNormal(batchShape(batch), DataType.FLOAT32);
        NDArray xt = x0.mul(gather(sqrtAlphaBar, steps, m)).add(eps.mul(gather(sqrtOneMinusAlphaBar, steps, m)));
        NDArray predicted = predictNoise(sampler(), store, xt, steps, labels, false);
        float[] squared = predicted
                .sub(eps)
                .square()
                .reshape(batch, -1)
                .sum(new int[] {1})
                .toFloatArray();
        // the decoder at t = 1, for every image (only those with t = 1 use it): mu = (x_1 - beta_1 / sqrt(1 -
        // alphaBar_1) eps_theta) / sqrt(alpha_1)
        double beta1 = schedule.beta(1);
        NDArray mu = xt.sub(predicted.mul((float) (beta1 / Math.sqrt(1 - schedule.alphaBar(1)))))
                .div((float) Math.sqrt(1 - beta1));
        float sigma = (float) Math.sqrt(beta1);
        NDArray upper = normalCdf(x0.add(1f / 255).sub(mu).div(sigma))
                .maximum(x0.gt(0.999f).toType(DataType.FLOAT32, false));
        NDArray lower = normalCdf(x0.sub(1f / 255).sub(mu).div(sigma))
                .mul(x0.gt(-0.999f).toType(DataType.FLOAT32, false));
        float[] decoder = upper.sub(lower)
                .maximum(1e-12f)
                .log()
                .neg()
                .reshape(batch, -1)
                .sum(new int[] {1})
                .toFloatArray();
        double abT = schedule.alphaBar(total);
        float[] x0Squared = x0.square().reshape(batch, -1).sum(new int[] {1}).toFloatArray();
        int pixels = image.dimensions();
        double[] out = new double[batch];
        for (int i = 0; i < batch; i++) {
            double prior = 0.5 * (abT * x0Squared[i] + pixels * ((1 - abT) - 1 - Math.log(1 - abT)));
            double term;
            if (t[i] == 1) {
                term = decoder[i];
            } else {
                int s = t[i];
                double betaTilde = schedule.posterior(s)[2];
                term = schedule.beta(s)
                        * schedule.beta(s)
                        / (2 * betaTilde * (1 - schedule.beta(s)) * (1 - schedule.alphaBar(s)))
                        * squared[i];
            }
            out[i] = prior + total * term;
        }
        return out;
    }

    /** Phi(z) = (1 + erf(z / sqrt 2)) / 2, elementwise. */
    private static NDArray normalCdf(NDArray z) {
        return z.div((float) Math.sqrt(2)).erf().add(1f).div(2f);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return unet.forward(store, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {batchShape(inputShapes[0].get(0))};
    }

    /** @return [count, C, H, W] */
    private Shape batchShape(long count) {
        return new Shape(count, image.channels(), image.height(), image.width());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        scalars = new Scalars(manager);
        float[] a = new float[schedule.steps() + 1];
        float[] b = new float[schedule.steps() + 1];
        for (int t = 0; t <= schedule.steps(); t++) {
            a[t] = (float) Math.sqrt(schedule.alphaBar(t));
            b[t] = (float) Math.sqrt(1 - schedule.alphaBar(t));
        }
        sqrtAlphaBar = manager.create(a);
        sqrtOneMinusAlphaBar = manager.create(b);
        unet.initialize(manager, dataType, batchShape(2), new Shape(2));
        if (average != null) {
            average.initialize(manager, dataType, batchShape(2), new Shape(2));
            average.freezeParameters(true);
            weightAverage =
                    WeightAverage.between(parameterList(average), parameterList(unet), config.emaDecay(), manager);
            weightAverage.copy();
        }
    }

    @Override
    public Optional<String> weightAverageRefusal() {
        return Optional.of("the diffusion model keeps its own moving average of the weights (model.ema_decay, 0.9999"
                + " by default), which sampling and evaluation use; leave train.ema off and set model.ema_decay");
    }

    private static List<Parameter> parameterList(UNet net) {
        List<Parameter> out = new ArrayList<>();
        net.getParameters().forEach(p -> out.add(p.getValue()));
        return out;
    }
}

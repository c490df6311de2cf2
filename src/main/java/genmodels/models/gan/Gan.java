package genmodels.models.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import genmodels.config.ConfigException;
import genmodels.config.OptimizerConfig;
import genmodels.engine.ImageSpec;
import genmodels.models.ClassLabels;
import genmodels.models.ClassSampler;
import genmodels.models.LossTerms;
import genmodels.models.Mlp;
import genmodels.models.ModelDefinition;
import genmodels.models.ParameterGroup;
import genmodels.models.PhasedModel;
import genmodels.models.Picture;
import genmodels.models.Sampler;
import genmodels.models.SamplingSettings;
import genmodels.models.Scalars;
import genmodels.models.Term;
import genmodels.models.TransposedConv2d;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A generative adversarial network (Goodfellow et al., NeurIPS 2014): a generator G maps z ~ N(0,
 * I) to an image, a discriminator (critic) D scores images, and the two are trained in
 * alternation, each step a discriminator update then (every {@code critic_steps} steps) a
 * generator update, each network with its own Adam.
 *
 * <p>With s = D(x) the score (a logit) of a real image and f = D(G(z)) of a generated one, per
 * image:
 *
 * <pre>
 *   nonsaturating  L_D = softplus(-s) + softplus(f)      L_G = softplus(-f)   (Goodfellow et al. 2014, sec. 3:
 *                  -log sigmoid(s) - log(1 - sigmoid(f)), and the generator maximises log D(G(z)))
 *   hinge          L_D = relu(1 - s) + relu(1 + f)       L_G = -f             (Lim &amp; Ye 2017; Miyato et al. 2018)
 *   wgan-gp        L_D = f - s + lambda (||grad D(x_hat)|| - 1)^2,  L_G = -f  (Gulrajani et al. 2017, Alg. 1;
 *                  x_hat = e x + (1 - e) G(z), e ~ U(0, 1) per image)
 * </pre>
 *
 * softplus(t) = log(1 + e^t) is libtorch's (DJL's {@code Activation.softPlus}), finite for any t. The
 * reported terms, summed over the batch: {@code d_loss} (L_D without the penalty), {@code g_loss}
 * (L_G of the step's generated images against the discriminator before its update), {@code
 * real_accuracy} and {@code fake_accuracy} (the share of real images scored above 0 and of generated
 * ones below 0: the discriminator's accuracy as a classifier; for a Wasserstein critic, whose
 * scores have no fixed origin, only a rough sign), and {@code gradient_penalty} (wgan-gp).
 *
 * <p>Architectures: {@code mlp}, LeakyReLU(0.2) hidden layers in both networks, PyTorch's default
 * initialisation; {@code conv}, DCGAN (Radford et al., ICLR 2016): the generator a linear layer to
 * the smallest feature map, then 4x4 stride-2 transposed convolutions, batch normalisation and
 * ReLU; the discriminator 4x4 stride-2 convolutions and LeakyReLU without batch normalisation
 * (which the gradient penalty forbids and which scoring real and generated images in one batch
 * would mix), then a linear score; weights drawn from N(0, 0.02), biases 0. The generator's
 * output passes a sigmoid: pixels in [0, 1] like the data.
 *
 * <p>With {@code conditional: true}, a class-conditional GAN: the generator's input is z joined with
 * the one-hot class y (its first linear layer then adds a learned embedding of the class to its
 * pre-activations), and the discriminator is the projection discriminator of Miyato &amp; Koyama
 * (ICLR 2018, eq. 3): {@code D(x, y) = psi(phi(x)) + e_y . phi(x)}, phi the network up to its last
 * hidden features, psi the linear score, e_y a learned row per class (drawn from N(0, 0.02)).
 * Generated images take the labels of the real batch beside them, so the classes follow the
 * data's.
 */
public final class Gan extends AbstractBlock implements PhasedModel {

    private static final byte VERSION = 1;

    /** The {@code train-gan} command. */
    public static final ModelDefinition<GanConfig> DEFINITION = new ModelDefinition<>(
            "gan",
            "train-gan",
            "Train a GAN (generator and discriminator in alternation; non-saturating, hinge or WGAN-GP loss).",
            "gan-mnist.yaml",
            GanConfig.class,
            Gan::new);

    private final GanConfig config;
    private final List<Term> terms;
    private final ImageSpec image;
    private final int classes;
    private final SequentialBlock generator;
    private final SequentialBlock discriminator;
    private final Linear score;
    private final Parameter projection;
    private Scalars scalars;
    private GradientPenalty penalty;

    /**
     * @param config the model section
     * @param image the images' channels and sides; a conv generator needs both sides divisible by
     *     2^(number of generator stages)
     * @throws ConfigException naming {@code generator} or {@code discriminator} when the conv
     *     networks do not fit the images' sides
     */
    public Gan(GanConfig config, ImageSpec image) {
        super(VERSION);
        this.config = config;
        this.image = image;
        List<Term> names = new ArrayList<>(List.of(
                Term.neutral("d_loss", "per image"),
                Term.neutral("g_loss", "per image"),
                Term.neutral("real_accuracy", "share of reals scored > 0"),
                Term.neutral("fake_accuracy", "share of fakes scored < 0")));
        if (config.loss().equals("wgan-gp")) {
            names.add(Term.neutral("gradient_penalty", "per image"));
        }
        this.terms = List.copyOf(names);
        boolean conv = config.architecture().equals("conv");
        if (conv) {
            checkConvSides(config, image);
        }
        classes = ClassLabels.classes(config.conditional(), image);
        generator = addChildBlock("generator", conv ? convGenerator() : mlpGenerator());
        if (classes == 0) {
            discriminator = addChildBlock(
                    "discriminator", conv ? convFeatures().add(dcganOrPytorch(true)) : mlpDiscriminator());
            score = null;
            projection = null;
        } else {
            discriminator = addChildBlock("discriminator", conv ? convFeatures() : mlpFeatures());
            score = addChildBlock("score", dcganOrPytorch(conv));
            projection = addParameter(Parameter.builder()
                    .setName("projection")
                    .setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(classes, featureWidth(conv)))
                    .optInitializer(new NormalInitializer(0.02f))
                    .build());
        }
    }

    /** The linear score at the discriminator's end: DCGAN's start for conv, PyTorch's for the MLP. */
    private static Linear dcganOrPytorch(boolean conv) {
        Linear linear = Linear.builder().setUnits(1).build();
        return conv ? dcgan(linear) : linear;
    }

    /** @return the width of the discriminator's features phi(x) */
    private int featureWidth(boolean conv) {
        List<Integer> d = config.discriminator();
        int last = d.get(d.size() - 1);
        return conv ? last * (image.height() >> d.size()) * (image.width() >> d.size()) : last;
    }

    /** The generator doubles its smallest map's sides once per stage; the discriminator halves them. */
    private static void checkConvSides(GanConfig config, ImageSpec image) {
        int stages = config.generator().size();
        int unit = 1 << stages;
        if (image.height() % unit != 0 || image.width() % unit != 0) {
            throw new ConfigException(
                    "model.generator",
                    "lists " + stages + " stages, each doubling the side, so the " + image.sides() + " images' sides"
                            + " must be multiples of " + unit + "; list fewer channel counts or resize the images"
                            + " (data.image_size)");
        }
        int halvings = config.discriminator().size();
        if (image.height() >> halvings < 1 || image.width() >> halvings < 1) {
            throw new ConfigException(
                    "model.discriminator",
                    halvings + " stride-2 convolutions shrink " + image.sides() + " images to nothing; list fewer"
                            + " channel counts");
        }
    }

    private SequentialBlock mlpGenerator() {
        List<Integer> sizes = new ArrayList<>();
        sizes.add(config.latentDim() + classes);
        sizes.addAll(config.generator());
        sizes.add(image.dimensions());
        return Mlp.of(sizes, arrays -> Activation.leakyRelu(arrays, 0.2f));
    }

    /** The unconditional MLP discriminator: hidden layers with LeakyReLU, then the linear score. */
    private SequentialBlock mlpDiscriminator() {
        List<Integer> sizes = new ArrayList<>();
        sizes.add(image.dimensions());
        sizes.addAll(config.discriminator());
        sizes.add(1);
        float slope = (float) config.leakySlope();
        return Mlp.of(sizes, arrays -> Activation.leakyRelu(arrays, slope));
    }

    /** The conditional MLP discriminator's features: its hidden layers, each followed by the LeakyReLU. */
    private SequentialBlock mlpFeatures() {
        List<Integer> sizes = new ArrayList<>();
        sizes.add(image.dimensions());
        sizes.addAll(config.discriminator());
        float slope = (float) config.leakySlope();
        return Mlp.of(sizes, arrays -> Activation.leakyRelu(arrays, slope))
                .add(arrays -> Activation.leakyRelu(arrays, slope));
    }

    /** z -> Linear -> BN -> ReLU -> [c0, h, w] -> (ConvT 4x4/2 -> BN -> ReLU)* -> ConvT 4x4/2 to C channels. */
    private SequentialBlock convGenerator() {
        List<Integer> channels = config.generator();
        int rows = image.height() >> channels.size();
        int columns = image.width() >> channels.size();
        int c0 = channels.get(0);
        SequentialBlock g = new SequentialBlock()
                .add(dcgan(Linear.builder().setUnits((long) c0 * rows * columns).build()))
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(arrays -> new NDList(arrays.singletonOrThrow().reshape(-1, c0, rows, columns)));
        for (int i = 1; i < channels.size(); i++) {
            g.add(dcgan(upsample(channels.get(i - 1), channels.get(i))))
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu);
        }
        int dimensions = image.dimensions();
        return g.add(dcgan(upsample(channels.get(channels.size() - 1), image.channels())))
                .add(arrays -> new NDList(arrays.singletonOrThrow().reshape(-1, dimensions)));
    }

    /** The conv discriminator's features: [C, H, W] -> (Conv 4x4/2 -> LeakyReLU)* -> flatten. */
    private SequentialBlock convFeatures() {
        float slope = (float) config.leakySlope();
        SequentialBlock d = new SequentialBlock()
                .add(arrays -> new NDList(
                        arrays.singletonOrThrow().reshape(-1, image.channels(), image.height(), image.width())));
        for (int c : config.discriminator()) {
            d.add(dcgan(Conv2d.builder()
                            .setKernelShape(new Shape(4, 4))
                            .optStride(new Shape(2, 2))
                            .optPadding(new Shape(1, 1))
                            .setFilters(c)
                            .build()))
                    .add(arrays -> Activation.leakyRelu(arrays, slope));
        }
        return d.add(Blocks.batchFlattenBlock());
    }

    /** A 4x4 stride-2 transposed convolution: doubles the side. */
    private static TransposedConv2d upsample(int in, int out) {
        return new TransposedConv2d(in, out, 4, 2, 1);
    }

    /** DCGAN's initialisation: weights N(0, 0.02), biases 0. */
    private static <B extends Block> B dcgan(B block) {
        block.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
        block.setInitializer(new ConstantInitializer(0f), Parameter.Type.BIAS);
        return block;
    }

    @Override
    public Block block() {
        return this;
    }

    /** @return the model section this network was built from */
    public GanConfig config() {
        return config;
    }

    @Override
    public List<Term> terms() {
        return terms;
    }

    @Override
    public boolean conditional() {
        return classes > 0;
    }

    /** @return the generator on z ~ N(0, I) (and the class asked for, for a conditional GAN) */
    @Override
    public Optional<Sampler> priorSampler(SamplingSettings settings) {
        settings.requireNone("a GAN's generator");
        if (classes > 0) {
            return Optional.of(ClassSampler.of(
                    classes,
                    "the class-conditional generator",
                    (store, m, labels) ->
                            generate(store, noise(m, (int) labels.getShape().get(0)), labels)));
        }
        return Optional.of(new Sampler() {
            @Override
            public String name() {
                return "prior";
            }

            @Override
            public String description() {
                return "the generator";
            }

            @Override
            public NDArray sample(ParameterStore store, NDManager manager, int n) {
                return generate(store, noise(manager, n), null);
            }
        });
    }

    @Override
    public Set<Picture> pictures() {
        return Set.of(Picture.PRIOR_SAMPLES);
    }

    @Override
    public Optional<String> earlyStoppingRefusal() {
        return Optional.of("train.early_stopping watches a validation loss, and a GAN's losses do not measure sample"
                + " quality; remove train.early_stopping (set it to null)");
    }

    private boolean wasserstein() {
        return config.loss().equals("wgan-gp");
    }

    /**
     * The discriminator's group (with {@code discriminator_optimizer}) first, then the generator's (with
     * {@code train.optimizer}).
     */
    @Override
    public List<ParameterGroup> parameterGroups(OptimizerConfig trainOptimizer) {
        PairList<String, Parameter> own = discriminator.getParameters();
        PairList<String, Parameter> critic = new PairList<>(own.keys(), own.values());
        if (classes > 0) {
            score.getParameters().forEach(p -> critic.add("score_" + p.getKey(), p.getValue()));
            critic.add("projection", projection);
        }
        return List.of(
                new ParameterGroup("discriminator", critic, config.discriminatorOptimizer()),
                new ParameterGroup("generator", generator.getParameters(), trainOptimizer));
    }

    /** @return z ~ N(0, I), [count, latentDim], from the engine's generator */
    NDArray noise(NDManager manager, int count) {
        return manager.randomNormal(new Shape(count, config.latentDim()), DataType.FLOAT32);
    }

    /**
     * @param labels the classes of a conditional GAN, int32 [count]; ignored (may be null) otherwise
     * @return G(z) in [0, 1], [count, C * H * W], with batch normalisation's running statistics
     */
    NDArray generate(ParameterStore store, NDArray noise, NDArray labels) {
        return Activation.sigmoid(generatorOutput(store, noise, labels, false));
    }

    private NDArray generatorOutput(ParameterStore store, NDArray noise, NDArray labels, boolean training) {
        NDArray input = classes > 0 ? noise.concat(ClassLabels.oneHot(labels, classes), 1) : noise;
        return generator.forward(store, new NDList(input), training).singletonOrThrow();
    }

    /**
     * @param labels the classes of a conditional GAN, int32 [batch]; ignored (may be null) otherwise
     * @return D's scores (logits), [batch]: psi(phi(x)) + e_y . phi(x) for a conditional GAN (phi the
     *     {@code discriminator} block's output, psi the {@code score} layer, e_y the row y of the
     *     {@code projection} parameter)
     */
    NDArray scores(ParameterStore store, NDArray images, NDArray labels, boolean training) {
        NDArray out = discriminator.forward(store, new NDList(images), training).singletonOrThrow();
        if (classes == 0) {
            return out.reshape(-1);
        }
        NDArray psi = score.forward(store, new NDList(out), training)
                .singletonOrThrow()
                .reshape(-1);
        NDArray embedding = store.getValue(projection, out.getDevice(), training);
        NDArray ey = ClassLabels.oneHot(labels, classes).matMul(embedding); // [batch, features]
        return psi.add(ey.mul(out).sum(new int[] {1}));
    }

    private NDArray fakes(ParameterStore store, NDManager manager, NDArray labels, int count, boolean training) {
        return Activation.sigmoid(generatorOutput(store, noise(manager, count), labels, training));
    }

    /**
     * Evaluation: the discriminator's terms on these real images and as many fresh generated ones
     * (the generator with its running statistics); the objective is L_D's mean (with the penalty).
     */
    @Override
    public LossTerms loss(ParameterStore store, NDArray x, NDArray labels, boolean training) {
        return discriminatorLoss(store, x, labels, training);
    }

    @Override
    public LossTerms phaseLoss(String group, ParameterStore store, NDArray x, NDArray labels, long step) {
        if (group.equals("discriminator")) {
            return discriminatorLoss(store, x, labels, true);
        }
        if ((step + 1) % config.criticSteps() != 0) {
            return null;
        }
        int batch = (int) x.getShape().get(0);
        NDArray f = scores(store, fakes(store, x.getManager(), labels, batch, true), labels, true);
        return new LossTerms(generatorLoss(f).mean(), Map.of());
    }

    /** The discriminator's step: real and generated images scored in one pass of D. */
    private LossTerms discriminatorLoss(ParameterStore store, NDArray x, NDArray labels, boolean training) {
        int batch = (int) x.getShape().get(0);
        NDArray fake = fakes(store, x.getManager(), labels, batch, training).stopGradient();
        NDArray both = scores(store, x.concat(fake, 0), classes > 0 ? labels.concat(labels, 0) : null, training);
        NDArray s = both.get(new NDIndex().addSliceDim(0, batch));
        NDArray f = both.get(new NDIndex().addSliceDim(batch, 2L * batch));
        NDArray perImage;
        switch (config.loss()) {
            case "nonsaturating":
                perImage = Activation.softPlus(s.neg()).add(Activation.softPlus(f));
                break;
            case "hinge":
                perImage = s.neg()
                        .add(scalars.of(1))
                        .maximum(scalars.of(0))
                        .add(f.add(scalars.of(1)).maximum(scalars.of(0)));
                break;
            default: // wgan-gp
                perImage = f.sub(s);
        }
        NDArray zero = scalars.of(0);
        Map<String, NDArray> sums = new LinkedHashMap<>();
        sums.put("d_loss", perImage.sum());
        sums.put("g_loss", generatorLoss(f).stopGradient().sum());
        sums.put("real_accuracy", s.gt(zero).toType(DataType.FLOAT32, false).sum());
        sums.put("fake_accuracy", f.lt(zero).toType(DataType.FLOAT32, false).sum());
        NDArray objective = perImage.mean();
        if (wasserstein()) {
            NDArray e = x.getManager().randomUniform(0f, 1f, new Shape(batch, 1), DataType.FLOAT32);
            NDArray between = fake.add(e.mul(x.sub(fake))).stopGradient();
            NDArray gp = penalty.perImage(points -> scores(store, points, labels, training), between);
            sums.put("gradient_penalty", gp.sum());
            objective = objective.add(gp.mean().mul(scalars.of(config.gradientPenalty())));
        }
        return new LossTerms(objective, sums);
    }

    /** L_G per image from the scores f of generated images. */
    private NDArray generatorLoss(NDArray f) {
        return config.loss().equals("nonsaturating") ? Activation.softPlus(f.neg()) : f.neg();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(scores(store, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        scalars = new Scalars(manager);
        penalty = new GradientPenalty((PtNDManager) manager);
        generator.initialize(manager, dataType, new Shape(2, config.latentDim() + classes));
        discriminator.initialize(manager, dataType, new Shape(2, image.dimensions()));
        if (classes > 0) {
            score.initialize(
                    manager,
                    dataType,
                    new Shape(2, featureWidth(config.architecture().equals("conv"))));
        }
    }
}

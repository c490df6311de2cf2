package genmodels.models.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import genmodels.engine.ImageSpec;
import genmodels.errors.UserError;
import genmodels.models.Classification;
import genmodels.models.FeatureExtractor;
import genmodels.models.LossTerms;
import genmodels.models.ModelDefinition;
import genmodels.models.ModelDefinition.BenchRow;
import genmodels.models.Term;
import genmodels.models.TrainableModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small LeNet-like convolutional classifier (LeCun et al. 1998), sized from the images' channels,
 * sides and classes (28x28 grey digits in 10 classes for MNIST): two
 * convolution + ReLU + 2x2 max-pool stages, a dense ReLU layer (the features used by the
 * sample-quality metrics) and a dense layer of class scores, trained with cross-entropy.
 */
public final class ConvClassifier extends AbstractBlock implements TrainableModel, FeatureExtractor {

    private static final byte VERSION = 1;

    /** The {@code train-classifier} command. */
    public static final ModelDefinition<ClassifierConfig> DEFINITION = new ModelDefinition<>(
                    "classifier",
                    "train-classifier",
                    "Train the small convolutional classifier whose features the sample-quality metrics of evaluate use.",
                    "classifier-mnist.yaml",
                    ClassifierConfig.class,
                    ConvClassifier::new)
            .withBenchRows(new BenchRow("classifier", List.of(), 3, null, true));

    private final ClassifierConfig config;
    private final int classes;
    private final SequentialBlock features;
    private final Linear head;
    private genmodels.models.Scalars scalars;

    /**
     * @param config the model section
     * @param image the images' channels and sides, and the number of classes (at least 2)
     * @throws UserError when the images are unlabelled, or too small for the kernels (a config error)
     */
    public ConvClassifier(ClassifierConfig config, ImageSpec image) {
        super(VERSION);
        if (image.classes() < 2) {
            throw new UserError("a classifier learns the images' labels, and these "
                    + (image.labelled() ? "have one class" : "have none")
                    + "; give labelled images of at least two classes (one folder per class for folder data)");
        }
        this.config = config;
        this.classes = image.classes();
        int k = config.kernel();
        int c1 = config.channels().get(0);
        int c2 = config.channels().get(1);
        int rows = config.finalSide(image.height());
        int columns = config.finalSide(image.width());
        SequentialBlock f = new SequentialBlock()
                .add(arrays -> new NDList(
                        arrays.singletonOrThrow().reshape(-1, image.channels(), image.height(), image.width())))
                .add(conv(c1, k, image.channels()))
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(conv(c2, k, c1))
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(linear(config.hidden(), (long) c2 * rows * columns))
                .add(Activation::relu);
        features = addChildBlock("features", f);
        head = addChildBlock("head", linear(classes, config.hidden()));
    }

    /** Uniform on +-1/sqrt(fan_in), as PyTorch initialises Conv2d and Linear. */
    private static Conv2d conv(int filters, int kernel, int inChannels) {
        Conv2d c = Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .build();
        float bound = (float) (1.0 / Math.sqrt((double) inChannels * kernel * kernel));
        c.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
        c.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
        return c;
    }

    private static Linear linear(int units, long fanIn) {
        Linear l = Linear.builder().setUnits(units).build();
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        l.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
        l.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
        return l;
    }

    @Override
    public Block block() {
        return this;
    }

    @Override
    public List<Term> terms() {
        return List.of(Term.lower("classification", "nats per image"), Term.higher("accuracy", "fraction correct"));
    }

    @Override
    public int classes() {
        return classes;
    }

    /**
     * @param x images, [batch, C * H * W] in [0, 1]
     * @return the penultimate-layer features, [batch, hidden], after the ReLU
     */
    @Override
    public NDArray features(ParameterStore store, NDArray x, boolean training) {
        return features.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /** @return class scores (logits), [batch, classes] */
    @Override
    public NDArray logits(ParameterStore store, NDArray features, boolean training) {
        return head.forward(store, new NDList(features), training).singletonOrThrow();
    }

    /**
     * @return objective: mean cross-entropy; sums over the batch of classification (cross-entropy,
     *     nats) and accuracy (correct predictions)
     */
    @Override
    public LossTerms loss(ParameterStore store, NDArray x, NDArray labels, boolean training) {
        NDArray logits = logits(store, features(store, x, training), training);
        NDArray crossEntropy = Classification.crossEntropy(logits, labels).sum();
        Map<String, NDArray> sums = new LinkedHashMap<>();
        sums.put("classification", crossEntropy);
        sums.put("accuracy", Classification.correct(logits, labels));
        return new LossTerms(crossEntropy.mul(scalars.of(1.0 / x.getShape().get(0))), sums);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(logits(store, features(store, inputs.singletonOrThrow(), training), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        scalars = new genmodels.models.Scalars(manager);
        features.initialize(manager, dataType, inputShapes[0]);
        head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), config.hidden()));
    }
}

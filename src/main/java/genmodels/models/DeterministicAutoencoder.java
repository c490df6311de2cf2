package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import genmodels.config.ConfigException;
import genmodels.engine.ImageSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the deterministic autoencoders (plain, class-supervised, sliced-Wasserstein) share: an
 * encoder (MLP or convolutional, {@link Architecture}) from the image to a code, a mirrored decoder
 * to pixel logits, their reconstruction terms, and the optional linear classifier on the code. Subclasses add their own loss, and may add child blocks after these two.
 */
public abstract class DeterministicAutoencoder extends AbstractBlock implements GenerativeModel {

    private final List<Integer> layers;
    private final String loss;
    protected final ImageSpec image;
    private final SequentialBlock encoder;
    private final SequentialBlock decoder;
    private SequentialBlock classifier;
    private boolean linearOutput;
    private double classifierWeight;
    private Scalars scalars;

    /**
     * @param version parameter-file version of the subclass
     * @param network MLP or conv, and the initialisation
     * @param layers widths from the image to the code, e.g. [784, 128, 64, 2]; a conv network puts
     *     its convolutions between the image and layers[1]
     * @param activation between layers ({@link Mlp#ACTIVATIONS})
     * @param loss reconstruction loss, {@code bce} or {@code mse}
     * @param image the images' channels and sides; {@code layers[0]} must be their C * H * W values
     * @throws ConfigException naming {@code layers} when {@code layers[0]} is not the image's size
     */
    protected DeterministicAutoencoder(
            byte version, Architecture network, List<Integer> layers, String activation, String loss, ImageSpec image) {
        super(version);
        this.layers = List.copyOf(layers);
        this.loss = loss;
        this.image = image;
        if (layers.get(0) != image.dimensions()) {
            throw new ConfigException(
                    "model.layers",
                    "starts with the input width " + layers.get(0) + " but the " + image.describe() + " images have "
                            + image.dimensions() + " values; make layers[0] " + image.dimensions()
                            + ", e.g. --set model.layers=" + withInput(layers, image.dimensions()));
        }
        List<Integer> hidden = layers.subList(1, layers.size() - 1);
        int code = layers.get(layers.size() - 1);
        encoder = addChildBlock("encoder", network.encoder(image, hidden, code, Mlp.activation(activation)));
        decoder = addChildBlock("decoder", network.decoder(code, mirror(hidden), image, Mlp.activation(activation)));
    }

    private static String withInput(List<Integer> layers, int input) {
        List<Integer> fixed = new ArrayList<>(layers);
        fixed.set(0, input);
        return fixed.toString().replace(" ", "");
    }

    /**
     * Checks an autoencoder's {@code layers}: at least the input and the code (the input is checked
     * against the data when the model is built).
     *
     * @return an immutable copy
     * @throws ConfigException naming {@code layers}
     */
    public static List<Integer> checkLayers(List<Integer> layers) {
        List<Integer> checked = genmodels.config.Checks.sizes("layers", layers, 1, 65_536);
        if (checked.size() < 2) {
            throw new ConfigException(
                    "layers",
                    "must list the input width (784 for 28x28 grey pixels) then at least the code"
                            + " width, e.g. [784, 128, 64, 2]; found " + layers);
        }
        return checked;
    }

    /** @return the layer widths reversed: the decoder of an encoder with these widths */
    public static List<Integer> mirror(List<Integer> layers) {
        List<Integer> reversed = new ArrayList<>(layers);
        Collections.reverse(reversed);
        return reversed;
    }

    @Override
    public Block block() {
        return this;
    }

    /**
     * Adds a linear classifier on the code (child block {@code classifier}), trained with the
     * autoencoder by adding {@code weight} times its mean cross-entropy to the objective: a
     * class-supervised autoencoder, whose codes arrange themselves by class. Nothing when the weight
     * is 0. Call from the subclass's constructor.
     *
     * @param weight {@code model.classifier_weight}, at least 0
     * @throws ConfigException naming {@code model.classifier_weight} when the weight is positive and
     *     the images have no labels
     */
    protected final void addCodeClassifier(double weight) {
        if (weight <= 0) {
            return;
        }
        if (!image.labelled()) {
            throw new ConfigException(
                    "model.classifier_weight",
                    "trains a classifier on the codes, and these images have no labels; set"
                            + " model.classifier_weight=0 or give images in one folder per class");
        }
        classifierWeight = weight;
        classifier =
                addChildBlock("classifier", Mlp.of(List.of(latentDim(), image.classes()), ai.djl.nn.Activation::relu));
    }

    /**
     * Makes the decoder's output the pixel means themselves (no sigmoid): with identity activations
     * and the squared-error loss, a truly linear autoencoder, whose optimum spans the first
     * principal components (Baldi and Hornik 1989). Call from the subclass's constructor.
     */
    protected final void useLinearOutput() {
        linearOutput = true;
    }

    @Override
    public boolean outputsLogits() {
        return !linearOutput;
    }

    /** @return the code classifier's terms (classification in nats, accuracy), none without one */
    protected List<Term> classifierTerms() {
        return classifier == null
                ? List.of()
                : List.of(Term.lower("classification", "nats per image"), Term.higher("accuracy", "fraction correct"));
    }

    /**
     * Adds the code classifier's cross-entropy (summed over the batch, nats) and correct count to
     * {@code sums}, as {@code classification} and {@code accuracy}.
     *
     * @param code [batch, latentDim]
     * @param labels [batch] class indices
     * @return {@code objective + classifier_weight * mean cross-entropy}, or the objective unchanged
     *     without a classifier
     */
    protected NDArray withClassification(
            ParameterStore store,
            NDArray code,
            NDArray labels,
            boolean training,
            NDArray objective,
            Map<String, NDArray> sums) {
        if (classifier == null) {
            return objective;
        }
        NDArray classLogits =
                classifier.forward(store, new NDList(code), training).singletonOrThrow();
        NDArray crossEntropy = Classification.crossEntropy(classLogits, labels).sum();
        sums.put("classification", crossEntropy);
        sums.put("accuracy", Classification.correct(classLogits, labels));
        return objective.add(crossEntropy
                .mul(scalars().of(classifierWeight))
                .mul(scalars().of(1.0 / code.getShape().get(0))));
    }

    /** @return the reconstruction terms every autoencoder reports: the configured loss, and squared error per pixel */
    protected List<Term> reconstructionTerms() {
        return List.of(
                Term.lower("reconstruction", "mse".equals(loss) ? "squared error per image" : "nats per image"),
                Term.lower("mse_per_pixel", "squared error per pixel"));
    }

    @Override
    public int latentDim() {
        return layers.get(layers.size() - 1);
    }

    /** @return the code, [batch, latentDim] */
    public NDArray encode(ParameterStore store, NDArray x, boolean training) {
        return encoder.forward(store, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public NDArray encode(ParameterStore store, NDArray x) {
        return encode(store, x, false);
    }

    /** @return decoder logits, [batch, pixels] */
    public NDArray decodeLogits(ParameterStore store, NDArray z, boolean training) {
        return decoder.forward(store, new NDList(z), training).singletonOrThrow();
    }

    @Override
    public NDArray decodeLogits(ParameterStore store, NDArray z) {
        return decodeLogits(store, z, false);
    }

    /** @return the model's constants (created with its parameters by {@code initialize}) */
    protected Scalars scalars() {
        if (scalars == null) {
            throw new IllegalStateException("the model is not initialised");
        }
        return scalars;
    }

    /**
     * Adds the reconstruction terms of a batch to {@code sums}: {@code reconstruction} (the
     * configured loss, summed over pixels and the batch) and {@code mse_per_pixel} (squared error
     * divided by the pixel count, summed over the batch). With a BCE loss the squared error is only
     * reported, so it is computed from logits detached from the autograd graph.
     *
     * @return the reconstruction sum, scalar
     */
    protected NDArray reconstructionTerms(NDArray logits, NDArray x, Map<String, NDArray> sums) {
        NDArray recon = linearOutput
                ? Likelihoods.squaredErrorOfMeans(logits, x).sum()
                : Likelihoods.reconstruction(loss, logits, x).sum();
        sums.put("reconstruction", recon);
        NDArray squared = "mse".equals(loss)
                ? recon.stopGradient()
                : Likelihoods.squaredError(logits.stopGradient(), x).sum();
        sums.put("mse_per_pixel", squared.mul(scalars().of(1.0 / image.dimensions())));
        return recon;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray code = encode(store, inputs.singletonOrThrow(), training);
        return new NDList(decodeLogits(store, code, training), code);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {new Shape(batch, image.dimensions()), new Shape(batch, latentDim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        scalars = new Scalars(manager);
        long batch = inputShapes[0].get(0);
        encoder.initialize(manager, dataType, inputShapes[0]);
        decoder.initialize(manager, dataType, new Shape(batch, latentDim()));
        if (classifier != null) {
            classifier.initialize(manager, dataType, new Shape(batch, latentDim()));
        }
        initializeHeads(manager, dataType, new Shape(batch, latentDim()));
    }

    /** Initialises blocks a subclass adds on the code; none by default. */
    protected void initializeHeads(NDManager manager, DataType dataType, Shape code) {}

    /** Its encoder and decoder are built by {@link Architecture} and {@link Mlp}, which cast at their edges. */
    @Override
    public Optional<String> mixedPrecisionRefusal() {
        return Optional.empty();
    }
}

package genmodels.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import genmodels.config.Checks;
import genmodels.config.ConfigException;
import genmodels.engine.ImageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How an image model's encoder and decoder are built: {@code model.architecture},
 * {@code model.channels} and {@code model.init}.
 *
 * <ul>
 *   <li>{@code mlp}: the encoder is {@code Linear -> act -> ... -> Linear} from the pixels through
 *       the hidden widths to the encoder's output; the decoder mirrors it back to the pixels.
 *   <li>{@code conv}: the image [C, H, W] first goes through one 4x4 convolution of stride 2 and
 *       padding 1 per entry of {@code channels} (each followed by the activation; each halves the
 *       height and the width, rounding down: 28 -> 14 -> 7), is flattened, then goes through the MLP of the hidden
 *       widths to the encoder's output. The decoder mirrors it: the MLP from the code to
 *       {@code channels[last] * h * w} features, the activation, then one 4x4 stride-2 transposed
 *       convolution per entry back to the image's C channels, each restoring the height and width
 *       the encoder had at that depth (an output padding of 1 where the encoder rounded down, so any
 *       side works, square or not).
 *       The layout of DCGAN (Radford et al. 2016) without batch normalisation.
 * </ul>
 *
 * <p>{@code init}: {@code pytorch} draws every weight and bias from U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in)) as PyTorch's {@code nn.Linear}, {@code nn.Conv2d} and {@code nn.ConvTranspose2d}
 * do (He et al. 2015's uniform with a = sqrt(5); for a transposed convolution PyTorch takes
 * fan_in = out_channels * k * k from its [in, out, k, k] weight, and so does this); {@code xavier}
 * is DJL's default: Glorot &amp; Bengio (2010)'s uniform on the weights, zero biases.
 *
 * @param kind {@code mlp} or {@code conv}
 * @param channels channels of the convolutions from the image inwards, e.g. [32, 64]; unused by mlp
 * @param init {@code pytorch} or {@code xavier}
 */
public record Architecture(String kind, List<Integer> channels, String init) {

    /** {@code model.architecture} values. */
    public static final String[] KINDS = {"mlp", "conv"};

    /** {@code model.init} values. */
    public static final String[] INITS = {"pytorch", "xavier"};

    /** The default: MLPs with PyTorch's initialisation. */
    public static final Architecture MLP = new Architecture("mlp", List.of(32, 64), "pytorch");

    private static final int KERNEL = 4;
    private static final int STRIDE = 2;
    private static final int PADDING = 1;

    /** @throws ConfigException naming {@code architecture}, {@code channels} or {@code init} */
    public Architecture {
        Checks.oneOf("architecture", kind, KINDS);
        channels = Checks.sizes("channels", channels, 1, 4096);
        Checks.oneOf("init", init, INITS);
    }

    /** @return whether the networks start with convolutions */
    public boolean conv() {
        return kind.equals("conv");
    }

    /**
     * Checks that hidden widths are present and, for an MLP, not empty (a conv network may go
     * straight from its convolutions to the code).
     *
     * @return an immutable copy
     * @throws ConfigException naming {@code key}
     */
    public List<Integer> checkHidden(String key, List<Integer> hidden) {
        Checks.present(key, hidden);
        return hidden.isEmpty() && conv() ? List.of() : Checks.sizes(key, hidden, 1, 65_536);
    }

    /**
     * The heights and widths of the feature maps from the image inwards: {@code side, floor(side /
     * 2), ...} for each, one more entry than {@code channels}.
     *
     * @param image the images' channels and sides
     * @return {@code {heights, widths}}
     * @throws ConfigException naming {@code channels} when the stack shrinks a side to nothing
     */
    public int[][] sides(ImageSpec image) {
        return new int[][] {shrink(image.height(), image), shrink(image.width(), image)};
    }

    private int[] shrink(int side, ImageSpec image) {
        int[] sides = new int[channels.size() + 1];
        sides[0] = side;
        for (int i = 1; i < sides.length; i++) {
            sides[i] = Math.floorDiv(sides[i - 1] + 2 * PADDING - KERNEL, STRIDE) + 1;
            if (sides[i] < 1) {
                throw new ConfigException(
                        "model.channels",
                        channels.size() + " stride-2 convolutions shrink a " + image.sides() + " image to nothing;"
                                + " list at most " + (i - 1) + " channel counts");
            }
        }
        return sides;
    }

    /**
     * The encoder, input [batch, C * H * W] in [0, 1], output [batch, out].
     *
     * @param image the images' channels and sides
     * @param hidden widths of the hidden linear layers (may be empty for conv)
     * @param out width of the output (the code, or the posterior's parameters)
     * @param activation between layers
     */
    public SequentialBlock encoder(
            ImageSpec image, List<Integer> hidden, int out, Function<NDList, NDList> activation) {
        SequentialBlock block = new SequentialBlock();
        List<Integer> widths = new ArrayList<>();
        if (conv()) {
            addConvolutions(block, image, activation);
        }
        widths.add(featureWidth(image));
        widths.addAll(hidden);
        widths.add(out);
        return block.add(Mlp.of(widths, activation, init));
    }

    /**
     * The encoder's part before its linear layers, for a network that joins something to the image's
     * features (a conditional model's class code): for conv the convolutions and the flattening,
     * for mlp nothing (the pixels themselves).
     *
     * @return input [batch, C * H * W], output float32 [batch, {@link #featureWidth}]
     */
    public SequentialBlock features(ImageSpec image, Function<NDList, NDList> activation) {
        SequentialBlock block = new SequentialBlock();
        if (conv()) {
            addConvolutions(block, image, activation);
            block.add(ComputeType.output());
        }
        return block;
    }

    /** @return the width of {@link #features}' output: the flattened last feature map, or the pixels */
    public int featureWidth(ImageSpec image) {
        return conv() ? flatFeatures(sides(image)) : image.dimensions();
    }

    private void addConvolutions(SequentialBlock block, ImageSpec image, Function<NDList, NDList> activation) {
        block.add(ComputeType.input())
                .add(arrays -> new NDList(
                        arrays.singletonOrThrow().reshape(-1, image.channels(), image.height(), image.width())));
        int in = image.channels();
        for (int c : channels) {
            block.add(initialised(
                            Conv2d.builder()
                                    .setKernelShape(new Shape(KERNEL, KERNEL))
                                    .optStride(new Shape(STRIDE, STRIDE))
                                    .optPadding(new Shape(PADDING, PADDING))
                                    .setFilters(c)
                                    .build(),
                            (long) in * KERNEL * KERNEL))
                    .add(activation);
            in = c;
        }
        block.add(Blocks.batchFlattenBlock());
    }

    /**
     * The decoder, input [batch, latent], output logits [batch, C * H * W].
     *
     * @param latent width of the code
     * @param hidden widths of the hidden linear layers from the code outwards (the encoder's reversed)
     * @param image the images' channels and sides
     * @param activation between layers
     */
    public SequentialBlock decoder(
            int latent, List<Integer> hidden, ImageSpec image, Function<NDList, NDList> activation) {
        List<Integer> widths = new ArrayList<>();
        widths.add(latent);
        widths.addAll(hidden);
        if (!conv()) {
            widths.add(image.dimensions());
            return Mlp.of(widths, activation, init);
        }
        int[][] sides = sides(image);
        int depth = channels.size();
        widths.add(flatFeatures(sides));
        int deepest = channels.get(depth - 1);
        int rows = sides[0][depth];
        int columns = sides[1][depth];
        SequentialBlock block = new SequentialBlock()
                .add(Mlp.of(widths, activation, init))
                .add(ComputeType.input())
                .add(activation)
                .add(arrays -> new NDList(arrays.singletonOrThrow().reshape(-1, deepest, rows, columns)));
        for (int i = depth - 1; i >= 0; i--) {
            int in = channels.get(i);
            int out = i == 0 ? image.channels() : channels.get(i - 1);
            block.add(initialised(
                    new TransposedConv2d(
                            in,
                            out,
                            KERNEL,
                            STRIDE,
                            PADDING,
                            sides[0][i] - STRIDE * sides[0][i + 1],
                            sides[1][i] - STRIDE * sides[1][i + 1]),
                    (long) out * KERNEL * KERNEL));
            if (i > 0) {
                block.add(activation);
            }
        }
        int dimensions = image.dimensions();
        return block.add(arrays -> new NDList(arrays.singletonOrThrow().reshape(-1, dimensions)))
                .add(ComputeType.output());
    }

    private int flatFeatures(int[][] sides) {
        int last = channels.size();
        return channels.get(last - 1) * sides[0][last] * sides[1][last];
    }

    private <B extends Block> B initialised(B layer, long fanIn) {
        return initialised(layer, init, fanIn);
    }

    /**
     * Sets a layer's initialisers.
     *
     * @param init {@code pytorch} or {@code xavier} (see the class comment)
     * @param fanIn the fan-in PyTorch uses for this layer's bound
     * @return the layer
     */
    public static <B extends Block> B initialised(B layer, String init, long fanIn) {
        if (init.equals("pytorch")) {
            float bound = (float) (1.0 / Math.sqrt(fanIn));
            layer.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
            layer.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
        } else {
            layer.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            layer.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        }
        return layer;
    }
}

package genmodels.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import genmodels.config.ConfigException;
import genmodels.engine.ImageSpec;
import genmodels.models.ClassLabels;
import java.util.ArrayList;
import java.util.List;

/**
 * The noise predictor eps_theta(x_t, t) of a diffusion model: a small U-Net (Ronneberger et al.
 * 2015) in the layout of Ho et al. (2020, appendix B), one residual block per level.
 *
 * <pre>
 *   t -> sinusoidal embedding [c0] (Vaswani et al. 2017) -> Linear(4 c0) -> SiLU -> Linear(4 c0) = temb
 *   x [C, H, W] -> conv3x3 -> c0
 *   level i = 0..L-1:  h = Res(h, c_i, temb); keep h; then (not at the last level) conv3x3 stride 2 (halves the side)
 *   middle:            h = Res(h, c_{L-1}, temb)
 *   level i = L-1..0:  h = Res(concat(h, kept_i), c_i, temb); then (not at level 0) nearest 2x upsampling + conv3x3
 *   out:               GroupNorm -> SiLU -> conv3x3 -> C channels: the predicted noise, [C, H, W]
 *   Res(h, c, temb) = h' + skip(h),  h' = conv3x3(SiLU(GN(conv3x3(SiLU(GN(h))) + Linear(SiLU(temb)))))
 * </pre>
 *
 * Convolutions and linear layers start as PyTorch's defaults (uniform on +-1/sqrt(fan_in)); the
 * skip is a 1x1 convolution where the channels change. SiLU(x) = x sigmoid(x).
 *
 * <p>Built for K classes (a conditional model), a learned embedding of the class, a bias-free
 * linear layer on its one-hot code of width K + 1 (the last label, K, meaning "no class"), is added
 * to temb: the conditioning of Ho &amp; Salimans (2022), where dropping the class to label K
 * trains the unconditional prediction in the same network.
 */
public final class UNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<Integer> channels;
    private final ImageSpec image;
    private final int embedding;
    private final Linear time1;
    private final Linear time2;
    private final int classes;
    private final Linear classEmbedding;
    private final Conv2d in;
    private final List<Residual> down = new ArrayList<>();
    private final List<Conv2d> downsample = new ArrayList<>();
    private final Residual middle;
    private final List<Residual> up = new ArrayList<>();
    private final List<Conv2d> upsample = new ArrayList<>();
    private final GroupNorm outNorm;
    private final Conv2d out;
    private NDArray frequencies;

    /**
     * @param channels channels per level, e.g. [32, 64]
     * @param image the images' channels and sides; both sides must halve evenly at every level
     * @param classes K, the classes of a conditional model, or 0
     * @throws ConfigException naming {@code channels} when the sides do not halve evenly
     */
    public UNet(List<Integer> channels, ImageSpec image, int classes) {
        super(VERSION);
        this.channels = List.copyOf(channels);
        this.image = image;
        int levels = channels.size();
        int unit = 1 << (levels - 1);
        if (image.height() % unit != 0 || image.width() % unit != 0) {
            throw new ConfigException(
                    "model.channels",
                    "lists " + levels + " U-Net levels, each below the first halving the sides, and the "
                            + image.sides() + " images' sides are not multiples of " + unit + "; list fewer levels"
                            + " or resize the images (data.image_size)");
        }
        int c0 = channels.get(0);
        embedding = c0;
        int temb = 4 * c0;
        time1 = addChildBlock("time1", linear(temb, embedding));
        time2 = addChildBlock("time2", linear(temb, temb));
        this.classes = classes;
        classEmbedding = classes > 0 ? addChildBlock("class_embedding", classLinear(temb, classes + 1)) : null;
        in = addChildBlock("in", conv(c0, 3, 1, image.channels()));
        int c = c0;
        for (int i = 0; i < levels; i++) {
            down.add(addChildBlock("down" + i, new Residual(c, channels.get(i), temb)));
            c = channels.get(i);
            if (i < levels - 1) {
                downsample.add(addChildBlock("downsample" + i, conv(c, 3, 2, c)));
            }
        }
        middle = addChildBlock("middle", new Residual(c, c, temb));
        for (int i = levels - 1; i >= 0; i--) {
            up.add(addChildBlock("up" + i, new Residual(c + channels.get(i), channels.get(i), temb)));
            c = channels.get(i);
            if (i > 0) {
                upsample.add(addChildBlock("upsample" + i, conv(c, 3, 1, c)));
            }
        }
        outNorm = addChildBlock("out_norm", new GroupNorm(GroupNorm.groupsFor(c0), c0));
        out = addChildBlock("out", conv(image.channels(), 3, 1, c0));
    }

    /** A kernel x kernel convolution with "same" padding (or halving with stride 2); PyTorch's default start. */
    static Conv2d conv(int filters, int kernel, int stride, int inChannels) {
        Conv2d c = Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(filters)
                .build();
        float bound = (float) (1.0 / Math.sqrt((double) inChannels * kernel * kernel));
        c.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
        c.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
        return c;
    }

    static Linear linear(int units, int fanIn) {
        Linear l = Linear.builder().setUnits(units).build();
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        l.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
        l.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
        return l;
    }

    private static Linear classLinear(int units, int fanIn) {
        Linear l = Linear.builder().setUnits(units).optBias(false).build();
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        l.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
        return l;
    }

    static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /**
     * @param inputs x_t [batch, C, H, W], t [batch] (float32 step numbers) and, for a conditional
     *     network, the labels [batch] in [0, K] (K: no class)
     * @return the predicted noise, [batch, C, H, W]
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray t = inputs.get(1);
        NDArray args = t.reshape(-1, 1).mul(frequencies);
        NDArray temb = args.sin().concat(args.cos(), 1);
        temb = time2.forward(
                        store,
                        new NDList(silu(
                                time1.forward(store, new NDList(temb), training).singletonOrThrow())),
                        training)
                .singletonOrThrow();
        if (classes > 0) {
            NDArray code = ClassLabels.oneHot(inputs.get(2), classes + 1);
            temb = temb.add(
                    classEmbedding.forward(store, new NDList(code), training).singletonOrThrow());
        }
        NDArray h = in.forward(store, new NDList(x), training).singletonOrThrow();
        List<NDArray> kept = new ArrayList<>();
        for (int i = 0; i < down.size(); i++) {
            h = down.get(i).forward(store, new NDList(h, temb), training).singletonOrThrow();
            kept.add(h);
            if (i < downsample.size()) {
                h = downsample.get(i).forward(store, new NDList(h), training).singletonOrThrow();
            }
        }
        h = middle.forward(store, new NDList(h, temb), training).singletonOrThrow();
        for (int k = 0; k < up.size(); k++) {
            int level = down.size() - 1 - k;
            h = up.get(k)
                    .forward(store, new NDList(h.concat(kept.get(level), 1), temb), training)
                    .singletonOrThrow();
            if (level > 0) {
                h = upsample.get(k)
                        .forward(store, new NDList(nearest2x(h)), training)
                        .singletonOrThrow();
            }
        }
        h = silu(outNorm.forward(store, new NDList(h), training).singletonOrThrow());
        return out.forward(store, new NDList(h), training);
    }

    /** Nearest-neighbour 2x upsampling: [b, c, h, w] -> [b, c, 2h, 2w], each pixel a 2x2 block. */
    static NDArray nearest2x(NDArray h) {
        Shape s = h.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long hh = s.get(2);
        long w = s.get(3);
        return h.reshape(b, c, hh, 1, w, 1)
                .broadcast(new Shape(b, c, hh, 2, w, 2))
                .reshape(b, c, 2 * hh, 2 * w);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int half = embedding / 2;
        float[] f = new float[half];
        for (int i = 0; i < half; i++) {
            f[i] = (float) Math.exp(-Math.log(10000) * i / Math.max(1, half - 1));
        }
        frequencies = manager.create(f, new Shape(1, half));
        int temb = 4 * channels.get(0);
        long b = inputShapes[0].get(0);
        time1.initialize(manager, dataType, new Shape(b, 2L * half));
        time2.initialize(manager, dataType, new Shape(b, temb));
        if (classes > 0) {
            classEmbedding.initialize(manager, dataType, new Shape(b, classes + 1));
        }
        in.initialize(manager, dataType, new Shape(b, image.channels(), image.height(), image.width()));
        int c = channels.get(0);
        int h = image.height();
        int w = image.width();
        List<Integer> keptChannels = new ArrayList<>();
        for (int i = 0; i < down.size(); i++) {
            down.get(i).initialize(manager, dataType, new Shape(b, c, h, w), new Shape(b, temb));
            c = channels.get(i);
            keptChannels.add(c);
            if (i < downsample.size()) {
                downsample.get(i).initialize(manager, dataType, new Shape(b, c, h, w));
                h /= 2;
                w /= 2;
            }
        }
        middle.initialize(manager, dataType, new Shape(b, c, h, w), new Shape(b, temb));
        for (int k = 0; k < up.size(); k++) {
            int level = down.size() - 1 - k;
            up.get(k)
                    .initialize(manager, dataType, new Shape(b, c + keptChannels.get(level), h, w), new Shape(b, temb));
            c = channels.get(level);
            if (level > 0) {
                h *= 2;
                w *= 2;
                upsample.get(k).initialize(manager, dataType, new Shape(b, c, h, w));
            }
        }
        outNorm.initialize(manager, dataType, new Shape(b, c, h, w));
        out.initialize(manager, dataType, new Shape(b, c, h, w));
    }

    /** A residual block with the time embedding added between its two convolutions. */
    static final class Residual extends AbstractBlock {

        private final int outChannels;
        private final GroupNorm norm1;
        private final Conv2d conv1;
        private final Linear time;
        private final GroupNorm norm2;
        private final Conv2d conv2;
        private final Conv2d skip;

        Residual(int inChannels, int outChannels, int temb) {
            super(VERSION);
            this.outChannels = outChannels;
            norm1 = addChildBlock("norm1", new GroupNorm(GroupNorm.groupsFor(inChannels), inChannels));
            conv1 = addChildBlock("conv1", conv(outChannels, 3, 1, inChannels));
            time = addChildBlock("time", linear(outChannels, temb));
            norm2 = addChildBlock("norm2", new GroupNorm(GroupNorm.groupsFor(outChannels), outChannels));
            conv2 = addChildBlock("conv2", conv(outChannels, 3, 1, outChannels));
            skip = inChannels == outChannels ? null : addChildBlock("skip", conv(outChannels, 1, 1, inChannels));
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.get(0);
            NDArray temb = inputs.get(1);
            NDArray h = conv1.forward(
                            store,
                            new NDList(silu(norm1.forward(store, new NDList(x), training)
                                    .singletonOrThrow())),
                            training)
                    .singletonOrThrow();
            NDArray shift = time.forward(store, new NDList(silu(temb)), training)
                    .singletonOrThrow()
                    .reshape(-1, outChannels, 1, 1);
            h = h.add(shift);
            h = conv2.forward(
                            store,
                            new NDList(silu(norm2.forward(store, new NDList(h), training)
                                    .singletonOrThrow())),
                            training)
                    .singletonOrThrow();
            NDArray identity = skip == null
                    ? x
                    : skip.forward(store, new NDList(x), training).singletonOrThrow();
            return new NDList(h.add(identity));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape s = inputShapes[0];
            return new Shape[] {new Shape(s.get(0), outChannels, s.get(2), s.get(3))};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape x = inputShapes[0];
            Shape o = new Shape(x.get(0), outChannels, x.get(2), x.get(3));
            norm1.initialize(manager, dataType, x);
            conv1.initialize(manager, dataType, x);
            time.initialize(manager, dataType, inputShapes[1]);
            norm2.initialize(manager, dataType, o);
            conv2.initialize(manager, dataType, o);
            if (skip != null) {
                skip.initialize(manager, dataType, x);
            }
        }
    }
}

package genmodels.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * One split of an image dataset, held on the engine's device as the data came: decoded images as
 * uint8 grey levels (1 byte per value, a quarter of float32), converted to float32 in [0, 1] a
 * batch at a time ({@link #gather}, {@link #slice}) by level / 255 on the device, the same
 * arithmetic a whole-split conversion would do, so every figure is as before.
 *
 * @param name {@code train}, {@code validation} or {@code test}
 * @param pixels uint8 [n, C * H * W] grey levels 0-255, or float32 [n, C * H * W] in [0, 1] (float
 *     data, binarized draws), each image channel-major
 * @param labels int32 [n], class indices
 * @param dynamicBinarization whether {@link #gather} returns a fresh Bernoulli draw of each
 *     gathered image (pixel = 1 with probability its grey level), from the engine's generator
 */
public record ImageSplit(String name, NDArray pixels, NDArray labels, boolean dynamicBinarization) {

    /** A split whose images are used as they are. */
    public ImageSplit(String name, NDArray pixels, NDArray labels) {
        this(name, pixels, labels, false);
    }

    /**
     * @param x uint8 levels or float32 values, [m, pixels]
     * @return float32 in [0, 1]: level / 255 for uint8 (computed in float32, as the decoders always
     *     did), {@code x} itself for float32; in the manager of {@code x}
     */
    public static NDArray toFloat(NDArray x) {
        if (x.getDataType() != DataType.UINT8) {
            return x;
        }
        try (NDArray levels = x.toType(DataType.FLOAT32, false)) {
            return levels.div(255f);
        }
    }

    /**
     * @return every image of the split as float32 [n, pixels] in [0, 1], in {@code manager}: for
     *     the few uses that need a whole split at once (the classifier features of a reference set,
     *     a probe's features, a fit's points); four bytes per value
     */
    public NDArray images(NDManager manager) {
        return slice(manager, 0, size()).images();
    }

    /**
     * @return every image as float32 [n, pixels] in [0, 1], in the manager that holds the pixels
     *     (a new array each call for uint8 data, kept until that manager closes: for checks and
     *     one-off uses; a run uses {@link #gather} and {@link #slice})
     */
    public NDArray images() {
        return toFloat(pixels);
    }

    /**
     * One Bernoulli draw per pixel: 1 with probability the pixel's grey level, else 0.
     *
     * @param images float32 [n, C * H * W] in [0, 1], each image channel-major
     * @return float32 [n, pixels] of 0 and 1, in the manager of {@code images}
     */
    public static NDArray bernoulli(NDArray images) {
        NDManager m = images.getManager();
        NDArray u = m.randomUniform(0f, 1f, images.getShape(), DataType.FLOAT32, images.getDevice());
        return u.lt(images).toType(DataType.FLOAT32, false);
    }

    /**
     * A mini-batch.
     *
     * @param images float32 [batch, pixels] in [0, 1]
     * @param labels int32 [batch]
     */
    public record Batch(NDArray images, NDArray labels) {}

    /** @return the number of images */
    public int size() {
        return Math.toIntExact(pixels.getShape().get(0));
    }

    /** @return values per image, C * H * W (784 for 28x28 grey images) */
    public int dimensions() {
        return Math.toIntExact(pixels.getShape().get(1));
    }

    /**
     * Uploads an order of the items once (e.g. an epoch's permutation), so that each batch is
     * gathered from a slice of it on the device instead of a per-batch index copy.
     *
     * @param order a permutation of 0..size-1 (or any indices into this split)
     * @return int32 [order.length] on this split's device, in {@code manager}
     */
    public NDArray upload(NDManager manager, int[] order) {
        NDArray index = manager.create(order).toDevice(pixels.getDevice(), false);
        index.attach(manager);
        return index;
    }

    /**
     * Gathers the items at {@code order[from, to)} into {@code manager}.
     *
     * @param order int32 [m] from {@link #upload}
     */
    public Batch gather(NDManager manager, NDArray order, int from, int to) {
        NDArray index = order.get(manager, new NDIndex().addSliceDim(from, to));
        NDIndex at = new NDIndex("{}", index);
        NDArray x = toFloat(pixels.get(manager, at));
        return new Batch(dynamicBinarization ? bernoulli(x) : x, labels.get(manager, at));
    }

    /** Gathers the items at {@code order[from, to)} into {@code manager}, uploading those indices. */
    public Batch gather(NDManager manager, int[] order, int from, int to) {
        NDArray index = upload(manager, java.util.Arrays.copyOfRange(order, from, to));
        NDIndex at = new NDIndex("{}", index);
        NDArray x = toFloat(pixels.get(manager, at));
        return new Batch(dynamicBinarization ? bernoulli(x) : x, labels.get(manager, at));
    }

    /** Copies the contiguous items {@code [from, to)} into {@code manager}, as stored (never redrawn). */
    public Batch slice(NDManager manager, int from, int to) {
        NDIndex range = new NDIndex().addSliceDim(from, to);
        return new Batch(toFloat(pixels.get(manager, range)), labels.get(manager, range));
    }
}

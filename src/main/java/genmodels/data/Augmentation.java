package genmodels.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.engine.ImageSpec;
import java.util.List;

/**
 * Random transformations of a training batch ({@code data.augment}), drawn on the batch's device
 * from the engine's generator, which the training loop seeds per batch from (seed, epoch, batch):
 * a resumed run draws the same transformations as an uninterrupted one.
 *
 * <ul>
 *   <li>{@code hflip}: each image mirrored left to right with probability 1/2;
 *   <li>{@code crop}: each image padded by {@value #PAD} pixels per side by reflection (the edge
 *       pixel not repeated, as {@code torch.nn.functional.pad(mode="reflect")}) and cropped back to
 *       its size at a uniformly drawn offset in [0, 2 x {@value #PAD}] per axis, the CIFAR recipe
 *       of He et al. (2016) and torchvision's {@code RandomCrop(32, padding=4,
 *       padding_mode="reflect")}. It is computed as a gather of reflected indices, without the
 *       padded copy.
 * </ul>
 *
 * Images are flat, [batch, C * H * W], in and out.
 */
public final class Augmentation {

    /** Pixels of reflect padding per side before the random crop. */
    public static final int PAD = 4;

    private final List<String> kinds;
    private final ImageSpec image;

    /**
     * @param kinds {@code hflip} and/or {@code crop}, applied in the order given
     * @param image the images' shape
     */
    public Augmentation(List<String> kinds, ImageSpec image) {
        this.kinds = List.copyOf(kinds);
        this.image = image;
    }

    /** @return an augmentation, or null when {@code kinds} is empty */
    public static Augmentation of(List<String> kinds, ImageSpec image) {
        return kinds.isEmpty() ? null : new Augmentation(kinds, image);
    }

    /**
     * @param images [batch, C * H * W]
     * @param manager owns the results
     * @return the transformed images, [batch, C * H * W]
     */
    public NDArray apply(NDArray images, NDManager manager) {
        long batch = images.getShape().get(0);
        NDArray x = images.reshape(batch, image.channels(), image.height(), image.width());
        for (String kind : kinds) {
            x = kind.equals("hflip") ? flip(x, manager) : crop(x, manager);
        }
        return x.reshape(batch, -1);
    }

    /** Mirrors each image of [B, C, H, W] with probability 1/2. */
    private static NDArray flip(NDArray x, NDManager manager) {
        long batch = x.getShape().get(0);
        NDArray heads = manager.randomInteger(0, 2, new Shape(batch, 1, 1, 1), DataType.INT64)
                .toDevice(x.getDevice(), false)
                .toType(DataType.BOOLEAN, false)
                .broadcast(x.getShape()); // DJL's where does not broadcast
        return NDArrays.where(heads, x.flip(3), x);
    }

    /** A random crop of each image after reflect padding, as a gather along each spatial axis. */
    private NDArray crop(NDArray x, NDManager manager) {
        long batch = x.getShape().get(0);
        NDArray rows = reflected(manager, batch, image.height(), x);
        NDArray cols = reflected(manager, batch, image.width(), x);
        Shape full = x.getShape();
        NDArray byRows = x.gather(rows.reshape(batch, 1, image.height(), 1).broadcast(full), 2);
        return byRows.gather(cols.reshape(batch, 1, 1, image.width()).broadcast(full), 3);
    }

    /**
     * @return [batch, size] source indices: i + d - PAD for an offset d ~ U{0..2 PAD} per image,
     *     reflected into [0, size - 1] (-1 reads 1, size reads size - 2)
     */
    private static NDArray reflected(NDManager manager, long batch, int size, NDArray like) {
        NDArray offset = manager.randomInteger(0, 2 * PAD + 1, new Shape(batch, 1), DataType.INT64)
                .toDevice(like.getDevice(), false)
                .sub(PAD);
        NDArray i = manager.arange(0, size, 1, DataType.INT64)
                .toDevice(like.getDevice(), false)
                .reshape(1, size);
        NDArray shifted = i.add(offset).abs();
        return shifted.sub(size - 1).abs().neg().add(size - 1);
    }

    /** @return the augmentations, in order */
    public List<String> kinds() {
        return kinds;
    }
}

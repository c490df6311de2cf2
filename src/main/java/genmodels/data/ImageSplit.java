package genmodels.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * One split of an image dataset, held on the engine's device.
 *
 * @param name {@code train}, {@code validation} or {@code test}
 * @param images float32 [n, pixels] in [0, 1]
 * @param labels int32 [n], class indices
 */
public record ImageSplit(String name, NDArray images, NDArray labels) {

    /**
     * A mini-batch.
     *
     * @param images float32 [batch, pixels] in [0, 1]
     * @param labels int32 [batch]
     */
    public record Batch(NDArray images, NDArray labels) {}

    /** @return the number of images */
    public int size() {
        return Math.toIntExact(images.getShape().get(0));
    }

    /** @return pixels per image (784 for 28x28) */
    public int pixels() {
        return Math.toIntExact(images.getShape().get(1));
    }

    /** Gathers the items at {@code order[from, to)} into {@code manager}. */
    public Batch gather(NDManager manager, int[] order, int from, int to) {
        NDArray index = manager.create(java.util.Arrays.copyOfRange(order, from, to));
        NDIndex at = new NDIndex("{}", index);
        return new Batch(images.get(manager, at), labels.get(manager, at));
    }

    /** Copies the contiguous items {@code [from, to)} into {@code manager}. */
    public Batch slice(NDManager manager, int from, int to) {
        NDIndex range = new NDIndex().addSliceDim(from, to);
        return new Batch(images.get(manager, range), labels.get(manager, range));
    }
}

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

    /** @return the number of images */
    public int size() {
        return Math.toIntExact(images.getShape().get(0));
    }

    /** @return pixels per image (784 for 28x28) */
    public int pixels() {
        return Math.toIntExact(images.getShape().get(1));
    }

    /**
     * Gathers the images at {@code order[from, to)} into {@code manager}.
     *
     * @return float32 [to - from, pixels]
     */
    public NDArray gather(NDManager manager, int[] order, int from, int to) {
        NDArray index = manager.create(java.util.Arrays.copyOfRange(order, from, to));
        return images.get(manager, new NDIndex("{}", index));
    }

    /**
     * Copies the contiguous images {@code [from, to)} into {@code manager}.
     *
     * @return float32 [to - from, pixels]
     */
    public NDArray slice(NDManager manager, int from, int to) {
        return images.get(manager, new NDIndex().addSliceDim(from, to));
    }
}

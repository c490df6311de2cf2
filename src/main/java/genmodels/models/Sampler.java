package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.function.LongConsumer;

/**
 * A way to draw images from a trained model, fitted once (a mixture on the training codes) and
 * then sampled, as Pythae's samplers are. Every random draw comes from the engine's generator, so
 * reseeding the engine before {@link #sample} repeats the images exactly.
 */
public interface Sampler {

    /** @return the name {@code --sampler} gives it: {@code prior}, {@code gmm} or {@code normal} */
    String name();

    /** @return what it draws from, for messages and tables, e.g. {@code the normal prior} */
    String description();

    /**
     * @param store parameter store of the model's device
     * @param manager where the images are created
     * @param n images to draw, &gt;= 1
     * @return float32 [n, pixels] in [0, 1]
     */
    NDArray sample(ParameterStore store, NDManager manager, int n);

    /** @return images per call to {@link #sample} when many are drawn (memory: a U-Net holds a few maps per image) */
    default int block() {
        return 1000;
    }

    /**
     * Draws {@code count} images in blocks of {@link #block}, each block's noise drawn just before
     * it, so the images depend only on the engine's seed and the block size.
     *
     * @param progress told the images done after each block
     * @return float32 [count, pixels] in [0, 1], in {@code manager}
     */
    default NDArray sampleAll(ParameterStore store, NDManager manager, int count, LongConsumer progress) {
        NDList parts = new NDList();
        for (int from = 0; from < count; from += block()) {
            int n = Math.min(block(), count - from);
            try (NDManager scope = manager.newSubManager()) {
                NDArray images = sample(store, scope, n);
                images.attach(manager);
                parts.add(images);
            }
            progress.accept(from + n);
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }
}

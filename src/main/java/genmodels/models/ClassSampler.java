package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import java.util.function.LongConsumer;

/**
 * The sampler of a class-conditional model: images of the classes asked for, x ~ p(x | y). Asked
 * for images without classes ({@link #sample(ParameterStore, NDManager, int)}), it draws the labels
 * uniformly ({@link ClassLabels#uniform}) first, from the engine's generator.
 */
public interface ClassSampler extends Sampler {

    /** Draws one image per label. */
    @FunctionalInterface
    interface Draw {
        /** @return float32 [n, pixels] in [0, 1] for labels int32 [n] */
        NDArray sample(ParameterStore store, NDManager manager, NDArray labels);
    }

    /**
     * @param classes K
     * @param description what it draws from, for messages and tables
     * @param draw the model's draw of images of given classes
     * @return the {@code prior} sampler of a conditional model
     */
    static ClassSampler of(int classes, String description, Draw draw) {
        return new ClassSampler() {
            @Override
            public int classes() {
                return classes;
            }

            @Override
            public String name() {
                return "prior";
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public NDArray sample(ParameterStore store, NDManager manager, NDArray labels) {
                return draw.sample(store, manager, labels);
            }
        };
    }

    /** @return the number of classes, K: labels run over 0 .. K - 1 */
    int classes();

    /**
     * @param store parameter store of the model's device
     * @param manager where the images are created
     * @param labels the class of each image, int32 [n], each in [0, K)
     * @return float32 [n, pixels] in [0, 1], image i of class labels[i]
     */
    NDArray sample(ParameterStore store, NDManager manager, NDArray labels);

    @Override
    default NDArray sample(ParameterStore store, NDManager manager, int n) {
        return sample(store, manager, ClassLabels.uniform(manager, n, classes()));
    }

    /**
     * Draws one image per label in blocks of {@link #block}, each block's noise drawn just before it.
     *
     * @param labels the class of each image, each in [0, K)
     * @param progress told the images done after each block
     * @return float32 [labels.length, pixels] in [0, 1], in {@code manager}
     */
    default NDArray sampleAll(ParameterStore store, NDManager manager, int[] labels, LongConsumer progress) {
        NDList parts = new NDList();
        NDArray all = manager.create(labels);
        for (int from = 0; from < labels.length; from += block()) {
            int to = Math.min(labels.length, from + block());
            try (NDManager scope = manager.newSubManager()) {
                NDArray images = sample(store, scope, all.get(scope, new NDIndex().addSliceDim(from, to)));
                images.attach(manager);
                parts.add(images);
            }
            progress.accept(to);
        }
        all.close();
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }
}

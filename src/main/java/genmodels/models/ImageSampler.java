package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.function.LongConsumer;

/**
 * A model that generates images from noise without an encoder: a GAN's generator, a diffusion
 * model's reverse process. {@code sample}, {@code evaluate} and the per-epoch grids use it as they
 * use a latent model's decoder on prior draws.
 */
public interface ImageSampler extends TrainableModel {

    /** Images per block when generating many ({@code sample}, {@code evaluate}): a U-Net holds a few activations per image. */
    int BLOCK = 500;

    /**
     * Draws the starting noise from the engine's random generator: z ~ N(0, I) for a GAN, x_T ~
     * N(0, I) for a diffusion model. Keeping it fixed keeps a deterministic sampler's output fixed
     * (the GAN's grid of every epoch, DDIM with eta = 0).
     *
     * @param count images to generate
     * @return float32 noise, [count, ...] (the shape the model starts from)
     */
    NDArray noise(NDManager manager, int count);

    /**
     * @param noise from {@link #noise}, in the manager the result goes to
     * @param steps sampling steps (a diffusion model: 1..T, DDIM when fewer than T); 0 for the model's default;
     *     ignored by one-step samplers
     * @return images [count, pixels] in [0, 1]
     */
    NDArray generate(ParameterStore store, NDArray noise, int steps);

    /**
     * @param steps as for {@link #generate}
     * @return a short description of the sampler, e.g. {@code generator} or {@code ddim, 50 steps}
     */
    String samplerName(int steps);

    /**
     * Generates {@code count} images in blocks, each block's noise drawn just before it (so the
     * images depend only on the engine's seed and the block size).
     *
     * @param block images per block (memory: a diffusion U-Net holds a few activations per image)
     * @param progress told the images done after each block
     * @return images [count, pixels] in [0, 1], in {@code manager}
     */
    default NDArray generateAll(ParameterStore store, NDManager manager, int count, int steps, int block,
            LongConsumer progress) {
        NDList parts = new NDList();
        for (int from = 0; from < count; from += block) {
            int n = Math.min(block, count - from);
            try (NDManager scope = manager.newSubManager()) {
                NDArray images = generate(store, noise(scope, n), steps);
                images.attach(manager);
                parts.add(images);
            }
            progress.accept(from + n);
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }
}

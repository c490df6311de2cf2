package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import java.util.function.LongConsumer;

/**
 * A sampler of a latent model: codes from a source (its prior, N(0, I), a mixture fitted to the
 * training codes), decoded to pixel means.
 */
public final class DecodedSampler implements Sampler {

    /** Draws latent codes. */
    @FunctionalInterface
    public interface Codes {
        /** @return float32 [n, latentDim], drawn with the engine's generator, in {@code manager} */
        NDArray draw(ParameterStore store, NDManager manager, int n);
    }

    private final GenerativeModel model;
    private final String name;
    private final String description;
    private final Codes codes;

    /**
     * @param model the model whose decoder turns codes into images
     * @param name the sampler's {@code --sampler} name
     * @param description what the codes are drawn from
     * @param codes the source of codes
     */
    public DecodedSampler(GenerativeModel model, String name, String description, Codes codes) {
        this.model = model;
        this.name = name;
        this.description = description;
        this.codes = codes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    /** @return {@code decode(z)}, z from the source, [n, pixels] in [0, 1] */
    @Override
    public NDArray sample(ParameterStore store, NDManager manager, int n) {
        return model.decode(store, codes.draw(store, manager, n));
    }

    /**
     * Draws all {@code count} codes in one call (codes are small), then decodes them in blocks of
     * {@link #block}: the images depend only on the engine's seed, not on the block size.
     */
    @Override
    public NDArray sampleAll(ParameterStore store, NDManager manager, int count, LongConsumer progress) {
        NDArray z = codes.draw(store, manager, count);
        NDList parts = new NDList();
        for (int from = 0; from < count; from += block()) {
            int to = Math.min(count, from + block());
            parts.add(model.decode(store, z.get(new NDIndex().addSliceDim(from, to))));
            progress.accept(to);
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }
}

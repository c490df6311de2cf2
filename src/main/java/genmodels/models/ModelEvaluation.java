package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import genmodels.config.DataConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A figure {@code evaluate} computes for a model beyond its test loss terms, declared by the model
 * itself ({@link TrainableModel#evaluations}): the importance-weighted NLL of a VAE, the
 * variational bound of a diffusion model, the reconstruction error of an autoencoder. The
 * evaluate command runs every one a model declares and writes each result under {@link #name} in
 * eval.json.
 */
public interface ModelEvaluation {

    /** @return the key of the result in eval.json, e.g. {@code importance_weighted_nll} */
    String name();

    /**
     * @param input the trained model's store, the test images, its test loss terms and settings
     * @return figures (a map of numbers and strings), or one sentence saying why it was not computed
     */
    Object evaluate(Input input);

    /**
     * @return the columns this result fills in {@code evaluate --compare}'s table, each a label and
     *     the dotted key of a number inside the result
     */
    default List<Column> columns() {
        return List.of();
    }

    /**
     * A representative piece of this evaluation's work, to choose the thread count on, when it is
     * the heaviest thing evaluate does for the model (the importance-weighted pass).
     *
     * @param scope owns what the kernel needs; closed after timing
     * @return the kernel, or empty when this evaluation is light
     */
    default Optional<Runnable> timingKernel(Input input, NDManager scope) {
        return Optional.empty();
    }

    /**
     * A column of the comparison table.
     *
     * @param label the header, with its unit, e.g. {@code IW NLL (nats)}
     * @param key the dotted path of the figure inside {@link #evaluate}'s map, e.g. {@code nats}
     */
    record Column(String label, String key) {}

    /** The test images as the evaluation reads them: contiguous slices, never redrawn. */
    interface Images {
        /** @return the number of images */
        int size();

        /** @return values per image, C * H * W (the dimensions of bits per dimension) */
        int dimensions();

        /** @return images {@code [from, to)}, float32 [to - from, C * H * W] in [0, 1], in {@code manager} */
        NDArray slice(NDManager manager, int from, int to);

        /**
         * @return the labels of images {@code [from, to)}, int32 [to - from], in {@code manager}
         * @throws UnsupportedOperationException when the images carry none
         */
        default NDArray labels(NDManager manager, int from, int to) {
            throw new UnsupportedOperationException("these images carry no labels");
        }
    }

    /** Reports the progress of a long pass. */
    @FunctionalInterface
    interface ProgressFactory {
        /**
         * @param what the pass, e.g. {@code importance-weighted NLL (K=500)}
         * @param total units to do
         * @param unit e.g. {@code test images}
         * @return told the units done so far
         */
        IntConsumer start(String what, int total, String unit);

        /** Shows nothing. */
        ProgressFactory NONE = (what, total, unit) -> done -> {};
    }

    /**
     * Settings of {@code evaluate} an evaluation may read.
     *
     * @param importanceSamples K of the importance-weighted bound, 0 to skip it
     * @param seed seeds every random draw of the evaluations
     */
    record Settings(int importanceSamples, long seed) {}

    /**
     * What an evaluation is given.
     *
     * @param store the trained model's parameter store
     * @param test the test images
     * @param testTerms the model's loss terms on the test split, means per image (as training reports them)
     * @param data the run's data section (binarized or grey levels)
     * @param settings evaluate's settings
     * @param manager a manager on the model's device for temporary arrays
     * @param progress shows the progress of long passes
     */
    record Input(
            ParameterStore store,
            Images test,
            Map<String, Double> testTerms,
            DataConfig data,
            Settings settings,
            NDManager manager,
            ProgressFactory progress) {}
}

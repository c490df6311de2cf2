package genmodels.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.TrainConfig;
import genmodels.data.ImageSplit;
import genmodels.engine.ImageSpec;
import genmodels.engine.Seeds;
import genmodels.models.TrainableModel;
import java.util.function.Function;

/**
 * Real training steps on a throwaway copy of a model, for timing (the thread count of {@code
 * --threads auto}): a fresh model of the same architecture and a fresh Adam, stepping over the
 * batches of a fixed permutation of the training split. The run's own model, optimizer and data
 * are not touched; the engine's random generator is, so callers reseed it before building their
 * model. Everything the probe allocates is freed by {@link #close}.
 */
public final class StepProbe implements Runnable, AutoCloseable {

    private final NDManager scratch;
    private final TrainingStep step;
    private final ImageSplit train;
    private final NDArray order;
    private final int batchSize;
    private int batch;

    /**
     * @param factory builds a model for images of the given shape
     * @param image the images' shape and classes
     * @param config batch size, optimizer and seed of the run
     * @param train the training split
     * @param manager a manager on the run's device; the probe works in a sub-manager of it
     */
    public StepProbe(
            Function<ImageSpec, TrainableModel> factory,
            ImageSpec image,
            TrainConfig config,
            ImageSplit train,
            NDManager manager) {
        this.scratch = manager.newSubManager();
        this.train = train;
        this.batchSize = Math.min(config.batchSize(), train.size());
        TrainableModel model = factory.apply(image);
        model.block().initialize(scratch, DataType.FLOAT32, new Shape(1, image.dimensions()));
        ParameterStore store = new ParameterStore(scratch, false);
        this.step = new TrainingStep(
                model, store, Optimizers.forModel(model, config.optimizer(), scratch), config.gradClip(), scratch);
        this.order = train.upload(scratch, Seeds.permutation(train.size(), config.seed(), 1));
    }

    /** One training step on the next batch (a probe that diverges keeps being timed on the steps it tries). */
    @Override
    public void run() {
        int from = (batch++ * batchSize) % Math.max(1, train.size() - batchSize + 1);
        try {
            step.run(train, order, from, from + batchSize, 0);
        } catch (TrainingDiverged e) {
            // only the timing matters here; the run itself has its own guard
        }
    }

    @Override
    public void close() {
        scratch.close();
    }
}

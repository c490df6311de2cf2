package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import genmodels.config.OptimizerConfig;
import genmodels.config.TrainConfig;
import java.util.List;

/**
 * A model the training loop can optimise: a DJL block and a loss that reports its terms. Images
 * are float32 {@code [batch, pixels]} in [0, 1]; arrays returned are created in the manager of the
 * input.
 */
public interface TrainableModel {

    /** @return the DJL block holding every trainable parameter (saved and loaded as a whole) */
    Block block();

    /** @return the names of the terms {@link #loss} reports, headline metric first */
    List<String> termNames();

    /**
     * Runs the model on a batch and computes its loss terms.
     *
     * @param store parameter store of the current device
     * @param x images, [batch, pixels] in [0, 1]
     * @param labels class indices, int32 [batch] (used by supervised models)
     * @param training true during optimisation
     * @return the objective (mean over the batch) and the per-term sums over the batch
     */
    LossTerms loss(ParameterStore store, NDArray x, NDArray labels, boolean training);

    /**
     * The parameter groups, each updated by its own Adam. Default: one group, {@link
     * ParameterGroup#WHOLE_MODEL}, with every parameter and {@code train.optimizer}.
     *
     * @param trainOptimizer the run's {@code train.optimizer}
     */
    default List<ParameterGroup> parameterGroups(OptimizerConfig trainOptimizer) {
        return List.of(new ParameterGroup(ParameterGroup.WHOLE_MODEL, block().getParameters(), trainOptimizer));
    }

    /**
     * Called after every applied training step (a diffusion model updates its exponential moving
     * average of the weights here). Default: nothing.
     *
     * @param scope a manager closed after the step, for temporary arrays
     * @param step the first optimizer's step count after this step (restored on resume)
     */
    default void afterStep(NDManager scope, long step) {}

    /**
     * Called before the first training step of every epoch, a resumed one included (a VAE sets its
     * KL warm-up weight here). Default: nothing.
     *
     * @param epoch the 1-based epoch about to run
     * @param train the run's {@code train} section
     */
    default void beforeEpoch(int epoch, TrainConfig train) {}
}

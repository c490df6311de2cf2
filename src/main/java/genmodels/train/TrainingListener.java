package genmodels.train;

import java.util.List;

/** Side effects of training (logs, files, progress) hang off the loop through these callbacks. */
public interface TrainingListener {

    /** Called once before the first epoch. */
    default void onTrainingStart(int epochs, int batchesPerEpoch) throws Exception {}

    /** Called after every optimizer step. */
    default void onBatchEnd(BatchProgress progress) throws Exception {}

    /** Called after each epoch's training and evaluation passes. */
    default void onEpochEnd(EpochResult result, List<EpochResult> history) throws Exception {}

    /** Called once after the last epoch. */
    default void onTrainingEnd(List<EpochResult> history) throws Exception {}
}

package genmodels.train;

import java.util.List;
import java.util.Map;

/**
 * Everything training does besides its steps hangs off the loop through these callbacks: logs,
 * files and progress, and the cross-cutting parts of the loop itself ({@link EarlyStopping}, {@link
 * CheckpointListener}, {@link StopRequest}, {@link EpochMeasure}), in the manner of DJL's {@code
 * TrainingListener}s on {@code EasyTrain}.
 */
public interface TrainingListener {

    /** Called once before the first epoch, with what the loop shares with its listeners. */
    default void onTrainingStart(TrainingControl control) throws Exception {}

    /** Called after every optimizer step. */
    default void onBatchEnd(BatchProgress progress) throws Exception {}

    /**
     * Called after an epoch's evaluation passes, before its result is made.
     *
     * @param metrics split name to term name to mean per image; a listener may add a split
     */
    default void onEpochEvaluated(int epoch, Map<String, Map<String, Double>> metrics) throws Exception {}

    /** Called after each epoch's training and evaluation passes. */
    default void onEpochEnd(EpochResult result, List<EpochResult> history) throws Exception {}

    /**
     * Called where the run may be continued from: after each epoch (state at the start of the
     * next), and at an interruption between two batches ({@code state.batch() > 0}).
     *
     * @param last whether nothing follows (the last epoch, early stopping or an interruption)
     */
    default void onResumablePoint(TrainingState state, boolean last) throws Exception {}

    /** Called once after the last epoch. */
    default void onTrainingEnd(List<EpochResult> history) throws Exception {}
}

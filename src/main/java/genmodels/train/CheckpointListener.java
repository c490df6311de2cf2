package genmodels.train;

/**
 * Persists the run through a {@link Checkpointing} at every point it may be continued from: after
 * each epoch (always after the last), at an interruption between batches, and the best model when
 * early stopping recorded the epoch just finished as the best.
 */
public final class CheckpointListener implements TrainingListener {

    private final Checkpointing checkpointing;
    private Optimizers optimizers;

    /** @param checkpointing where and how often checkpoints are written */
    public CheckpointListener(Checkpointing checkpointing) {
        this.checkpointing = checkpointing;
    }

    @Override
    public void onTrainingStart(TrainingControl control) {
        this.optimizers = control.optimizers();
    }

    @Override
    public void onResumablePoint(TrainingState state, boolean last) throws java.io.IOException {
        if (state.batch() > 0) {
            checkpointing.interrupted(state, optimizers);
            return;
        }
        if (state.bestEpoch() == state.epoch() - 1) {
            checkpointing.improved(state, optimizers);
        }
        checkpointing.epochEnd(state, optimizers, last);
    }
}

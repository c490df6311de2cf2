package genmodels.train;

import java.io.IOException;
import java.nio.file.Path;

/** What the training loop asks to persist; {@link #NONE} for runs without a run directory. */
public interface Checkpointing {

    /**
     * After an epoch's training and evaluation.
     *
     * @param state the state at the start of the next epoch
     * @param last whether this was the last epoch (a checkpoint is then always written)
     */
    void epochEnd(TrainingState state, Optimizers optimizers, boolean last) throws IOException;

    /**
     * On a stop request between two batches of an epoch.
     *
     * @return where the checkpoint was written
     */
    Path interrupted(TrainingState state, Optimizers optimizers) throws IOException;

    /** When the validation objective improved (early stopping keeps this model as the best). */
    void improved(TrainingState state, Optimizers optimizers) throws IOException;

    /** @return the newest complete checkpoint written or found, or null */
    Path latest();

    /** Persists nothing. */
    Checkpointing NONE = new Checkpointing() {
        @Override
        public void epochEnd(TrainingState state, Optimizers optimizers, boolean last) {}

        @Override
        public Path interrupted(TrainingState state, Optimizers optimizers) {
            return null;
        }

        @Override
        public void improved(TrainingState state, Optimizers optimizers) {}

        @Override
        public Path latest() {
            return null;
        }
    };
}

package genmodels.train;

import java.util.List;

/**
 * Where training stands, as a checkpoint records it: enough, with the weights and the optimizer
 * state, to continue exactly. The engine and the shuffle are seeded from (seed, epoch, batch), so
 * the position is the whole random state.
 *
 * @param epoch the epoch in progress, 1-based
 * @param batch batches of that epoch already done (0 at an epoch boundary)
 * @param step optimizer steps so far
 * @param partialSums the epoch's training term sums over its finished batches
 * @param partialImages images in those batches
 * @param partialSeconds training seconds spent on them
 * @param history results of the finished epochs
 * @param bestValidation the best validation objective so far (early stopping), or null
 * @param bestEpoch the epoch that reached it, or 0
 * @param epochsWithoutImprovement epochs since the last improvement
 */
public record TrainingState(
        int epoch,
        int batch,
        long step,
        double[] partialSums,
        long partialImages,
        double partialSeconds,
        List<EpochResult> history,
        Double bestValidation,
        int bestEpoch,
        int epochsWithoutImprovement) {

    public TrainingState {
        history = List.copyOf(history);
    }

    /** @return the state before the first batch */
    public static TrainingState start(int terms) {
        return new TrainingState(1, 0, 0, new double[terms], 0, 0, List.of(), null, 0, 0);
    }
}

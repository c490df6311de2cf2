package genmodels.train;

/**
 * What the loop shares with its listeners: the plan (epochs, batches, the state it starts from, the
 * optimizers whose state a checkpoint saves) and the two things a listener may ask of it, to stop
 * after this epoch ({@link EarlyStopping}) or to stop at the next batch boundary ({@link
 * StopRequest}), plus the early-stopping record a checkpoint carries.
 */
public final class TrainingControl {

    private final int epochs;
    private final int batchesPerEpoch;
    private final TrainingState start;
    private final Optimizers optimizers;
    private Double bestValidation;
    private int bestEpoch;
    private int epochsWithoutImprovement;
    private boolean stopAfterEpoch;
    private int interruptSignal;

    TrainingControl(int epochs, int batchesPerEpoch, TrainingState start, Optimizers optimizers) {
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        this.start = start;
        this.optimizers = optimizers;
        this.bestValidation = start.bestValidation();
        this.bestEpoch = start.bestEpoch();
        this.epochsWithoutImprovement = start.epochsWithoutImprovement();
    }

    /** @return the epochs the run is configured for */
    public int epochs() {
        return epochs;
    }

    /** @return optimizer steps per epoch */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** @return where the loop starts: the beginning, or a restored checkpoint's state */
    public TrainingState start() {
        return start;
    }

    /** @return the optimizers, whose state checkpoints save */
    public Optimizers optimizers() {
        return optimizers;
    }

    /** Records early stopping's watch, carried by every checkpoint from now on. */
    public void recordBest(Double value, int epoch, int withoutImprovement) {
        this.bestValidation = value;
        this.bestEpoch = epoch;
        this.epochsWithoutImprovement = withoutImprovement;
    }

    /** Ends the run after the current epoch, its checkpoint written as the last. */
    public void stopAfterEpoch() {
        this.stopAfterEpoch = true;
    }

    /** Ends the run at the next batch boundary with {@link TrainingInterrupted}, after a checkpoint. */
    public void interrupt(int signal) {
        this.interruptSignal = signal;
    }

    boolean stoppingAfterEpoch() {
        return stopAfterEpoch;
    }

    boolean interrupted() {
        return interruptSignal != 0;
    }

    int interruptSignal() {
        return interruptSignal;
    }

    /** @return the state at a position, with the early-stopping record as it stands */
    TrainingState state(
            int epoch, int batch, double[] sums, long images, double seconds, java.util.List<EpochResult> history) {
        return new TrainingState(
                epoch,
                batch,
                optimizers.stepCount(),
                sums,
                images,
                seconds,
                history,
                bestValidation,
                bestEpoch,
                epochsWithoutImprovement);
    }
}

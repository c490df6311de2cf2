package genmodels.train;

/**
 * A request to stop training at the next batch boundary, from a signal handler or a test; as a
 * listener it passes the request to the loop, which then writes a checkpoint and ends with {@link
 * TrainingInterrupted}.
 */
public final class StopRequest implements TrainingListener {

    private volatile int signal;
    private TrainingControl control;

    @Override
    public void onTrainingStart(TrainingControl control) {
        this.control = control;
    }

    @Override
    public void onBatchEnd(BatchProgress progress) {
        passOn();
    }

    /** Also a signal that came during the evaluation passes. */
    @Override
    public void onEpochEnd(EpochResult result, java.util.List<EpochResult> history) {
        passOn();
    }

    private void passOn() {
        if (requested()) {
            control.interrupt(signal);
        }
    }

    /**
     * @param signal the signal number that asked (15 for SIGTERM, 2 for SIGINT)
     * @return false if a stop was already requested
     */
    public boolean request(int signal) {
        boolean first = this.signal == 0;
        if (first) {
            this.signal = signal;
        }
        return first;
    }

    /** @return whether a stop has been requested */
    public boolean requested() {
        return signal != 0;
    }

    /** @return the signal that asked, 0 if none */
    public int signal() {
        return signal;
    }
}

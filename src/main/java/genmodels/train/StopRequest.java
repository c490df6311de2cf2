package genmodels.train;

/**
 * A request to stop training at the next batch boundary, from a signal handler or a test; the loop
 * then writes a checkpoint and ends with {@link TrainingInterrupted}.
 */
public final class StopRequest {

    private volatile int signal;

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

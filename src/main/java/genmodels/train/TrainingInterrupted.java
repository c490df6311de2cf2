package genmodels.train;

/** Training stopped at a batch boundary on request, after writing a checkpoint. */
public final class TrainingInterrupted extends Exception {

    private static final long serialVersionUID = 1L;

    private final int signal;
    private final TrainingState state;

    public TrainingInterrupted(int signal, TrainingState state) {
        super("interrupted by signal " + signal);
        this.signal = signal;
        this.state = state;
    }

    /** @return the signal number (15 SIGTERM, 2 SIGINT) */
    public int signal() {
        return signal;
    }

    /** @return where training stopped */
    public TrainingState state() {
        return state;
    }
}

package genmodels.train;

import genmodels.errors.UserError;
import java.util.List;

/**
 * A loss term or the gradient became NaN or infinite: training stops before applying that step,
 * so the weights and checkpoints stay as they were.
 */
public final class TrainingDiverged extends UserError {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final long step;
    private final List<String> terms;

    /**
     * @param epoch the epoch in progress
     * @param step the optimizer step that would have been applied (1-based)
     * @param terms the non-finite terms, or "gradient" when only the gradient was
     */
    public TrainingDiverged(int epoch, long step, List<String> terms) {
        super("training diverged at epoch " + epoch + ", step " + step + ": " + String.join(", ", terms)
                + " became NaN or infinite");
        this.epoch = epoch;
        this.step = step;
        this.terms = List.copyOf(terms);
    }

    public int epoch() {
        return epoch;
    }

    public long step() {
        return step;
    }

    public List<String> terms() {
        return terms;
    }
}

package genmodels.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import genmodels.config.OptimizerConfig;
import genmodels.errors.UserError;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba, ICLR 2015) whose state this class owns: the first and second moment
 * estimates of every parameter and the step count, so they can be checkpointed and restored (DJL's
 * {@code Adam} keeps them private).
 *
 * <p>Each parameter is updated by one call to the engine's fused Adam kernel
 * ({@code NDArrayEx.adamUpdate}), which also zeroes the gradient:
 * {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr_t m / (sqrt(v) + eps)} with
 * {@code lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)} (the paper's section 2 "efficient" ordering).
 * Weight decay, when non-zero, is added to the gradient as an L2 penalty.
 */
public final class Adam {

    private final OptimizerConfig config;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private long step;

    /**
     * @param config learning rate, betas, eps, weight decay
     * @param parameters the block's parameters; those not requiring gradients are skipped
     * @param manager long-lived manager holding the moment estimates
     */
    public Adam(OptimizerConfig config, PairList<String, Parameter> parameters, NDManager manager) {
        this.config = config;
        for (Pair<String, Parameter> pair : parameters) {
            Parameter p = pair.getValue();
            if (p.requiresGradient()) {
                this.parameters.add(p);
                NDArray w = p.getArray();
                NDArray m = manager.zeros(w.getShape(), w.getDataType(), w.getDevice());
                NDArray v = manager.zeros(w.getShape(), w.getDataType(), w.getDevice());
                firstMoments.add(m);
                secondMoments.add(v);
            }
        }
    }

    /** Applies one update from the gradients left by backward, then zeroes them. */
    public void step() {
        step++;
        double bias1 = 1 - Math.pow(config.beta1(), step);
        double bias2 = 1 - Math.pow(config.beta2(), step);
        float lr = (float) config.lr();
        float correctedLr = (float) (config.lr() * Math.sqrt(bias2) / bias1);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            try (NDArray grad = w.getGradient()) {
                w.getNDArrayInternal().adamUpdate(
                        new NDList(w, grad, firstMoments.get(i), secondMoments.get(i)),
                        new NDList(w),
                        lr,
                        correctedLr,
                        (float) config.weightDecay(),
                        1f,
                        -1f,
                        (float) config.beta1(),
                        (float) config.beta2(),
                        (float) config.eps(),
                        true,
                        false);
            }
        }
    }

    /** @return how many updates have been applied */
    public long stepCount() {
        return step;
    }

    private static final int FORMAT = 0x4144414d; // "ADAM"

    /**
     * Writes the state: the step count, then the first and second moments of every parameter
     * (DJL's NDList encoding), so that training resumes exactly.
     */
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(FORMAT);
        data.writeLong(step);
        NDList moments = new NDList();
        moments.addAll(firstMoments);
        moments.addAll(secondMoments);
        byte[] encoded = moments.encode();
        data.writeInt(encoded.length);
        data.write(encoded);
        data.flush();
    }

    /**
     * Restores a state written by {@link #save} for the same parameters.
     *
     * @param source named in errors
     * @throws UserError if the stream is truncated, not an optimizer state, or for other parameters
     */
    public void load(InputStream in, String source) {
        try {
            DataInputStream data = new DataInputStream(in);
            if (data.readInt() != FORMAT) {
                throw new UserError(source + " is not an optimizer state written by genmodels");
            }
            long savedStep = data.readLong();
            int length = data.readInt();
            if (length < 0 || length > (1 << 30)) {
                throw new UserError(source + " is corrupt (length " + length + ")");
            }
            byte[] encoded = data.readNBytes(length);
            if (encoded.length != length || data.read() != -1) {
                throw new UserError(source + " is truncated or has trailing bytes; resume from an earlier checkpoint");
            }
            NDManager manager = firstMoments.isEmpty() ? null : firstMoments.get(0).getManager();
            NDList moments = NDList.decode(manager, encoded);
            int n = parameters.size();
            if (moments.size() != 2 * n) {
                throw new UserError(source + " holds the state of " + moments.size() / 2 + " parameters, this model has "
                        + n + "; it belongs to another architecture");
            }
            for (int i = 0; i < n; i++) {
                NDArray m = moments.get(i);
                NDArray v = moments.get(n + i);
                if (!m.getShape().equals(firstMoments.get(i).getShape()) || !v.getShape().equals(secondMoments.get(i).getShape())) {
                    throw new UserError(source + " does not fit this model's parameter shapes; it belongs to another"
                            + " architecture");
                }
            }
            for (int i = 0; i < n; i++) { // the decoded arrays, already in the moments' manager, replace the old
                firstMoments.set(i, moments.get(i)).close();
                secondMoments.set(i, moments.get(n + i)).close();
            }
            step = savedStep;
        } catch (UserError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UserError(source + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); it is truncated or corrupt, resume from an earlier checkpoint", e);
        }
    }
}

package genmodels.optim;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import genmodels.config.OptimizerConfig;
import genmodels.engine.TorchScript;
import genmodels.errors.EnvironmentError;
import genmodels.errors.UserError;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Adam (Kingma &amp; Ba, ICLR 2015), applied by PyTorch's fused kernel ({@code aten::_fused_adam_}:
 * one pass over each parameter tensor on the CPU, one multi-tensor launch on CUDA) through a small
 * TorchScript module, since DJL exposes only a per-tensor update of a dozen operations. The one
 * optimizer of genmodels: networks ({@link #forParameters}) and the gradient fit of a Gaussian
 * mixture ({@link #forArrays}) both use it. It owns its state (moments, step count) so checkpoints
 * can save and restore it exactly.
 *
 * <p>Per step t, elementwise, with g the gradient (PyTorch's {@code torch.optim.Adam}, so the
 * update equals the Python references'; the TorchScript in {@code fused_adam.torchscript} is
 * annotated against these lines):
 *
 * <pre>
 *   g = g + weight_decay * w                                  (L2 penalty; none when 0)
 *   m = beta1 m + (1 - beta1) g                               first moment
 *   v = beta2 v + (1 - beta2) g^2                             second moment
 *   w = w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>With {@code adamw} ({@link OptimizerConfig#decoupled}, Loshchilov &amp; Hutter, ICLR 2019,
 * Algorithm 2; {@code torch.optim.AdamW}) the first line becomes {@code w = w - lr * weight_decay *
 * w}, applied before the moment update, and the gradient is left alone. The rate {@code lr} is
 * passed with each step, so a schedule changes it without recompiling the module.
 *
 * <p>The moments are kept as two flat vectors [N] (N the number of scalar parameters, in the
 * block's parameter order), each parameter's moments being views of them; checkpoints store the
 * two vectors. Parameters any shape, all of one float type, on one device.
 */
public final class Adam {

    private static final int FORMAT = 0x4144414d; // "ADAM"
    private static final int FLAT = 2; // format version: one flat vector per moment

    /** The TorchScript method of the guarded update, annotated against the update equations. */
    static final String SOURCE = "/genmodels/optim/fused_adam.torchscript";

    private final OptimizerConfig config;
    private final List<Supplier<NDArray>> parameters;
    private final Shape[] shapes;
    private final long total;
    private final PtNDManager manager;
    private final PtSymbolBlock kernels;
    private final IValue[] hyperparameters;
    private NDArray firstMoment;
    private NDArray secondMoment;
    private IValue firstMoments;
    private IValue secondMoments;
    private NDArray stepTensor;
    private long step;

    /**
     * @param config learning rate, betas, eps, weight decay
     * @param parameters each returns the current array of one parameter (re-read every step, since
     *     loading weights replaces the arrays)
     * @param manager long-lived manager for the moments and the module
     */
    private Adam(OptimizerConfig config, List<Supplier<NDArray>> parameters, NDManager manager) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("Adam needs at least one parameter");
        }
        this.config = config;
        this.parameters = List.copyOf(parameters);
        this.manager = (PtNDManager) manager;
        this.shapes = new Shape[parameters.size()];
        long n = 0;
        DataType type = null;
        for (int i = 0; i < shapes.length; i++) {
            NDArray w = parameters.get(i).get();
            if (type != null && w.getDataType() != type) {
                throw new IllegalArgumentException(
                        "Adam's parameters must share one type, found " + type + " and " + w.getDataType());
            }
            type = w.getDataType();
            shapes[i] = w.getShape();
            n += w.size();
        }
        this.total = n;
        Device device = parameters.get(0).get().getDevice();
        if (!manager.getDevice().equals(device)) {
            throw new IllegalArgumentException(
                    "Adam's manager is on " + manager.getDevice() + ", the parameters on " + device);
        }
        requireFusedAdam(Engine.getInstance().getVersion(), device);
        this.kernels = TorchScript.load(this.manager, "FusedAdam", methods());
        this.hyperparameters = new IValue[] {
            IValue.from(config.beta1()),
            IValue.from(config.beta2()),
            IValue.from(config.weightDecay()),
            IValue.from(config.eps()),
            IValue.from(config.decoupled())
        };
        setState(manager.zeros(new Shape(total), type, device), manager.zeros(new Shape(total), type, device), 0);
    }

    /**
     * Adam for a network: the block's parameters that require gradients, in the block's order.
     *
     * @param manager long-lived manager on the parameters' device (moments, module)
     */
    public static Adam forParameters(
            OptimizerConfig config, PairList<String, Parameter> parameters, NDManager manager) {
        List<Supplier<NDArray>> arrays = new ArrayList<>();
        for (Pair<String, Parameter> pair : parameters) {
            Parameter p = pair.getValue();
            if (p.requiresGradient()) {
                arrays.add(p::getArray);
            }
        }
        return new Adam(config, arrays, manager);
    }

    /**
     * Adam for arrays that require gradients and are never replaced (the gradient fit of a mixture).
     *
     * @param manager long-lived manager on the arrays' device (moments, module)
     */
    public static Adam forArrays(OptimizerConfig config, List<NDArray> arrays, NDManager manager) {
        List<Supplier<NDArray>> suppliers = new ArrayList<>();
        for (NDArray a : arrays) {
            suppliers.add(() -> a);
        }
        return new Adam(config, suppliers, manager);
    }

    /** Installs moment vectors [N] and a step count, with each parameter's views of the moments. */
    private void setState(NDArray m, NDArray v, long steps) {
        firstMoment = m;
        secondMoment = v;
        if (firstMoments != null) {
            firstMoments.close();
            secondMoments.close();
            stepTensor.close();
        }
        firstMoments = views(m);
        secondMoments = views(v);
        stepTensor = manager.create((float) steps); // on the manager's device, read by the kernel
        step = steps;
    }

    /** @return the list of each parameter's view of a flat vector, shaped like the parameter */
    private IValue views(NDArray flat) {
        try (NDManager scope = manager.newSubManager()) {
            PtNDArray[] out = new PtNDArray[shapes.length];
            long offset = 0;
            for (int i = 0; i < shapes.length; i++) {
                long size = shapes[i].size();
                out[i] = (PtNDArray) flat.get(scope, new NDIndex().addSliceDim(offset, offset + size))
                        .reshape(shapes[i]);
                offset += size;
            }
            return IValue.listFrom(out); // holds the views' storage; the Java handles close with the scope
        }
    }

    /** @return the module's source text, from the jar */
    static String methods() {
        try (InputStream in = Adam.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A guarded step in one call to the engine ({@code fused_adam.torchscript}): the gradients'
     * squared norm, a finiteness check of it, of the objective and of the given terms, clipping to
     * {@code maxNorm} when the norm exceeds it, then the fused update, which libtorch skips (its
     * {@code found_inf}) when anything is not finite, so the weights, the moments and the step count
     * stay as they were. The gradients are zeroed either way. The returned values are the step's
     * one read from the device.
     *
     * @param objective 0-d, what the gradient was taken of
     * @param terms 0-d arrays to check and return (the reported loss terms)
     * @param maxNorm the global L2 norm to clip the gradient to, or null for none
     * @return the objective, the terms and the gradient's squared norm (before clipping)
     */
    public StepResult checkedStep(NDArray objective, List<NDArray> terms, Double maxNorm) {
        return checkedStep(objective, terms, maxNorm, config.lr());
    }

    /**
     * {@link #checkedStep(NDArray, List, Double)} at the learning rate {@code lr} (a schedule's).
     *
     * @param lr this update's learning rate, > 0 (0 only during a warm-up's first update)
     */
    public StepResult checkedStep(NDArray objective, List<NDArray> terms, Double maxNorm, double lr) {
        PtNDArray[] params = new PtNDArray[parameters.size()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (PtNDArray) parameters.get(i).get();
        }
        PtNDArray[] checked = new PtNDArray[terms.size() + 1];
        checked[0] = (PtNDArray) objective;
        for (int i = 0; i < terms.size(); i++) {
            checked[i + 1] = (PtNDArray) terms.get(i);
        }
        double[] values;
        // everything read back lives in a scope closed here, never in the optimizer's long-lived manager
        // (on CUDA each host copy would otherwise stay attached to it for the life of the run)
        try (NDManager scope = manager.newSubManager();
                IValue w = IValue.listFrom(params);
                IValue t = IValue.listFrom(checked);
                IValue s = IValue.from((PtNDArray) stepTensor);
                IValue clip = IValue.from(maxNorm == null ? 0.0 : maxNorm);
                IValue rate = IValue.from(lr);
                IValue result = IValueUtils.runMethod(
                        kernels,
                        "checked_step",
                        w,
                        firstMoments,
                        secondMoments,
                        s,
                        t,
                        rate,
                        hyperparameters[0],
                        hyperparameters[1],
                        hyperparameters[2],
                        hyperparameters[3],
                        clip,
                        hyperparameters[4])) {
            values = result.toTensor((PtNDManager) scope)
                    .toType(DataType.FLOAT64, false)
                    .toDoubleArray();
        }
        StepResult result =
                new StepResult(values[0], Arrays.copyOfRange(values, 1, values.length - 1), values[values.length - 1]);
        if (result.finite()) {
            step++;
        }
        return result;
    }

    /** @return N, the number of scalar parameters */
    public long size() {
        return total;
    }

    /** @return the configuration: the base learning rate, betas, eps, weight decay */
    public OptimizerConfig config() {
        return config;
    }

    /** @return how many updates have been applied */
    public long stepCount() {
        return step;
    }

    /**
     * Writes the state: format, step count, then the two moment vectors (DJL's NDList encoding), so
     * that training resumes exactly.
     */
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(FORMAT);
        data.writeInt(FLAT);
        data.writeLong(step);
        EncodedArrays.write(data, new NDList(firstMoment, secondMoment));
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
            if (data.readInt() != FORMAT || data.readInt() != FLAT) {
                throw new UserError(source + " is not an optimizer state written by this version of genmodels");
            }
            long savedStep = data.readLong();
            NDList moments = EncodedArrays.read(data, manager, source);
            if (moments.size() != 2
                    || !moments.get(0).getShape().equals(new Shape(total))
                    || !moments.get(1).getShape().equals(new Shape(total))) {
                moments.close();
                throw new UserError(source + " does not fit this model's " + parameters.size() + " parameter arrays ("
                        + total + " values); it belongs to another architecture");
            }
            NDArray m =
                    moments.get(0).toType(firstMoment.getDataType(), false).toDevice(firstMoment.getDevice(), false);
            NDArray v =
                    moments.get(1).toType(secondMoment.getDataType(), false).toDevice(secondMoment.getDevice(), false);
            m.attach(manager);
            v.attach(manager);
            NDArray oldM = firstMoment;
            NDArray oldV = secondMoment;
            setState(m, v, savedStep);
            oldM.close();
            oldV.close();
        } catch (UserError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UserError(
                    source + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); it is truncated or corrupt, resume from an earlier checkpoint",
                    e);
        }
    }

    /**
     * libtorch runs {@code aten::_fused_adam_} on the CPU from 2.4 on (CUDA from 2.0): an older
     * libtorch, loaded through {@code PYTORCH_LIBRARY_PATH}, fails here in one line rather than at
     * the first step.
     *
     * @param version libtorch's version, e.g. {@code 2.7.1}
     * @throws EnvironmentError when that libtorch lacks the fused update on {@code device}
     */
    static void requireFusedAdam(String version, Device device) {
        String[] parts = version.split("[.+-]");
        int major;
        int minor;
        try {
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return; // a version we cannot read: let libtorch answer
        }
        int needed = device.isGpu() ? 0 : 4;
        if (major < 2 || (major == 2 && minor < needed)) {
            throw new EnvironmentError(
                    "libtorch " + version + " has no fused Adam on "
                            + (device.isGpu() ? "CUDA" : "the CPU") + ", which training needs: use libtorch 2." + needed
                            + " or newer (unset PYTORCH_LIBRARY_PATH for the bundled 2.7.1)",
                    null);
        }
    }
}

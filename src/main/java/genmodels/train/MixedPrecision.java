package genmodels.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.training.ParameterStore;
import genmodels.engine.TorchScript;
import genmodels.errors.UserError;

/**
 * bfloat16 mixed precision without autocast (DJL has none): the training step runs the model with
 * this parameter store, which hands each layer a bfloat16 cast of its float32 weights and biases
 * (the cast is part of the graph, so the gradient reaches the float32 master weights as float32,
 * and Adam's state stays float32); the networks cast their input to bfloat16 at their entry and
 * their output back to float32 ({@link genmodels.models.ComputeType}), so losses, reductions, the
 * KL and the log-likelihood are computed in float32, as PyTorch's {@code
 * torch.autocast(dtype=torch.bfloat16)} with a float32 optimizer does. Normalisation parameters
 * and running statistics are not cast (PyTorch's normalisation kernels take a bfloat16 input with
 * float32 parameters).
 *
 * <p>The cast to bfloat16 is a TorchScript {@code forward} ({@code torch.to(x, torch.bfloat16)}),
 * run with autograd recording: DJL 0.35's native layer has no bfloat16 in its type table (its
 * {@code toType(BFLOAT16)} ends the process) and reports such arrays' type as {@code UNKNOWN};
 * the cast back to float32 is another such forward, since DJL's {@code toType} from a type it
 * reads as UNKNOWN leaves the graph.
 */
public final class MixedPrecision extends ParameterStore {

    /** torch.bfloat16's and torch.float32's ScalarType codes in libtorch (c10/core/ScalarType.h). */
    private static final int BFLOAT16 = 15;

    private static final int FLOAT32 = 6;

    private final PtSymbolBlock cast;
    private final PtSymbolBlock back;
    private NDManager scope;

    /**
     * @param manager the manager of the store the model otherwise runs with
     */
    public MixedPrecision(NDManager manager) {
        super(manager, false);
        this.cast = castModule(manager, "ToBfloat16", BFLOAT16);
        this.back = castModule(manager, "ToFloat32", FLOAT32);
    }

    private static PtSymbolBlock castModule(NDManager manager, String name, int type) {
        return TorchScript.loadWithForward(
                (PtNDManager) manager,
                name,
                "  def forward(self: __torch__." + name + ", x: Tensor) -> Tensor:\n    return torch.to(x, " + type
                        + ")\n");
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray value = super.getValue(parameter, device, training);
        Parameter.Type type = parameter.getType();
        boolean cast = type == Parameter.Type.WEIGHT || type == Parameter.Type.BIAS;
        return cast ? toBfloat16(value, scope != null ? scope : value.getManager()) : value;
    }

    /**
     * Makes the weights' bfloat16 copies belong to {@code step}, closed after the training step
     * (they would otherwise join the weights' long-lived manager, one set per step).
     */
    void castInto(NDManager step) {
        this.scope = step;
    }

    /** @return {@code x} in bfloat16, a differentiable cast, owned by {@code owner} */
    private NDArray toBfloat16(NDArray x, NDManager owner) {
        return run(cast, x, owner);
    }

    private static NDArray run(PtSymbolBlock module, NDArray x, NDManager owner) {
        NDArray out = IValueUtils.forward(module, new NDList(x), true).singletonOrThrow();
        out.attach(owner);
        return out;
    }

    /**
     * @return {@code x} (a network's output) back in float32 under this store, {@code x} itself
     *     under another: a differentiable cast (DJL's {@code toType} from a type it reads as
     *     UNKNOWN cuts the graph)
     */
    public static NDArray toFloat32(ParameterStore store, NDArray x) {
        return store instanceof MixedPrecision mixed ? run(mixed.back, x, x.getManager()) : x;
    }

    /**
     * @return {@code x} cast to the type a network computes in under {@code store}: bfloat16 under
     *     this store, {@code x} itself otherwise
     */
    public static NDArray toComputeType(ParameterStore store, NDArray x) {
        return store instanceof MixedPrecision mixed ? mixed.toBfloat16(x, x.getManager()) : x;
    }

    /**
     * Refuses bf16 where the engine or device cannot multiply bfloat16 matrices.
     *
     * @throws UserError saying how to fall back
     */
    public static void requireSupport(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            MixedPrecision store = new MixedPrecision(scope);
            NDArray a = store.toBfloat16(scope.ones(new Shape(4, 4)), scope);
            float product = toFloat32(store, a.matMul(a)).getFloat(0, 0);
            if (product != 4f) {
                throw new IllegalStateException("a bfloat16 product came out as " + product + ", not 4");
            }
        } catch (RuntimeException e) {
            throw new UserError("train.precision bf16: the engine cannot compute in bfloat16 on " + manager.getDevice()
                    + " (" + e.getMessage() + "); use --set train.precision=fp32");
        }
    }
}

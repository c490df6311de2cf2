package genmodels.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import genmodels.errors.UserError;

/**
 * bfloat16 mixed precision without autocast (DJL has none): the training step runs the model with
 * this parameter store, which hands each layer a bfloat16 cast of its float32 weights and biases
 * (the cast is part of the graph, so the gradient reaches the float32 master weights as float32,
 * and Adam's state stays float32); the networks cast their input to the store's {@link
 * #computeType} and their output back to float32 ({@link genmodels.models.ComputeType}), so losses,
 * reductions, the KL and the log-likelihood are computed in float32, as PyTorch's {@code
 * torch.autocast(dtype=torch.bfloat16)} with a float32 optimizer does. Normalisation parameters
 * and running statistics are not cast (PyTorch's normalisation kernels take a bfloat16 input with
 * float32 parameters).
 */
public final class MixedPrecision extends ParameterStore {

    /**
     * @param manager the manager of the store the model otherwise runs with
     */
    public MixedPrecision(NDManager manager) {
        super(manager, false);
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray value = super.getValue(parameter, device, training);
        Parameter.Type type = parameter.getType();
        boolean cast = type == Parameter.Type.WEIGHT || type == Parameter.Type.BIAS;
        return cast ? value.toType(DataType.BFLOAT16, false) : value;
    }

    /** @return the type a network computes in under {@code store}: bfloat16 here, float32 otherwise */
    public static DataType computeType(ParameterStore store) {
        return store instanceof MixedPrecision ? DataType.BFLOAT16 : DataType.FLOAT32;
    }

    /**
     * Refuses bf16 where the engine or device cannot multiply bfloat16 matrices.
     *
     * @throws UserError saying how to fall back
     */
    public static void requireSupport(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = scope.ones(new Shape(4, 4), DataType.BFLOAT16);
            NDList out = new NDList(a.matMul(a).toType(DataType.FLOAT32, false));
            if (out.singletonOrThrow().getFloat(0, 0) != 4f) {
                throw new IllegalStateException("a bfloat16 product came out wrong");
            }
        } catch (RuntimeException e) {
            throw new UserError("train.precision bf16: the engine cannot compute in bfloat16 on " + manager.getDevice()
                    + " (" + e.getMessage() + "); use --set train.precision=fp32");
        }
    }
}

package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import genmodels.train.MixedPrecision;
import java.io.DataInputStream;
import java.io.DataOutputStream;

/**
 * The edges of a network under mixed precision: {@link #input} casts what enters to the type the
 * parameter store computes in ({@link MixedPrecision#toComputeType}: bfloat16 in a bf16 training
 * step, unchanged otherwise), {@link #output} casts what leaves back to float32. In float32 both are
 * the identity (no copy), so a float32 run computes exactly what it did without them. They have no
 * parameters and write nothing to a parameter file, so weights saved before they existed still load.
 */
public final class ComputeType extends AbstractBlock {

    private final boolean entering;

    private ComputeType(boolean entering) {
        this.entering = entering;
    }

    /** @return the block that casts a network's input to the store's compute type */
    public static ComputeType input() {
        return new ComputeType(true);
    }

    /** @return the block that casts a network's output to float32 */
    public static ComputeType output() {
        return new ComputeType(false);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = new NDList(inputs.size());
        for (NDArray x : inputs) {
            DataType type = x.getDataType();
            if (entering) {
                out.add(type == DataType.FLOAT32 ? MixedPrecision.toComputeType(store, x) : x);
            } else {
                out.add(MixedPrecision.toFloat32(store, x));
            }
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public void saveParameters(DataOutputStream os) {
        // nothing: no parameters, and no trace in the file
    }

    @Override
    public void loadParameters(ai.djl.ndarray.NDManager manager, DataInputStream is) {
        // nothing was written
    }
}

package genmodels.models;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.function.Function;

/** Multi-layer perceptrons built from DJL {@link Linear} blocks. */
public final class Mlp {

    private Mlp() {}

    /** Activation names a config may use. */
    public static final String[] ACTIVATIONS = {"leaky_relu", "relu", "sigmoid", "identity"};

    /**
     * @param name {@code leaky_relu} (slope 0.01 below zero, as PyTorch's default), {@code relu},
     *     {@code sigmoid} or {@code identity} (none: a linear network)
     * @return the activation as a block function
     */
    public static Function<NDList, NDList> activation(String name) {
        switch (name) {
            case "relu":
                return Activation::relu;
            case "sigmoid":
                return Activation::sigmoid;
            case "leaky_relu":
                return arrays -> Activation.leakyRelu(arrays, 0.01f);
            case "identity":
                return arrays -> arrays;
            default:
                throw new IllegalArgumentException("unknown activation " + name);
        }
    }

    /**
     * Builds {@code Linear(sizes[1]) -> act -> Linear(sizes[2]) -> act -> ... -> Linear(sizes[n-1])}:
     * an activation between layers and none after the last.
     *
     * <p>Weights and biases start as in PyTorch's {@code nn.Linear}: uniform on
     * {@code [-1/sqrt(fan_in), 1/sqrt(fan_in)]} (He et al. 2015's uniform with a = sqrt(5)), so
     * results are comparable with PyTorch references.
     *
     * @param sizes layer widths including the input, e.g. [784, 400, 40]; at least two entries
     * @param activation applied between layers, e.g. {@link Activation#relu(NDList)}
     * @return the block; input [batch, sizes[0]], output [batch, sizes[n-1]] in float32 (computed in
     *     the parameter store's {@link ComputeType})
     */
    public static SequentialBlock of(List<Integer> sizes, Function<NDList, NDList> activation) {
        return of(sizes, activation, "pytorch");
    }

    /**
     * {@link #of(List, Function)} with a chosen initialisation.
     *
     * @param init {@code pytorch} or {@code xavier} ({@link Architecture})
     */
    public static SequentialBlock of(List<Integer> sizes, Function<NDList, NDList> activation, String init) {
        if (sizes.size() < 2) {
            throw new IllegalArgumentException("an MLP needs an input and an output size, got " + sizes);
        }
        SequentialBlock block = new SequentialBlock().add(ComputeType.input());
        for (int i = 1; i < sizes.size(); i++) {
            block.add(Architecture.initialised(
                    Linear.builder().setUnits(sizes.get(i)).build(), init, sizes.get(i - 1)));
            if (i < sizes.size() - 1) {
                block.add(activation);
            }
        }
        return block.add(ComputeType.output());
    }
}

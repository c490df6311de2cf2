package genmodels.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.util.Pair;
import genmodels.engine.TorchScript;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a network's weights, kept in a second network of the same
 * architecture: after step n, average = d_n average + (1 - d_n) current with d_n = min(decay, (1 +
 * n) / (10 + n)) (the warm-up of TensorFlow's ExponentialMovingAverage with num_updates, so early
 * averages are not dominated by the initial weights). Ho et al. (2020) sample with such an average
 * (decay 0.9999). The update is one {@code torch._foreach_lerp_} call over all tensors.
 */
final class WeightAverage {

    private static final String METHODS = """
              def lerp_(self: __torch__.WeightAverage, average: List[Tensor], current: List[Tensor],
                  weight: float) -> NoneType:
                torch._foreach_lerp_(average, current, weight)
                return None
            """;

    private final Block average;
    private final Block current;
    private final double decay;
    private final PtSymbolBlock kernels;

    /**
     * @param average the network holding the average (its parameters frozen)
     * @param current the trained network, of the same architecture
     * @param decay the largest per-step decay
     */
    WeightAverage(Block average, Block current, double decay, PtNDManager manager) {
        this.average = average;
        this.current = current;
        this.decay = decay;
        this.kernels = TorchScript.load(manager, "WeightAverage", METHODS);
    }

    /** @return the decay applied after step {@code n} */
    double decayAt(long n) {
        return Math.min(decay, (1.0 + n) / (10.0 + n));
    }

    /** Moves the average towards the current weights after step {@code n}. */
    void update(long n) {
        lerp(1 - decayAt(n));
    }

    /** Sets the average to the current weights. */
    void copy() {
        lerp(1);
    }

    private void lerp(double weight) {
        try (IValue a = IValue.listFrom(arrays(average));
                IValue c = IValue.listFrom(arrays(current));
                IValue w = IValue.from(weight);
                IValue result = IValueUtils.runMethod(kernels, "lerp_", a, c, w)) {
            // in place
        }
    }

    private static PtNDArray[] arrays(Block block) {
        List<PtNDArray> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            out.add((PtNDArray) array);
        }
        return out.toArray(new PtNDArray[0]);
    }
}

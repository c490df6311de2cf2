package genmodels.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import genmodels.engine.TorchScript;
import genmodels.errors.UserError;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An exponential moving average of a network's weights (Polyak averaging as DDPM, DCGAN and
 * StyleGAN recipes use it): after update n (n = 1 for the first),
 *
 * <pre>
 *   average = d_n average + (1 - d_n) weights,   d_n = min(decay, (1 + n) / (10 + n)) with warm-up, decay without
 * </pre>
 *
 * <p>The warm-up is TensorFlow's ExponentialMovingAverage with {@code num_updates}, so early averages
 * are not dominated by the initial weights; Ho et al. (2020) sample with such an average (decay
 * 0.9999). Each update is one {@code torch._foreach_lerp_} call over all tensors. Only the weights
 * that are trained are averaged (batch normalisation's running statistics stay the network's). The
 * average is part of a checkpoint ({@link #save}, {@link #load}), so a resumed run goes on with the
 * same average.
 */
public final class WeightAverage {

    private static final int FORMAT = 0x454d4157; // "EMAW"

    private static final String METHODS = """
              def lerp_(self: __torch__.WeightAverage, average: List[Tensor], current: List[Tensor],
                  weight: float) -> NoneType:
                torch._foreach_lerp_(average, current, weight)
                return None
              def swap_(self: __torch__.WeightAverage, a: List[Tensor], b: List[Tensor]) -> NoneType:
                for _0 in range(torch.len(a)):
                  held = torch.clone(torch.detach(a[_0]))
                  _1 = torch.copy_(torch.detach(a[_0]), b[_0])
                  _2 = torch.copy_(torch.detach(b[_0]), held)
                return None
            """;

    private final List<Supplier<NDArray>> current;
    private List<NDArray> owned;
    private final List<Supplier<NDArray>> average;
    private final double decay;
    private final boolean warmup;
    private final PtNDManager manager;
    private final PtSymbolBlock kernels;

    private WeightAverage(
            List<Supplier<NDArray>> average,
            List<Supplier<NDArray>> current,
            double decay,
            boolean warmup,
            NDManager manager) {
        this.average = average;
        this.current = current;
        this.decay = decay;
        this.warmup = warmup;
        this.manager = (PtNDManager) manager;
        this.kernels = TorchScript.load(this.manager, "WeightAverage", METHODS);
    }

    /**
     * An average kept in arrays of its own, starting at the current weights.
     *
     * @param parameters the network's parameters; those that require gradients are averaged
     * @param decay the largest per-update decay, in (0, 1)
     * @param warmup whether the decay warms up as above
     * @param manager long-lived manager on the parameters' device
     */
    public static WeightAverage of(
            PairList<String, Parameter> parameters, double decay, boolean warmup, NDManager manager) {
        List<Supplier<NDArray>> current = new ArrayList<>();
        for (Pair<String, Parameter> p : parameters) {
            if (p.getValue().requiresGradient()) {
                current.add(p.getValue()::getArray);
            }
        }
        List<Supplier<NDArray>> average = new ArrayList<>();
        WeightAverage out = new WeightAverage(average, current, decay, warmup, manager);
        out.owned = new ArrayList<>();
        for (int i = 0; i < current.size(); i++) {
            NDArray copy = current.get(i).get().duplicate();
            copy.attach(manager);
            out.owned.add(copy);
            int index = i;
            average.add(() -> out.owned.get(index));
        }
        return out;
    }

    /**
     * An average kept in the parameters of a second network of the same architecture (the diffusion
     * model's, whose sampler is that network); call {@link #copy} to start it at the weights.
     *
     * @param average the second network's parameters, in the order of {@code current}'s
     */
    public static WeightAverage between(
            List<Parameter> average, List<Parameter> current, double decay, NDManager manager) {
        List<Supplier<NDArray>> a = new ArrayList<>();
        List<Supplier<NDArray>> c = new ArrayList<>();
        average.forEach(p -> a.add(p::getArray));
        current.forEach(p -> c.add(p::getArray));
        return new WeightAverage(a, c, decay, true, manager);
    }

    /** @return the decay applied after update {@code n} */
    public double decayAt(long n) {
        return warmup ? Math.min(decay, (1.0 + n) / (10.0 + n)) : decay;
    }

    /** Moves the average towards the current weights after update {@code n} (1 for the first). */
    public void update(long n) {
        lerp(1 - decayAt(n));
    }

    /** Sets the average to the current weights (a lerp with weight 1 is exact). */
    public void copy() {
        lerp(1);
    }

    /**
     * Exchanges the values of the network's weights and of the average: call it once to evaluate or
     * save the averaged weights, and once more to go back. Exact (copies, no arithmetic).
     */
    public void swap() {
        try (IValue a = IValue.listFrom(arrays(current));
                IValue b = IValue.listFrom(arrays(average));
                IValue result = IValueUtils.runMethod(kernels, "swap_", a, b)) {
            // in place
        }
    }

    private void lerp(double weight) {
        try (IValue a = IValue.listFrom(arrays(average));
                IValue c = IValue.listFrom(arrays(current));
                IValue w = IValue.from(weight);
                IValue result = IValueUtils.runMethod(kernels, "lerp_", a, c, w)) {
            // in place
        }
    }

    private static PtNDArray[] arrays(List<Supplier<NDArray>> arrays) {
        PtNDArray[] out = new PtNDArray[arrays.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (PtNDArray) arrays.get(i).get();
        }
        return out;
    }

    /** Writes the averaged arrays (format, then DJL's NDList encoding). */
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(FORMAT);
        NDList list = new NDList();
        average.forEach(a -> list.add(a.get()));
        EncodedArrays.write(data, list);
    }

    /**
     * Restores arrays written by {@link #save} for the same network.
     *
     * @param source named in errors
     * @throws UserError when the stream is not such a file, or is for another network
     */
    public void load(InputStream in, String source) {
        try {
            DataInputStream data = new DataInputStream(in);
            if (data.readInt() != FORMAT) {
                throw new UserError(source + " is not a weight average written by this version of genmodels");
            }
            NDList arrays = EncodedArrays.read(data, manager, source);
            if (arrays.size() != average.size()) {
                throw new UserError(source + " holds " + arrays.size() + " arrays but the network trains "
                        + average.size() + "; it belongs to another architecture");
            }
            for (int i = 0; i < arrays.size(); i++) {
                NDArray own = average.get(i).get();
                if (!arrays.get(i).getShape().equals(own.getShape())) {
                    throw new UserError(source + " does not fit this network (array " + i + " is "
                            + arrays.get(i).getShape() + ", the network's " + own.getShape() + ")");
                }
            }
            for (int i = 0; i < arrays.size(); i++) {
                NDArray loaded = arrays.get(i).toDevice(manager.getDevice(), false);
                loaded.attach(manager);
                owned.get(i).close();
                owned.set(i, loaded);
            }
        } catch (UserError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UserError(
                    source + " cannot be read (" + e.getMessage() + "); it is truncated or corrupt,"
                            + " resume from an earlier checkpoint",
                    e);
        }
    }
}

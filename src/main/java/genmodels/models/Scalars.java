package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scalar constants of a model's maths (1/2, 1, 1/batch, beta, ...), each created once as a
 * float32 array on the model's device and kept for the model's life.
 *
 * <p>Two reasons, both measured (docs/dev/engine.md): DJL's {@code x.mul(0.5f)} wraps the number in a
 * tensor over a Java buffer that it frees right after the call, while the autograd graph still
 * reads it in backward (after a garbage collection between forward and backward the gradients
 * came out wrong); and every such scalar is a host-to-device copy, a stream synchronisation on a
 * GPU. A constant held here lives as long as the manager the model's parameters live in.
 */
public final class Scalars {

    private final NDManager manager;
    private final Map<Float, NDArray> arrays = new ConcurrentHashMap<>();

    /** @param manager a long-lived manager on the model's device (the one its parameters live in) */
    public Scalars(NDManager manager) {
        this.manager = manager;
    }

    /**
     * @param value any finite number
     * @return the 0-d float32 array holding {@code (float) value}, the same array on every call
     */
    public NDArray of(double value) {
        return arrays.computeIfAbsent((float) value, v -> manager.create(v.floatValue()));
    }
}

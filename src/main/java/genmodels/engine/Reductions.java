package genmodels.engine;

import ai.djl.ndarray.NDArray;

/** Reductions the engine lacks: DJL's NDArray has no logsumexp. */
public final class Reductions {

    private Reductions() {}

    /**
     * {@code log sum_k exp(a[:, k])}, computed as {@code m + log sum_k exp(a[:, k] - m)} with m the
     * row maximum, so no exp overflows. The maximum is detached from the autograd graph: the
     * result's gradient, softmax(a), flows through the shifted terms alone (it is the same either
     * way; detaching skips a backward through max).
     *
     * @param a [n, k], any float type
     * @return [n], same type
     */
    public static NDArray logSumExp(NDArray a) {
        NDArray max = a.max(new int[] {1}, true).stopGradient();
        return a.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1));
    }
}

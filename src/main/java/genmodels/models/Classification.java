package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** The terms of a classifier head: softmax cross-entropy and the count of correct predictions. */
public final class Classification {

    private Classification() {}

    /**
     * Cross-entropy of softmax class probabilities, {@code -log softmax(logits)[label]}.
     *
     * @param logits [batch, classes]
     * @param labels int32 [batch]
     * @return [batch], nats
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray index = labels.toType(DataType.INT64, false).reshape(-1, 1);
        return logits.logSoftmax(1).gather(index, 1).reshape(-1).neg();
    }

    /** @return scalar float, how many rows of {@code logits} have their maximum at the label */
    public static NDArray correct(NDArray logits, NDArray labels) {
        return logits.argMax(1)
                .toType(DataType.INT32, false)
                .eq(labels)
                .toType(DataType.FLOAT32, false)
                .sum();
    }
}

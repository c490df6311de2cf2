package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * What a model's loss returns for one batch: the scalar the optimizer minimises, and each reported
 * term summed over the batch, so that metrics, logs and tests see every part.
 *
 * @param objective scalar, the training objective averaged over the images of the batch (what
 *     backward is called on)
 * @param sums named terms, each a scalar summed over the images of the batch (nats for likelihood
 *     terms); insertion order is the reporting order, the first being the headline metric
 */
public record LossTerms(NDArray objective, Map<String, NDArray> sums) {

    public LossTerms {
        sums = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sums));
    }

    /**
     * @param names the model's term names ({@link TrainableModel#termNames})
     * @return the term sums in the order of {@code names}, whatever order the loss put them in
     * @throws IllegalStateException if the loss does not report exactly the named terms
     */
    public NDList inOrder(List<String> names) {
        if (!sums.keySet().equals(new HashSet<>(names))) {
            throw new IllegalStateException("the loss reports " + sums.keySet() + " but the model names " + names);
        }
        NDList ordered = new NDList();
        for (String name : names) {
            ordered.add(sums.get(name));
        }
        return ordered;
    }
}

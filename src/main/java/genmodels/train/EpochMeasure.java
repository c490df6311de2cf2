package genmodels.train;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Figures measured after each epoch's evaluation, added as their own split of the epoch's metrics
 * (a sampler's {@code samples: class_entropy, fd_validation}). The measure may draw from the
 * engine's generator: the loop reseeds it before every batch.
 */
public final class EpochMeasure implements TrainingListener {

    private final String split;
    private final Supplier<Map<String, Double>> measure;

    /**
     * @param split the name the figures appear under
     * @param measure computes the figures, term name to value
     */
    public EpochMeasure(String split, Supplier<Map<String, Double>> measure) {
        this.split = split;
        this.measure = measure;
    }

    @Override
    public void onEpochEvaluated(int epoch, Map<String, Map<String, Double>> metrics) {
        metrics.put(split, measure.get());
    }
}

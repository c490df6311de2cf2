package genmodels.config;

/**
 * The {@code train.ema} section: an exponential moving average of the trained weights, which the
 * run's pictures, its evaluation, {@code sample}, {@code evaluate} and {@code encode} use.
 *
 * @param decay the per-update decay d in [0, 1): after each update, average = d average + (1 - d)
 *     weights; 0 turns the average off (null means 0)
 * @param warmup whether the decay of update n is min(d, (1 + n) / (10 + n)), so that early
 *     averages are not dominated by the initial weights (TensorFlow's ExponentialMovingAverage with
 *     {@code num_updates}; null means true)
 */
public record WeightAveraging(Double decay, Boolean warmup) {

    /** The default: no average. */
    public static final WeightAveraging OFF = new WeightAveraging(0.0, true);

    public WeightAveraging {
        decay = decay == null ? 0.0 : decay;
        if (!Double.isFinite(decay) || decay < 0 || decay >= 1) {
            throw new ConfigException(
                    "decay", "must be in [0, 1) (0 turns the average off; 0.999 or 0.9999 are usual), found " + decay);
        }
        warmup = warmup == null ? Boolean.TRUE : warmup;
    }

    /** @return whether an average is kept */
    public boolean on() {
        return decay > 0;
    }
}

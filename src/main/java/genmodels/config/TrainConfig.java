package genmodels.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code train} section.
 *
 * <p>Runs written before the model contract hold {@code train.kl_warmup_epochs} (0 for every
 * model but a VAE with warm-up, which now reads {@code model.kl_warmup_epochs}); the key is
 * accepted and ignored here so those run directories still load.
 *
 * @param epochs passes over the training set, in [1, 100000]
 * @param batchSize images per optimizer step, in [1, 1048576]
 * @param optimizer the optimizer and its hyper-parameters
 * @param seed seeds weight initialisation, shuffling and sampling noise, in [0, 2^31 - 1]
 * @param gradClip rescale the gradients whenever their global L2 norm exceeds this, or null
 * @param earlyStopping stop when the validation headline figure stops improving, or null
 * @param lrSchedule the learning rate of each update (null means constant)
 * @param ema the average of the weights that sampling and evaluation use (null means none)
 * @param accumulate K: gradients of K consecutive batches summed into one update, so the effective
 *     batch is {@code batch_size x K}, in [1, 4096] (null means 1)
 * @param precision {@code fp32}, or {@code bf16}: forward and backward in bfloat16 with float32
 *     weights, optimizer state, losses and reductions (null means fp32)
 */
@JsonIgnoreProperties({"kl_warmup_epochs"})
public record TrainConfig(
        int epochs,
        int batchSize,
        OptimizerConfig optimizer,
        int seed,
        Double gradClip,
        EarlyStopping earlyStopping,
        LrSchedule lrSchedule,
        WeightAveraging ema,
        Integer accumulate,
        String precision) {

    /** {@code precision} values. */
    public static final String[] PRECISIONS = {"fp32", "bf16"};

    public TrainConfig {
        Checks.inRange("epochs", epochs, 1, 100_000);
        Checks.inRange("batch_size", batchSize, 1, 1 << 20);
        Checks.present("optimizer", optimizer);
        Checks.inRange("seed", seed, 0, Integer.MAX_VALUE);
        if (gradClip != null) {
            Checks.aboveAtMost("grad_clip", gradClip, 0, 1e9);
        }
        lrSchedule = lrSchedule == null ? LrSchedule.CONSTANT : lrSchedule;
        ema = ema == null ? WeightAveraging.OFF : ema;
        accumulate = accumulate == null ? 1 : accumulate;
        Checks.inRange("accumulate", accumulate, 1, 4096);
        precision = precision == null ? "fp32" : precision;
        Checks.oneOf("precision", precision, PRECISIONS);
    }

    /** A section with today's recipe: constant rate, no average, no accumulation, float32. */
    public TrainConfig(
            int epochs, int batchSize, OptimizerConfig optimizer, int seed, Double gradClip, EarlyStopping stopping) {
        this(epochs, batchSize, optimizer, seed, gradClip, stopping, null, null, null, null);
    }

    /** A section without gradient clipping or early stopping. */
    public TrainConfig(int epochs, int batchSize, OptimizerConfig optimizer, int seed) {
        this(epochs, batchSize, optimizer, seed, null, null);
    }

    /** @return this section with another schedule, average, accumulation and precision (tests, benchmarks) */
    public TrainConfig withRecipe(LrSchedule schedule, WeightAveraging average, int k, String type) {
        return new TrainConfig(epochs, batchSize, optimizer, seed, gradClip, earlyStopping, schedule, average, k, type);
    }

    /** @return whether the forward and backward passes run in bfloat16 */
    public boolean bf16() {
        return precision.equals("bf16");
    }

    /**
     * The {@code train.early_stopping} section: stop when the validation headline figure has not
     * improved by more than {@code min_delta} for {@code patience} epochs; the best epoch's model is
     * kept.
     *
     * @param patience epochs without improvement before stopping, >= 1
     * @param minDelta the smallest change that counts as an improvement, >= 0
     */
    public record EarlyStopping(int patience, double minDelta) {
        public EarlyStopping {
            Checks.inRange("patience", patience, 1, 100_000);
            Checks.inRange("min_delta", minDelta, 0, 1e9);
        }
    }
}

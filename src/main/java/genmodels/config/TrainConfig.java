package genmodels.config;

/**
 * The {@code train} section.
 *
 * @param epochs passes over the training set, in [1, 100000]
 * @param batchSize images per optimizer step, in [1, 1048576]
 * @param optimizer the optimizer and its hyper-parameters
 * @param seed seeds weight initialisation, shuffling and sampling noise, in [0, 2^31 - 1]
 * @param gradClip rescale the gradients whenever their global L2 norm exceeds this, or null
 * @param earlyStopping stop when the validation loss stops improving, or null
 * @param klWarmupEpochs epochs over which a VAE's KL weight rises linearly from 0 to 1 (Sønderby
 *     et al. 2016); 0 (or absent) for none. Models without a KL term ignore it.
 */
public record TrainConfig(int epochs, int batchSize, OptimizerConfig optimizer, int seed, Double gradClip,
        EarlyStopping earlyStopping, Integer klWarmupEpochs) {

    public TrainConfig {
        Checks.inRange("epochs", epochs, 1, 100_000);
        Checks.inRange("batch_size", batchSize, 1, 1 << 20);
        Checks.present("optimizer", optimizer);
        Checks.inRange("seed", seed, 0, Integer.MAX_VALUE);
        if (gradClip != null) {
            Checks.aboveAtMost("grad_clip", gradClip, 0, 1e9);
        }
        klWarmupEpochs = klWarmupEpochs == null ? 0 : klWarmupEpochs; // absent from the configs of models without a KL
        Checks.inRange("kl_warmup_epochs", klWarmupEpochs, 0, 100_000);
    }

    /** A section without KL warm-up. */
    public TrainConfig(int epochs, int batchSize, OptimizerConfig optimizer, int seed, Double gradClip,
            EarlyStopping earlyStopping) {
        this(epochs, batchSize, optimizer, seed, gradClip, earlyStopping, 0);
    }

    /** A section without gradient clipping or early stopping. */
    public TrainConfig(int epochs, int batchSize, OptimizerConfig optimizer, int seed) {
        this(epochs, batchSize, optimizer, seed, null, null);
    }

    /** @return the same section with another number of epochs */
    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(newEpochs, batchSize, optimizer, seed, gradClip, earlyStopping, klWarmupEpochs);
    }

    /**
     * The {@code train.early_stopping} section: stop when the validation objective has not improved
     * by more than {@code min_delta} for {@code patience} epochs; the best epoch's model is kept.
     *
     * @param patience epochs without improvement before stopping, >= 1
     * @param minDelta the smallest decrease that counts as an improvement, >= 0
     */
    public record EarlyStopping(int patience, double minDelta) {
        public EarlyStopping {
            Checks.inRange("patience", patience, 1, 100_000);
            Checks.inRange("min_delta", minDelta, 0, 1e9);
        }
    }
}

package genmodels.config;

/**
 * The {@code train} section.
 *
 * @param epochs passes over the training set, in [1, 100000]
 * @param batchSize images per optimizer step, in [1, 1048576]
 * @param optimizer the optimizer and its hyper-parameters
 * @param seed seeds weight initialisation, shuffling and sampling noise, in [0, 2^31 - 1]
 */
public record TrainConfig(int epochs, int batchSize, OptimizerConfig optimizer, int seed) {

    public TrainConfig {
        Checks.inRange("epochs", epochs, 1, 100_000);
        Checks.inRange("batch_size", batchSize, 1, 1 << 20);
        Checks.present("optimizer", optimizer);
        Checks.inRange("seed", seed, 0, Integer.MAX_VALUE);
    }
}

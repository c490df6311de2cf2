package genmodels.train;

import java.util.Map;

/**
 * What one epoch measured.
 *
 * @param epoch 1-based
 * @param metrics split name ({@code train}, {@code validation}, {@code test}) to term name to mean
 *     per image; train is the running mean over the epoch's batches, the others a pass after it
 * @param trainSeconds wall-clock seconds of the training pass (evaluation excluded)
 * @param imagesPerSecond training images divided by trainSeconds
 * @param residentMb the process's resident memory after the epoch, MB (-1 off Linux)
 */
public record EpochResult(
        int epoch,
        Map<String, Map<String, Double>> metrics,
        double trainSeconds,
        double imagesPerSecond,
        double residentMb) {}

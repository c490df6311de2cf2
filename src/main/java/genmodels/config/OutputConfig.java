package genmodels.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code output} section.
 *
 * @param dir the run directory, or null for {@code runs/<command>-<timestamp>}
 * @param sampleEvery training: write image grids every N epochs (0: only after the last epoch);
 *     the last epoch always gets them
 * @param checkpointEvery training: write a full checkpoint every N epochs (null: 1); the last
 *     epoch and an interruption always get one
 * @param keepCheckpoints training: how many of the newest epoch checkpoints to keep (null: 2)
 * @param samples density commands: how many points to draw from the fitted density (null: 64)
 * @param assignments fit-gmm: also write each point's component and responsibilities (null: false)
 * @param gridScale training: screen pixels per image pixel in the sample and reconstruction grids
 *     (null: 1)
 * @param snapshots fit-gmm on 2-D points with EM: the iterations (0 = the initialisation) at which
 *     em_snapshots.png shows the mixture, e.g. [0, 1, 3, 5, 16] (null: none; at most 12)
 * @param classifier training a GAN or a diffusion model: the run directory of a {@code
 *     train-classifier} run; each epoch, 1,000 samples are classified and the entropy of their
 *     predicted classes (nats; ln 10 = 2.303 when every digit is as frequent, lower under mode
 *     collapse) goes into metrics.csv as {@code class_entropy} of the split {@code samples} (null: none)
 * @param interpolation training a model with codes: the two test images (0-based indices)
 *     interpolation.png runs between, e.g. [0, 7] (null: the first test image and the first one of
 *     another class)
 * @param tensorboard training: write TensorBoard event files into RUN/tensorboard/ (null: true)
 * @param features {@code evaluate} of this run: a TorchScript feature network ({@code .pt}) whose
 *     Fréchet distance is reported beside the classifier's when {@code --features} is not given
 *     (FID with the network {@code scripts/export-fid-inception.py} exports); null: none
 */
public record OutputConfig(
        String dir,
        int sampleEvery,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer checkpointEvery,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer keepCheckpoints,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer samples,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean assignments,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer gridScale,
        @JsonInclude(JsonInclude.Include.NON_NULL) String classifier,
        @JsonInclude(JsonInclude.Include.NON_NULL) java.util.List<Integer> snapshots,
        @JsonInclude(JsonInclude.Include.NON_NULL) java.util.List<Integer> interpolation,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean tensorboard,
        @JsonInclude(JsonInclude.Include.NON_NULL) String features) {

    /** @return whether training writes TensorBoard event files into RUN/tensorboard/ (default: yes) */
    public boolean writesTensorBoard() {
        return tensorboard == null || tensorboard;
    }

    public OutputConfig {
        if (dir != null && dir.isBlank()) {
            throw new ConfigException("dir", "must be a folder path or null, found an empty string");
        }
        Checks.inRange("sample_every", sampleEvery, 0, 100_000);
        if (checkpointEvery != null) {
            Checks.inRange("checkpoint_every", checkpointEvery, 1, 100_000);
        }
        if (keepCheckpoints != null) {
            Checks.inRange("keep_checkpoints", keepCheckpoints, 1, 100_000);
        }
        if (samples != null) {
            Checks.inRange("samples", samples, 0, 1_000_000);
        }
        if (gridScale != null) {
            Checks.inRange("grid_scale", gridScale, 1, 16);
        }
        if (snapshots != null) {
            if (snapshots.isEmpty() || snapshots.size() > 12) {
                throw new ConfigException("snapshots", "list 1 to 12 EM iterations, e.g. [0, 1, 3, 5, 16]");
            }
            for (Integer i : snapshots) {
                if (i == null || i < 0 || i > 100_000) {
                    throw new ConfigException(
                            "snapshots", "iterations are whole numbers from 0 to 100000, found " + snapshots);
                }
            }
            snapshots = java.util.List.copyOf(new java.util.TreeSet<>(snapshots));
        }
        if (interpolation != null) {
            if (interpolation.size() != 2
                    || interpolation.contains(null)
                    || interpolation.get(0) < 0
                    || interpolation.get(1) < 0
                    || interpolation.get(0).equals(interpolation.get(1))) {
                throw new ConfigException(
                        "interpolation",
                        "give two different test-image indices (from 0), e.g. [0, 7]; found " + interpolation);
            }
            interpolation = java.util.List.copyOf(interpolation);
        }
        if (features != null && features.isBlank()) {
            throw new ConfigException("features", "must be a TorchScript file (.pt) or null, found an empty string");
        }
        if (classifier != null && classifier.isBlank()) {
            throw new ConfigException(
                    "classifier", "must be a train-classifier run directory or null, found an empty" + " string");
        }
    }

    /** A training command's output section with the default checkpointing. */
    public OutputConfig(String dir, int sampleEvery) {
        this(dir, sampleEvery, null, null, null, null, null, null, null, null, null, null);
    }

    /** @return write a full checkpoint every N epochs (default 1) */
    public int checkpointInterval() {
        return checkpointEvery == null ? 1 : checkpointEvery;
    }

    /** @return how many epoch checkpoints to keep (default 2) */
    public int checkpointsKept() {
        return keepCheckpoints == null ? 2 : keepCheckpoints;
    }

    /** @return points to draw from a fitted density (default 64) */
    public int sampleCount() {
        return samples == null ? 64 : samples;
    }

    /** @return screen pixels per image pixel in training's image grids (default 1) */
    public int gridScaleOrDefault() {
        return gridScale == null ? 1 : gridScale;
    }

    /** @return whether fit-gmm writes assignments (default false) */
    public boolean writeAssignments() {
        return assignments != null && assignments;
    }
}

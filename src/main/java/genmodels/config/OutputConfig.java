package genmodels.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code output} section.
 *
 * @param dir the run directory, or null for {@code runs/<command>-<timestamp>}
 * @param sampleEvery training: write image grids every N epochs (0: only after the last epoch);
 *     the last epoch always gets them
 * @param samples density commands: how many points to draw from the fitted density (null: 64)
 * @param assignments fit-gmm: also write each point's component and responsibilities (null: false)
 */
public record OutputConfig(String dir, int sampleEvery, @JsonInclude(JsonInclude.Include.NON_NULL) Integer samples,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean assignments) {

    public OutputConfig {
        if (dir != null && dir.isBlank()) {
            throw new ConfigException("dir", "must be a folder path or null, found an empty string");
        }
        Checks.inRange("sample_every", sampleEvery, 0, 100_000);
        if (samples != null) {
            Checks.inRange("samples", samples, 0, 1_000_000);
        }
    }

    /** A training command's output section. */
    public OutputConfig(String dir, int sampleEvery) {
        this(dir, sampleEvery, null, null);
    }

    /** @return points to draw from a fitted density (default 64) */
    public int sampleCount() {
        return samples == null ? 64 : samples;
    }

    /** @return whether fit-gmm writes assignments (default false) */
    public boolean writeAssignments() {
        return assignments != null && assignments;
    }
}

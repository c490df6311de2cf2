package genmodels.config;

/**
 * The {@code output} section.
 *
 * @param dir the run directory, or null for {@code runs/<command>-<timestamp>}
 * @param sampleEvery write sample and reconstruction grids every N epochs (0: only after the
 *     last epoch); the last epoch always gets them
 */
public record OutputConfig(String dir, int sampleEvery) {

    public OutputConfig {
        if (dir != null && dir.isBlank()) {
            throw new ConfigException("dir", "must be a folder path or null, found an empty string");
        }
        Checks.inRange("sample_every", sampleEvery, 0, 100_000);
    }
}

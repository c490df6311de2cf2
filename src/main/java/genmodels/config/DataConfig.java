package genmodels.config;

/**
 * The {@code data} section.
 *
 * @param dataset {@code mnist} or {@code fashion-mnist}
 * @param dir a local folder holding the four IDX files ({@code train-images-idx3-ubyte[.gz]}, ...),
 *     or null for DJL's download; a relative path is resolved against the working directory and
 *     kept absolute, so a run directory's config still finds the data from elsewhere
 * @param validation how many training images to hold out as a validation split (the last ones)
 * @param trainLimit use only the first N training images (after the validation hold-out), or null
 * @param testLimit use only the first N test images, or null
 */
public record DataConfig(String dataset, String dir, int validation, Integer trainLimit, Integer testLimit) {

    /** Datasets this tool can load. */
    public static final String[] DATASETS = {"mnist", "fashion-mnist"};

    public DataConfig {
        Checks.oneOf("dataset", dataset, DATASETS);
        if (dir != null && dir.isBlank()) {
            throw new ConfigException("dir", "must be a folder path or null, found an empty string");
        }
        if (dir != null) {
            try {
                dir = java.nio.file.Path.of(dir).toAbsolutePath().normalize().toString();
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException("dir", "is not a valid path: " + e.getMessage());
            }
        }
        Checks.inRange("validation", validation, 0, 1_000_000);
        if (trainLimit != null) {
            Checks.inRange("train_limit", trainLimit, 1, 100_000_000);
        }
        if (testLimit != null) {
            Checks.inRange("test_limit", testLimit, 1, 100_000_000);
        }
    }
}

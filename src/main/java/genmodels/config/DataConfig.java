package genmodels.config;

import java.util.List;

/**
 * The {@code data} section.
 *
 * @param source {@code images} (a dataset's pixels), and for the density commands also
 *     {@code latent} (codes of a trained encoder), {@code csv} (points from files) or
 *     {@code synthetic} (draws from a Gaussian mixture); null means {@code images}
 * @param dataset {@code mnist} or {@code fashion-mnist} (IDX files), {@code folder} (image files),
 *     {@code npz} (a NumPy archive) or {@code cifar10} (CIFAR-10's binary files)
 * @param dir mnist, fashion-mnist: a local folder holding the four IDX files ({@code
 *     train-images-idx3-ubyte[.gz]}, ...), or null for DJL's download; folder: the folder holding
 *     {@code train/} and {@code test/}; cifar10: the folder holding {@code data_batch_1.bin} ...
 *     {@code test_batch.bin}, or null for DJL's download; a relative path is resolved against the
 *     working directory and kept absolute, so a run directory's config still finds the data from
 *     elsewhere
 * @param validation the validation split held out of the training images (the last ones in the
 *     data's fixed order): a fraction of them when below 1 (0.1: a tenth), else a count (5000); 0 for
 *     none. It is what early stopping, the {@code best/} checkpoint and sweep collect choose by
 * @param trainLimit use only the first N training images (after the validation hold-out), or null
 * @param testLimit use only the first N test images, or null
 * @param pca density commands: project the points onto the first N principal components of the
 *     training points first, or null
 * @param checkpoint source latent: the run directory of a trained autoencoder, VAE or SWAE
 * @param csv source csv: the files
 * @param synthetic source synthetic: the mixture to draw from
 * @param binarize {@code none} (grey levels in [0, 1]; null means none), {@code dynamic} (every
 *     training image a fresh Bernoulli draw of its pixels each time it is used, Burda et al. 2016)
 *     or {@code static} (one fixed draw of the training images); both binarize the validation and
 *     test images once, with a fixed draw
 * @param binarizeSeed seeds the fixed draws (null means 1)
 * @param file npz: the {@code .npz} file ({@code x_train}, {@code x_test}, optional {@code y_train},
 *     {@code y_test}), kept absolute like {@code dir}
 * @param imageSize resize every image to this side (square), or null to keep the data's own sides
 * @param crop {@code none} (null means none) or {@code center}: crop the largest centred square
 *     before resizing (for photos that are not square)
 * @param channels 1 (grey) or 3 (colour): convert every image, or null to keep the data's own
 * @param testFraction a folder without {@code train/} and {@code test/}: the share of its files that
 *     go to the test split (default 0.1), each file decided by a hash of its path ({@code
 *     validation}, as a fraction, takes the next share)
 * @param splitSeed seeds that hash (default 0): another seed, another split of the same files
 * @param augment training images only, drawn anew per batch: {@code hflip} (a random horizontal
 *     flip, each image with probability 1/2) and {@code crop} (a random crop of the image's own size
 *     after reflect padding of 4 pixels per side, as the CIFAR recipes do); null means none
 */
public record DataConfig(
        String source,
        String dataset,
        String dir,
        double validation,
        Integer trainLimit,
        Integer testLimit,
        Integer pca,
        String checkpoint,
        CsvSource csv,
        SyntheticSource synthetic,
        String binarize,
        Integer binarizeSeed,
        String file,
        Integer imageSize,
        String crop,
        Integer channels,
        Double testFraction,
        Integer splitSeed,
        List<String> augment) {

    /** {@code augment} values. */
    public static final String[] AUGMENTATIONS = {"hflip", "crop"};

    /**
     * @param trainImages how many training images the data has, before the hold-out
     * @return how many of them the validation split holds: {@code round(validation * n)} for a
     *     fraction, the count otherwise
     */
    public int validationCount(int trainImages) {
        return validation < 1 ? (int) Math.round(validation * trainImages) : (int) validation;
    }

    /** @return whether a validation split is held out (a positive fraction or count) */
    public boolean holdsOutValidation() {
        return validation > 0;
    }

    /** {@code binarize} values. */
    public static final String[] BINARIZATIONS = {"none", "dynamic", "static"};

    /** Datasets this tool can load. */
    public static final String[] DATASETS = {"mnist", "fashion-mnist", "folder", "npz", "cifar10"};

    /** {@code crop} values. */
    public static final String[] CROPS = {"none", "center"};

    /** Sources of points. */
    public static final String[] SOURCES = {"images", "latent", "csv", "synthetic"};

    /** An image-dataset section (the training commands' kind). */
    public DataConfig(String dataset, String dir, int validation, Integer trainLimit, Integer testLimit) {
        this(
                "images",
                dataset,
                dir,
                validation,
                trainLimit,
                testLimit,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * @return this section reading its images from {@code newDir} with these limits (a trained
     *     run's data, re-read elsewhere): the dataset, validation split, binarization and image
     *     conversion are kept; for npz data {@code newDir} is the {@code .npz} file (null keeps it)
     */
    public DataConfig withImages(String newDir, Integer newTrainLimit, Integer newTestLimit) {
        boolean archive = dataset.equals("npz");
        return new DataConfig(
                "images",
                dataset,
                archive ? null : newDir,
                validation,
                newTrainLimit,
                newTestLimit,
                null,
                null,
                null,
                null,
                binarize,
                binarizeSeed,
                archive && newDir != null ? newDir : file,
                imageSize,
                crop,
                channels,
                testFraction,
                splitSeed,
                augment);
    }

    /** @return whether images are binarized (dynamically or statically) */
    public boolean binarized() {
        return !binarize.equals("none");
    }

    public DataConfig {
        source = source == null ? "images" : source;
        binarize = binarize == null ? "none" : binarize;
        Checks.oneOf("binarize", binarize, BINARIZATIONS);
        binarizeSeed = binarizeSeed == null ? 1 : binarizeSeed;
        Checks.inRange("binarize_seed", binarizeSeed, 0, Integer.MAX_VALUE);
        Checks.oneOf("source", source, SOURCES);
        Checks.oneOf("dataset", dataset, DATASETS);
        dir = absolute("dir", dir);
        file = absolute("file", file);
        checkpoint = absolute("checkpoint", checkpoint);
        crop = crop == null ? "none" : crop;
        Checks.oneOf("crop", crop, CROPS);
        if (imageSize != null) {
            Checks.inRange("image_size", imageSize, 1, 8192);
        }
        if (channels != null && channels != 1 && channels != 3) {
            throw new ConfigException(
                    "channels", "must be 1 (grey) or 3 (colour), or null for the data's own, found " + channels);
        }
        checkLocation(dataset, dir, file);
        testFraction = testFraction == null ? 0.1 : testFraction;
        Checks.inRange("test_fraction", testFraction, 0.0, 0.9);
        splitSeed = splitSeed == null ? 0 : splitSeed;
        Checks.inRange("split_seed", splitSeed, 0, Integer.MAX_VALUE);
        augment = augment == null ? List.of() : List.copyOf(augment);
        for (String a : augment) {
            Checks.oneOf("augment", a, AUGMENTATIONS);
        }
        if (augment.size() != augment.stream().distinct().count()) {
            throw new ConfigException("augment", "lists an augmentation twice: " + augment);
        }
        Checks.inRange("validation", validation, 0.0, 1_000_000.0);
        if (validation >= 1 && validation != Math.rint(validation)) {
            throw new ConfigException(
                    "validation",
                    "must be a fraction below 1 (e.g. 0.1) or a whole count (e.g. 5000), found " + validation);
        }
        if (trainLimit != null) {
            Checks.inRange("train_limit", trainLimit, 1, 100_000_000);
        }
        if (testLimit != null) {
            Checks.inRange("test_limit", testLimit, 1, 100_000_000);
        }
        if (pca != null) {
            Checks.inRange("pca", pca, 1, 1_000_000);
        }
        if (source.equals("latent") && checkpoint == null) {
            throw new ConfigException(
                    "checkpoint", "must name a trained model's run directory when data.source is latent");
        }
        if (source.equals("csv") && (csv == null || csv.train() == null)) {
            throw new ConfigException(
                    "csv",
                    "must give the files, e.g. {train: points.csv, test: held-out.csv}, when" + " data.source is csv");
        }
        if (source.equals("synthetic") && synthetic == null) {
            throw new ConfigException("synthetic", "must give the mixture to draw from when data.source is synthetic");
        }
    }

    /** The readers that need a folder or a file say so before anything is read. */
    private static void checkLocation(String dataset, String dir, String file) {
        if (dataset.equals("folder") && dir == null) {
            throw new ConfigException(
                    "dir", "must name the folder holding train/ and test/ when data.dataset is folder");
        }
        if (dataset.equals("npz") && file == null) {
            throw new ConfigException(
                    "file",
                    "must name the .npz file (x_train, x_test, optional y_train, y_test) when data.dataset is npz");
        }
        if (file != null && !dataset.equals("npz")) {
            throw new ConfigException("file", "is read only when data.dataset is npz; use data.dir for " + dataset);
        }
    }

    /** Resolves a path against the working directory, keeping null. */
    static String absolute(String key, String path) {
        if (path == null) {
            return null;
        }
        if (path.isBlank()) {
            throw new ConfigException(key, "must be a path or null, found an empty string");
        }
        try {
            return java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(key, "is not a valid path: " + e.getMessage());
        }
    }

    /**
     * Points in CSV files: one point per row, comma-separated numbers, an optional header row.
     *
     * @param train the training points (required when data.source is csv)
     * @param test held-out points, or null (then no test figures)
     * @param label the header name of a label column (kept for colouring plots, not fitted), or null
     */
    public record CsvSource(String train, String test, String label) {
        public CsvSource {
            train = absolute("train", train);
            test = absolute("test", test);
        }
    }

    /**
     * A Gaussian mixture to draw train and test points from, seeded by {@code train.seed}: diagonal
     * components ({@code stds}), or full ones ({@code covariances}, for correlated coordinates).
     *
     * @param weights mixing weights, positive (normalised to sum to 1)
     * @param means one mean per component, all of one dimension
     * @param stds one standard deviation per component and dimension (ignored when covariances are given)
     * @param covariances one d x d symmetric positive-definite covariance per component, which replace
     *     stds; null for diagonal components
     * @param trainSize points to draw for training
     * @param testSize points to draw for testing
     */
    public record SyntheticSource(
            List<Double> weights,
            List<List<Double>> means,
            List<List<Double>> stds,
            List<List<List<Double>>> covariances,
            int trainSize,
            int testSize) {
        public SyntheticSource {
            Checks.present("weights", weights);
            Checks.present("means", means);
            if (covariances != null) {
                stds = null; // full covariances replace the (default) diagonal ones
            } else {
                Checks.present("stds", stds);
            }
            int components = weights.size();
            int given = stds != null ? stds.size() : covariances.size();
            if (components == 0 || means.size() != components || given != components) {
                throw new ConfigException(
                        "weights",
                        "weights, means and " + (stds != null ? "stds" : "covariances")
                                + " must list the same number (>= 1) of components, found " + components + ", "
                                + means.size() + ", " + given);
            }
            int d = means.get(0) == null ? 0 : means.get(0).size();
            for (int k = 0; k < components; k++) {
                Double w = weights.get(k);
                if (w == null || !(w > 0) || !Double.isFinite(w)) {
                    throw new ConfigException("weights", "must be positive numbers, found " + weights);
                }
                List<Double> mean = means.get(k);
                if (mean == null || mean.size() != d || d == 0) {
                    throw new ConfigException("means", "every component needs a mean of the same dimension (>= 1)");
                }
                for (int j = 0; j < d; j++) {
                    if (mean.get(j) == null || !Double.isFinite(mean.get(j))) {
                        throw new ConfigException("means", "must be finite numbers, found " + mean);
                    }
                }
                if (stds != null) {
                    checkStds(stds.get(k), d);
                } else {
                    cholesky(covariances.get(k), d, k);
                }
            }
            Checks.inRange("train_size", trainSize, 1, 10_000_000);
            Checks.inRange("test_size", testSize, 0, 10_000_000);
            weights = List.copyOf(weights);
            means = List.copyOf(means);
            stds = stds == null ? null : List.copyOf(stds);
            covariances = covariances == null ? null : List.copyOf(covariances);
        }

        private static void checkStds(List<Double> std, int d) {
            if (std == null || std.size() != d) {
                throw new ConfigException("stds", "every component needs stds of its mean's dimension " + d);
            }
            for (Double v : std) {
                if (v == null || !(v > 0) || !Double.isFinite(v)) {
                    throw new ConfigException("stds", "must be positive numbers, found " + std);
                }
            }
        }

        /**
         * The lower Cholesky factor L of a covariance (S = L L^T), by the Cholesky-Banachiewicz
         * recurrence: the draws are mean + L z with z ~ N(0, I).
         *
         * @throws ConfigException when S is not a symmetric positive-definite d x d matrix
         */
        static double[][] cholesky(List<List<Double>> s, int d, int component) {
            String where = "covariance of component " + (component + 1);
            if (s == null || s.size() != d || s.stream().anyMatch(r -> r == null || r.size() != d)) {
                throw new ConfigException("covariances", "the " + where + " must be " + d + " x " + d);
            }
            double[][] l = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    Double sij = s.get(i).get(j);
                    Double sji = s.get(j).get(i);
                    if (sij == null
                            || sji == null
                            || !Double.isFinite(sij)
                            || Math.abs(sij - sji) > 1e-12 * (1 + Math.abs(sij))) {
                        throw new ConfigException("covariances", "the " + where + " must be symmetric, found " + s);
                    }
                    double sum = sij;
                    for (int m = 0; m < j; m++) {
                        sum -= l[i][m] * l[j][m];
                    }
                    if (i == j) {
                        if (!(sum > 0)) {
                            throw new ConfigException(
                                    "covariances", "the " + where + " must be positive definite, found " + s);
                        }
                        l[i][i] = Math.sqrt(sum);
                    } else {
                        l[i][j] = sum / l[j][j];
                    }
                }
            }
            return l;
        }

        /** @return component k's Cholesky factor: its covariance's, or diag(stds) */
        public double[][] factor(int k) {
            int d = dimension();
            if (covariances != null) {
                return cholesky(covariances.get(k), d, k);
            }
            double[][] l = new double[d][d];
            for (int j = 0; j < d; j++) {
                l[j][j] = stds.get(k).get(j);
            }
            return l;
        }

        /** @return the dimension of the points */
        public int dimension() {
            return means.get(0).size();
        }
    }
}

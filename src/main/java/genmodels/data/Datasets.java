package genmodels.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.util.Utils;
import genmodels.config.DataConfig;
import genmodels.engine.ImageSpec;
import genmodels.engine.Seeds;
import genmodels.errors.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the images a data section names, through the reader of its {@code data.dataset}: IDX files
 * through DJL ({@code mnist}, {@code fashion-mnist}), a folder of image files ({@code folder}), a
 * NumPy archive ({@code npz}) or CIFAR-10's binary files ({@code cifar10}); then converts them
 * ({@code data.channels}, {@code data.crop}, {@code data.image_size}), holds out the validation
 * split, applies the limits and binarizes.
 */
public final class Datasets {

    private Datasets() {}

    /**
     * The loaded splits.
     *
     * @param train training images (the validation hold-out removed)
     * @param validation the last {@code data.validation} training images, or null when 0
     * @param test test images
     * @param image the images' channels and sides, and the number of classes (the largest label + 1
     *     over both splits; 0 for unlabelled images)
     * @param classNames the name of each class (folder data), or null when the labels are numbers
     * @param identity where the data came from, the md5 of each file or decoded array, the image
     *     shape ({@code image}, e.g. {@code 1x28x28}) and {@code classes}
     * @param fileSplits a folder split per file: each file's path relative to data.dir and its
     *     split ({@code train}, {@code validation}, {@code test}), sorted by path; else null
     */
    public record Splits(
            ImageSplit train,
            ImageSplit validation,
            ImageSplit test,
            ImageSpec image,
            List<String> classNames,
            Map<String, String> identity,
            Map<String, String> fileSplits) {

        /** Splits of data that came split. */
        public Splits(
                ImageSplit train,
                ImageSplit validation,
                ImageSplit test,
                ImageSpec image,
                List<String> classNames,
                Map<String, String> identity) {
            this(train, validation, test, image, classNames, identity, null);
        }
    }

    /**
     * @param config the data section
     * @param manager where the arrays live (its device is where training runs)
     * @return the splits, images float32 [n, C * H * W] in [0, 1]
     * @throws UserError for missing, truncated or malformed files, images that disagree, or data
     *     larger than the memory free
     */
    public static Splits load(DataConfig config, NDManager manager) {
        ImageConversion conversion = ImageConversion.of(config);
        ReadSplits read = read(config, conversion, manager);
        DecodedImages trainImages = conversion.apply(read.train());
        DecodedImages testImages = conversion.apply(read.test());
        ImageSpec image = agreedShape(trainImages, testImages, config);
        Map<String, String> identity = new LinkedHashMap<>(read.identity());
        if (!conversion.none() && !config.dataset().equals("folder")) {
            identity.put("conversion", conversion.describe());
            identity.put("train_decoded_md5", trainImages.imagesMd5());
            identity.put("test_decoded_md5", testImages.imagesMd5());
        }
        identity.put("image", image.describe());
        identity.put("classes", Integer.toString(image.classes()));
        MemoryCheck.requireNative(
                (long) trainImages.bytesPerValue()
                        * image.dimensions()
                        * (trainImages.count() + (long) testImages.count()),
                trainImages.count() + testImages.count() + " images of " + image.describe()
                        + (trainImages.bytesPerValue() == 1 ? " as uint8" : " as float32"));
        ImageSplit fullTrain =
                new ImageSplit("train", onDevice(trainImages.pixels(manager), manager), labels(trainImages, manager));
        ImageSplit test =
                new ImageSplit("test", onDevice(testImages.pixels(manager), manager), labels(testImages, manager));
        Splits s = split(config, fullTrain, test, image, read.classNames(), identity, read.validationCount());
        return new Splits(
                s.train(), s.validation(), s.test(), s.image(), s.classNames(), s.identity(), read.fileSplits());
    }

    private static ReadSplits read(DataConfig config, ImageConversion conversion, NDManager manager) {
        return switch (config.dataset()) {
            case "folder" -> FolderReader.read(config, conversion);
            case "npz" -> NpzReader.read(config, manager);
            case "cifar10" -> Cifar10Reader.read(config, manager);
            default -> IdxReader.read(config, manager);
        };
    }

    private static NDArray onDevice(NDArray array, NDManager manager) {
        array.attach(manager);
        return array;
    }

    private static NDArray labels(DecodedImages split, NDManager manager) {
        return onDevice(split.labelArray(manager), manager);
    }

    /** Both splits must have one shape; the class count is the larger split's. */
    private static ImageSpec agreedShape(DecodedImages train, DecodedImages test, DataConfig config) {
        if (!train.shape().equals(test.shape())) {
            throw new UserError("the test images are " + test.shape().describe() + " but the training images are "
                    + train.shape().describe() + " (channels x height x width) in " + where(config)
                    + "; set data.image_size and data.channels to convert both");
        }
        if ((train.labels() == null) != (test.labels() == null)) {
            throw new UserError(where(config) + ": the " + (train.labels() == null ? "training" : "test")
                    + " images have no labels but the others do; label both splits or neither");
        }
        return train.shape().withClasses(Math.max(train.classes(), test.classes()));
    }

    private static String where(DataConfig config) {
        return config.file() != null ? config.file() : config.dir() != null ? config.dir() : config.dataset();
    }

    private static Splits split(
            DataConfig config,
            ImageSplit fullTrain,
            ImageSplit test,
            ImageSpec image,
            List<String> classNames,
            Map<String, String> identity,
            Integer validationCount) {
        int n = fullTrain.size();
        int held = validationCount != null ? validationCount : config.validationCount(n);
        if (held >= n) {
            throw new UserError(
                    "data.validation (" + held + " images) must be fewer than the " + n + " training images;"
                            + " hold out fewer, e.g. --set data.validation=0.1 (a tenth), or 0 for no validation split"
                            + " (then nothing can be chosen by it)");
        }
        int trainEnd = n - held;
        ImageSplit validation = null;
        if (held > 0) {
            validation = range("validation", fullTrain, trainEnd, n);
        }
        if (config.trainLimit() != null) {
            trainEnd = Math.min(trainEnd, config.trainLimit());
        }
        ImageSplit train = trainEnd == n ? fullTrain : range("train", fullTrain, 0, trainEnd);
        if (config.testLimit() != null && config.testLimit() < test.size()) {
            test = range("test", test, 0, config.testLimit());
        }
        if (config.binarized()) {
            // fixed draws from their own seeds, so the test set is the same binarized images for
            // every run and every evaluation with this binarize_seed, whatever the training did
            identity.put("binarize", config.binarize() + ", seed " + config.binarizeSeed());
            test = binarizedOnce(test, config.binarizeSeed(), Seeds.BINARIZE_TEST);
            validation = validation == null
                    ? null
                    : binarizedOnce(validation, config.binarizeSeed(), Seeds.BINARIZE_VALIDATION);
            train = config.binarize().equals("static")
                    ? binarizedOnce(train, config.binarizeSeed(), Seeds.BINARIZE_TRAIN)
                    : new ImageSplit(train.name(), train.pixels(), train.labels(), true);
        }
        return new Splits(train, validation, test, image, classNames, identity);
    }

    /**
     * Where local files are staged and decoded images cached: {@code GENMODELS_CACHE_DIR}
     * (environment or system property), else {@code genmodels/datasets} under DJL's cache folder
     * ({@code DJL_CACHE_DIR}, default {@code ~/.djl.ai}).
     */
    static Path stagingRoot() {
        String dir = Utils.getEnvOrSystemProperty("GENMODELS_CACHE_DIR");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        return Utils.getCacheDir().resolve("genmodels").resolve("datasets");
    }

    /**
     * Names a staged copy of some files for what they are: the first 16 hex digits of the SHA-256
     * of each one's absolute path, size and modification time (ms), so a changed file gets a new copy.
     *
     * @throws UserError naming a file that cannot be read
     */
    static String fingerprint(List<Path> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                Path abs = file.toAbsolutePath().normalize();
                long size;
                long modified;
                try {
                    size = Files.size(abs);
                    modified = Files.getLastModifiedTime(abs).toMillis();
                } catch (IOException e) {
                    throw new UserError("cannot read " + abs + ": " + e.getMessage(), e);
                }
                sha.update((abs + "|" + size + "|" + modified + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A split with one fixed Bernoulli draw of its images, from the engine seeded with (seed, stream). */
    private static ImageSplit binarizedOnce(ImageSplit split, int seed, long stream) {
        Seeds.seedEngine(seed, stream);
        NDArray values = ImageSplit.toFloat(split.pixels());
        NDArray images = ImageSplit.bernoulli(values);
        if (values != split.pixels()) {
            values.close();
        }
        return new ImageSplit(split.name(), images, split.labels());
    }

    private static ImageSplit range(String name, ImageSplit split, int from, int to) {
        NDIndex index = new NDIndex().addSliceDim(from, to);
        return new ImageSplit(name, split.pixels().get(index), split.labels().get(index));
    }
}

package genmodels.data;

import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.basicdataset.cv.classification.Mnist;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.repository.Repository;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Utils;
import genmodels.config.DataConfig;
import genmodels.engine.Seeds;
import genmodels.errors.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads MNIST or Fashion-MNIST through DJL's basicdataset classes, from a local folder of IDX files
 * ({@code data.dir}, staged into DJL's local-repository shape) or through DJL's download.
 */
public final class Datasets {

    /** Pixels per image of every dataset this tool reads (28 x 28). */
    public static final int PIXELS = 28 * 28;

    private Datasets() {}

    /**
     * The loaded splits.
     *
     * @param train training images (the validation hold-out removed)
     * @param validation the last {@code data.validation} training images, or null when 0
     * @param test test images
     * @param identity where the data came from and the md5 of each uncompressed IDX file
     */
    public record Splits(ImageSplit train, ImageSplit validation, ImageSplit test, Map<String, String> identity) {}

    /**
     * @param config the data section
     * @param manager where the arrays live (its device is where training runs)
     * @return the splits, images float32 [n, 784] in [0, 1]
     * @throws UserError for missing, truncated or malformed files, or a failed download
     */
    public static Splits load(DataConfig config, NDManager manager) {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("dataset", config.dataset());
        Repository repository = null;
        if (config.dir() != null) {
            Path dir = Path.of(config.dir());
            identity.put("source", dir.toAbsolutePath().normalize().toString());
            Path staged = IdxFiles.stage(dir, config.dataset(), stagingRoot());
            repository = Repository.newInstance(config.dataset(), staged);
        } else {
            identity.put("source", "djl-download");
        }
        ImageSplit fullTrain = read(config, repository, Dataset.Usage.TRAIN, manager, identity);
        ImageSplit test = read(config, repository, Dataset.Usage.TEST, manager, identity);

        int n = fullTrain.size();
        if (config.validation() >= n) {
            throw new UserError(
                    "data.validation (" + config.validation() + ") must be smaller than the " + n + " training images");
        }
        int trainEnd = n - config.validation();
        ImageSplit validation = null;
        if (config.validation() > 0) {
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
                    : new ImageSplit(train.name(), train.images(), train.labels(), true);
        }
        return new Splits(train, validation, test, identity);
    }

    /**
     * Where local IDX files are staged for DJL: {@code GENMODELS_CACHE_DIR} (environment or system
     * property), else {@code genmodels/datasets} under DJL's cache folder ({@code DJL_CACHE_DIR},
     * default {@code ~/.djl.ai}).
     */
    static Path stagingRoot() {
        String dir = Utils.getEnvOrSystemProperty("GENMODELS_CACHE_DIR");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        return Utils.getCacheDir().resolve("genmodels").resolve("datasets");
    }

    /** A split with one fixed Bernoulli draw of its images, from the engine seeded with (seed, stream). */
    private static ImageSplit binarizedOnce(ImageSplit split, int seed, long stream) {
        Engine.getInstance().setRandomSeed(Seeds.engine(seed, stream));
        NDArray images = ImageSplit.bernoulli(split.images());
        return new ImageSplit(split.name(), images, split.labels());
    }

    private static ImageSplit range(String name, ImageSplit split, int from, int to) {
        NDIndex index = new NDIndex().addSliceDim(from, to);
        return new ImageSplit(name, split.images().get(index), split.labels().get(index));
    }

    private static ImageSplit read(
            DataConfig config,
            Repository repository,
            Dataset.Usage usage,
            NDManager manager,
            Map<String, String> identity) {
        String split = usage == Dataset.Usage.TRAIN ? "train" : "test";
        try (NDManager scratch = manager.newSubManager()) {
            ArrayDataset dataset = build(config.dataset(), repository, usage, scratch);
            try {
                dataset.prepare();
            } catch (IOException | ai.djl.translate.TranslateException | RuntimeException e) {
                if (repository != null) {
                    throw new UserError(
                            "cannot read the staged " + config.dataset() + " " + split + " files: " + e.getMessage(),
                            e);
                }
                throw new UserError(
                        "cannot download " + config.dataset() + " through DJL (" + e.getMessage()
                                + "); without internet, set data.dir to a local folder with the four IDX files,"
                                + " e.g. --set data.dir=/path/to/mnist",
                        e);
            }
            Batch all = dataset.getByRange(scratch, 0, dataset.size());
            NDArray raw = all.getData().singletonOrThrow(); // [n, 28, 28, 1], float32 0..255
            NDArray rawLabels = all.getLabels().singletonOrThrow(); // [n], float32
            long n = raw.getShape().get(0);
            identity.put(split + "_images_md5", idxMd5(IdxFiles.IMAGE_MAGIC, raw, new int[] {(int) n, 28, 28}));
            identity.put(split + "_labels_md5", idxMd5(IdxFiles.LABEL_MAGIC, rawLabels, new int[] {(int) n}));
            NDArray images = raw.reshape(n, -1).div(255f).toType(DataType.FLOAT32, false);
            NDArray labels = rawLabels.toType(DataType.INT32, false);
            images.attach(manager);
            labels.attach(manager);
            return new ImageSplit(split, images, labels);
        }
    }

    private static ArrayDataset build(String name, Repository repository, Dataset.Usage usage, NDManager manager) {
        if ("fashion-mnist".equals(name)) {
            FashionMnist.Builder b =
                    FashionMnist.builder().optUsage(usage).optManager(manager).setSampling(1, false);
            return (repository == null ? b : b.optRepository(repository)).build();
        }
        Mnist.Builder b = Mnist.builder().optUsage(usage).optManager(manager).setSampling(1, false);
        return (repository == null ? b : b.optRepository(repository)).build();
    }

    /** md5 of the uncompressed IDX file these values came from: header, then one byte per value. */
    private static String idxMd5(int magic, NDArray values, int[] dims) {
        try (NDArray bytes = values.toType(DataType.UINT8, false)) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
            header.putInt(magic);
            for (int d : dims) {
                header.putInt(d);
            }
            md5.update(header.array());
            md5.update(bytes.toByteArray());
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package genmodels.data;

import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.basicdataset.cv.classification.Mnist;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.repository.Repository;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import genmodels.config.DataConfig;
import genmodels.engine.ImageSpec;
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
 * MNIST or Fashion-MNIST (and any 28x28 IDX files in their layout, e.g. EMNIST's) through DJL's
 * basicdataset classes, from a local folder of IDX files ({@code data.dir}, staged into DJL's
 * local-repository shape) or through DJL's download. The identity holds the md5 of each
 * uncompressed IDX file.
 */
final class IdxReader {

    private static final ImageSpec SHAPE = new ImageSpec(1, IdxFiles.SIDE, IdxFiles.SIDE, 0);

    private IdxReader() {}

    static ReadSplits read(DataConfig config, NDManager manager) {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("dataset", config.dataset());
        Repository repository = null;
        if (config.dir() != null) {
            Path dir = Path.of(config.dir());
            identity.put("source", dir.toAbsolutePath().normalize().toString());
            Path staged = IdxFiles.stage(dir, config.dataset(), Datasets.stagingRoot());
            repository = Repository.newInstance(config.dataset(), staged);
        } else {
            identity.put("source", "djl-download");
        }
        DecodedImages train = read(config, repository, Dataset.Usage.TRAIN, manager, identity);
        DecodedImages test = read(config, repository, Dataset.Usage.TEST, manager, identity);
        return new ReadSplits(train, test, null, identity);
    }

    private static DecodedImages read(
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
            int n = Math.toIntExact(raw.getShape().get(0));
            byte[] pixels = raw.toType(DataType.UINT8, false).toByteArray();
            byte[] labelBytes = rawLabels.toType(DataType.UINT8, false).toByteArray();
            identity.put(split + "_images_md5", idxMd5(IdxFiles.IMAGE_MAGIC, pixels, new int[] {n, 28, 28}));
            identity.put(split + "_labels_md5", idxMd5(IdxFiles.LABEL_MAGIC, labelBytes, new int[] {n}));
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = labelBytes[i] & 0xff;
            }
            return new DecodedImages(SHAPE, n, pixels, null, labels);
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
    private static String idxMd5(int magic, byte[] values, int[] dims) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
            header.putInt(magic);
            for (int d : dims) {
                header.putInt(d);
            }
            md5.update(header.array());
            md5.update(values);
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

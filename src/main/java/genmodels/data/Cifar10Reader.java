package genmodels.data;

import ai.djl.basicdataset.cv.classification.Cifar10;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.repository.Repository;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import genmodels.config.DataConfig;
import genmodels.engine.ImageSpec;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CIFAR-10's binary version ({@code data.dataset: cifar10}) through DJL's {@code Cifar10}: from
 * {@code data.dir} holding {@code data_batch_1.bin} ... {@code data_batch_5.bin} and {@code
 * test_batch.bin} (or their folder {@code cifar-10-batches-bin/}), each record one label byte then
 * 3,072 bytes (the R, G and B planes of a 32x32 image, row by row); or through DJL's download when
 * {@code data.dir} is null. The five training batches are checked and staged, concatenated, into
 * the one file DJL's local repository reads ({@code data_batch.bin}). The identity holds the md5 of
 * the decoded arrays.
 */
final class Cifar10Reader {

    static final int SIDE = 32;
    static final int RECORD = 1 + 3 * SIDE * SIDE;
    static final List<String> TRAIN_FILES =
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    static final String TEST_FILE = "test_batch.bin";

    private static final ImageSpec SHAPE = new ImageSpec(3, SIDE, SIDE, 0);

    private Cifar10Reader() {}

    static ReadSplits read(DataConfig config, NDManager manager) {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("dataset", config.dataset());
        Repository repository = null;
        if (config.dir() != null) {
            Path dir = batches(Path.of(config.dir()));
            identity.put("source", dir.toAbsolutePath().normalize().toString());
            repository = Repository.newInstance("cifar10", stage(dir));
        } else {
            identity.put("source", "djl-download");
        }
        DecodedImages train = read(repository, Dataset.Usage.TRAIN, manager);
        DecodedImages test = read(repository, Dataset.Usage.TEST, manager);
        identity.put("train_images_md5", train.imagesMd5());
        identity.put("train_labels_md5", train.labelsMd5());
        identity.put("test_images_md5", test.imagesMd5());
        identity.put("test_labels_md5", test.labelsMd5());
        return new ReadSplits(train, test, null, identity);
    }

    /** @return the folder holding the batches: {@code dir}, or its {@code cifar-10-batches-bin/} */
    private static Path batches(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("data.dir " + dir + " is not a folder; point data.dir at the folder holding"
                    + " data_batch_1.bin ... data_batch_5.bin and test_batch.bin");
        }
        Path inner = dir.resolve("cifar-10-batches-bin");
        return Files.isRegularFile(dir.resolve(TEST_FILE)) || !Files.isDirectory(inner) ? dir : inner;
    }

    private static DecodedImages read(Repository repository, Dataset.Usage usage, NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            Cifar10.Builder builder =
                    Cifar10.builder().optUsage(usage).optManager(scratch).setSampling(1, false);
            Cifar10 dataset = (repository == null ? builder : builder.optRepository(repository)).build();
            try {
                dataset.prepare();
            } catch (IOException | RuntimeException e) {
                throw new UserError(
                        repository == null
                                ? "cannot download CIFAR-10 through DJL (" + e.getMessage() + "); without internet,"
                                        + " set data.dir to a folder with the binary version's .bin files"
                                : "cannot read the staged CIFAR-10 files: " + e.getMessage(),
                        e);
            }
            Batch all = dataset.getByRange(scratch, 0, dataset.size());
            NDArray hwc = all.getData().singletonOrThrow(); // [n, 32, 32, 3], float32 0..255
            int n = Math.toIntExact(hwc.getShape().get(0));
            byte[] bytes =
                    hwc.transpose(0, 3, 1, 2).toType(DataType.UINT8, false).toByteArray();
            int[] labels = all.getLabels()
                    .singletonOrThrow()
                    .toType(DataType.INT32, false)
                    .toIntArray();
            return new DecodedImages(SHAPE, n, bytes, null, labels);
        } catch (ai.djl.translate.TranslateException e) {
            throw new UserError("cannot read the CIFAR-10 files: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the six files (each a whole number of 3,073-byte records, labels 0-9) and stages them
     * under a folder named for their paths, sizes and modification times; one staged before is reused.
     */
    static Path stage(Path dir) {
        List<Path> train = new ArrayList<>();
        for (String name : TRAIN_FILES) {
            train.add(existing(dir, name));
        }
        Path test = existing(dir, TEST_FILE);
        List<Path> all = new ArrayList<>(train);
        all.add(test);
        Path target = Datasets.stagingRoot().resolve("cifar10-" + Datasets.fingerprint(all));
        if (Files.isRegularFile(target.resolve(".complete"))) {
            return target;
        }
        all.forEach(Cifar10Reader::check);
        try {
            AtomicFiles.writeFolder(target, ".complete", folder -> {
                try (OutputStream out = Files.newOutputStream(folder.resolve("data_batch.bin"))) {
                    for (Path file : train) {
                        Files.copy(file, out);
                    }
                }
                Files.copy(test, folder.resolve(TEST_FILE));
                Files.writeString(folder.resolve(".complete"), dir.toString());
            });
            return target;
        } catch (IOException e) {
            throw new UserError(
                    "cannot stage the CIFAR-10 files into " + target.getParent() + " (" + e.getMessage()
                            + "); set GENMODELS_CACHE_DIR to a writable folder",
                    e);
        }
    }

    private static Path existing(Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new UserError("data.dir " + dir + " has no " + name + "; CIFAR-10's binary version holds"
                    + " data_batch_1.bin ... data_batch_5.bin and test_batch.bin");
        }
        return file;
    }

    /** @throws UserError naming the file when it is not whole records or holds a label above 9 */
    private static void check(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length == 0 || bytes.length % RECORD != 0) {
            throw new UserError(file + " is " + bytes.length + " bytes, not a whole number of " + RECORD + "-byte"
                    + " records (a label byte and a 3x32x32 image); it is truncated or not a CIFAR-10 binary file");
        }
        for (int r = 0; r < bytes.length / RECORD; r++) {
            int label = bytes[r * RECORD] & 0xff;
            if (label > 9) {
                throw new UserError(file + " has label " + label + " in record " + r + "; CIFAR-10's labels are 0-9"
                        + " (is it the CIFAR-100 file?)");
            }
        }
    }
}

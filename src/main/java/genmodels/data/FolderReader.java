package genmodels.data;

import genmodels.config.DataConfig;
import genmodels.engine.ImageSpec;
import genmodels.errors.UserError;
import genmodels.io.Progress;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * A folder of image files ({@code data.dataset: folder}): {@code data.dir} holds {@code train/}
 * and {@code test/} (see {@link FolderListing}). The images are decoded once, in parallel, with a
 * progress bar, converted as the data section asks, and kept in a cache keyed by both listings
 * (names, sizes, modification times) and the conversion ({@link DecodeCache}); a later run with
 * the same files loads the cache. The identity holds the md5 of the decoded arrays.
 */
final class FolderReader {

    static {
        ImageIO.setUseCache(false); // decode from memory, not through a temporary file per image
    }

    private FolderReader() {}

    static ReadSplits read(DataConfig config, ImageConversion conversion) {
        Path root = Path.of(config.dir());
        if (!Files.isDirectory(root)) {
            throw new UserError("data.dir " + root + " is not a folder; point data.dir at the folder holding train/"
                    + " and test/");
        }
        if (!Files.exists(root.resolve("train")) && !Files.exists(root.resolve("test"))) {
            return readUnsplit(config, conversion, root);
        }
        FolderListing train = FolderListing.of(root.resolve("train"), "train");
        FolderListing test = FolderListing.of(root.resolve("test"), "test");
        if ((train.classes() == null) != (test.classes() == null)
                || (train.classes() != null && !train.classes().equals(test.classes()))) {
            throw new UserError(test.folder() + "'s classes " + test.classes() + " differ from " + train.folder()
                    + "'s " + train.classes() + "; give both splits the same class folders");
        }
        Map<String, String> identity = identity(config, root, conversion);
        DecodedImages[] splits = decodeCached(root, train, test, conversion, identity);
        return new ReadSplits(splits[0], splits[1], train.classes(), identity);
    }

    /**
     * A folder without train/ and test/: its images directly or in class folders, each file's
     * split decided by {@link HashSplit}; the validation images come last in the training split.
     */
    private static ReadSplits readUnsplit(DataConfig config, ImageConversion conversion, Path root) {
        if (config.validation() >= 1) {
            throw new UserError("data.validation is " + (long) config.validation() + " images, but " + root + " has no"
                    + " train/ and test/, so each file's split is decided by a hash of its path and the validation"
                    + " split must be a fraction: set data.validation to e.g. 0.1");
        }
        FolderListing.Unsplit listing =
                FolderListing.unsplit(root, config.splitSeed(), config.testFraction(), config.validation());
        if (listing.skipped() > 0) {
            System.err.printf("note: %s: skipped %d hidden or non-image files%n", root, listing.skipped());
        }
        Map<String, String> identity = identity(config, root, conversion);
        identity.put(
                "split",
                "per file by sha256(split_seed, path): test_fraction " + config.testFraction() + ", validation "
                        + config.validation() + ", split_seed " + config.splitSeed());
        DecodedImages[] splits = decodeCached(root, listing.pool(), listing.test(), conversion, identity);
        return new ReadSplits(
                splits[0], splits[1], listing.pool().classes(), identity, listing.validationCount(), listing.splits());
    }

    private static Map<String, String> identity(DataConfig config, Path root, ImageConversion conversion) {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("dataset", config.dataset());
        identity.put("source", root.toAbsolutePath().normalize().toString());
        if (!conversion.none()) {
            identity.put("conversion", conversion.describe());
        }
        return identity;
    }

    /** Both listings decoded, from the cache when it holds them; their md5s go into the identity. */
    private static DecodedImages[] decodeCached(
            Path root,
            FolderListing train,
            FolderListing test,
            ImageConversion conversion,
            Map<String, String> identity) {
        String key = key(root, train, test, conversion);
        DecodeCache cache = new DecodeCache(Datasets.stagingRoot().resolve("folder-" + key));
        DecodedImages[] splits = cache.load()
                .orElseGet(() -> cache.store(decode(train, "train", conversion), decode(test, "test", conversion)));
        for (int i = 0; i < 2; i++) {
            String split = i == 0 ? "train" : "test";
            identity.put(split + "_images_md5", splits[i].imagesMd5());
            if (splits[i].labels() != null) {
                identity.put(split + "_labels_md5", splits[i].labelsMd5());
            }
        }
        return splits;
    }

    private static String key(Path root, FolderListing train, FolderListing test, ImageConversion conversion) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((root.toAbsolutePath().normalize() + "|" + conversion + "|" + DecodeCache.FORMAT)
                    .getBytes(StandardCharsets.UTF_8));
            sha.update(train.fingerprint());
            sha.update(test.fingerprint());
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Decodes a split's files in parallel into grey levels of one shape.
     *
     * @throws UserError naming a file that cannot be read or whose shape differs from the first's
     */
    static DecodedImages decode(FolderListing listing, String split, ImageConversion conversion) {
        int n = listing.size();
        ImageFiles.Decoded first = ImageFiles.decode(listing.files().get(0));
        ImageSpec shape = conversion.shapeOf(first.shape());
        MemoryCheck.requireHeap(
                (long) n * shape.dimensions(), n + " images of " + shape.describe() + " as bytes, " + split + "/");
        MemoryCheck.requireNative(
                4L * n * shape.dimensions(), n + " " + split + "/ images of " + shape.describe() + " as float32");
        int d = shape.dimensions();
        byte[] bytes = new byte[n * d];
        Progress progress = Progress.of("decoding " + listing.folder(), n, "images", new PrintWriter(System.err, true));
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, n).parallel().forEach(i -> {
            Path file = listing.files().get(i);
            ImageFiles.Decoded image = i == 0 ? first : ImageFiles.decode(file);
            ImageSpec converted = conversion.shapeOf(image.shape());
            if (!converted.equals(shape)) {
                throw new UserError(file + " is " + image.shape().describe() + " but "
                        + listing.files().get(0)
                        + " is " + first.shape().describe() + " (channels x height x width); set data.image_size"
                        + " (and data.channels) to convert every image to one shape");
            }
            float[] values = conversion.apply(image.values(), image.shape());
            for (int j = 0; j < d; j++) {
                bytes[i * d + j] = ImageConversion.level(values[j]);
            }
            int count = done.incrementAndGet();
            if (count % 1000 == 0 && count < n) {
                synchronized (progress) {
                    progress.update(count, "");
                }
            }
        });
        progress.update(n, "");
        progress.done();
        return new DecodedImages(shape, n, bytes, null, listing.labels());
    }
}

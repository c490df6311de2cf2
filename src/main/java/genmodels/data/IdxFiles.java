package genmodels.data;

import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The four canonical IDX files of MNIST-like datasets (LeCun et al.'s format: a big-endian magic
 * number, the dimensions, then unsigned bytes), found in a user's folder, checked, and staged
 * uncompressed into the shape DJL's {@code Mnist} and {@code FashionMnist} read from a local
 * repository ({@code train_data}, {@code train_labels}, {@code test_data}, {@code test_labels}).
 * The user's folder is never modified.
 */
final class IdxFiles {

    static final int IMAGE_MAGIC = 0x00000803;
    static final int LABEL_MAGIC = 0x00000801;
    static final int SIDE = 28;

    /** One of the four files: its canonical stem, IDX type and the name DJL reads it under. */
    record Part(String stem, String idxType, String djlName, boolean images) {}

    static final List<Part> PARTS = List.of(
            new Part("train-images", "idx3-ubyte", "train_data", true),
            new Part("train-labels", "idx1-ubyte", "train_labels", false),
            new Part("t10k-images", "idx3-ubyte", "test_data", true),
            new Part("t10k-labels", "idx1-ubyte", "test_labels", false));

    private static final String COMPLETE = ".complete";

    private IdxFiles() {}

    /**
     * Finds a part in {@code dir}: {@code train-images-idx3-ubyte}, or the variant with a dot
     * ({@code train-images.idx3-ubyte}), each possibly {@code .gz}.
     */
    static Path find(Path dir, Part part) {
        for (String name : List.of(part.stem + "-" + part.idxType, part.stem + "." + part.idxType)) {
            for (String suffix : List.of(".gz", "")) {
                Path candidate = dir.resolve(name + suffix);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new UserError(
                "data.dir " + dir + " has no " + part.stem + "-" + part.idxType + "[.gz]; it must hold the four"
                        + " IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
                        + " t10k-labels-idx1-ubyte (each optionally .gz)");
    }

    /** Reads a file, gunzipping {@code .gz}; a corrupt or truncated archive is a {@link UserError}. */
    static byte[] read(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            if (!file.getFileName().toString().endsWith(".gz")) {
                return raw.readAllBytes();
            }
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
                in.transferTo(out);
                return out.toByteArray();
            }
        } catch (EOFException | ZipException e) {
            throw new UserError(
                    file + " is not a complete gzip file (" + e.getMessage()
                            + "); download it again or give the uncompressed file",
                    e);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks an IDX file's header and length.
     *
     * @return the number of items it holds
     */
    static int check(Path file, byte[] bytes, Part part) {
        int header = part.images ? 16 : 8;
        int magic = part.images ? IMAGE_MAGIC : LABEL_MAGIC;
        if (bytes.length < header) {
            throw new UserError(file + " is truncated: " + bytes.length + " bytes, shorter than the " + header
                    + "-byte IDX header; download it again");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int found = buf.getInt(0);
        if (found != magic) {
            throw new UserError(String.format(
                    "%s is not an IDX %s file: magic number 0x%08x, expected 0x%08x;"
                            + " check that data.dir holds the right files",
                    file, part.images ? "image" : "label", found, magic));
        }
        int count = buf.getInt(4);
        long itemBytes = 1;
        if (part.images) {
            int rows = buf.getInt(8);
            int cols = buf.getInt(12);
            if (rows != SIDE || cols != SIDE) {
                throw new UserError(file + " holds " + rows + "x" + cols + " images; genmodels reads 28x28 images"
                        + " (MNIST, Fashion-MNIST)");
            }
            itemBytes = (long) SIDE * SIDE;
        }
        long expected = header + count * itemBytes;
        if (count < 0 || bytes.length != expected) {
            throw new UserError(file + " is " + (bytes.length < expected ? "truncated" : "too long") + ": its header"
                    + " promises " + count + " items (" + expected + " bytes) but it has " + bytes.length
                    + " bytes; download it again");
        }
        return count;
    }

    /**
     * Checks the four files in {@code dir} and stages them, uncompressed, into a folder under
     * {@code cacheRoot} named for their paths, sizes and modification times; a folder staged before
     * is reused.
     *
     * @return the staged folder, holding {@code train_data}, {@code train_labels}, {@code test_data},
     *     {@code test_labels}
     */
    static Path stage(Path dir, String dataset, Path cacheRoot) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("data.dir " + dir + " is not a folder; point data.dir at the folder holding the"
                    + " four " + dataset + " IDX files");
        }
        Path[] sources = PARTS.stream().map(p -> find(dir, p)).toArray(Path[]::new);
        Path target = cacheRoot.resolve(dataset + "-" + Datasets.fingerprint(List.of(sources)));
        if (Files.exists(target.resolve(COMPLETE))) {
            return target;
        }
        byte[][] contents = new byte[PARTS.size()][];
        int[] counts = new int[PARTS.size()];
        for (int i = 0; i < PARTS.size(); i++) {
            contents[i] = read(sources[i]);
            counts[i] = check(sources[i], contents[i], PARTS.get(i));
        }
        for (int i = 0; i < PARTS.size(); i += 2) {
            if (counts[i] != counts[i + 1]) {
                throw new UserError(sources[i] + " has " + counts[i] + " images but " + sources[i + 1] + " has "
                        + counts[i + 1] + " labels; the two files must come from the same release");
            }
        }
        try {
            AtomicFiles.writeFolder(target, COMPLETE, folder -> {
                for (int i = 0; i < PARTS.size(); i++) {
                    Files.write(folder.resolve(PARTS.get(i).djlName), contents[i]);
                }
                Files.writeString(
                        folder.resolve(COMPLETE),
                        String.join("\n", Stream.of(sources).map(Path::toString).toList()));
            });
            return target;
        } catch (IOException e) {
            throw new UserError(
                    "cannot stage " + dataset + " files into " + cacheRoot + " (" + e.getMessage()
                            + "); set DJL_CACHE_DIR to a writable folder",
                    e);
        }
    }
}

package genmodels.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.config.DataConfig;
import genmodels.engine.ImageSpec;
import genmodels.errors.UserError;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder, npz and cifar10 readers on small files made here in the real formats. */
class ImageReadersTest {

    @TempDir
    Path dir;

    /** A data section of a reader, with an optional conversion. */
    private static DataConfig data(
            String dataset, Path dir, Path file, Integer size, String crop, Integer channels, int validation) {
        return new DataConfig(
                "images",
                dataset,
                dir == null ? null : dir.toString(),
                validation,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                file == null ? null : file.toString(),
                size,
                crop,
                channels,
                null,
                null,
                null);
    }

    private static DataConfig folder(Path dir) {
        return data("folder", dir, null, null, null, null, 0);
    }

    /** A grey PNG of one level everywhere. */
    private static void greyPng(Path file, int height, int width, int level) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, level);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    /** A colour image whose pixel (y, x) is (r, g, b) = (y * 40, x * 30, 200). */
    private static BufferedImage gradient(int height, int width) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (y * 40) << 16 | (x * 30) << 8 | 200);
            }
        }
        return image;
    }

    /** Two classes of grey 6x5 PNGs, each image one level: 10 + 20 i (cat) and 20 + 20 i (dog), i = 0..4. */
    private Path labelledPngs() throws IOException {
        Path root = dir.resolve("pngs");
        for (String split : List.of("train", "test")) {
            for (int i = 0; i < 5; i++) {
                greyPng(root.resolve(split + "/cat/" + i + ".png"), 6, 5, 10 + 20 * i);
                greyPng(root.resolve(split + "/dog/" + i + ".png"), 6, 5, 20 + 20 * i);
            }
        }
        return root;
    }

    private static UserError loadError(DataConfig config) {
        try (NDManager m = NDManager.newBaseManager()) {
            UserError e = assertThrows(UserError.class, () -> Datasets.load(config, m));
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
            return e;
        }
    }

    @Test
    void aFolderOfClassFoldersGivesLabelsFromTheSortedNamesAndTheExactGreyLevels() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits s = Datasets.load(folder(labelledPngs()), m);
            assertEquals(new ImageSpec(1, 6, 5, 2), s.image());
            assertEquals(List.of("cat", "dog"), s.classNames());
            assertEquals(new Shape(10, 30), s.train().images().getShape());
            float[] images = s.train().images().toFloatArray();
            int[] labels = s.train().labels().toIntArray();
            int[] seen = new int[10];
            for (int i = 0; i < 10; i++) {
                float[] image = Arrays.copyOfRange(images, 30 * i, 30 * i + 30);
                int level = Math.round(image[0] * 255);
                for (float v : image) {
                    assertEquals(level / 255f, v, 1e-7f, "one level per file, read exactly");
                }
                assertEquals(level % 20 == 10 ? 0 : 1, labels[i], "cat levels end in 10, dog levels in 20");
                seen[(level - 10) / 10]++;
            }
            assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, seen, "every file once");
            assertFalse(Arrays.equals(new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, labels), "a fixed mixed order");
            assertEquals("1x6x5", s.identity().get("image"));
            assertEquals("2", s.identity().get("classes"));
            assertTrue(s.identity().get("train_images_md5").matches("[0-9a-f]{32}"));
        }
    }

    @Test
    void imagesDirectlyInTheSplitFoldersAreUnlabelledAndJpegColoursSurvive() throws IOException {
        Path root = dir.resolve("jpegs");
        for (String split : List.of("train", "test")) {
            Files.createDirectories(root.resolve(split));
            BufferedImage orange = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 6; x++) {
                    orange.setRGB(x, y, 200 << 16 | 120 << 8 | 30);
                }
            }
            for (int i = 0; i < 3; i++) {
                ImageIO.write(
                        orange, "jpg", root.resolve(split + "/" + i + ".jpg").toFile());
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits s = Datasets.load(folder(root), m);
            assertEquals(new ImageSpec(3, 4, 6, 0), s.image());
            assertNull(s.classNames());
            float[] first = s.test().images().get(0).toFloatArray();
            // channel-major: the R plane, then G, then B; JPEG is lossy, so within a few grey levels
            for (int p = 0; p < 24; p++) {
                assertEquals(200 / 255f, first[p], 6 / 255f, "R");
                assertEquals(120 / 255f, first[24 + p], 6 / 255f, "G");
                assertEquals(30 / 255f, first[48 + p], 6 / 255f, "B");
            }
        }
    }

    @Test
    void channelConversionCropAndResizeMatchAnIndependentComputation() throws IOException {
        Path root = dir.resolve("photos");
        for (String split : List.of("train", "test")) {
            Files.createDirectories(root.resolve(split + "/a"));
            ImageIO.write(
                    gradient(4, 8), "png", root.resolve(split + "/a/0.png").toFile());
        }
        try (NDManager m = NDManager.newBaseManager()) {
            // grey, centre 4x4 square (columns 2-5), halved to 2x2: each output the mean of a 2x2 block
            Datasets.Splits s = Datasets.load(data("folder", root, null, 2, "center", 1, 0), m);
            assertEquals(new ImageSpec(1, 2, 2, 1), s.image());
            float[] out = s.train().images().toFloatArray();
            for (int oy = 0; oy < 2; oy++) {
                for (int ox = 0; ox < 2; ox++) {
                    double sum = 0;
                    for (int y = 2 * oy; y < 2 * oy + 2; y++) {
                        for (int x = 2 + 2 * ox; x < 4 + 2 * ox; x++) {
                            sum += Math.round(0.299 * 40 * y + 0.587 * 30 * x + 0.114 * 200);
                        }
                    }
                    // the grey levels are rounded once after the whole conversion
                    double expected = (0.299 * 40 * (2 * oy + 0.5) + 0.587 * 30 * (2 + 2 * ox + 0.5) + 0.114 * 200);
                    assertEquals(Math.round(expected) / 255.0, out[oy * 2 + ox], 1.01 / 255, "block mean");
                    assertEquals(sum / 4 / 255, out[oy * 2 + ox], 1.01 / 255, "mean of the rounded greys");
                }
            }
        }
        // enlarging is linear between pixel centres (PyTorch's bilinear, align_corners=False)
        float[] row = Resampling.resize(new float[] {0, 1}, new ImageSpec(1, 1, 2, 0), 1, 4);
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, row, 1e-6f);
        float[] grey = Resampling.toChannels(new float[] {7}, new ImageSpec(1, 1, 1, 0), 3);
        assertArrayEquals(new float[] {7, 7, 7}, grey);
    }

    @Test
    void theDecodedImagesAreCachedAndAChangedFileInvalidatesTheCache() throws IOException {
        Path root = labelledPngs();
        Path file = root.resolve("train/cat/0.png");
        try (NDManager m = NDManager.newBaseManager()) {
            float before = Datasets.load(folder(root), m).train().images().sum().getFloat();
            FileTime time = Files.getLastModifiedTime(file);
            byte[] original = Files.readAllBytes(file);
            Files.write(file, new byte[original.length]); // garbage of the same size, at the same time
            Files.setLastModifiedTime(file, time);
            float cached = Datasets.load(folder(root), m).train().images().sum().getFloat();
            assertEquals(before, cached, 0f, "same names, sizes and times: the cache is read, not the files");
            Files.setLastModifiedTime(file, FileTime.fromMillis(time.toMillis() + 5000));
            assertTrue(loadError(folder(root)).getMessage().startsWith("cannot read image " + file), "decoded again");
            greyPng(file, 6, 5, 250);
            float fresh = Datasets.load(folder(root), m).train().images().sum().getFloat();
            assertEquals(before + 30 * (250 - 10) / 255f, fresh, 1e-3f, "the changed file decoded again");
        }
    }

    /** Writes an npz with DJL's own NumPy writer, arrays named as given. */
    private Path npz(String name, NDArray... arrays) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            new NDList(arrays).encode(out, NDList.Encoding.NPZ);
        }
        return file;
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }

    @Test
    void anNpzOfColourImagesIsReadChannelsLastIntoChannelMajorImages() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            byte[] values = new byte[2 * 3 * 4 * 3];
            for (int i = 0; i < values.length; i++) {
                values[i] = (byte) (i * 3);
            }
            NDArray x = m.create(ByteBuffer.wrap(values), new Shape(2, 3, 4, 3), DataType.UINT8);
            Path file = npz(
                    "colour.npz",
                    named(x, "x_train"),
                    named(m.create(new long[] {4, 1}), "y_train"),
                    named(x.duplicate(), "x_test"),
                    named(m.create(new long[] {0, 4}), "y_test"));
            Datasets.Splits s = Datasets.load(data("npz", null, file, null, null, null, 0), m);
            assertEquals(new ImageSpec(3, 3, 4, 5), s.image(), "classes: the largest label + 1");
            float[] image = s.train().images().get(1).toFloatArray();
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 3; y++) {
                    for (int xx = 0; xx < 4; xx++) {
                        int at = ((1 * 3 + y) * 4 + xx) * 3 + c; // x_train[1, y, x, c]
                        assertEquals((values[at] & 0xff) / 255f, image[(c * 3 + y) * 4 + xx], 1e-7f);
                    }
                }
            }
            assertArrayEquals(new int[] {4, 1}, s.train().labels().toIntArray());
        }
    }

    @Test
    void npzMistakesAreNamed() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray grey = m.randomUniform(0, 1, new Shape(3, 4, 4));
            Path noTest = npz("no-test.npz", named(grey.duplicate(), "x_train"));
            assertTrue(loadError(data("npz", null, noTest, null, null, null, 0))
                    .getMessage()
                    .contains("has no x_test array (it holds [x_train])"));
            Path rank = npz("rank.npz", named(m.zeros(new Shape(3, 16)), "x_train"), named(grey.duplicate(), "x_test"));
            assertTrue(loadError(data("npz", null, rank, null, null, null, 0))
                    .getMessage()
                    .contains("x_train has shape (3, 16); images must be [N, H, W] (grey) or [N, H, W, C]"));
            Path range = npz("range.npz", named(grey.mul(255), "x_train"), named(grey.duplicate(), "x_test"));
            assertTrue(loadError(data("npz", null, range, null, null, null, 0))
                    .getMessage()
                    .contains("outside [0, 1]; divide it by 255 or save it as uint8"));
            Path half = npz(
                    "half.npz",
                    named(grey, "x_train"),
                    named(m.create(new int[] {0, 1, 2}), "y_train"),
                    named(grey.duplicate(), "x_test"));
            assertTrue(loadError(data("npz", null, half, null, null, null, 0))
                    .getMessage()
                    .contains("the test images have no labels but the others do"));
            Files.write(dir.resolve("junk.npz"), new byte[] {1, 2, 3});
            assertTrue(loadError(data("npz", null, dir.resolve("junk.npz"), null, null, null, 0))
                    .getMessage()
                    .startsWith("cannot read " + dir.resolve("junk.npz") + " as an .npz archive"));
        }
    }

    @Test
    void cifarBinariesAreReadThroughDjlAsChannelMajorImages() throws IOException {
        Path root = dir.resolve("cifar");
        Files.createDirectories(root);
        byte[][] records = new byte[7][];
        for (int k = 0; k < 6; k++) {
            int count = k == 5 ? 1 : 2; // five training batches of 2, a test batch of 1
            byte[] file = new byte[count * Cifar10Reader.RECORD];
            for (int r = 0; r < count; r++) {
                file[r * Cifar10Reader.RECORD] = (byte) ((k + r) % 10);
                for (int j = 1; j < Cifar10Reader.RECORD; j++) {
                    file[r * Cifar10Reader.RECORD + j] = (byte) (j * 7 + k + r);
                }
            }
            records[k] = file;
            String name = k == 5 ? "test_batch.bin" : "data_batch_" + (k + 1) + ".bin";
            Files.write(root.resolve(name), file);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits s = Datasets.load(data("cifar10", root, null, null, null, null, 0), m);
            assertEquals(new Shape(10, 3072), s.train().images().getShape());
            assertEquals(new Shape(1, 3072), s.test().images().getShape());
            assertEquals(3, s.image().channels());
            // training image 3 is record 1 of data_batch_2: label (1 + 1) % 10, pixel (c, y, x) the byte 1 + c 1024 +
            // 32 y + x
            assertEquals(2, s.train().labels().getInt(3));
            float[] image = s.train().images().get(3).toFloatArray();
            for (int j : new int[] {0, 1, 1023, 1024, 2047, 3071}) {
                assertEquals((records[1][Cifar10Reader.RECORD + 1 + j] & 0xff) / 255f, image[j], 1e-7f);
            }
        }
        Files.write(root.resolve("test_batch.bin"), new byte[100]);
        assertTrue(loadError(data("cifar10", root, null, null, null, null, 0))
                .getMessage()
                .contains("test_batch.bin is 100 bytes, not a whole number of 3073-byte records"));
    }

    @Test
    void folderMistakesAreNamedInOneLine() throws IOException {
        Path root = labelledPngs();
        Path truncated = root.resolve("train/dog/3.png");
        byte[] whole = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        String m = loadError(folder(root)).getMessage();
        assertTrue(m.startsWith("cannot read image " + truncated + ": truncated ("), m);
        // cut inside the pixel data: javax.imageio decodes such a PNG without a word, the missing IEND tells
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 12));
        m = loadError(folder(root)).getMessage();
        assertTrue(m.startsWith("cannot read image " + truncated + ": truncated ("), m);
        Files.write(truncated, whole);
        Path jpeg = root.resolve("train/dog/cut.jpg");
        ImageIO.write(gradient(6, 5), "jpg", jpeg.toFile());
        byte[] jpegBytes = Files.readAllBytes(jpeg);
        Files.write(jpeg, Arrays.copyOf(jpegBytes, jpegBytes.length - 30));
        m = loadError(folder(root)).getMessage();
        assertTrue(m.startsWith("cannot read image " + jpeg + ": "), m);
        Files.delete(jpeg);

        greyPng(root.resolve("train/cat/big.png"), 8, 8, 5);
        m = loadError(folder(root)).getMessage();
        assertTrue(m.contains("is 1x8x8 but") || m.contains("1x8x8 (channels x height x width)"), m);
        assertTrue(m.contains("set data.image_size"), m);
        Files.delete(root.resolve("train/cat/big.png"));

        Files.createDirectories(root.resolve("test/bird"));
        greyPng(root.resolve("test/bird/0.png"), 6, 5, 1);
        m = loadError(folder(root)).getMessage();
        assertTrue(m.contains("'s classes [bird, cat, dog] differ from"), m);

        Path empty = dir.resolve("empty");
        Files.createDirectories(empty.resolve("train"));
        Files.createDirectories(empty.resolve("test"));
        m = loadError(folder(empty)).getMessage();
        assertTrue(
                m.equals(empty.resolve("train") + " holds no images; put PNG, JPEG, BMP or GIF files there, in one"
                        + " subfolder per class or directly"),
                m);
        assertTrue(loadError(folder(dir.resolve("nowhere"))).getMessage().contains("is not a folder"));
    }

    @Test
    void moreDecodedDataThanMemoryIsRefusedBeforeDecodingWithWhatItNeeds() throws IOException {
        Path root = dir.resolve("many");
        for (int i = 0; i < 40; i++) {
            greyPng(root.resolve("train/" + i + ".png"), 2, 2, i);
        }
        greyPng(root.resolve("test/0.png"), 2, 2, 0);
        String m = loadError(data("folder", root, null, 8192, null, 3, 0)).getMessage();
        assertTrue(m.startsWith("the decoded images need "), m);
        assertTrue(m.contains("40 images of 3x8192x8192"), m);
        assertTrue(m.contains("set data.train_limit or a smaller data.image_size"), m);
    }
}

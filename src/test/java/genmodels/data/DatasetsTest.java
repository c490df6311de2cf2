package genmodels.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.TestData;
import genmodels.config.DataConfig;
import genmodels.errors.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path dir;

    @Test
    void loadsTheSliceThroughDjlAsFloatImagesInTheUnitInterval() {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits s = Datasets.load(TestData.slice(), m);
            assertEquals(new Shape(1000, 784), s.train().images().getShape());
            assertEquals(new Shape(1000, 784), s.test().images().getShape());
            assertEquals(DataType.FLOAT32, s.train().images().getDataType());
            assertEquals(DataType.INT32, s.test().labels().getDataType());
            assertEquals(0f, s.train().images().min().getFloat());
            assertEquals(1f, s.train().images().max().getFloat());
            // the first test digit of MNIST is a 7, the first training digit a 5
            assertEquals(7, s.test().labels().getInt(0));
            assertEquals(5, s.train().labels().getInt(0));
            assertNull(s.validation());
            assertEquals(TestData.TRAIN_IMAGES_MD5, s.identity().get("train_images_md5"));
            assertEquals(TestData.TEST_IMAGES_MD5, s.identity().get("test_images_md5"));
        }
    }

    @Test
    void validationIsHeldOutOfTrainAndLimitsApply() {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits full = Datasets.load(TestData.slice(), m);
            DataConfig c = new DataConfig("mnist", TestData.mnistSlice().toString(), 200, 300, 50);
            Datasets.Splits s = Datasets.load(c, m);
            assertEquals(200, s.validation().size());
            assertEquals(300, s.train().size());
            assertEquals(50, s.test().size());
            float[] lastTrain = full.train().images().get(999).toFloatArray();
            assertTrue(Arrays.equals(lastTrain, s.validation().images().get(199).toFloatArray()));
            UserError e = assertThrows(
                    UserError.class,
                    () -> Datasets.load(
                            new DataConfig("mnist", TestData.mnistSlice().toString(), 1000, null, null), m));
            assertTrue(
                    e.getMessage()
                            .contains("data.validation (1000 images) must be fewer than the 1000 training images"),
                    e.getMessage());
        }
    }

    /** Copies the slice into {@code dir}, uncompressed where asked, with the dotted name variant. */
    private Path copySlice(boolean uncompress) throws IOException {
        Path target = Files.createTempDirectory(dir, "copy");
        Files.createDirectories(target);
        for (IdxFiles.Part part : IdxFiles.PARTS) {
            Path source = TestData.mnistSlice().resolve(part.stem() + "-" + part.idxType() + ".gz");
            if (uncompress) {
                try (var in = new GZIPInputStream(Files.newInputStream(source))) {
                    Files.write(target.resolve(part.stem() + "." + part.idxType()), in.readAllBytes());
                }
            } else {
                Files.copy(source, target.resolve(source.getFileName()));
            }
        }
        return target;
    }

    private UserError loadError(Path folder) {
        try (NDManager m = NDManager.newBaseManager()) {
            UserError e = assertThrows(
                    UserError.class, () -> Datasets.load(new DataConfig("mnist", folder.toString(), 0, null, null), m));
            assertTrue(!e.getMessage().contains("\n"), "one line");
            return e;
        }
    }

    private static void writeGz(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    void uncompressedFilesWithDottedNamesLoadToo() throws IOException {
        Path copy = copySlice(true);
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits s = Datasets.load(new DataConfig("mnist", copy.toString(), 0, null, null), m);
            assertEquals(TestData.TEST_IMAGES_MD5, s.identity().get("test_images_md5"));
        }
    }

    @Test
    void missingFolderAndMissingFileNameWhatIsMissing() throws IOException {
        assertTrue(loadError(dir.resolve("nowhere")).getMessage().contains("nowhere is not a folder"));
        Path copy = copySlice(false);
        Files.delete(copy.resolve("t10k-labels-idx1-ubyte.gz"));
        String m = loadError(copy).getMessage();
        assertTrue(m.contains("has no t10k-labels-idx1-ubyte[.gz]"), m);
    }

    @Test
    void truncatedGzipNamesTheFile() throws IOException {
        Path copy = copySlice(false);
        Path file = copy.resolve("train-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 3));
        String m = loadError(copy).getMessage();
        assertTrue(m.startsWith(file + " is not a complete gzip file"), m);
    }

    @Test
    void truncatedIdxNamesTheFile() throws IOException {
        Path copy = copySlice(false);
        Path file = copy.resolve("t10k-images-idx3-ubyte.gz");
        byte[] content = gunzip(file);
        writeGz(file, Arrays.copyOf(content, content.length - 784 * 10));
        String m = loadError(copy).getMessage();
        assertTrue(m.startsWith(file + " is truncated: its header promises 1000 items"), m);
    }

    @Test
    void wrongMagicNumberNamesTheFile() throws IOException {
        Path copy = copySlice(false);
        Path file = copy.resolve("train-labels-idx1-ubyte.gz");
        Files.copy(copy.resolve("train-images-idx3-ubyte.gz"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String m = loadError(copy).getMessage();
        assertTrue(m.startsWith(file + " is not an IDX label file: magic number 0x00000803"), m);
    }

    @Test
    void wrongImageSizeAndCountMismatchAreRefused() throws IOException {
        Path copy = copySlice(false);
        Path images = copy.resolve("t10k-images-idx3-ubyte.gz");
        byte[] content = gunzip(images);
        ByteBuffer.wrap(content).putInt(8, 32).putInt(12, 32);
        writeGz(images, content);
        assertTrue(loadError(copy).getMessage().contains("holds 32x32 images"));

        Path copy2 = dir.resolve("copy2");
        Files.createDirectories(copy2);
        for (Path p : Files.list(copySlice(false)).toList()) {
            Files.copy(p, copy2.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path labels = copy2.resolve("train-labels-idx1-ubyte.gz");
        byte[] l = gunzip(labels);
        byte[] shorter = Arrays.copyOf(l, l.length - 10);
        ByteBuffer.wrap(shorter).putInt(4, 990);
        writeGz(labels, shorter);
        String m = loadError(copy2).getMessage();
        assertTrue(m.contains("has 1000 images but") && m.contains("has 990 labels"), m);
    }

    @Test
    void labelsOutsideZeroToNineSetTheNumberOfClassesAsInEmnistLetters() throws IOException {
        Path copy = copySlice(false);
        for (String stem : new String[] {"train-labels", "t10k-labels"}) {
            Path labels = copy.resolve(stem + "-idx1-ubyte.gz");
            byte[] content = gunzip(labels);
            for (int i = 8; i < content.length; i++) {
                content[i] = (byte) (1 + (i - 8) % 26); // EMNIST letters: 1 (a) to 26 (z)
            }
            writeGz(labels, content);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits s = Datasets.load(new DataConfig("mnist", copy.toString(), 0, null, null), m);
            assertEquals(27, s.image().classes(), "classes = largest label + 1");
            assertEquals(1, s.train().labels().getInt(0));
            assertEquals(26, s.train().labels().getInt(25));
            assertEquals(1, s.test().labels().getInt(26));
        }
    }
}

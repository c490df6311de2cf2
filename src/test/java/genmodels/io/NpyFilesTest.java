package genmodels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFilesTest {

    @TempDir
    Path dir;

    /** The header of a .npy file, checked against the format's version 1.0 byte by byte. */
    private static String header(byte[] npy) {
        assertArrayEquals(
                new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0},
                java.util.Arrays.copyOf(npy, 8),
                "magic string, then version 1.0");
        int length = (npy[8] & 0xff) | (npy[9] & 0xff) << 8; // little-endian unsigned short
        assertEquals(0, (10 + length) % 64, "the data start at a multiple of 64 bytes");
        assertEquals('\n', npy[10 + length - 1], "the header ends with a newline");
        String header = new String(npy, 10, length, StandardCharsets.US_ASCII);
        String dict = header.stripTrailing();
        assertTrue(
                header.substring(dict.length(), length - 1).chars().allMatch(c -> c == ' '), "padded with spaces only");
        return dict;
    }

    @Test
    void float32ImagesRoundTripExactlyWithAVersionOneHeader() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.randomUniform(0f, 1f, new Shape(3, 28, 28));
            Path file = dir.resolve("samples.npy");
            NpyFiles.write(file, images);
            byte[] npy = Files.readAllBytes(file);
            assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 28, 28), }", header(npy));
            int start = 10 + ((npy[8] & 0xff) | (npy[9] & 0xff) << 8);
            assertEquals(start + 3 * 28 * 28 * 4, npy.length, "the header, then exactly the data");
            float[] expected = images.toFloatArray();
            ByteBuffer data = ByteBuffer.wrap(npy, start, npy.length - start).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : expected) {
                assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(data.getFloat()), "little-endian, C order");
            }
            NDArray back = NpyFiles.read(file, m);
            assertEquals(new Shape(3, 28, 28), back.getShape());
            assertEquals(DataType.FLOAT32, back.getDataType());
            assertArrayEquals(expected, back.toFloatArray(), 0f);
        }
    }

    @Test
    void oneDimensionalLabelsUseNumpysOneTupleAndInt64() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray labels = m.create(new long[] {7, 2, 1, 0, 4});
            Path file = dir.resolve("labels.npy");
            NpyFiles.write(file, labels);
            assertEquals("{'descr': '<i8', 'fortran_order': False, 'shape': (5,), }", header(Files.readAllBytes(file)));
            assertArrayEquals(new long[] {7, 2, 1, 0, 4}, NpyFiles.read(file, m).toLongArray());
        }
    }

    @Test
    void extensionsAreReplacedOrAdded() {
        assertEquals(Path.of("runs/a/samples.npy"), NpyFiles.withExtension(Path.of("runs/a/samples.png"), ".npy"));
        assertEquals(Path.of("codes.npy"), NpyFiles.withExtension(Path.of("codes"), ".npy"));
        assertEquals(Path.of("x.y.png"), NpyFiles.withExtension(Path.of("x.y.npy"), ".png"));
    }
}

package genmodels.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Grayscale PNG grids of images, written with {@code javax.imageio} (DJL's image factory refuses
 * single-channel arrays).
 */
public final class ImageGrid {

    private static final int PAD = 2;

    private ImageGrid() {}

    /**
     * Lays out images row by row, {@code columns} per row, with a 2-pixel dark border, and writes
     * the grid as an 8-bit grayscale PNG (atomically).
     *
     * @param images [n, side * side] in [0, 1] (values outside are clipped)
     * @param side image height and width in pixels (28 for MNIST)
     * @param columns images per row
     * @param file the PNG to write
     */
    public static void write(NDArray images, int side, int columns, Path file) throws IOException {
        write(images, side, columns, 1, file);
    }

    /**
     * {@link #write(NDArray, int, int, Path)} with every image pixel drawn as a {@code scale} x
     * {@code scale} block (nearest neighbour; the borders stay 2 pixels).
     *
     * @param scale screen pixels per image pixel, at least 1
     */
    public static void write(NDArray images, int side, int columns, int scale, Path file) throws IOException {
        float[] values;
        NDArray floats = images.toType(DataType.FLOAT32, false); // images itself when already float32
        try {
            values = floats.toFloatArray();
        } finally {
            if (floats != images) {
                floats.close();
            }
        }
        int n = values.length / (side * side);
        int rows = (n + columns - 1) / columns;
        int tile = side * scale;
        int width = columns * (tile + PAD) + PAD;
        int height = rows * (tile + PAD) + PAD;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int k = 0; k < n; k++) {
            int x0 = PAD + (k % columns) * (tile + PAD);
            int y0 = PAD + (k / columns) * (tile + PAD);
            for (int y = 0; y < tile; y++) {
                for (int x = 0; x < tile; x++) {
                    float v = values[k * side * side + (y / scale) * side + x / scale];
                    int gray = Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
                    raster.setSample(x0 + x, y0 + y, 0, gray);
                }
            }
        }
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }
}

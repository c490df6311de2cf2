package genmodels.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import genmodels.engine.ImageSpec;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * PNG grids of images, grey or colour, written with {@code javax.imageio} (DJL's image factory
 * refuses single-channel arrays).
 */
public final class ImageGrid {

    private static final int PAD = 2;

    private ImageGrid() {}

    /**
     * Lays out images row by row, {@code columns} per row, with a 2-pixel dark border, and writes
     * the grid as an 8-bit PNG (atomically): grey for one channel, RGB for three.
     *
     * @param images [n, C * H * W] in [0, 1], each image channel-major (values outside are clipped)
     * @param shape the images' channels (1 or 3), height and width
     * @param columns images per row
     * @param file the PNG to write
     */
    public static void write(NDArray images, ImageSpec shape, int columns, Path file) throws IOException {
        write(images, shape, columns, 1, file);
    }

    /**
     * {@link #write(NDArray, ImageSpec, int, Path)} with every image pixel drawn as a {@code scale} x
     * {@code scale} block (nearest neighbour; the borders stay 2 pixels).
     *
     * @param scale screen pixels per image pixel, at least 1
     */
    public static void write(NDArray images, ImageSpec shape, int columns, int scale, Path file) throws IOException {
        float[] values;
        NDArray floats = images.toType(DataType.FLOAT32, false); // images itself when already float32
        try {
            values = floats.toFloatArray();
        } finally {
            if (floats != images) {
                floats.close();
            }
        }
        BufferedImage image = layout(values, shape, columns, scale);
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    /**
     * {@link #write(NDArray, ImageSpec, int, int, Path)} with a label left of each row (a
     * conditional model's classes), written as RGB.
     *
     * @param images [rows * columns, C * H * W] in [0, 1], row by row
     * @param rowLabels one label per row
     */
    public static void writeRows(
            NDArray images, ImageSpec shape, List<String> rowLabels, int columns, int scale, Path file)
            throws IOException {
        NDArray floats = images.toType(DataType.FLOAT32, false);
        BufferedImage grid = layout(floats.toFloatArray(), shape, columns, scale);
        if (floats != images) {
            floats.close();
        }
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(11, Math.min(16, shape.height() * scale / 2)));
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics metrics = probe.createGraphics().getFontMetrics(font);
        int margin = 2 * PAD
                + rowLabels.stream().mapToInt(metrics::stringWidth).max().orElse(0)
                + 6;
        BufferedImage image = new BufferedImage(margin + grid.getWidth(), grid.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, margin, image.getHeight());
        g.drawImage(grid, margin, 0, null);
        g.setColor(Color.BLACK);
        g.setFont(font);
        int tile = shape.height() * scale + PAD;
        for (int row = 0; row < rowLabels.size(); row++) {
            int baseline = PAD + row * tile + (tile + metrics.getAscent() - metrics.getDescent()) / 2;
            g.drawString(rowLabels.get(row), margin - 4 - metrics.stringWidth(rowLabels.get(row)), baseline);
        }
        g.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    /** @return the grid as an image: 8-bit grey for one channel, RGB for three */
    static BufferedImage layout(float[] values, ImageSpec shape, int columns, int scale) {
        int plane = shape.pixels();
        int n = values.length / shape.dimensions();
        int rows = (n + columns - 1) / columns;
        int tileWidth = shape.width() * scale;
        int tileHeight = shape.height() * scale;
        int width = columns * (tileWidth + PAD) + PAD;
        int height = rows * (tileHeight + PAD) + PAD;
        boolean colour = shape.channels() == 3;
        BufferedImage image =
                new BufferedImage(width, height, colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int k = 0; k < n; k++) {
            int x0 = PAD + (k % columns) * (tileWidth + PAD);
            int y0 = PAD + (k / columns) * (tileHeight + PAD);
            int base = k * shape.dimensions();
            for (int y = 0; y < tileHeight; y++) {
                for (int x = 0; x < tileWidth; x++) {
                    int p = base + (y / scale) * shape.width() + x / scale;
                    for (int c = 0; c < (colour ? 3 : 1); c++) {
                        raster.setSample(x0 + x, y0 + y, c, level(values[p + c * plane]));
                    }
                }
            }
        }
        return image;
    }

    private static int level(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}

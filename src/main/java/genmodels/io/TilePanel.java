package genmodels.io;

import genmodels.engine.ImageSpec;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A figure of labelled images, grey or colour (eigen-images, prototypes), in titled blocks: a title on
 * top, then each block's heading and its tiles, {@code columns} per row, each tile enlarged and
 * labelled underneath. Drawn with Java2D, written as PNG.
 */
public final class TilePanel {

    /** One image: [C * H * W] values in [0, 1] (0 black, 1 white), channel-major, and its label. */
    public record Tile(float[] pixels, String label) {}

    /** A heading and its tiles. */
    public record Block(String heading, List<Tile> tiles) {}

    private static final int MARGIN = 16;
    private static final int GAP = 10;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private TilePanel() {}

    /**
     * @param file the PNG to write
     * @param title the figure's title (name the run in it)
     * @param blocks the blocks, top to bottom
     * @param shape each image's channels (1 or 3), height and width
     * @param scale how many screen pixels per image pixel
     * @param columns tiles per row
     */
    public static void write(Path file, String title, List<Block> blocks, ImageSpec shape, int scale, int columns)
            throws IOException {
        int tile = shape.width() * scale;
        int tileHeight = shape.height() * scale;
        int labelHeight = 18;
        int cell = tileHeight + labelHeight + GAP;
        int width = Math.max(2 * MARGIN + columns * (tile + GAP) - GAP, 2 * MARGIN + 8 * title.length());
        int height = MARGIN + 28;
        for (Block b : blocks) {
            height += 26 + ((b.tiles().size() + columns - 1) / columns) * cell;
        }
        height += MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(title, MARGIN, MARGIN + 16);
        int y = MARGIN + 28;
        for (Block b : blocks) {
            g.setColor(Color.BLACK);
            g.setFont(HEADING);
            g.drawString(b.heading(), MARGIN, y + 18);
            y += 26;
            for (int i = 0; i < b.tiles().size(); i++) {
                int x0 = MARGIN + (i % columns) * (tile + GAP);
                int y0 = y + (i / columns) * cell;
                float[] p = b.tiles().get(i).pixels();
                int plane = shape.pixels();
                int green = shape.channels() == 3 ? plane : 0;
                for (int r = 0; r < shape.height(); r++) {
                    for (int c = 0; c < shape.width(); c++) {
                        int at = r * shape.width() + c;
                        g.setColor(new Color(level(p[at]), level(p[at + green]), level(p[at + 2 * green])));
                        g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
                    }
                }
                g.setColor(Color.DARK_GRAY);
                g.setFont(LABEL);
                FontMetrics fm = g.getFontMetrics();
                String label = b.tiles().get(i).label();
                g.drawString(label, x0 + Math.max(0, (tile - fm.stringWidth(label)) / 2), y0 + tileHeight + 14);
            }
            y += ((b.tiles().size() + columns - 1) / columns) * cell;
        }
        g.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    private static int level(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}

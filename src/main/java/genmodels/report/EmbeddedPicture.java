package genmodels.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.jsoup.nodes.Element;

/** A PNG embedded in a page as a data URI (nothing fetched), its header size, and the scale pages show it at. */
public final class EmbeddedPicture {

    /** Pictures narrower than this are shown at twice their size (28-pixel digits stay legible). */
    private static final int SMALL_PIXELS = 450;

    private EmbeddedPicture() {}

    /**
     * Appends {@code <img>} for a PNG file.
     *
     * @param parent the element to append to
     * @param png the file
     * @param alt the picture's text alternative
     * @return the image element
     */
    public static Element append(Element parent, Path png, String alt) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        Element img = parent.appendElement("img")
                .attr("alt", alt)
                .attr("src", "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes));
        int[] size;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            size = size(in);
        }
        if (size != null && displayScale(size[0]) == 2) {
            img.attr("width", Integer.toString(2 * size[0]));
        }
        return img;
    }

    /**
     * @param width a picture's width in pixels
     * @return how many times its size a page shows it: 2 for an image grid (narrower than 450
     *     pixels, so that 28-pixel digits stay legible), else 1
     */
    public static int displayScale(int width) {
        return width > 0 && width < SMALL_PIXELS ? 2 : 1;
    }

    /** @return {width, height} of a PNG file from its header (the pixels are not decoded), or null when unreadable */
    public static int[] size(Path png) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
            return size(in);
        }
    }

    private static int[] size(ImageInputStream in) throws IOException {
        Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
        if (readers == null || !readers.hasNext()) {
            return null;
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in);
            return new int[] {reader.getWidth(0), reader.getHeight(0)};
        } finally {
            reader.dispose();
        }
    }
}

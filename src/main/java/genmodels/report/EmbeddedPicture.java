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

/** A PNG embedded in a page as a data URI (nothing fetched); small image grids shown at twice their size. */
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
        int width = width(bytes);
        if (width > 0 && width < SMALL_PIXELS) {
            img.attr("width", Integer.toString(2 * width));
        }
        return img;
    }

    /** @return a PNG's width from its header (the pixels are not decoded), or -1 when unreadable */
    private static int width(byte[] png) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return -1;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return reader.getWidth(0);
            } finally {
                reader.dispose();
            }
        }
    }
}

package genmodels.data;

import genmodels.engine.ImageSpec;
import genmodels.errors.UserError;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * One image file (PNG, JPEG, BMP or GIF) decoded with {@code javax.imageio} into channel-major grey
 * levels: 1 channel for a grey image (a grey raster, or a palette of greys), 3 (R, G, B) for any
 * other; an alpha channel is dropped. A file cut short (which the decoders may read without an
 * error), or one the decoder warns about, is refused like one it cannot read.
 */
final class ImageFiles {

    /** The file name endings read, lower case. */
    static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private ImageFiles() {}

    /** @return whether the file's name ends in one of {@link #EXTENSIONS} (any case) */
    static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** A decoded image: its shape (classes 0) and its values 0-255, channel-major. */
    record Decoded(ImageSpec shape, float[] values) {}

    /**
     * @throws UserError naming the file when it cannot be read, is truncated or is not an image
     */
    static Decoded decode(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, "unreadable (" + e.getMessage() + ")");
        }
        complete(file, bytes);
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw unreadable(file, "not a PNG, JPEG, BMP or GIF image");
            }
            ImageReader reader = readers.next();
            String[] warning = new String[1];
            reader.addIIOReadWarningListener((source, message) -> warning[0] = message);
            try {
                reader.setInput(in, true, true);
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
            if (warning[0] != null) {
                throw unreadable(file, "damaged or truncated (" + warning[0] + ")");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserError user) {
                throw user;
            }
            throw unreadable(file, "damaged or truncated (" + e.getMessage() + ")");
        }
        return grey(image) ? greyLevels(image) : colours(image);
    }

    /**
     * Refuses a file cut short, which {@code javax.imageio} may decode without a word: a PNG must end
     * with its IEND chunk, a JPEG with the end-of-image marker FF D9, a GIF with its trailer byte 3B,
     * and a BMP must be as long as its header says.
     */
    private static void complete(Path file, byte[] b) {
        int n = b.length;
        boolean png = n >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
        boolean jpeg = n >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
        boolean gif = n >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F';
        boolean bmp = n >= 6 && b[0] == 'B' && b[1] == 'M';
        boolean whole;
        if (png) {
            whole = n >= 20 && b[n - 8] == 'I' && b[n - 7] == 'E' && b[n - 6] == 'N' && b[n - 5] == 'D';
        } else if (jpeg) {
            whole = endsWithEndOfImage(b);
        } else if (gif) {
            whole = b[n - 1] == 0x3b;
        } else if (bmp) {
            whole = n >= ByteBuffer.wrap(b, 2, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw unreadable(file, "not a PNG, JPEG, BMP or GIF image (by its first bytes)");
        }
        if (!whole) {
            throw unreadable(file, "truncated (" + n + " bytes, the end of the image is missing)");
        }
    }

    /** @return whether FF D9 ends the file, allowing trailing zero padding some writers add */
    private static boolean endsWithEndOfImage(byte[] b) {
        int end = b.length;
        while (end > 2 && b[end - 1] == 0) {
            end--;
        }
        return (b[end - 2] & 0xff) == 0xff && (b[end - 1] & 0xff) == 0xd9;
    }

    private static UserError unreadable(Path file, String why) {
        return new UserError("cannot read image " + file + ": " + why + "; replace or remove the file");
    }

    /** @return whether the image is grey: a one- or two-band (grey, alpha) raster, or a palette of greys */
    private static boolean grey(BufferedImage image) {
        if (image.getColorModel() instanceof IndexColorModel palette) {
            for (int i = 0; i < palette.getMapSize(); i++) {
                if (palette.getRed(i) != palette.getGreen(i) || palette.getGreen(i) != palette.getBlue(i)) {
                    return false;
                }
            }
            return true;
        }
        return image.getRaster().getNumBands() <= 2;
    }

    /** Reads the grey band's samples as they are stored (16-bit samples scaled to 0-255). */
    private static Decoded greyLevels(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[] out = new float[h * w];
        if (image.getColorModel() instanceof IndexColorModel palette) {
            Raster raster = image.getRaster();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = palette.getRed(raster.getSample(x, y, 0));
                }
            }
            return new Decoded(new ImageSpec(1, h, w, 0), out);
        }
        Raster raster = image.getRaster();
        int bits = raster.getSampleModel().getSampleSize(0);
        double scale = 255.0 / ((1L << bits) - 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (float) Math.round(raster.getSample(x, y, 0) * scale);
            }
        }
        return new Decoded(new ImageSpec(1, h, w, 0), out);
    }

    /** Reads R, G and B through the colour model (sRGB, 8 bits each). */
    private static Decoded colours(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        int plane = h * w;
        float[] out = new float[3 * plane];
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int p = 0; p < plane; p++) {
            out[p] = (argb[p] >> 16) & 0xff;
            out[plane + p] = (argb[p] >> 8) & 0xff;
            out[2 * plane + p] = argb[p] & 0xff;
        }
        return new Decoded(new ImageSpec(3, h, w, 0), out);
    }
}

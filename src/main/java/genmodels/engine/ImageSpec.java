package genmodels.engine;

import java.util.Locale;

/**
 * The images a model is built for: channels, height and width of each image, and how many classes
 * their labels run over. Images travel as float32 {@code [batch, channels * height * width]} in
 * [0, 1], each image channel-major (all of channel 0 row by row, then channel 1, ...), the layout
 * a reshape to {@code [batch, channels, height, width]} reads.
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param height rows per image
 * @param width columns per image
 * @param classes distinct label values the data may hold (labels are 0 .. classes - 1), or 0 for
 *     unlabelled images
 */
public record ImageSpec(int channels, int height, int width, int classes) {

    /** MNIST and Fashion-MNIST: 28x28 grey images of 10 classes. */
    public static final ImageSpec MNIST = new ImageSpec(1, 28, 28, 10);

    /** @throws IllegalArgumentException for a size below 1 or a negative class count */
    public ImageSpec {
        if (channels < 1 || height < 1 || width < 1 || classes < 0) {
            throw new IllegalArgumentException("an image spec needs positive sizes, got " + channels + "x" + height
                    + "x" + width + ", " + classes + " classes");
        }
    }

    /**
     * Reads {@link #describe()}'s form.
     *
     * @param shape {@code CxHxW}, e.g. {@code 3x32x32}
     * @param classes the class count
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static ImageSpec parse(String shape, int classes) {
        String[] parts = shape.trim().split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("an image shape is CxHxW, e.g. 1x28x28; found " + shape);
        }
        try {
            return new ImageSpec(
                    Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), classes);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an image shape is CxHxW, e.g. 1x28x28; found " + shape, e);
        }
    }

    /** @return values per image, channels * height * width */
    public int dimensions() {
        return channels * height * width;
    }

    /** @return pixels per channel, height * width */
    public int pixels() {
        return height * width;
    }

    /** @return whether the images carry labels */
    public boolean labelled() {
        return classes > 0;
    }

    /** @return whether the images have three colour channels */
    public boolean colour() {
        return channels == 3;
    }

    /** @return {@code CxHxW}, e.g. {@code 1x28x28} */
    public String describe() {
        return String.format(Locale.ROOT, "%dx%dx%d", channels, height, width);
    }

    /** @return {@code HxW}, e.g. {@code 28x28} */
    public String sides() {
        return String.format(Locale.ROOT, "%dx%d", height, width);
    }

    /** @return this spec with another number of classes */
    public ImageSpec withClasses(int count) {
        return new ImageSpec(channels, height, width, count);
    }
}

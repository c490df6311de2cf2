package genmodels.data;

import genmodels.config.DataConfig;
import genmodels.engine.ImageSpec;
import java.util.stream.IntStream;

/**
 * What {@code data.channels}, {@code data.crop} and {@code data.image_size} ask of every image, in
 * this order: the channels converted, the centre square cropped, the sides resized (see {@link
 * Resampling}). Grey levels 0-255 are rounded back to whole levels after the conversion.
 *
 * @param channels 1 or 3, or null to keep the images' own
 * @param centreCrop whether to crop the largest centred square first
 * @param size the side of the square images wanted, or null to keep the images' own sides
 */
record ImageConversion(Integer channels, boolean centreCrop, Integer size) {

    /** @return the conversion a data section asks for */
    static ImageConversion of(DataConfig data) {
        return new ImageConversion(data.channels(), "center".equals(data.crop()), data.imageSize());
    }

    /** @return whether it changes nothing */
    boolean none() {
        return channels == null && !centreCrop && size == null;
    }

    /** @return the shape an image of {@code in}'s shape has after the conversion */
    ImageSpec shapeOf(ImageSpec in) {
        int c = channels == null ? in.channels() : channels;
        int h = in.height();
        int w = in.width();
        if (centreCrop) {
            h = Math.min(h, w);
            w = h;
        }
        if (size != null) {
            h = size;
            w = size;
        }
        return new ImageSpec(c, h, w, 0);
    }

    /** @return one image converted, [C', H', W'] */
    float[] apply(float[] image, ImageSpec in) {
        float[] out = image;
        ImageSpec shape = in;
        if (channels != null && channels != in.channels()) {
            out = Resampling.toChannels(out, shape, channels);
            shape = new ImageSpec(channels, shape.height(), shape.width(), 0);
        }
        if (centreCrop && shape.height() != shape.width()) {
            out = Resampling.centreCrop(out, shape);
            int side = Math.min(shape.height(), shape.width());
            shape = new ImageSpec(shape.channels(), side, side, 0);
        }
        if (size != null) {
            out = Resampling.resize(out, shape, size, size);
        }
        return out;
    }

    /** @return the split with every image converted, in parallel */
    DecodedImages apply(DecodedImages split) {
        if (none() || shapeOf(split.shape()).equals(split.shape().withClasses(0))) {
            return split;
        }
        ImageSpec to = shapeOf(split.shape());
        int d = to.dimensions();
        byte[] bytes = split.discrete() ? new byte[split.count() * d] : null;
        float[] floats = split.discrete() ? null : new float[split.count() * d];
        IntStream.range(0, split.count()).parallel().forEach(i -> {
            float[] image = apply(split.image(i), split.shape());
            if (bytes != null) {
                for (int j = 0; j < d; j++) {
                    bytes[i * d + j] = level(image[j]);
                }
            } else {
                System.arraycopy(image, 0, floats, i * d, d);
            }
        });
        return new DecodedImages(to, split.count(), bytes, floats, split.labels());
    }

    /** @return the nearest whole grey level, 0-255, as an unsigned byte */
    static byte level(float value) {
        return (byte) Math.max(0, Math.min(255, Math.round(value)));
    }

    /** @return {@code data.channels=1 data.image_size=32 data.crop=center}'s short form, for messages */
    String describe() {
        StringBuilder out = new StringBuilder();
        if (channels != null) {
            out.append(channels == 1 ? "grey" : "colour");
        }
        if (centreCrop) {
            out.append(out.isEmpty() ? "" : ", ").append("centre crop");
        }
        if (size != null) {
            out.append(out.isEmpty() ? "" : ", ").append(size).append("x").append(size);
        }
        return out.toString();
    }
}

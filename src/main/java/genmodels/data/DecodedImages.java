package genmodels.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.engine.ImageSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One split as a reader decoded it, on the Java heap: {@code count} images of one shape, each
 * channel-major ({@code [C, H, W]} flattened), as unsigned bytes 0-255 ({@code bytes}) or, for
 * float arrays, as floats in [0, 1] ({@code floats}); exactly one of the two is set.
 *
 * @param shape channels and sides (its class count is not used here)
 * @param count images
 * @param bytes {@code count * C * H * W} grey levels 0-255, or null
 * @param floats {@code count * C * H * W} values in [0, 1], or null
 * @param labels one non-negative label per image, or null for unlabelled images
 */
record DecodedImages(ImageSpec shape, int count, byte[] bytes, float[] floats, int[] labels) {

    DecodedImages {
        if ((bytes == null) == (floats == null)) {
            throw new IllegalArgumentException("give the images as bytes or as floats");
        }
        long expected = (long) count * shape.dimensions();
        long found = bytes != null ? bytes.length : floats.length;
        if (found != expected || (labels != null && labels.length != count)) {
            throw new IllegalArgumentException(
                    count + " images of " + shape.describe() + " need " + expected + " values, found " + found);
        }
    }

    /** @return whether the images are grey levels 0-255 */
    boolean discrete() {
        return bytes != null;
    }

    /** @return the largest label + 1, or 0 when unlabelled */
    int classes() {
        int max = -1;
        if (labels != null) {
            for (int label : labels) {
                max = Math.max(max, label);
            }
        }
        return max + 1;
    }

    /** @return image {@code i}'s values, channel-major, in 0-255 for bytes and [0, 1] for floats */
    float[] image(int i) {
        int d = shape.dimensions();
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            out[j] = bytes != null ? bytes[i * d + j] & 0xff : floats[i * d + j];
        }
        return out;
    }

    /**
     * @return uint8 [count, C * H * W] grey levels for images decoded as bytes, float32 [count, C *
     *     H * W] in [0, 1] for float data; in {@code manager} ({@link ImageSplit#toFloat} converts)
     */
    NDArray pixels(NDManager manager) {
        Shape flat = new Shape(count, shape.dimensions());
        if (bytes != null) {
            return manager.create(ByteBuffer.wrap(bytes), flat, DataType.UINT8);
        }
        return manager.create(floats, flat);
    }

    /** @return bytes per value as {@link #pixels} holds them: 1 for uint8, 4 for float32 */
    int bytesPerValue() {
        return bytes != null ? 1 : 4;
    }

    /** @return int32 [count], zeros when unlabelled, in {@code manager} */
    NDArray labelArray(NDManager manager) {
        return manager.create(labels != null ? labels : new int[count]);
    }

    /** @return md5 of the images as stored (bytes, or little-endian float32) */
    String imagesMd5() {
        if (bytes != null) {
            return md5(bytes);
        }
        ByteBuffer buffer = ByteBuffer.allocate(floats.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(floats);
        return md5(buffer.array());
    }

    /** @return md5 of the labels as little-endian int32, or null when unlabelled */
    String labelsMd5() {
        if (labels == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(labels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(labels);
        return md5(buffer.array());
    }

    static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package genmodels.data;

import genmodels.engine.ImageSpec;

/**
 * The conversions {@code data.channels}, {@code data.crop} and {@code data.image_size} ask for,
 * on one image held channel-major ({@code [C, H, W]} flattened) in any value scale.
 *
 * <ul>
 *   <li>Colour to grey: the ITU-R BT.601 luma {@code 0.299 R + 0.587 G + 0.114 B}, the weights of
 *       PIL's {@code convert("L")}; grey to colour copies the grey level into R, G and B.
 *   <li>Centre crop: the largest centred square, {@code floor((H - S) / 2)} rows dropped above
 *       (PIL's and torchvision's {@code CenterCrop} rounding).
 *   <li>Resize, each axis on its own (separable): shrinking averages the input pixels an output
 *       pixel covers, weighted by the overlap (area averaging, OpenCV's {@code INTER_AREA}; for an
 *       integer ratio the plain block mean of PyTorch's {@code interpolate(mode="area")}); enlarging
 *       interpolates linearly between pixel centres (PyTorch's {@code interpolate(mode="bilinear",
 *       align_corners=False)}: output centre {@code (o + 0.5) in / out - 0.5}, clamped at the
 *       borders).
 * </ul>
 */
final class Resampling {

    private Resampling() {}

    /**
     * @param image [c, h, w] values
     * @param shape its channels and sides
     * @param channels 1 or 3
     * @return the image with {@code channels} channels (the same array when it has them already)
     */
    static float[] toChannels(float[] image, ImageSpec shape, int channels) {
        if (shape.channels() == channels) {
            return image;
        }
        int plane = shape.pixels();
        float[] out = new float[channels * plane];
        if (channels == 1) {
            for (int p = 0; p < plane; p++) {
                out[p] = 0.299f * image[p] + 0.587f * image[plane + p] + 0.114f * image[2 * plane + p];
            }
        } else {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(image, 0, out, c * plane, plane);
            }
        }
        return out;
    }

    /**
     * @param image [c, h, w] values
     * @param shape its channels and sides
     * @return the largest centred square of it, [c, s, s] with s = min(h, w)
     */
    static float[] centreCrop(float[] image, ImageSpec shape) {
        int side = Math.min(shape.height(), shape.width());
        int top = (shape.height() - side) / 2;
        int left = (shape.width() - side) / 2;
        float[] out = new float[shape.channels() * side * side];
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < side; y++) {
                int from = c * shape.pixels() + (top + y) * shape.width() + left;
                System.arraycopy(image, from, out, (c * side + y) * side, side);
            }
        }
        return out;
    }

    /**
     * @param image [c, h, w] values
     * @param shape its channels and sides
     * @param height rows wanted
     * @param width columns wanted
     * @return [c, height, width]
     */
    static float[] resize(float[] image, ImageSpec shape, int height, int width) {
        if (shape.height() == height && shape.width() == width) {
            return image;
        }
        double[][] rows = weights(shape.height(), height);
        double[][] columns = weights(shape.width(), width);
        float[] out = new float[shape.channels() * height * width];
        double[] across = new double[shape.height() * width]; // columns resized, rows not yet
        for (int c = 0; c < shape.channels(); c++) {
            int base = c * shape.pixels();
            for (int y = 0; y < shape.height(); y++) {
                for (int x = 0; x < width; x++) {
                    double sum = 0;
                    for (int i = 0; i < shape.width(); i++) {
                        sum += columns[x][i] * image[base + y * shape.width() + i];
                    }
                    across[y * width + x] = sum;
                }
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double sum = 0;
                    for (int i = 0; i < shape.height(); i++) {
                        sum += rows[y][i] * across[i * width + x];
                    }
                    out[(c * height + y) * width + x] = (float) sum;
                }
            }
        }
        return out;
    }

    /**
     * The weights of one axis: {@code w[o][i]} is input pixel i's share of output pixel o; each row
     * sums to 1.
     */
    static double[][] weights(int in, int out) {
        double[][] w = new double[out][in];
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            if (out < in) { // area: the output pixel covers [o scale, (o + 1) scale) of the input
                double from = o * scale;
                double to = from + scale;
                for (int i = (int) Math.floor(from); i < Math.min(in, (int) Math.ceil(to)); i++) {
                    w[o][i] = (Math.min(to, i + 1) - Math.max(from, i)) / scale;
                }
            } else { // linear between the centres
                double centre = Math.max(0, (o + 0.5) * scale - 0.5);
                int left = Math.min((int) Math.floor(centre), in - 1);
                int right = Math.min(left + 1, in - 1);
                double t = centre - left;
                w[o][left] += 1 - t;
                w[o][right] += t;
            }
        }
        return w;
    }
}

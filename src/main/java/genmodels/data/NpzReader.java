package genmodels.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.config.DataConfig;
import genmodels.engine.ImageSpec;
import genmodels.errors.UserError;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A NumPy archive ({@code data.dataset: npz}) in the layout of Keras' datasets: {@code x_train}
 * and {@code x_test}, images {@code [N, H, W]} (grey) or {@code [N, H, W, C]} with C = 1 or 3,
 * uint8 grey levels 0-255 or float32/float64 values in [0, 1]; optional integer labels {@code
 * y_train} and {@code y_test} ({@code [N]}, non-negative). Read with DJL's {@code NDList.decode},
 * which reads {@code np.savez} and {@code np.savez_compressed} files. The identity holds the md5
 * of the decoded arrays.
 */
final class NpzReader {

    private NpzReader() {}

    static ReadSplits read(DataConfig config, NDManager manager) {
        Path file = Path.of(config.file());
        if (!Files.isRegularFile(file)) {
            throw new UserError("data.file " + file + " is not a file; point data.file at an .npz file with x_train"
                    + " and x_test");
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDList arrays = decode(file, scratch);
            Map<String, String> identity = new LinkedHashMap<>();
            identity.put("dataset", config.dataset());
            identity.put("source", file.toAbsolutePath().normalize().toString());
            DecodedImages train = split(arrays, "train", file);
            DecodedImages test = split(arrays, "test", file);
            for (DecodedImages s : List.of(train, test)) {
                String name = s == train ? "train" : "test";
                identity.put(name + "_images_md5", s.imagesMd5());
                if (s.labels() != null) {
                    identity.put(name + "_labels_md5", s.labelsMd5());
                }
            }
            return new ReadSplits(train, test, null, identity);
        }
    }

    private static NDList decode(Path file, NDManager manager) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            NDList arrays = NDList.decode(manager, in);
            if (arrays.isEmpty()) {
                throw new UserError(file + " holds no arrays; save x_train and x_test with numpy.savez");
            }
            return arrays;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new UserError(
                    "cannot read " + file + " as an .npz archive (" + e.getMessage() + "); save it with"
                            + " numpy.savez or numpy.savez_compressed, arrays in C order",
                    e);
        }
    }

    private static DecodedImages split(NDList arrays, String split, Path file) {
        NDArray x = arrays.get("x_" + split);
        if (x == null) {
            throw new UserError(file + " has no x_" + split + " array (it holds " + names(arrays) + "); save the images"
                    + " as x_train and x_test, e.g. numpy.savez(f, x_train=..., x_test=...)");
        }
        ImageSpec shape = shape(x, split, file);
        int n = Math.toIntExact(x.getShape().get(0));
        NDArray channelMajor = x.getShape().dimension() == 4 ? x.transpose(0, 3, 1, 2) : x;
        int[] labels = labels(arrays.get("y_" + split), n, split, file);
        if (x.getDataType() == DataType.UINT8) {
            return new DecodedImages(shape, n, channelMajor.toByteArray(), null, labels);
        }
        if (x.getDataType() != DataType.FLOAT32 && x.getDataType() != DataType.FLOAT64) {
            throw new UserError(file + "'s x_" + split + " is " + x.getDataType() + "; images must be uint8 (0-255) or"
                    + " float32 (0-1)");
        }
        NDArray floats = channelMajor.toType(DataType.FLOAT32, false);
        float min = n == 0 ? 0 : floats.min().getFloat();
        float max = n == 0 ? 0 : floats.max().getFloat();
        if (!(min >= 0 && max <= 1)) {
            throw new UserError(String.format(
                    Locale.ROOT,
                    "%s's x_%s holds values in [%g, %g], outside [0, 1]; divide it by 255 or save it as uint8",
                    file,
                    split,
                    min,
                    max));
        }
        return new DecodedImages(shape, n, null, floats.toFloatArray(), labels);
    }

    private static ImageSpec shape(NDArray x, String split, Path file) {
        Shape s = x.getShape();
        boolean channels = s.dimension() == 4 && (s.get(3) == 1 || s.get(3) == 3);
        if (!(s.dimension() == 3 || channels) || s.get(0) == 0) {
            throw new UserError(file + "'s x_" + split + " has shape " + s + "; images must be [N, H, W] (grey) or"
                    + " [N, H, W, C] with C = 1 or 3, N > 0");
        }
        return new ImageSpec(channels ? (int) s.get(3) : 1, (int) s.get(1), (int) s.get(2), 0);
    }

    private static int[] labels(NDArray y, int n, String split, Path file) {
        if (y == null) {
            return null;
        }
        if (y.getShape().dimension() != 1
                || y.getShape().get(0) != n
                || y.getDataType().isFloating()) {
            throw new UserError(file + "'s y_" + split + " is " + y.getDataType() + " " + y.getShape() + "; labels must"
                    + " be integers [N] with N = " + n + ", the number of x_" + split + " images");
        }
        int[] labels = y.toType(DataType.INT32, false).toIntArray();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new UserError(file + "'s y_" + split + " has label " + labels[i] + " at index " + i
                        + "; labels must be 0 or more");
            }
        }
        return labels;
    }

    private static String names(NDList arrays) {
        return arrays.stream()
                .map(a -> a.getName() == null ? "unnamed" : a.getName())
                .toList()
                .toString();
    }
}

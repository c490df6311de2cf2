package genmodels.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.engine.ImageSpec;
import genmodels.errors.UserError;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One set of images given on the command line, as {@code genmodels fid} takes it (pytorch-fid's
 * command line takes folders): a folder of image files (searched recursively, hidden files
 * skipped, in sorted order), a {@code .npy} array, or a {@code .npz} archive holding one array or
 * one named {@code images}. Arrays are {@code [n, H, W]} or {@code [n, H, W, C]} (C = 1 or 3; the
 * layout {@code genmodels sample --format npy} writes), uint8 0-255 or float in [0, 1].
 *
 * @param images [n, C * H * W] float32 in [0, 1], channel-major
 * @param shape the images' channels and sides (classes 0)
 * @param source the path it came from
 */
public record ImageSet(NDArray images, ImageSpec shape, Path source) {

    /** @return how many images */
    public int size() {
        return (int) images.getShape().get(0);
    }

    /**
     * @throws UserError for a missing path, an unreadable file, images of mixed shapes, or an array
     *     of another layout or range
     */
    public static ImageSet read(Path path, NDManager manager) {
        if (Files.isDirectory(path)) {
            return folder(path, manager);
        }
        if (!Files.isRegularFile(path)) {
            throw new UserError(path + " does not exist; give an image folder, an .npy or .npz of images, or a"
                    + " statistics .npz (mu, sigma)");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".npy") && !name.endsWith(".npz")) {
            throw new UserError(path + " is neither a folder nor an .npy or .npz file; give an image folder, an .npy"
                    + " or .npz of images, or a statistics .npz (mu, sigma)");
        }
        return array(path, pick(path, decode(path, manager)), manager);
    }

    private static ImageSet folder(Path root, NDManager manager) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(ImageFiles::isImage)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UserError("cannot list " + root + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new UserError(root + " holds no PNG, JPEG, BMP or GIF images");
        }
        ImageFiles.Decoded first = ImageFiles.decode(files.get(0));
        int d = first.shape().dimensions();
        float[] values = new float[files.size() * d];
        for (int i = 0; i < files.size(); i++) {
            ImageFiles.Decoded image = i == 0 ? first : ImageFiles.decode(files.get(i));
            if (!image.shape().equals(first.shape())) {
                throw new UserError("images of mixed shapes in " + root + ": "
                        + files.get(0).getFileName() + " is "
                        + first.shape().describe() + " but " + root.relativize(files.get(i)) + " is "
                        + image.shape().describe() + " (channels x height x width); resize them to one shape");
            }
            for (int j = 0; j < d; j++) {
                values[i * d + j] = image.values()[j] / 255f;
            }
        }
        NDArray images = manager.create(values, new Shape(files.size(), d));
        return new ImageSet(images, first.shape(), root);
    }

    private static NDList decode(Path file, NDManager manager) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            return NDList.decode(manager, in);
        } catch (IOException | RuntimeException e) {
            throw new UserError(
                    "cannot read " + file + " as a NumPy file (" + e.getMessage() + "); save it with"
                            + " numpy.save or numpy.savez",
                    e);
        }
    }

    private static NDArray pick(Path file, NDList arrays) {
        if (arrays.size() == 1) {
            return arrays.get(0);
        }
        NDArray named = arrays.get("images");
        if (named == null) {
            throw new UserError(file + " holds " + arrays.size() + " arrays and none is named 'images'; save one"
                    + " array, or name the images 'images'");
        }
        return named;
    }

    private static ImageSet array(Path file, NDArray x, NDManager manager) {
        Shape s = x.getShape();
        boolean grey = s.dimension() == 3;
        boolean channelsLast = s.dimension() == 4 && (s.get(3) == 1 || s.get(3) == 3);
        if (!grey && !channelsLast || s.get(0) < 1) {
            throw new UserError(file + " holds an array of shape " + s + "; images are [n, H, W] or [n, H, W, C] with"
                    + " C = 1 or 3");
        }
        int channels = grey ? 1 : (int) s.get(3);
        ImageSpec shape = new ImageSpec(channels, (int) s.get(1), (int) s.get(2), 0);
        NDArray values = scaled(file, x);
        NDArray chw = grey ? values : values.transpose(0, 3, 1, 2);
        NDArray images = chw.reshape(s.get(0), shape.dimensions());
        images.attach(manager);
        return new ImageSet(images, shape, file);
    }

    /** @return float32 in [0, 1]: uint8 divided by 255, floats as they are once checked */
    private static NDArray scaled(Path file, NDArray x) {
        if (x.getDataType() == DataType.UINT8) {
            return x.toType(DataType.FLOAT32, false).div(255f);
        }
        if (x.getDataType() != DataType.FLOAT32 && x.getDataType() != DataType.FLOAT64) {
            throw new UserError(file + " holds " + x.getDataType() + " values; give uint8 0-255 or float in [0, 1]");
        }
        NDArray f = x.toType(DataType.FLOAT32, false);
        float lo = f.min().getFloat();
        float hi = f.max().getFloat();
        if (!(lo >= 0f) || !(hi <= 1f)) {
            throw new UserError(file + " holds values from " + lo + " to " + hi + "; float images must lie in [0, 1]"
                    + " (divide 0-255 values by 255, or save them as uint8)");
        }
        return f;
    }
}

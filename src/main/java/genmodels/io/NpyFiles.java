package genmodels.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import genmodels.engine.ImageSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * NumPy {@code .npy} files, format version 1.0, as {@code numpy.load} reads them: the magic string
 * {@code \x93NUMPY}, the version bytes 1 and 0, the header's length as a little-endian 16-bit
 * integer, then the header, a Python dict literal {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (n, 28, 28), }} padded with spaces and ended by a newline so that the data start at a
 * multiple of 64 bytes, then the data in C order, little-endian.
 *
 * <p>The encoding is DJL's own NumPy writer ({@link NDList#encode(java.io.OutputStream,
 * NDList.Encoding)} with {@code NPZ}, whose one entry is exactly a {@code .npy} file): this class
 * only takes that entry out of the archive, and writes it atomically.
 */
public final class NpyFiles {

    private NpyFiles() {}

    /**
     * @param file the {@code .npy} file to write (replaced atomically)
     * @param array any shape; float32 is written as {@code <f4}, int64 as {@code <i8}, int32 as
     *     {@code <i4}; copied to the host first when it lives on a GPU
     */
    public static void write(Path file, NDArray array) throws IOException {
        byte[] npy = encode(array);
        AtomicFiles.write(file, out -> out.write(npy));
    }

    /** @return the bytes of a {@code .npy} file holding {@code array} */
    static byte[] encode(NDArray array) throws IOException {
        ByteArrayOutputStream npz = new ByteArrayOutputStream();
        new NDList(array).encode(npz, NDList.Encoding.NPZ);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz.toByteArray()))) {
            ZipEntry entry = zip.getNextEntry();
            if (entry == null) {
                throw new IOException("DJL wrote an empty NumPy archive");
            }
            return zip.readAllBytes();
        }
    }

    /**
     * @param file a {@code .npy} file
     * @param manager where the array is created
     * @return its array, with the shape and type of the file
     */
    public static NDArray read(Path file, NDManager manager) throws IOException {
        return NDList.decode(manager, Files.readAllBytes(file)).singletonOrThrow();
    }

    /**
     * Images in the layout NumPy and PIL expect of an image array.
     *
     * @param images [n, C * H * W], each image channel-major
     * @param shape the images' channels and sides
     * @return [n, H, W] for grey images, [n, H, W, C] (channels last) for colour ones
     */
    public static NDArray imageLayout(NDArray images, ImageSpec shape) {
        long n = images.getShape().get(0);
        if (shape.channels() == 1) {
            return images.reshape(n, shape.height(), shape.width());
        }
        // a transposed view; DJL copies it to contiguous memory when its bytes are read
        return images.reshape(n, shape.channels(), shape.height(), shape.width())
                .transpose(0, 2, 3, 1);
    }

    /** @return {@code file} with its extension (if any) replaced by {@code extension}, e.g. ".npy" */
    public static Path withExtension(Path file, String extension) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + extension);
    }
}

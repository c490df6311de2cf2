package genmodels.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.models.FrechetDistance;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Feature statistics in pytorch-fid's {@code .npz} layout ({@code np.savez(path, mu=mu,
 * sigma=sigma)}: {@code mu} [D] and {@code sigma} [D, D], float64), so that published statistics
 * files are read as they are and files written here are read by pytorch-fid. Read and written with
 * DJL's NumPy codec ({@link NDList#decode} and {@link NDList#encode} with {@code NPZ}).
 */
public final class StatisticsFile {

    private StatisticsFile() {}

    /** @return whether the path names a statistics file rather than images: an .npz holding mu and sigma */
    public static boolean holdsStatistics(Path file, NDManager manager) {
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npz")) {
            return false;
        }
        NDList arrays = decode(file, manager);
        return arrays.contains("mu") || arrays.contains("sigma");
    }

    /**
     * @return the moments the file holds
     * @throws UserError when it cannot be read, lacks {@code mu} or {@code sigma}, or their shapes
     *     disagree ({@code mu} [D], {@code sigma} [D, D])
     */
    public static FrechetDistance.Moments read(Path file, NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            NDList arrays = decode(file, scratch);
            NDArray mu = arrays.get("mu");
            NDArray sigma = arrays.get("sigma");
            if (mu == null || sigma == null) {
                throw new UserError(file + " has no " + (mu == null ? "mu" : "sigma") + " array (it holds "
                        + names(arrays) + "); a statistics file holds mu [D] and sigma [D, D], as pytorch-fid"
                        + " --save-stats and genmodels evaluate --save-reference-stats write them");
            }
            Shape m = mu.getShape();
            Shape s = sigma.getShape();
            if (m.dimension() != 1 || s.dimension() != 2 || s.get(0) != m.get(0) || s.get(1) != m.get(0)) {
                throw new UserError(
                        file + ": mu is " + m + " and sigma " + s + "; they must be [D] and [D, D]" + " with one D");
            }
            return new FrechetDistance.Moments(
                    mu.toType(DataType.FLOAT64, false).toDoubleArray(),
                    sigma.toType(DataType.FLOAT64, false).toDoubleArray());
        }
    }

    /** Writes {@code mu} and {@code sigma}, float64, atomically. */
    public static void write(Path file, FrechetDistance.Moments moments, NDManager manager) throws IOException {
        try (NDManager scratch = manager.newSubManager()) {
            int d = moments.dimension();
            NDArray mu = scratch.create(moments.mean());
            mu.setName("mu");
            NDArray sigma = scratch.create(moments.covariance(), new Shape(d, d));
            sigma.setName("sigma");
            NDList list = new NDList(mu, sigma);
            AtomicFiles.write(file, out -> list.encode(out, NDList.Encoding.NPZ));
        }
    }

    private static NDList decode(Path file, NDManager manager) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            return NDList.decode(manager, in);
        } catch (IOException | RuntimeException e) {
            throw new UserError(
                    "cannot read " + file + " as an .npz archive (" + e.getMessage() + "); a statistics"
                            + " file is numpy.savez(path, mu=mu, sigma=sigma)",
                    e);
        }
    }

    private static String names(NDList arrays) {
        return arrays.stream()
                .map(a -> a.getName() == null ? "unnamed" : a.getName())
                .toList()
                .toString();
    }
}

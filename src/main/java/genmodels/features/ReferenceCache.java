package genmodels.features;

import ai.djl.ndarray.NDManager;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.models.FrechetDistance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The real images' feature statistics, computed once per (data, split, network) and kept in a
 * folder as pytorch-fid {@code .npz} files ({@link StatisticsFile}), each with a {@code .txt}
 * beside it saying what it holds. The key is the sha256 of the data's identity (its files' md5s,
 * the image shape, any conversion), the split and the network file's sha256, so changed data or a
 * changed network never reads a stale file. The folder is {@code $GENMODELS_CACHE_DIR/reference-stats},
 * else {@code ~/.cache/genmodels/reference-stats}.
 */
public final class ReferenceCache {

    private final Path folder;

    /** @param folder where the statistics files are kept */
    public ReferenceCache(Path folder) {
        this.folder = folder;
    }

    /** @return the cache in its default folder (the system property genmodels.cache.dir first, for tests) */
    public static ReferenceCache standard() {
        String dir = System.getProperty("genmodels.cache.dir", System.getenv("GENMODELS_CACHE_DIR"));
        Path root = dir != null && !dir.isBlank()
                ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".cache", "genmodels");
        return new ReferenceCache(root.resolve("reference-stats"));
    }

    /**
     * @param identity the data's identity (as {@code Datasets.Splits.identity()})
     * @param split which split's images
     * @param networkSha256 the feature network file's sha256
     * @param compute computes the statistics when they are not cached
     * @return the statistics, and whether they came from the cache
     */
    public Cached statistics(
            Map<String, String> identity,
            String split,
            String networkSha256,
            NDManager manager,
            Supplier<FrechetDistance.Moments> compute) {
        String key = key(identity, split, networkSha256);
        Path file = folder.resolve(key + ".npz");
        if (Files.isRegularFile(file)) {
            try {
                return new Cached(StatisticsFile.read(file, manager), file, true);
            } catch (UserError e) {
                // a damaged cache entry is recomputed below
            }
        }
        FrechetDistance.Moments moments = compute.get();
        try {
            Files.createDirectories(folder);
            StatisticsFile.write(file, moments, manager);
            AtomicFiles.writeString(
                    folder.resolve(key + ".txt"),
                    "feature statistics (pytorch-fid layout: mu, sigma) of the " + split + " split\nnetwork sha256 "
                            + networkSha256 + "\ndata " + new TreeMap<>(identity) + "\n");
        } catch (IOException e) {
            return new Cached(moments, null, false); // an unwritable cache costs only the recomputation
        }
        return new Cached(moments, file, false);
    }

    /**
     * @param moments the statistics
     * @param file where they are kept, or null when they could not be written
     * @param hit whether they were read from the cache
     */
    public record Cached(FrechetDistance.Moments moments, Path file, boolean hit) {}

    static String key(Map<String, String> identity, String split, String networkSha256) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((new TreeMap<>(identity) + "|" + split + "|" + networkSha256).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package genmodels.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import genmodels.errors.UserError;
import genmodels.models.FrechetDistance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The figures between two image sets through one feature network: the Fréchet distance (FID
 * when the network is pytorch-fid's FID Inception; Heusel et al. 2017), and on request KID and
 * improved precision/recall, each written beside the network (file name, sha256), the image
 * counts and the protocol that produced it.
 */
public final class FeatureFigures {

    /** The diagonal offset pytorch-fid adds to singular covariances ({@code calculate_frechet_distance}'s eps). */
    public static final double SINGULAR_OFFSET = 1e-6;

    private FeatureFigures() {}

    /**
     * One image set's features or, for a statistics file, only its moments.
     *
     * @param source where it came from (a path, or "test split of ...")
     * @param count images, or 0 when unknown (a statistics file)
     * @param features [n, D] float32, or null for a statistics file
     * @param moments mean and unbiased covariance of the features
     */
    public record Side(String source, int count, NDArray features, FrechetDistance.Moments moments) {

        /** @return a side from features, its moments computed here */
        public static Side of(String source, NDArray features) {
            return new Side(source, (int) features.getShape().get(0), features, FrechetDistance.moments(features));
        }
    }

    /**
     * @param kid whether to compute KID
     * @param subsets KID's subsets
     * @param subsetSize KID's subset size
     * @param precisionRecall whether to compute improved precision and recall
     * @param k their neighbourhood size
     * @param seed seeds KID's subsets
     */
    public record Options(boolean kid, int subsets, int subsetSize, boolean precisionRecall, int k, long seed) {

        /** FID only. */
        public static Options fidOnly() {
            return new Options(false, KernelDistance.DEFAULT_SUBSETS, KernelDistance.DEFAULT_SUBSET_SIZE, false, 3, 1);
        }
    }

    /** @return the JSON key of the Fréchet distance: {@code fid} only for pytorch-fid's FID Inception */
    public static String frechetKey(FeatureNetwork.Declaration network) {
        return network.fid() ? "fid" : "feature_frechet_distance";
    }

    /**
     * @param a the first set (e.g. generated images)
     * @param b the second set (e.g. real images)
     * @param warn told one line for each warning (a singular covariance)
     * @return the figures and their protocol, in the order they are printed
     */
    public static Map<String, Object> compare(
            Side a, Side b, FeatureNetwork network, Options options, Consumer<String> warn, NDManager manager) {
        requireSameWidth(a, b);
        Map<String, Object> out = new LinkedHashMap<>();
        FeatureNetwork.Declaration declaration = network.declaration();
        out.put(frechetKey(declaration), frechet(a, b, warn, manager));
        if (!declaration.fid()) {
            out.put(
                    "note",
                    "NOT FID: a Frechet distance on the features of "
                            + network.file().getFileName() + " (" + declaration.name()
                            + "); only pytorch-fid's FID Inception gives FID");
        }
        if (options.kid()) {
            KernelDistance.Result kid = KernelDistance.of(
                    b.features(), a.features(), options.subsets(), options.subsetSize(), options.seed());
            out.put(
                    declaration.fid() ? "kid" : "kernel_distance",
                    ordered(
                            "mean",
                            kid.mean(),
                            "std",
                            kid.std(),
                            "subsets",
                            kid.subsets(),
                            "subset_size",
                            kid.subsetSize()));
        }
        if (options.precisionRecall()) {
            PrecisionRecall.Result pr = PrecisionRecall.of(b.features(), a.features(), options.k());
            out.put("precision_recall", ordered("precision", pr.precision(), "recall", pr.recall(), "k", pr.k()));
        }
        out.put("images", ordered("a", a.count(), "b", b.count()));
        out.put("sources", ordered("a", a.source(), "b", b.source()));
        out.put("network", network(network, a, b));
        out.put("protocol", protocol(declaration, options));
        return out;
    }

    /**
     * The Fréchet distance between two statistics files, as pytorch-fid computes it for two
     * {@code .npz} arguments; whether it is FID depends on the network that made them.
     */
    public static Map<String, Object> fromStatistics(
            FrechetDistance.Moments a,
            java.nio.file.Path fileA,
            FrechetDistance.Moments b,
            java.nio.file.Path fileB,
            NDManager manager) {
        Side sa = new Side(fileA.toString(), 0, null, a);
        Side sb = new Side(fileB.toString(), 0, null, b);
        if (a.dimension() != b.dimension()) {
            throw new UserError(fileA + " holds statistics of " + a.dimension() + " features and " + fileB + " of "
                    + b.dimension() + "; compare statistics made with the same network");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("frechet_distance", FrechetDistance.squared(sa.moments(), sb.moments(), manager));
        out.put("note", "from two statistics files: FID only if both were made with pytorch-fid's FID Inception");
        out.put("sources", ordered("a", sa.source(), "b", sb.source()));
        out.put(
                "protocol",
                "the moments as the files hold them; tr((S1 S2)^1/2) from the eigenvalues of a symmetric"
                        + " matrix similar to S1 S2 (EJML)");
        return out;
    }

    /** @throws UserError when a statistics file's feature width is not the network's */
    public static void requireSameWidth(Side a, Side b) {
        if (a.moments().dimension() != b.moments().dimension()) {
            Side stats = a.features() == null ? a : b;
            throw new UserError(
                    stats.source() + " holds statistics of " + stats.moments().dimension()
                            + " features but the network gives "
                            + (stats == a ? b : a).moments().dimension()
                            + "; use statistics made with the same network");
        }
    }

    /**
     * The Fréchet distance, with pytorch-fid's remedy for a singular covariance: when a set has
     * fewer than D + 1 images its covariance cannot be full rank, so 1e-6 is added to both
     * diagonals and a warning says how many images are needed.
     */
    public static double frechet(Side a, Side b, Consumer<String> warn, NDManager manager) {
        int d = a.moments().dimension();
        for (Side s : new Side[] {a, b}) {
            if (s.count() > 0 && s.count() < d + 1) {
                warn.accept("warning: " + s.source() + " has " + s.count() + " images but the features have " + d
                        + " dimensions, so its covariance is singular; give at least " + (d + 1) + " images for a full-"
                        + "rank covariance. fid calculation produces singular product; adding " + SINGULAR_OFFSET
                        + " to diagonal of cov estimates (as pytorch-fid does)");
                return FrechetDistance.squared(offset(a.moments()), offset(b.moments()), manager);
            }
        }
        return FrechetDistance.squared(a.moments(), b.moments(), manager);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static FrechetDistance.Moments offset(FrechetDistance.Moments m) {
        int d = m.dimension();
        double[] c = m.covariance().clone();
        for (int i = 0; i < d; i++) {
            c[i * d + i] += SINGULAR_OFFSET;
        }
        return new FrechetDistance.Moments(m.mean(), c);
    }

    private static Map<String, Object> network(FeatureNetwork network, Side a, Side b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", network.file().getFileName().toString());
        out.put("sha256", network.sha256());
        out.put("name", network.declaration().name());
        out.put("features", a.moments().dimension());
        out.put("input", network.declaration().uint8Input() ? "uint8 0-255" : "float32 in [0, 1]");
        return out;
    }

    private static String protocol(FeatureNetwork.Declaration declaration, Options options) {
        StringBuilder p = new StringBuilder("images as [N, 3, H, W] ")
                .append(declaration.uint8Input() ? "uint8 (round(255 x))" : "float32 in [0, 1]")
                .append(", grey repeated to 3 channels, resized by the network itself; moments in float64 with the"
                        + " unbiased (n - 1) covariance; tr((S1 S2)^1/2) from the eigenvalues of a symmetric matrix"
                        + " similar to S1 S2 (EJML)");
        if (options.kid()) {
            p.append("; KID: unbiased MMD^2, kernel (x.y / D + 1)^3, mean and std over ")
                    .append(options.subsets())
                    .append(" subsets of ")
                    .append(options.subsetSize())
                    .append(" (Binkowski et al. 2018)");
        }
        if (options.precisionRecall()) {
            p.append("; precision/recall: k = ")
                    .append(options.k())
                    .append(" nearest-neighbour balls (Kynkaanniemi et" + " al. 2019)");
        }
        return p.toString();
    }
}

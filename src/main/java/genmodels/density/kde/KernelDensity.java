package genmodels.density.kde;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.density.Cholesky;
import genmodels.density.Density;
import genmodels.density.DensityFamily;
import genmodels.density.Draws;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Gaussian kernel density estimation with SciPy's {@code gaussian_kde} bandwidth definition: the
 * kernel covariance is H = f^2 Sigma, Sigma the unbiased covariance of the training points and f
 * the bandwidth factor (Scott 1992: n^{-1/(d+4)}; Silverman 1986: (n (d+2) / 4)^{-1/(d+4)}).
 * p(x) = (1/n) sum_i N(x | x_i, H). Scoring whitens with the Cholesky factor of H (EJML), then
 * evaluates pairwise squared distances in chunks of query points on the engine and reduces them
 * with log-sum-exp, so memory stays bounded whatever the number of points. Immutable.
 */
public final class KernelDensity implements Density {

    /** The registry entry: Scott's bandwidth by default. */
    public static final DensityFamily FAMILY = new DensityFamily(
            "kde",
            "Gaussian kernel density estimate (SciPy's gaussian_kde; Scott's or Silverman's bandwidth factor)",
            (x, random) -> fit(
                    x, scott(x.getShape().get(0), Math.toIntExact(x.getShape().get(1)))),
            KernelDensity::load);

    /** The bandwidth factor, n and d, beside {@link #POINTS_FILE}. */
    public static final String FILE = "kde.json";

    /** The training points, DJL's NDArray encoding, float64 [n, d]. */
    public static final String POINTS_FILE = "kde-points.ndarray";

    /**
     * Entries of the pairwise [chunk, n] block evaluated at once: 2^22, 16 MB in float32. Blocks
     * under glibc's 32 MB mmap ceiling are reused from the heap after the first; larger ones were
     * mapped and zeroed afresh by the kernel every chunk (7 million page faults for 10,000 x 60,000).
     */
    static final long BLOCK = 1L << 22;

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** Query points a {@link #timingKernel} scores. */
    static final long TIMING_QUERIES = 1000;

    /**
     * [d + 2, n] float32: the whitened training points y_i = x_i P as columns, then a row of
     * -|y_i|^2 / 2, then a row of ones; a query row [q, 1, -|q|^2 / 2] times this is the exponent
     * q.y_i - |q|^2 / 2 - |y_i|^2 / 2 = -|q - y_i|^2 / 2 in one matrix product.
     */
    private final NDArray augmentedT;

    private final double[] precisionCholesky; // P, d x d upper triangular: H^{-1} = P P^T
    private final double[] kernelCholesky; // L, d x d lower triangular: H = L L^T
    private final NDArray points; // [n, d] float64
    private final double factor;
    private final double logNormalizer;
    private final int d;
    private final long n;

    private KernelDensity(NDArray points, double factor, double[] covariance) {
        this.points = points;
        this.factor = factor;
        this.n = points.getShape().get(0);
        this.d = Math.toIntExact(points.getShape().get(1));
        double[] h = new double[d * d];
        for (int i = 0; i < h.length; i++) {
            h[i] = covariance[i] * factor * factor;
        }
        Cholesky chol = Cholesky.of(h, d)
                .orElseThrow(() -> new UserError("the kernel covariance is singular: the training points lie in a"
                        + " lower-dimensional subspace (some coordinate is constant or a combination of others);"
                        + " remove it or project with data.pca"));
        this.kernelCholesky = chol.lower();
        double[] p = chol.precision();
        this.precisionCholesky = p;
        double logDet = chol.logDet();
        this.logNormalizer = -Math.log(n) - 0.5 * (d * LOG_2PI + logDet);
        NDManager m = points.getManager();
        try (NDManager scratch = m.newSubManager()) {
            NDArray whitened = points.get(scratch, new NDIndex()).matMul(scratch.create(p, new Shape(d, d)));
            NDArray halfNorms = whitened.square().sum(new int[] {1}, true).mul(-0.5);
            NDArray augmented = NDArrays.concat(
                    new NDList(whitened, halfNorms, scratch.ones(new Shape(n, 1), DataType.FLOAT64)), 1);
            this.augmentedT = augmented.transpose().toType(DataType.FLOAT32, true);
            this.augmentedT.attach(m);
        }
    }

    /**
     * @param x training points, [n, d], n >= 2
     * @param factor the bandwidth factor f (> 0)
     * @return the estimator (it keeps the points, in x's manager)
     */
    public static KernelDensity fit(NDArray x, double factor) {
        if (x.getShape().get(0) < 2) {
            throw new UserError("kernel density estimation needs at least 2 training points");
        }
        NDArray points = x.toType(DataType.FLOAT64, false);
        return new KernelDensity(points, factor, covariance(points));
    }

    /** @return the unbiased covariance of the rows, d x d row-major */
    static double[] covariance(NDArray x) {
        long n = x.getShape().get(0);
        try (NDManager scratch = x.getManager().newSubManager()) {
            scratch.tempAttachAll(x);
            NDArray centred = x.sub(x.mean(new int[] {0}));
            return centred.transpose().matMul(centred).div(n - 1).toDoubleArray();
        }
    }

    /** @return Scott's factor n^{-1/(d+4)} */
    public static double scott(long n, int d) {
        return Math.pow(n, -1.0 / (d + 4));
    }

    /** @return Silverman's factor (n (d+2) / 4)^{-1/(d+4)} */
    public static double silverman(long n, int d) {
        return Math.pow(n * (d + 2) / 4.0, -1.0 / (d + 4));
    }

    /**
     * A representative piece of scoring, for choosing the thread count: the log-density of up to
     * {@value #TIMING_QUERIES} of the points themselves under this estimate.
     *
     * @param points the training points, [n, d]
     */
    public Runnable timingKernel(NDArray points) {
        long rows = Math.min(TIMING_QUERIES, points.getShape().get(0));
        return () -> {
            try (NDManager scope = points.getManager().newSubManager()) {
                scoreSamples(points.get(scope, new NDIndex().addSliceDim(0, rows)))
                        .attach(scope);
            }
        };
    }

    /**
     * Log-density of each query point, in nats.
     *
     * @param x [m, d]
     * @return float64 [m], in the manager of x
     */
    @Override
    public NDArray scoreSamples(NDArray x) {
        return scoreSamples(x, done -> {});
    }

    /**
     * {@link #scoreSamples(NDArray)}, telling {@code progress} how many query points are done after
     * each block.
     */
    public NDArray scoreSamples(NDArray x, java.util.function.LongConsumer progress) {
        NDManager m = x.getManager();
        long queries = x.getShape().get(0);
        int chunk = (int) Math.max(1, Math.min(queries, BLOCK / n));
        NDList parts = new NDList();
        NDArray p = m.create(precisionCholesky, new Shape(d, d));
        for (long from = 0; from < queries; from += chunk) {
            long to = Math.min(queries, from + chunk);
            try (NDManager block = m.newSubManager()) {
                NDArray q = x.get(block, new NDIndex().addSliceDim(from, to))
                        .toType(DataType.FLOAT64, false)
                        .matMul(p);
                NDArray augmented = NDArrays.concat(
                                new NDList(
                                        q,
                                        block.ones(new Shape(to - from, 1), DataType.FLOAT64),
                                        q.square().sum(new int[] {1}, true).mul(-0.5)),
                                1)
                        .toType(DataType.FLOAT32, false);
                NDArray exponent = augmented.matMul(augmentedT); // [chunk, n] = -|q - y_i|^2 / 2
                NDArray max = exponent.max(new int[] {1}, true);
                // terms below e^-80 of the largest add nothing to a sum that holds a 1; clamping them
                // keeps exp out of float32's subnormal range, where it runs many times slower
                NDArray lse = exponent.subi(max)
                        .maximum(-80f)
                        .exp()
                        .sum(new int[] {1})
                        .log()
                        .add(max.squeeze(1));
                NDArray result = lse.toType(DataType.FLOAT64, false).add(logNormalizer);
                result.attach(m);
                parts.add(result);
            }
            progress.accept(to);
        }
        return NDArrays.concat(parts, 0);
    }

    /** @return mean log-density of the query points, nats */
    @Override
    public double score(NDArray x) {
        return score(x, done -> {});
    }

    /** {@link #score(NDArray)} with progress, as {@link #scoreSamples(NDArray, java.util.function.LongConsumer)}. */
    public double score(NDArray x, java.util.function.LongConsumer progress) {
        try (NDManager scratch = x.getManager().newSubManager()) {
            scratch.tempAttachAll(x);
            return scoreSamples(x, progress).mean().getDouble();
        }
    }

    /**
     * Draws points: a training point chosen uniformly, plus N(0, H) noise.
     *
     * @return float64 [count, d]
     */
    @Override
    public NDArray sample(NDManager manager, int count, Random random) {
        long[] picks = new long[count];
        for (int i = 0; i < count; i++) {
            picks[i] = (long) (random.nextDouble() * n);
        }
        NDArray chosen = points.get(manager, new NDIndex("{}", manager.create(picks)));
        NDArray noise = Draws.standardNormal(manager, random, count, d)
                .matMul(manager.create(kernelCholesky, new Shape(d, d)).transpose());
        return chosen.add(noise);
    }

    /** @return the bandwidth factor f */
    public double factor() {
        return factor;
    }

    /** @return the kernel covariance H = f^2 Sigma, d x d row-major */
    public double[] kernelCovariance() {
        double[] h = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 0;
                for (int k = 0; k <= j; k++) {
                    v += kernelCholesky[i * d + k] * kernelCholesky[j * d + k];
                }
                h[i * d + j] = v;
                h[j * d + i] = v;
            }
        }
        return h;
    }

    /** @return the dimension d */
    @Override
    public int dimension() {
        return d;
    }

    /** @return empty: the estimate keeps every training point */
    @Override
    public OptionalLong freeParameters() {
        return OptionalLong.empty();
    }

    /** Writes {@link #FILE} and {@link #POINTS_FILE}; loading refits with the same factor, exactly. */
    @Override
    public void save(Path folder) throws IOException {
        byte[] encoded = points.encode();
        AtomicFiles.write(folder.resolve(POINTS_FILE), out -> out.write(encoded));
        Json.write(folder.resolve(FILE), Map.of("bandwidth_factor", factor, "n", n, "dimension", d));
    }

    /** @return the estimate {@link #save} wrote into {@code folder} */
    public static KernelDensity load(Path folder, NDManager manager) throws IOException {
        Path file = folder.resolve(FILE);
        Path pointsFile = folder.resolve(POINTS_FILE);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(pointsFile)) {
            throw new UserError(folder + " holds no " + FILE + " and " + POINTS_FILE
                    + "; was it written by a complete fit-kde run of this version?");
        }
        double factor =
                Json.mapper().readTree(file.toFile()).path("bandwidth_factor").asDouble(Double.NaN);
        if (!(factor > 0)) {
            throw new UserError(file + " has no positive bandwidth_factor; refit with genmodels fit kde");
        }
        return fit(manager.decode(Files.readAllBytes(pointsFile)), factor);
    }
}

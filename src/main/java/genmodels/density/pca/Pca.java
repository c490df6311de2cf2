package genmodels.density.pca;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.engine.Linalg;
import genmodels.errors.UserError;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A fitted principal component analysis (Pearson 1901; Hotelling 1933): mean and covariance are
 * computed on the engine in float64, the symmetric eigendecomposition of the covariance by
 * libtorch's LAPACK ({@link Linalg#eigh}).
 * Explained variances are the eigenvalues of the unbiased covariance (1/(n-1)), as scikit-learn's
 * {@code explained_variance_}. Immutable; {@link #save} and {@link #load} make it reusable.
 */
public final class Pca {

    private static final int FORMAT = 0x50434131; // "PCA1"

    private final long nSamples;
    private final double[] mean;
    private final double[][] components;
    private final double[] explainedVariance;
    private final double totalVariance;

    private Pca(long nSamples, double[] mean, double[][] components, double[] explainedVariance) {
        this.nSamples = nSamples;
        this.mean = mean;
        this.components = components;
        this.explainedVariance = explainedVariance;
        double total = 0;
        for (double v : explainedVariance) {
            total += v;
        }
        this.totalVariance = total;
    }

    /**
     * Fits all components.
     *
     * @param x data, [n, d] (any float type), n >= 2
     * @return the fitted PCA, components sorted by decreasing explained variance, each with its
     *     largest-magnitude entry positive
     */
    public static Pca fit(NDArray x) {
        long n = x.getShape().get(0);
        int d = Math.toIntExact(x.getShape().get(1));
        if (n < 2) {
            throw new UserError("PCA needs at least 2 points, got " + n);
        }
        double[] mean;
        double[] eigen;
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray data = float64Copy(x);
            data.attach(scratch);
            NDArray mu = data.mean(new int[] {0});
            data.subi(mu); // centred in place: no second n x d copy
            mean = mu.toDoubleArray();
            double[] covariance = scatter(data);
            for (int i = 0; i < covariance.length; i++) {
                covariance[i] /= n - 1;
            }
            eigen = Linalg.eigh(scratch.create(covariance, new Shape(d, d)));
        }
        double[][] components = new double[d][];
        double[] explained = new double[d];
        for (int i = 0; i < d; i++) { // eigh gives ascending eigenvalues: take them from the end
            int column = d - 1 - i;
            double[] v = new double[d];
            for (int r = 0; r < d; r++) {
                v[r] = eigen[(r + 1) * d + column];
            }
            components[i] = signFixed(v);
            explained[i] = Math.max(0, eigen[column]);
        }
        return new Pca(n, mean, components, explained);
    }

    /** Rows of the points a {@link #timingKernel} multiplies. */
    static final long TIMING_ROWS = 8192;

    /**
     * A representative piece of {@link #fit}'s work, for choosing the thread count: the scatter
     * matrix (which dominates a fit) of the first {@value #TIMING_ROWS} points, centred once.
     *
     * @param x the points to be fitted, [n, d]
     * @param scope owns the slice; close it after timing
     */
    public static Runnable timingKernel(NDArray x, NDManager scope) {
        long rows = Math.min(TIMING_ROWS, x.getShape().get(0));
        NDArray slice = float64Copy(x.get(scope, new NDIndex().addSliceDim(0, rows)));
        slice.attach(scope);
        slice.subi(slice.mean(new int[] {0}));
        return () -> scatter(slice);
    }

    /**
     * @return a float64 copy of x that may be changed in place (DJL's {@code toType(FLOAT64, true)}
     *     returns x itself when it already is float64)
     */
    private static NDArray float64Copy(NDArray x) {
        return x.getDataType() == DataType.FLOAT64 ? x.duplicate() : x.toType(DataType.FLOAT64, false);
    }

    /** Column blocks of the scatter matrix: 4 above 256 dimensions, where it pays (see {@link #scatter}). */
    private static int scatterBlocks(int d) {
        return d >= 256 ? 4 : 1;
    }

    /**
     * The scatter matrix X^T X of centred data, by column blocks: only the blocks on and above the
     * diagonal are multiplied (B (B + 1) / 2 of B^2, 62.5% of the work for B = 4) and the rest is
     * filled in by symmetry. On the 60,000 x 784 MNIST pixels: 1.22 s instead of 1.82 s on one
     * thread here.
     *
     * @param centred float64 [n, d]
     * @return row-major [d * d]
     */
    static double[] scatter(NDArray centred) {
        int d = Math.toIntExact(centred.getShape().get(1));
        int blocks = scatterBlocks(d);
        int width = (d + blocks - 1) / blocks;
        double[] out = new double[d * d];
        try (NDManager scope = centred.getManager().newSubManager()) {
            for (int i = 0; i < blocks; i++) {
                for (int j = i; j < blocks; j++) {
                    int i0 = i * width;
                    int i1 = Math.min(d, i0 + width);
                    int j0 = j * width;
                    int j1 = Math.min(d, j0 + width);
                    NDArray left = centred.get(scope, new NDIndex().addAllDim().addSliceDim(i0, i1));
                    NDArray right = centred.get(scope, new NDIndex().addAllDim().addSliceDim(j0, j1));
                    NDArray product = left.transpose().matMul(right);
                    product.attach(scope);
                    double[] b = product.toDoubleArray();
                    int w = j1 - j0;
                    for (int r = 0; r < i1 - i0; r++) {
                        for (int c = 0; c < w; c++) {
                            out[(i0 + r) * d + j0 + c] = b[r * w + c];
                            out[(j0 + c) * d + i0 + r] = b[r * w + c];
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Makes the largest-magnitude entry positive, so results do not flip between runs. */
    private static double[] signFixed(double[] v) {
        int arg = 0;
        for (int i = 1; i < v.length; i++) {
            if (Math.abs(v[i]) > Math.abs(v[arg])) {
                arg = i;
            }
        }
        if (v[arg] < 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
        }
        return v;
    }

    /**
     * Projects onto the first {@code k} components: {@code (x - mean) W_k}, divided by the square
     * root of each component's variance when whitening.
     *
     * @param x [n, d]
     * @param k number of components
     * @param whiten scale each coordinate to unit variance
     * @return float64 [n, k] in the manager of x
     */
    public NDArray transform(NDArray x, int k, boolean whiten) {
        NDManager m = x.getManager();
        NDArray z = x.toType(DataType.FLOAT64, false)
                .sub(m.create(mean).reshape(1, dimension()))
                .matMul(componentMatrix(m, k));
        return whiten ? z.div(m.create(scales(k)).reshape(1, k)) : z;
    }

    /** @return {@link #transform(NDArray, int, boolean)} without whitening */
    public NDArray transform(NDArray x, int k) {
        return transform(x, k, false);
    }

    /**
     * Maps coordinates on the first k components back to the data space: {@code mean + z W_k^T}.
     *
     * @param z [n, k] (whitened if {@code whitened})
     * @param whitened whether z came from a whitening transform
     * @return float64 [n, d] in the manager of z
     */
    public NDArray inverseTransform(NDArray z, boolean whitened) {
        NDManager m = z.getManager();
        int k = Math.toIntExact(z.getShape().get(1));
        NDArray coordinates = z.toType(DataType.FLOAT64, false);
        if (whitened) {
            coordinates = coordinates.mul(m.create(scales(k)).reshape(1, k));
        }
        return coordinates
                .matMul(componentMatrix(m, k).transpose())
                .add(m.create(mean).reshape(1, dimension()));
    }

    /** @return the square roots of the first k explained variances (floored to avoid division by 0) */
    private double[] scales(int k) {
        double[] s = new double[k];
        for (int j = 0; j < k; j++) {
            s[j] = Math.sqrt(Math.max(explainedVariance[j], 1e-300));
        }
        return s;
    }

    /** @return [d, k] float64, the first k components as columns */
    NDArray componentMatrix(NDManager m, int k) {
        int d = dimension();
        double[] w = new double[d * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                w[i * k + j] = components[j][i];
            }
        }
        return m.create(w, new Shape(d, k));
    }

    /**
     * Mean squared error per dimension of the reconstructions of x from its first k components,
     * for every k = 1..d at once: with orthonormal components, |x - x_k|^2 = |x - mean|^2 -
     * sum_{j<=k} z_j^2 (Pythagoras), so one projection on all components suffices.
     *
     * @param x [n, d]
     * @return [d]: entry k-1 is the error with k components (0 at k = d, up to rounding)
     */
    public double[] reconstructionErrorByK(NDArray x) {
        int d = dimension();
        try (NDManager scratch = x.getManager().newSubManager()) {
            scratch.tempAttachAll(x);
            NDArray z = transform(x, d);
            NDArray total = x.toType(DataType.FLOAT64, false)
                    .sub(scratch.create(mean).reshape(1, d))
                    .square()
                    .sum(new int[] {1}, true); // [n, 1]
            double[] remaining = total.sub(z.square().cumSum(1))
                    .maximum(0.0)
                    .mean(new int[] {0})
                    .toDoubleArray();
            for (int k = 0; k < d; k++) {
                remaining[k] /= d;
            }
            return remaining;
        }
    }

    /** @return variance along each component (eigenvalues of the unbiased covariance), decreasing */
    public double[] explainedVariance() {
        return explainedVariance.clone();
    }

    /** @return each component's share of the total variance */
    public double[] explainedVarianceRatio() {
        double[] ratio = new double[explainedVariance.length];
        for (int i = 0; i < ratio.length; i++) {
            ratio[i] = totalVariance > 0 ? explainedVariance[i] / totalVariance : 0;
        }
        return ratio;
    }

    /** @return the k-th principal axis (0-based), a unit vector of length d */
    public double[] component(int k) {
        return components[k].clone();
    }

    /** @return the data mean, length d */
    public double[] mean() {
        return mean.clone();
    }

    /** @return the data dimension d */
    public int dimension() {
        return mean.length;
    }

    /** @return how many points it was fitted on */
    public long nSamples() {
        return nSamples;
    }

    /** Writes the fitted PCA (binary: format, n, d, mean, explained variances, components). */
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out));
        data.writeInt(FORMAT);
        data.writeLong(nSamples);
        data.writeInt(dimension());
        for (double v : mean) {
            data.writeDouble(v);
        }
        for (double v : explainedVariance) {
            data.writeDouble(v);
        }
        for (double[] c : components) {
            for (double v : c) {
                data.writeDouble(v);
            }
        }
        data.flush();
    }

    /**
     * Reads a PCA written by {@link #save}.
     *
     * @param in the stream
     * @param source named in errors
     * @throws UserError if the stream is not a saved PCA or is truncated
     */
    public static Pca load(InputStream in, String source) {
        try {
            DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in));
            if (data.readInt() != FORMAT) {
                throw new UserError(source + " is not a PCA saved by genmodels pca");
            }
            long n = data.readLong();
            int d = data.readInt();
            if (d < 1 || d > 1_000_000) {
                throw new UserError(source + " is corrupt (dimension " + d + ")");
            }
            double[] mean = new double[d];
            double[] variance = new double[d];
            double[][] components = new double[d][d];
            for (int i = 0; i < d; i++) {
                mean[i] = data.readDouble();
            }
            for (int i = 0; i < d; i++) {
                variance[i] = data.readDouble();
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    components[i][j] = data.readDouble();
                }
            }
            return new Pca(n, mean, components, variance);
        } catch (java.io.EOFException e) {
            throw new UserError(source + " is truncated; run genmodels pca again", e);
        } catch (IOException e) {
            throw new UserError("cannot read " + source + ": " + e.getMessage(), e);
        }
    }
}

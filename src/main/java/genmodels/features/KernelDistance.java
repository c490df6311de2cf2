package genmodels.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import genmodels.engine.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The kernel distance of Bińkowski et al. (ICLR 2018, "Demystifying MMD GANs", eq. 3 and sec. 4):
 * the unbiased estimate of the squared maximum mean discrepancy between two feature sets with the
 * cubic polynomial kernel k(x, y) = (x.y / D + 1)^3, averaged over random subsets. Called KID when
 * the features are the FID Inception's. Computed as torchmetrics' {@code KernelInceptionDistance}
 * does it (same kernel, estimator and defaults: 100 subsets of 1,000, each drawn without
 * replacement from each set independently), in float64.
 */
public final class KernelDistance {

    /** Subsets averaged over by default. */
    public static final int DEFAULT_SUBSETS = 100;

    /** Images per subset by default. */
    public static final int DEFAULT_SUBSET_SIZE = 1000;

    private KernelDistance() {}

    /**
     * @param mean the mean over subsets of the unbiased MMD^2 estimate (squared feature-kernel units)
     * @param std the standard deviation over subsets (population form, as torchmetrics reports it)
     * @param subsets how many subsets
     * @param subsetSize images per subset, from each set
     */
    public record Result(double mean, double std, int subsets, int subsetSize) {}

    /**
     * @param real [n, D] features, n >= subsetSize
     * @param generated [m, D] features, m >= subsetSize
     * @param seed seeds the subsets
     */
    public static Result of(NDArray real, NDArray generated, int subsets, int subsetSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[subsets];
        try (NDManager scratch = real.getManager().newSubManager()) {
            NDArray x = real.toType(DataType.FLOAT64, true);
            NDArray y = generated.toType(DataType.FLOAT64, true);
            x.attach(scratch);
            y.attach(scratch);
            for (int s = 0; s < subsets; s++) {
                try (NDManager step = scratch.newSubManager()) {
                    NDArray xs = subset(x, subsetSize, random, step);
                    NDArray ys = subset(y, subsetSize, random, step);
                    values[s] = unbiasedMmd(xs, ys);
                }
            }
        }
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double variance =
                Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / subsets;
        return new Result(mean, Math.sqrt(variance), subsets, subsetSize);
    }

    private static NDArray subset(NDArray x, int size, SplittableRandom random, NDManager m) {
        int[] order = Seeds.permutation((int) x.getShape().get(0), random);
        long[] picks = new long[size];
        for (int i = 0; i < size; i++) {
            picks[i] = order[i];
        }
        return x.get(m, new NDIndex("{}", m.create(picks)));
    }

    /**
     * The unbiased MMD^2 estimate (Bińkowski et al. 2018, eq. 3; Gretton et al. 2012, eq. 3):
     * sum_{i != j} k(x_i, x_j) / (m (m - 1)) + sum_{i != j} k(y_i, y_j) / (m (m - 1)) - 2 sum_{i, j}
     * k(x_i, y_j) / m^2, for two sets of m rows each.
     */
    static double unbiasedMmd(NDArray x, NDArray y) {
        long m = x.getShape().get(0);
        double xx = kernel(x, x).sum().getDouble() - diagonalSum(x);
        double yy = kernel(y, y).sum().getDouble() - diagonalSum(y);
        double xy = kernel(x, y).sum().getDouble();
        return (xx + yy) / (m * (m - 1.0)) - 2 * xy / ((double) m * m);
    }

    /** @return the cubic polynomial kernel matrix (a b^T / D + 1)^3 */
    static NDArray kernel(NDArray a, NDArray b) {
        double d = a.getShape().get(1);
        return a.matMul(b.transpose()).div(d).add(1).pow(3);
    }

    /** @return sum_i k(x_i, x_i) = sum_i (|x_i|^2 / D + 1)^3 */
    private static double diagonalSum(NDArray x) {
        double d = x.getShape().get(1);
        return x.mul(x).sum(new int[] {1}).div(d).add(1).pow(3).sum().getDouble();
    }
}

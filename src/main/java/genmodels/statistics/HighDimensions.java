package genmodels.statistics;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Two measurements of the curse of dimensionality on uniform points in the unit cube [0, 1]^d: how
 * many histogram cells stay empty, and how close the nearest and the farthest neighbour become
 * (Beyer et al. 1999, "When is nearest neighbor meaningful?").
 */
public final class HighDimensions {

    private HighDimensions() {}

    /** @return n points uniform in [0, 1]^d, row-major [n][d], from the seed */
    public static double[][] uniform(int n, int d, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextDouble();
            }
        }
        return x;
    }

    /**
     * The share of the b^d cells of a histogram with b bins per axis that hold none of the points.
     *
     * @param x points in [0, 1]^d
     * @param bins b, bins per axis
     * @return the empty share, in [0, 1]
     */
    public static double emptyCellShare(double[][] x, int bins) {
        int d = x[0].length;
        double cells = Math.pow(bins, d);
        Set<String> occupied = new HashSet<>();
        for (double[] p : x) {
            StringBuilder key = new StringBuilder();
            for (double v : p) {
                key.append(Math.min(bins - 1, (int) Math.floor(v * bins))).append(',');
            }
            occupied.add(key.toString());
        }
        return 1 - occupied.size() / cells;
    }

    /**
     * The expected empty share: each cell, of probability b^-d, is missed by all n independent points
     * with probability (1 - b^-d)^n.
     */
    public static double expectedEmptyShare(int n, int d, int bins) {
        return Math.exp(n * Math.log1p(-Math.pow(bins, -d)));
    }

    /**
     * The relative contrast (d_max - d_min) / d_min of the Euclidean distances from each of the first
     * {@code queries} points to all the other points, averaged over the queries. It tends to 0 as the
     * dimension grows: every point becomes about as far as every other.
     */
    public static double relativeContrast(double[][] x, int queries) {
        double sum = 0;
        for (int q = 0; q < queries; q++) {
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (int i = 0; i < x.length; i++) {
                if (i != q) {
                    double dist = Math.sqrt(squaredDistance(x[q], x[i]));
                    min = Math.min(min, dist);
                    max = Math.max(max, dist);
                }
            }
            sum += (max - min) / min;
        }
        return sum / queries;
    }

    /** @return the distances from each of the first {@code queries} points to all others, over their mean */
    public static double[] normalisedDistances(double[][] x, int queries) {
        double[] out = new double[queries * (x.length - 1)];
        int k = 0;
        double sum = 0;
        for (int q = 0; q < queries; q++) {
            for (int i = 0; i < x.length; i++) {
                if (i != q) {
                    out[k] = Math.sqrt(squaredDistance(x[q], x[i]));
                    sum += out[k++];
                }
            }
        }
        double mean = sum / out.length;
        for (int i = 0; i < out.length; i++) {
            out[i] /= mean;
        }
        return out;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double diff = a[j] - b[j];
            s += diff * diff;
        }
        return s;
    }
}

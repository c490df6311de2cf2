package genmodels.density.gmm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;

/** Initial responsibilities for EM, as scikit-learn's GaussianMixture makes them. */
final class Initialization {

    private static final int LLOYD_ITERATIONS = 100;

    private Initialization() {}

    /**
     * @param x float64 [n, d]
     * @param k components
     * @param method {@code kmeans++}, {@code random} or {@code random_from_data}
     * @param random the restart's generator
     * @return float64 [n, k], rows summing to 1 (or, for random_from_data, K rows with a single 1)
     */
    static NDArray responsibilities(NDArray x, int k, String method, Random random) {
        NDManager m = x.getManager();
        int n = Math.toIntExact(x.getShape().get(0));
        switch (method) {
            case "random": {
                double[] r = new double[n * k];
                for (int i = 0; i < n; i++) {
                    double sum = 0;
                    for (int c = 0; c < k; c++) {
                        r[i * k + c] = random.nextDouble();
                        sum += r[i * k + c];
                    }
                    for (int c = 0; c < k; c++) {
                        r[i * k + c] /= sum;
                    }
                }
                return m.create(r, new Shape(n, k));
            }
            case "random_from_data": {
                double[] r = new double[n * k];
                int[] picks = distinct(n, k, random);
                for (int c = 0; c < k; c++) {
                    r[picks[c] * k + c] = 1;
                }
                return m.create(r, new Shape(n, k));
            }
            default:
                return oneHot(m, kMeans(x, k, random), k);
        }
    }

    /**
     * Greedy k-means++ seeding (Arthur &amp; Vassilvitskii 2007, with the 2 + ln K candidates per
     * centre that scikit-learn's KMeans draws, keeping the one that most lowers the sum of squared
     * distances to the nearest centre), then Lloyd's iterations until no assignment changes.
     *
     * @return the cluster of each point, [n]
     */
    static int[] kMeans(NDArray x, int k, Random random) {
        return lloyd(x, seeding(x, k, random), k);
    }

    /** @return K centres chosen by greedy k-means++, [k * d] row-major */
    private static double[] seeding(NDArray x, int k, Random random) {
        NDManager m = x.getManager();
        int n = Math.toIntExact(x.getShape().get(0));
        int d = Math.toIntExact(x.getShape().get(1));
        int trials = 2 + (int) Math.log(k);
        double[] data = x.toDoubleArray();
        double[] centres = new double[k * d];
        System.arraycopy(data, random.nextInt(n) * d, centres, 0, d);
        double[] nearest = distances(x, Arrays.copyOf(centres, d), 1, m);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double v : nearest) {
                total += v;
            }
            double[] candidateCentres = new double[trials * d];
            for (int t = 0; t < trials; t++) {
                int pick = total > 0 ? proportionalPick(nearest, total, random) : random.nextInt(n);
                System.arraycopy(data, pick * d, candidateCentres, t * d, d);
            }
            double[] distances = distances(x, candidateCentres, trials, m);
            int best = 0;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                double potential = 0;
                for (int i = 0; i < n; i++) {
                    potential += Math.min(nearest[i], distances[i * trials + t]);
                }
                if (potential < bestPotential) {
                    bestPotential = potential;
                    best = t;
                }
            }
            System.arraycopy(candidateCentres, best * d, centres, c * d, d);
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], distances[i * trials + best]);
            }
        }
        return centres;
    }

    /** @return squared distances of every point to each of {@code count} centres, [n * count] row-major */
    private static double[] distances(NDArray x, double[] centres, int count, NDManager m) {
        try (NDManager step = m.newSubManager()) {
            step.tempAttachAll(x);
            int d = Math.toIntExact(x.getShape().get(1));
            return squaredDistances(x, step.create(centres, new Shape(count, d)))
                    .toDoubleArray();
        }
    }

    /** Lloyd's iterations from {@code centres} until no assignment changes; returns the clusters. */
    private static int[] lloyd(NDArray x, double[] centres, int k) {
        NDManager m = x.getManager();
        int n = Math.toIntExact(x.getShape().get(0));
        int d = Math.toIntExact(x.getShape().get(1));
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        for (int iteration = 0; iteration < LLOYD_ITERATIONS; iteration++) {
            int[] assigned;
            double[] counts;
            double[] sums;
            try (NDManager step = m.newSubManager()) {
                step.tempAttachAll(x);
                NDArray nearestCentre = squaredDistances(x, step.create(centres, new Shape(k, d)))
                        .argMin(1); // int64
                assigned = nearestCentre.toType(DataType.INT32, false).toIntArray();
                if (Arrays.equals(assigned, labels)) {
                    break;
                }
                // one-hot assignments built on the engine: [n, 1] == [1, k]
                NDArray onehot = nearestCentre
                        .expandDims(1)
                        .eq(step.arange(0, k, 1, DataType.INT64).expandDims(0))
                        .toType(x.getDataType(), false);
                counts = onehot.sum(new int[] {0}).toDoubleArray();
                sums = onehot.transpose().matMul(x).toDoubleArray();
            }
            labels = assigned;
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) { // an empty cluster keeps its centre
                    for (int j = 0; j < d; j++) {
                        centres[c * d + j] = sums[c * d + j] / counts[c];
                    }
                }
            }
        }
        return labels;
    }

    /** Draws index i with probability weights[i] / total. */
    private static int proportionalPick(double[] weights, double total, Random random) {
        double u = random.nextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < weights.length - 1; i++) {
            cumulative += weights[i];
            if (cumulative >= u) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** @return [n, c], squared Euclidean distances |x|^2 - 2 x.c + |c|^2, clipped at 0 */
    static NDArray squaredDistances(NDArray x, NDArray centres) {
        NDManager m = x.getManager();
        NDArray xx = x.square().sum(new int[] {1}, true);
        NDArray cc = centres.square().sum(new int[] {1}).expandDims(0);
        return xx.sub(x.matMul(centres.transpose()).mul(m.create(2.0))).add(cc).maximum(0.0);
    }

    static NDArray oneHot(NDManager m, int[] labels, int k) {
        double[] r = new double[labels.length * k];
        for (int i = 0; i < labels.length; i++) {
            r[i * k + labels[i]] = 1;
        }
        return m.create(r, new Shape(labels.length, k));
    }

    private static int[] distinct(int n, int k, Random random) {
        java.util.LinkedHashSet<Integer> picks = new java.util.LinkedHashSet<>();
        while (picks.size() < k) {
            picks.add(random.nextInt(n));
        }
        return picks.stream().mapToInt(Integer::intValue).toArray();
    }
}

package genmodels.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import genmodels.models.swae.SlicedWassersteinAutoencoder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlicedDistanceTest {

    /** Every matching of a to b, by brute force: the sorted one must be the cheapest (1-D optimal transport). */
    private static double cheapestMatching(double[] a, double[] b, int[] order, int k) {
        if (k == order.length) {
            double cost = 0;
            for (int i = 0; i < a.length; i++) {
                cost += (a[i] - b[order[i]]) * (a[i] - b[order[i]]);
            }
            return cost / a.length;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = k; i < order.length; i++) {
            int t = order[k];
            order[k] = order[i];
            order[i] = t;
            best = Math.min(best, cheapestMatching(a, b, order, k + 1));
            order[i] = order[k];
            order[k] = t;
        }
        return best;
    }

    @Test
    void theSortedMatchingIsTheCheapestOfAllMatchings() {
        Random random = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            double[] a = new double[6];
            double[] b = new double[6];
            for (int i = 0; i < 6; i++) {
                a[i] = random.nextGaussian();
                b[i] = 2 * random.nextDouble() - 0.5;
            }
            double brute = cheapestMatching(a, b, new int[] {0, 1, 2, 3, 4, 5}, 0);
            assertEquals(brute, SlicedDistance.squaredW2(a, b), 1e-12, "trial " + trial);
        }
    }

    @Test
    void aShiftBySOverEvenlySpacedDirectionsGivesHalfItsSquaredLengthIn2d() {
        // W2^2 of X and X + m on direction theta is (theta . m)^2; the mean of cos^2 over L >= 3
        // equally spaced angles in [0, pi) is exactly 1/2, so SW2^2 = |m|^2 / 2
        Random random = new Random(2);
        double[][] x = new double[40][];
        double[][] shifted = new double[40][];
        double[] m = {0.3, -0.4};
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {random.nextGaussian(), random.nextGaussian()};
            shifted[i] = new double[] {x[i][0] + m[0], x[i][1] + m[1]};
        }
        int count = 7;
        double[][] directions = new double[count][];
        for (int l = 0; l < count; l++) {
            double angle = 0.3 + l * Math.PI / count;
            directions[l] = new double[] {Math.cos(angle), Math.sin(angle)};
        }
        assertEquals(0.25 / 2, SlicedDistance.squared(x, shifted, directions), 1e-12);
        assertEquals(0, SlicedDistance.squared(x, x, directions), 0);
        // the mean of roots is |m| times the mean of |cos|, below the root of the mean of squares
        double meanAbsCos = 0;
        for (double[] t : directions) {
            meanAbsCos += Math.abs(t[0] * m[0] + t[1] * m[1]) / 0.5 / count;
        }
        assertEquals(0.5 * meanAbsCos, SlicedDistance.meanSqrt(x, shifted, directions), 1e-12);
        assertTrue(SlicedDistance.meanSqrt(x, shifted, directions) < Math.sqrt(0.125));
    }

    @Test
    void theStepByStepDistanceIsTheOneTheSwaeTrainsWith() {
        Random random = new Random(9);
        double[][] x = new double[50][];
        double[][] y = new double[50][];
        float[] fx = new float[100];
        float[] fy = new float[100];
        for (int i = 0; i < 50; i++) {
            x[i] = new double[] {(float) random.nextGaussian(), (float) random.nextGaussian()};
            y[i] = new double[] {(float) random.nextDouble(), (float) random.nextDouble()};
            for (int j = 0; j < 2; j++) {
                fx[2 * i + j] = (float) x[i][j];
                fy[2 * i + j] = (float) y[i][j];
            }
        }
        double[][] directions = SlicedDistance.randomDirections(20, 2, random);
        float[] fd = new float[40];
        for (int l = 0; l < 20; l++) {
            directions[l] = new double[] {(float) directions[l][0], (float) directions[l][1]};
            fd[l] = (float) directions[l][0];
            fd[20 + l] = (float) directions[l][1];
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray codes = m.create(fx, new Shape(50, 2));
            NDArray samples = m.create(fy, new Shape(50, 2));
            NDArray d = m.create(fd, new Shape(2, 20));
            assertEquals(
                    SlicedDistance.squared(x, y, directions),
                    SlicedWassersteinAutoencoder.slicedWasserstein2(codes, samples, d)
                            .getFloat(),
                    1e-5);
            assertEquals(
                    SlicedDistance.meanSqrt(x, y, directions),
                    SlicedWassersteinAutoencoder.meanSlicedWasserstein(codes, samples, d)
                            .getFloat(),
                    1e-5);
        }
    }

    @Test
    void randomDirectionsAreUnitVectors() {
        for (double[] t : SlicedDistance.randomDirections(100, 5, new Random(1))) {
            double norm = 0;
            for (double v : t) {
                norm += v * v;
            }
            assertEquals(1, norm, 1e-12);
        }
    }
}

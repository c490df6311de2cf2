package genmodels.density.kde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KernelDensityTest {

    @Test
    void aOneDimensionalDensityIntegratesToOne() {
        Random r = new Random(1);
        double[] points = new double[300];
        for (int i = 0; i < points.length; i++) {
            points[i] = i % 3 == 0 ? -3 + 0.5 * r.nextGaussian() : 2 + r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            KernelDensity kde = KernelDensity.fit(m.create(points, new Shape(300, 1)), KernelDensity.scott(300, 1));
            int steps = 20_001;
            double a = -12;
            double b = 12;
            double[] grid = new double[steps];
            for (int i = 0; i < steps; i++) {
                grid[i] = a + (b - a) * i / (steps - 1);
            }
            double[] logp =
                    kde.scoreSamples(m.create(grid, new Shape(steps, 1))).toDoubleArray();
            double integral = 0;
            for (int i = 0; i + 1 < steps; i++) {
                integral += 0.5 * (Math.exp(logp[i]) + Math.exp(logp[i + 1])) * (b - a) / (steps - 1);
            }
            assertEquals(1.0, integral, 1e-4);
        }
    }

    @Test
    void chunkedScoringEqualsTheDirectSumForAFullCovarianceKernel() {
        int n = 3000; // BLOCK / n rows per chunk: several chunks for 5,000 queries
        int q = 5000;
        Random r = new Random(2);
        double[] train = new double[n * 2];
        for (int i = 0; i < n; i++) {
            double u = r.nextGaussian();
            train[2 * i] = 2 * u;
            train[2 * i + 1] = u + 0.5 * r.nextGaussian(); // correlated: the kernel is not diagonal
        }
        double[] queries = new double[q * 2];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = 3 * r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            double factor = KernelDensity.silverman(n, 2);
            KernelDensity kde = KernelDensity.fit(m.create(train, new Shape(n, 2)), factor);
            double[] h = kde.kernelCovariance();
            double det = h[0] * h[3] - h[1] * h[2];
            double[] inv = {h[3] / det, -h[1] / det, -h[2] / det, h[0] / det};
            double[] scores =
                    kde.scoreSamples(m.create(queries, new Shape(q, 2))).toDoubleArray();
            for (int t = 0; t < q; t += 499) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    double dx = queries[2 * t] - train[2 * i];
                    double dy = queries[2 * t + 1] - train[2 * i + 1];
                    double quad = dx * dx * inv[0] + 2 * dx * dy * inv[1] + dy * dy * inv[3];
                    sum += Math.exp(-0.5 * quad);
                }
                double expected = Math.log(sum / n) - 0.5 * Math.log(4 * Math.PI * Math.PI * det);
                assertEquals(expected, scores[t], 1e-4, "query " + t);
            }
        }
    }

    @Test
    void bandwidthRulesFollowScottAndSilverman() {
        assertEquals(Math.pow(60000, -1.0 / 6), KernelDensity.scott(60000, 2), 1e-15);
        assertEquals(Math.pow(60000 * 4 / 4.0, -1.0 / 6), KernelDensity.silverman(60000, 2), 1e-15);
        assertEquals(Math.pow(100 * 3 / 4.0, -1.0 / 5), KernelDensity.silverman(100, 1), 1e-15);
    }

    @Test
    void samplesSpreadAroundTheTrainingPointsByTheKernel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray single = m.create(new double[] {5, 5, 5, 5, -5, -5, -5, -5}, new Shape(4, 2));
            KernelDensity kde =
                    KernelDensity.fit(m.create(new double[] {0, 0, 2, 0, 0, 2, 2, 2}, new Shape(4, 2)), 0.5);
            Engine.getInstance().setRandomSeed(3);
            NDArray s = kde.sample(m, 20_000, new Random(3));
            double[] mean = s.mean(new int[] {0}).toDoubleArray();
            assertEquals(1.0, mean[0], 0.03);
            assertEquals(1.0, mean[1], 0.03);
            assertTrue(kde.score(single) < kde.score(m.create(new double[] {1, 1}, new Shape(1, 2))));
        }
    }
}
